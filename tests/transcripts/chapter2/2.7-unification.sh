mkdir -p /vservers/v1/bin /vservers/v2/bin
cp /bin/ls /vservers/v1/bin/ls
ln /vservers/v1/bin/ls /vservers/v2/bin/ls
ls -l /vservers/v1/bin/ls /vservers/v2/bin/ls
/usr/lib/vserver/setattr --immutable /vservers/v1/bin/ls
/usr/lib/vserver/showattr /vservers/v2/bin/ls
echo broken > /vservers/v2/bin/ls
rm -f /vservers/v2/bin/ls
/usr/lib/vserver/setattr --immutable --immulink /vservers/v1/bin/ls
/usr/lib/vserver/showattr /vservers/v1/bin/ls /vservers/v2/bin/ls
/usr/sbin/chcontext --secure /usr/lib/vserver/setattr /vservers/v2/bin/ls
rm -f /vservers/v2/bin/ls
ls -l /vservers/v1/bin/ls
cp /bin/ls /vservers/v2/bin/ls
ls -l /vservers/v1/bin/ls /vservers/v2/bin/ls
