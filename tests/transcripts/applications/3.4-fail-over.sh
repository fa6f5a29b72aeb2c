vserver v1 build
sed -e 's/IPROOT=1.2.3.4/IPROOT=192.168.1.10/' -e 's/S_HOSTNAME=$/S_HOSTNAME=v1/' /etc/vservers/v1.conf > /tmp/v1.conf
cp /tmp/v1.conf /etc/vservers/v1.conf
vserver v1 chkconfig --level 3 httpd on
echo 'Welcome to v1' > /vservers/v1/var/www/html/index.html
ifconfig eth0:v1 192.168.1.10 netmask 255.255.255.0
chbind --ip eth0 /etc/rc.d/init.d/httpd restart
vserver v1 start
wget -q -O - http://192.168.1.10/
vserver v1 stop
#> open root@backup
nc -l -p 9000 | tar xf - -C /
#> term 1
ifconfig eth0:v1 down
tar cf - /etc/vservers/v1.conf /vservers/v1 | nc 192.168.1.2 9000
#> term 2
ls /vservers/v1
ifconfig eth0:v1 192.168.1.10 netmask 255.255.255.0
chbind --ip eth0 /etc/rc.d/init.d/httpd restart
vserver v1 start
vps ax
#> term 1
wget -q -O - http://192.168.1.10/
vps ax
vserver v1 running
#> term 2
tail -1 /vservers/v1/var/log/httpd/access_log
