// The vserver framework of chapter 4 (reference §5): /usr/sbin/vserver and its helpers in
// /usr/lib/vserver, as /bin/sh scripts run by our shell so a learner can read them with `cat`.
// Ours, written from what the reference says the 0.22/0.23 scripts did; not the 2003 text.
import type { Kernel } from '../kernel/kernel.ts';

/** save_s_context FILE command...: remember which context we landed in, then run the command. */
const SAVE_S_CONTEXT = `#!/bin/sh
# save_s_context FILE command ...: writes this process's security context
# (the s_context: line of /proc/self/status) and $PROFILE to FILE, then
# execs the command in its place. FILE's mtime is the vserver's start time.
file=$1
shift
while read -r key value; do
	if [ "$key" = s_context: ]; then
		ctx=$value
	fi
done < /proc/self/status
echo "S_CONTEXT=$ctx" > "$file"
echo "S_PROFILE=$PROFILE" >> "$file"
exec "$@"
`;

/** The template `build` fills in: every variable of §5.3, with its comment. */
const CONF_TEMPLATE = `# Description: a virtual server
#
# Profile: which of the settings below to use (see the case on PROFILE).
if [ "$PROFILE" = "" ] ; then
	PROFILE=prod
fi
case $PROFILE in
prod)
	# IPROOT: the IP address(es) this vserver is tied to (set_ipv4root).
	# Several addresses, space separated and quoted, are allowed:
	#   IPROOT="1.2.3.4 eth0:1.2.3.5 1.2.3.6/255.255.255.192"
	# A device prefix (eth0:) and a mask suffix (/255.255.255.0 or /24) are
	# optional; DNS names are allowed. Empty or 0.0.0.0: not tied.
	# ALL: every IP of the host.
	IPROOT=1.2.3.4
	# S_HOSTNAME: the host name inside the vserver (empty: the host's).
	S_HOSTNAME=
	;;
backup)
	IPROOT=1.2.3.4
	S_HOSTNAME=
	;;
esac
# IPROOTDEV: the device on which IP aliases are set up at start (DEV:NAME,
# DEV:NAME1, ...) and removed at stop. Only used if set.
#IPROOTDEV=eth0
# IPROOTMASK: the netmask of the aliases (default: IPROOTDEV's).
IPROOTMASK=
# IPROOTBCAST: the broadcast of the aliases (default: IPROOTDEV's).
IPROOTBCAST=
# ONBOOT=yes: the vservers service starts and stops it with the host.
#ONBOOT=yes
# PRIORITY: the vservers service starts them by increasing PRIORITY
# (default 100) and stops them in the reverse order.
#PRIORITY=100
# S_CAPS: capabilities to keep on top of --secure, e.g. "CAP_NET_RAW".
# !CAP_SYS_CHROOT makes capchroot drop SYS_CHROOT after its chroot.
S_CAPS=""
# S_CONTEXT: a fixed security context, an integer > 1, unique per vserver.
# Normally left commented: the kernel picks one.
#S_CONTEXT=
# S_DOMAINNAME: the NIS domain inside (empty: the host's; none: cleared).
S_DOMAINNAME=
# S_FLAGS: context flags: lock sched nproc private fakeinit
# (and hideinfo ulimit).
S_FLAGS="lock nproc"
# ULIMIT: arguments of ulimit, run before starting. With the nproc flag,
# -u is a process limit for the whole vserver.
ULIMIT="-H -u 1000"
# S_NICE: a nice level (-20..19) forced on every process of the vserver.
S_NICE=
`;

