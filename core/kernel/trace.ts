// Process tracing for strace: a tracer process attaches to a pid (and, following forks, to its
// descendants) and reads the tracee's syscall records from a file descriptor, one JSON line per
// record, blocking while none is pending and at end of file once every tracee has exited.
// SIMPLIFIED: this is not ptrace(2); tracees never stop, the tracer only observes the event
// stream the kernel already produces. The permission rule is ptrace's (same ids or
// CAP_SYS_PTRACE), plus the context rule: only processes the tracer can see.
import { errno, type Errno } from './errno.ts';
import type { KernelEvent } from './events.ts';
import type { FileOps } from './file.ts';
import { O_RDONLY } from './file.ts';
import type { Kernel } from './kernel.ts';
import type { Process } from './process.ts';
import { block, WaitQueue } from './wait.ts';
import { contextMayAct } from './context.ts';

const CAP_SYS_PTRACE = 19;

/** One line of a trace descriptor: the kernel's event, with exec's file and argv added. */
export type TraceRecord = KernelEvent & { path?: string; argv?: string[]; envc?: number };

interface Session {
	pids: Set<number>;
	follow: boolean;
	queue: string[];
	readers: WaitQueue;
	closed: boolean;
}

const sessions = new WeakMap<Kernel, Set<Session>>();
const unsubscribe = new WeakMap<Kernel, () => void>();

/** May `tracer` trace `t`? Linux ptrace_attach: all ids match, or CAP_SYS_PTRACE. */
function mayTrace(tracer: Process, t: Process): boolean {
	if (tracer.capable(CAP_SYS_PTRACE)) return true;
	const a = tracer.creds;
	const b = t.creds;
	return (
		a.uid === b.euid &&
		a.uid === b.suid &&
		a.uid === b.uid &&
		a.gid === b.egid &&
		a.gid === b.sgid &&
		a.gid === b.gid
	);
}

function listen(k: Kernel): void {
	if (unsubscribe.has(k)) return;
	unsubscribe.set(
		k,
		k.onEvent((e) => deliver(k, e))
	);
}

function deliver(k: Kernel, e: KernelEvent): void {
	const all = sessions.get(k);
	if (!all) return;
	for (const s of all) {
		if (!s.pids.has(e.pid)) continue;
		let rec: TraceRecord = e;
		if (e.type === 'exec') {
			const p = k.procs.get(e.pid);
			const exe = p ? k.vfs.exeOf(p) : undefined;
			const path = exe && p ? k.vfs.placedPath(exe, k.vfs.rootOf(p)) : undefined;
			rec = { ...e, path, argv: p ? [...p.args] : [], envc: p ? Object.keys(p.env).length : 0 };
		}
		s.queue.push(JSON.stringify(rec) + '\n');
		// SIMPLIFIED: instead of ptrace's stop at each call, a tracee gives up the CPU after each
		// traced call, so the woken tracer prints the line before the tracee's next step.
		const p = k.procs.get(e.pid);
		if (p && e.type === 'syscall') p.budget = 0;
		if (e.type === 'fork' && s.follow) s.pids.add(e.value);
		if (e.type === 'exit') s.pids.delete(e.pid);
		s.readers.wakeAll();
	}
}

function release(k: Kernel, s: Session): void {
	s.closed = true;
	const all = sessions.get(k);
	all?.delete(s);
	if (all && all.size === 0) {
		unsubscribe.get(k)?.();
		unsubscribe.delete(k);
	}
}

/**
 * Starts tracing `pid` (its future children too with `follow`) and returns an open file whose
 * reads give the records. ESRCH for a process the tracer cannot see, EPERM when not allowed.
 */
export function traceAttach(
	k: Kernel,
	tracer: Process,
	target: Process | undefined,
	follow: boolean
): { ops: FileOps; priv: Session } | Errno {
	if (!target || target.state === 'Z') return errno('ESRCH');
	if (target === tracer) return errno('EPERM');
	const refused = contextMayAct(k, tracer, target, 'traced');
	if (refused) return refused;
	if (!mayTrace(tracer, target)) {
		k.deny(tracer, {
			kind: 'capability',
			capability: 'CAP_SYS_PTRACE',
			text: `process ${target.pid} has other credentials and CAP_SYS_PTRACE is missing`
		});
		return errno('EPERM');
	}
	const s: Session = {
		pids: new Set([target.pid]),
		follow,
		queue: [],
		readers: new WaitQueue(),
		closed: false
	};
	let all = sessions.get(k);
	if (!all) sessions.set(k, (all = new Set()));
	all.add(s);
	listen(k);
	const ops: FileOps = {
		read: (_f, count) => {
			if (s.queue.length > 0) {
				let out = '';
				while (
					s.queue.length > 0 &&
					out.length + s.queue[0]!.length <= Math.max(count, s.queue[0]!.length)
				) {
					out += s.queue.shift()!;
				}
				return out;
			}
			if (s.pids.size === 0) return '';
			return block([s.readers]);
		},
		release: () => release(k, s)
	};
	return { ops, priv: s };
}

export const TRACE_FLAGS = O_RDONLY;
