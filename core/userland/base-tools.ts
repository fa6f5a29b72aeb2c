// The programs of the base distribution (issue 10): init and its tools, the daemons the rc scripts
// start, and the network clients, at their Red Hat 7.3 paths. The registry includes this list.
import type { ProgramEntry } from './registry.ts';
import { runlevel, telinit } from './init.ts';
import { logger, syslogd } from './syslogd.ts';
import { crond } from './crond.ts';
import { httpd } from './httpd.ts';
import { xinetd } from './xinetd.ts';
import { telnetd } from './telnetd.ts';
import { login } from './login.ts';
import { sshd } from './sshd.ts';
import { sendmail } from './sendmail.ts';
import { chkconfig, ntsysv } from './chkconfig.ts';
import { telnet } from './telnet.ts';
import { nc } from './nc.ts';
import { wget } from './wget.ts';
import { xterm } from './xterm.ts';

export const baseTools: ProgramEntry[] = [
	{ name: 'telinit', paths: ['/sbin/telinit'], run: telinit },
	{ name: 'runlevel', paths: ['/sbin/runlevel'], run: runlevel },
	{ name: 'syslogd', paths: ['/sbin/syslogd'], run: syslogd },
	{ name: 'logger', paths: ['/usr/bin/logger'], run: logger },
	{ name: 'crond', paths: ['/usr/sbin/crond'], run: crond },
	{ name: 'httpd', paths: ['/usr/sbin/httpd'], run: httpd },
	{ name: 'xinetd', paths: ['/usr/sbin/xinetd'], run: xinetd },
	{ name: 'in.telnetd', paths: ['/usr/sbin/in.telnetd'], run: telnetd },
	{ name: 'login', paths: ['/bin/login'], run: login },
	{ name: 'sshd', paths: ['/usr/sbin/sshd'], run: sshd },
	{ name: 'sendmail', paths: ['/usr/sbin/sendmail'], run: sendmail },
	{ name: 'chkconfig', paths: ['/sbin/chkconfig'], run: chkconfig },
	{ name: 'ntsysv', paths: ['/usr/sbin/ntsysv'], run: ntsysv },
	{ name: 'telnet', paths: ['/usr/bin/telnet'], run: telnet },
	{ name: 'nc', paths: ['/usr/bin/nc'], run: nc },
	{ name: 'wget', paths: ['/usr/bin/wget'], run: wget },
	{ name: 'xterm', paths: ['/usr/X11R6/bin/xterm'], run: xterm }
];
