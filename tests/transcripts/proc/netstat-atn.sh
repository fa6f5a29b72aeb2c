netstat -atn
