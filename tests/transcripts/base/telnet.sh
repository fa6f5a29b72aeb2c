telnet localhost
user
user
netstat -atn | grep ":23 "
exit
tail -1 /var/log/secure
