ifconfig eth0:v1 192.168.1.10 netmask 255.255.255.0 up
ifconfig | grep Link
chbind --ip 192.168.1.10 chcontext --secure sh
ifconfig
cat /proc/net/dev
ifconfig lo
ifconfig eth0 | grep inet
exit
chcontext --ctx 1 cat /proc/net/dev
