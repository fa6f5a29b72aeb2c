mkdir -p /vservers/a/bin /vservers/a/etc /vservers/a/proc
cp /bin/sh /bin/ls /bin/cat /vservers/a/bin
echo 'Welcome to vserver a' > /vservers/a/etc/issue
ls -ld /vservers
chroot /vservers/a /bin/sh -c 'cd /../..; ls /; cat /etc/issue'
mount -t proc none /vservers/a/proc
chroot /vservers/a /bin/ls -l /proc/self/root
chroot /vservers/a /bin/sh -c 'cd /proc/1/root'
chroot /vservers/a /bin/cat /proc/mounts
umount /vservers/a/proc
