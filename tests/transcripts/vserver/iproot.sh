vserver --silent v1 build
ifconfig | grep 'inet addr'
sed -e 's/^\tIPROOT=1.2.3.4/\tIPROOT=ALL/' -e 's/^#IPROOTDEV/IPROOTDEV/' /etc/vservers/v1.conf > /tmp/c; cp /tmp/c /etc/vservers/v1.conf
grep '^[^#]*IPROOT' /etc/vservers/v1.conf
vserver v1 exec grep ipv4root /proc/self/status
vserver v1 chkconfig crond on
vserver v1 start
ifconfig -a | grep -c eth0:
vserver --silent v1 stop > /dev/null
sleep 4
echo "192.168.1.30 www.example.org www" >> /etc/hosts
sed -e 's/^\tIPROOT=ALL/\tIPROOT="www eth0:192.168.1.31"/' /etc/vservers/v1.conf > /tmp/c; cp /tmp/c /etc/vservers/v1.conf
grep '^[^#]*IPROOT' /etc/vservers/v1.conf
vserver v1 start
ifconfig eth0:v1; ifconfig eth0:v11
vserver --silent v1 exec grep ipv4root: /proc/self/status
vserver --silent v1 stop > /dev/null
sleep 4
ifconfig | grep -c '^eth0:'
sed -e 's/^\tIPROOT=".*"/\tIPROOT=nosuch/' /etc/vservers/v1.conf > /tmp/c; cp /tmp/c /etc/vservers/v1.conf
vserver --silent v1 exec true; echo $?
vserver --silent v1 start
