df
mount -t tmpfs -o size=1m none /mnt
cat /proc/mounts
cd /mnt
umount /mnt
cd /
umount /mnt
mount -t nfs server:/export /mnt
mount --bind /etc /mnt
ls -di /etc /mnt
cat /proc/mounts
umount /mnt
rmdir /proc
ln /etc/passwd /dev/shm/passwd
