// Security contexts (the ctx patch's s_context): the context table and its flags, new_s_context,
// who sees and signals whom, fake init, per-context host and domain names, the per-context
// process cap, and the context lines of /proc/<pid>/status and of the snapshot.
import { errno, type Errno } from './errno.ts';
import { SLICE_SYSCALLS, type Kernel } from './kernel.ts';
import type { Process } from './process.ts';
import type { ContextView } from './snapshot.ts';
import type { Tty } from './tty.ts';
import { CAP_KILL, CAP_SYS_ADMIN, inheritBsetDrops, recordBsetDrop, requireCap } from './caps.ts';
import {
	inheritRlimits,
	rlimitsOf,
	RLIMIT_NPROC,
	RLIM_INFINITY,
	userProcessLimit,
	type Rlimit
} from './rlimit.ts';
import { NSIG, SIGCONT } from './signals.ts';

/** The 2.4 flag bits (chcontext --flag, S_FLAGS). */
export const S_CTX_INFO_LOCK = 1,
	S_CTX_INFO_SCHED = 2,
	S_CTX_INFO_NPROC = 4,
	S_CTX_INFO_PRIVATE = 8,
	S_CTX_INFO_INIT = 16,
	S_CTX_INFO_HIDEINFO = 32,
	S_CTX_INFO_ULIMIT = 64;

/** Flag names by bit, as chcontext spells them. */
export const CTX_FLAG_NAMES: readonly [number, string][] = [
	[S_CTX_INFO_LOCK, 'lock'],
	[S_CTX_INFO_SCHED, 'sched'],
	[S_CTX_INFO_NPROC, 'nproc'],
	[S_CTX_INFO_PRIVATE, 'private'],
	[S_CTX_INFO_INIT, 'fakeinit'],
	[S_CTX_INFO_HIDEINFO, 'hideinfo'],
	[S_CTX_INFO_ULIMIT, 'ulimit']
];
const KNOWN_FLAGS = CTX_FLAG_NAMES.reduce((m, [bit]) => m | bit, 0);

/** new_s_context's special ctx arguments. */
export const CTX_NEW = -1,
	CTX_SAME = -2;
/** The spectator context: sees every process, signals none of another context. */
export const CTX_WATCH = 1;
/** CHOICE: context numbers are 0..65535 (2.4 did not document a bound; later tools used 49151). */
export const MAX_S_CONTEXT = 65535;

/** What a context (2 and above) carries beyond its number; contexts 0 and 1 have no record. */
export interface ContextInfo {
	readonly id: number;
	/** OR of S_CTX_INFO_* bits: only ever gains bits. */
	flags: number;
	hostname: string;
	domainname: string;
	/** Real pid of the fake init, or null. */
	initpid: number | null;
	/** The per-context process cap of the nproc flag (the caller's RLIMIT_NPROC hard value). */
	nproc: number | null;
	/** The ulimit flag: the limits that became the whole context's. */
	rlimits: Rlimit[] | null;
}

const tables = new WeakMap<Kernel, Map<number, ContextInfo>>();

/** The context table of a kernel (tests and the inspector read it; only this file writes it). */
export function contextTable(k: Kernel): ReadonlyMap<number, ContextInfo> {
	return table(k);
}

function table(k: Kernel): Map<number, ContextInfo> {
	let t = tables.get(k);
	if (!t) {
		t = new Map();
		tables.set(k, t);
	}
	return t;
}

/** Whether a process other than `except` is in context `id` (zombies still hold their context). */
function inUse(k: Kernel, id: number, except: Process | null = null): boolean {
	for (const q of k.procs.values()) if (q.ctx === id && q !== except) return true;
	return false;
}

/**
 * The record of a context ≥ 2 while someone is in it. A context lives as long as one of its
 * processes: once the last is gone its number is free and a later use starts afresh.
 */
export function contextOf(k: Kernel, id: number): ContextInfo | null {
	if (id < 2) return null;
	const t = table(k);
	const info = t.get(id);
	if (!info) return null;
	if (!inUse(k, id)) {
		t.delete(id);
		return null;
	}
	return info;
}

