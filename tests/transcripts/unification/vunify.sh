vserver v1 build > /dev/null; vserver v2 build > /dev/null
du -s /vservers/v1 /vservers/v2; vdu /vservers/v1 /vservers/v2
/usr/lib/vserver/vunify
rpm --root /vservers/v2 -e nc; rpm --root /vservers/v2 -U /root/updates/*.rpm
/usr/lib/vserver/vunify --test v1 v2 -- sed nc fileutils nosuch
/usr/lib/vserver/vunify --test --debug v1 v2 -- sed
/usr/lib/vserver/vunify --test --debug --excldir /usr/sbin v1 v2 -- apache
/usr/lib/vserver/vunify v1 v2 -- ALL | tail -3
du -s /vservers/v1 /vservers/v2; vdu /vservers/v1 /vservers/v2
ls -l /vservers/v1/bin/ls /vservers/v2/bin/ls /vservers/v2/bin/grep
ls -l /vservers/v1/etc/passwd /vservers/v2/etc/passwd
/usr/lib/vserver/showattr /vservers/v1/bin/grep /vservers/v2/etc/passwd
/usr/lib/vserver/vunify v1 v2 -- sed; ls -l /vservers/v2/bin/sed
/usr/lib/vserver/vunify --undo v1 v2 -- sed; ls -l /vservers/v1/bin/sed
/usr/lib/vserver/showattr /vservers/v1/bin/sed /vservers/v2/bin/sed
/usr/lib/vserver/vunify --noflags --immutable v1 v2 -- grep > /dev/null
/usr/lib/vserver/showattr /vservers/v2/bin/grep
/usr/lib/vserver/vunify v1 v2 --; echo "status $?"
