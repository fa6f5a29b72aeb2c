#> kernel later
grep __NR /proc/self/status
chcontext --secure sh
ls /proc/self/fd
#> open root
setctxlimit --ctx 2 -n 9
#> term 1
sleep 100 &
grep root /etc/passwd
kill %1
grep root /etc/passwd
setctxlimit -n 100
setctxlimit -n 6
grep root /etc/passwd
exit
setctxlimit -n 100
setctxlimit