/** The flag word of a process's context (0 for contexts 0 and 1). */
export function ctxFlags(k: Kernel, p: Process): number {
	return contextOf(k, p.ctx)?.flags ?? 0;
}

/** The live fake init of context `id`, if it has one. */
export function fakeInit(k: Kernel, id: number): Process | null {
	const info = contextOf(k, id);
	if (!info || info.initpid === null) return null;
	const init = k.procs.get(info.initpid);
	return init && init.ctx === id && init.state !== 'Z' ? init : null;
}

function createContext(k: Kernel, id: number, from: Process): ContextInfo {
	// CHOICE: a new context starts with the creator's host and NIS domain names (the vserver keeps
	// the main server's name unless S_HOSTNAME is set).
	const info: ContextInfo = {
		id,
		flags: 0,
		hostname: hostnameOf(k, from),
		domainname: domainnameOf(k, from),
		initpid: null,
		nproc: null,
		rlimits: null
	};
	table(k).set(id, info);
	return info;
}

/** ORs flags into a context; fakeinit makes the caller its init, nproc and ulimit copy limits. */
function addFlags(info: ContextInfo, p: Process, flags: number): void {
	info.flags |= flags;
	if (flags & S_CTX_INFO_INIT && info.initpid === null) info.initpid = p.pid;
	if (flags & S_CTX_INFO_NPROC) {
		const max = rlimitsOf(p)[RLIMIT_NPROC]!.max;
		if (max !== RLIM_INFINITY) info.nproc = info.nproc === null ? max : Math.min(info.nproc, max);
	}
	if (flags & S_CTX_INFO_ULIMIT && info.rlimits === null) {
		info.rlimits = rlimitsOf(p).map((r) => ({ ...r }));
	}
}

/**
 * Lowers the ceiling for good and takes the removed bits out of every set, remembering which
 * command did it (the "why was this denied?" view names it).
 */
function lowerBset(k: Kernel, p: Process, removeCap: number): void {
	recordBsetDrop(p, removeCap, 'new_s_context', k.clock / 1000);
	const keep = ~removeCap >>> 0;
	p.caps.bset = (p.caps.bset & keep) >>> 0;
	p.caps.eff = (p.caps.eff & p.caps.bset) >>> 0;
	p.caps.prm = (p.caps.prm & p.caps.bset) >>> 0;
	p.caps.inh = (p.caps.inh & p.caps.bset) >>> 0;
}

function refuse(k: Kernel, p: Process, text: string, name: 'EPERM' | 'EINVAL' = 'EPERM'): Errno {
	k.deny(p, { kind: 'context', text });
	return errno(name);
}

/** The smallest context number ≥ 2 that no process uses (ARCHITECTURE.md fixed fact). */
export function unusedContext(k: Kernel): number | null {
	const used = new Set<number>();
	for (const q of k.procs.values()) used.add(q.ctx);
	for (let id = 2; id <= MAX_S_CONTEXT; id++) if (!used.has(id)) return id;
	return null;
}

/**
 * new_s_context(ctx, remove_cap, flags), rev0. Returns the context the caller is now in.
 * -2 stays and only lowers the ceiling and adds flags (allowed even under lock); -1 moves to a
 * fresh context (anyone, unless the current context is locked); N ≥ 0 needs root in context 0
 * with CAP_SYS_ADMIN and fails on a private N. Nothing changes when the call fails.
 */
