// The kernel: process table, scheduler and virtual clock, signals, exec through the program table,
// terminals, and the syscall trampoline that every call goes through. It knows no program: the
// image registers them (a binfmt-like table) and the syscall layer builds each process's `sys`.
import { errno, type Errno, isErrno } from './errno.ts';
import type { KernelEvent, DenialReason } from './events.ts';
import type { FileOps, OpenFile } from './file.ts';
import { O_ACCMODE, O_NOCTTY, O_RDWR } from './file.ts';
import {
	Process,
	rootCreds,
	type ProcState,
	CAP_FULL,
	CAP_INIT_BSET,
	type Caps,
	type Creds
} from './process.ts';
import {
	SIGCHLD,
	SIGCONT,
	SIGKILL,
	SIGSTOP,
	SIGTSTP,
	SIGTTIN,
	SIGTTOU,
	SIGALRM,
	SIGPIPE,
	SIGHUP,
	defaultAction
} from './signals.ts';
import { Tty, ttyOps } from './tty.ts';
import {
	Vfs,
	S_IFDIR,
	S_IFREG,
	S_IFLNK,
	S_ISUID,
	S_ISGID,
	kindOf,
	MAY_EXEC,
	MAY_READ,
	type FileSystem,
	type Inode
} from './vfs.ts';
import { Block, type WaitQueue } from './wait.ts';
import {
	Random,
	makedev,
	PTS_MAJOR,
	DEV_TTY,
	DEV_PTMX,
	DEV_CONSOLE,
	memoryDeviceOps,
	major,
	minor,
	DevPts
} from './devices.ts';
import type { KernelSnapshot, ProcessView } from './snapshot.ts';
import { masterOps, newMaster, type PtyMaster } from './pty.ts';
import { ipv4rootView } from './net/ipv4root.ts';
import { interfaceViews, socketViews } from './net/procnet.ts';
import { ProcFs } from './procfs.ts';
import { mountsView } from './mount.ts';
import { capsOnExec } from './cred.ts';
import { explainCapability } from './caps.ts';
import { contextViews, forkAllowed, installContexts, notePtyOpener, reaperFor } from './context.ts';
import { fdAllowed, laterParts } from './later-switch.ts';

/** A program: what `execve` runs. `sys` is the calling process's syscall surface. */
export type Program<S = unknown> = (
	sys: S,
	argv: string[],
	env: Record<string, string>
) => Promise<number>;

/** The marker at the start of an executable: `\x7fELF` then the registered program's name. */
export const ELF_MAGIC = '\x7fELF';
export function binaryImage(name: string): string {
	// Enough of an ELF header that `file`-like tools and `cat` show a binary, then our binfmt tag.
	return `${ELF_MAGIC}\x01\x01\x01\0\0\0\0\0\0\0\0\0\x02\0\x03\0vserver-lab:${name}\0`;
}
function programNameOf(data: string): string | null {
	if (!data.startsWith(ELF_MAGIC)) return null;
	const m = /vserver-lab:([^\0]+)\0/.exec(data);
	return m ? m[1]! : null;
}

/** Virtual CPU cost of one system call, in µs. */
export const SYSCALL_COST_US = 10;
/** Syscalls a process may make before the scheduler moves on. */
export const SLICE_SYSCALLS = 100;
/** CPU charged by sched_yield(): a busy loop that yields has done about a jiffy of work. */
export const YIELD_COST_US = 1000;
/** The ctx kernel's system-wide process limit. */
export const PID_LIMIT = 16384;
/** Linux 2.4 execve: the file name, environment and arguments share MAX_ARG_PAGES (32) pages. */
export const ARG_MAX = 32 * 4096;

/**
 * Whether exec's strings fit (2.4 do_execve: copy_strings into 128 KiB less one pointer, each
 * string with its NUL, and no more argument pointers than that space holds); else E2BIG.
 */
function argumentsFit(path: string, argv: string[], env: Record<string, string>): boolean {
	const room = ARG_MAX - 4 - (path.length + 1);
	if (argv.length > room / 4) return false;
	return stringBytes(argv, env) <= room;
}
const PID_MAX = 32768;

/** Bytes of exec's strings: each argument and each `NAME=value` with its NUL. */
function stringBytes(argv: readonly string[], env: Record<string, string>): number {
	let n = 0;
	for (const a of argv) n += a.length + 1;
	for (const k in env) n += k.length + env[k]!.length + 2;
	return n;
}

export interface KernelOptions {
	hostname: string;
	domainname: string;
	seed: number;
	/** Seconds since the epoch at boot (the machine's date), fixed so runs are reproducible. */
	bootTime: number;
	/** The later kernel's pieces of chapter 6 (later.ts): set_ctxlimit and disk limits. */
	later?: boolean;
}

/**
 * A promise that never settles: what a process that exec'd or died is left awaiting. A new one
 * each time: every `await` on a shared one would add a reaction to it for good, and so keep the
 * dead program's frame, and through it its whole kernel, alive as long as the module (a worker
 * that boots machine after machine grew by tens of MB an exercise). Nothing refers to a fresh one,
 * so the collector takes it with the frame waiting on it.
 */
const never = (): Promise<never> => new Promise<never>(() => {});

/**
 * What a wait queue calls to wake a sleeper. An object of a class rather than a closure: a
 * machine may have thousands of sleepers, and each holds one while it sleeps.
 */
class Waker {
	private readonly k: Kernel;
	private readonly p: Process;
	constructor(k: Kernel, p: Process) {
		this.k = k;
		this.p = p;
	}
	wake(): void {
		this.k.wake(this.p);
	}
}

/** Per-process scheduling state the trampoline keeps (on the process: every call reads it). */
export interface RunState {
	/** Resolves the syscall promise the program awaits. */
	resume: ((value: unknown) => void) | null;
	value: unknown;
	/** A blocked call to retry when woken. */
	retry: (() => unknown) | null;
	retryName: string;
	retryArgs: unknown[];
	/** A fresh program to start (after fork or exec). */
	start: (() => void) | null;
	/** Wait queues the process sleeps on, and its waker. */
	queues: readonly WaitQueue[];
	waker: { wake(): void } | null;
	wakeAt: number | null;
	/** Bumped on exec so an abandoned program's completion is ignored. */
	gen: number;
	/** State to return to on SIGCONT. */
	stoppedFrom: 'R' | 'S';
	/** Reason recorded for a refusal by the permission path during the current call. */
	denial: DenialReason | null;
}

