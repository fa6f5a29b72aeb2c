// The Machine interface that both backends (the kernel model and the v86 x86 machine) implement,
// and the plain-data types that cross it. Everything here is structured-clone safe.
import type { KernelSnapshot } from './kernel/snapshot.ts';
import type { DenialReason, KernelEvent, SyscallEvent } from './kernel/events.ts';

export type { KernelSnapshot, KernelEvent, SyscallEvent, DenialReason };

/** Which machine runs the commands: the TypeScript kernel model or a real Linux in v86. */
export type Backend = 'model' | 'x86';

/** Options for a new terminal: a login shell of `user` on a fresh pty, 1-based id returned. */
export interface TerminalOptions {
	/** Login name; `root` or `user` on the default image. */
	user: string;
	/** Security context the login shell starts in (model only); 0 when omitted. */
	ctx?: number;
	/** Host name of the machine to log in to, when an exercise has several (`main`, `backup`). */
	host?: string;
	cols: number;
	rows: number;
}

/** A terminal as the UI lists it: opened by the page, or by a program (`xterm &`). */
export interface TerminalInfo {
	id: number;
	/** Device path of the pty slave, e.g. `/dev/pts/0`. */
	tty: string;
	/** Human label such as `root@main, context 0`. */
	label: string;
	/** False once the terminal's session has ended. */
	open: boolean;
}

/** The result of a non-interactive command: the common shape of `exec`, tests and checks. */
export interface ExecResult {
	stdout: string;
	stderr: string;
	exitCode: number;
}

/** What to run with `exec`: as root in context 0 unless told otherwise. */
export interface ExecOptions {
	command: string;
	user?: string;
	ctx?: number;
}

/** Boot options of the model machine; every field has the fixed facts of ARCHITECTURE.md as default. */
export interface BootOptions {
	hostname?: string;
	domainname?: string;
	/** eth0's address and prefix length, e.g. `192.168.1.1/24`. */
	eth0?: string;
	/**
	 * Other machines on this one's network segment, by host name: `backup` for the fail-over
	 * scenario. The nth gets eth0's address plus n (192.168.1.2/24 beside the default
	 * 192.168.1.1/24), the same image and users; terminals name it in `host`. None by default.
	 */
	hosts?: string[];
	/** Extra users beside root and user, for metamorphic tests. */
	users?: { name: string; uid: number; password: string }[];
	/** Seed of the machine's random source (/dev/urandom, ephemeral ports). */
	seed?: number;
	/**
	 * How the virtual clock moves when nothing can run: `jump` to the next timer (tests, runner,
	 * benchmarks) or `wall`, driven only by logged wall-clock ticks (the browser).
	 */
	clock?: 'jump' | 'wall';
	/**
	 * The run level init is started in, as the kernel command line's `init 1` would ask; the
	 * image's initdefault (3, every service of the fixed facts) when absent. Level 1 starts no
	 * service: kernel tests use it to see only what they do.
	 */
	runlevel?: '1' | '2' | '3' | '4' | '5';
	/**
	 * A script run with `sh -c` as root in context 0 right after boot, before the first log entry
	 * (an exercise's `setup`). It is part of the boot, so restoring by replay repeats it exactly.
	 */
	setup?: string;
	/**
	 * The kernel: `ctx-17`, the paper's 2.4.20ctx-17 (the default), or `later`, the same with the
	 * later pieces chapter 6 asks for switched on (set_ctxlimit's per-context open-files cap and
	 * a per-context disk limit), labelled as later wherever they show.
	 */
	kernel?: 'ctx-17' | 'later';
}

/** One entry of the model's input log, stamped with the scheduler slice at which it arrived. */
export type LogEntry =
	| { slice: number; op: 'open'; opts: TerminalOptions }
	| { slice: number; op: 'input'; id: number; data: string }
	| { slice: number; op: 'resize'; id: number; cols: number; rows: number }
	| { slice: number; op: 'tick'; clock: number };

/** A machine's saved state: the model's boot options plus input log, or the x86 state blob. */
export type SavedState =
	| { backend: 'model'; version: 1; boot: BootOptions; log: LogEntry[] }
	| { backend: 'x86'; version: 1; state: Uint8Array };

/** How a wait for a quiet terminal ended (the runner's idle rule). */
export type SettleResult = 'idle' | 'bound' | 'exited';

/** The interface of ARCHITECTURE.md "The Machine interface (contract)". */
export interface Machine {
	readonly backend: Backend;
	/** Opens a login shell on a new pty; ids are 1-based in opening order. */
	openTerminal(opts: TerminalOptions): Promise<number>;
	/** Keys typed on terminal `id` (xterm's onData string). */
	input(id: number, data: string): void;
	/** Receives every byte the terminal shows from now on; returns a function that detaches. */
	attach(id: number, onOutput: (chunk: Uint8Array) => void): () => void;
	resize(id: number, cols: number, rows: number): void;
	/** Terminals opened or closed by programs; called with the whole list on each change. */
	onTerminals(cb: (terminals: TerminalInfo[]) => void): () => void;
	/** The syscall event stream. */
	onEvent(cb: (event: KernelEvent) => void): () => void;
	/** Each input-log entry as it happens, so the page holds the log without asking (model only). */
	onLog(cb: (entry: LogEntry) => void): () => void;
	/** The whole-kernel view; null on x86. */
	inspect(): Promise<KernelSnapshot | null>;
	/** A file as process `pid` would read it, e.g. `/proc/self/status`. */
	readAs(pid: number, path: string): Promise<string>;
	save(): Promise<SavedState>;
	restore(state: SavedState): Promise<void>;
	/** Runs `command` with `sh -c` on a throwaway copy; the machine itself never changes. */
	exec(opts: ExecOptions): Promise<ExecResult>;
	/**
	 * Resolves when terminal `id` is idle (nothing runnable, its foreground group reading it),
	 * when `boundMs` of virtual time have passed (`bound`), or when its session ended (`exited`).
	 */
	settle(id: number, boundMs: number): Promise<SettleResult>;
	/** Stops the machine and frees what it holds. */
	dispose(): void;
}
