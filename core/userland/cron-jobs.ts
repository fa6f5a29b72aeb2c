// crond's work at each minute, a chunk of its own that the daemon fetches when its first minute
// comes (boot and the first prompt need none of it): crontab(5)'s syntax, the time match, and
// starting each due job as `/bin/sh -c` under its user.
import { O_DIRECTORY, O_RDWR, isErrno, type Sys } from '../syscalls/index.ts';
import { LOG_CRON, LOG_INFO, readFile, syslog } from './lib/daemon.ts';
import type { Users } from './lib/users.ts';

export interface CronEntry {
	user: string;
	fields: Set<number>[];
	/** Whether day-of-month and day-of-week were both restricted (then either may match). */
	domStar: boolean;
	dowStar: boolean;
	command: string;
}

const RANGES: [number, number][] = [
	[0, 59],
	[0, 23],
	[1, 31],
	[1, 12],
	[0, 7]
];
const NAMES = [
	[],
	[],
	[],
	['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'],
	['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']
];

function parseField(text: string, i: number): Set<number> | null {
	const [lo, hi] = RANGES[i]!;
	const out = new Set<number>();
	const num = (s: string): number => {
		const k = NAMES[i]!.indexOf(s.toLowerCase());
		return k >= 0 ? k + (i === 3 ? 1 : 0) : Number(s);
	};
	for (const part of text.split(',')) {
		const m = /^(\*|(\w+)(?:-(\w+))?)(?:\/(\d+))?$/.exec(part);
		if (!m) return null;
		const a = m[1] === '*' ? lo : num(m[2]!);
		const b = m[1] === '*' ? hi : m[3] !== undefined ? num(m[3]) : m[4] !== undefined ? hi : a;
		const step = m[4] !== undefined ? Number(m[4]) : 1;
		if (!Number.isInteger(a) || !Number.isInteger(b) || a < lo || b > hi || step < 1) return null;
		for (let v = a; v <= b; v += step) out.add(i === 4 && v === 7 ? 0 : v);
	}
	return out;
}

/** Parses a crontab; `user` null means the system crontab's form (a user column). */
export function parseCrontab(text: string, user: string | null): CronEntry[] {
	const out: CronEntry[] = [];
	for (const raw of text.split('\n')) {
		const line = raw.trim();
		if (line === '' || line.startsWith('#') || /^[A-Za-z_]\w*\s*=/.test(line)) continue;
		const f = line.split(/\s+/);
		const n = user === null ? 6 : 5;
		if (f.length <= n) continue;
		const fields = f.slice(0, 5).map((t, i) => parseField(t, i));
		if (fields.some((x) => x === null)) continue;
		out.push({
			user: user ?? f[5]!,
			fields: fields as Set<number>[],
			domStar: f[2] === '*',
			dowStar: f[4] === '*',
			command: line.split(/\s+/).slice(n).join(' ')
		});
	}
	return out;
}

/** Whether `e` runs in the minute starting at `seconds` (UTC, the model's local time). */
export function cronMatches(e: CronEntry, seconds: number): boolean {
	const d = new Date(seconds * 1000);
	const [min, hour, dom, mon, dow] = e.fields as [
		Set<number>,
		Set<number>,
		Set<number>,
		Set<number>,
		Set<number>
	];
	if (!min.has(d.getUTCMinutes()) || !hour.has(d.getUTCHours()) || !mon.has(d.getUTCMonth() + 1)) {
		return false;
	}
	const domOk = dom.has(d.getUTCDate());
	const dowOk = dow.has(d.getUTCDay());
	// cron(5): when both day fields are restricted, either one matching is enough.
	return e.domStar || e.dowStar ? domOk && dowOk : domOk || dowOk;
}

async function loadAll(sys: Sys): Promise<CronEntry[]> {
	const all = parseCrontab((await readFile(sys, '/etc/crontab')) ?? '', null);
	const dfd = await sys.open('/var/spool/cron', O_DIRECTORY);
	if (!isErrno(dfd)) {
		const ents = await sys.getdents(dfd);
		await sys.close(dfd);
		if (!isErrno(ents)) {
			for (const e of ents) {
				if (!e.name.startsWith('.')) {
					all.push(
						...parseCrontab((await readFile(sys, `/var/spool/cron/${e.name}`)) ?? '', e.name)
					);
				}
			}
		}
	}
	return all;
}

/** Re-reads the crontabs (as vixie-cron notices changed ones) and starts the jobs due at `minute`. */
export async function runDue(d: Sys, users: Users, minute: number): Promise<void> {
	for (const e of await loadAll(d)) {
		if (!cronMatches(e, minute)) continue;
		const pw = await users.byName(e.user);
		if (!pw) continue;
		await d.fork(async (c) => {
			await c.setsid();
			await c.setgid(pw.gid);
			await c.setuid(pw.uid);
			await c.chdir(pw.home);
			// SIMPLIFIED: the job's output is discarded instead of mailed to its owner.
			const nul = await c.open('/dev/null', O_RDWR);
			if (!isErrno(nul)) for (const n of [0, 1, 2]) await c.dup2(nul, n);
			const env = {
				HOME: pw.home,
				LOGNAME: pw.name,
				USER: pw.name,
				SHELL: '/bin/sh',
				PATH: '/usr/bin:/bin'
			};
			await syslog(c, LOG_CRON | LOG_INFO, 'CROND', `(${e.user}) CMD (${e.command})`);
			await c.execve('/bin/sh', ['sh', '-c', e.command], env);
			return 127;
		});
	}
}
