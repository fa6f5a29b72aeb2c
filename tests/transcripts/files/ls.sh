ls /
ls -F /bin | head -5
mkdir -p /tmp/demo/sub; cd /tmp/demo
touch file-with-a-long-name another .hidden; ln -s file-with-a-long-name link
ls
ls -a
ls -la
ls -ld sub /etc/passwd /dev/null
ls -lR
ls nothing-here; echo "status $?"
ls -q
