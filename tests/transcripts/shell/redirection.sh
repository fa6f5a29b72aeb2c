echo one > /tmp/out; echo two >> /tmp/out; cat /tmp/out
ls /nonexistent 2> /tmp/err; cat /tmp/err
ls /nonexistent /etc/hosts > /tmp/both 2>&1; cat /tmp/both
cat <<END
home is $HOME, sum is $((1+2))
END
cat <<'END'
no $expansion here
END
grep root /etc/passwd | cut -d: -f1,7
echo data | tr a-z A-Z | sed 's/A/@/'
{ echo first; echo second; } | wc -l
set -C; echo clobber > /tmp/out
exec 3> /tmp/fd3; echo via three >&3; exec 3>&-; cat /tmp/fd3
