// uptime, w (procps 2.0.7) and who (sh-utils 2.0): the time since boot and the load from /proc,
// and who is logged in. SIMPLIFIED: the model keeps no utmp; a login is a terminal in /dev/pts
// whose owner is a user, with the time the terminal was opened (its mtime) as login time.
import { isErrno, O_DIRECTORY, O_RDONLY, type Sys } from '../syscalls/index.ts';
import { Tool } from './lib/tool.ts';
import { Users } from './lib/users.ts';
import { strftime } from './lib/time.ts';
import { HZ, readAll, readLoadavg, readUptime, type ProcInfo } from './lib/procps.ts';

export interface Login {
	user: string;
	uid: number;
	/** `pts/0` */
	line: string;
	/** Seconds since the epoch. */
	time: number;
	/** Last input (the terminal's atime), for w's IDLE. */
	idle: number;
	dev: number;
}

/** The logins: terminals in /dev/pts owned by someone, in pts order. */
export async function logins(sys: Sys): Promise<Login[]> {
	const fd = await sys.open('/dev/pts', O_RDONLY | O_DIRECTORY);
	if (isErrno(fd)) return [];
	const names: string[] = [];
	for (;;) {
		const r = await sys.getdents(fd);
		if (isErrno(r) || r.length === 0) break;
		for (const d of r) if (/^[0-9]+$/.test(d.name)) names.push(d.name);
	}
	await sys.close(fd);
	names.sort((a, b) => Number(a) - Number(b));
	const tab = new Users(sys);
	const out: Login[] = [];
	for (const n of names) {
		const st = await sys.stat(`/dev/pts/${n}`);
		if (isErrno(st)) continue;
		const user = (await tab.userName(st.uid)) ?? String(st.uid);
		out.push({ user, uid: st.uid, line: `pts/${n}`, time: st.ctime, idle: st.atime, dev: st.rdev });
	}
	return out;
}

/** procps's sprint_uptime: ` 12:00:05  up 3 min,  1 user,  load average: 0.00, 0.00, 0.00`. */
export async function uptimeLine(sys: Sys): Promise<string> {
	const now = await sys.time();
	const up = Math.floor(await readUptime(sys));
	const days = Math.floor(up / 86400);
	const hours = Math.floor((up % 86400) / 3600);
	const mins = Math.floor((up % 3600) / 60);
	let s = ` ${strftime('%H:%M:%S', now).replace(/^0/, ' ')}  up `;
	if (days) s += `${days} day${days !== 1 ? 's' : ''}, `;
	s += hours ? `${String(hours).padStart(2)}:${String(mins).padStart(2, '0')}, ` : `${mins} min, `;
	const users = (await logins(sys)).length;
	s += `${String(users).padStart(2)} user${users === 1 ? '' : 's'}, `;
	const [a, b, c] = await readLoadavg(sys);
	return s + ` load average: ${a.toFixed(2)}, ${b.toFixed(2)}, ${c.toFixed(2)}`;
}

export async function uptime(
	sys: Sys,
	argv: string[],
	env: Record<string, string>
): Promise<number> {
	const t = new Tool(sys, argv, env);
	if (argv[1] === '-V') {
		await t.out('procps version 2.0.7\n');
		return t.exit(0);
	}
	if (argv.length > 1) {
		await t.errRaw('usage: uptime [-V]\n    -V    display version\n');
		return 1;
	}
	await t.out((await uptimeLine(sys)) + '\n');
	return t.exit(0);
}

