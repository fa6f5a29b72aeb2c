// One running machine as the UI sees it: its worker, its boot, a status the page can show, and
// its recovery. The worker hands every input-log entry to the page as it happens (ARCHITECTURE.md
// "How programs run"), so when it crashes (its error event) or stops answering the heartbeat, a
// new worker boots from the page's copy of the log, the views attach again and the reader is told.
// The real x86 machine downloads ~5 MB first (progress in `download`); when it cannot start, the
// session falls back to the model in the same worker and says why in `fallback`. (x86 keeps no
// input log, so a lost x86 worker is reported, not replaced: the exercise panel's Start again
// boots a fresh one and types the steps done, as after a reload.)
import type {
	BootInfo,
	BootProgress,
	BootSpec,
	FeedOptions,
	MachineApi,
	TestFault
} from '@core/worker/api.ts';
import type {
	BootOptions,
	ExecOptions,
	KernelEvent,
	LogEntry,
	SavedState,
	TerminalInfo,
	TerminalOptions
} from '@core/machine.ts';
import { appendLog } from '../progress/progress.svelte.ts';
import { createMachineClient, proxy, type MachineClient } from './client.ts';
import { sessionSpec, takeEarly } from './early.ts';
import { testHooksAsked } from './testhooks.ts';

export type SessionStatus = 'starting' | 'running' | 'recovering' | 'failed';

/** What the page calls on its machine: the worker's API less what the session does itself. */
export type SessionApi = Omit<MachineApi, 'boot' | 'ping' | 'fault'>;

/** How often the page asks the worker whether it is there, while the page is visible (ms). */
const HEARTBEAT_MS = 3000;
/**
 * How long an answer may take before the worker counts as hung (ms). The machine runs in slices
 * of a few milliseconds and yields between them, boots and replays included, so even a fork bomb
 * leaves it answering within a fraction of a second: this is generous on purpose.
 */
const ANSWER_MS = 10_000;
/** More lost workers than this within `RECOVERY_WINDOW_MS` and the session gives up. */
const MAX_RECOVERIES = 3;
const RECOVERY_WINDOW_MS = 60_000;

/** Stands for "the worker this call went to was replaced before it answered". */
const DROPPED = Symbol('dropped');

