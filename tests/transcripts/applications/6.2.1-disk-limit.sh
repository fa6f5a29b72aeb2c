#> kernel later
vdlimit --xid 2 /
vdlimit --xid 2 --set space_total=100 --set inodes_total=4 /
vdlimit --xid 2 /
seq 1 40000 > /tmp/numbers
ls -s /tmp/numbers
chcontext --ctx 2 --secure sh
cd /tmp
echo hello > a
cp numbers copy
ls -s a copy
touch b c
touch d
rm copy
touch d
vdlimit --xid 2 /
exit
vdlimit --xid 2 /
vdlimit --xid 2 --set space_total=abc /
vdlimit --xid 2 --remove /
vdlimit --xid 2 /
