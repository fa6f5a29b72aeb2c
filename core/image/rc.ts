// The boot scripts of the image: /etc/rc.d/rc.sysinit, /etc/rc.d/rc, the helpers in
// /etc/rc.d/init.d/functions and one script per service, written for our shell in the plain
// Bourne style of Red Hat 7.3's initscripts (our own text), plus /sbin/service and run-parts.

/** The helpers every init script sources: start, stop and report daemons, print the OK column. */
export const FUNCTIONS = `# -*-Shell-script-*-
#
# /etc/rc.d/init.d/functions: what the service scripts share. Sourced, never run.
#

PATH=/sbin:/usr/sbin:/bin:/usr/bin:/usr/X11R6/bin
export PATH
umask 022

# The result column: ESC [ 60 G moves the cursor there on any vt100-like terminal.
RES_COL=60
move_to_col() { printf '\\033[%dG' $RES_COL; }
color_ok() { printf '\\033[1;32m'; }
color_bad() { printf '\\033[1;31m'; }
color_normal() { printf '\\033[0;39m'; }

echo_success() {
	move_to_col; printf '[  '; color_ok; printf 'OK'; color_normal; printf '  ]\\r'
	return 0
}
echo_failure() {
	move_to_col; printf '['; color_bad; printf 'FAILED'; color_normal; printf ']\\r'
	return 1
}

# success/failure take a description (for the boot log) and print the column.
success() { echo_success; return 0; }
failure() { rc=$?; echo_failure; return $rc; }

# checkpid PID...: true if one of them is alive.
checkpid() {
	while [ -n "$1" ]; do
		[ -d /proc/$1 ] && return 0
		shift
	done
	return 1
}

# pidofproc NAME: the pid from /var/run/NAME.pid when it is alive, else what pidof finds.
pidofproc() {
	base=\${1##*/}
	if [ -f /var/run/$base.pid ]; then
		read pid < /var/run/$base.pid
		if [ -n "$pid" ] && [ -d /proc/$pid ]; then
			echo $pid
			return 0
		fi
	fi
	pidof -o $$ -o $PPID $base
}

# daemon [--user USER] PROGRAM [ARGS]: starts PROGRAM unless it already runs.
daemon() {
	user=
	while [ "$1" != "\${1##-}" ]; do
		case $1 in
		--user) user=$2; shift 2 ;;
		--user=*) user=\${1#--user=}; shift ;;
		*) echo "daemon: unknown option $1"; return 1 ;;
		esac
	done
	base=\${1##*/}
	if [ -f /var/run/$base.pid ]; then
		read pid < /var/run/$base.pid
		if [ -n "$pid" ] && [ -d /proc/$pid ]; then
			return 0
		fi
	fi
	if [ -z "$user" ]; then
		"$@" && success "$base startup" || failure "$base startup"
	else
		su -s /bin/sh - $user -c "$*" && success "$base startup" || failure "$base startup"
	fi
}

# killproc PROGRAM [-SIGNAL]: TERM then KILL when no signal is given.
killproc() {
	if [ $# -eq 0 ]; then
		echo "Usage: killproc {program} [signal]"
		return 1
	fi
	base=\${1##*/}
	sig=$2
	pid=\`pidofproc $1\`
	if [ -z "$pid" ]; then
		failure "$base shutdown"
		return 1
	fi
	if [ -n "$sig" ]; then
		kill $sig $pid
		rc=$?
		[ $rc -eq 0 ] && success "$base $sig" || failure "$base $sig"
		return $rc
	fi
	kill -TERM $pid
	# Give it a tenth of a second, then a second, then no choice.
	checkpid $pid && sleep 0.1
	checkpid $pid && sleep 1
	checkpid $pid && kill -KILL $pid
	rm -f /var/run/$base.pid
	success "$base shutdown"
	return 0
}

# status PROGRAM: what the service is doing, in the words of the status action.
status() {
	base=\${1##*/}
	pid=\`pidofproc $1\`
	if [ -n "$pid" ]; then
		echo "$base (pid $pid) is running..."
		return 0
	fi
	if [ -f /var/run/$base.pid ]; then
		echo "$base dead but pid file exists"
		return 1
	fi
	if [ -f /var/lock/subsys/$base ]; then
		echo "$base dead but subsys locked"
		return 2
	fi
	echo "$base is stopped"
	return 3
}
`;

