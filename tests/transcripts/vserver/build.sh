vserver
vserver v1 build
ls -ld /vservers /etc/vservers
ls -l /vservers/v1 /vservers/v1/dev
cat /vservers/v1/etc/fstab /vservers/v1/etc/mtab
ls /vservers/v1/etc/rc.d/rc3.d /vservers/v1/var/run /vservers/v1/var/lock/subsys
cat /etc/vservers/v1.conf
vserver v1 build
vserver v2 start
