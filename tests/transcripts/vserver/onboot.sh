service httpd stop; chkconfig httpd off; chkconfig v_httpd on; service v_httpd start
vserver --silent web build
vserver --silent mail build
vserver --silent test build
vserver web chkconfig --level 3 httpd on
vserver mail chkconfig --level 3 crond on
echo ONBOOT=yes >> /etc/vservers/web.conf
echo ONBOOT=yes >> /etc/vservers/mail.conf
echo PRIORITY=50 >> /etc/vservers/mail.conf
sed -e 's/1.2.3.4/192.168.1.21/' -e 's/^#IPROOTDEV/IPROOTDEV/' /etc/vservers/web.conf > /tmp/c; cp /tmp/c /etc/vservers/web.conf
sed -e 's/1.2.3.4/192.168.1.22/' -e 's/^#IPROOTDEV/IPROOTDEV/' /etc/vservers/mail.conf > /tmp/c; cp /tmp/c /etc/vservers/mail.conf
chkconfig --list vservers
chkconfig vservers on
service vservers status
service vservers start
vserver-stat
service vservers status
ls /var/lock/subsys
service vservers reload
wget -q -O - http://192.168.1.21/ | grep title
vserver --silent web stop > /dev/null
sleep 4
service vservers stop
sleep 4
service vservers status
