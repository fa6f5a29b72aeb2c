// /usr/sbin/vserver-stat (vserver 0.22): one line per security context with its processes,
// memory, CPU times, uptime, vserver name and description, read from /proc in context 1
// (reference §10.6). The column formats, including their quirks, are the C tool's printf strings.
import { isErrno, O_DIRECTORY, O_RDONLY, type Sys } from '../syscalls/index.ts';
import { HZ, listPids, parseFields, parseStat, readText } from './lib/procps.ts';
import { say } from './chcontext.ts';

const HEADER = 'CTX  PROC    VSZ    RSS  userTIME   sysTIME    UPTIME NAME     DESCRIPTION\n';

const HELP = `vserver-stat: shows, for each security context, what its processes use.
It takes no argument.

CTX          the security context: #0 is the root server,
             #1 the monitoring context (which sees every process)
PROC         the number of processes in the context
VSZ          their virtual memory, summed
RSS          their resident memory, summed (in pages)
userTIME     the user-mode CPU time of the processes and their dead children
sysTIME      the kernel-mode CPU time of the processes and their dead children
UPTIME       the time since the oldest process of the context started
NAME         the name of the vserver (from /var/run/vservers/NAME.ctx)
DESCRIPTION  the "# Description:" line of /etc/vservers/NAME.conf
`;

/** C's `%N.u`: precision 0 prints nothing for a zero, then the field is padded to N. */
const uPad = (n: number, width: number): string => (n === 0 ? '' : String(n)).padStart(width);
const z2 = (n: number): string => String(n).padStart(2, '0');

/**
 * A time in 1/100 s as the C tool printed it: `" %2.um%02u.%02u"` under an hour,
 * `" %2.uh%02um%02u"` under a day, `"%3.ud%02uh%02u"` beyond, hours folded modulo 12 there.
 */
export function formatTime(hundredths: number): string {
	const t = Math.max(0, Math.floor(hundredths));
	const secs = Math.floor(t / 100);
	if (secs < 3600) return ` ${uPad(Math.floor(secs / 60), 2)}m${z2(secs % 60)}.${z2(t % 100)}`;
	if (secs < 86400) {
		return ` ${uPad(Math.floor(secs / 3600), 2)}h${z2(Math.floor(secs / 60) % 60)}m${z2(secs % 60)}`;
	}
	const hours = Math.floor(secs / 3600);
	return `${uPad(Math.floor(secs / 86400), 3)}d${z2(hours % 12)}h${z2(Math.floor(secs / 60) % 60)}`;
}

/** A size with the unit suffix, divided by 1024 while it is 1024 or more. */
export function formatSize(n: number): string {
	const units = ['B', 'kB', 'MB', 'GB', 'TB'];
	let v = Math.floor(n);
	let u = 0;
	while (v >= 1024 && u < units.length - 1) {
		v = Math.floor(v / 1024);
		u++;
	}
	return `${v}${units[u]}`;
}

/** printf's `%-Ns` / `%Ns`: padding only, never truncation. */
const left = (s: string, w: number): string => s.padEnd(w);
const right = (s: string, w: number): string => s.padStart(w);

interface Row {
	ctx: number;
	proc: number;
	vsz: number;
	rss: number;
	user: number;
	sys: number;
	start: number;
}

/** The running vservers: context number to name, from the /var/run/vservers/NAME.ctx files. */
async function vserverNames(sys: Sys): Promise<Map<number, string>> {
	const names = new Map<number, string>();
	const fd = await sys.open('/var/run/vservers', O_RDONLY | O_DIRECTORY);
	if (isErrno(fd)) return names;
	for (;;) {
		const r = await sys.getdents(fd);
		if (isErrno(r) || r.length === 0) break;
		for (const d of r) {
			if (!d.name.endsWith('.ctx')) continue;
			const text = await readText(sys, `/var/run/vservers/${d.name}`);
			if (isErrno(text)) continue;
			const m = /^S_CONTEXT=(\d+)$/m.exec(text);
			if (m && Number(m[1]) > 1) names.set(Number(m[1]), d.name.slice(0, -'.ctx'.length));
		}
	}
	await sys.close(fd);
	return names;
}

async function description(sys: Sys, name: string): Promise<string> {
	const text = await readText(sys, `/etc/vservers/${name}.conf`);
	if (isErrno(text)) return '';
	return /^# Description: ?(.*)$/m.exec(text)?.[1] ?? '';
}

export async function vserverStat(sys: Sys, argv: string[]): Promise<number> {
	if (argv.length > 1) {
		await say(sys, 1, HELP);
		return 0;
	}
	const prog = argv[0] ?? 'vserver-stat';
	if (isErrno(await sys.new_s_context(1, 0, 0))) {
		// CHOICE: the exit status of a failed switch is 1.
		await say(sys, 2, `${prog}: unable to switch in context security #1\n`);
		return 1;
	}
	const me = await sys.getpid();
	const rows = new Map<number, Row>([
		[0, { ctx: 0, proc: 0, vsz: 0, rss: 0, user: 0, sys: 0, start: Infinity }]
	]);
	for (const pid of await listPids(sys)) {
		if (pid === me) continue;
		const statText = await readText(sys, `/proc/${pid}/stat`);
		const statusText = await readText(sys, `/proc/${pid}/status`);
		if (isErrno(statText) || isErrno(statusText)) continue;
		const st = parseStat(statText);
		const ctxText = parseFields(statusText).get('s_context');
		if (!st || ctxText === undefined) continue;
		const ctx = Number(ctxText.split(/\s+/)[0]);
		let row = rows.get(ctx);
		if (!row) {
			row = { ctx, proc: 0, vsz: 0, rss: 0, user: 0, sys: 0, start: Infinity };
			rows.set(ctx, row);
		}
		row.proc++;
		row.vsz += st.vsize;
		row.rss += st.rss;
		row.user += st.utime + st.cutime;
		row.sys += st.stime + st.cstime;
		row.start = Math.min(row.start, st.start);
	}
	const uptimeText = await readText(sys, '/proc/uptime');
	const now = isErrno(uptimeText) ? 0 : Math.round(Number(uptimeText.split(/\s+/)[0]) * HZ);
	const names = await vserverNames(sys);
	let out = HEADER;
	for (const row of [...rows.values()].sort((a, b) => a.ctx - b.ctx)) {
		let name = '';
		let desc = '';
		if (row.ctx === 0) name = 'root server';
		else if (row.ctx === 1) name = 'monitoring server';
		else if (names.has(row.ctx)) {
			name = names.get(row.ctx)!;
			desc = await description(sys, name);
		}
		const up = row.start === Infinity ? 0 : now - row.start;
		out +=
			[
				left(String(row.ctx), 4),
				right(String(row.proc), 4),
				right(formatSize(row.vsz), 6),
				right(formatSize(row.rss), 6),
				right(formatTime(row.user), 9),
				right(formatTime(row.sys), 9),
				right(formatTime(up), 9),
				left(name, 8),
				desc
			].join(' ') + '\n';
	}
	await say(sys, 1, out);
	return 0;
}