export function newSContext(
	k: Kernel,
	p: Process,
	ctx: number,
	removeCap: number,
	flags: number
): number | Errno {
	if (!Number.isInteger(ctx) || ctx < CTX_SAME || ctx > MAX_S_CONTEXT) {
		return refuse(k, p, `no context number ${ctx}`, 'EINVAL');
	}
	// CHOICE: unknown flag bits (namespace came later) are refused rather than silently kept.
	if (flags & ~KNOWN_FLAGS) {
		return refuse(k, p, `unknown context flags ${flags & ~KNOWN_FLAGS}`, 'EINVAL');
	}
	const current = contextOf(k, p.ctx);
	if (ctx === CTX_SAME) {
		lowerBset(k, p, removeCap);
		// CHOICE: contexts 0 and 1 have no record in 2.4, so flags asked for there are ignored:
		// the host can never lock or privatise itself by accident.
		if (current) addFlags(current, p, flags);
		return p.ctx;
	}
	if (current && current.flags & S_CTX_INFO_LOCK) {
		return refuse(
			k,
			p,
			`context ${p.ctx} has the lock flag: it may not create or enter another context`
		);
	}
	if (ctx === CTX_NEW) {
		const id = unusedContext(k);
		if (id === null) return errno('EAGAIN');
		const info = createContext(k, id, p);
		p.ctx = id;
		addFlags(info, p, flags);
		lowerBset(k, p, removeCap);
		return id;
	}
	if (p.ctx !== 0) {
		return refuse(
			k,
			p,
			`only root in context 0 may choose a context number; this process is in context ${p.ctx}`
		);
	}
	if (p.creds.euid !== 0) {
		return refuse(
			k,
			p,
			`only root in context 0 may choose a context number; the effective uid is ${p.creds.euid}`
		);
	}
	if (!requireCap(k, p, CAP_SYS_ADMIN, `choosing context ${ctx}`)) return errno('EPERM');
	if (ctx >= 2) {
		const existing = contextOf(k, ctx);
		if (existing && existing.flags & S_CTX_INFO_PRIVATE) {
			return refuse(k, p, `context ${ctx} is private: nobody may join it`);
		}
		const info = existing ?? createContext(k, ctx, p);
		p.ctx = ctx;
		addFlags(info, p, flags);
	} else {
		// Context 1 (watch all) and 0 (stay on the host): no record, so no flags (see -2).
		p.ctx = ctx;
	}
	lowerBset(k, p, removeCap);
	return ctx;
}

/**
 * Puts a process into a context from outside any program (a Machine terminal or `exec` with a
 * `ctx` option): what root in context 0 does with `chcontext --ctx N`, without the checks.
 */
export function enterContext(k: Kernel, p: Process, ctx: number): void {
	if (ctx === p.ctx) return;
	if (ctx >= 2 && !contextOf(k, ctx)) createContext(k, ctx, p);
	p.ctx = ctx;
}

// ---- Visibility ------------------------------------------------------------------------------

/**
 * Whether `viewer` sees `target` at all (kill, getsid, capget...): its own context, everything
 * from context 1, and pid 1 from everywhere.
 */
export function sees(viewer: Process, target: Process): boolean {
	return target.ctx === viewer.ctx || viewer.ctx === CTX_WATCH || target.pid === 1;
}

/**
 * The /proc hook: whether `target` has a /proc entry for `viewer`. Inside a context with a fake
 * init the real init is hidden, because that context's /proc/1 is its fake init.
 */
export function procVisible(k: Kernel, viewer: Process, target: Process): boolean {
	if (!sees(viewer, target)) return false;
	if (target.pid === 1 && viewer.ctx !== CTX_WATCH && fakeInit(k, viewer.ctx)) return false;
	return true;
}

/** The pid under which `viewer` knows `target`: a fake init is 1 inside its own context. */
export function pidSeenBy(k: Kernel, viewer: Process, target: Process): number {
	if (viewer.ctx === target.ctx && viewer.ctx !== CTX_WATCH && fakeInit(k, target.ctx) === target) {
		return 1;
	}
	return target.pid;
}

/**
 * The parent pid `viewer` is shown for `target` (getppid, /proc PPid): 1 for children of the
 * context's fake init, and 1 for a parent the viewer cannot see.
 */
export function ppidSeenBy(k: Kernel, viewer: Process, target: Process): number {
	const parent = k.procs.get(target.ppid);
	if (!parent) return target.ppid;
	// CHOICE: a parent in another context shows as 1, so pstree hangs the process under init.
	if (!sees(viewer, parent) || (parent.pid === 1 && !procVisible(k, viewer, parent))) return 1;
	return pidSeenBy(k, viewer, parent);
}

/**
 * Looks a pid up as `viewer` would: 1 means the context's fake init when it has one; a process
 * of another context does not exist (ESRCH), as in the ctx patch's find_task_by_pid.
 */
