# user: user
/usr/sbin/chcontext /bin/sh
pstree
xterm &
pstree
/usr/sbin/chcontext /bin/sh
pstree
killall xterm
exit
pstree
killall xterm
pstree
exit
