# user: user
ls -ld /vservers
ls /vservers
cd /vservers
/usr/sbin/chroot /tmp /bin/sh
cat /proc/1/environ
mount -t tmpfs none /tmp
