// The real-Linux backend: translates between a v86 emulator running the lab's i386 image and the
// Machine interface; no Node-only APIs, so it runs in Node and in a Web Worker (files are injected).
import { V86, type V86Options } from 'v86';
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
import { ControlChannel, type ControlEvent } from './control.ts';
import { TerminalFilter } from './output-filter.ts';
import {
	CONTROL_UART,
	SAVED_TTY_SIZE,
	TERMINAL_UARTS,
	X86_CMDLINE,
	X86_FILES,
	baseOptions
} from './options.ts';

/** Where the machine's files come from: fetch in a worker, fs in Node. */
export interface X86FileSource {
	/** Path or URL of v86.wasm, handed to v86 as `wasm_path`. */
	wasmPath: string;
	/** Instantiates the wasm instead of letting v86 fetch `wasmPath` (the page counts the bytes). */
	wasmFn?: V86Options['wasm_fn'];
	/** Reads one file of public/images/x86 (names in X86_FILES). */
	load(name: string): Promise<ArrayBuffer>;
}

export interface X86MachineOptions {
	files: X86FileSource;
	/** `restore` (default) starts from the shipped state; `cold` boots bzImage with SeaBIOS. */
	boot?: 'restore' | 'cold';
}

/*
 * Wall-clock bounds (the guest runs in real time, so there is no virtual clock to jump):
 * - start-up: the control agent must answer within BOOT_TIMEOUT_MS (measured: a restore with
 *   its first prompt takes ~0.9-1.9 s, 0.74 s of CPU; a cold boot 3.4-4.4 s, about 7 s with the
 *   first prompt; a host loaded by other work stretches both several times);
 * - every control command (terminal set-up, resize, exec, readAs): CONTROL_TIMEOUT_MS (20 s);
 * - settle(id, boundMs): at most boundMs of wall-clock time, then 'bound'.
 */
const BOOT_TIMEOUT_MS = 60000;
/** Output must have paused this long after a prompt before the terminal counts as idle. */
const QUIET_MS = 40;
/** While a command runs without a prompt coming back, ask the guest whether the terminal's
 * foreground group waits for input: first after this long, then at doubling intervals up to
 * PROBE_MAX_MS (each question costs the guest two forks, ~50 ms of its CPU). */
const PROBE_FIRST_MS = 300;
const PROBE_MAX_MS = 4800;

/**
 * After a restore the guest clock shows the snapshot's time (pitfall 6). The agent's `clock` asks the
 * guest's lab-clock (tools/x86/lab-clock.c) to set it from the RTC, as `hwclock -s` would: shell
 * built-ins and a daemon already running, where hwclock would cost a fork and an exec, the most
 * expensive guest work right after a restore.
 */
const CLOCK_FROM_RTC = 'clock';

const LINUX_TTY_MAJOR = 4;
const LINUX_TTYS_MINOR_BASE = 64;

interface Term {
	id: number;
	uart: number;
	tty: string;
	info: TerminalInfo;
	listeners: Set<(chunk: Uint8Array) => void>;
	/** Output since the terminal was opened, replayed to a late attach (bounded). */
	history: Uint8Array[];
	historyBytes: number;
	pending: number[];
	flushScheduled: boolean;
	filter: TerminalFilter;
	/** A command was submitted and no prompt has come back yet. */
	busy: boolean;
	exited: boolean;
	lastOutputAt: number;
	/** Called at the next prompt's end mark (openTerminal waits for the first). */
	promptWaiters: (() => void)[];
	lastStatus: number;
}

const HISTORY_LIMIT = 1 << 20;