/** One standard script: start, stop, restart, reload, condrestart and status for a daemon. */
function service(o: {
	name: string;
	header: string;
	description: string;
	prog: string;
	path: string;
	args?: string;
	label: string;
	lock?: string;
	reload?: boolean;
	config?: string;
}): string {
	const lock = o.lock ?? o.name;
	const args = o.args ? ' ' + o.args : '';
	const reload = o.reload
		? `reload() {
	printf 'Reloading %s: ' "${o.label}"
	killproc ${o.prog} -HUP
	RETVAL=$?
	echo
	return $RETVAL
}
`
		: '';
	return `#!/bin/bash
#
# ${o.name}	${o.description}
#
# chkconfig: ${o.header}
# description: ${o.description}
${o.config ? `# config: ${o.config}\n` : ''}
. /etc/rc.d/init.d/functions

RETVAL=0

start() {
	printf 'Starting %s: ' "${o.label}"
	daemon ${o.path}${args}
	RETVAL=$?
	echo
	[ $RETVAL -eq 0 ] && touch /var/lock/subsys/${lock}
	return $RETVAL
}

stop() {
	printf 'Shutting down %s: ' "${o.label}"
	killproc ${o.prog}
	RETVAL=$?
	echo
	[ $RETVAL -eq 0 ] && rm -f /var/lock/subsys/${lock}
	return $RETVAL
}

${reload}case "$1" in
start)
	start
	;;
stop)
	stop
	;;
restart)
	stop
	start
	;;
${o.reload ? 'reload)\n\treload\n\t;;\n' : ''}condrestart)
	if [ -f /var/lock/subsys/${lock} ]; then
		stop
		start
	fi
	;;
status)
	status ${o.prog}
	RETVAL=$?
	;;
*)
	echo "Usage: ${o.name} {start|stop|restart|${o.reload ? 'reload|' : ''}condrestart|status}"
	exit 1
esac

exit $RETVAL
`;
}

/** /etc/rc.d/init.d: every script, by name. The chkconfig headers decide the rcN.d links. */
export const INIT_SCRIPTS: Record<string, string> = {
	syslog: service({
		name: 'syslog',
		header: '2345 12 88',
		description: 'Syslog is the facility by which many daemons log messages to files.',
		prog: 'syslogd',
		path: 'syslogd',
		args: '-m 0',
		label: 'system logger',
		lock: 'syslog',
		reload: true,
		config: '/etc/syslog.conf'
	}),
	crond: service({
		name: 'crond',
		header: '2345 90 60',
		description: 'crond runs the commands of the crontabs at their times.',
		prog: 'crond',
		path: 'crond',
		label: 'crond',
		reload: true,
		config: '/etc/crontab'
	}),
	httpd: service({
		name: 'httpd',
		header: '345 85 15',
		description: 'The Apache web server, serving /var/www/html.',
		prog: 'httpd',
		path: '/usr/sbin/httpd',
		label: 'httpd',
		reload: true,
		config: '/etc/httpd/conf/httpd.conf'
	}),
	xinetd: service({
		name: 'xinetd',
		header: '345 56 50',
		description: 'xinetd listens for the services of /etc/xinetd.d and starts them on demand.',
		prog: 'xinetd',
		path: 'xinetd',
		args: '-stayalive -reuse',
		label: 'xinetd',
		reload: true,
		config: '/etc/xinetd.conf'
	}),
	sshd: service({
		name: 'sshd',
		header: '2345 55 25',
		description: 'The OpenSSH server: remote logins with passwords.',
		prog: 'sshd',
		path: '/usr/sbin/sshd',
		label: 'sshd',
		config: '/etc/ssh/sshd_config'
	}),
	sendmail: service({
		name: 'sendmail',
		header: '2345 80 30',
		description: 'Sendmail accepts mail over SMTP and delivers it to local mailboxes.',
		prog: 'sendmail',
		path: '/usr/sbin/sendmail',
		args: '-bd -q1h',
		label: 'sendmail',
		config: '/etc/mail/sendmail.cf'
	})
};

/**
 * The vserver package's two services (reference §5.8, §5.9). vservers starts the vservers whose
 * configuration says ONBOOT=yes, by PRIORITY, and stops every running one in the reverse order;
 * rebootmgr listens on each vserver's /dev/reboot. Both are off at boot, as the fixed facts say.
 * CHOICE: rebootmgr's 97/11 numbers are ours (just before vservers, which starts at 98).
 */
INIT_SCRIPTS.vservers = `#!/bin/sh
#
# vservers	Starts the virtual servers configured with ONBOOT=yes, and
#		stops every running one at shutdown.
#
# chkconfig: 345 98 10
# description: The virtual servers of /etc/vservers: each NAME.conf with
#	ONBOOT=yes is started, by increasing PRIORITY (default 100).

