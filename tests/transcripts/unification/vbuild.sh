/usr/lib/vserver/vbuild /vservers/v1; echo "status $?"
vserver v1 build > /dev/null
/usr/lib/vserver/vbuild --test /vservers/v1 /vservers/v2 | grep -e /dev/ -e /bin/sed -e /etc/passwd
/usr/lib/vserver/vbuild --stats /vservers/v1 /vservers/v2
du -s /vservers/v1 /vservers/v2; vdu /vservers/v1 /vservers/v2
ls -l /vservers/v1/bin/sed /vservers/v2/bin/sed /vservers/v2/etc/passwd /vservers/v2/etc/init.d
ls -l /vservers/v2/dev | head -4
/usr/lib/vserver/showattr /vservers/v2/bin/sed /vservers/v2/etc/passwd
/usr/lib/vserver/vbuild --noflags --excldir /var /vservers/v1 /vservers/v3
/usr/lib/vserver/showattr /vservers/v3/bin/sed; ls /vservers/v3/var/log
mount -t tmpfs none /mnt; /usr/lib/vserver/vbuild /vservers/v1 /mnt/v4; echo "status $?"