export interface SpawnOptions {
	parent: Process;
	path: string;
	argv: string[];
	env: Record<string, string>;
	creds?: Creds;
	/** fds 0-2 (or more): open files to install. */
	files?: OpenFile[];
	/** Make the process a session leader with this tty as controlling terminal. */
	tty?: Tty;
	cwd?: Inode;
}

export class Kernel {
	readonly opts: KernelOptions;
	readonly vfs: Vfs;
	readonly rootFs: FileSystem = { dev: 0x0301, type: 'ext2', blocks: 2097152, readOnly: false };
	readonly root: Inode;
	readonly random: Random;
	readonly procs = new Map<number, Process>();
	readonly programs = new Map<string, Program>();
	readonly ttys = new Map<number, Tty>();
	/** Per-context host and domain names (context 0 is the host). */
	hostname: string;
	domainname: string;
	/** Virtual clock in µs since boot. */
	clock = 0;
	/** Scheduler slices run since boot: the stamp of every input-log entry. */
	slice = 0;
	current: Process | null = null;
	/** Runnable processes in round-robin order (a Set keeps insertion order, deletes in O(1)). */
	private runQueue = new Set<Process>();
	private sleepers = new Set<Process>();
	/** Processes with an alarm set: the scheduler checks these, not the whole table, each slice. */
	private alarms = new Set<Process>();
	/** The pid handed out last (the last field of /proc/loadavg). */
	lastPid = 0;
	private pidsWrapped = false;
	/** After a wrap: numbers from lastPid + 1 up to (not including) this one are free. */
	private pidSafe = 0;
	private seq = 0;
	private sliceEnd: (() => void) | null = null;
	private listeners = new Set<(e: KernelEvent) => void>();
	/** Internal errors: a syscall handler or program that threw. The runner exits 1 on any. */
	readonly faults: string[] = [];
	/** Called to build a process's syscall surface (set by the syscall layer). */
	makeSys: (proc: Process) => unknown = () => {
		throw new Error('no syscall layer attached');
	};
	/** Hooks later kernel parts fill: called on fork (child, parent) and on exit. */
	readonly forkHooks: ((child: Process, parent: Process) => void)[] = [];
	readonly exitHooks: ((proc: Process) => void)[] = [];
	/** Terminal bookkeeping the Machine uses: master-side sinks by pts index. */
	readonly ptyMasters = new Map<number, { tty: Tty; label: string; id: number }>();
	/** /proc and /dev/pts, generated from the process and pty tables (procfs.ts, devices.ts). */
	readonly procfs: ProcFs;
	readonly devpts: DevPts;

	constructor(opts: KernelOptions) {
		this.opts = opts;
		this.hostname = opts.hostname;
		this.domainname = opts.domainname;
		this.random = new Random(opts.seed);
		this.vfs = new Vfs(() => this.now());
		this.root = this.vfs.newInode(this.rootFs, S_IFDIR | 0o755);
		this.root.nlink = 2;
		this.root.parent = this.root;
		// The mount tree, where each process stands (kept across fork), /proc and /dev/pts.
		this.vfs.mountRoot(this.root, '/dev/hda1');
		this.forkHooks.push((child, parent) => this.vfs.inherit(child, parent));
		this.procfs = new ProcFs(this);
		const later = laterParts(this);
		if (later) {
			const text = this.procfs.syscallText() + later.LATER_SYSCALL_TEXT;
			this.procfs.syscallText = () => text;
		}
		this.devpts = new DevPts(this);
		this.vfs.reportDenial = (who, reason) => this.deny((who.viewer ?? who) as Process, reason);
		// Credentials, contexts, rlimits and SysV IPC hook in last, once the kernel's parts exist.
		installContexts(this);
	}

	/** Wall-clock seconds of the machine (boot time + virtual clock). */
	now(): number {
		return this.opts.bootTime + Math.floor(this.clock / 1e6);
	}

	// ---- Programs and files of the image -------------------------------------------------------

	registerProgram(name: string, program: Program): void {
		this.programs.set(name, program);
	}

	/** Creates the directories of `path` as root (image building). */
	mkdirp(path: string, mode = 0o755, uid = 0, gid = 0): Inode {
		let dir = this.root;
		for (const name of path.split('/').filter(Boolean)) {
			let next = dir.entries!.get(name);
			if (!next) {
				next = this.vfs.newInode(dir.fs, S_IFDIR | mode, uid, gid);
				this.vfs.link(dir, name, next);
			}
			dir = next;
		}
		return dir;
	}

	private parentOf(path: string): { dir: Inode; name: string } {
		const i = path.lastIndexOf('/');
		return { dir: this.mkdirp(path.slice(0, i)), name: path.slice(i + 1) };
	}

	/** Writes a regular file as root (image building); replaces an existing one. */
	writeFile(path: string, data: string, mode = 0o644, uid = 0, gid = 0): Inode {
		const { dir, name } = this.parentOf(path);
		const old = dir.entries!.get(name);
		if (old && kindOf(old.mode) === 'file') {
			old.data = data;
			old.mode = S_IFREG | mode;
			return old;
		}
		const inode = this.vfs.newInode(dir.fs, S_IFREG | mode, uid, gid);
		inode.data = data;
		this.vfs.link(dir, name, inode);
		return inode;
	}

	/** Installs a registered program as an executable file. */
	installProgram(path: string, name: string, mode = 0o755): Inode {
		return this.writeFile(path, binaryImage(name), mode);
	}

	symlink(path: string, target: string): Inode {
		const { dir, name } = this.parentOf(path);
		const inode = this.vfs.newInode(dir.fs, S_IFLNK | 0o777);
		inode.target = target;
		this.vfs.link(dir, name, inode);
		return inode;
	}

