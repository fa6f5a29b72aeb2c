cd /tmp
echo hello > a
ln a b
ls -li a b
rm a
cat b
ls -l b
ln -s /etc/passwd pw
ls -l pw
ln -s loop1 loop2
ln -s loop2 loop1
cat loop1
mkdir d
ls -ld d
rmdir d/..
rmdir d/.
umask 077
touch private
ls -l private
