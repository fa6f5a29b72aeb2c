ifconfig eth0:v1 192.168.1.10 netmask 255.255.255.0 up
ifconfig eth0:v2 192.168.1.11 netmask 255.255.255.0 up
ifconfig | grep Link
chbind --ip 192.168.1.10 chcontext --secure sh
ifconfig
cat /proc/net/dev
ifconfig eth0:v2
ifconfig lo
ifconfig eth0 down
exit
chcontext --ctx 1 cat /proc/net/dev