export function findProcess(k: Kernel, viewer: Process, pid: number): Process | null {
	if (pid === 1 && viewer.ctx !== CTX_WATCH) {
		const init = fakeInit(k, viewer.ctx);
		if (init) return init;
	}
	const t = k.procs.get(pid);
	if (!t) return null;
	if (!procVisible(k, viewer, t)) {
		k.deny(viewer, {
			kind: 'context',
			text: `process ${pid} is in context ${t.ctx}, invisible from context ${viewer.ctx}`
		});
		return null;
	}
	return t;
}

/** The context of the process that opened each pty's master (/dev/ptmx). */
const ptyOpeners = new WeakMap<Tty, number>();

/** Records who opened a pty master, so xterm's child in a vserver can open the slave it got. */
export function notePtyOpener(tty: Tty, opener: Process): void {
	ptyOpeners.set(tty, opener.ctx);
}

/**
 * Whether a pty belongs to the viewer's context. SIMPLIFIED: a pty is its session leader's; one
 * no session holds yet is the context's that opened its master (context 0 for the Machine's).
 */
export function ptyVisible(k: Kernel, viewer: Process, index: number): boolean {
	if (viewer.ctx === CTX_WATCH) return true;
	const tty = k.ttys.get(index);
	const leader = tty && tty.session ? k.procs.get(tty.session) : undefined;
	const owner = leader ? leader.ctx : tty ? (ptyOpeners.get(tty) ?? 0) : 0;
	return owner === viewer.ctx;
}

// ---- Signals ---------------------------------------------------------------------------------

/**
 * The context rule for acting on a process (signal, ptrace): pid 1 only from context 0, context 1
 * watches but never acts outside itself, and other contexts do not exist for the actor.
 */
export function contextMayAct(
	k: Kernel,
	actor: Process,
	target: Process,
	what: string
): Errno | null {
	if (target.pid === 1 && actor.ctx !== 0) {
		k.deny(actor, {
			kind: 'context',
			text: `pid 1 (init) may be ${what} only from context 0; this process is in context ${actor.ctx}`
		});
		return errno('EPERM');
	}
	if (actor.ctx === CTX_WATCH && target.ctx !== CTX_WATCH) {
		k.deny(actor, {
			kind: 'context',
			text: `context 1 may watch process ${target.pid} (context ${target.ctx}) but it may not be ${what} from there`
		});
		return errno('EPERM');
	}
	if (target.ctx !== actor.ctx && target.pid !== 1) {
		k.deny(actor, { kind: 'context', text: `process ${target.pid} is in context ${target.ctx}` });
		return errno('ESRCH');
	}
	return null;
}

/**
 * Whether `sender` may signal `target` (which it sees): the context rules first, then 2.4's:
 * CAP_KILL, SIGCONT within the session, or a matching real or effective uid.
 */
export function maySignal(k: Kernel, sender: Process, target: Process, sig: number): Errno | null {
	const refused = contextMayAct(k, sender, target, 'signalled');
	if (refused) return refused;
	if (sender.capable(CAP_KILL)) return null;
	if (sig === SIGCONT && target.sid === sender.sid) return null;
	const c = sender.creds;
	const t = target.creds;
	if (c.euid === t.suid || c.euid === t.uid || c.uid === t.suid || c.uid === t.uid) return null;
	requireCap(k, sender, CAP_KILL, `signalling process ${target.pid} of uid ${t.uid}`);
	return errno('EPERM');
}

/** kill(2) with the context rules: a process group or -1 reaches only what the sender sees. */
export function kill(k: Kernel, p: Process, pid: number, sig: number): 0 | Errno {
	if (!Number.isInteger(sig) || sig < 0 || sig >= NSIG) return errno('EINVAL');
	const targets: Process[] = [];
	if (pid > 0) {
		const t = findProcess(k, p, pid);
		if (!t) return errno('ESRCH');
		if (t.state === 'Z') return 0;
		targets.push(t);
	} else {
		const own = fakeInit(k, p.ctx);
		for (const t of k.procs.values()) {
			if (t.state === 'Z' || !sees(p, t)) continue;
			if (pid === 0 && t.pgid !== p.pgid) continue;
			if (pid < -1 && t.pgid !== -pid) continue;
			// kill(-1): everyone the caller sees but init (real or fake) and itself.
			if (pid === -1 && (t.pid === 1 || t === p || t === own)) continue;
			targets.push(t);
		}
		if (targets.length === 0) return errno('ESRCH');
	}
	let sent = 0;
	let err: Errno | null = null;
	for (const t of targets) {
		const e = maySignal(k, p, t, sig);
		if (e) {
			err = e;
			continue;
		}
		sent++;
		// Linux: the real init receives only the signals it has a handler for.
		if (t.pid === 1 && t.handlers[sig] === 'default') continue;
		k.postSignal(t, sig);
	}
	return sent === 0 && err ? err : 0;
}

