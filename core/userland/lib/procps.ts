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

/** True for a non-empty name of ASCII digits only (a pid directory of /proc). */
function allDigits(name: string): boolean {
	if (name === '') return false;
	for (let i = 0; i < name.length; i++) {
		const c = name.charCodeAt(i);
		if (c < 48 || c > 57) return false;
	}
	return true;
}

/** The numeric entries of /proc in the order readdir gives them (ascending pids on Linux). */
export async function listPids(sys: Sys): Promise<number[]> {
	const fd = await sys.open('/proc', O_RDONLY | O_DIRECTORY);
	if (isErrno(fd)) return [];
	const pids: number[] = [];
	for (;;) {
		const r = await sys.getdents(fd);
		if (isErrno(r) || r.length === 0) break;
		for (const d of r) if (allDigits(d.name)) pids.push(Number(d.name));
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

/** What String.prototype.split(/\s+/) splits at: JavaScript's white space and line ends. */
function isSpace(c: number): boolean {
	if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
	if (c < 0xa0) return false;
	return (
		c === 0xa0 ||
		c === 0x1680 ||
		(c >= 0x2000 && c <= 0x200a) ||
		c === 0x2028 ||
		c === 0x2029 ||
		c === 0x202f ||
		c === 0x205f ||
		c === 0x3000 ||
		c === 0xfeff
	);
}

/**
 * Stores field `index` (counted after the command name; the state is 0) of a stat line in `info`
 * when the tools use it. Each is stored as the number it is: a small integer stays one, not a
 * boxed double on the object that ps keeps for every process.
 */
function storeField(info: ProcInfo, index: number, v: number): void {
	switch (index) {
		case 1:
			info.ppid = v;
			return;
		case 2:
			info.pgrp = v;
			return;
		case 3:
			info.session = v;
			return;
		case 4:
			info.tty = v;
			return;
		case 5:
			info.tpgid = v;
			return;
		case 6:
			info.flags = v;
			return;
		case 11:
			info.utime = v;
			return;
		case 12:
			info.stime = v;
			return;
		case 13:
			info.cutime = v;
			return;
		case 14:
			info.cstime = v;
			return;
		case 15:
			info.priority = v;
			return;
		case 16:
			info.nice = v;
			return;
		case 19:
			info.start = v;
			return;
		case 20:
			info.vsize = v;
			return;
		case 21:
			info.rss = v;
			return;
		case 32:
			info.wchan = v;
			return;
	}
}

/**
 * Where the word that starts at `from` ends, and its number as `Number(word)` reads it, for
 * scanStat and the status ids: one pass over its characters, which usually are an optional
 * minus sign and up to 15 digits (added up in place, exact below 2^53) ended by a space or a
 * newline. Any other word goes to Number. The end is left in `wordEnd`.
 */
function wordAt(text: string, from: number): number {
	const n = text.length;
	let i = from;
	let c = text.charCodeAt(i);
	const negative = c === 45;
	if (negative) c = text.charCodeAt(++i);
	let v = 0;
	const digitsFrom = i;
	while (c >= 48 && c <= 57) {
		v = v * 10 + (c - 48);
		c = text.charCodeAt(++i);
	}
	// charCodeAt answers NaN past the end, which is neither a digit nor a space.
	if (i < n && c !== 32 && c !== 10 && !isSpace(c)) {
		while (i < n && !isSpace(text.charCodeAt(i))) i++;
		wordEnd = i;
		return Number(text.slice(from, i));
	}
	wordEnd = i;
	const digits = i - digitsFrom;
	if (digits === 0 || digits > 15) return Number(text.slice(from, i));
	return negative ? -v : v;
}

/** The end of the word wordAt read last (a second result without an object for it). */
let wordEnd = 0;

/** The first character at or after `i` that is not white space (`n` at the end). */
function skipSpace(text: string, i: number, n: number): number {
	while (i < n) {
		const c = text.charCodeAt(i);
		if (c !== 32 && !isSpace(c)) break;
		i++;
	}
	return i;
}

/**
 * Reads the fields after the command name of a 2.4 stat line into `info` (one scan: ps reads
 * thousands of these lines): the words a split at white space would give, a missing or
 * non-numeric one reading as 0. False when there are fewer than 22.
 */
function scanStat(text: string, close: number, info: ProcInfo): boolean {
	const n = text.length;
	// The fields start two characters after the `)`, past its space.
	let i = skipSpace(text, close + 2, n);
	if (i >= n) return false;
	const from = i;
	while (i < n && !isSpace(text.charCodeAt(i))) i++;
	info.state = text.slice(from, i);
	// Fields past wchan (32) are neither used nor needed for the count of 22.
	let count = 1;
	for (; count <= 32; count++) {
		i = skipSpace(text, i, n);
		if (i >= n) break;
		// `|| 0`: a word Number cannot read (or -0) is a 0 field.
		storeField(info, count, wordAt(text, i) || 0);
		i = wordEnd;
	}
	return count >= 22;
}

/**
 * Parses a 2.4 stat line. The command name is between the first `(` and the last `)`, as
 * procps does, because a name may itself hold spaces and parentheses.
 */
export function parseStat(text: string): Stat | null {
	const i = procInfoOf(text);
	if (!i) return null;
	return {
		pid: i.pid,
		comm: i.comm,
		state: i.state,
		ppid: i.ppid,
		pgrp: i.pgrp,
		session: i.session,
		tty: i.tty,
		tpgid: i.tpgid,
		flags: i.flags,
		utime: i.utime,
		stime: i.stime,
		cutime: i.cutime,
		cstime: i.cstime,
		priority: i.priority,
		nice: i.nice,
		start: i.start,
		vsize: i.vsize,
		rss: i.rss,
		wchan: i.wchan
	};
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

/**
 * Where the value of a status file's `Key:` line starts, or -1 when the file has no such line.
 * `key` is given with its colon, `nlKey` is the same after a newline (ps reads thousands of these
 * files and needs three lines of each, so the keys are made once).
 */
function valueAt(text: string, key: string, nlKey: string): number {
	if (text.startsWith(key)) return key.length;
	const at = text.indexOf(nlKey);
	return at === -1 ? -1 : at + nlKey.length;
}

/** The end of the line a value starts on (its newline, or the end of the text). */
function lineEnd(text: string, at: number): number {
	const end = text.indexOf('\n', at);
	return end === -1 ? text.length : end;
}

/**
 * The numbers of a status line's value such as `0\t0\t0\t0` (its words, as Number reads them)
 * into `idWords`; answers how many there are (0 without the line).
 */
function idsAt(text: string, at: number): number {
	if (at === -1) return 0;
	const end = lineEnd(text, at);
	let count = 0;
	for (let i = skipSpace(text, at, end); i < end; i = skipSpace(text, wordEnd, end)) {
		const v = wordAt(text, i);
		// Only the first four are used: the real, effective, saved and filesystem ids.
		if (count < 4) idWords[count] = v;
		count++;
	}
	return count;
}

/** The ids idsAt read last. */
const idWords = [0, 0, 0, 0];

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

/** The pid before a stat line's `(`: Number of the text there (which trims it itself). */
function pidOf(text: string, open: number): number {
	// The usual `123 (`: digits, one space.
	const v = wordAt(text, 0);
	if (wordEnd === open - 1 && text.charCodeAt(wordEnd) === 32) return v;
	return Number(text.slice(0, open));
}

/**
 * A stat line as a ProcInfo whose status and cmdline parts are still to fill (readProcess): the
 * object is made with all its fields at once, as ps keeps thousands of them.
 */
export function procInfoOf(text: string): ProcInfo | null {
	const open = text.indexOf('(');
	const close = text.lastIndexOf(')');
	if (open === -1 || close < open) return null;
	const info: ProcInfo = {
		pid: pidOf(text, open),
		comm: text.slice(open + 1, close),
		state: '',
		ppid: 0,
		pgrp: 0,
		session: 0,
		tty: 0,
		tpgid: 0,
		flags: 0,
		utime: 0,
		stime: 0,
		cutime: 0,
		cstime: 0,
		priority: 0,
		nice: 0,
		start: 0,
		vsize: 0,
		rss: 0,
		wchan: 0,
		uid: 0,
		euid: 0,
		suid: 0,
		fsuid: 0,
		gid: 0,
		egid: 0,
		ctx: null,
		cmdline: []
	};
	return scanStat(text, close, info) ? info : null;
}

/**
 * The ids and the security context from a status text, into a ProcInfo made by procInfoOf. An
 * empty text (the file could not be read) gives the ids 0 and no context.
 */
export function fillStatus(info: ProcInfo, statusText: string): void {
	// Each line is read where it stands in the text, without slicing it out first.
	let n = idsAt(statusText, valueAt(statusText, 'Uid:', '\nUid:'));
	info.uid = n > 0 ? idWords[0]! : 0;
	info.euid = n > 1 ? idWords[1]! : info.uid;
	info.suid = n > 2 ? idWords[2]! : info.uid;
	info.fsuid = n > 3 ? idWords[3]! : info.uid;
	n = idsAt(statusText, valueAt(statusText, 'Gid:', '\nGid:'));
	info.gid = n > 0 ? idWords[0]! : 0;
	info.egid = n > 1 ? idWords[1]! : info.gid;
	const ctxAt = valueAt(statusText, 's_context:', '\ns_context:');
	if (ctxAt === -1) info.ctx = null;
	else {
		// The first word of the value; an empty value reads as 0, as Number('') does.
		const end = lineEnd(statusText, ctxAt);
		const i = skipSpace(statusText, ctxAt, end);
		info.ctx = i < end ? wordAt(statusText, i) : 0;
	}
}

/** The files of a pid directory readProcess reads, in its order. */
const PROCESS_FILES = ['stat', 'status', 'cmdline'];

/**
 * Reads one process; null when it vanished (or is hidden) between readdir and open. Each file is
 * read as readText does (open, read to the end, close), written out here: ps reads three files
 * of every process. The calls answer at once while the slice goes on (Sys.openNow): the same
 * calls in the same order, without a promise each.
 */
export async function readProcess(sys: Sys, pid: number): Promise<ProcInfo | null> {
	const dir = `/proc/${pid}/`;
	let info: ProcInfo | null = null;
	for (let file = 0; file < PROCESS_FILES.length; file++) {
		let fd = sys.openNow(dir + PROCESS_FILES[file]!, O_RDONLY);
		if (fd instanceof Promise) fd = await fd;
		let text = '';
		let failed = isErrno(fd);
		if (!isErrno(fd)) {
			for (;;) {
				let r = sys.readNow(fd, 65536);
				if (r instanceof Promise) r = await r;
				if (isErrno(r)) {
					failed = true;
					break;
				}
				if (r === '') break;
				text += r;
			}
			const closed = sys.closeNow(fd);
			if (closed instanceof Promise) await closed;
		}
		if (file === 0) {
			info = failed ? null : procInfoOf(text);
			if (!info) return null;
		} else if (file === 1) fillStatus(info!, failed ? '' : text);
		else info!.cmdline = parseCmdline(failed ? '' : text);
	}
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
