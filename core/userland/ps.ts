// ps (procps 2.0.7): selects and formats the processes it can read in /proc, with both the BSD
// (`ax`, `aux`, `j`) and the Unix (`-ef`, `-o`, `-C`, `-p`, `-u`) option syntaxes.
import { isErrno, TIOCGWINSZ, type Sys } from '../syscalls/index.ts';
import { Tool } from './lib/tool.ts';
import { Users } from './lib/users.ts';
import { strftime } from './lib/time.ts';
import {
	argsOf,
	bsdTime,
	HZ,
	PAGE_KB,
	readAll,
	readMeminfo,
	readProcess,
	readUptime,
	ttyName,
	unixTime,
	type ProcInfo
} from './lib/procps.ts';

/** What a column's value needs besides the process. */
interface Env {
	now: number;
	uptime: number;
	memTotal: number;
	names: Map<number, string>;
	groups: Map<number, string>;
	/** START texts by the second they name: most processes share a few. */
	starts: Map<number, string>;
}

interface Column {
	header: string;
	width: number;
	left?: boolean;
	value: (p: ProcInfo, e: Env) => string;
}

/** procps's pcpu: tenths of a percent of the time since the process started. */
function pcpu(p: ProcInfo, e: Env): number {
	const seconds = e.uptime - p.start / HZ;
	if (seconds <= 0) return 0;
	return Math.min(999, Math.floor(((p.utime + p.stime) * 10 * (100 / HZ)) / seconds));
}

const tenths = (v: number): string => `${Math.floor(v / 10)}.${v % 10}`;

/** START/STIME: the time of day for today's processes, the date for older ones. */
function started(p: ProcInfo, e: Env): string {
	const at = Math.floor(e.now - e.uptime + p.start / HZ);
	let text = e.starts.get(at);
	if (text === undefined) {
		text = strftime(e.now - at > 86400 ? '%b%d' : '%H:%M', at);
		e.starts.set(at, text);
	}
	return text;
}

function stat(p: ProcInfo): string {
	let s = p.state;
	// SIMPLIFIED: procps flags every rss-less process W (swapped out); the model swaps nothing,
	// so only kernel threads (no command line) get it.
	if (p.rss === 0 && p.cmdline.length === 0 && p.state !== 'Z') s += 'W';
	if (p.nice < 0) s += '<';
	else if (p.nice > 0) s += 'N';
	return s;
}

const userName = (uid: number, e: Env, width: number): string => {
	const n = e.names.get(uid);
	return n !== undefined && n.length <= width ? n : String(uid);
};

