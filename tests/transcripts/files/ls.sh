mkdir -p /tmp/demo/sub; cd /tmp/demo
for i in $(seq 1 24); do touch report-$i.txt; done; ls
rm -f report-*; touch file-with-a-long-name another .hidden; ln -s file-with-a-long-name link
chmod 755 another; ls -F
ls -a
ls -la
ls -ld sub /dev/null
ls -lR
ls nothing-here; echo "status $?"
ls -z