	mknod(path: string, mode: number, rdev: number, uid = 0, gid = 0): Inode {
		const { dir, name } = this.parentOf(path);
		const inode = this.vfs.newInode(dir.fs, mode, uid, gid);
		inode.rdev = rdev;
		this.vfs.link(dir, name, inode);
		return inode;
	}

	/** Looks a path up as root in the host's root (image building, tests). */
	lookup(path: string): Inode | null {
		const r = this.vfs.resolve(this.kernelView(), path);
		return isErrno(r) ? null : r.inode;
	}

	private kernelView() {
		return {
			root: this.root,
			cwd: this.root,
			fsuid: 0,
			fsgid: 0,
			groups: [0],
			capable: () => true
		};
	}

	// ---- Events --------------------------------------------------------------------------------

	onEvent(cb: (e: KernelEvent) => void): () => void {
		this.listeners.add(cb);
		return () => this.listeners.delete(cb);
	}

	get tracing(): boolean {
		return this.listeners.size > 0;
	}

	emit(e: KernelEvent): void {
		for (const l of this.listeners) l(e);
	}

	/** Records why the current call is being refused (the permission-decision path). */
	deny(proc: Process, reason: DenialReason): void {
		const rs = proc.sched;
		if (rs) rs.denial = explainCapability(proc, reason);
	}

	// ---- Processes -----------------------------------------------------------------------------

	private state(p: Process): RunState {
		let rs = p.sched;
		if (!rs) {
			rs = {
				resume: null,
				value: undefined,
				retry: null,
				retryName: '',
				retryArgs: [],
				start: null,
				queues: [],
				waker: null,
				wakeAt: null,
				gen: 0,
				stoppedFrom: 'R',
				denial: null
			};
			p.sched = rs;
		}
		return rs;
	}

	/**
	 * Linux 2.4 get_pid(): the next number after the last one that is no process's pid and no live
	 * group's id. Once pids have wrapped, one scan of the process table finds how far the numbers
	 * above the last one are free (`pidSafe`), so a full table (a fork bomb) costs one scan per
	 * run of free numbers, not one per candidate.
	 */
	private allocPid(): number | null {
		if (this.procs.size >= PID_LIMIT) return null;
		if (++this.lastPid >= PID_MAX) {
			this.lastPid = 300;
			this.pidsWrapped = true;
			this.pidSafe = 0;
		}
		// Until pids wrap, a fresh number cannot be anyone's pid, group or session.
		if (!this.pidsWrapped || this.lastPid < this.pidSafe) return this.lastPid;
		for (let scans = 0; scans < PID_MAX; scans++) {
			let safe = PID_MAX;
			let taken = false;
			for (const p of this.procs.values()) {
				const group = p.state === 'Z' ? p.pid : p.pgid;
				if (p.pid === this.lastPid || group === this.lastPid) {
					taken = true;
					break;
				}
				if (p.pid > this.lastPid && p.pid < safe) safe = p.pid;
				if (group > this.lastPid && group < safe) safe = group;
			}
			if (!taken) {
				this.pidSafe = safe;
				return this.lastPid;
			}
			if (++this.lastPid >= PID_MAX) this.lastPid = 300;
		}
		return null;
	}

	/** Creates pid 1 running `path`. */
	spawnInit(path: string, argv: string[], env: Record<string, string>): Process {
		const caps: Caps = { eff: CAP_INIT_BSET, prm: CAP_INIT_BSET, inh: 0, bset: CAP_INIT_BSET };
		const init = new Process(1, 0, rootCreds(), caps, this.root, this.root, this.clock);
		this.lastPid = 1;
		this.procs.set(1, init);
		const r = this.execInto(init, path, argv, env);
		if (isErrno(r)) throw new Error(`cannot exec init ${path}: ${r.name}`);
		this.makeRunnable(init);
		return init;
	}

	/** Forks `parent` (kernel side): the child starts running `main` with its own `sys`. */
	fork(parent: Process, main: (sys: unknown) => Promise<number>): Process | Errno {
		const refused = forkAllowed(this, parent);
		if (refused) return refused;
		const pid = this.allocPid();
		if (pid === null) return errno('EAGAIN');
		const c = new Process(
			pid,
			parent.pid,
			{ ...parent.creds, groups: [...parent.creds.groups] },
			{ ...parent.caps },
			parent.root,
			parent.cwd,
			this.clock
		);
		c.pgid = parent.pgid;
		c.sid = parent.sid;
		c.ctx = parent.ctx;
		c.comm = parent.comm;
		// The child's memory is a copy-on-write copy of its parent's: it shares the strings exec
		// copied (neither list is ever written in place; exec gives a process new ones).
		c.args = parent.args;
		c.env = parent.env;
		c.argBytes = parent.argBytes;
		c.umask = parent.umask;
		c.ttyDev = parent.ttyDev;
		c.handlers = parent.handlers;
		c.blocked = parent.blocked;
		for (const [fd, e] of parent.fds) {
			e.file.refs++;
			c.fds.set(fd, { file: e.file, cloexec: e.cloexec });
		}
		this.procs.set(pid, c);
		parent.children.add(c);
		for (const h of this.forkHooks) h(c, parent);
		const rs = this.state(c);
		rs.start = () => this.startProgram(c, (sys) => main(sys));
		this.makeRunnable(c);
		this.emitProc('fork', parent, pid);
		return c;
	}

