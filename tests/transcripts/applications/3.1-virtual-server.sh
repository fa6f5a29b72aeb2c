vserver v1 build
sed -e 's/IPROOT=1.2.3.4/IPROOT=192.168.1.10/' -e 's/S_HOSTNAME=$/S_HOSTNAME=v1/' /etc/vservers/v1.conf > /tmp/v1.conf
cp /tmp/v1.conf /etc/vservers/v1.conf
vserver v1 chkconfig --level 3 httpd on
vserver v1 chkconfig --level 3 xinetd on
ifconfig eth0:v1 192.168.1.10 netmask 255.255.255.0
chbind --ip eth0 /etc/rc.d/init.d/httpd restart
chbind --ip eth0 /etc/rc.d/init.d/xinetd restart
vserver v1 start
netstat -atn
vserver v1 enter
hostname
ps ax
netstat -atn
useradd alice
passwd alice
alice1
alice1
chkconfig --list httpd
echo 'Welcome to v1' > /var/www/html/index.html
/etc/rc.d/init.d/httpd restart
ifconfig eth0:x 192.168.1.50
ifconfig eth0 down
mount -t proc none /tmp
exit
wget -q -O - http://192.168.1.10/
wget -q -O - http://192.168.1.1/ | head -3
telnet 192.168.1.10
alice
alice1
hostname
id
tail -1 /var/log/httpd/access_log
exit
grep alice /etc/passwd
