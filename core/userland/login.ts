// /bin/login (util-linux 2.11): asks a name and a password on its terminal, checks /etc/shadow,
// logs the login to syslog, prints /etc/motd and execs the user's shell as a login shell.
// telnetd and sshd run it on a fresh pty; `-f` (already authenticated) skips the password.
import {
	ECHO,
	ECHONL,
	TCGETS,
	TCSETSF,
	isErrno,
	type Sys,
	type Termios
} from '../syscalls/index.ts';
import { LOG_AUTHPRIV, LOG_NOTICE, LOG_INFO, readFile, syslog } from './lib/daemon.ts';
import { Users, type PasswdEntry } from './lib/users.ts';
import { shadowPassword } from './su.ts';

/** util-linux asks three times before giving up. */
const TRIES = 3;

/** Reads one line from fd 0; null at end of file. The terminal's ICRNL already made Enter '\n'. */
async function readLine(sys: Sys): Promise<string | null> {
	let line = '';
	for (;;) {
		const r = await sys.read(0, 1);
		if (isErrno(r) || r === '') return line === '' ? null : line;
		if (r === '\n' || r === '\r') return line;
		line += r;
	}
}

async function readPassword(sys: Sys): Promise<string | null> {
	const saved = await sys.ioctl(0, TCGETS);
	if (!isErrno(saved)) {
		const t = saved as Termios;
		await sys.ioctl(0, TCSETSF, { ...t, lflag: (t.lflag & ~ECHO) | ECHONL, cc: [...t.cc] });
	}
	await sys.write(1, 'Password: ');
	const line = await readLine(sys);
	if (!isErrno(saved)) await sys.ioctl(0, TCSETSF, saved);
	return line;
}

export async function login(
	sys: Sys,
	argv: string[],
	env: Record<string, string>
): Promise<number> {
	let host: string | null = null;
	let preauth = false;
	let keepEnv = false;
	let name: string | null = null;
	for (let i = 1; i < argv.length; i++) {
		const a = argv[i]!;
		if (a === '-h') host = argv[++i] ?? null;
		else if (a === '-f') preauth = true;
		else if (a === '-p') keepEnv = true;
		else if (!a.startsWith('-')) name = a;
	}
	if (preauth && (await sys.getuid()) !== 0) {
		await sys.write(2, 'login: -f permission denied\n');
		return 1;
	}
	const tty = await sys.ttyname(0);
	const line = isErrno(tty) ? '?' : tty.replace(/^\/dev\//, '');
	const users = new Users(sys);
	const shadow = (await readFile(sys, '/etc/shadow')) ?? '';
	for (let tries = 0; ; tries++) {
		if (tries >= TRIES) return 1;
		if (name === null) {
			await sys.write(1, 'login: ');
			name = await readLine(sys);
			if (name === null) return 1;
			if (name === '') {
				name = null;
				tries--;
				continue;
			}
		}
		const pw = await users.byName(name);
		let ok = preauth && pw !== null;
		if (!preauth) {
			const typed = await readPassword(sys);
			if (typed === null) return 1;
			const want = shadowPassword(shadow, name);
			ok = pw !== null && want !== null && want.plain && typed === want.value;
		}
		if (!ok || !pw) {
			await syslog(
				sys,
				LOG_AUTHPRIV | LOG_NOTICE,
				'login',
				`FAILED LOGIN ${tries + 1} FROM ${host ?? line} FOR ${name}, Authentication failure`,
				false
			);
			await sys.write(1, 'Login incorrect\n\n');
			name = null;
			preauth = false;
			continue;
		}
		return session(sys, pw, line, host, keepEnv ? env : {}, users);
	}
}

async function session(
	sys: Sys,
	pw: PasswdEntry,
	line: string,
	host: string | null,
	env: Record<string, string>,
	users: Users
): Promise<number> {
	const groups = [pw.gid];
	for (const g of await users.groupList()) {
		if (g.members.includes(pw.name) && !groups.includes(g.gid)) groups.push(g.gid);
	}
	// The terminal becomes the user's (crw--w---- user:tty), so write(1) and mesg work on it.
	if (line !== '?') {
		await sys.chown(`/dev/${line}`, pw.uid, 5);
		await sys.chmod(`/dev/${line}`, 0o620);
	}
	if (
		isErrno(await sys.setgroups(groups)) ||
		isErrno(await sys.setgid(pw.gid)) ||
		isErrno(await sys.setuid(pw.uid))
	) {
		await sys.write(2, 'login: cannot set credentials\n');
		return 1;
	}
	const from = host ? ` FROM ${host}` : '';
	if (pw.uid === 0) {
		await syslog(sys, LOG_AUTHPRIV | LOG_NOTICE, 'login', `ROOT LOGIN ON ${line}${from}`, false);
	} else {
		await syslog(
			sys,
			LOG_AUTHPRIV | LOG_INFO,
			'login',
			`LOGIN ON ${line} BY ${pw.name}${from}`,
			false
		);
	}
	if (isErrno(await sys.chdir(pw.home))) {
		await sys.write(1, 'No directory!\nLogging in with home = "/".\n');
		await sys.chdir('/');
	}
	const motd = await readFile(sys, '/etc/motd');
	if (motd) await sys.write(1, motd);
	const shell = pw.shell || '/bin/sh';
	const base = shell.slice(shell.lastIndexOf('/') + 1);
	const newEnv: Record<string, string> = {
		...env,
		HOME: pw.home,
		SHELL: shell,
		USER: pw.name,
		LOGNAME: pw.name,
		PATH:
			pw.uid === 0
				? '/usr/sbin:/sbin:/usr/bin:/bin:/usr/X11R6/bin'
				: '/usr/bin:/bin:/usr/X11R6/bin',
		MAIL: `/var/spool/mail/${pw.name}`,
		TERM: env.TERM ?? 'vt100'
	};
	const e = await sys.execve(shell, [`-${base}`], newEnv);
	await sys.write(2, `login: ${shell}: ${e.message}\n`);
	return 1;
}
