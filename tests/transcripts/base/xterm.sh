xterm &
ps ax | grep -v " ?"
kill %1
sleep 1
ps ax | grep -c bash
