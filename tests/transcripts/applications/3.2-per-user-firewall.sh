useradd alice
useradd bob
ifconfig eth0:alice 192.168.1.21 netmask 255.255.255.0
ifconfig eth0:bob 192.168.1.22 netmask 255.255.255.0
chbind --ip 192.168.1.21 su - alice
grep ipv4root /proc/self/status
wget -q -O /dev/null http://192.168.1.1/
exit
chbind --ip 192.168.1.22 su - bob
wget -q -O /dev/null http://192.168.1.1/
/usr/sbin/chbind --ip 192.168.1.21 /bin/sh
/sbin/ipchains -F
exit
tail -2 /var/log/httpd/access_log
ipchains -A input -s 192.168.1.22 -p tcp -d 0/0 80 -j REJECT
ipchains -L -n
chbind --silent --ip 192.168.1.22 su - bob -c 'wget -O /dev/null http://192.168.1.1/'
chbind --silent --ip 192.168.1.21 su - alice -c 'wget -q -O - http://192.168.1.1/ | head -2'
ipchains -D input 1
ipchains -L input
