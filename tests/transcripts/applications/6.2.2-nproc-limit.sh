ulimit -u 5
chcontext --flag nproc sh
for i in 1 2 3 4 5; do sleep 100 & done
kill %1
ps ax
grep ctxflags /proc/self/status
exit
vserver-stat
