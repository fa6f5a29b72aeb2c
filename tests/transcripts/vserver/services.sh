vserver v1 build
vserver v1 chkconfig --list crond
vserver v1 chkconfig --level 3 crond on
vserver v1 chkconfig --list crond
chkconfig --list crond
vserver --silent v1 start
vserver --silent v1 service crond status
vserver --silent v1 service crond restart
vserver --silent v1 suexec user id
vserver --silent v1 suexec user
vserver --silent v1 exec id
vserver v1 status
vserver --silent v1 stop
vserver v1 restart
