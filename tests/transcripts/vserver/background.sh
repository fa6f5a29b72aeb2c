vserver --silent web build
vserver --silent mail build
vserver web chkconfig --level 3 crond on
vserver mail chkconfig --level 3 crond on
echo ONBOOT=yes >> /etc/vservers/web.conf
echo ONBOOT=yes >> /etc/vservers/mail.conf
echo PRIORITY=50 >> /etc/vservers/mail.conf
sed -e 's/1.2.3.4/192.168.1.21/' -e 's/^#IPROOTDEV/IPROOTDEV/' /etc/vservers/web.conf > /tmp/c; cp /tmp/c /etc/vservers/web.conf
sed -e 's/1.2.3.4/192.168.1.22/' /etc/vservers/mail.conf > /tmp/c; cp /tmp/c /etc/vservers/mail.conf
cat /etc/vservers.conf
sed -e 's/^BACKGROUND=no/BACKGROUND=yes/' /etc/vservers.conf > /tmp/c; cp /tmp/c /etc/vservers.conf
service vservers start
sleep 4
vserver-stat
cat /var/log/boot.log
service vservers status
ifconfig eth0:web