/** The -o field names of procps 2.0.7 with their headers and widths. */
const fields: Record<string, Column> = {
	pid: { header: 'PID', width: 5, value: (p) => String(p.pid) },
	ppid: { header: 'PPID', width: 5, value: (p) => String(p.ppid) },
	pgid: { header: 'PGID', width: 5, value: (p) => String(p.pgrp) },
	pgrp: { header: 'PGRP', width: 5, value: (p) => String(p.pgrp) },
	sid: { header: 'SID', width: 5, value: (p) => String(p.session) },
	sess: { header: 'SESS', width: 5, value: (p) => String(p.session) },
	tpgid: { header: 'TPGID', width: 5, value: (p) => String(p.tpgid) },
	uid: { header: 'UID', width: 5, value: (p) => String(p.euid) },
	euid: { header: 'EUID', width: 5, value: (p) => String(p.euid) },
	ruid: { header: 'RUID', width: 5, value: (p) => String(p.uid) },
	gid: { header: 'GID', width: 5, value: (p) => String(p.egid) },
	user: { header: 'USER', width: 8, left: true, value: (p, e) => userName(p.euid, e, 8) },
	euser: { header: 'EUSER', width: 8, left: true, value: (p, e) => userName(p.euid, e, 8) },
	ruser: { header: 'RUSER', width: 8, left: true, value: (p, e) => userName(p.uid, e, 8) },
	group: {
		header: 'GROUP',
		width: 8,
		left: true,
		value: (p, e) => e.groups.get(p.egid) ?? String(p.egid)
	},
	tty: { header: 'TTY', width: 8, left: true, value: (p) => ttyName(p.tty) },
	tt: { header: 'TT', width: 8, left: true, value: (p) => ttyName(p.tty) },
	stat: { header: 'STAT', width: 4, left: true, value: (p) => stat(p) },
	s: { header: 'S', width: 1, value: (p) => p.state },
	time: { header: 'TIME', width: 8, value: (p) => unixTime(p.utime + p.stime) },
	bsdtime: { header: 'TIME', width: 6, value: (p) => bsdTime(p.utime + p.stime) },
	etime: {
		header: 'ELAPSED',
		width: 11,
		value: (p, e) => elapsed(Math.max(0, Math.floor(e.uptime - p.start / HZ)))
	},
	pcpu: { header: '%CPU', width: 4, value: (p, e) => tenths(pcpu(p, e)) },
	pmem: {
		header: '%MEM',
		width: 4,
		value: (p, e) =>
			tenths(e.memTotal ? Math.min(999, Math.floor((p.rss * PAGE_KB * 1000) / e.memTotal)) : 0)
	},
	c: { header: 'C', width: 2, value: (p, e) => String(Math.floor(pcpu(p, e) / 10)) },
	vsz: { header: 'VSZ', width: 5, value: (p) => String(Math.floor(p.vsize / 1024)) },
	rss: { header: 'RSS', width: 4, value: (p) => String(p.rss * PAGE_KB) },
	sz: { header: 'SZ', width: 5, value: (p) => String(Math.floor(p.vsize / 4096)) },
	nice: { header: 'NI', width: 3, value: (p) => String(p.nice) },
	pri: { header: 'PRI', width: 3, value: (p) => String(p.priority) },
	start: { header: 'START', width: 5, value: started },
	stime: { header: 'STIME', width: 5, value: started },
	f: { header: 'F', width: 3, value: (p) => (p.flags >> 6).toString(16) },
	wchan: {
		header: 'WCHAN',
		width: 6,
		left: true,
		value: (p) => (p.state === 'S' ? 'schedu' : '-')
	},
	addr: { header: 'ADDR', width: 4, value: () => '-' },
	comm: {
		header: 'COMMAND',
		width: 0,
		left: true,
		value: (p) => (p.state === 'Z' ? `${p.comm} <defunct>` : p.comm)
	},
	ucmd: {
		header: 'CMD',
		width: 0,
		left: true,
		value: (p) => (p.state === 'Z' ? `${p.comm} <defunct>` : p.comm)
	},
	args: { header: 'COMMAND', width: 0, left: true, value: (p) => argsOf(p) },
	cmd: { header: 'CMD', width: 0, left: true, value: (p) => argsOf(p) }
};
const aliases: Record<string, string> = {
	command: 'args',
	'%cpu': 'pcpu',
	'%mem': 'pmem',
	ni: 'nice',
	state: 's',
	ucomm: 'comm',
	vsize: 'vsz',
	rssize: 'rss',
	rsz: 'rss',
	tname: 'tty',
	start_time: 'start',
	session: 'sess',
	flag: 'f',
	flags: 'f',
	fname: 'comm'
};

