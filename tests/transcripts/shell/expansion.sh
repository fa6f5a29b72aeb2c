echo "Hello, $USER on $(hostname)"
name=world; echo 'single $name' "double $name" \$escaped
echo $((6 * 7)) $((2**16)) $((17 % 5))
x="a   b"; echo $x; echo "$x"
echo ${name:-default} ${unset:-default} ${#name} ${name%ld}
cd /etc; echo pass* host*
echo {one,two,three}.txt
set -- alpha "beta gamma"; echo $# "$2"
echo $?; false; echo $?
type cd echo ls
echo $SHELL $BASH_VERSION $0
