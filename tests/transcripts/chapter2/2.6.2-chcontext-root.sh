/usr/sbin/chcontext xterm &
ps ax | grep xterm
grep ^s_context /proc/self/status
/usr/sbin/chcontext --ctx 1 ps ax | grep xterm
vps ax | grep xterm
/usr/sbin/chcontext --ctx 1 killall xterm
/usr/sbin/chcontext --ctx 1 grep ^s_context /proc/$!/status
/usr/sbin/chcontext --ctx 2 killall xterm
vps ax | grep xterm
