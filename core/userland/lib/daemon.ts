// What the base system's daemons share: detaching from the terminal (daemon(3)), pid files in
// /var/run, syslog(3) over /dev/log, reading a whole file, and utmp's runlevel record.
import {
	AF_UNIX,
	O_CREAT,
	O_RDONLY,
	O_RDWR,
	O_TRUNC,
	O_WRONLY,
	SOCK_DGRAM,
	isErrno,
	type Sys
} from '../../syscalls/index.ts';
import { strftime } from './time.ts';

/** syslog(3) facilities (already shifted, as <sys/syslog.h> has them). */
export const LOG_KERN = 0 << 3,
	LOG_USER = 1 << 3,
	LOG_MAIL = 2 << 3,
	LOG_DAEMON = 3 << 3,
	LOG_AUTH = 4 << 3,
	LOG_SYSLOG = 5 << 3,
	LOG_CRON = 9 << 3,
	LOG_AUTHPRIV = 10 << 3,
	LOG_LOCAL7 = 23 << 3;
export const LOG_EMERG = 0,
	LOG_ALERT = 1,
	LOG_CRIT = 2,
	LOG_ERR = 3,
	LOG_WARNING = 4,
	LOG_NOTICE = 5,
	LOG_INFO = 6,
	LOG_DEBUG = 7;

export const FACILITY_NAMES: Record<string, number> = {
	kern: LOG_KERN,
	user: LOG_USER,
	mail: LOG_MAIL,
	daemon: LOG_DAEMON,
	auth: LOG_AUTH,
	security: LOG_AUTH,
	syslog: LOG_SYSLOG,
	lpr: 6 << 3,
	news: 7 << 3,
	uucp: 8 << 3,
	cron: LOG_CRON,
	authpriv: LOG_AUTHPRIV,
	ftp: 11 << 3,
	local0: 16 << 3,
	local1: 17 << 3,
	local2: 18 << 3,
	local3: 19 << 3,
	local4: 20 << 3,
	local5: 21 << 3,
	local6: 22 << 3,
	local7: LOG_LOCAL7
};
export const LEVEL_NAMES: Record<string, number> = {
	emerg: LOG_EMERG,
	panic: LOG_EMERG,
	alert: LOG_ALERT,
	crit: LOG_CRIT,
	err: LOG_ERR,
	error: LOG_ERR,
	warning: LOG_WARNING,
	warn: LOG_WARNING,
	notice: LOG_NOTICE,
	info: LOG_INFO,
	debug: LOG_DEBUG
};

/** The timestamp syslog puts in front of a line: `Mar  1 12:00:00`. */
export async function syslogStamp(sys: Sys): Promise<string> {
	return strftime('%b %e %H:%M:%S', await sys.time());
}

/**
 * syslog(3): one datagram `<PRI>Mmm dd hh:mm:ss tag[pid]: message` to /dev/log. As glibc does,
 * a missing syslogd loses the message silently.
 */
export async function syslog(
	sys: Sys,
	priority: number,
	tag: string,
	message: string,
	withPid = true
): Promise<void> {
	const fd = await sys.socket(AF_UNIX, SOCK_DGRAM);
	if (isErrno(fd)) return;
	const id = withPid ? `${tag}[${await sys.getpid()}]` : tag;
	await sys.sendto(fd, `<${priority}>${await syslogStamp(sys)} ${id}: ${message}`, {
		path: '/dev/log'
	});
	await sys.close(fd);
}

/** A whole file as text, or null when it cannot be read. */
export async function readFile(sys: Sys, path: string): Promise<string | null> {
	const fd = await sys.open(path, O_RDONLY);
	if (isErrno(fd)) return null;
	let text = '';
	for (;;) {
		const r = await sys.read(fd, 65536);
		if (isErrno(r) || r === '') break;
		text += r;
	}
	await sys.close(fd);
	return text;
}

/** Replaces a file's contents (creating it with `mode`); false when it cannot be written. */
export async function writeFile(
	sys: Sys,
	path: string,
	text: string,
	mode = 0o644
): Promise<boolean> {
	const fd = await sys.open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	if (isErrno(fd)) return false;
	const r = await sys.write(fd, text);
	await sys.close(fd);
	return !isErrno(r);
}

/** Reopens 0, 1 and 2 on /dev/null, as daemon(3) does after setsid. */
export async function nullStdio(sys: Sys): Promise<void> {
	const fd = await sys.open('/dev/null', O_RDWR);
	if (isErrno(fd)) return;
	for (const n of [0, 1, 2]) if (n !== fd) await sys.dup2(fd, n);
	if (fd > 2) await sys.close(fd);
}

/**
 * daemon(3) plus the pid file: the child leaves the session of the caller, drops its terminal,
 * writes /var/run/NAME.pid and runs `body`; the parent returns 0 at once, so `daemon` in the rc
 * functions sees the start succeed.
 */
export async function daemonize(
	sys: Sys,
	pidName: string | null,
	body: (sys: Sys) => Promise<number>
): Promise<number> {
	const pid = await sys.fork(async (c) => {
		await c.setsid();
		await c.chdir('/');
		await nullStdio(c);
		if (pidName !== null) await writeFile(c, `/var/run/${pidName}.pid`, `${await c.getpid()}\n`);
		return body(c);
	});
	return isErrno(pid) ? 1 : 0;
}

/** Whether argv asks a daemon to stay in the foreground (-n / -d / -D styles differ per daemon). */
export const hasFlag = (argv: string[], flag: string): boolean => argv.slice(1).includes(flag);

/**
 * utmp's run-level record. SIMPLIFIED: /var/run/utmp is text, one `RUN_LVL PREV CUR` line (the
 * only record the model keeps); init writes it on each change and `runlevel` reads it, so a
 * vserver's fake record (fakerunlevel) is a one-line file.
 */
export function utmpRunlevel(text: string | null): { prev: string; cur: string } | null {
	for (const line of (text ?? '').split('\n').reverse()) {
		const f = line.trim().split(/\s+/);
		if (f[0] === 'RUN_LVL' && f.length >= 3) return { prev: f[1]!, cur: f[2]! };
	}
	return null;
}

export const utmpLine = (prev: string, cur: string): string => `RUN_LVL ${prev} ${cur}\n`;
