vrpm; echo "status $?"
vrpm -- -q bash; echo "status $?"
vserver v1 build > /dev/null; vserver v2 build > /dev/null
/usr/lib/vserver/vunify v1 v2 -- ALL > /dev/null; du -s /vservers/v1 /vservers/v2
vrpm ALL -- -q fileutils
vrpm v1 v2 -- -Uvh /root/updates/fileutils-4.1-10.1.i386.rpm
vrpm ALL -- -q fileutils; rpm -q fileutils; du -s /vservers/v1 /vservers/v2
ls -l /vservers/v1/bin/ls /vservers/v2/bin/ls
vrpm --unify v1 v2 -- -Uvh /root/updates/fileutils-4.1-10.1.i386.rpm; echo "status $?"
ls -l /vservers/v1/bin/ls /vservers/v2/bin/ls; du -s /vservers/v1 /vservers/v2
vrpm --unify ALL -- -Uvh --force /root/updates/*.rpm; echo "status $?"
/usr/lib/vserver/showattr /vservers/v2/bin/ls
