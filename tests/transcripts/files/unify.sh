mkdir -p /vservers/v1/bin /vservers/v2/bin
cp -a /bin/ls /vservers/v1/bin/ls
ln /vservers/v1/bin/ls /vservers/v2/bin/ls
ls -li /vservers/v1/bin/ls /vservers/v2/bin/ls
du -s /vservers/v1 /vservers/v2
chattr +i /vservers/v1/bin/ls
lsattr /vservers/v1/bin /vservers/v2/bin
rm -f /vservers/v2/bin/ls
chattr +t /vservers/v1/bin/ls
lsattr /vservers/v2/bin/ls
rm -f /vservers/v2/bin/ls
ls -li /vservers/v1/bin/ls
stat /vservers/v1/bin/ls