	/** Spawns a process from outside any program (a terminal's login shell, `exec`). */
	spawn(o: SpawnOptions): Process | Errno {
		const pid = this.allocPid();
		if (pid === null) return errno('EAGAIN');
		const parent = o.parent;
		const creds = o.creds ?? { ...parent.creds, groups: [...parent.creds.groups] };
		const c = new Process(
			pid,
			parent.pid,
			creds,
			{ ...parent.caps },
			parent.root,
			o.cwd ?? parent.cwd,
			this.clock
		);
		c.ctx = parent.ctx;
		c.pgid = pid;
		c.sid = pid;
		if (creds.euid !== 0) c.caps = { ...c.caps, eff: 0, prm: 0 };
		(o.files ?? []).forEach((f, fd) => {
			f.refs++;
			c.fds.set(fd, { file: f, cloexec: false });
		});
		this.procs.set(pid, c);
		parent.children.add(c);
		for (const h of this.forkHooks) h(c, parent);
		if (o.tty) {
			o.tty.session = pid;
			o.tty.fgPgrp = pid;
			c.ttyDev = makedev(PTS_MAJOR, o.tty.index);
		}
		const r = this.execInto(c, o.path, o.argv, o.env);
		if (isErrno(r)) {
			this.exitProcess(c, 127 << 8);
			this.procs.delete(pid);
			parent.children.delete(c);
			return r;
		}
		this.makeRunnable(c);
		return c;
	}

	private startProgram(p: Process, main: (sys: unknown) => Promise<number>): void {
		const rs = this.state(p);
		const gen = rs.gen;
		let result: Promise<number>;
		try {
			result = main(this.makeSys(p));
		} catch (err) {
			this.crash(p, err);
			return;
		}
		result.then(
			(status) => {
				if (rs.gen !== gen || p.state === 'Z') return;
				// Returning from main is exit(2) as the C library makes it: trace it as exit_group.
				if (this.tracing) this.traceCall(p, 'exit_group', [status & 0xff], 0, null);
				this.exitProcess(p, (status & 0xff) << 8);
			},
			(err: unknown) => {
				if (rs.gen === gen && p.state !== 'Z') this.crash(p, err);
			}
		);
	}

	/** A program threw: that is our bug. Record it, and end the process as a crash would. */
	private crash(p: Process, err: unknown): void {
		const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
		this.faults.push(`${p.comm}[${p.pid}]: ${text}`);
		this.exitProcess(p, 11 /* SIGSEGV */);
	}

	/**
	 * The exec half that both execve and spawn use: resolve, check, pick the program (or the
	 * script's interpreter), then replace the image. Credentials follow the 2.4 rules.
	 */
	execInto(
		p: Process,
		path: string,
		argv: string[],
		env: Record<string, string>,
		depth = 0
	): Errno | true {
		const r = this.vfs.resolve(p, path);
		if (isErrno(r)) return r;
		const inode = r.inode!;
		if (!this.vfs.mayExecOn(r)) return errno('EACCES');
		if (kindOf(inode.mode) === 'dir') return errno('EACCES');
		if (kindOf(inode.mode) !== 'file') return errno('EACCES');
		if (!this.vfs.permission(p, inode, MAY_EXEC) || !(inode.mode & 0o111)) return errno('EACCES');
		if (depth === 0 && !argumentsFit(path, argv, env)) return errno('E2BIG');
		const data = inode.data;
		if (data.startsWith('#!')) {
			if (depth >= 4) return errno('ELOOP');
			if (!this.vfs.permission(p, inode, MAY_READ)) return errno('EACCES');
			const line = data.slice(2, data.indexOf('\n') === -1 ? undefined : data.indexOf('\n')).trim();
			const sp = line.search(/\s/);
			const interp = sp === -1 ? line : line.slice(0, sp);
			const arg = sp === -1 ? '' : line.slice(sp).trim();
			if (!interp) return errno('ENOEXEC');
			const newArgv = [interp, ...(arg ? [arg] : []), path, ...argv.slice(1)];
			return this.execInto(p, interp, newArgv, env, depth + 1);
		}
		const name = programNameOf(data);
		const program = name ? this.programs.get(name) : undefined;
		if (!program) return errno('ENOEXEC');
		this.vfs.noteExec(p, r);
		// Credentials: setuid/setgid bits, then capabilities (2.4 compute_creds, masked by cap_bset).
		const c = p.creds;
		const suid = this.vfs.suidAllowedOn(r);
		if (suid && inode.mode & S_ISUID) c.euid = inode.uid;
		if (suid && inode.mode & S_ISGID) c.egid = inode.gid;
		c.suid = c.fsuid = c.euid;
		c.sgid = c.fsgid = c.egid;
		this.capsOnExec(p);
		for (const [fd, e] of [...p.fds]) {
			if (e.cloexec) this.closeFd(p, fd);
		}
		p.handlers = p.handlers.map((h) => (typeof h === 'function' ? 'default' : h));
		const base = path.slice(path.lastIndexOf('/') + 1);
		p.comm = base.slice(0, 15);
		p.args = [...argv];
		p.env = { ...env };
		p.argBytes = stringBytes(argv, env);
		const rs = this.state(p);
		rs.gen++;
		rs.retry = null;
		rs.resume = null;
		rs.start = () => this.startProgram(p, (sys) => program(sys, [...argv], { ...env }));
		this.emitProc('exec', p, 0);
		return true;
	}

	/**
	 * Linux 2.4: a root exec (euid 0, or real uid 0) gets the full file sets; the new permitted set
	 * is (fP & cap_bset) | (fI & pI), the effective set is the permitted one when fE is set.
	 */
	capsOnExec(p: Process): void {
		capsOnExec(p);
	}

	private emitProc(type: 'fork' | 'exec' | 'exit', p: Process, value: number): void {
		if (!this.tracing) return;
		this.emit({
			type,
			seq: ++this.seq,
			clock: this.clock / 1000,
			pid: p.pid,
			ctx: p.ctx,
			comm: p.comm,
			value
		});
	}