function concat(chunks: Uint8Array[]): Uint8Array {
	const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
	let at = 0;
	for (const c of chunks) {
		out.set(c, at);
		at += c.length;
	}
	return out;
}

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Quotes a string for sh. */
function shQuote(s: string): string {
	return `'${s.replace(/'/g, `'\\''`)}'`;
}

export class X86Machine implements Machine {
	readonly backend = 'x86' as const;
	private readonly terms: Term[] = [];
	private readonly control: ControlChannel;
	private terminalListeners = new Set<(terminals: TerminalInfo[]) => void>();
	private ready = false;
	/** While exec runs on a copy, the copy's terminal output and markers are not the learner's. */
	private muted = false;
	private heldInput: { id: number; data: string }[] = [];
	private disposed = false;
	private readonly onDispose = new Set<() => void>();

	private constructor(private readonly emulator: V86) {
		this.control = new ControlChannel(
			(bytes) => emulator.serial_send_bytes(CONTROL_UART, bytes),
			(event) => this.onControl(event)
		);
		emulator.add_listener('serial1-output-byte', (b: number) => this.control.byte(b));
		emulator.add_listener('serial0-output-byte', (b: number) => this.outputByte(0, b));
		emulator.add_listener('serial2-output-byte', (b: number) => this.outputByte(2, b));
		emulator.add_listener('serial3-output-byte', (b: number) => this.outputByte(3, b));
	}

	/** Creates the emulator, restores the shipped state (or cold-boots) and waits for the guest agent. */
	static async create(opts: X86MachineOptions): Promise<X86Machine> {
		const { files } = opts;
		const v86Options: V86Options = baseOptions(files.wasmPath);
		if (files.wasmFn) v86Options.wasm_fn = files.wasmFn;
		if (opts.boot === 'cold') {
			const [bios, vgaBios, bzImage] = await Promise.all([
				files.load(X86_FILES.bios),
				files.load(X86_FILES.vgaBios),
				files.load(X86_FILES.bzImage)
			]);
			v86Options.bios = { buffer: bios };
			v86Options.vga_bios = { buffer: vgaBios };
			v86Options.bzimage = { buffer: bzImage };
			v86Options.cmdline = X86_CMDLINE;
		} else {
			// v86 recognises the zstd frame and decompresses the state itself.
			v86Options.initial_state = { buffer: await files.load(X86_FILES.state) };
		}
		const machine = new X86Machine(new V86(v86Options));
		if (opts.boot === 'cold') {
			await machine.waitFor(() => machine.ready, BOOT_TIMEOUT_MS, 'cold boot');
		} else {
			await machine.waitForEvent('emulator-started', BOOT_TIMEOUT_MS);
			await machine.afterRestore();
		}
		return machine;
	}

	private waitForEvent(event: 'emulator-started', ms: number): Promise<void> {
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`x86: no ${event} after ${ms} ms`)), ms);
			this.emulator.add_listener(event, () => {
				clearTimeout(timer);
				resolve();
			});
		});
	}

	private async waitFor(test: () => boolean, ms: number, what: string): Promise<void> {
		const end = Date.now() + ms;
		while (!test()) {
			if (this.disposed) {
				throw new Error('x86: machine disposed');
			}
			if (Date.now() > end) {
				throw new Error(`x86: ${what} did not finish within ${ms} ms`);
			}
			await sleep(10);
		}
	}

	/** After a restore the guest clock shows the snapshot's time (pitfall 6): read the RTC again. */
	private async afterRestore(): Promise<void> {
		this.control.reset();
		await this.control.quick(this.clockAndSizes());
		this.ready = true;
	}

	/** The guest's clock read again from the RTC, and every open terminal's size set again. */
	private clockAndSizes(): string {
		const sizes = this.terms
			.filter((t) => !t.exited)
			.map((t) => `stty -F /dev/${t.tty} cols ${this.cols(t)} rows ${this.rows(t)}`);
		return [CLOCK_FROM_RTC, ...sizes].join('; ');
	}

	/** Resolves at the terminal's next prompt end mark; rejects after BOOT_TIMEOUT_MS or on dispose. */
	private nextPrompt(term: Term, what: string): Promise<void> {
		return new Promise((resolve, reject) => {
			const fail = (error: Error) => {
				clearTimeout(timer);
				this.onDispose.delete(gone);
				reject(error);
			};
			const gone = () => fail(new Error('x86: machine disposed'));
			const timer = setTimeout(
				() => fail(new Error(`x86: ${what} did not finish within ${BOOT_TIMEOUT_MS} ms`)),
				BOOT_TIMEOUT_MS
			);
			this.onDispose.add(gone);
			term.promptWaiters.push(() => {
				clearTimeout(timer);
				this.onDispose.delete(gone);
				resolve();
			});
		});
	}

	private readonly sizes = new Map<number, { cols: number; rows: number }>();
	private cols(t: Term): number {
		return this.sizes.get(t.id)?.cols ?? 80;
	}
	private rows(t: Term): number {
		return this.sizes.get(t.id)?.rows ?? 24;
	}

	private onControl(event: ControlEvent): void {
		if (event.kind === 'ready') {
			this.ready = true;
			return;
		}
		if (this.muted) {
			return;
		}
		const term = this.terms.find((t) => t.tty === event.tty);
		if (!term) {
			return;
		}
		term.exited = true;
		term.busy = false;
		term.lastStatus = event.status;
		term.info.open = false;
		this.announceTerminals();
	}

	/** An OSC 133 mark of the guest's prompt (tools/x86/rootfs/etc/shrc): `D;STATUS` before it, `B` after. */
	private onMark(term: Term, mark: string): void {
		if (mark.startsWith('D;')) {
			term.lastStatus = Number(mark.slice(2)) || 0;
			return;
		}
		if (mark !== 'B') {
			return;
		}
		term.busy = false;
		if (!term.info.open) {
			// lab-login keeps a shell on ttyS0 as a getty would: the terminal is back.
			term.info.open = true;
			this.announceTerminals();
		}
		const waiters = term.promptWaiters;
		term.promptWaiters = [];
		for (const w of waiters) {
			w();
		}
	}

	private outputByte(uart: number, b: number): void {
		if (this.muted) {
			return;
		}
		const term = this.terms.find((t) => t.uart === uart);
		if (!term) {
			return;
		}
		term.lastOutputAt = Date.now();
		term.pending.push(b);
		if (!term.flushScheduled) {
			term.flushScheduled = true;
			// v86 reports serial output a byte at a time; hand it on in chunks.
			setTimeout(() => this.flush(term), 0);
		}
	}

	private flush(term: Term): void {
		term.flushScheduled = false;
		const raw = Uint8Array.from(term.pending);
		term.pending = [];
		const { bytes, marks } = term.filter.push(raw);
		if (term.filter.holding) {
			// A lone ESC at the very end: release it unless the rest of a query or mark follows soon.
			setTimeout(() => {
				if (term.filter.holding && term.pending.length === 0) {
					this.emit(term, term.filter.flush());
				}
			}, 50);
		}
		this.emit(term, bytes);
		for (const mark of marks) {
			this.onMark(term, mark);
		}
	}

	private emit(term: Term, chunk: Uint8Array): void {
		if (chunk.length === 0) {
			return;
		}
		term.history.push(chunk);
		term.historyBytes += chunk.length;
		while (term.historyBytes > HISTORY_LIMIT && term.history.length > 1) {
			term.historyBytes -= (term.history.shift() as Uint8Array).length;
		}
		for (const listener of term.listeners) {
			listener(chunk);
		}
	}

	async openTerminal(opts: TerminalOptions): Promise<number> {
		const id = this.terms.length + 1;
		const uart = TERMINAL_UARTS[id - 1];
		if (uart === undefined) {
			throw new Error(`x86: the machine has ${TERMINAL_UARTS.length} serial terminals`);
		}
		if (!/^[a-z_][a-z0-9_-]*$/.test(opts.user)) {
			throw new Error(`x86: bad user name ${opts.user}`);
		}
		const tty = `ttyS${uart}`;
		const term: Term = {
			id,
			uart,
			tty,
			info: { id, tty: `/dev/${tty}`, label: `${opts.user}@main`, open: true },
			listeners: new Set(),
			history: [],
			historyBytes: 0,
			pending: [],
			flushScheduled: false,
			filter: new TerminalFilter(),
			busy: true,
			exited: false,
			lastOutputAt: Date.now(),
			promptWaiters: [],
			lastStatus: 0
		};
		this.sizes.set(id, { cols: opts.cols, rows: opts.rows });
		// The terminal exists, and waits for its first prompt, before the login starts: under load
		// the new shell may prompt before the agent's answer comes back.
		this.terms.push(term);
		const prompted = this.nextPrompt(term, `login on ${tty}`);
		if (uart === 0) {
			// lab-login (tools/x86/rootfs/sbin/lab-login) reads the user's name from ttyS0, as a
			// getty would, and the new size when it differs from the one the state was saved with.
			const same = opts.cols === SAVED_TTY_SIZE.cols && opts.rows === SAVED_TTY_SIZE.rows;
			const line = same ? opts.user : `${opts.user} cols ${opts.cols} rows ${opts.rows}`;
			this.emulator.serial_send_bytes(uart, new TextEncoder().encode(`${line}\n`));
		} else {
			// Terminals 2 and 3 get a lab-login of their own.
			const result = await this.control.run(
				[
					`stty -F /dev/${tty} cols ${opts.cols} rows ${opts.rows}`,
					`setsid /sbin/lab-login ${tty} ${opts.user} </dev/null >/dev/null 2>&1 &`
				].join('\n')
			);
			if (result.exitCode !== 0) {
				this.terms.pop();
				prompted.catch(() => undefined);
				throw new Error(`x86: terminal set-up failed: ${result.stderr}`);
			}
		}
		// The prompt's end mark: the shell has printed its whole first prompt and reads a command.
		await prompted;
		term.exited = false;
		term.info.open = true;
		// ash prints a banner before its first prompt, and ttyS0 echoes the typed user name; like
		// login text they are not part of the terminal's transcript, which starts at the prompt (the
		// line after the last newline).
		const all = concat(term.history);
		const promptStart = all.lastIndexOf(10) + 1;
		term.history = [all.slice(promptStart)];
		term.historyBytes = all.length - promptStart;
		this.announceTerminals();
		return id;
	}

	private announceTerminals(): void {
		const list = this.terms.map((t) => ({ ...t.info }));
		for (const cb of this.terminalListeners) {
			cb(list);
		}
	}

	private term(id: number): Term {
		const term = this.terms[id - 1];
		if (!term) {
			throw new Error(`x86: no terminal ${id}`);
		}
		return term;
	}

	input(id: number, data: string): void {
		const term = this.term(id);
		if (this.muted) {
			this.heldInput.push({ id, data });
			return;
		}
		// Enter or a control character (^C, ^D, ^Z, ^\) makes the shell do something: busy until
		// the next prompt's end mark. Plain typing leaves a shell at its prompt.
		if (/[\r\n\x03\x04\x1a\x1c]/.test(data)) {
			term.busy = true;
			term.exited = false;
		}
		this.emulator.serial_send_bytes(term.uart, new TextEncoder().encode(data));
	}

	attach(id: number, onOutput: (chunk: Uint8Array) => void): () => void {
		const term = this.term(id);
		for (const chunk of term.history) {
			onOutput(chunk);
		}
		term.listeners.add(onOutput);
		return () => term.listeners.delete(onOutput);
	}

	resize(id: number, cols: number, rows: number): void {
		const term = this.term(id);
		this.sizes.set(id, { cols, rows });
		// stty on the tty sends SIGWINCH to its foreground group, as a terminal emulator would.
		void this.control
			.quick(`stty -F /dev/${term.tty} cols ${cols} rows ${rows}`)
			.catch(() => undefined);
	}

	onTerminals(cb: (terminals: TerminalInfo[]) => void): () => void {
		this.terminalListeners.add(cb);
		return () => this.terminalListeners.delete(cb);
	}

	/** The real kernel has no event stream for the lab. */
	onEvent(_cb: (event: KernelEvent) => void): () => void {
		return () => undefined;
	}

	/** States are v86 blobs, not input logs. */
	onLog(_cb: (entry: LogEntry) => void): () => void {
		return () => undefined;
	}

	inspect(): Promise<KernelSnapshot | null> {
		return Promise.resolve(null);
	}

	async readAs(pid: number, path: string): Promise<string> {
		if (!Number.isInteger(pid) || pid < 1) {
			throw new Error(`x86: readAs: bad pid ${pid}`);
		}
		// /proc/self means the process asked about, not the agent's shell; other files are read in
		// the process's mount namespace (its /proc may number processes differently, so not /proc).
		const resolved = path.replace(/^\/proc\/self(\/|$)/, `/proc/${pid}$1`);
		const command = resolved.startsWith('/proc/')
			? `cat ${shQuote(resolved)}`
			: `nsenter -t ${pid} -m cat ${shQuote(resolved)}`;
		const result = await this.control.run(command);
		if (result.exitCode !== 0) {
			throw new Error(`x86: readAs ${resolved}: ${result.stderr.trim()}`);
		}
		return result.stdout;
	}

	async save(): Promise<SavedState> {
		const state = await this.emulator.save_state();
		return { backend: 'x86', version: 1, state: new Uint8Array(state) };
	}

	async restore(state: SavedState): Promise<void> {
		if (state.backend !== 'x86') {
			throw new Error('x86: cannot restore a model state');
		}
		const copy = state.state.slice();
		await this.emulator.restore_state(copy.buffer);
		// States are saved between steps, with the shells at their prompts; what the terminals
		// were doing before the restore no longer applies.
		for (const term of this.terms) {
			term.busy = false;
			term.exited = false;
		}
		await this.afterRestore();
	}

	/**
	 * Runs the command on a throwaway copy: the state is saved first and restored afterwards, so
	 * whatever the command changes is gone (~0.5 s extra). Keys typed meanwhile are held and sent
	 * after the restore; terminal output of the copy is dropped, since the restored machine will
	 * produce its own.
	 */
	exec(opts: ExecOptions): Promise<ExecResult> {
		if (opts.ctx !== undefined && opts.ctx !== 0) {
			return Promise.reject(
				new Error('x86: exec in a context other than the host is not supported')
			);
		}
		return this.control.exclusive(async (run, quick) => {
			const before = await this.emulator.save_state();
			this.muted = true;
			try {
				return await run(opts.command, opts.user ?? 'root');
			} finally {
				await this.emulator.restore_state(before);
				this.control.reset();
				await quick(CLOCK_FROM_RTC);
				this.muted = false;
				const held = this.heldInput;
				this.heldInput = [];
				for (const { id, data } of held) {
					this.input(id, data);
				}
			}
		});
	}

	/**
	 * The runner's idle rule with wall-clock time: 'idle' once the terminal's shell has printed a
	 * prompt since the last Enter (its OSC 133 end mark) and output has paused for QUIET_MS, or
	 * once the guest reports the foreground group blocked reading the terminal (su's password
	 * question, cat); 'exited' when the session ended; otherwise 'bound' after boundMs of wall time.
	 */
	async settle(id: number, boundMs: number): Promise<SettleResult> {
		const term = this.term(id);
		const start = Date.now();
		let lastProbe = start;
		// Each probe costs the guest ~50 ms of CPU, so a long computation is asked less and less.
		let probeEvery = PROBE_FIRST_MS;
		for (;;) {
			const now = Date.now();
			if (term.exited) {
				return 'exited';
			}
			// The prompt's end mark clears busy once the whole prompt is out; then wait for a pause.
			if (
				!this.muted &&
				!term.busy &&
				now - term.lastOutputAt >= QUIET_MS &&
				!term.flushScheduled
			) {
				return 'idle';
			}
			if (now - start >= boundMs) {
				return 'bound';
			}
			if (term.busy && now - term.lastOutputAt >= PROBE_FIRST_MS && now - lastProbe >= probeEvery) {
				lastProbe = now;
				probeEvery = Math.min(probeEvery * 2, PROBE_MAX_MS);
				// A slow answer (a loaded host) must not stretch the bound.
				const remaining = boundMs - (now - start);
				const reading = await Promise.race([
					this.foregroundReading(term),
					sleep(remaining).then(() => false)
				]);
				if (reading) {
					term.busy = false;
				}
				continue;
			}
			await sleep(10);
		}
	}

	/**
	 * Asks the guest (tools/x86/rootfs/sbin/lab-tty) whether the terminal's foreground process
	 * group is asleep in read or poll and nothing else on the machine is runnable.
	 */
	private async foregroundReading(term: Term): Promise<boolean> {
		const ttyNr = (LINUX_TTY_MAJOR << 8) | (LINUX_TTYS_MINOR_BASE + term.uart);
		const script = `lab-tty fgread ${ttyNr}`;
		try {
			const result = await this.control.run(script);
			return result.exitCode === 0;
		} catch {
			return false;
		}
	}

	dispose(): void {
		if (this.disposed) {
			return;
		}
		this.disposed = true;
		for (const gone of [...this.onDispose]) {
			gone();
		}
		void this.emulator.destroy().catch(() => undefined);
	}
}
