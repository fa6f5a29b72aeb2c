// syslogd (sysklogd 1.4.1) and logger (util-linux 2.11): syslogd reads datagrams on /dev/log and
// appends them to the files /etc/syslog.conf routes them to; logger sends one.
import {
	AF_UNIX,
	O_APPEND,
	O_CREAT,
	O_WRONLY,
	SIGHUP,
	SIGTERM,
	SOCK_DGRAM,
	isErrno,
	type Sys
} from '../syscalls/index.ts';
import {
	FACILITY_NAMES,
	LEVEL_NAMES,
	LOG_NOTICE,
	LOG_SYSLOG,
	LOG_INFO,
	LOG_USER,
	daemonize,
	readFile,
	syslog,
	syslogStamp
} from './lib/daemon.ts';
import { Users } from './lib/users.ts';

interface Rule {
	/** Per facility number (0-23): the highest level that matches, -1 for none. */
	max: number[];
	/** `=level` selectors: exactly these levels per facility. */
	exact: Set<number>[];
	file: string;
}

/** Parses /etc/syslog.conf: `facility.level;facility.none  /file` lines; other actions are skipped. */
export function parseSyslogConf(text: string): Rule[] {
	const rules: Rule[] = [];
	for (const raw of text.split('\n')) {
		const line = raw.trim();
		if (line === '' || line.startsWith('#')) continue;
		const m = /^(\S+)\s+(\S+)$/.exec(line);
		if (!m) continue;
		let file = m[2]!;
		if (file.startsWith('-')) file = file.slice(1);
		// SIMPLIFIED: user terminals (`*`, names) and remote hosts (@host) are not written to.
		if (!file.startsWith('/')) continue;
		const rule: Rule = {
			max: new Array<number>(24).fill(-1),
			exact: Array.from({ length: 24 }, () => new Set<number>()),
			file
		};
		for (const sel of m[1]!.split(';')) {
			const dot = sel.lastIndexOf('.');
			if (dot < 0) continue;
			const facs = sel.slice(0, dot).split(',');
			let lv = sel.slice(dot + 1);
			const nums = facs.flatMap((f) =>
				f === '*'
					? [...Array(24).keys()]
					: FACILITY_NAMES[f] !== undefined
						? [FACILITY_NAMES[f]! >> 3]
						: []
			);
			for (const n of nums) {
				if (lv === 'none') {
					rule.max[n] = -1;
					rule.exact[n]!.clear();
				} else if (lv.startsWith('=')) {
					lv = lv.slice(1);
					rule.exact[n]!.add(LEVEL_NAMES[lv] ?? 7);
				} else rule.max[n] = lv === '*' ? 7 : (LEVEL_NAMES[lv] ?? 7);
			}
		}
		rules.push(rule);
	}
	return rules;
}

/** The files a message of `pri` goes to. */
export function route(rules: Rule[], pri: number): string[] {
	const fac = (pri >> 3) & 31;
	const level = pri & 7;
	return rules
		.filter((r) => level <= (r.max[fac] ?? -1) || (r.exact[fac]?.has(level) ?? false))
		.map((r) => r.file);
}

/** `<PRI>Mmm dd hh:mm:ss tag: text` → the priority and the line syslogd writes (host inserted). */
export function formatMessage(
	msg: string,
	host: string,
	now: string
): { pri: number; line: string } {
	let pri = LOG_USER | LOG_NOTICE;
	let rest = msg.replace(/\n$/, '').replace(/\0/g, '');
	const m = /^<(\d{1,3})>/.exec(rest);
	if (m) {
		pri = Number(m[1]) & 0x3ff;
		rest = rest.slice(m[0].length);
	}
	let stamp = now;
	if (/^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d /.test(rest)) {
		stamp = rest.slice(0, 15);
		rest = rest.slice(16);
	}
	return { pri, line: `${stamp} ${host} ${rest}\n` };
}

/** sysklogd's MAXFUNIX: /dev/log and up to 19 more sockets given with -a. */
const MAXFUNIX = 20;

