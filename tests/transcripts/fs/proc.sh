cat /proc/version
grep -E '^(Name|State|Uid|Gid|Cap|s_context|ctxflags|initpid|ipv4root)' /proc/self/status
ls -l /proc/self/exe /proc/self/cwd /proc/self/root
cd /proc/1
pwd
cat cmdline; echo
ls -l /dev/stdin /dev/fd
echo to stderr > /dev/stderr
ls -l /proc/self/fd/0
cat /proc/filesystems
