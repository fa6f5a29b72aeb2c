// su (sh-utils 2.0, setuid root): asks the target's password on the terminal with echo off
// (TCGETS/TCSETS), checks it against /etc/shadow, then setgid, setgroups (initgroups), setuid
// and exec of the user's shell. Under a lowered cap_bset the new root stays bounded by it.
import {
	ECHO,
	ECHONL,
	isErrno,
	O_RDWR,
	TCGETS,
	TCSETSF,
	type Sys,
	type Termios
} from '../syscalls/index.ts';
import { Tool } from './lib/tool.ts';
import { Users } from './lib/users.ts';
import { readText } from './lib/procps.ts';

const usage = `[OPTION]... [-] [USER [ARG]...]
Change the effective user id and group id to that of USER.

  -, -l, --login               make the shell a login shell
  -c, --commmand=COMMAND       pass a single COMMAND to the shell with -c
  -f, --fast                   pass -f to the shell (for csh or tcsh)
  -m, --preserve-environment   do not reset environment variables
  -p                           same as -m
  -s, --shell=SHELL            run SHELL if /etc/shells allows it
      --help      display this help and exit
      --version   output version information and exit

A mere - implies -l.   If USER not given, assume root.

Report bugs to <bug-sh-utils@gnu.org>.
`;

/**
 * The password field of a user's /etc/shadow line. SIMPLIFIED: the image stores clear text
 * behind a `plain` marker (`name:plain:PASSWORD:...`) instead of a crypt(3) hash.
 */
export function shadowPassword(
	shadow: string,
	name: string
): { plain: boolean; value: string } | null {
	for (const line of shadow.split('\n')) {
		const f = line.split(':');
		if (f[0] !== name || f.length < 2) continue;
		if (f[1] === 'plain') return { plain: true, value: f[2] ?? '' };
		return { plain: false, value: f[1]! };
	}
	return null;
}

/**
 * getpass(3): prompt and read a line on /dev/tty with echo off (stdin and stderr without a
 * terminal), restoring the terminal and printing the newline the user's Enter did not echo.
 */
async function getpass(sys: Sys, prompt: string): Promise<string | null> {
	const tty = await sys.open('/dev/tty', O_RDWR);
	const inFd = isErrno(tty) ? 0 : tty;
	const outFd = isErrno(tty) ? 2 : tty;
	const saved = await sys.ioctl(inFd, TCGETS);
	const isTty = !isErrno(saved);
	if (isTty) {
		const t = saved as Termios;
		await sys.ioctl(inFd, TCSETSF, { ...t, lflag: (t.lflag & ~ECHO) | ECHONL, cc: [...t.cc] });
	}
	await sys.write(outFd, prompt);
	let line = '';
	let ended = false;
	for (;;) {
		const r = await sys.read(inFd, 1);
		if (isErrno(r) || r === '') break;
		if (r === '\n') {
			ended = true;
			break;
		}
		line += r;
	}
	if (isTty) {
		await sys.ioctl(inFd, TCSETSF, saved);
		// ECHONL already echoed the newline; without a terminal write one as getpass does.
	} else await sys.write(outFd, '\n');
	if (!isErrno(tty)) await sys.close(tty);
	return ended || line !== '' ? line : null;
}

export async function su(sys: Sys, argv: string[], env: Record<string, string>): Promise<number> {
	const t = new Tool(sys, argv, env);
	// `-` alone means --login; getopt would take it for an operand, so turn it into -l first.
	const args = argv.map((a, i) => (i > 0 && a === '-' ? '-l' : a));
	const t2 = new Tool(sys, args, env);
	const p = await t2.parse(
		{
			short: '+c:flmps:',
			long: {
				command: { key: 'c', arg: 'required' },
				fast: { key: 'f' },
				login: { key: 'l' },
				'preserve-environment': { key: 'm' },
				shell: { key: 's', arg: 'required' }
			}
		},
		{ usage, version: 'sh-utils 2.0.11' }
	);
	if (typeof p === 'number') return p;
	let login = false;
	let command: string | null = null;
	let preserve = false;
	let shellOpt: string | null = null;
	for (const o of p.options) {
		if (o.key === 'l') login = true;
		else if (o.key === 'c') command = o.value!;
		else if (o.key === 'm' || o.key === 'p') preserve = true;
		else if (o.key === 's') shellOpt = o.value!;
	}
	let rest = p.operands;
	if (rest[0] === '-l') {
		login = true;
		rest = rest.slice(1);
	}
	const name = rest[0] ?? 'root';
	const extra = rest.slice(1);
	const tab = new Users(sys);
	const pw = await tab.byName(name);
	if (!pw) {
		await t.error(`user ${name} does not exist`);
		return 1;
	}
	// Root needs no password; everyone else types the target's.
	if ((await sys.getuid()) !== 0) {
		const shadow = await readText(sys, '/etc/shadow');
		const want = isErrno(shadow) ? null : shadowPassword(shadow, name);
		const typed = await getpass(sys, 'Password: ');
		const good = want !== null && typed !== null && (want.plain ? typed === want.value : false);
		if (!good) {
			await t.error('incorrect password');
			return 1;
		}
	}
	const groups = [pw.gid];
	for (const g of await tab.groupList()) {
		if (g.members.includes(pw.name) && !groups.includes(g.gid)) groups.push(g.gid);
	}
	let r = await sys.setgroups(groups);
	if (isErrno(r)) {
		await t.error(`cannot set groups: ${r.message}`);
		return 1;
	}
	r = await sys.setgid(pw.gid);
	if (isErrno(r)) {
		await t.error(`cannot set group id: ${r.message}`);
		return 1;
	}
	r = await sys.setuid(pw.uid);
	if (isErrno(r)) {
		await t.error(`cannot set user id: ${r.message}`);
		return 1;
	}
	let shell = pw.shell || '/bin/sh';
	if (shellOpt !== null && (await sys.getuid()) === 0) shell = shellOpt;
	else if (shellOpt !== null || preserve) shell = env.SHELL && !login ? env.SHELL : shell;
	let newEnv: Record<string, string>;
	if (login) {
		newEnv = {
			HOME: pw.home,
			SHELL: shell,
			USER: pw.name,
			LOGNAME: pw.name,
			PATH:
				pw.uid === 0
					? '/usr/local/sbin:/usr/local/bin:/sbin:/bin:/usr/sbin:/usr/bin:/usr/X11R6/bin'
					: '/usr/local/bin:/bin:/usr/bin:/usr/X11R6/bin'
		};
		if (env.TERM !== undefined) newEnv.TERM = env.TERM;
		const cd = await sys.chdir(pw.home);
		if (isErrno(cd)) {
			await t.errRaw(`su: warning: cannot change directory to ${pw.home}: ${cd.message}\n`);
		}
	} else if (preserve) newEnv = { ...env };
	else {
		newEnv = { ...env, HOME: pw.home, SHELL: shell };
		if (pw.uid !== 0) {
			newEnv.USER = pw.name;
			newEnv.LOGNAME = pw.name;
		}
	}
	const base = shell.slice(shell.lastIndexOf('/') + 1);
	const shellArgv = [
		login ? `-${base}` : base,
		...(command !== null ? ['-c', command] : []),
		...extra
	];
	const e = await sys.execve(shell, shellArgv, newEnv);
	await t.errRaw(`su: ${shell}: ${e.message}\n`);
	return e.name === 'ENOENT' ? 127 : 126;
}
