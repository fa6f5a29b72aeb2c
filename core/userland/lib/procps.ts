// What the process tools (ps, pstree, top, kill, killall, pidof, w) know about /proc: the 2.4
// layouts of /proc/<pid>/stat, status and cmdline, /proc/uptime, /proc/meminfo and
// /proc/loadavg, read as procps 2.0.7's readproc and sysinfo did. Nothing here asks the kernel
// anything else, so a tool sees exactly what its security context may see in /proc.
import {
	isErrno,
	O_DIRECTORY,
	O_RDONLY,
	signalNames,
	type Errno,
	type Sys
} from '../../syscalls/index.ts';

/** USER_HZ: the unit of every time field of /proc/<pid>/stat. */
export const HZ = 100;
/** The page size /proc/<pid>/stat's rss counts in (i386). */
export const PAGE_KB = 4;

/** Reads a whole file; an errno when it cannot be opened or read. */
export async function readText(sys: Sys, path: string): Promise<string | Errno> {
	const fd = await sys.open(path, O_RDONLY);
	if (isErrno(fd)) return fd;
	let text = '';
	for (;;) {
		const r = await sys.read(fd, 65536);
		if (isErrno(r)) {
			await sys.close(fd);
			return r;
		}
		if (r === '') break;
		text += r;
	}
	await sys.close(fd);
	return text;
}

/** The numeric entries of /proc in the order readdir gives them (ascending pids on Linux). */
export async function listPids(sys: Sys): Promise<number[]> {
	const fd = await sys.open('/proc', O_RDONLY | O_DIRECTORY);
	if (isErrno(fd)) return [];
	const pids: number[] = [];
	for (;;) {
		const r = await sys.getdents(fd);
		if (isErrno(r) || r.length === 0) break;
		for (const d of r) if (/^[0-9]+$/.test(d.name)) pids.push(Number(d.name));
	}
	await sys.close(fd);
	return pids;
}

/** The fields of /proc/<pid>/stat that the tools use (fs/proc/array.c, 2.4). */
export interface Stat {
	pid: number;
	comm: string;
	state: string;
	ppid: number;
	pgrp: number;
	session: number;
	/** Controlling tty as a device number (major << 8 | minor), 0 for none. */
	tty: number;
	tpgid: number;
	flags: number;
	/** Times in clock ticks (HZ). */
	utime: number;
	stime: number;
	cutime: number;
	cstime: number;
	priority: number;
	nice: number;
	/** Start time in ticks since boot. */
	start: number;
	/** Virtual size in bytes, resident set in pages. */
	vsize: number;
	rss: number;
	wchan: number;
}

/**
 * Parses a 2.4 stat line. The command name is between the first `(` and the last `)`, as
 * procps does, because a name may itself hold spaces and parentheses.
 */
export function parseStat(text: string): Stat | null {
	const open = text.indexOf('(');
	const close = text.lastIndexOf(')');
	if (open === -1 || close < open) return null;
	const rest = text
		.slice(close + 2)
		.trim()
		.split(/\s+/);
	if (rest.length < 22) return null;
	return {
		pid: Number(text.slice(0, open).trim()),
		comm: text.slice(open + 1, close),
		state: rest[0]!,
		ppid: field(rest, 1),
		pgrp: field(rest, 2),
		session: field(rest, 3),
		tty: field(rest, 4),
		tpgid: field(rest, 5),
		flags: field(rest, 6),
		utime: field(rest, 11),
		stime: field(rest, 12),
		cutime: field(rest, 13),
		cstime: field(rest, 14),
		priority: field(rest, 15),
		nice: field(rest, 16),
		start: field(rest, 19),
		vsize: field(rest, 20),
		rss: field(rest, 21),
		wchan: field(rest, 32)
	};
}

/** A numeric field of a split stat line; 0 when missing or not a number. */
function field(rest: readonly string[], i: number): number {
	return Number(rest[i] ?? 0) || 0;
}

/** `Key:\tvalue` lines of /proc/<pid>/status (or /proc/meminfo) as a map. */
export function parseFields(text: string): Map<string, string> {
	const m = new Map<string, string>();
	for (const line of text.split('\n')) {
		const c = line.indexOf(':');
		if (c > 0) m.set(line.slice(0, c), line.slice(c + 1).trim());
	}
	return m;
}

const STATUS_KEYS = ['Uid', 'Gid', 's_context'];

/** Only `keys` of a status file: ps reads thousands of them, and most lines it never needs. */
function statusFields(text: string, keys: readonly string[]): Map<string, string> {
	const m = new Map<string, string>();
	for (const key of keys) {
		const at = text.startsWith(key + ':') ? 0 : text.indexOf('\n' + key + ':') + 1;
		if (at === 0 && !text.startsWith(key + ':')) continue;
		const end = text.indexOf('\n', at);
		m.set(key, text.slice(at + key.length + 1, end < 0 ? undefined : end).trim());
	}
	return m;
}

/** One process as the tools see it: stat, the ids from status, and the command line. */
export interface ProcInfo extends Stat {
	uid: number;
	euid: number;
	suid: number;
	fsuid: number;
	gid: number;
	egid: number;
	/** The ctx kernel's `s_context:` line, or null on a kernel without it. */
	ctx: number | null;
	/** argv from /proc/<pid>/cmdline; empty for a zombie or a kernel thread. */
	cmdline: string[];
}

/** The numbers of a status line such as `Uid:\t0\t0\t0\t0`. */
function idsOf(value: string | undefined): number[] {
	return (value ?? '').split(/\s+/).filter(Boolean).map(Number);
}

