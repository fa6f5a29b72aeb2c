chcontext --silent --flag sched sh -c 'yes > /dev/null & yes > /dev/null & yes > /dev/null & yes > /dev/null & wait' &
chcontext --silent sh -c 'yes > /dev/null & yes > /dev/null & yes > /dev/null & yes > /dev/null & wait' &
yes > /dev/null &
sleep 4
vtop -b -d 3 -n 2 | grep ' yes$' | tail -9
vserver-stat