/** /usr/sbin/vserver: build, start, stop, running, status, enter, exec. */
const VSERVER = `#!/bin/sh
# vserver [--silent] [--nodev] NAME command ...: administer the virtual server
# NAME, whose files are in /vservers/NAME and whose configuration is the
# shell fragment /etc/vservers/NAME.conf.

USR_SBIN=/usr/sbin
USR_LIB_VSERVER=/usr/lib/vserver
VSERVERS_ROOT=/vservers
CONF_DIR=/etc/vservers
RUN_DIR=/var/run/vservers

usage () {
	echo "vserver [ options ] server-name command ..."
	echo
	echo "server-name is a directory in $VSERVERS_ROOT"
	echo
	echo "The commands are:"
	echo " build   : Create a virtual server by copying the packages"
	echo "           of the root server"
	echo " chkconfig : It turns a service on or off in the vserver"
	echo " enter   : Enter in the virtual server context and starts a shell"
	echo "           Same as \\"vserver name exec /bin/bash --login\\""
	echo " exec    : Exec a command in the virtual server context"
	echo " restart : Stops and starts a running virtual server"
	echo " running : Tells if a virtual server is running"
	echo "           It returns 0 if yes, 1 if no"
	echo " service : Runs a service script of the vserver (start, stop...)"
	echo " start   : Starts the various services in the vserver, runlevel 3"
	echo " status  : Tells some information about a vserver"
	echo " stop    : Ends all services and kills the remaining processes"
	echo " suexec  : Exec a command in the virtual server context as a user"
	echo
	echo "--nodev : Do not configure the IP aliases of the vserver"
	echo "--silent: No informative messages about vserver context and IP numbers"
}

SILENT=
NODEV=
while true; do
	case "$1" in
	--silent) SILENT=--silent; shift ;;
	--nodev) NODEV=--nodev; shift ;;
	*) break ;;
	esac
done

if [ $# -lt 2 ]; then
	usage
	exit 1
fi
NAME=$1
CMD=$2
shift 2
VROOT=$VSERVERS_ROOT/$NAME
CONF=$CONF_DIR/$NAME.conf
CTXFILE=$RUN_DIR/$NAME.ctx

# readconf: source the configuration (after the profile saved at start, if any).
readconf () {
	if [ ! -f $CONF ]; then
		echo "No configuration for this vserver: $CONF"
		exit 1
	fi
	if [ ! -d $VROOT/. ]; then
		echo "No directory for this vserver: $VROOT"
		exit 1
	fi
	S_CONTEXT=
	. $CONF
}

# is_running: true if the .ctx file names a context that still has processes.
# Sets S_CONTEXT, S_PROFILE and NB (the number of processes).
is_running () {
	NB=0
	[ -f $CTXFILE ] || return 1
	. $CTXFILE
	NB=\`$USR_SBIN/vps ax | awk -v ctx=$S_CONTEXT '$2 == ctx { n++ } END { print n + 0 }'\`
	[ "$NB" -gt 0 ]
}

# allips: every address of the host, ADDR/MASK, as ifconfig shows them
# (each device that is up, its aliases and lo included).
allips () {
	ifconfig | sed -n 's/.*inet addr:\\([0-9.]*\\).*Mask:\\([0-9.]*\\).*/\\1\\/\\2/p'
}

# resolve HOST: HOST's address. A dotted quad stands for itself; a name is
# looked up in /etc/hosts, the machine's only resolver. Nothing if unknown.
resolve () {
	case $1 in
	*[!0-9.]*)
		awk -v host="$1" '{ sub(/#.*/, "") } { for (i = 2; i <= NF; i++) if ($i == host) { print $1; exit } }' /etc/hosts
		;;
	*) echo $1 ;;
	esac
}

# ipopts: the chbind options for IPROOT (device prefixes dropped; chbind
# itself resolves host names). IPROOT=ALL ties the vserver to every address
# of the host.
ipopts () {
	IPOPTS=
	IPS=$IPROOT
	if [ "$IPROOT" = ALL ]; then
		IPS=\`allips\`
	fi
	for ip in $IPS; do
		case $ip in
		*:*) ip=\${ip#*:} ;;
		esac
		IPOPTS="$IPOPTS --ip $ip"
	done
	if [ -z "$IPOPTS" ]; then
		IPOPTS="--ip 0.0.0.0"
	fi
	IPOPTS="$IPOPTS --bcast \${IPROOTBCAST:-255.255.255.255}"
}

# ctxopts [join|start]: the chcontext options from S_CAPS, S_FLAGS, S_HOSTNAME...
# To join a running context (join), the names it already has are left alone.
# Only start passes fakeinit: it makes the caller the context's init, and only
# the /sbin/init that start runs may be that.
ctxopts () {
	CTXOPTS=
	for cap in $S_CAPS; do
		case $cap in
		!CAP_SYS_CHROOT) CHROOTOPT=--nochroot ;;
		*) CTXOPTS="$CTXOPTS --cap $cap" ;;
		esac
	done
	for flag in $S_FLAGS; do
		if [ "$flag" = fakeinit ] && [ "$1" != start ]; then
			continue
		fi
		CTXOPTS="$CTXOPTS --flag $flag"
	done
	if [ -n "$S_CONTEXT" ]; then
		CTXOPTS="$CTXOPTS --ctx $S_CONTEXT"
	fi
	if [ "$1" = join ]; then
		return
	fi
	if [ -n "$S_HOSTNAME" ]; then
		CTXOPTS="$CTXOPTS --hostname $S_HOSTNAME"
	fi
	if [ -n "$S_DOMAINNAME" ]; then
		CTXOPTS="$CTXOPTS --domainname $S_DOMAINNAME"
	fi
}

# fakeinit: true if S_FLAGS has the fakeinit flag.
fakeinit () {
	case " $S_FLAGS " in
	*" fakeinit "*) return 0 ;;
	esac
	return 1
}

# ifspec DEV: sets DEVMASK and DEVBCAST from what ifconfig says of DEV.
ifspec () {
	DEVMASK=
	DEVBCAST=
	set -- \`ifconfig $1 2> /dev/null | sed -n 's/.*Bcast:\\([0-9.]*\\) *Mask:\\([0-9.]*\\).*/\\1 \\2/p'\`
	DEVBCAST=$1
	DEVMASK=$2
}

# ifaliases up|down: the IP aliases of IPROOT, one per address that has a
# device (its own eth0: prefix, or IPROOTDEV), named DEV:NAME, DEV:NAME1,
# DEV:NAME2... Nothing with --nodev.
ifaliases () {
	[ -n "$NODEV" ] && return 0
	# ALL: the host's own addresses, which are all there already.
	[ "$IPROOT" = ALL ] && return 0
	n=0
	for ip in $IPROOT; do
		dev=$IPROOTDEV
		case $ip in
		*:*) dev=\${ip%%:*}; ip=\${ip#*:} ;;
		esac
		[ -z "$dev" ] && continue
		mask=$IPROOTMASK
		case $ip in
		*/*) mask=\${ip#*/}; ip=\${ip%%/*} ;;
		esac
		# A host name: its address (unknown, ifconfig says so).
		addr=\`resolve $ip\`
		ip=\${addr:-$ip}
		alias=$dev:$NAME
		if [ $n -gt 0 ]; then
			alias=$alias$n
		fi
		n=$((n + 1))
		if [ "$1" = up ]; then
			ifspec $dev
			ifconfig $alias $ip netmask \${mask:-$DEVMASK} broadcast \${IPROOTBCAST:-$DEVBCAST}
		else
			ifconfig $alias down
		fi
	done
}

# mountproc: /proc and /dev/pts inside the vserver, if not there yet.
mountproc () {
	if [ ! -f $VROOT/proc/self/status ]; then
		mount -t proc none $VROOT/proc
	fi
	if ! grep -q " $VROOT/dev/pts " /proc/mounts; then
		mount -t devpts none $VROOT/dev/pts
	fi
}

umountproc () {
	umount $VROOT/proc > /dev/null 2>&1
	umount $VROOT/dev/pts > /dev/null 2>&1
}

case $CMD in
build)
	if [ -d $VROOT ] && [ "\`ls -a $VROOT | wc -l\`" -gt 2 ]; then
		echo "Virtual server $VROOT already exist"
		exit 1
	fi
	if [ ! -d $VSERVERS_ROOT ]; then
		mkdir $VSERVERS_ROOT
		chmod 000 $VSERVERS_ROOT
	fi
	if [ ! -d $CONF_DIR ]; then
		mkdir $CONF_DIR
		chmod 600 $CONF_DIR
	fi
	mkdir -p $VROOT
	cd $VROOT || exit 1
	# The root server's files. CHOICE: cp shares their bytes copy-on-write
	# (the 2003 cp copied them): each copy is a file of its own (its own
	# inode, one link), and a write on either side stays there. vunify can
	# then turn the copies into hard links.
	cp -ax /bin /etc /lib /sbin /usr /var .
	mkdir proc tmp home root boot
	chmod 1777 tmp
	chmod 750 root
	# No kernel modules, no mail, no logs, no pid files, no lock files.
	rm -fr lib/modules/*
	rm -f var/spool/mail/*
	find var/run var/log -type f -exec rm -f {} \\;
	rm -f var/lock/subsys/*
	touch var/log/wtmp
	# A minimal /dev: the harmless devices, copied from the host's.
	mkdir dev dev/pts
	for dev in null zero full tty ptmx random urandom; do
		cp -a /dev/$dev dev/$dev
	done
	chmod 666 dev/null dev/zero dev/full dev/tty dev/ptmx
	chmod 644 dev/random dev/urandom
	touch dev/hdv1
	# hdv1 does not exist, on purpose: nothing may mount the vserver's root.
	echo "/dev/hdv1 / ext2 defaults 1 1" > etc/fstab
	echo "/dev/hdv1 / ext2 rw 0 0" > etc/mtab
	# No service starts in the vserver until its administrator says so.
	for link in etc/rc.d/rc[2345].d/S*; do
		if [ -L "$link" ]; then
			service=\${link##*/S??}
			$0 $NAME chkconfig --level 2345 $service off
		fi
	done
	rm -f etc/rc.d/rc6.d/S*reboot
	# Rebooting from inside means asking the host's rebootmgr over /dev/reboot.
	cp -a $USR_LIB_VSERVER/vreboot sbin/vreboot
	ln -sf vreboot sbin/vhalt
	if [ ! -f $CONF ]; then
		cat > $CONF <<'END_OF_TEMPLATE'
${CONF_TEMPLATE}END_OF_TEMPLATE
		echo $CONF has been created. Look at it!
	fi
	;;
start)
	readconf
	echo "Starting the virtual server $NAME"
	if is_running; then
		echo "Server $NAME is running"
		exit 0
	fi
	if [ -x $CONF_DIR/$NAME.sh ]; then
		$CONF_DIR/$NAME.sh pre-start $NAME
	fi
	readconf
	ifaliases up
	cd $VROOT || exit 1
	echo $PROFILE > etc/PROFILE
	find var/run -type f -exec rm -f {} \\;
	rm -f var/lock/subsys/*
	touch var/run/utmp
	mountproc
	level=\`sed -n 's/^[^:]*:\\([0-9]\\):initdefault:.*/\\1/p' etc/inittab\`
	level=\${level:-3}
	DISCONNECT=
	if fakeinit; then
		# A real init, pid 1 in its context, runs the run level itself.
		DISCONNECT=--disconnect
		STARTCMD=/sbin/init
	else
		# No init inside: a RUNLEVEL record so runlevel there tells the truth.
		$USR_LIB_VSERVER/fakerunlevel $level var/run/utmp
		STARTCMD="/etc/rc.d/rc $level"
	fi
	ipopts
	CHROOTOPT=
	ctxopts start
	if [ -n "$ULIMIT" ]; then
		# A hard limit under the current soft one is refused: then set both.
		ulimit $ULIMIT 2> /dev/null || ulimit \${ULIMIT#-H }
	fi
	NICECMD=
	if [ -n "$S_NICE" ]; then
		NICECMD="nice -$S_NICE"
	fi
	export PROFILE
	$NICECMD $USR_SBIN/chbind $SILENT $IPOPTS \\
		$USR_SBIN/chcontext $SILENT $DISCONNECT $CTXOPTS --secure \\
		$USR_LIB_VSERVER/save_s_context $CTXFILE \\
		$USR_LIB_VSERVER/capchroot $CHROOTOPT . $STARTCMD
	sleep 2
	if [ -x $CONF_DIR/$NAME.sh ]; then
		$CONF_DIR/$NAME.sh post-start $NAME
	fi
	;;
stop)
	readconf
	echo "Stopping the virtual server $NAME"
	if is_running; then
		PROFILE=$S_PROFILE
		readconf
		if [ -x $CONF_DIR/$NAME.sh ]; then
			$CONF_DIR/$NAME.sh pre-stop $NAME
		fi
		ifaliases up
		cd $VROOT || exit 1
		mountproc
		ipopts
		CHROOTOPT=
		. $CTXFILE
		ctxopts join
		STOPCMD="/etc/rc.d/rc 6"
		if fakeinit; then
			STOPCMD="/sbin/init 6"
		fi
		$USR_SBIN/chbind $SILENT $IPOPTS \\
			$USR_SBIN/chcontext $SILENT $CTXOPTS --secure \\
			$USR_LIB_VSERVER/capchroot $CHROOTOPT . $STOPCMD
		echo sleeping 5 seconds
		sleep 5
		echo Killing all processes
		$USR_SBIN/chcontext --silent --ctx $S_CONTEXT $USR_LIB_VSERVER/vserverkillall
	fi
	cd /
	umountproc
	rm -f $CTXFILE
	if [ -x $CONF_DIR/$NAME.sh ]; then
		$CONF_DIR/$NAME.sh post-stop $NAME
	fi
	ifaliases down
	;;
restart)
	readconf
	# Only a running vserver is restarted.
	if is_running; then
		$0 $SILENT $NODEV $NAME stop
		exec $0 $SILENT $NODEV $NAME start
	fi
	echo "Server $NAME is not running"
	exit 1
	;;
chkconfig)
	# The vserver's own chkconfig, on its own rc links.
	if [ ! -d $VROOT/. ]; then
		echo "No directory for this vserver: $VROOT"
		exit 1
	fi
	exec chroot $VROOT /sbin/chkconfig "$@"
	;;
service)
	exec $0 $SILENT $NODEV $NAME exec /sbin/service "$@"
	;;
suexec)
	if [ -z "$1" ]; then
		echo "Missing user!"
		exit 1
	fi
	if [ -z "$2" ]; then
		echo "Missing command and arguments!"
		exit 1
	fi
	user=$1
	shift
	exec $0 $SILENT $NODEV $NAME exec --suid $user "$@"
	;;
running)
	readconf
	if is_running; then
		echo "Server $NAME is running"
		exit 0
	fi
	echo "Server $NAME is not running"
	exit 1
	;;
status)
	readconf
	if is_running; then
		echo "$NB processes running"
		echo "Vserver uptime: \`$USR_LIB_VSERVER/filetime $CTXFILE\`"
		exit 0
	fi
	echo "Server $NAME is not running"
	exit 1
	;;
enter)
	# A root login shell in root's home, as suexec root would give.
	exec $0 $SILENT $NODEV $NAME exec /bin/sh -c 'cd /root; exec /bin/bash --login'
	;;
exec)
	readconf
	cd $VROOT || exit 1
	mountproc
	ipopts
	CHROOTOPT=
	if is_running; then
		# Running: join its context (S_CONTEXT from the .ctx file).
		ctxopts join
		SAVE=
	else
		# Not running: a fresh context, remembered so others can join it.
		ctxopts
		export PROFILE
		SAVE="$USR_LIB_VSERVER/save_s_context $CTXFILE"
	fi
	SUID=
	if [ "$1" = --suid ]; then
		SUID="--suid $2"
		shift 2
	fi
	PS1="[\\\\u@vserver:$NAME \\\\W]\\\\\\$ "
	export PS1
	exec $USR_SBIN/chbind $SILENT $IPOPTS \\
		$USR_SBIN/chcontext $SILENT $CTXOPTS --secure \\
		$SAVE $USR_LIB_VSERVER/capchroot $CHROOTOPT $SUID . "$@"
	;;
*)
	echo "Command unknown $CMD"
	echo
	usage
	exit 1
	;;
esac
`;

