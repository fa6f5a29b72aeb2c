sleep 100
^Z
jobs
bg
sleep 200 &
jobs
kill %1
jobs
fg
^C
echo $?
sleep 1 &
wait
true &
echo $!