/** who (sh-utils 2.0): `NAME     LINE         TIME`; `am i` / -m for the caller's terminal. */
export async function who(sys: Sys, argv: string[], env: Record<string, string>): Promise<number> {
	const t = new Tool(sys, argv, env);
	const args = argv.slice(1);
	let heading = false;
	let count = false;
	let mine = false;
	const rest: string[] = [];
	for (const a of args) {
		if (a === '-H' || a === '--heading') heading = true;
		else if (a === '-q' || a === '--count') count = true;
		else if (a === '-m') mine = true;
		else if (a.startsWith('-')) {
			await t.error(`invalid option -- ${a.slice(1)}`);
			await t.tryHelp();
			return 1;
		} else rest.push(a);
	}
	if (rest.length === 2) mine = true;
	let list = await logins(sys);
	if (mine) {
		const tty = await sys.ttyname(0);
		list = isErrno(tty) ? [] : list.filter((l) => `/dev/${l.line}` === tty);
	}
	if (count) {
		await t.out(list.map((l) => l.user).join(' ') + '\n');
		await t.out(`# users=${list.length}\n`);
		return t.exit(0);
	}
	if (heading) await t.out('USER     LINE     LOGIN-TIME   FROM\n');
	for (const l of list) {
		await t.out(
			`${l.user.padEnd(8).slice(0, 8)} ${l.line.padEnd(8)} ${strftime('%b %e %H:%M', l.time)}\n`
		);
	}
	return t.exit(0);
}

/** w's idle time: `0.00s` under a minute, `m:ss` under an hour, `h:mm` under a day, `Nd`. */
function idleText(s: number): string {
	if (s < 60) return `${s}.00s`;
	if (s < 3600) return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
	if (s < 86400) {
		return `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
	}
	return `${Math.floor(s / 86400)}days`;
}

const cpu = (ticks: number): string => {
	const s = ticks / HZ;
	return s < 60
		? `${s.toFixed(2)}s`
		: `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, '0')}`;
};

export async function w(sys: Sys, argv: string[], env: Record<string, string>): Promise<number> {
	const t = new Tool(sys, argv, env);
	let header = true;
	let short = false;
	const only: string[] = [];
	for (const a of argv.slice(1)) {
		if (a.startsWith('-')) {
			for (const c of a.slice(1)) {
				if (c === 'h') header = false;
				else if (c === 's') short = true;
				else if (c === 'u' || c === 'f') continue;
				else if (c === 'V') {
					await t.out('procps version 2.0.7\n');
					return t.exit(0);
				} else {
					await t.errRaw(
						'usage: w -hlsufV [user]\n    -h    skip header\n    -l    long listing (default)\n    -s    short listing\n    -u    ignore uid of processes\n    -f    toggle FROM field (default on)\n    -V    display version\n'
					);
					return 1;
				}
			}
		} else only.push(a);
	}
	const now = await sys.time();
	if (header) {
		await t.out((await uptimeLine(sys)) + '\n');
		await t.out(
			short
				? 'USER     TTY      FROM               IDLE WHAT\n'
				: 'USER     TTY      FROM              LOGIN@   IDLE   JCPU   PCPU  WHAT\n'
		);
	}
	const procs = await readAll(sys);
	for (const l of await logins(sys)) {
		if (only.length && !only.includes(l.user)) continue;
		const onTty = procs.filter((p) => p.tty === l.dev);
		// The foreground job of the terminal is what the user is doing (procps: its tpgid).
		const fg = onTty.find((p) => p.pid === p.tpgid) ?? onTty[onTty.length - 1];
		const what = fg ? (fg.cmdline.length ? fg.cmdline.join(' ') : fg.comm) : '-';
		const jcpu = onTty.reduce((n, p: ProcInfo) => n + p.utime + p.stime, 0);
		const pcpu = fg ? fg.utime + fg.stime : 0;
		const idle = idleText(Math.max(0, now - l.idle));
		const login = strftime(now - l.time > 86400 ? '%a%H' : '%H:%M', l.time);
		const head = `${l.user.padEnd(8).slice(0, 8)} ${l.line.padEnd(8)} ${'-'.padEnd(16)}`;
		if (short) await t.out(`${head} ${idle.padStart(6)} ${what}\n`);
		else {
			await t.out(
				`${head} ${login.padEnd(7)} ${idle.padStart(6)} ${cpu(jcpu).padStart(6)} ${cpu(pcpu).padStart(6)}  ${what}\n`
			);
		}
	}
	return t.exit(0);
}