USR_SBIN=/usr/sbin

# vservers_by_priority [-r]: the names of the configured vservers, in start
# order (or stop order with -r).
vservers_by_priority () {
	for conf in /etc/vservers/*.conf; do
		[ -f $conf ] || continue
		name=\${conf##*/}
		name=\${name%.conf}
		prio=\`PRIORITY=; . $conf; echo \${PRIORITY:-100}\`
		echo "$prio $name"
	done | sort -n $1 | while read prio name; do
		echo $name
	done
}

# onboot NAME: what NAME's configuration says of ONBOOT.
onboot () {
	(ONBOOT=; . /etc/vservers/$1.conf; echo $ONBOOT)
}

# startall: starts the ONBOOT=yes vservers, in PRIORITY order.
startall () {
	for name in \`vservers_by_priority\`; do
		if [ "\`onboot $name\`" = yes ]; then
			$USR_SBIN/vserver $name start
		else
			echo "vserver $name not configured for on boot start"
		fi
	done
}

case "$1" in
start)
	BACKGROUND=no
	if [ -f /etc/vservers.conf ]; then
		. /etc/vservers.conf
	fi
	if [ "$BACKGROUND" = yes ]; then
		# In the background, deaf to the hangup of the terminal that asked,
		# so that a slow vserver does not hold up the boot. The package
		# wrote on the eighth virtual console. SIMPLIFIED: the model's
		# machine has no virtual consoles, so without a /dev/tty8 the
		# output is appended to /var/log/boot.log, as rebootmgr's is.
		CONSOLE=/dev/tty8
		if [ ! -c $CONSOLE ]; then
			CONSOLE=/var/log/boot.log
		fi
		(trap '' HUP; startall) < /dev/null >> $CONSOLE 2>&1 &
	else
		startall
	fi
	touch /var/lock/subsys/vservers
	;;
stop)
	for name in \`vservers_by_priority -r\`; do
		if $USR_SBIN/vserver $name running > /dev/null; then
			$USR_SBIN/vserver $name stop
		fi
	done
	rm -f /var/lock/subsys/vservers
	;;
restart)
	$0 stop
	$0 start
	;;
reload)
	echo "vservers: reload is not implemented"
	;;
status)
	for name in \`vservers_by_priority\`; do
		printf 'ONBOOT=%s ' "\`onboot $name\`"
		$USR_SBIN/vserver $name running
	done
	;;
*)
	echo "Usage: vservers {start|stop|restart|reload|status}"
	exit 1
esac
exit 0
`;

