ls /dev/pts
#> open root ctx 2
tty
ls /dev/pts
echo hello > /dev/pts/0
#> term 1
ls /dev/pts
vps a
