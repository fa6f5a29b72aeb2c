vdu
mkdir -p /vservers/a/bin /vservers/a/etc /vservers/b/bin /vservers/b/etc
seq 1 2000 > /vservers/a/bin/big; seq 1 700 > /vservers/a/etc/conf
cp /vservers/a/etc/conf /vservers/b/etc/conf; cp /vservers/a/bin/big /vservers/b/bin/big
du -s /vservers/a /vservers/b; vdu /vservers/a /vservers/b
rm /vservers/b/bin/big; ln /vservers/a/bin/big /vservers/b/bin/big
du -s /vservers/a /vservers/b; du -s /vservers/b; vdu /vservers/a /vservers/b
/usr/lib/vserver/vdu /vservers/b /nowhere /vservers/a; echo "status $?"
