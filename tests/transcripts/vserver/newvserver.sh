cat /etc/vservers/newvserver.defaults
newvserver --name web --desc "The web server" --hostname www --ip 192.168.1.21 --clone / < /dev/null
grep -e Description -e '^[^#]*IPROOT=' -e '^[^#]*S_HOSTNAME=' -e IPROOTDEV= /etc/vservers/web.conf
ls /vservers/web
newvserver --name mail --ip 192.168.1.22 --clone web --unify 1 < /dev/null
ls -i /vservers/web/bin/ls /vservers/mail/bin/ls
grep -e Description -e '^[^#]*IPROOT=' -e '^[^#]*S_HOSTNAME=' /etc/vservers/mail.conf
newvserver --name test --ip 192.168.1.23 --clone web --unify 0 --ondev none < /dev/null
ls -i /vservers/test/bin/ls; grep IPROOTDEV= /etc/vservers/test.conf
vserver web chkconfig crond on
vserver web start
vserver-stat
vserver web exec hostname