/** `text` ending as a sentence, so that another can follow it. */
function sentence(text: string): string {
	return /[.!?…]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`;
}

/** The site's folder of x86 images, as the worker must fetch it (an absolute URL). */
export function x86ImageBase(): string {
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a string is made, no state kept
	return new URL('images/x86/', new URL(import.meta.env.BASE_URL, location.href)).href;
}

/** The live sessions, newest last: the test hooks act on the newest. */
const sessions: MachineSession[] = [];

export class MachineSession {
	status = $state<SessionStatus>('starting');
	/** Why the machine failed, in words for the reader. */
	error = $state('');
	info = $state<BootInfo | null>(null);
	/** How many times a new worker took over; views attach their output again each time. */
	generation = $state(0);
	/** What the reader is told about a recovery (a polite notice); empty when there is none. */
	notice = $state('');
	/** The x86 machine's files while they arrive; null on the model and once booted. */
	download = $state<BootProgress | null>(null);
	/** Set when the real machine could not start and the model runs instead: why, for the reader. */
	fallback = $state('');
	/** Resolves once the machine booted; rejects if it could not. */
	readonly ready: Promise<BootInfo>;
	/** The machine; calls made while a new worker starts wait for it. */
	readonly api: SessionApi;

	readonly #spec: BootSpec;
	readonly #testhooks = testHooksAsked();
	#client: MachineClient;
	/** The current client once booted (a new promise while a replacement boots). */
	#live: Promise<MachineClient>;
	/** The boot and input log to restore from: the page's own copy, kept as entries arrive. */
	#boot: BootOptions;
	#log: LogEntry[] = [];
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- callbacks, not state a view reads
	#logListeners = new Set<(entry: LogEntry) => void>();
	#terminalListeners: ((terminals: TerminalInfo[]) => void)[] = [];
	#eventListeners: ((event: KernelEvent) => void)[] = [];
	/** The inspector's event feed, if one is on: a new worker gets it too. */
	#feed: {
		cb: (batch: KernelEvent[], dropped: number) => void;
		opts: FeedOptions | undefined;
	} | null = null;
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- callbacks, not state a view reads
	#replacedListeners = new Set<() => void>();
	/** Calls waiting on the current worker: dropped when it is replaced. */
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- callbacks, not state a view reads
	#inflight = new Set<() => void>();
	#recoveries: number[] = [];
	#heartbeat: ReturnType<typeof setInterval> | undefined;
	#ping: { timer: ReturnType<typeof setTimeout> } | null = null;
	#disposed = false;

	constructor(spec: BootSpec) {
		this.#spec = sessionSpec(spec);
		const restored = spec.restore?.backend === 'model' ? spec.restore : null;
		this.#boot = { ...restored?.boot, ...spec.boot };
		for (const e of restored?.log ?? []) appendLog(this.#log, { ...e });
		// The page's first script may have started this very machine already (early.ts).
		const early = takeEarly(this.#spec);
		this.#client = early ? this.#watch(early.client) : this.#spawn();
		const booting = this.#start(this.#client, this.#spec, early?.booting ?? undefined);
		this.#live = booting.then(() => this.#client);
		this.ready = booting.then(
			(info) => {
				this.info = info;
				if (this.status === 'starting') this.status = 'running';
				return info;
			},
			(reason: unknown) => {
				this.fail(reason instanceof Error ? reason.message : String(reason));
				throw reason;
			}
		);
		// Callers that await `ready` see the rejection; this keeps an unwatched one quiet.
		this.ready.catch(() => {});
		this.#live.catch(() => {});
		this.api = this.#facade();
		this.#heartbeat = setInterval(() => this.#beat(), HEARTBEAT_MS);
		addEventListener('visibilitychange', this.#visibility);
		sessions.push(this);
		if (this.#testhooks) exposeTestHooks();
	}

	/** Calls `cb` after a new worker took over: views clear their screens and attach again. */
	onReplaced(cb: () => void): () => void {
		this.#replacedListeners.add(cb);
		return () => this.#replacedListeners.delete(cb);
	}

	fail(message: string): void {
		this.status = 'failed';
		this.error ||= message;
		this.#stopHeartbeat();
	}

	dispose(): void {
		this.#disposed = true;
		this.#stopHeartbeat();
		removeEventListener('visibilitychange', this.#visibility);
		this.#dropInflight();
		this.#client.dispose();
		sessions.splice(sessions.indexOf(this), 1);
	}

	// ---- Workers ------------------------------------------------------------------------------

	#spawn(): MachineClient {
		return this.#watch(createMachineClient());
	}

	#watch(client: MachineClient): MachineClient {
		client.onCrash((message) => {
			if (client === this.#client) this.#lost(message);
		});
		return client;
	}

	/**
	 * Boots `client` (or waits for the boot `booted` it already runs), then gives it the listeners
	 * the page registered so far.
	 */
	async #start(
		client: MachineClient,
		spec: BootSpec,
		booted?: Promise<BootInfo>
	): Promise<BootInfo> {
		let crashed: (reason: Error) => void = () => {};
		const crash = new Promise<never>((_, reject) => (crashed = reject));
		client.onCrash((message) => crashed(new Error(message)));
		const info = await Promise.race([booted ?? this.#bootOn(client, spec), crash]);
		await client.api.onLog(proxy((entry: LogEntry) => this.#logged(entry)));
		for (const cb of this.#terminalListeners) await client.api.onTerminals(cb);
		for (const cb of this.#eventListeners) await client.api.onEvent(cb);
		if (this.#feed) await client.api.watchEvents(this.#feed.cb, this.#feed.opts);
		return info;
	}

	async #bootOn(client: MachineClient, spec: BootSpec): Promise<BootInfo> {
		const api = client.api;
		if (spec.backend !== 'x86') return api.boot(spec);
		this.download = { loaded: 0, total: 0 };
		try {
			return await api.boot(
				{ ...spec, imageBase: spec.imageBase ?? x86ImageBase() },
				proxy((p: BootProgress) => {
					if (this.download) this.download = p;
				})
			);
		} catch (reason) {
			// A state of the real machine cannot go to the model; a fresh model can.
			const why = reason instanceof Error ? reason.message : String(reason);
			this.fallback = `The real Linux machine could not start (${why}), so this is the model of the 2003 kernel instead.`;
			return api.boot({ backend: 'model', boot: spec.boot, testhooks: spec.testhooks });
		} finally {
			this.download = null;
		}
	}

	#logged(entry: LogEntry): void {
		appendLog(this.#log, entry);
		for (const cb of this.#logListeners) cb(entry);
	}

	/** The worker crashed or stopped answering: start a new one from the log, or give up. */
	#lost(reason: string): void {
		if (this.#disposed || this.status === 'failed' || this.status === 'recovering') return;
		// Only the model restores from a log; a worker that never booted has nothing to restore.
		if (this.status === 'starting') {
			this.fail(reason);
			return;
		}
		if (this.info?.backend !== 'model') {
			this.fail(
				`${sentence(reason)} The real machine keeps no record of what was typed, so a new one cannot ` +
					'take over where it stopped.'
			);
			return;
		}
		const now = Date.now();
		this.#recoveries = this.#recoveries.filter((t) => now - t < RECOVERY_WINDOW_MS);
		if (this.#recoveries.length >= MAX_RECOVERIES) {
			this.notice = '';
			this.fail(
				`${sentence(reason)} It stopped ${MAX_RECOVERIES + 1} times in a minute, so it was not restarted.`
			);
			return;
		}
		this.#recoveries.push(now);
		this.status = 'recovering';
		this.notice = 'The machine stopped answering. Starting a new one and replaying your work…';
		this.#stopPing();
		this.#client.dispose();
		const client = this.#spawn();
		this.#client = client;
		this.#dropInflight();
		const booting = this.#start(client, {
			backend: 'model',
			restore: {
				backend: 'model',
				version: 1,
				boot: { ...this.#boot },
				log: this.#log.map((e) => ({ ...e }))
			},
			testhooks: this.#testhooks
		});
		this.#live = booting.then(() => client);
		this.#live.catch(() => {});
		booting.then(
			() => {
				if (client !== this.#client || this.#disposed) return;
				this.status = 'running';
				this.generation++;
				this.notice =
					'The machine stopped answering, so a new one was started and everything you had ' +
					'done was replayed into it. Carry on where you were.';
				for (const cb of this.#replacedListeners) cb();
			},
			(reason: unknown) => {
				if (client !== this.#client) return;
				this.notice = '';
				this.fail(
					`The machine stopped answering, and a new one could not start: ${reason instanceof Error ? reason.message : String(reason)}`
				);
			}
		);
	}

	#dropInflight(): void {
		const calls = [...this.#inflight];
		this.#inflight.clear();
		for (const drop of calls) drop();
	}

	/**
	 * Runs `run` on the current worker once it is booted. If that worker is replaced before it
	 * answers, `lost` says what the call returns (or throws) instead.
	 */
	async #call<T>(run: (api: MachineClient['api']) => Promise<T>, lost: () => T): Promise<T> {
		for (;;) {
			const client = await this.#live;
			// Replaced while this call waited for the promise: go to the new worker.
			if (client !== this.#client) continue;
			let drop!: () => void;
			const dropped = new Promise<typeof DROPPED>((resolve) => (drop = () => resolve(DROPPED)));
			this.#inflight.add(drop);
			try {
				const result = await Promise.race([run(client.api), dropped]);
				if (result !== DROPPED) return result;
			} finally {
				this.#inflight.delete(drop);
			}
			return lost();
		}
	}

	#facade(): SessionApi {
		const gone = (what: string) => () => {
			throw new Error(`The machine was replaced before it answered (${what}).`);
		};
		const nothing = () => undefined;
		// Keys, sizes and listeners are fire-and-forget: a failed machine swallows them.
		const quiet = <T>(p: Promise<T>): Promise<T | undefined> => p.catch(() => undefined);
		return {
			openTerminal: (opts: TerminalOptions) =>
				this.#call((api) => api.openTerminal(opts), gone('openTerminal')),
			attach: async (id, onOutput) => {
				await quiet(this.#call((api) => api.attach(id, onOutput), nothing));
			},
			input: async (id, data) => {
				await quiet(this.#call((api) => api.input(id, data), nothing));
			},
			resize: async (id, cols, rows) => {
				await quiet(this.#call((api) => api.resize(id, cols, rows), nothing));
			},
			onTerminals: async (cb) => {
				this.#terminalListeners.push(cb);
				await quiet(this.#call((api) => api.onTerminals(cb), nothing));
			},
			onEvent: async (cb) => {
				this.#eventListeners.push(cb);
				await quiet(this.#call((api) => api.onEvent(cb), nothing));
			},
			onLog: async (cb) => {
				this.#logListeners.add(cb);
			},
			watchEvents: async (cb, opts) => {
				this.#feed = cb ? { cb, opts } : null;
				await quiet(this.#call((api) => api.watchEvents(cb, opts), nothing));
			},
			exec: (opts: ExecOptions) => this.#call((api) => api.exec(opts), gone('exec')),
			inspect: () => this.#call((api) => api.inspect(), gone('inspect')),
			readAs: (pid, path) => this.#call((api) => api.readAs(pid, path), gone('readAs')),
			save: () => this.#call<SavedState>((api) => api.save(), gone('save')),
			restore: async (state: SavedState) => {
				await this.#call((api) => api.restore(state), gone('restore'));
				// The worker replays silently: its log is now exactly the restored one.
				if (state.backend === 'model') {
					this.#boot = { ...state.boot };
					this.#log = [];
					for (const e of state.log) appendLog(this.#log, { ...e });
				}
			},
			// The new worker has the terminal too; whoever waited checks again.
			settle: (id, boundMs) =>
				this.#call(
					(api) => api.settle(id, boundMs),
					() => 'exited' as const
				)
		};
	}

	// ---- Heartbeat ----------------------------------------------------------------------------

	#beat(): void {
		if (this.status !== 'running' || this.#ping || document.visibilityState !== 'visible') return;
		const client = this.#client;
		const ping = {
			timer: setTimeout(() => {
				if (this.#ping === ping && client === this.#client) {
					this.#ping = null;
					this.#lost(`It did not answer for ${ANSWER_MS / 1000} seconds.`);
				}
			}, ANSWER_MS)
		};
		this.#ping = ping;
		client.api.ping().then(
			() => {
				if (this.#ping !== ping) return;
				clearTimeout(ping.timer);
				this.#ping = null;
			},
			() => {}
		);
	}

	/** A hidden page's timers are throttled: its heartbeat pauses and starts afresh when shown. */
	#visibility = (): void => {
		if (document.visibilityState !== 'visible') this.#stopPing();
	};

	#stopPing(): void {
		if (this.#ping) clearTimeout(this.#ping.timer);
		this.#ping = null;
	}

	#stopHeartbeat(): void {
		this.#stopPing();
		clearInterval(this.#heartbeat);
	}

	/** Test only (`?testhooks=1`): breaks the current worker. */
	fault(kind: TestFault): Promise<void> {
		return this.#client.api.fault(kind);
	}
}

/**
 * `window.__vserverLabMachine`, only with `?testhooks=1`: the e2e tests break the newest
 * session's worker (an uncaught error, or a loop that never answers) and watch it recover.
 */
function exposeTestHooks(): void {
	const newest = () => {
		const s = sessions[sessions.length - 1];
		if (!s) throw new Error('no machine on the page');
		return s;
	};
	(globalThis as { __vserverLabMachine?: unknown }).__vserverLabMachine = {
		fault: (kind: TestFault) => newest().fault(kind),
		status: () => newest().status,
		generation: () => newest().generation
	};
}