export async function syslogd(sys: Sys, argv: string[]): Promise<number> {
	const foreground = argv.includes('-n');
	// -a SOCKET: one more socket to read, e.g. /vservers/v1/dev/log, so a chrooted service (a
	// vserver) logs to this syslogd, into files its root cannot reach.
	const paths = ['/dev/log'];
	for (let i = 1; i < argv.length; i++) {
		if (argv[i] === '-a' && argv[i + 1] !== undefined) {
			if (paths.length < MAXFUNIX) paths.push(argv[++i]!);
			else {
				await sys.write(2, `Out of descriptors, ignoring ${argv[++i]}\n`);
			}
		}
	}
	const start = async (d: Sys): Promise<number> => {
		const fds: number[] = [];
		for (const path of paths) {
			await d.unlink(path);
			const fd = await d.socket(AF_UNIX, SOCK_DGRAM);
			if (isErrno(fd)) return 1;
			if (isErrno(await d.bind(fd, { path }))) {
				// sysklogd: a socket it cannot make is skipped (the main one is required).
				await d.close(fd);
				if (path === '/dev/log') return 1;
				continue;
			}
			await d.chmod(path, 0o666);
			fds.push(fd);
		}
		let rules = parseSyslogConf((await readFile(d, '/etc/syslog.conf')) ?? '');
		let reload = false;
		await d.signal(SIGHUP, () => (reload = true));
		let exiting = false;
		await d.signal(SIGTERM, () => (exiting = true));
		const host = (await d.uname()).nodename.split('.')[0]!;
		const write = async (pri: number, text: string, raw = false): Promise<void> => {
			const { pri: p, line } = raw
				? { pri, line: text }
				: formatMessage(text, host, await syslogStamp(d));
			for (const file of route(rules, p)) {
				const out = await d.open(file, O_WRONLY | O_APPEND | O_CREAT, 0o600);
				if (isErrno(out)) continue;
				await d.write(out, line);
				await d.close(out);
			}
		};
		const self = async (text: string) =>
			write(LOG_SYSLOG | LOG_INFO, `${await syslogStamp(d)} ${host} ${text}\n`, true);
		await self('syslogd 1.4.1: restart.');
		for (;;) {
			const ready = fds.length === 1 ? null : await d.poll(fds.map((fd) => ({ fd, read: true })));
			const fd = ready && !isErrno(ready) && ready.length > 0 ? ready[0]!.fd : fds[0]!;
			const r =
				ready !== null && (isErrno(ready) || ready.length === 0)
					? ready
					: await d.recvfrom(fd, 1024);
			if (exiting) {
				await self('exiting on signal 15');
				for (const f of fds) await d.close(f);
				await d.unlink('/var/run/syslogd.pid');
				return 0;
			}
			if (reload) {
				reload = false;
				rules = parseSyslogConf((await readFile(d, '/etc/syslog.conf')) ?? '');
				await self('syslogd 1.4.1: restart.');
			}
			if (isErrno(r) || Array.isArray(r)) continue;
			await write(0, r.data);
		}
	};
	if (foreground) return start(sys);
	return daemonize(sys, 'syslogd', start);
}

const LOGGER_USAGE =
	'usage: logger [-is] [-f file] [-p pri] [-t tag] [-u socket] [ message ... ]\n';

/** `facility.level` or a number, as logger's -p takes it. */
function parsePriority(text: string): number | null {
	if (/^\d+$/.test(text)) return Number(text);
	const dot = text.indexOf('.');
	const fac = dot < 0 ? LOG_USER : FACILITY_NAMES[text.slice(0, dot)];
	const lv = LEVEL_NAMES[dot < 0 ? text : text.slice(dot + 1)];
	return fac === undefined || lv === undefined ? null : fac | lv;
}

export async function logger(
	sys: Sys,
	argv: string[],
	env: Record<string, string>
): Promise<number> {
	let pri = LOG_USER | LOG_NOTICE;
	let tag: string | null = null;
	let withPid = false;
	let toStderr = false;
	let file: string | null = null;
	let i = 1;
	for (; i < argv.length; i++) {
		const a = argv[i]!;
		if (a === '--') {
			i++;
			break;
		}
		if (!a.startsWith('-') || a === '-') break;
		for (let j = 1; j < a.length; j++) {
			const c = a[j]!;
			if (c === 'i') withPid = true;
			else if (c === 's') toStderr = true;
			else if (c === 'p' || c === 't' || c === 'f' || c === 'u') {
				const v = a.slice(j + 1) || argv[++i];
				if (v === undefined) {
					await sys.write(2, `logger: option requires an argument -- ${c}\n${LOGGER_USAGE}`);
					return 1;
				}
				if (c === 'p') {
					const p = parsePriority(v);
					if (p === null) {
						await sys.write(2, `logger: unknown priority name: ${v}.\n`);
						return 1;
					}
					pri = p;
				} else if (c === 't') tag = v;
				else if (c === 'f') file = v;
				break;
			} else {
				await sys.write(2, `logger: invalid option -- ${c}\n${LOGGER_USAGE}`);
				return 1;
			}
		}
	}
	if (tag === null) {
		tag =
			env.LOGNAME ?? env.USER ?? (await new Users(sys).userName(await sys.getuid())) ?? 'logger';
	}
	const lines: string[] = [];
	if (i < argv.length) lines.push(argv.slice(i).join(' '));
	else {
		const text = file !== null ? await readFile(sys, file) : await readStdin(sys);
		if (text === null) {
			await sys.write(2, `logger: ${file}: No such file or directory.\n`);
			return 1;
		}
		lines.push(...text.split('\n').filter((l) => l !== ''));
	}
	for (const line of lines) {
		await syslog(sys, pri, tag, line, withPid);
		if (toStderr) {
			await sys.write(2, `${tag}${withPid ? `[${await sys.getpid()}]` : ''}: ${line}\n`);
		}
	}
	return 0;
}

async function readStdin(sys: Sys): Promise<string> {
	let text = '';
	for (;;) {
		const r = await sys.read(0, 4096);
		if (isErrno(r) || r === '') return text;
		text += r;
	}
}
