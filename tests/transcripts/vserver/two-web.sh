netstat -atn | grep :80
service httpd stop
chkconfig httpd off
chkconfig v_httpd on
chkconfig --list | grep httpd
service v_httpd start
netstat -atn | grep :80
cat /etc/rc.d/init.d/v_httpd | tail -1
vserver --silent v1 build
vserver --silent v2 build
sed -e 's/IPROOT=1.2.3.4/IPROOT=192.168.1.11/' -e 's/^#IPROOTDEV=eth0/IPROOTDEV=eth0/' /etc/vservers/v1.conf > /tmp/conf; cp /tmp/conf /etc/vservers/v1.conf
sed -e 's/IPROOT=1.2.3.4/IPROOT=192.168.1.12/' -e 's/^#IPROOTDEV=eth0/IPROOTDEV=eth0/' /etc/vservers/v2.conf > /tmp/conf; cp /tmp/conf /etc/vservers/v2.conf
grep '^[^#]*IPROOT' /etc/vservers/v2.conf
echo "This is v1" > /vservers/v1/var/www/html/index.html
echo "This is v2" > /vservers/v2/var/www/html/index.html
vserver v1 chkconfig httpd on
vserver v2 chkconfig httpd on
vserver v1 start
vserver v2 start
ifconfig eth0:v1; ifconfig eth0:v2
chcontext --silent --ctx 1 netstat -atn | grep :80
wget -q -O - http://192.168.1.11/
wget -q -O - http://192.168.1.12/
wget -q -O - http://192.168.1.1/ | grep title
vserver --silent v1 exec netstat -atn
vserver --silent v1 stop > /dev/null
ifconfig -a | grep eth0
