// The comlink contract between the page and the worker that hosts a Machine: the only types the
// page imports from the worker side (with `import type`), so worker code stays out of the page,
// and the one name the page gives a worker it wants booted at once (no code: a string).
import type {
	Backend,
	BootOptions,
	ExecOptions,
	ExecResult,
	KernelEvent,
	KernelSnapshot,
	LogEntry,
	SavedState,
	SettleResult,
	TerminalInfo,
	TerminalOptions
} from '../machine.ts';
import type { FeedOptions } from './event-feed.ts';

export type { FeedOptions };

/** What to boot: a backend, optionally an exercise's setup, optionally a state to restore. */
export interface BootSpec {
	backend: Backend;
	boot?: BootOptions;
	/** A saved state to restore instead of a fresh boot (the page's copy of the input log). */
	restore?: SavedState;
	/** x86 only: the site's `images/x86/` folder as an absolute URL ending in a slash. */
	imageBase?: string;
	/**
	 * Lets `fault()` work: set only by a page opened with `?testhooks=1`, for the e2e tests of
	 * crash recovery. Nothing else sets it.
	 */
	testhooks?: boolean;
}

/**
 * The worker's name (`new Worker(url, { name })`) when its creator wants a machine booted at once:
 * this prefix, then the BootSpec in JSON. The worker starts that boot as soon as its code has run,
 * before any message arrives, and the page's `boot()` with the same spec joins it. (A browser
 * holds messages posted to a worker that is still loading until the page's own thread is free to
 * pass them on, and a page mounting its app is not free for hundreds of milliseconds.) Any other
 * name boots nothing until asked.
 */
export const BOOT_AHEAD_NAME = 'vserver-lab machine, booting ';

/** Bytes of the machine's files received while an x86 boot downloads them (`total` 0: unknown). */
export interface BootProgress {
	loaded: number;
	total: number;
}

/** A fault the e2e tests inject: an uncaught error in the worker, or a worker that never answers. */
export type TestFault = 'crash' | 'hang';

/** What a boot reports back. */
export interface BootInfo {
	backend: Backend;
	/** Kernel release string, e.g. `2.4.20ctx-17` on the model. */
	release: string;
}

/** The worker's API as the page sees it through `Comlink.wrap`. Callbacks go through `proxy()`. */
export interface MachineApi {
	/** `onProgress` (a `Comlink.proxy`) hears the x86 machine's download; the model has none. */
	boot(spec: BootSpec, onProgress?: (progress: BootProgress) => void): Promise<BootInfo>;
	openTerminal(opts: TerminalOptions): Promise<number>;
	/** Output bytes of terminal `id`; `onOutput` must be a `Comlink.proxy`. */
	attach(id: number, onOutput: (chunk: Uint8Array) => void): Promise<void>;
	input(id: number, data: string): Promise<void>;
	resize(id: number, cols: number, rows: number): Promise<void>;
	onTerminals(cb: (terminals: TerminalInfo[]) => void): Promise<void>;
	onEvent(cb: (event: KernelEvent) => void): Promise<void>;
	onLog(cb: (entry: LogEntry) => void): Promise<void>;
	exec(opts: ExecOptions): Promise<ExecResult>;
	inspect(): Promise<KernelSnapshot | null>;
	readAs(pid: number, path: string): Promise<string>;
	save(): Promise<SavedState>;
	restore(state: SavedState): Promise<void>;
	settle(id: number, boundMs: number): Promise<SettleResult>;
	/**
	 * The inspector's feed of kernel events in batches (a `Comlink.proxy`), with how many were
	 * dropped because the page lagged. One feed at a time: a new call replaces the last, and
	 * `null` stops it, so a closed inspector costs the machine nothing.
	 */
	watchEvents(
		cb: ((batch: KernelEvent[], dropped: number) => void) | null,
		opts?: FeedOptions
	): Promise<void>;
	/** The page's heartbeat: answers at once, booted or not (the machine runs in slices and yields). */
	ping(): Promise<true>;
	/** Test only: breaks the worker as `kind` says; refused unless booted with `testhooks`. */
	fault(kind: TestFault): Promise<void>;
}
