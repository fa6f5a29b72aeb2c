// Resource limits: each process's rlimits (inherited at fork), getrlimit/setrlimit with the 2.4
// rules, and the fork-time process limits (RLIMIT_NPROC per user, the nproc flag per context).
import { errno, type Errno } from './errno.ts';
import type { Kernel } from './kernel.ts';
import type { Process } from './process.ts';
import { CAP_SYS_ADMIN, CAP_SYS_RESOURCE, requireCap } from './caps.ts';

/** i386 resource numbers (include/asm-i386/resource.h). */
export const RLIMIT_CPU = 0,
	RLIMIT_FSIZE = 1,
	RLIMIT_DATA = 2,
	RLIMIT_STACK = 3,
	RLIMIT_CORE = 4,
	RLIMIT_RSS = 5,
	RLIMIT_NPROC = 6,
	RLIMIT_NOFILE = 7,
	RLIMIT_MEMLOCK = 8,
	RLIMIT_AS = 9,
	RLIMIT_LOCKS = 10;
export const RLIM_NLIMITS = 11;
/** 2.4 on i386: ~0UL, which `ulimit` prints as `unlimited`. */
export const RLIM_INFINITY = 0xffffffff;
/** fs.h NR_OPEN: the most RLIMIT_NOFILE may be raised to, even with CAP_SYS_RESOURCE. */
export const NR_OPEN = 1024 * 1024;
/**
 * CHOICE: fork_init sets init's RLIMIT_NPROC to max_threads / 2; we take max_threads to be the
 * system-wide process limit of 16384, so every user starts with 8192.
 */
export const DEFAULT_NPROC = 8192;

export interface Rlimit {
	cur: number;
	max: number;
}

/** init's limits (2.4 INIT_RLIMITS): an 8 MB soft stack, no core files, 1024 open files. */
export function defaultRlimits(): Rlimit[] {
	const inf = (): Rlimit => ({ cur: RLIM_INFINITY, max: RLIM_INFINITY });
	const l: Rlimit[] = Array.from({ length: RLIM_NLIMITS }, inf);
	l[RLIMIT_STACK] = { cur: 8 * 1024 * 1024, max: RLIM_INFINITY };
	l[RLIMIT_CORE] = { cur: 0, max: RLIM_INFINITY };
	l[RLIMIT_NPROC] = { cur: DEFAULT_NPROC, max: DEFAULT_NPROC };
	l[RLIMIT_NOFILE] = { cur: 1024, max: 1024 };
	return l;
}

// Kept beside the process table rather than in Process so the limits stay this file's business.
const limits = new WeakMap<Process, Rlimit[]>();

/** A process's limits (init's defaults until something changes them); never written in place. */
export function rlimitsOf(p: Process): Rlimit[] {
	let l = limits.get(p);
	if (!l) {
		l = defaultRlimits();
		limits.set(p, l);
	}
	return l;
}

/**
 * Fork hook: the child inherits the parent's limits. The list is shared until one of them
 * changes a limit (setrlimit writes a copy of its own): thousands of processes with init's
 * limits hold one list, not eleven objects each.
 */
export function inheritRlimits(child: Process, parent: Process): void {
	limits.set(child, rlimitsOf(parent));
}

export function getrlimit(p: Process, resource: number): Rlimit | Errno {
	if (!Number.isInteger(resource) || resource < 0 || resource >= RLIM_NLIMITS) {
		return errno('EINVAL');
	}
	return { ...rlimitsOf(p)[resource]! };
}

/** Linux 2.4 sys_setrlimit: raising above the hard limit needs CAP_SYS_RESOURCE. */
export function setrlimit(k: Kernel, p: Process, resource: number, lim: Rlimit): 0 | Errno {
	if (!Number.isInteger(resource) || resource < 0 || resource >= RLIM_NLIMITS) {
		return errno('EINVAL');
	}
	const cur = lim.cur >>> 0;
	const max = lim.max >>> 0;
	if (cur > max) return errno('EINVAL');
	const old = rlimitsOf(p)[resource]!;
	if (
		(cur > old.max || max > old.max) &&
		!requireCap(k, p, CAP_SYS_RESOURCE, 'raising a hard resource limit')
	) {
		return errno('EPERM');
	}
	if (resource === RLIMIT_NOFILE && (cur > NR_OPEN || max > NR_OPEN)) {
		k.deny(p, { kind: 'limit', text: `RLIMIT_NOFILE cannot exceed NR_OPEN (${NR_OPEN})` });
		return errno('EPERM');
	}
	const own = rlimitsOf(p).slice();
	own[resource] = { cur, max };
	limits.set(p, own);
	return 0;
}

/**
 * The per-user RLIMIT_NPROC check of 2.4 do_fork: the caller's real user may own at most the soft
 * limit of processes; CAP_SYS_ADMIN or CAP_SYS_RESOURCE lift it (so root is exempt by default).
 */
export function userProcessLimit(k: Kernel, parent: Process): Errno | null {
	const limit = rlimitsOf(parent)[RLIMIT_NPROC]!.cur;
	if (limit === RLIM_INFINITY) return null;
	if (parent.capable(CAP_SYS_ADMIN) || parent.capable(CAP_SYS_RESOURCE)) return null;
	const uid = parent.creds.uid;
	let n = 0;
	for (const q of k.procs.values()) if (q.creds.uid === uid && q.state !== 'Z') n++;
	if (n < limit) return null;
	k.deny(parent, {
		kind: 'limit',
		text: `user ${uid} already has ${n} processes, its RLIMIT_NPROC (ulimit -u) is ${limit}, and CAP_SYS_RESOURCE is missing`
	});
	return errno('EAGAIN');
}
