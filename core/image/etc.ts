// The configuration files of the image's /etc (and /var/www's page), generated from the boot
// options so that a machine with another name or address describes itself consistently.

export interface EtcOptions {
	hostname: string;
	domainname: string;
	/** eth0's address, as the network was set up at boot. */
	eth0: string;
}

export const INITTAB = `#
# /etc/inittab: what init does in each run level.
#
# Run levels: 0 halt, 1 single user, 2 multi-user without NFS, 3 full multi-user,
# 4 unused, 5 graphical login, 6 reboot.
#
id:3:initdefault:

# Once at boot, before any run level.
si::sysinit:/etc/rc.d/rc.sysinit

# Entering a run level runs its rc directory.
l0:0:wait:/etc/rc.d/rc 0
l1:1:wait:/etc/rc.d/rc 1
l2:2:wait:/etc/rc.d/rc 2
l3:3:wait:/etc/rc.d/rc 3
l4:4:wait:/etc/rc.d/rc 4
l5:5:wait:/etc/rc.d/rc 5
l6:6:wait:/etc/rc.d/rc 6

# No gettys: the lab's terminals are opened by the page (or by xterm), each with its login
# shell already running.
`;

export function etcFiles(o: EtcOptions): Record<string, string> {
	const fqdn = `${o.hostname}.${o.domainname}`;
	return {
		'/etc/hosts':
			'# The names this machine knows without DNS (nsswitch.conf: hosts: files).\n' +
			'127.0.0.1\t\tlocalhost.localdomain localhost\n' +
			`${o.eth0}\t\t${fqdn} ${o.hostname}\n`,
		'/etc/host.conf': 'order hosts,bind\n',
		'/etc/nsswitch.conf':
			'passwd:     files\nshadow:     files\ngroup:      files\nhosts:      files\nservices:   files\n',
		'/etc/sysconfig/network': `NETWORKING=yes\nHOSTNAME=${fqdn}\nGATEWAY=\n`,
		'/etc/sysconfig/network-scripts/ifcfg-lo':
			'DEVICE=lo\nIPADDR=127.0.0.1\nNETMASK=255.0.0.0\nNETWORK=127.0.0.0\nBROADCAST=127.255.255.255\nONBOOT=yes\nNAME=loopback\n',
		'/etc/sysconfig/network-scripts/ifcfg-eth0': `DEVICE=eth0\nBOOTPROTO=static\nIPADDR=${o.eth0}\nNETMASK=255.255.255.0\nONBOOT=yes\n`,
		'/etc/sysconfig/syslog': 'SYSLOGD_OPTIONS="-m 0"\nKLOGD_OPTIONS="-2"\n',
		'/etc/inittab': INITTAB,
		'/etc/profile':
			'# /etc/profile: read by login shells. Per-user settings belong in ~/.bash_profile.\n\n' +
			'# login and the terminals already set USER, LOGNAME, HOME, MAIL and HOSTNAME, so this\n' +
			'# file starts no programs (every login stays quick).\n' +
			'HISTSIZE=1000\nINPUTRC=/etc/inputrc\n\n' +
			'export HISTSIZE INPUTRC\n',
		'/etc/bashrc':
			'# /etc/bashrc: read by interactive shells through ~/.bashrc.\n\n' +
			'# Files are group-writable for users with their own group (uid = gid > 99).\n' +
			'if [ "`id -gn`" = "`id -un`" ] && [ `id -u` -gt 99 ]; then\n\tumask 002\nelse\n\tumask 022\nfi\n\n' +
			'if [ "$PS1" ]; then\n\tPS1="[\\u@\\h \\W]\\\\$ "\nfi\n',
		'/etc/motd': '',
		'/etc/issue': 'Red Hat Linux release 7.3 (Valhalla)\nKernel \\r on an \\m\n\n',
		'/etc/issue.net': 'Red Hat Linux release 7.3 (Valhalla)\nKernel %r on an %m\n\n',
		'/etc/services':
			'# Network services: name, port/protocol, aliases.\n' +
			'echo\t\t7/tcp\ndiscard\t\t9/tcp\t\tsink null\nftp-data\t20/tcp\nftp\t\t21/tcp\n' +
			'ssh\t\t22/tcp\ntelnet\t\t23/tcp\nsmtp\t\t25/tcp\t\tmail\ndomain\t\t53/tcp\ndomain\t\t53/udp\n' +
			'http\t\t80/tcp\t\twww www-http\npop3\t\t110/tcp\nsunrpc\t\t111/tcp\nsunrpc\t\t111/udp\n' +
			'auth\t\t113/tcp\t\tident\nntp\t\t123/udp\nimap\t\t143/tcp\nsyslog\t\t514/udp\nprinter\t\t515/tcp\n',
		'/etc/syslog.conf':
			'# Where syslogd writes what it receives: facility.level selectors, then a file.\n\n' +
			'# Most of it, except what has a file of its own.\n' +
			'*.info;mail.none;authpriv.none;cron.none\t\t/var/log/messages\n\n' +
			'# Logins and other authentication, readable by root only.\n' +
			'authpriv.*\t\t\t\t\t/var/log/secure\n\n' +
			'mail.*\t\t\t\t\t\t-/var/log/maillog\n\n' +
			'cron.*\t\t\t\t\t\t/var/log/cron\n\n' +
			'*.emerg\t\t\t\t\t\t*\n',
		'/etc/crontab':
			'SHELL=/bin/bash\nPATH=/sbin:/bin:/usr/sbin:/usr/bin\nMAILTO=root\nHOME=/\n\n' +
			'# minute hour day-of-month month day-of-week user command\n' +
			'01 * * * * root run-parts /etc/cron.hourly\n' +
			'02 4 * * * root run-parts /etc/cron.daily\n' +
			'22 4 * * 0 root run-parts /etc/cron.weekly\n' +
			'42 4 1 * * root run-parts /etc/cron.monthly\n',
		'/etc/xinetd.conf':
			'# xinetd: defaults for every service, then one file per service in /etc/xinetd.d.\n\n' +
			'defaults\n{\n\tinstances\t\t= 60\n\tlog_type\t\t= SYSLOG authpriv\n' +
			'\tlog_on_success\t\t= HOST PID\n\tlog_on_failure\t\t= HOST\n\tcps\t\t\t= 25 30\n}\n\n' +
			'includedir /etc/xinetd.d\n',
		'/etc/xinetd.d/telnet':
			'# default: on\n# description: The telnet server serves telnet sessions; it uses\n#\tunencrypted username/password pairs for authentication.\n' +
			'service telnet\n{\n\tflags\t\t= REUSE\n\tsocket_type\t= stream\n\twait\t\t= no\n' +
			'\tuser\t\t= root\n\tserver\t\t= /usr/sbin/in.telnetd\n\tlog_on_failure\t+= USERID\n\tdisable\t\t= no\n}\n',
		'/etc/httpd/conf/httpd.conf':
			'# Apache configuration (the directives this httpd reads; see the Apache 1.3 manual).\n\n' +
			'ServerType standalone\nServerRoot "/etc/httpd"\nPidFile /var/run/httpd.pid\n\n' +
			'# Which address and port to listen on: every address by default.\nListen 80\n\n' +
			'User apache\nGroup apache\nServerAdmin root@localhost\n' +
			`ServerName ${fqdn}\n\n` +
			'DocumentRoot "/var/www/html"\nDirectoryIndex index.html index.htm\n\n' +
			'ErrorLog /var/log/httpd/error_log\nCustomLog /var/log/httpd/access_log common\n',
		'/etc/ssh/sshd_config':
			'# sshd: the settings the lab honours.\nPort 22\nListenAddress 0.0.0.0\nPermitRootLogin yes\nPasswordAuthentication yes\n',
		'/etc/mail/sendmail.cf':
			'# sendmail: this lab delivers to local mailboxes only.\nO DaemonPortOptions=Port=smtp, Name=MTA\n',
		'/etc/securetty': ['console', 'vc/1', 'vc/2', 'tty1', 'tty2'].join('\n') + '\n',
		'/var/www/html/index.html':
			`<html>\n<head><title>${o.hostname}</title></head>\n<body>\n` +
			`<h1>It works: ${fqdn}</h1>\n<p>This page is served by the Apache of ${fqdn}.</p>\n</body>\n</html>\n`
	};
}
