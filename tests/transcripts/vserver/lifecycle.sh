vserver v1 build
chroot /vservers/v1 /sbin/chkconfig --level 3 syslog on
chroot /vservers/v1 /sbin/chkconfig --level 3 crond on
sed -e 's/^# Description: .*/# Description: Test server/' -e 's/S_HOSTNAME=$/S_HOSTNAME=v1.test/' /etc/vservers/v1.conf > /tmp/v1.conf
cp /tmp/v1.conf /etc/vservers/v1.conf
grep -n 'Description\|S_HOSTNAME=' /etc/vservers/v1.conf
vserver v1 running
vserver v1 start
vserver v1 running
vserver v1 status
cat /var/run/vservers/v1.ctx
vserver-stat
vps ax
vserver v1 enter
hostname
ps ax
exit
vserver v1 exec cat /etc/PROFILE
vserver v1 stop
vserver v1 running
vserver v1 status
vps ax