function elapsed(s: number): string {
	const d = Math.floor(s / 86400);
	const h = Math.floor((s % 86400) / 3600);
	const mmss = `${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
	if (d > 0) return `${d}-${String(h).padStart(2, '0')}:${mmss}`;
	return h > 0 ? `${String(h).padStart(2, '0')}:${mmss}` : mmss;
}

const formats: Record<string, string[]> = {
	unix: ['pid', 'tty', 'time', 'ucmd'],
	full: ['user:UID', 'pid', 'ppid', 'c', 'stime', 'tty', 'time', 'cmd'],
	long: [
		'f',
		's',
		'uid',
		'pid',
		'ppid',
		'c',
		'pri',
		'nice',
		'addr',
		'sz',
		'wchan',
		'tty',
		'time',
		'ucmd'
	],
	bsd: ['pid', 'tt:TTY', 'stat', 'bsdtime', 'args'],
	user: ['user', 'pid', 'pcpu', 'pmem', 'vsz', 'rss', 'tt:TTY', 'stat', 'start', 'bsdtime', 'args'],
	jobs: ['ppid', 'pid', 'pgid', 'sid', 'tt:TTY', 'tpgid', 'stat', 'uid', 'bsdtime', 'args']
};

/** A field name with an optional `=HEADER` (-o) or `:HEADER` (our format tables). */
function column(spec: string): Column | null {
	const m = /^([^=:]+)[=:]?(.*)$/.exec(spec)!;
	const name = m[1]!.toLowerCase();
	const base = fields[aliases[name] ?? name];
	if (!base) return null;
	return spec.includes('=') || spec.includes(':') ? { ...base, header: m[2]! } : base;
}

interface Selection {
	all: boolean;
	/** BSD `a`: other users' processes too (with a tty unless `x`). */
	allUsers: boolean;
	/** BSD `x`: processes without a tty too. */
	noTty: boolean;
	/** Unix -a / -d: all but session leaders (and, for -a, tty-less processes). */
	notLeaders: 'a' | 'd' | null;
	commands: string[];
	pids: number[];
	users: string[];
	ttys: string[];
}

const usage = `********* simple selection *********  ********* selection by list *********
-A all processes                      -C by command name
-N negate selection                   -G by real group ID (supports names)
-a all w/ tty except session leaders  -U by real user ID (supports names)
-d all except session leaders         -g by session leader OR by group name
-e all processes                      -p by process ID
T  all processes on this terminal     -s processes in the sessions given
a  all w/ tty, including other users  -t by tty
g  all, even group leaders!           -u by effective user ID (supports names)
r  only running processes             U  processes for specified users
x  processes w/o controlling ttys     t  by tty
*********** output format **********  *********** long options ***********
-o,o user-defined  -f full            --Group --User --pid --cols
-j,j job control   s  signal          --group --user --sid --rows
-O,O preloaded -o  v  virtual memory  --cumulative --format --deselect
-l,l long          u  user-oriented   --sort --tty --forest --version
                   X  registers       --heading --no-heading
                    ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
********* misc options *********
-V,V show version       L  list format codes  f  ASCII art forest
-m,m show threads       S  children in sum    -y change /proc/pid/stat
-n,N set namelist file  c  true command name  n  numeric WCHAN,UID
-w,w wide output        e  show environment   -H process heirarchy
`;

export async function ps(sys: Sys, argv: string[], env: Record<string, string>): Promise<number> {
	const t = new Tool(sys, argv, env);
	const sel: Selection = {
		all: false,
		allUsers: false,
		noTty: false,
		notLeaders: null,
		commands: [],
		pids: [],
		users: [],
		ttys: []
	};
	let format: string[] | null = null;
	const custom: string[] = [];
	let wide = 0;
	let noHeading = false;
	let selected = false;
	const bad = async (msg: string): Promise<number> => {
		await t.errRaw(`ERROR: ${msg}\n${usage}`);
		return 1;
	};
	const args = argv.slice(1);
	for (let i = 0; i < args.length; i++) {
		const a = args[i]!;
		const list = (): string[] | null => {
			const v = a.length > 2 ? a.slice(2) : args[++i];
			return v === undefined ? null : v.split(/[,\s]+/).filter(Boolean);
		};
		if (a === '--help') {
			await t.out(usage);
			return t.exit(0);
		}
		if (a === '--version' || a === '-V' || a === 'V') {
			await t.out('procps version 2.0.7\n');
			return t.exit(0);
		}
		if (a === '--no-heading' || a === '--no-headers') {
			noHeading = true;
			continue;
		}
		if (a.startsWith('--')) return bad('Unknown gnu long option.');
		if (a.startsWith('-') && a.length > 1) {
			const c = a[1]!;
			if ('oCpuUt'.includes(c)) {
				const v = list();
				if (!v) {
					return bad(
						'List of ' +
							(
								{
									o: 'format specifiers',
									C: 'command names',
									p: 'process IDs',
									u: 'users',
									U: 'users',
									t: 'terminals'
								} as Record<string, string>
							)[c] +
							' is empty.'
					);
				}
				if (c === 'o') custom.push(...v);
				else if (c === 'C') sel.commands.push(...v);
				else if (c === 'p') sel.pids.push(...v.map(Number));
				else if (c === 't') sel.ttys.push(...v);
				else sel.users.push(...v);
				// A format list selects nothing: `ps -o pid,ni` still shows this terminal's processes.
				if (c !== 'o') selected = true;
				continue;
			}
			for (const o of a.slice(1)) {
				if (o === 'e' || o === 'A') sel.all = selected = true;
				else if (o === 'a' || o === 'd') {
					sel.notLeaders = o;
					selected = true;
				} else if (o === 'f') format = formats.full!;
				else if (o === 'l') format = formats.long!;
				else if (o === 'j') format = formats.jobs!;
				else if (o === 'w') wide++;
				else if (o === 'H' || o === 'm' || o === 'y') continue;
				else return bad('Unsupported SysV option.');
			}
			continue;
		}
		// BSD options: no dash.
		for (const o of a) {
			if (o === 'a') sel.allUsers = selected = true;
			else if (o === 'x') sel.noTty = selected = true;
			else if (o === 'u') format = formats.user!;
			else if (o === 'j') format = formats.jobs!;
			else if (o === 'w') wide++;
			else if (o === 'c' || o === 'e' || o === 'f' || o === 'h') {
				if (o === 'h') noHeading = true;
			} else if (o === 'l') format = formats.long!;
			else if (o === 'o') {
				const v = args[++i];
				if (v === undefined) return bad('List of format specifiers is empty.');
				custom.push(...v.split(/[,\s]+/).filter(Boolean));
			} else return bad('Unsupported option (BSD syntax)');
		}
		if (!format && !custom.length) format = formats.bsd!;
	}
	const columns: Column[] = [];
	for (const spec of custom.length ? custom : (format ?? formats.unix!)) {
		const col = column(spec);
		if (!col) return bad('Unknown user-defined format specifier.');
		columns.push(col);
	}

	const me = await sys.geteuid();
	const myTty = await ownTty(sys);
	const procs = await readAll(sys);
	const tab = new Users(sys);
	const e: Env = {
		now: await sys.time(),
		uptime: await readUptime(sys),
		memTotal: (await readMeminfo(sys)).total,
		names: new Map(),
		groups: new Map(),
		starts: new Map()
	};
	for (const u of await tab.users()) if (!e.names.has(u.uid)) e.names.set(u.uid, u.name);
	for (const g of await tab.groupList()) if (!e.groups.has(g.gid)) e.groups.set(g.gid, g.name);
	const userIds = new Set(
		sel.users.map((u) =>
			/^[0-9]+$/.test(u) ? Number(u) : ([...e.names].find(([, n]) => n === u)?.[0] ?? -1)
		)
	);
	for (const u of sel.users) {
		if (!/^[0-9]+$/.test(u) && ![...e.names.values()].includes(u)) {
			return bad('User name does not exist.');
		}
	}
	const shown = procs.filter((p) => {
		if (!selected) return p.euid === me && p.tty === myTty && myTty !== 0;
		if (sel.all) return true;
		if (sel.commands.includes(p.comm)) return true;
		if (sel.pids.includes(p.pid)) return true;
		if (userIds.has(p.euid)) return true;
		if (
			sel.ttys.some(
				(tt) =>
					tt === ttyName(p.tty) ||
					`tty${tt}` === ttyName(p.tty) ||
					tt.replace(/^\/dev\//, '') === ttyName(p.tty)
			)
		) {
			return true;
		}
		if (sel.notLeaders && p.session !== p.pid && (sel.notLeaders === 'd' || p.tty !== 0)) {
			return true;
		}
		// BSD: `a` lifts "only mine", `x` lifts "only with a terminal".
		if (sel.allUsers || sel.noTty) {
			return (sel.allUsers || p.euid === me) && (sel.noTty || p.tty !== 0);
		}
		return false;
	});

	const width = wide >= 2 ? Infinity : Math.max(await screenWidth(sys, env), wide === 1 ? 132 : 0);
	const lines: string[] = [];
	if (!noHeading) lines.push(render(columns, null, e));
	for (const p of shown) lines.push(render(columns, p, e));
	for (const line of lines) {
		const text = (width === Infinity ? line : line.slice(0, width)) + '\n';
		if (!t.outNow(text)) await t.out(text);
	}
	return t.exit(shown.length > 0 ? 0 : 1);
}

/**
 * One output line, the headers (no process) or a process's values: fields separated by a space,
 * the last left-aligned one unpadded.
 */
function render(columns: Column[], p: ProcInfo | null, e: Env): string {
	let line = '';
	for (let i = 0; i < columns.length; i++) {
		const c = columns[i]!;
		const v = p ? c.value(p, e) : c.header;
		const last = i === columns.length - 1;
		const cell = c.left
			? last
				? v
				: v.slice(0, Math.max(c.width, c.header.length)).padEnd(c.width)
			: v.padStart(c.width);
		line += (i > 0 ? ' ' : '') + cell;
	}
	let end = line.length;
	while (end > 0 && line.charCodeAt(end - 1) === 32) end--;
	return end === line.length ? line : line.slice(0, end);
}

/** The terminal ps runs on, as a device number (the tty_nr of its own stat). */
async function ownTty(sys: Sys): Promise<number> {
	const self = await readProcess(sys, await sys.getpid());
	return self ? self.tty : 0;
}

/** procps: the window size of the terminal on stdout, else COLUMNS, else 80. */
async function screenWidth(sys: Sys, env: Record<string, string>): Promise<number> {
	const ws = await sys.ioctl(1, TIOCGWINSZ);
	if (!isErrno(ws) && (ws as { cols?: number }).cols) return (ws as { cols: number }).cols;
	const c = Number(env.COLUMNS);
	return c > 0 ? c : 80;
}
