for f in /etc/passwd /etc/nothing /tmp
do
  if [ -f $f ]; then echo "$f: file"
  elif [ -d $f ]; then echo "$f: directory"
  else echo "$f: missing"
  fi
done
i=0; while [ $i -lt 3 ]; do i=$((i+1)); echo -n "$i "; done; echo
case $(uname -r) in
  2.4.*ctx*) echo "a ctx kernel";;
  *) echo "something else";;
esac
greet() {
  echo "hello, ${1:-stranger} ($# args)"
  return 3
}
greet; greet you; echo status $?
type greet
count() { local n=$1; [ $n -le 0 ] && return; echo -n "$n "; count $((n-1)); }; count 5; echo