/** vserverkillall: TERM three times a second apart, then KILL, everything but init and us. */
const VSERVERKILLALL = `#!/bin/sh
# vserverkillall: kills every process of the current security context but
# pid 1 and itself: TERM up to three times, one second apart, then KILL.
ctx=
while read -r key value; do
	if [ "$key" = s_context: ]; then
		ctx=$value
	fi
done < /proc/self/status
if [ "$ctx" = 0 ]; then
	echo "Running in security context 0, do nothing"
	exit 0
fi
# others: the pids of the context but 1, us, and our own children.
others () {
	for dir in /proc/[0-9]*; do
		pid=\${dir#/proc/}
		[ "$pid" = 1 ] && continue
		[ "$pid" = $$ ] && continue
		ppid=
		while read -r key value; do
			[ "$key" = PPid: ] && ppid=$value
		done < $dir/status 2>/dev/null
		[ "$ppid" = $$ ] && continue
		[ -n "$ppid" ] && echo $pid
	done
}
for sig in TERM TERM TERM KILL; do
	pids=\`others\`
	[ -z "$pids" ] && break
	for pid in $pids; do
		exe=\`ls -l /proc/$pid/exe 2>/dev/null | sed 's/.* -> //'\`
		echo "kill -$sig $exe[$pid]"
		kill -$sig $pid 2>/dev/null
	done
	sleep 1
done
# Last, the context's fake init (its real pid is the initpid: line), if any.
initpid=\`sed -n 's/^initpid: *//p' /proc/self/status\`
if [ -n "$initpid" ] && [ "$initpid" != none ]; then
	exe=\`ls -l /proc/1/exe 2>/dev/null | sed 's/.* -> //'\`
	echo "kill -KILL $exe[$initpid]"
	kill -KILL $initpid 2>/dev/null
fi
exit 0
`;

