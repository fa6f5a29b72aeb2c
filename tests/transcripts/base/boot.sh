ps ax
netstat -atn
runlevel
chkconfig --list
cat /var/log/messages
