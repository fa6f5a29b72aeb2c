vserver --silent v1 build
vserver v1 chkconfig --level 3 crond on
chkconfig --list rebootmgr
service rebootmgr start
cd /vservers/v1
ls -l dev/reboot sbin/vreboot sbin/vhalt
cd
vserver --silent v1 start
vps ax | grep crond
vserver --silent v1 enter
runlevel
ps ax
vreboot
exit
sleep 4
sleep 4
cat /var/log/boot.log
grep rebootmgr /var/log/messages
vps ax | grep crond
vserver --silent v1 exec /sbin/vhalt
sleep 4
sleep 4
vserver v1 running
vserver --silent v1 exec /sbin/vreboot --bogus
service rebootmgr stop
vserver --silent v1 exec /sbin/vreboot
