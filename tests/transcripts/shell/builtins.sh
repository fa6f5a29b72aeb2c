alias ll='ls -l'
alias
ll /etc/hosts
type ll cd ls
trap 'echo bye' EXIT
trap
umask; umask -S
ulimit -a
set -o | head -4
greet() { echo "hi $1"; }
declare -f greet
export -p | grep HOME
pushd /tmp; pushd /etc; popd; dirs
history | tail -3
