cd /tmp
wget http://localhost/
cat index.html
tail -1 /var/log/httpd/access_log
wget http://$HOSTNAME/missing.html
