// Wait queues and the Block result: how a syscall handler says "not yet, retry when woken".

/** Something a process can sleep on: a tty's input, a pipe, a child's exit, a timer. */
export class WaitQueue {
	readonly waiters = new Set<{ wake(): void }>();
	/** Wakes every sleeper; each retries its call and may sleep again. */
	wakeAll(): void {
		for (const w of [...this.waiters]) w.wake();
	}
}

/** Returned by a syscall handler that cannot complete yet. */
export class Block {
	readonly queues: readonly WaitQueue[];
	/** Virtual time (µs) at which to retry even if no queue is woken (nanosleep, timeouts). */
	readonly until: number | null;
	constructor(queues: WaitQueue | readonly WaitQueue[], until: number | null = null) {
		this.queues = Array.isArray(queues) ? queues : [queues as WaitQueue];
		this.until = until;
	}
}

export function block(
	queues: WaitQueue | readonly WaitQueue[],
	until: number | null = null
): Block {
	return new Block(queues, until);
}
