vserver v1 build > /dev/null
/usr/lib/vserver/vbuild /vservers/v1 /vservers/v2; cp /etc/vservers/v1.conf /etc/vservers/v2.conf
du -s /vservers/v1 /vservers/v2; vdu /vservers/v1 /vservers/v2
echo broken >> /vservers/v2/bin/cp
vserver --silent v2 exec sh -c 'echo broken >> /bin/cp; chmod 777 /bin/cp; mv /bin/ls /bin/cp'
vserver --silent v2 exec /usr/lib/vserver/setattr /bin/cp
vserver --silent v2 exec chattr -i /bin/cp
ls -l /vservers/v1/bin/cp; md5sum /vservers/v1/bin/cp
vserver --silent v2 exec rm -f /bin/ls
ls -l /vservers/v1/bin/ls /vservers/v2/bin/ls
cp /root/updates/fileutils-4.1-10.1.i386.rpm /vservers/v2/tmp
vserver --silent v2 exec rpm -Uvh /tmp/fileutils-4.1-10.1.i386.rpm
vserver --silent v2 exec rpm -q fileutils; vserver --silent v1 exec rpm -q fileutils
md5sum /vservers/v1/bin/cp /vservers/v2/bin/cp
ls -li /vservers/v1/bin/cp /vservers/v2/bin/cp
/usr/lib/vserver/showattr /vservers/v1/bin/cp /vservers/v2/bin/cp
vdu /vservers/v1 /vservers/v2
