// top (procps 2.0.7): a full-screen view refreshed every few seconds, %CPU from the change in
// each process's utime+stime (from /proc/<pid>/stat) over the change in /proc/uptime; the
// keyboard is read raw (no echo, no line editing) and `q` quits. -b writes plain frames.
import {
	ECHO,
	ICANON,
	isErrno,
	SIGINT,
	TCGETS,
	TCSETS,
	TIOCGWINSZ,
	VMIN,
	VTIME,
	type Sys,
	type Termios
} from '../syscalls/index.ts';
import { Tool } from './lib/tool.ts';
import { Users } from './lib/users.ts';
import {
	bsdTime,
	HZ,
	PAGE_KB,
	readAll,
	readMeminfo,
	readUptime,
	type ProcInfo
} from './lib/procps.ts';
import { uptimeLine } from './uptime.ts';

interface Sample {
	ticks: Map<number, number>;
	uptime: number;
}

const usage = 'Usage: top -hvbcisqS -d delay -p pid -n iterations\n';

/** One frame of top's screen as lines (without the clearing escapes). */
export async function frame(
	sys: Sys,
	prev: Sample | null,
	rows: number,
	cols: number,
	names: Map<number, string>
): Promise<{ lines: string[]; sample: Sample }> {
	const procs = await readAll(sys);
	const uptime = await readUptime(sys);
	const sample: Sample = { ticks: new Map(procs.map((p) => [p.pid, p.utime + p.stime])), uptime };
	const elapsed = prev ? (uptime - prev.uptime) * HZ : 0;
	const pcpu = (p: ProcInfo): number => {
		if (!prev || elapsed <= 0) return 0;
		const before = prev.ticks.get(p.pid) ?? 0;
		return Math.min(99.9, ((p.utime + p.stime - before) * 100) / elapsed);
	};
	const count = (s: string): number => procs.filter((p) => p.state === s).length;
	const busy = procs.reduce((n, p) => n + pcpu(p), 0);
	const m = await readMeminfo(sys);
	const k = (n: number): string => `${String(n).padStart(7)}K`;
	const lines = [
		await uptimeLine(sys),
		`${procs.length} processes: ${count('S') + count('D')} sleeping, ${count('R')} running, ${count('Z')} zombie, ${count('T')} stopped`,
		`CPU states: ${Math.min(100, busy).toFixed(1).padStart(5)}% user, ${(0).toFixed(1).padStart(5)}% system, ${(0).toFixed(1).padStart(5)}% nice, ${Math.max(
			0,
			100 - busy
		)
			.toFixed(1)
			.padStart(5)}% idle`,
		`Mem:  ${k(m.total)} av, ${k(m.total - m.free)} used, ${k(m.free)} free, ${k(m.shared)} shrd, ${k(m.buffers)} buff`,
		`Swap: ${k(m.swapTotal)} av, ${k(m.swapTotal - m.swapFree)} used, ${k(m.swapFree)} free                 ${k(m.cached)} cached`,
		'',
		'  PID USER     PRI  NI  SIZE  RSS SHARE STAT %CPU %MEM   TIME COMMAND'
	];
	const sorted = [...procs].sort((a, b) => pcpu(b) - pcpu(a) || b.pid - a.pid);
	const kb = (n: number): string => (n >= 100000 ? `${Math.floor(n / 1024)}M` : String(n));
	for (const p of sorted.slice(0, Math.max(0, rows - lines.length - 1))) {
		const user = (names.get(p.euid) ?? String(p.euid)).slice(0, 8);
		const rss = p.rss * PAGE_KB;
		const mem = m.total ? (rss * 100) / m.total : 0;
		const row =
			`${String(p.pid).padStart(5)} ${user.padEnd(8)} ${String(p.priority).padStart(3)} ${String(p.nice).padStart(3)} ` +
			`${kb(Math.floor(p.vsize / 1024)).padStart(5)} ${kb(rss).padStart(4)} ${kb(Math.floor(rss * 0.8)).padStart(5)} ${p.state.padEnd(5)}` +
			`${pcpu(p).toFixed(1).padStart(4)} ${mem.toFixed(1).padStart(4)} ${bsdTime(p.utime + p.stime).padStart(6)} ${p.comm}`;
		lines.push(row);
	}
	return { lines: lines.map((l) => l.slice(0, cols)), sample };
}

