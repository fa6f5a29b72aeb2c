mkdir -p /vservers/v1/bin /vservers/v2/bin
cp -a /bin/ls /vservers/v1/bin/ls
ln /vservers/v1/bin/ls /vservers/v2/bin/ls
ls -l /vservers/v1/bin/ls /vservers/v2/bin/ls
[ /vservers/v1/bin/ls -ef /vservers/v2/bin/ls ] && echo one inode, two names
ls -i /vservers/v*/bin/ls | awk '{ print $1 }' | uniq -c | awk '{ print $1 " names" }'
du -s /vservers/v1 /vservers/v2
chattr +i /vservers/v1/bin/ls
lsattr /vservers/v1/bin /vservers/v2/bin
rm -f /vservers/v2/bin/ls
chattr +t /vservers/v1/bin/ls
lsattr /vservers/v2/bin/ls
rm -f /vservers/v2/bin/ls
ls -l /vservers/v1/bin/ls
stat -c '%n: %h link, %s bytes, mode %a, %U' /vservers/v1/bin/ls
