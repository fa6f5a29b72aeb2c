// The inspector's state as runes: the kernel snapshot (refreshed while the panel is open), the
// event feed (refusals always, every call while the trace is shown), which terminal each process
// belongs to, and the selection. It reads the machine only through inspect(), readAs() and the feed.
import type { KernelEvent, KernelSnapshot, SyscallEvent } from '@core/machine.ts';
import { proxy } from '../machine/client.ts';
import type { MachineSession } from '../machine/session.svelte.ts';
import { REFUSAL_MESSAGES as MESSAGES } from './refusal-line.ts';

/** A refused call with the kernel's recorded reason, and the terminal it came from. */
export interface Refusal {
	event: SyscallEvent & { reason: NonNullable<SyscallEvent['reason']> };
	/** The pty of the process (`pts/0`), as far as the page could follow it; `?` when unknown. */
	tty: string;
}

/** How many calls the trace keeps (the newest). */
const TRACE_KEEP = 1500;
/** Calls the trace always shows: they change a process's context or network box. */
// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a constant, never changed
export const KEY_CALLS: ReadonlySet<string> = new Set(['new_s_context', 'set_ipv4root']);
/** How many refusals the explainer keeps. */
const REFUSALS_KEEP = 50;
export class InspectorState {
	snapshot = $state.raw<KernelSnapshot | null>(null);
	/** The trace panel's calls, oldest first. */
	trace = $state.raw<SyscallEvent[]>([]);
	/** Calls the feed dropped because the page lagged behind the machine. */
	dropped = $state(0);
	refusals = $state.raw<Refusal[]>([]);
	/** The refusal the explainer shows; the newest when none was picked. */
	picked = $state.raw<Refusal | null>(null);
	selectedPid = $state<number | null>(null);
	/** /proc/<pid>/status of the selected process, read as that process. */
	status = $state('');
	traceOpen = $state(false);
	/** False on a machine with no snapshot (x86). */
	available = $state(true);

	readonly #session: MachineSession;
	// Plain bookkeeping: no view reads these maps, so they need no reactivity.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- see above
	#ttyOf = new Map<number, string>();
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- see above
	#parentOf = new Map<number, number>();
	#timer: ReturnType<typeof setInterval> | null = null;
	#pending: ReturnType<typeof setTimeout> | null = null;
	#stopped = false;

	constructor(session: MachineSession) {
		this.#session = session;
	}

	async start(): Promise<void> {
		try {
			await this.#session.ready;
			if (this.#stopped) return;
			await this.#feed();
		} catch {
			// No machine, or one without a kernel model to watch (x86): say so rather than fail.
			this.available = false;
			return;
		}
		await this.refresh();
		this.#timer = setInterval(() => void this.refresh(), 1000);
	}

	stop(): void {
		this.#stopped = true;
		if (this.#timer !== null) clearInterval(this.#timer);
		if (this.#pending !== null) clearTimeout(this.#pending);
		void this.#session.api.watchEvents(null).catch(() => {});
	}

	/** Shows or hides the trace: the feed carries every call only while it is shown. */
	async showTrace(open: boolean): Promise<void> {
		if (open === this.traceOpen) return;
		this.traceOpen = open;
		await this.#feed();
	}

	async #feed(): Promise<void> {
		if (this.#stopped) return;
		await this.#session.api.watchEvents(
			proxy((batch: KernelEvent[], dropped: number) => this.#take(batch, dropped)),
			{ syscalls: this.traceOpen, everyMs: 100 }
		);
	}

	#take(batch: KernelEvent[], dropped: number): void {
		const calls: SyscallEvent[] = [];
		const refused: Refusal[] = [];
		for (const e of batch) {
			if (e.type === 'fork') {
				this.#ttyOf.set(e.value, this.#ttyOf.get(e.pid) ?? '?');
				this.#parentOf.set(e.value, e.pid);
			} else if (e.type === 'syscall') {
				// Refusals and the context calls stay in the trace even while it is hidden.
				if (this.traceOpen || e.reason || KEY_CALLS.has(e.name)) calls.push(e);
				if (e.errno && e.reason) {
					refused.push({
						event: e as Refusal['event'],
						tty: this.#ttyOf.get(e.pid) ?? '?'
					});
				}
			}
		}
		if (calls.length > 0) this.trace = [...this.trace, ...calls].slice(-TRACE_KEEP);
		this.dropped += dropped;
		if (refused.length > 0) {
			this.refusals = [...this.refusals, ...refused].slice(-REFUSALS_KEEP);
			this.picked = null;
		}
		// A batch means the machine changed: look again soon, but not for every batch.
		this.#pending ??= setTimeout(() => {
			this.#pending = null;
			void this.refresh();
		}, 250);
	}

	/** Reads the snapshot (and the selected process's status) again. */
	async refresh(): Promise<void> {
		if (this.#stopped) return;
		try {
			const snap = await this.#session.api.inspect();
			if (this.#stopped) return;
			this.available = snap !== null;
			this.snapshot = snap;
			if (!snap) return;
			for (const p of snap.processes) this.#ttyOf.set(p.pid, p.tty);
			const pid = this.selectedPid;
			if (pid !== null) {
				if (!snap.processes.some((p) => p.pid === pid)) {
					this.status = `Process ${pid} has exited.`;
					return;
				}
				this.status = await this.#session.api.readAs(pid, `/proc/${pid}/status`);
			}
		} catch {
			// The machine is restarting or gone; the next tick tries again.
		}
	}

	select(pid: number | null): void {
		this.selectedPid = pid;
		this.status = '';
		void this.refresh();
	}

	/** The refusal the explainer shows now. */
	get shown(): Refusal | null {
		return this.picked ?? this.refusals.at(-1) ?? null;
	}

	/**
	 * Picks the refusal a terminal line reports: the newest on that terminal's pty whose errno
	 * prints as the line does, else the newest on that pty. True when one was found.
	 */
	explain(tty: string | null, line: string): boolean {
		const mine = this.refusals.filter((r) => tty === null || r.tty === tty);
		const byMessage = mine.filter((r) => MESSAGES[r.event.errno ?? '']?.test(line));
		const found = byMessage.at(-1) ?? mine.at(-1) ?? null;
		if (found) void this.pick(found);
		return found !== null;
	}

	/** Shows `r` in the explainer and selects its process, or its nearest living ancestor. */
	async pick(r: Refusal): Promise<void> {
		this.picked = r;
		// The snapshot may predate the refusal's parents: read it afresh before walking up.
		await this.refresh();
		if (this.picked !== r) return;
		// eslint-disable-next-line svelte/prefer-svelte-reactivity -- local, built and read here
		const alive = new Set(this.snapshot?.processes.map((p) => p.pid) ?? []);
		let pid: number | undefined = r.event.pid;
		for (let hops = 0; pid !== undefined && !alive.has(pid) && hops < 64; hops++) {
			pid = this.#parentOf.get(pid);
		}
		if (pid !== undefined && alive.has(pid)) this.select(pid);
	}
}