/** Reads one process; null when it vanished (or is hidden) between readdir and open. */
export async function readProcess(sys: Sys, pid: number): Promise<ProcInfo | null> {
	const statText = await readText(sys, `/proc/${pid}/stat`);
	if (isErrno(statText)) return null;
	const stat = parseStat(statText);
	if (!stat) return null;
	const statusText = await readText(sys, `/proc/${pid}/status`);
	const status = statusFields(isErrno(statusText) ? '' : statusText, STATUS_KEYS);
	const [uid = 0, euid = uid, suid = uid, fsuid = uid] = idsOf(status.get('Uid'));
	const [gid = 0, egid = gid] = idsOf(status.get('Gid'));
	const ctxText = status.get('s_context');
	const cmd = await readText(sys, `/proc/${pid}/cmdline`);
	const info = stat as ProcInfo;
	info.uid = uid;
	info.euid = euid;
	info.suid = suid;
	info.fsuid = fsuid;
	info.gid = gid;
	info.egid = egid;
	info.ctx = ctxText === undefined ? null : Number(ctxText.split(/\s+/)[0]);
	info.cmdline = parseCmdline(isErrno(cmd) ? '' : cmd);
	return info;
}

/** Every visible process, in /proc order. Yields now and then: a context may hold many. */
export async function readAll(sys: Sys): Promise<ProcInfo[]> {
	const out: ProcInfo[] = [];
	let n = 0;
	for (const pid of await listPids(sys)) {
		const p = await readProcess(sys, pid);
		if (p) out.push(p);
		if (++n % 50 === 0) await sys.yield();
	}
	return out;
}

/** NUL-separated argv; a trailing NUL ends the last argument rather than adding an empty one. */
export function parseCmdline(text: string): string[] {
	if (text === '') return [];
	const parts = text.split('\0');
	if (parts[parts.length - 1] === '') parts.pop();
	return parts;
}

/** The command as ps's `args` shows it: argv joined by spaces, or `[comm]` without one. */
export function argsOf(p: ProcInfo): string {
	if (p.cmdline.length === 0) return p.state === 'Z' ? `[${p.comm} <defunct>]` : `[${p.comm}]`;
	return p.cmdline.join(' ');
}

/** A tty device number as ps names it: `pts/3`, `tty1`, `console`, or `?` for none. */
export function ttyName(dev: number): string {
	if (dev === 0) return '?';
	const major = dev >> 8;
	const minor = dev & 0xff;
	if (major >= 136 && major <= 143) return `pts/${(major - 136) * 256 + minor}`;
	if (major === 4 && minor < 64) return `tty${minor}`;
	if (major === 4) return `ttyS${minor - 64}`;
	if (major === 5 && minor === 1) return 'console';
	if (major === 3) return `ttyp${minor.toString(16)}`;
	return '?';
}

/** Seconds since boot from /proc/uptime (its first field). */
export async function readUptime(sys: Sys): Promise<number> {
	const t = await readText(sys, '/proc/uptime');
	if (isErrno(t)) return 0;
	return Number(t.split(/\s+/)[0]) || 0;
}

/** The three load averages and the running/total figure of /proc/loadavg. */
export async function readLoadavg(sys: Sys): Promise<[number, number, number]> {
	const t = await readText(sys, '/proc/loadavg');
	if (isErrno(t)) return [0, 0, 0];
	const f = t.split(/\s+/).map(Number);
	return [f[0] || 0, f[1] || 0, f[2] || 0];
}

/** /proc/meminfo in kB, from its `Key: N kB` lines (2.4 also prints a byte table first). */
export interface MemInfo {
	total: number;
	free: number;
	shared: number;
	buffers: number;
	cached: number;
	swapTotal: number;
	swapFree: number;
}

export function parseMeminfo(text: string): MemInfo {
	const f = parseFields(text);
	const kb = (key: string): number => Number((f.get(key) ?? '0').split(/\s+/)[0]) || 0;
	return {
		total: kb('MemTotal'),
		free: kb('MemFree'),
		shared: kb('MemShared'),
		buffers: kb('Buffers'),
		cached: kb('Cached'),
		swapTotal: kb('SwapTotal'),
		swapFree: kb('SwapFree')
	};
}

export async function readMeminfo(sys: Sys): Promise<MemInfo> {
	const t = await readText(sys, '/proc/meminfo');
	return parseMeminfo(isErrno(t) ? '' : t);
}

/**
 * A signal given by name (`TERM`, `SIGTERM`, any case) or number; undefined when unknown.
 * The 2003 tools also accepted the old aliases IOT, CLD and POLL.
 */
export function signalNumber(text: string): number | undefined {
	if (/^[0-9]+$/.test(text)) {
		const n = Number(text);
		return n >= 0 && n < signalNames.length ? n : undefined;
	}
	let name = text.toUpperCase();
	if (name.startsWith('SIG')) name = name.slice(3);
	const alias: Record<string, number> = { IOT: 6, CLD: 17, POLL: 29, IO: 29 };
	if (alias[name] !== undefined) return alias[name];
	const i = signalNames.indexOf(name);
	return i > 0 ? i : undefined;
}

/** `%d:%02d` minutes and seconds of CPU (ps's BSD TIME). */
export function bsdTime(ticks: number): string {
	const s = Math.floor(ticks / HZ);
	return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** `hh:mm:ss`, with `dd-` in front past a day (ps's Unix TIME). */
export function unixTime(ticks: number): string {
	const s = Math.floor(ticks / HZ);
	const d = Math.floor(s / 86400);
	const hms = [Math.floor((s % 86400) / 3600), Math.floor((s % 3600) / 60), s % 60]
		.map((v) => String(v).padStart(2, '0'))
		.join(':');
	return d > 0 ? `${d}-${hms}` : hms;
}
