nosuchcommand
cd /nonexistent
cd /etc/passwd
echo )
if then fi
/etc/passwd
/tmp
echo 'echo hi' > /tmp/script.sh; /tmp/script.sh
chmod +x /tmp/script.sh; /tmp/script.sh
echo $((1/0))
echo ${undefined:?needs a value}
echo "unterminated
here"
