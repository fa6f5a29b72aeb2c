newvserver
web/1
web
The web server

nosuch.example.org
192.168.1.21
eth9

/
grep -e Description -e '^[^#]*IPROOT=' -e '^[^#]*S_HOSTNAME=' -e IPROOTDEV= /etc/vservers/web.conf
newvserver --ip 192.168.1.22 --ondev eth0
web
mail
Mail and lists
mail.example.org
nosuch
web
maybe
0
grep -e Description -e '^[^#]*IPROOT=' -e '^[^#]*S_HOSTNAME=' /etc/vservers/mail.conf
newvserver --name dns
^D
ls /vservers
newvserver --nmae dns; echo "status $?"
newvserver --name web --ip 192.168.1.21 < /dev/null; echo "status $?"
echo | newvserver --ip 192.168.1.30; echo "status $?"
newvserver --name dns --ip 10.1.2.3/33 < /dev/null; echo "status $?"
newvserver --name dns --clone '#rh8.0m' < /dev/null; echo "status $?"
newvserver --name dns --clone '#debian' < /dev/null; echo "status $?"
newvserver --name dns --clone / --unify 1 < /dev/null | tail -2; echo "status $?"
su - user -c '/usr/sbin/newvserver --name u'; echo "status $?"