	/** Ends a process with wait status `status`: files closed, children re-parented, parent told. */
	exitProcess(p: Process, status: number): void {
		if (p.state === 'Z') return;
		const rs = this.state(p);
		this.unsleep(p);
		rs.resume = null;
		rs.retry = null;
		rs.start = null;
		for (const fd of [...p.fds.keys()]) this.closeFd(p, fd);
		for (const h of this.exitHooks) h(p);
		// A session leader's exit hangs up its terminal for the foreground group.
		if (p.ttyDev !== null && p.sid === p.pid) {
			const tty = this.ttyOf(p.ttyDev);
			if (tty && tty.session === p.pid) {
				if (tty.fgPgrp && tty.fgPgrp !== p.pgid) this.signalGroup(tty.fgPgrp, SIGHUP);
				tty.session = 0;
				tty.fgPgrp = 0;
			}
		}
		const reaper = this.reaperFor(p);
		for (const c of p.children) {
			c.ppid = reaper.pid;
			reaper.children.add(c);
			// Linux (forget_original_parent): an orphan already dead is reported to its new parent.
			if (c.state === 'Z') {
				this.postSignal(reaper, SIGCHLD);
				reaper.childWait.wakeAll();
			}
		}
		p.children.clear();
		p.state = 'Z';
		p.exitStatus = status;
		this.runQueue.delete(p);
		this.emitProc('exit', p, status);
		if (p.pid === 1) this.faults.push('Kernel panic: Attempted to kill init!');
		const parent = this.procs.get(p.ppid);
		if (parent && parent !== p) {
			if (parent.handlers[SIGCHLD] === 'ignore') {
				// SIGCHLD ignored: no zombie (POSIX.1-2001 behaviour, 2.4 too).
				this.procs.delete(p.pid);
				parent.children.delete(p);
			} else {
				this.postSignal(parent, SIGCHLD);
			}
			parent.childWait.wakeAll();
		} else if (!parent) {
			this.procs.delete(p.pid);
		}
		if (p === this.current) this.endSlice();
	}

	/** Who inherits orphans: pid 1, or the context's fake init (context.ts). */
	reaperFor(p: Process): Process {
		return reaperFor(this, p);
	}

	/** Removes a reaped zombie. */
	reap(parent: Process, child: Process): void {
		parent.cusage.utime += child.rusage.utime + child.cusage.utime;
		parent.cusage.stime += child.rusage.stime + child.cusage.stime;
		this.procs.delete(child.pid);
		parent.children.delete(child);
	}

	groupExists(pgid: number): boolean {
		for (const p of this.procs.values()) if (p.pgid === pgid && p.state !== 'Z') return true;
		return false;
	}

	// ---- Signals -------------------------------------------------------------------------------

	/** Sends `sig` to every live process of group `pgid` (no permission check: the tty's doing). */
	signalGroup(pgid: number, sig: number): void {
		for (const p of [...this.procs.values()]) {
			if (p.pgid === pgid && p.state !== 'Z') this.postSignal(p, sig);
		}
	}

	/** Posts a signal; the permission checks are the caller's (kill(2) in the syscall layer). */
	postSignal(p: Process, sig: number): void {
		if (p.state === 'Z' || sig === 0) return;
		const bit = 1 << sig;
		const rs = this.state(p);
		if (sig === SIGKILL) {
			this.exitProcess(p, SIGKILL);
			return;
		}
		if (sig === SIGCONT) {
			p.pending &= ~((1 << SIGSTOP) | (1 << SIGTSTP) | (1 << SIGTTIN) | (1 << SIGTTOU));
			if (p.state === 'T') {
				p.state = rs.stoppedFrom;
				p.reportCont = true;
				if (p.state === 'R') this.makeRunnable(p);
				else if (rs.wakeAt !== null && rs.wakeAt <= this.clock) this.wake(p);
				const parent = this.procs.get(p.ppid);
				if (parent) parent.childWait.wakeAll();
			}
		}
		if (sig === SIGSTOP || sig === SIGTSTP || sig === SIGTTIN || sig === SIGTTOU) {
			p.pending &= ~(1 << SIGCONT);
		}
		const h = p.handlers[sig]!;
		const action = defaultAction(sig);
		if (h === 'ignore' || (h === 'default' && (action === 'ignore' || action === 'cont'))) return;
		if (p.blocked & bit) {
			p.pending |= bit;
			return;
		}
		if (h === 'default') {
			if (action === 'stop') {
				if (sig !== SIGSTOP && this.orphanedGroup(p)) return;
				this.stop(p, sig);
			} else {
				this.exitProcess(p, sig | (action === 'core' ? 0x80 : 0));
			}
			return;
		}
		p.pending |= bit;
		// A handler interrupts a sleeping call (which then returns EINTR).
		if (p.state === 'S') this.wake(p);
	}

	/** POSIX: a stop signal from the tty to an orphaned process group is discarded. */
	private orphanedGroup(_p: Process): boolean {
		return false; // SIMPLIFIED: login shells keep every group we create attached.
	}

	private stop(p: Process, sig: number): void {
		if (p.state === 'T') return;
		const rs = this.state(p);
		rs.stoppedFrom = p.state === 'S' ? 'S' : 'R';
		p.state = 'T';
		p.exitStatus = (sig << 8) | 0x7f;
		p.reportStop = true;
		this.runQueue.delete(p);
		const parent = this.procs.get(p.ppid);
		if (parent) {
			this.postSignal(parent, SIGCHLD);
			parent.childWait.wakeAll();
		}
		if (p === this.current) this.endSlice();
	}

	/** Runs handlers of pending unblocked signals; true when one ran (the call returns EINTR). */
	private deliver(p: Process): boolean {
		let ran = false;
		while (p.pending & ~p.blocked) {
			const ready = p.pending & ~p.blocked;
			const sig = 31 - Math.clz32(ready & -ready);
			p.pending &= ~(1 << sig);
			const h = p.handlers[sig];
			if (typeof h === 'function') {
				h(sig);
				ran = true;
			}
		}
		return ran;
	}

	sendSigpipe(p: Process): void {
		this.postSignal(p, SIGPIPE);
	}

	// ---- The trampoline and the scheduler -------------------------------------------------------

