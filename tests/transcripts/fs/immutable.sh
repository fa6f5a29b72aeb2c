cd /tmp
echo v1 > ref
ln ref copy
chattr +i ref
lsattr ref copy
echo v2 > ref
rm -f copy
mv ref moved
chmod 600 ref
chattr -i ref
/usr/lib/vserver/setattr --immutable --immulink ref
/usr/lib/vserver/showattr ref copy
echo v2 > copy
rm -f copy
ls -li ref
echo v2 > new
mv -f new ref
rm -f ref
mv new ref
cat ref