// ---- Orphans, fork -------------------------------------------------------------------------

/** Who adopts `p`'s orphans: its context's live fake init (unless that is `p`), else pid 1. */
export function reaperFor(k: Kernel, p: Process): Process {
	const init = fakeInit(k, p.ctx);
	if (init && init !== p) return init;
	return k.procs.get(1)!;
}

/**
 * The checks before fork creates a process: with the nproc (or ulimit) flag, the context's
 * process cap replaces the per-user RLIMIT_NPROC; otherwise the per-user limit applies.
 */
export function forkAllowed(k: Kernel, parent: Process): Errno | null {
	const info = contextOf(k, parent.ctx);
	const cap = info ? contextProcessCap(info) : null;
	if (cap !== null) {
		let n = 0;
		for (const q of k.procs.values()) if (q.ctx === parent.ctx && q.state !== 'Z') n++;
		if (n < cap) return null;
		k.deny(parent, {
			kind: 'limit',
			text: `context ${parent.ctx} already has ${n} processes, its limit (nproc flag) is ${cap}`
		});
		return errno('EAGAIN');
	}
	return userProcessLimit(k, parent);
}

/** The process cap a context's flags set, or null. SIMPLIFIED: of ulimit's limits only NPROC is enforced. */
function contextProcessCap(info: ContextInfo): number | null {
	if (info.flags & S_CTX_INFO_NPROC && info.nproc !== null) return info.nproc;
	if (info.flags & S_CTX_INFO_ULIMIT && info.rlimits) {
		const cur = info.rlimits[RLIMIT_NPROC]!.cur;
		return cur === RLIM_INFINITY ? null : cur;
	}
	return null;
}

/** Hooks the context machinery into a kernel (called once by the kernel's constructor). */
export function installContexts(k: Kernel): void {
	k.forkHooks.push((child, parent) => inheritRlimits(child, parent));
	k.forkHooks.push((child, parent) => inheritBsetDrops(child, parent));
	// /proc is the filesystem side's; when the kernel has one, its visibility hooks are ours.
	const procfs = (k as unknown as { procfs?: ProcHooks }).procfs;
	if (procfs) fillProcHooks(k, procfs);
	// The sched flag: a context's runnable processes share one slice's budget, so fifty busy
	// processes in a vserver get about what one host process gets.
	k.sliceBudget = (p) => {
		if (!(ctxFlags(k, p) & S_CTX_INFO_SCHED)) return SLICE_SYSCALLS;
		let n = 1;
		for (const q of k.runnableProcesses()) if (q.ctx === p.ctx && q !== p) n++;
		return Math.max(1, Math.floor(SLICE_SYSCALLS / n));
	};
	const devpts = (
		k as unknown as { devpts?: { ptyVisible: (viewer: Process, tty: Tty) => boolean } }
	).devpts;
	if (devpts) devpts.ptyVisible = (viewer, tty) => ptyVisible(k, viewer, tty.index);
}

// ---- Host and domain names -----------------------------------------------------------------

/** The host name `uname -n` gives in the process's context (0 and 1: the kernel's). */
export function hostnameOf(k: Kernel, p: Process): string {
	return contextOf(k, p.ctx)?.hostname ?? k.hostname;
}

export function domainnameOf(k: Kernel, p: Process): string {
	return contextOf(k, p.ctx)?.domainname ?? k.domainname;
}

