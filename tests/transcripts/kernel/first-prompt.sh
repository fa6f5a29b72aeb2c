echo hello, world
cd /tmp
pwd
cd /nonexistent
echo done
