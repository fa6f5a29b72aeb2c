rpm -q bash fileutils vserver nosuch
rpm -qf /bin/ls /usr/sbin/vserver /etc/HOSTNAME
rpm -qf /no/such/file
rpm -ql textutils
rpm -qc apache
rpm -q --dump sed
rpm -qa --queryformat '%{name}=%{version}-%{release}\n' | head -5
rpm -qa | wc -l
ls -l /root/updates
rpm -qpl /root/updates/fileutils-4.1-10.1.i386.rpm | head -3
ls -li /bin/ls; md5sum /bin/ls
rpm -Uvh /root/updates/fileutils-4.1-10.1.i386.rpm
rpm -q fileutils; ls -li /bin/ls; md5sum /bin/ls
ls /bin/ls /bin/cp /bin/mv; ls /bin | grep -c ';'
rpm -Uvh /root/updates/fileutils-4.1-10.1.i386.rpm; echo "status $?"
rpm -U /etc/passwd; echo "status $?"
su user -c 'rpm -e sed'; echo "status $?"
echo '# mine' >> /etc/crontab
rpm -e crontabs; echo "status $?"
ls /etc/crontab*; rpm -q crontabs
rpm