/** filetime FILE: how long ago FILE was last modified, in the vserver-stat style. */
const FILETIME = `#!/bin/sh
# filetime FILE: the time since FILE was modified, as 1d02h03m04s-like text.
now=\`date +%s\`
then=\`stat -c %Y "$1"\`
s=$((now - then))
d=$((s / 86400)); s=$((s % 86400))
h=$((s / 3600)); s=$((s % 3600))
m=$((s / 60)); s=$((s % 60))
out=
[ $d -gt 0 ] && out="\${d}d"
[ $d -gt 0 -o $h -gt 0 ] && out="$out\${h}h"
[ -n "$out" -o $m -gt 0 ] && out="$out\${m}m"
echo "$out\${s}s"
`;

/**
 * vsysvwrapper SERVICE ACTION: the host's own service, tied to one address with chbind, so the
 * vservers can have the same port on theirs (reference §5.11).
 */
const VSYSVWRAPPER = `#!/bin/sh
# vsysvwrapper SERVICE ACTION: runs /etc/rc.d/init.d/SERVICE ACTION under
# chbind, tied to the IP given in /etc/vservices/SERVICE.conf (IP=, an address
# or a device; eth0 when there is no such file). A service of the host
# that binds 0.0.0.0 would otherwise take the port on every address,
# the vservers' included.
if [ $# -lt 2 ]; then
	echo "usage: vsysvwrapper service-name start|stop|restart|status"
	exit 1
fi
SERVICE=$1
shift
IP=eth0
if [ -f /etc/vservices/$SERVICE.conf ]; then
	. /etc/vservices/$SERVICE.conf
fi
/usr/sbin/chbind --silent --ip $IP /etc/rc.d/init.d/$SERVICE "$@"
RETVAL=$?
# The rc scripts stop at shutdown what holds a lock named after them.
case $1 in
start) [ $RETVAL -eq 0 ] && touch /var/lock/subsys/v_$SERVICE ;;
stop) rm -f /var/lock/subsys/v_$SERVICE ;;
esac
exit $RETVAL
`;

