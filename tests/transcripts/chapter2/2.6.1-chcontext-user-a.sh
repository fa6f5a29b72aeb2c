# user: user
xterm &
pstree
/usr/sbin/chcontext /bin/sh
pstree
ps ax
killall xterm
exit
pstree
killall xterm
