cut -d: -f1,3 /etc/passwd | sort -t: -k2 -n | head -4
grep -c bash /etc/passwd; grep -n '^user' /etc/passwd
awk -F: '$3 >= 48 { print $1 " has uid " $3 }' /etc/passwd
printf 'b\na\nb\nc\na\n' | sort | uniq -c
echo "Hello, World" | tr 'a-z' 'A-Z' | sed 's/WORLD/vserver/'
mkdir -p /etc/vservers; printf 'IPROOT=1.2.3.4\nS_HOSTNAME=\n' > /etc/vservers/v1.conf
sed -i -e 's/^IPROOT=.*/IPROOT=192.168.1.10/' -e 's/^S_HOSTNAME=$/S_HOSTNAME=v1/' /etc/vservers/v1.conf
cat /etc/vservers/v1.conf
wc /etc/vservers/v1.conf /etc/passwd
seq 1 5 | tail -2; seq -s ' ' 3 | md5sum