	/**
	 * Every system call goes through here: run the handler, sleep when it blocks, record the event,
	 * charge the time, deliver signals, and end the slice when the budget is spent. The answer is
	 * given at once when the call did not sleep and the slice goes on, else as the promise the
	 * process awaits (Sys turns both into a promise for programs, or hands the answer at once to
	 * one that reads thousands of files in a row, as ps does). CHOICE: no system call, virtual time
	 * or slice depends on which: the process runs alone in its slice and cannot tell them apart.
	 */
	call<T>(
		p: Process,
		name: string,
		args: unknown[],
		handler: () => T | Block | Errno
	): T | Errno | Promise<T | Errno> {
		if (p.state === 'Z') return never();
		const rs = this.state(p);
		rs.denial = null;
		// Linux runs handlers on the way back to user space, so a signal that arrived since the
		// last call has been handled before this one starts; only a call that sleeps is
		// interrupted (see the retry path in runSlice).
		if (p.pending & ~p.blocked) this.deliver(p);
		if (stateOf(p) === 'Z') return never();
		let r: T | Block | Errno;
		try {
			r = handler();
		} catch (err) {
			this.faults.push(
				`kernel: ${name} by ${p.comm}[${p.pid}]: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`
			);
			r = errno('EFAULT');
		}
		if (stateOf(p) === 'Z' || rs.start) {
			// The call ended the process or replaced its program (execve): nothing returns. strace
			// still shows it: `execve(...) = 0` in the new image, `_exit(0) = ?` for the last call.
			if (this.tracing) this.traceCall(p, name, args, rs.start ? 0 : UNFINISHED, rs.denial);
			if (rs.start && p.state === 'R') this.makeRunnable(p);
			if (p === this.current) this.endSlice();
			return never();
		}
		if (r instanceof Block) return this.sleep(p, name, args, handler, r);
		return this.finish(p, name, args, r);
	}

	private finish<T>(
		p: Process,
		name: string,
		args: unknown[],
		r: T | Errno
	): T | Errno | Promise<T | Errno> {
		const rs = this.state(p);
		this.charge(p, SYSCALL_COST_US, false);
		if (this.tracing) this.traceCall(p, name, args, r, rs.denial);
		if (p.state !== 'R' || p !== this.current) {
			// Stopped by its own call (kill of its own group) or not the running process.
			return new Promise((res) => {
				rs.resume = res as (v: unknown) => void;
				rs.value = r;
				if (p === this.current) this.endSlice();
			});
		}
		if (--p.budget > 0) return r;
		return new Promise((res) => {
			rs.resume = res as (v: unknown) => void;
			rs.value = r;
			this.runQueue.add(p);
			this.endSlice();
		});
	}

	/** sched_yield(2): ends the slice and charges a jiffy of user time (loops call it). */
	yield(p: Process): Promise<number> {
		if (p.state === 'Z') return never();
		const rs = this.state(p);
		this.charge(p, YIELD_COST_US, true);
		if (p.pending & ~p.blocked) this.deliver(p);
		if (p.state !== 'R') return never();
		return new Promise((res) => {
			rs.resume = res as (v: unknown) => void;
			rs.value = 0;
			this.runQueue.add(p);
			if (p === this.current) this.endSlice();
		});
	}

	private sleep<T>(
		p: Process,
		name: string,
		args: unknown[],
		handler: () => T | Block | Errno,
		b: Block
	): Promise<T | Errno> {
		const rs = this.state(p);
		rs.retry = handler;
		rs.retryName = name;
		rs.retryArgs = args;
		this.park(p, b);
		return new Promise((res) => {
			rs.resume = res as (v: unknown) => void;
			if (p === this.current) this.endSlice();
		});
	}

	private park(p: Process, b: Block): void {
		const rs = this.state(p);
		// A call that stopped its own process (a background read's SIGTTIN) sleeps once continued.
		if (p.state === 'T') rs.stoppedFrom = 'S';
		else p.state = 'S';
		rs.queues = b.queues;
		rs.wakeAt = b.until;
		rs.waker = new Waker(this, p);
		for (const q of b.queues) q.waiters.add(rs.waker);
		if (b.until !== null) this.sleepers.add(p);
	}

	private unsleep(p: Process): void {
		const rs = this.state(p);
		if (rs.waker) for (const q of rs.queues) q.waiters.delete(rs.waker);
		rs.queues = [];
		rs.waker = null;
		rs.wakeAt = null;
		this.sleepers.delete(p);
	}

	/** Makes a sleeping process runnable; it retries its call when scheduled. */
	wake(p: Process): void {
		if (p.state === 'Z') return;
		this.unsleep(p);
		if (p.state === 'T') {
			this.state(p).stoppedFrom = 'R';
			return;
		}
		if (p.state === 'S') this.makeRunnable(p);
	}

	makeRunnable(p: Process): void {
		p.state = 'R';
		this.runQueue.add(p);
	}

	private endSlice(): void {
		const end = this.sliceEnd;
		this.sliceEnd = null;
		if (end) end();
	}

	private charge(p: Process, us: number, user: boolean): void {
		if (user) p.rusage.utime += us;
		else p.rusage.stime += us;
		this.clock += us;
	}

	/** Syscalls `p` may make in its next slice; the contexts' sched flag shares one budget. */
	sliceBudget: (p: Process) => number = () => SLICE_SYSCALLS;

	/** The runnable processes (for schedulers that weigh groups). */
	runnableProcesses(): IterableIterator<Process> {
		return this.runQueue.values();
	}

	/** True when some process can run. */
	get runnable(): boolean {
		return this.runQueue.size > 0;
	}

