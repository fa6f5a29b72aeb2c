// The worker side of the comlink contract: holds one Machine and forwards the page's calls to it.
// Output callbacks arrive as comlink proxies; bytes leave as transferable copies.
import { transfer } from 'comlink';
import {
	BOOT_AHEAD_NAME,
	type BootInfo,
	type BootProgress,
	type BootSpec,
	type FeedOptions,
	type MachineApi,
	type TestFault
} from './api.ts';
import { startEventFeed } from './event-feed.ts';
import type {
	ExecOptions,
	ExecResult,
	KernelEvent,
	KernelSnapshot,
	LogEntry,
	Machine,
	SavedState,
	SettleResult,
	TerminalInfo,
	TerminalOptions
} from '../machine.ts';
import { ModelMachine } from '../model-machine.ts';
import { RELEASE } from '../syscalls/index.ts';
import { everyday } from '../userland/lib/everyday.ts';

/** How long after a model's boot its everyday tools are fetched, if no key came first (ms). */
const PREFETCH_AFTER_MS = 400;

export class MachineService implements MachineApi {
	private machine: Machine | null = null;
	/**
	 * Log entries since the boot, kept until the page first asks for them (`onLog`): a machine
	 * the page started before it was ready to listen (web/src/lib/machine/early.ts) may already
	 * have logged clock ticks, and the page's copy of the log must miss none.
	 */
	private backlog: { entries: LogEntry[]; stop: () => void } | null = null;
	private stopFeed: (() => void) | null = null;
	private testhooks = false;

	/** The boot this worker started from its name (`bootAhead`), until the page's `boot()` takes it. */
	private ahead: { key: string; booting: Promise<BootInfo> } | null = null;

	private prefetchTimer: ReturnType<typeof setTimeout> | null = null;
	private prefetched = false;

	private get m(): Machine {
		if (!this.machine) throw new Error('boot() first');
		return this.machine;
	}

	/**
	 * Starts the boot that the worker's `name` asks for (BOOT_AHEAD_NAME and a BootSpec), if it
	 * asks for one: called once, when the worker's code has run, before any message is read.
	 */
	bootAhead(name: string): void {
		if (!name.startsWith(BOOT_AHEAD_NAME)) return;
		let spec: BootSpec;
		try {
			spec = JSON.parse(name.slice(BOOT_AHEAD_NAME.length)) as BootSpec;
		} catch {
			return;
		}
		const booting = this.start(spec);
		// The page's boot() hears how it went; until then a failure stays quiet.
		booting.catch(() => {});
		this.ahead = { key: JSON.stringify(spec), booting };
	}

	async boot(spec: BootSpec, onProgress?: (progress: BootProgress) => void): Promise<BootInfo> {
		const ahead = this.ahead;
		this.ahead = null;
		if (ahead) {
			// The same machine, already booting: the page gets that boot's answer.
			if (ahead.key === JSON.stringify(spec)) return this.prefetchAfter(await ahead.booting);
			await ahead.booting.catch(() => {});
		}
		return this.prefetchAfter(await this.start(spec, onProgress));
	}

	/**
	 * The everyday tools (ls, ps, cat...) are left out of the first chunk. After a model's boot
	 * has answered the page they are fetched once the first prompt has had its moment, or at the
	 * first key, whichever comes first, so that their download and compiling do not compete with
	 * the page's mount or the logins of the first terminals; the learner reading the prompt gives
	 * them ample time before the first `ls`. (Counted from the page's boot(), not from a boot the
	 * worker started ahead of the page, which may still be loading.)
	 */
	private prefetchAfter(info: BootInfo): BootInfo {
		if (info.backend === 'model') this.prefetchSoon();
		return info;
	}

	private async start(
		spec: BootSpec,
		onProgress?: (progress: BootProgress) => void
	): Promise<BootInfo> {
		this.stopFeed?.();
		this.stopFeed = null;
		this.machine?.dispose();
		this.backlog?.stop();
		this.backlog = null;
		this.testhooks = spec.testhooks === true;
		this.machine = null;
		if (spec.backend === 'x86') return this.bootX86(spec, onProgress);
		if (spec.backend !== 'model') {
			throw new Error(`backend ${spec.backend} is not available in this worker`);
		}
		const log = spec.restore?.backend === 'model' ? spec.restore.log : [];
		const boot =
			spec.restore?.backend === 'model' ? { ...spec.restore.boot, ...spec.boot } : spec.boot;
		this.machine = await ModelMachine.create(boot ?? {}, log);
		this.keepBacklog(this.machine);
		return { backend: 'model', release: RELEASE };
	}

