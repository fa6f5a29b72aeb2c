# user: user
id
cd /root
echo secret > /etc/passwd
cat /etc/shadow
kill 1
cd; pwd; echo $HOME
umask
ulimit -n 4096