/** /etc/vservers.conf: the one setting of the vservers service (reference §5.4). */
const VSERVERS_CONF = `# The vservers service (/etc/rc.d/init.d/vservers) reads this file.
# BACKGROUND=yes: start the virtual servers in the background at boot, so
# that the boot goes on while they come up; their messages go to tty8
# (to /var/log/boot.log on a machine without virtual consoles).
BACKGROUND=no
`;

/** newvserver's defaults, for what its options and answers leave out (reference §5.4). */
const NEWVSERVER_DEFAULTS = `# The defaults of newvserver, for what its options do not give (and the
# answers it proposes when it asks on a terminal). KEY=value lines:
# DESC, HOSTNAME (default: the vserver's name), IP, ONDEV, CLONE, UNIFY.
#
# CLONE: what a new vserver is a copy of: / (the root server), the name of
# another vserver, or a distribution CD (#rh7.3m, #rh8.0m, #rh8.0f).
CLONE=/
# UNIFY=1: a copy of another vserver shares its unchanged package files.
UNIFY=1
# ONDEV: the device the vserver's IP alias is set up on at start (none: no
# alias, the IP must then be one of the host's).
ONDEV=eth0
# IP: the IP number of a new vserver; none by default.
#IP=
`;

/** One v_ service: the original's chkconfig numbers, started through vsysvwrapper. */
function vService(name: string, levels: string, start: number, stop: number): string {
	return `#!/bin/sh
#
# v_${name}	The host's own ${name}, tied to one IP address.
#
# chkconfig: ${levels} ${start} ${stop}
# description: Runs the host's ${name} service under chbind, on the
#	address of /etc/vservices/${name}.conf (eth0 by default), so that the
#	virtual servers can run their own ${name} on their addresses. Switch
#	${name} off and v_${name} on.
exec /usr/lib/vserver/vsysvwrapper ${name} "$@"
`;
}