INIT_SCRIPTS.rebootmgr = `#!/bin/bash
#
# rebootmgr	Lets a virtual server ask for its own restart over /dev/reboot.
#
# chkconfig: - 97 11
# description: The reboot manager of the virtual servers: vreboot and vhalt
#	inside a vserver ask it to restart or stop that vserver.

. /etc/rc.d/init.d/functions

RETVAL=0

case "$1" in
start)
	printf 'Starting %s: ' rebootmgr
	names=
	for conf in /etc/vservers/*.conf; do
		[ -f $conf ] || continue
		name=\${conf##*/}
		names="$names \${name%.conf}"
	done
	daemon /usr/sbin/rebootmgr --pidfile /var/run/rebootmgr.pid $names
	RETVAL=$?
	echo
	[ $RETVAL -eq 0 ] && touch /var/lock/subsys/rebootmgr
	;;
stop)
	printf 'Shutting down %s: ' rebootmgr
	killproc rebootmgr
	RETVAL=$?
	echo
	[ $RETVAL -eq 0 ] && rm -f /var/lock/subsys/rebootmgr
	;;
restart)
	$0 stop
	$0 start
	RETVAL=$?
	;;
status)
	status rebootmgr
	RETVAL=$?
	;;
*)
	echo "Usage: rebootmgr {start|stop|restart|status}"
	exit 1
esac
exit $RETVAL
`;

/** /etc/rc.d/rc: runs the K scripts then the S scripts of one run level. */
export const RC = `#!/bin/bash
#
# /etc/rc.d/rc: changes the run level. init runs it as "rc N"; it stops what has a K link in
# rcN.d and is running (its /var/lock/subsys file exists), then starts each S link in order.
#

runlevel=$1
[ -n "$runlevel" ] || { echo "Usage: rc <runlevel>"; exit 1; }
dir=/etc/rc.d/rc$runlevel.d
[ -d $dir ] || exit 0

for i in $dir/K*; do
	[ -x $i ] || continue
	subsys=\${i#$dir/K??}
	[ -f /var/lock/subsys/$subsys ] || continue
	$i stop
done

for i in $dir/S*; do
	[ -x $i ] || continue
	subsys=\${i#$dir/S??}
	[ -f /var/lock/subsys/$subsys ] && continue
	$i start
done
`;

/** /etc/rc.d/rc.sysinit: once per boot, before any run level. */
export const RC_SYSINIT = `#!/bin/bash
#
# /etc/rc.d/rc.sysinit: run once by init at boot. The kernel model has already mounted /proc,
# /dev/pts and /dev/shm and set the host name.
#

. /etc/sysconfig/network

printf 'Welcome to %s\\n' "Red Hat Linux"

# What the last boot left behind.
rm -f /var/run/*.pid /var/lock/subsys/*
: > /var/log/wtmp
`;

/** /sbin/service: runs an init script with a clean working directory. */
export const SERVICE = `#!/bin/sh
#
# /sbin/service: runs /etc/rc.d/init.d/NAME with the given action, from /.
#

if [ $# -eq 0 ]; then
	echo "Usage: service < option > | --status-all | [ service_name [ command | --full-restart ] ]"
	exit 1
fi

cd /
case $1 in
--status-all)
	for s in /etc/rc.d/init.d/*; do
		[ -x $s ] || continue
		case $s in
		*/functions|*/halt|*/killall|*/single) continue ;;
		esac
		$s status
	done
	exit 0
	;;
esac

name=$1
shift
if [ ! -x /etc/rc.d/init.d/$name ]; then
	echo "$name: unrecognized service"
	exit 1
fi
if [ "$1" = "--full-restart" ]; then
	/etc/rc.d/init.d/$name stop
	exec /etc/rc.d/init.d/$name start
fi
exec /etc/rc.d/init.d/$name "$@"
`;

/** run-parts: runs each executable of a directory, as /etc/crontab uses it. */
export const RUN_PARTS = `#!/bin/bash
# run-parts DIR: runs every executable file of DIR in name order.
if [ $# -ne 1 ] || [ ! -d "$1" ]; then
	echo "Usage: run-parts <dir>"
	exit 1
fi
for i in $1/*; do
	case $i in
	*~|*,|*.rpmsave|*.rpmorig|*.rpmnew|*.swp) continue ;;
	esac
	[ -f $i ] && [ -x $i ] && $i
done
exit 0
`;

/** Services that ship on but the fixed facts keep off at boot (ARCHITECTURE.md). */
export const OFF_AT_BOOT = new Set(['sshd', 'sendmail', 'vservers', 'rebootmgr']);
