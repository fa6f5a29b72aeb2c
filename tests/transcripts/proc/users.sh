useradd -c "Lab Guest" guest
grep guest /etc/passwd /etc/group
passwd guest
short
short
passwd guest
g0-vserver
g0-vserver
su - user
su - guest
g0-vserver
id
pwd
exit
exit
