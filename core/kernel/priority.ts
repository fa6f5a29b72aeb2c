// Nice values and setpriority(2)/getpriority(2) with 2.4's rules (kernel/sys.c): only the owner
// or CAP_SYS_NICE may renice, and only CAP_SYS_NICE may lower a nice value; a security context
// reaches only the processes it sees. SIMPLIFIED: the scheduler ignores the value; it is kept
// for /proc (stat's priority and nice fields) and the tools that show it.
import { errno, type Errno } from './errno.ts';
import type { Kernel } from './kernel.ts';
import type { Process } from './process.ts';
import { requireCap } from './caps.ts';
import { findProcess, procVisible } from './context.ts';

export const PRIO_PROCESS = 0,
	PRIO_PGRP = 1,
	PRIO_USER = 2;
const CAP_SYS_NICE = 23;

const niceness = new WeakMap<Process, number>();
const hooked = new WeakSet<Kernel>();

/** A process's nice value, -20 (most favoured) to 19. */
export function niceOf(p: Process): number {
	return niceness.get(p) ?? 0;
}

/** 2.4's stat priority field: the 15 of a fresh time slice, moved by the nice value. */
export function priorityOf(p: Process): number {
	return 15 - niceOf(p);
}

function inherit(k: Kernel): void {
	if (hooked.has(k)) return;
	hooked.add(k);
	k.forkHooks.push((child, parent) => {
		const n = niceness.get(parent);
		if (n !== undefined) niceness.set(child, n);
	});
}

function targets(k: Kernel, p: Process, which: number, who: number): Process[] | Errno {
	if (which === PRIO_PROCESS) {
		const t = who === 0 ? p : findProcess(k, p, who);
		return t && t.state !== 'Z' ? [t] : [];
	}
	if (which !== PRIO_PGRP && which !== PRIO_USER) return errno('EINVAL');
	const id = who !== 0 ? who : which === PRIO_PGRP ? p.pgid : p.creds.uid;
	return [...k.procs.values()].filter(
		(t) =>
			t.state !== 'Z' &&
			procVisible(k, p, t) &&
			(which === PRIO_PGRP ? t.pgid === id : t.creds.uid === id)
	);
}

export function setpriority(
	k: Kernel,
	p: Process,
	which: number,
	who: number,
	value: number
): 0 | Errno {
	const list = targets(k, p, which, who);
	if (!Array.isArray(list)) return list;
	if (list.length === 0) return errno('ESRCH');
	const nice = Math.max(-20, Math.min(19, Math.trunc(value)));
	let error: Errno | null = null;
	for (const t of list) {
		const c = p.creds;
		if (
			t.creds.uid !== c.euid &&
			t.creds.uid !== c.uid &&
			!requireCap(k, p, CAP_SYS_NICE, `renicing process ${t.pid} of another user`)
		) {
			error = errno('EPERM');
			continue;
		}
		if (nice < niceOf(t) && !requireCap(k, p, CAP_SYS_NICE, 'lowering a nice value')) {
			error = errno('EACCES');
			continue;
		}
		inherit(k);
		niceness.set(t, nice);
	}
	return error ?? 0;
}

/** The lowest nice value among the targets (glibc's view; the raw call returns 20 - nice). */
export function getpriority(k: Kernel, p: Process, which: number, who: number): number | Errno {
	const list = targets(k, p, which, who);
	if (!Array.isArray(list)) return list;
	if (list.length === 0) return errno('ESRCH');
	return Math.min(...list.map(niceOf));
}