/** sethostname(2)/setdomainname(2): CAP_SYS_ADMIN; a context ≥ 2 renames only itself. */
export function setName(
	k: Kernel,
	p: Process,
	which: 'hostname' | 'domainname',
	name: string
): 0 | Errno {
	const call = which === 'hostname' ? 'setting the host name' : 'setting the NIS domain name';
	if (!requireCap(k, p, CAP_SYS_ADMIN, call)) return errno('EPERM');
	// Linux: __NEW_UTS_LEN is 64.
	if (name.length > 64) return errno('EINVAL');
	const info = contextOf(k, p.ctx);
	if (info) info[which] = name;
	else k[which] = name;
	return 0;
}

// ---- /proc and the snapshot ----------------------------------------------------------------

/** The hooks of /proc this file fills, by shape (procfs.ts owns them; any may be absent). */
export interface ProcHooks {
	procVisible?: (viewer: Process, target: Process) => boolean;
	pidSeen?: (viewer: Process, target: Process) => number;
	findPid?: (viewer: Process, pid: number) => Process | null;
	shownPpid?: (viewer: Process | null, target: Process) => number;
	ctxText?: (viewer: Process | null, target: Process) => string;
}

/**
 * The context lines of /proc/<pid>/status: `s_context: N`, `ctxflags: N` (decimal) and
 * `initpid: none|PID` (the fake init's real pid); the network's ipv4root lines follow them.
 * Each line ends with a newline. hideinfo hides them from the context's own processes (see
 * fillProcHooks).
 */
export function statusLines(k: Kernel, target: Process): string {
	const init = fakeInit(k, target.ctx);
	const flags = contextOf(k, target.ctx)?.flags ?? 0;
	return `s_context: ${target.ctx}\nctxflags: ${flags}\ninitpid: ${init ? init.pid : 'none'}\n`;
}

/**
 * Fills /proc's hooks: which pid directories a viewer has and under which number (a fake init
 * is /proc/1 inside its context, the real init then hidden), the PPid shown, and the context
 * lines of status.
 */
export function fillProcHooks(k: Kernel, fs: ProcHooks): void {
	if (fs.procVisible) fs.procVisible = (viewer, target) => procVisible(k, viewer, target);
	if (fs.pidSeen) fs.pidSeen = (viewer, target) => pidSeenBy(k, viewer, target);
	if (fs.findPid) fs.findPid = (viewer, pid) => findProcess(k, viewer, pid);
	if (fs.shownPpid) {
		fs.shownPpid = (viewer, target) => {
			if (target.pid === 1 || (viewer && pidSeenBy(k, viewer, target) === 1)) return 0;
			return viewer ? ppidSeenBy(k, viewer, target) : target.ppid;
		};
	}
	if (fs.ctxText) {
		fs.ctxText = (viewer, target) => {
			// CHOICE: hideinfo hides the context lines of status from the context's own processes
			// (the later wiki's "hide context information in task status"); 0 and 1 still see them.
			const hidden =
				viewer &&
				viewer.ctx >= 2 &&
				viewer.ctx === target.ctx &&
				ctxFlags(k, target) & S_CTX_INFO_HIDEINFO;
			return hidden ? '' : statusLines(k, target);
		};
	}
}

/** The names of the flags in a word, in bit order. */
export function flagNames(flags: number): string[] {
	return CTX_FLAG_NAMES.filter(([bit]) => flags & bit).map(([, name]) => name);
}

/** The bit of a flag name, or null (chcontext --flag). */
export function flagByName(name: string): number | null {
	return CTX_FLAG_NAMES.find(([, n]) => n === name)?.[0] ?? null;
}

/** The snapshot's contexts: 0 always, then every context a process is in, by number. */
export function contextViews(k: Kernel): ContextView[] {
	const ids = new Set<number>([0]);
	for (const q of k.procs.values()) ids.add(q.ctx);
	return [...ids]
		.sort((a, b) => a - b)
		.map((id) => {
			const info = contextOf(k, id);
			const init = fakeInit(k, id);
			let procCount = 0;
			for (const q of k.procs.values()) if (q.ctx === id && q.state !== 'Z') procCount++;
			return {
				id,
				flags: flagNames(info?.flags ?? 0),
				hostname: info?.hostname ?? k.hostname,
				domainname: info?.domainname ?? k.domainname,
				initpid: init ? init.pid : null,
				procCount,
				nproc: info ? contextProcessCap(info) : null
			};
		});
}
