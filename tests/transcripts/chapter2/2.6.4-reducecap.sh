# user: user
grep Cap /proc/self/status
/usr/sbin/reducecap --secure /bin/sh
grep Cap /proc/self/status
su
root
grep Cap /proc/self/status
tail -3 /var/log/messages
/sbin/ifconfig eth0
/sbin/ifconfig eth0 down
exit
exit
