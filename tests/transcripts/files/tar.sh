mkdir -p /srv/www/htdocs; echo '<h1>v1</h1>' > /srv/www/htdocs/index.html
ln /srv/www/htdocs/index.html /srv/www/htdocs/home.html
chown -R apache.apache /srv/www/htdocs; chmod 750 /srv/www/htdocs
tar cf - -C /srv www | (mkdir -p /vservers/v1/var && cd /vservers/v1/var && tar xpf -)
ls -lR /vservers/v1/var/www
tar cvf /tmp/www.tar /srv/www
tar tvf /tmp/www.tar
find /vservers/v1 -type f -links +1 -printf "%n links: %p\n"
find /srv -name '*.html' | xargs grep -l v1
