netstat -atn | grep ":80 "
/usr/sbin/chbind --ip eth0 /etc/rc.d/init.d/httpd restart
netstat -atn | grep ":80 "
/etc/rc.d/init.d/httpd restart
netstat -atn | grep ":80 "
/usr/sbin/chbind --ip eth0 telnet localhost
user
user
netstat -atn | grep ":23 "
exit
