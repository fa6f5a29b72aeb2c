// The inspector's event feed: a Machine's event stream gathered into batches at most every few
// milliseconds, so a busy machine costs the page one message per batch rather than one per call.
import type { KernelEvent, Machine } from '../machine.ts';

/** What the feed passes on. */
export interface FeedOptions {
	/** Every system call (the trace panel is open), or only what the inspector always needs. */
	syscalls?: boolean;
	/** The longest a batch waits before it is sent, in ms (wall clock). */
	everyMs?: number;
	/** The most events one batch holds; older ones are dropped first when the page lags. */
	limit?: number;
}

/** Calls the inspector needs even with the trace panel closed: they change contexts and boxes. */
const ALWAYS = new Set(['new_s_context', 'set_ipv4root', 'setuid', 'capset', 'chroot']);

/**
 * Without `syscalls`, the feed keeps process events (fork, exec, exit: the page follows which
 * terminal a process belongs to), every refusal with a recorded reason, and the calls of ALWAYS.
 */
export function wanted(e: KernelEvent, syscalls: boolean): boolean {
	if (e.type !== 'syscall' || syscalls) return true;
	return e.reason !== undefined || ALWAYS.has(e.name);
}

/** Starts a feed of `machine`'s events into `send`; returns the function that stops it. */
export function startEventFeed(
	machine: Pick<Machine, 'onEvent'>,
	send: (batch: KernelEvent[], dropped: number) => void,
	opts: FeedOptions = {}
): () => void {
	const syscalls = opts.syscalls ?? false;
	const everyMs = opts.everyMs ?? 100;
	const limit = opts.limit ?? 2000;
	let batch: KernelEvent[] = [];
	let dropped = 0;
	let timer: ReturnType<typeof setTimeout> | null = null;
	const flush = () => {
		timer = null;
		const out = batch;
		const lost = dropped;
		batch = [];
		dropped = 0;
		if (out.length > 0 || lost > 0) send(out, lost);
	};
	const off = machine.onEvent((e) => {
		if (!wanted(e, syscalls)) return;
		batch.push(e);
		if (batch.length > limit) {
			batch.shift();
			dropped++;
		}
		timer ??= setTimeout(flush, everyMs);
	});
	return () => {
		off();
		if (timer !== null) clearTimeout(timer);
		flush();
	};
}