	/**
	 * Runs one scheduler slice: the next runnable process runs until it blocks, yields, exits or
	 * spends its budget. Returns false when nothing could run.
	 */
	async runSlice(): Promise<boolean> {
		this.fireTimers();
		const p = this.runQueue.values().next().value;
		if (!p) return false;
		this.runQueue.delete(p);
		if (p.state !== 'R') return true;
		const rs = this.state(p);
		this.slice++;
		this.current = p;
		p.budget = this.sliceBudget(p);
		const done = new Promise<void>((res) => (this.sliceEnd = res));
		if (rs.start) {
			const start = rs.start;
			rs.start = null;
			start();
		} else if (rs.retry) {
			const retry = rs.retry;
			const name = rs.retryName;
			const args = rs.retryArgs;
			rs.retry = null;
			// A signal with a handler arrived while asleep: the call is interrupted.
			let r: unknown;
			if (p.pending & ~p.blocked && this.deliver(p)) r = errno('EINTR');
			else {
				try {
					r = retry();
				} catch (err) {
					this.faults.push(
						`kernel: ${name}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`
					);
					r = errno('EFAULT');
				}
			}
			if (stateOf(p) === 'Z' || rs.start) {
				if (rs.start && p.state === 'R') this.makeRunnable(p);
				this.endSlice();
			} else if (r instanceof Block) {
				rs.retry = retry;
				rs.retryName = name;
				rs.retryArgs = args;
				this.park(p, r);
				this.endSlice();
			} else {
				// The retried call completes in this slice and counts against its budget.
				p.budget--;
				this.charge(p, SYSCALL_COST_US, false);
				if (this.tracing) this.traceCall(p, name, args, r, rs.denial);
				const res = rs.resume;
				rs.resume = null;
				if (res) res(r);
				else this.endSlice();
			}
		} else if (rs.resume) {
			const res = rs.resume;
			rs.resume = null;
			res(rs.value);
		} else {
			this.endSlice();
		}
		await done;
		this.current = null;
		this.fireTimers();
		return true;
	}

	/** Wakes sleepers whose time has come and sends due alarms. */
	fireTimers(): void {
		let due: Process[] | null = null;
		for (const p of this.sleepers) {
			const at = this.state(p).wakeAt;
			if (at !== null && at <= this.clock) (due ??= []).push(p);
		}
		if (due) for (const p of due) this.wake(p);
		if (this.alarms.size === 0) return;
		for (const p of [...this.alarms]) {
			if (p.state === 'Z' || p.alarmAt === null) this.alarms.delete(p);
			else if (p.alarmAt <= this.clock) {
				this.setAlarm(p, null);
				this.postSignal(p, SIGALRM);
			}
		}
	}

	/** Sets or clears a process's alarm (µs of virtual time). */
	setAlarm(p: Process, at: number | null): void {
		p.alarmAt = at;
		if (at === null) this.alarms.delete(p);
		else this.alarms.add(p);
	}

	/** The next time (µs) a timer is due, or null. */
	nextTimer(): number | null {
		let next: number | null = null;
		for (const p of this.sleepers) {
			const at = this.state(p).wakeAt;
			if (at !== null && p.state === 'S' && (next === null || at < next)) next = at;
		}
		for (const p of this.alarms) {
			if (p.alarmAt !== null && p.state !== 'Z' && (next === null || p.alarmAt < next)) {
				next = p.alarmAt;
			}
		}
		return next;
	}

	/** Moves the clock forward (a logged tick); it never goes back. */
	advanceClock(to: number): void {
		if (to > this.clock) this.clock = to;
		this.fireTimers();
	}

	// ---- Files ---------------------------------------------------------------------------------

	/**
	 * Installs an open file in the lowest free slot at or above `min`. Past the process's
	 * RLIMIT_NOFILE (EMFILE) or its context's open-files cap (ENFILE) the caller's reference to
	 * the file is dropped and the error returned.
	 */
	installFd(p: Process, file: OpenFile, cloexec = false, min = 0): number | Errno {
		const fd = p.freeFd(min);
		const refused = fdAllowed(this, p, fd);
		if (refused) {
			this.release(file);
			return refused;
		}
		p.fds.set(fd, { file, cloexec });
		return fd;
	}

	closeFd(p: Process, fd: number): boolean {
		const e = p.fds.get(fd);
		if (!e) return false;
		p.fds.delete(fd);
		this.release(e.file);
		return true;
	}

	release(file: OpenFile): void {
		if (--file.refs <= 0) file.ops.release?.(file);
	}

	newFile(
		ops: FileOps,
		flags: number,
		path: string,
		inode: Inode | null = null,
		priv?: unknown
	): OpenFile {
		return { inode, flags, pos: 0, ops, refs: 0, path, priv };
	}

	ttyOf(dev: number): Tty | undefined {
		if (major(dev) === PTS_MAJOR) return this.ttys.get(minor(dev));
		return undefined;
	}

	/** Opens a device node for `p`; null when no driver. */
	openDevice(p: Process, rdev: number, flags: number, path: string): OpenFile | Errno {
		if (rdev === DEV_TTY) {
			const tty = p.ttyDev === null ? undefined : this.ttyOf(p.ttyDev);
			if (!tty) return errno('ENXIO');
			return this.slaveFile(tty, flags, path);
		}
		if (major(rdev) === PTS_MAJOR) {
			const tty = this.ttys.get(minor(rdev));
			if (!tty) return errno('EIO');
			// Linux: a session leader without a terminal that opens one (no O_NOCTTY) acquires it.
			if (p.sid === p.pid && p.ttyDev === null && tty.session === 0 && !(flags & O_NOCTTY)) {
				tty.session = p.sid;
				tty.fgPgrp = p.pgid;
				p.ttyDev = rdev;
			}
			return this.slaveFile(tty, flags, path);
		}
		if (rdev === DEV_CONSOLE) {
			// SIMPLIFIED: the console is write-only and its text goes to the kernel log.
			return this.newFile(
				{ write: (_f, d) => (this.console.push(d), d.length), read: () => '' },
				flags,
				path
			);
		}
		if (rdev === DEV_PTMX) {
			const tty = this.openPty(() => {});
			notePtyOpener(tty, p);
			// Linux devpts: the new slave belongs to whoever opened the master (xterm as a user).
			this.devpts.node(tty).uid = p.creds.fsuid;
			return this.newFile(masterOps(this), flags, path, null, newMaster(tty));
		}
		const ops = memoryDeviceOps(rdev, this.random);
		if (!ops) return errno('ENXIO');
		return this.newFile(ops, flags, path);
	}

	/** The display that shows pty masters as panes (set by the Machine; none in the runner). */
	display: ((master: PtyMaster, proc: Process, label: string) => boolean) | null = null;

	showPane(master: PtyMaster, proc: Process, label: string): boolean {
		return this.display ? this.display(master, proc, label) : false;
	}

	/** What was written to /dev/console. */
	readonly console: string[] = [];