export const VSERVER_FRAMEWORK: Readonly<Record<string, string>> = {
	'/usr/sbin/vserver': VSERVER,
	'/usr/lib/vserver/save_s_context': SAVE_S_CONTEXT,
	'/usr/lib/vserver/vserverkillall': VSERVERKILLALL,
	'/usr/lib/vserver/filetime': FILETIME,
	'/usr/lib/vserver/vsysvwrapper': VSYSVWRAPPER,
	'/etc/rc.d/init.d/v_httpd': vService('httpd', '345', 85, 15),
	'/etc/rc.d/init.d/v_sshd': vService('sshd', '2345', 55, 25),
	'/etc/rc.d/init.d/v_xinetd': vService('xinetd', '345', 56, 50)
};

/**
 * Installs the framework's scripts; /etc/vservers is created mode 600 as build would. The v_
 * services are installed but linked in no run level: chkconfig v_httpd on switches one on.
 */
export function installVserverFramework(k: Kernel): void {
	k.writeFile('/etc/vservers.conf', VSERVERS_CONF);
	k.mkdirp('/etc/vservers', 0o600);
	k.writeFile('/etc/vservers/newvserver.defaults', NEWVSERVER_DEFAULTS);
	k.mkdirp('/etc/vservices');
	for (const [path, text] of Object.entries(VSERVER_FRAMEWORK)) k.writeFile(path, text, 0o755);
}