export async function top(sys: Sys, argv: string[], env: Record<string, string>): Promise<number> {
	const t = new Tool(sys, argv, env);
	let delay = 5;
	let iterations = Infinity;
	let batch = false;
	for (let i = 1; i < argv.length; i++) {
		const a = argv[i]!.replace(/^-/, '');
		for (let j = 0; j < a.length; j++) {
			const c = a[j]!;
			if (c === 'b') batch = true;
			else if (c === 'd' || c === 'n') {
				const v = a.slice(j + 1) || argv[++i];
				const n = Number(v);
				if (v === undefined || !(n > 0)) {
					await t.errRaw(
						`top: Bad ${c === 'd' ? 'delay time' : 'iterations'} '${v ?? ''}'\n${usage}`
					);
					return 1;
				}
				if (c === 'd') delay = n;
				else iterations = Math.floor(n);
				break;
			} else if ('cisqS'.includes(c)) continue;
			else if (c === 'v') {
				await t.out('top (procps version 2.0.7)\n');
				return t.exit(0);
			} else {
				await t.errRaw(`top: unknown argument '${c}'\n${usage}`);
				return 1;
			}
		}
	}
	const names = new Map<number, string>();
	for (const u of await new Users(sys).users()) if (!names.has(u.uid)) names.set(u.uid, u.name);
	const ws = await sys.ioctl(1, TIOCGWINSZ);
	const size = isErrno(ws) ? { rows: 24, cols: 80 } : (ws as { rows: number; cols: number });
	const saved = batch ? null : await sys.ioctl(0, TCGETS);
	if (saved !== null && isErrno(saved)) {
		await t.errRaw('top: not a terminal, use -b for batch mode\n');
		return 1;
	}
	if (saved) {
		const raw = saved as Termios;
		const cc = [...raw.cc];
		cc[VMIN] = 1;
		cc[VTIME] = 0;
		await sys.ioctl(0, TCSETS, { ...raw, lflag: raw.lflag & ~(ICANON | ECHO), cc });
	}
	let prev: Sample | null = null;
	let stop = false;
	// ^C still signals (ISIG stays on): leave through the same door as `q`, restoring the terminal.
	if (!batch) await sys.signal(SIGINT, () => (stop = true));
	for (let n = 0; n < iterations; n++) {
		const f = await frame(
			sys,
			prev,
			batch ? Infinity : size.rows,
			batch ? Infinity : size.cols,
			names
		);
		prev = f.sample;
		if (batch) await t.out(f.lines.join('\n') + '\n\n');
		else {
			// Home, then each line cleared to its end, then the rest of the screen cleared (the tty's
			// output processing stays on, so \n still returns the carriage).
			await t.out(
				'\x1b[H' +
					f.lines.map((l, i) => (i === 6 ? `\x1b[7m${l}\x1b[0m` : l) + '\x1b[K').join('\n') +
					'\x1b[J'
			);
		}
		await t.flush();
		if (n + 1 >= iterations) break;
		if (batch) {
			await sys.sleep(delay * 1000);
			continue;
		}
		const ready = await sys.poll([{ fd: 0, read: true }], delay * 1000);
		if (stop) break;
		if (isErrno(ready) || ready.length === 0) continue;
		const key = await sys.read(0, 64);
		if (isErrno(key) || key === '' || key.includes('q')) break;
	}
	if (saved) {
		await sys.ioctl(0, TCSETS, saved);
		await t.out('\n');
	}
	return t.exit(0);
}