	/** Creates a pty pair; the master side's output goes to `sink`. */
	openPty(sink: (data: string) => void): Tty {
		// devpts hands out the lowest free number, so a closed xterm's pts/1 is used again.
		let index = 0;
		while (this.ttys.has(index)) index++;
		const tty = new Tty(index, this, sink);
		this.ttys.set(index, tty);
		// Its /dev/pts/N node is generated by devpts from this table.
		return tty;
	}

	/** Opens a tty slave as an open file (for a login shell's fds 0-2). */
	ttyFile(tty: Tty): OpenFile {
		return this.slaveFile(tty, O_RDWR, `/dev/pts/${tty.index}`);
	}

	/** An open file on a pty's slave side, counted so the pty is freed after the last close. */
	private slaveFile(tty: Tty, flags: number, path: string): OpenFile {
		const ops = ttyOps();
		tty.slaveFiles++;
		ops.release = () => {
			tty.slaveFiles--;
			this.ptyClosed(tty);
		};
		return this.newFile(ops, flags, path, null, tty);
	}

	/** Frees a pty whose master and slave files are all closed; its session loses the terminal. */
	ptyClosed(tty: Tty): void {
		if (!tty.masterClosed || tty.slaveFiles > 0 || this.ttys.get(tty.index) !== tty) return;
		this.ttys.delete(tty.index);
		this.ptyMasters.delete(tty.index);
		const dev = makedev(PTS_MAJOR, tty.index);
		for (const p of this.procs.values()) if (p.ttyDev === dev) p.ttyDev = null;
	}

	/** Is a process sleeping on a read of this tty (the runner's idle rule)? */
	readingTty(tty: Tty): boolean {
		for (const pid of tty.readers) {
			const p = this.procs.get(pid);
			if (
				p &&
				p.state === 'S' &&
				p.pgid === tty.fgPgrp &&
				this.state(p).queues.includes(tty.readQueue)
			) {
				return true;
			}
		}
		// A program waiting in poll/select on the terminal (telnet, nc) reads it too.
		for (const p of this.procs.values()) {
			if (
				p.state === 'S' &&
				p.pgid === tty.fgPgrp &&
				this.state(p).queues.includes(tty.readQueue)
			) {
				return true;
			}
		}
		return false;
	}

	/** Path of an open file's access mode for /proc and strace. */
	accessMode(file: OpenFile): number {
		return file.flags & O_ACCMODE;
	}

	// ---- Tracing -------------------------------------------------------------------------------

	private traceCall(
		p: Process,
		name: string,
		args: unknown[],
		r: unknown,
		denial: DenialReason | null
	): void {
		const err = isErrno(r) ? r : null;
		this.emit({
			type: 'syscall',
			seq: ++this.seq,
			clock: this.clock / 1000,
			pid: p.pid,
			ctx: p.ctx,
			comm: p.comm,
			name,
			args: args.map(formatArg),
			result: err ? '-1' : formatResult(r),
			...(err ? { errno: err.name } : {}),
			...(denial ? { reason: denial } : {})
		});
	}

	// ---- Snapshot ------------------------------------------------------------------------------

	/** Capability set as /proc prints it: 16 hex digits. */
	static capHex(v: number): string {
		return (v >>> 0).toString(16).padStart(16, '0');
	}

	processView(p: Process): ProcessView {
		const c = p.creds;
		const tty = p.ttyDev === null ? undefined : this.ttyOf(p.ttyDev);
		return {
			pid: p.pid,
			ppid: p.ppid,
			pgid: p.pgid,
			sid: p.sid,
			comm: p.comm,
			args: [...p.args],
			state: p.state,
			uid: c.uid,
			euid: c.euid,
			suid: c.suid,
			fsuid: c.fsuid,
			gid: c.gid,
			egid: c.egid,
			ctx: p.ctx,
			capEff: Kernel.capHex(p.caps.eff),
			capPrm: Kernel.capHex(p.caps.prm),
			capInh: Kernel.capHex(p.caps.inh),
			capBset: Kernel.capHex(p.caps.bset),
			...ipv4rootView(p),
			chroot: this.vfs.dPath(this.vfs.rootOf(p), { mnt: this.vfs.rootMount, inode: this.root }),
			cwd: this.vfs.dPath(this.vfs.cwdOf(p), this.vfs.rootOf(p)),
			tty: tty ? tty.name : '?'
		};
	}

	snapshot(): KernelSnapshot {
		const processes = [...this.procs.values()]
			.sort((a, b) => a.pid - b.pid)
			.map((p) => this.processView(p));
		return {
			version: 1,
			clock: this.clock / 1000,
			processes,
			contexts: contextViews(this),
			sockets: socketViews(this),
			interfaces: interfaceViews(this),
			mounts: mountsView(this),
			terminals: [...this.ptyMasters.values()].map((m) => ({
				id: m.id,
				tty: `/dev/${m.tty.name}`,
				label: m.label
			}))
		};
	}
}

/** Reads the state afresh: a handler may have changed it behind TypeScript's narrowing. */
function stateOf(p: Process): ProcState {
	return p.state;
}

function formatArg(a: unknown): string {
	if (typeof a === 'string') return JSON.stringify(a.length > 32 ? a.slice(0, 32) + '...' : a);
	if (typeof a === 'number') return String(a);
	if (Array.isArray(a)) return '[' + a.map(formatArg).join(', ') + ']';
	if (a === null || a === undefined) return 'NULL';
	if (typeof a === 'function') return '0x' + 'handler';
	return JSON.stringify(a);
}

/** The result of a call that never returns (exit): strace prints `= ?`. */
const UNFINISHED = Symbol('unfinished');

function formatResult(r: unknown): string {
	if (r === UNFINISHED) return '?';
	if (typeof r === 'number') return String(r);
	if (typeof r === 'string') return String(r.length);
	if (r === undefined || r === null) return '0';
	if (Array.isArray(r)) return '0';
	return '0';
}

export { CAP_FULL, CAP_INIT_BSET, S_ISUID, S_ISGID };
