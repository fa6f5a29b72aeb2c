// The programs of the base distribution (issue 10): init and its tools, the daemons the rc scripts
// start, and the network clients, at their Red Hat 7.3 paths. The registry includes this list.
import type { ProgramEntry } from './registry.ts';
import { lazy } from './lib/lazy.ts';
import { runlevel, telinit } from './init.ts';
import { logger, syslogd } from './syslogd.ts';
import { crond } from './crond.ts';
import { httpd } from './httpd.ts';
import { xinetd } from './xinetd.ts';

export const baseTools: ProgramEntry[] = [
	{ name: 'telinit', paths: ['/sbin/telinit'], run: telinit },
	{ name: 'runlevel', paths: ['/sbin/runlevel'], run: runlevel },
	{ name: 'syslogd', paths: ['/sbin/syslogd'], run: syslogd },
	{ name: 'logger', paths: ['/usr/bin/logger'], run: logger },
	{ name: 'crond', paths: ['/usr/sbin/crond'], run: crond },
	{ name: 'httpd', paths: ['/usr/sbin/httpd'], run: httpd },
	{ name: 'xinetd', paths: ['/usr/sbin/xinetd'], run: xinetd },
	{
		name: 'in.telnetd',
		paths: ['/usr/sbin/in.telnetd'],
		run: lazy(
			() => import('./telnetd.ts'),
			(m) => m.telnetd
		)
	},
	{
		name: 'login',
		paths: ['/bin/login'],
		run: lazy(
			() => import('./login.ts'),
			(m) => m.login
		)
	},
	{
		name: 'sshd',
		paths: ['/usr/sbin/sshd'],
		run: lazy(
			() => import('./sshd.ts'),
			(m) => m.sshd
		)
	},
	{
		name: 'sendmail',
		paths: ['/usr/sbin/sendmail'],
		run: lazy(
			() => import('./sendmail.ts'),
			(m) => m.sendmail
		)
	},
	{
		name: 'chkconfig',
		paths: ['/sbin/chkconfig'],
		run: lazy(
			() => import('./chkconfig.ts'),
			(m) => m.chkconfig
		)
	},
	{
		name: 'ntsysv',
		paths: ['/usr/sbin/ntsysv'],
		run: lazy(
			() => import('./chkconfig.ts'),
			(m) => m.ntsysv
		)
	},
	{
		name: 'telnet',
		paths: ['/usr/bin/telnet'],
		run: lazy(
			() => import('./telnet.ts'),
			(m) => m.telnet
		)
	},
	{
		name: 'nc',
		paths: ['/usr/bin/nc'],
		run: lazy(
			() => import('./nc.ts'),
			(m) => m.nc
		)
	},
	{
		name: 'wget',
		paths: ['/usr/bin/wget'],
		run: lazy(
			() => import('./wget.ts'),
			(m) => m.wget
		)
	},
	{
		name: 'xterm',
		paths: ['/usr/X11R6/bin/xterm'],
		run: lazy(
			() => import('./xterm.ts'),
			(m) => m.xterm
		)
	}
];
