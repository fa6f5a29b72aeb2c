// The process table entry: identity, credentials and capabilities, files, signals, accounting.
import type { Inode, PathContext } from './vfs.ts';
import type { OpenFile } from './file.ts';
import type { RunState } from './kernel.ts';
import { WaitQueue } from './wait.ts';
import { NSIG } from './signals.ts';

/**
 * A full capability word. 2.4 names bits 0-28 only, but its sets are whole 32-bit words:
 * root's CapEff reads 00000000fffffeff, and --secure leaves f40c04ff (ARCHITECTURE.md).
 */
export const CAP_FULL = 0xffffffff;
/** The boot bounding set: everything but CAP_SETPCAP (bit 8). */
export const CAP_INIT_BSET = 0xfffffeff;

export interface Creds {
	uid: number;
	euid: number;
	suid: number;
	fsuid: number;
	gid: number;
	egid: number;
	sgid: number;
	fsgid: number;
	groups: number[];
}

export interface Caps {
	eff: number;
	prm: number;
	inh: number;
	/** The per-process ceiling of the ctx patch: masks every exec, only ever lowered. */
	bset: number;
}

export type SignalHandler = 'default' | 'ignore' | ((sig: number) => void);

export type ProcState = 'R' | 'S' | 'T' | 'Z';

export interface Rusage {
	/** User and system CPU time in µs. */
	utime: number;
	stime: number;
}

/** An fd slot: the shared open file description and the per-fd close-on-exec flag. */
export interface FdEntry {
	file: OpenFile;
	cloexec: boolean;
}

/** Every signal at its default disposition: a new process's table, shared. */
const DEFAULT_HANDLERS: readonly SignalHandler[] = new Array<SignalHandler>(NSIG).fill('default');

export class Process implements PathContext {
	readonly pid: number;
	ppid: number;
	pgid: number;
	sid: number;
	comm = '';
	/** argv and environment as exec copied them; replaced by exec, never written in place. */
	args: readonly string[] = [];
	env: Readonly<Record<string, string>> = {};
	/** Bytes of `args` and `env` with their NULs, as exec copied them (2.4's arg and env area). */
	argBytes = 0;
	state: ProcState = 'R';
	creds: Creds;
	caps: Caps;
	/** Security context number (0 host, 1 spectator, 2.. vservers). */
	ctx = 0;
	root: Inode;
	cwd: Inode;
	umask = 0o022;
	fds = new Map<number, FdEntry>();
	/** Controlling terminal's device number, or null. */
	ttyDev: number | null = null;
	/**
	 * Signal dispositions by number. Never written in place: fork shares the parent's table and
	 * sigaction gives the process a new one, so thousands of forked processes hold one table.
	 */
	handlers: readonly SignalHandler[] = DEFAULT_HANDLERS;
	blocked = 0;
	/** Bit mask of pending signals. */
	pending = 0;
	/** Wait status once a zombie (or stopped, for WUNTRACED). */
	exitStatus = 0;
	/** A stop or continue not yet reported to the parent by wait(). */
	reportStop = false;
	reportCont = false;
	rusage: Rusage = { utime: 0, stime: 0 };
	/** Children's accumulated times, once reaped. */
	cusage: Rusage = { utime: 0, stime: 0 };
	/** Start time (µs of virtual clock). */
	startTime: number;
	/** Children not yet reaped (kept beside `ppid` so exit and wait need not scan the table). */
	readonly children = new Set<Process>();
	/** Sleepers in wait() on this process's children. */
	readonly childWait = new WaitQueue();
	/** Whatever a later kernel part attaches (ipv4root, alarm timer...). */
	alarmAt: number | null = null;
	/** Syscalls left in the current slice. */
	budget = 0;
	/** The scheduler's state of this process (kernel.ts), made at its first slice or call. */
	sched: RunState | null = null;
	/**
	 * Its /proc directory (procfs.ts), made at the first lookup; a field rather than a WeakMap
	 * entry, which costs the collector more for each of thousands of processes.
	 */
	procDir: Inode | null = null;

	constructor(
		pid: number,
		ppid: number,
		creds: Creds,
		caps: Caps,
		root: Inode,
		cwd: Inode,
		now: number
	) {
		this.pid = pid;
		this.ppid = ppid;
		this.pgid = pid;
		this.sid = pid;
		this.creds = creds;
		this.caps = caps;
		this.root = root;
		this.cwd = cwd;
		this.startTime = now;
	}

	get fsuid(): number {
		return this.creds.fsuid;
	}
	get fsgid(): number {
		return this.creds.fsgid;
	}
	get groups(): readonly number[] {
		return this.creds.groups;
	}

	/** capable(): the capability is in the effective set. */
	capable(cap: number): boolean {
		return (this.caps.eff & (1 << cap)) !== 0;
	}

	/** Lowest free descriptor at or above `min`. */
	freeFd(min = 0): number {
		let fd = min;
		while (this.fds.has(fd)) fd++;
		return fd;
	}
}

export function rootCreds(): Creds {
	return { uid: 0, euid: 0, suid: 0, fsuid: 0, gid: 0, egid: 0, sgid: 0, fsgid: 0, groups: [0] };
}

export function userCreds(uid: number, gid: number, groups: number[] = [gid]): Creds {
	return { uid, euid: uid, suid: uid, fsuid: uid, gid, egid: gid, sgid: gid, fsgid: gid, groups };
}