	/**
	 * The real machine: v86 and the adapter are a dynamic import, so a worker that only runs the
	 * model never loads them. It restores the shipped state; an exercise's setup is not run there
	 * (x86 exercises have none: core/tutorial/load.ts).
	 */
	private async bootX86(
		spec: BootSpec,
		onProgress?: (progress: BootProgress) => void
	): Promise<BootInfo> {
		if (!spec.imageBase) throw new Error('x86: no image folder given');
		if (spec.restore && spec.restore.backend !== 'x86') {
			throw new Error('x86: cannot restore a model state');
		}
		const { createBrowserX86 } = await import('../x86/x86-worker.ts');
		const machine = await createBrowserX86(spec.imageBase, (p) => void onProgress?.(p));
		if (spec.restore) await machine.restore(spec.restore);
		this.machine = machine;
		const release = await machine.readAs(1, '/proc/sys/kernel/osrelease').then(
			(text) => text.trim(),
			() => ''
		);
		return { backend: 'x86', release: release || 'unknown' };
	}

	async openTerminal(opts: TerminalOptions): Promise<number> {
		return this.m.openTerminal(opts);
	}

	async attach(id: number, onOutput: (chunk: Uint8Array) => void): Promise<void> {
		this.m.attach(id, (chunk) => {
			const copy = chunk.slice();
			void onOutput(transfer(copy, [copy.buffer]));
		});
	}

	private prefetchSoon(): void {
		if (this.prefetched || this.prefetchTimer !== null) return;
		this.prefetchTimer = setTimeout(() => this.prefetch(), PREFETCH_AFTER_MS);
	}

	private prefetch(): void {
		if (this.prefetchTimer !== null) clearTimeout(this.prefetchTimer);
		this.prefetchTimer = null;
		if (this.prefetched) return;
		this.prefetched = true;
		everyday().catch(() => {});
	}

	async input(id: number, data: string): Promise<void> {
		// Only a model's boot arms the prefetch: its first key may as well start it.
		if (this.prefetchTimer !== null) this.prefetch();
		this.m.input(id, data);
	}

	async resize(id: number, cols: number, rows: number): Promise<void> {
		this.m.resize(id, cols, rows);
	}

	async onTerminals(cb: (terminals: TerminalInfo[]) => void): Promise<void> {
		this.m.onTerminals((list) => void cb(list));
	}

	async onEvent(cb: (event: KernelEvent) => void): Promise<void> {
		this.m.onEvent((e) => void cb(e));
	}

	private keepBacklog(machine: Machine): void {
		this.backlog?.stop();
		const entries: LogEntry[] = [];
		this.backlog = { entries, stop: machine.onLog((e) => void entries.push(e)) };
	}

	async onLog(cb: (entry: LogEntry) => void): Promise<void> {
		const missed = this.backlog;
		this.backlog = null;
		missed?.stop();
		for (const e of missed?.entries ?? []) void cb(e);
		this.m.onLog((e) => void cb(e));
	}

	exec(opts: ExecOptions): Promise<ExecResult> {
		return this.m.exec(opts);
	}

	inspect(): Promise<KernelSnapshot | null> {
		return this.m.inspect();
	}

	readAs(pid: number, path: string): Promise<string> {
		return this.m.readAs(pid, path);
	}

	save(): Promise<SavedState> {
		return this.m.save();
	}

	restore(state: SavedState): Promise<void> {
		return this.m.restore(state);
	}

	settle(id: number, boundMs: number): Promise<SettleResult> {
		return this.m.settle(id, boundMs);
	}

	async watchEvents(
		cb: ((batch: KernelEvent[], dropped: number) => void) | null,
		opts?: FeedOptions
	): Promise<void> {
		this.stopFeed?.();
		this.stopFeed = null;
		if (cb) {
			this.stopFeed = startEventFeed(this.m, (batch, dropped) => void cb(batch, dropped), opts);
		}
	}

	async ping(): Promise<true> {
		return true;
	}

	async fault(kind: TestFault): Promise<void> {
		if (!this.testhooks) throw new Error('fault() is for tests: boot with testhooks');
		// After the answer, so the page's call returns and the fault comes out of the blue.
		setTimeout(() => {
			if (kind === 'crash') throw new Error('test fault: the worker crashed');
			for (;;) {
				/* test fault: the worker never answers again */
			}
		}, 0);
	}
}
