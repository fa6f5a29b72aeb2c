// The step engine: plays an exercise's reference commands into a machine's terminals (play,
// pause, step forward and back, reset, jump, speed), lets the learner type between steps, and
// runs each step's checks whenever a terminal settles. It speaks only the Machine interface.
import type {
	BootOptions,
	ExecOptions,
	ExecResult,
	KernelSnapshot,
	SavedState,
	SettleResult,
	TerminalOptions
} from '../machine.ts';
import type { Exercise, Step } from '../tutorial/schema.ts';
import {
	pickHint,
	runChecks,
	visibleOutput,
	type CheckEnv,
	type CheckResult
} from '../tutorial/checks.ts';

/**
 * The part of a machine the player drives. A `Machine` fits, and so does the page's comlink
 * proxy of the worker (its methods return promises; pass `wrapCallback: Comlink.proxy`).
 */
export interface PlayerMachine {
	openTerminal(opts: TerminalOptions): Promise<number>;
	input(id: number, data: string): unknown;
	attach(id: number, onOutput: (chunk: Uint8Array) => void): unknown;
	settle(id: number, boundMs: number): Promise<SettleResult>;
	inspect(): Promise<KernelSnapshot | null>;
	exec(opts: ExecOptions): Promise<ExecResult>;
	save(): Promise<SavedState>;
	restore(state: SavedState): Promise<void>;
}

/** Typing speed: a factor from 0.25 to 4 for the typing effect, or `instant` (whole lines). */
export type Speed = number | 'instant';

/** Where the terminals' bytes go: the page's xterm.js terminals, or headless ones in tests. */
export interface Screen {
	write(term: number, chunk: Uint8Array): void;
	/** Called before a restore re-sends a terminal's whole history (xterm: `reset()`). */
	clear(term: number): void;
}

/** A line the player is about to type, for the typed-command overlay; null once it is typed. */
export interface TypedLine {
	term: number;
	line: string;
	step: string;
}

/** What the player reports; `step` is the 1-based number of the current step. */
export type PlayerEvent =
	| { type: 'step'; step: number; stepId: string | null; done: number; total: number }
	| {
			type: 'check';
			step: number;
			stepId: string;
			pass: boolean;
			detail: string;
			done: number;
			total: number;
	  }
	| { type: 'done'; done: number; total: number }
	| { type: 'playing'; playing: boolean };

/** The player's state at a glance. */
export interface PlayerStatus {
	/** 1-based number of the current step; total + 1 once every step is done. */
	step: number;
	stepId: string | null;
	done: number;
	total: number;
	/** One entry per step, true once its checks passed. */
	doneSteps: boolean[];
	playing: boolean;
	speed: Speed;
}

export interface PlayerOptions {
	screen?: Screen;
	speed?: Speed;
	overlay?: (typed: TypedLine | null) => void;
	/** Wraps output callbacks before they cross to a worker (the page passes `Comlink.proxy`). */
	wrapCallback?: <F extends (...args: never[]) => unknown>(fn: F) => F;
	/** Milliseconds between typed characters at speed 1. */
	charDelayMs?: number;
	/** Virtual milliseconds to wait for a busy terminal after a line (the runner's 5 s). */
	boundMs?: number;
	cols?: number;
	rows?: number;
	/** How to wait between characters; tests may pass a fake. */
	sleep?: (ms: number) => Promise<void>;
}

/** Lines that send a control character instead of text, as in the runner's scripts. */
const CONTROL_LINES: Record<string, string> = {
	'^C': '\x03',
	'^Z': '\x1a',
	'^\\': '\x1c',
	'^D': '\x04'
};
const DEFAULT_CHAR_DELAY_MS = 45;
const DEFAULT_BOUND_MS = 5000;

/**
 * The boot options an exercise needs: its setup (run before any terminal opens), its other
 * hosts and, if it asks for it, the later kernel.
 */
export function exerciseBoot(exercise: Exercise): BootOptions {
	const hosts = exercise.hosts.filter((h) => h !== 'main');
	const boot: BootOptions = { setup: exercise.setup };
	if (hosts.length > 0) boot.hosts = hosts;
	if (exercise.kernel) boot.kernel = exercise.kernel;
	return boot;
}

/** The options of the exercise's terminals, in front-matter order (ids 1, 2, 3). */
export function exerciseTerminals(exercise: Exercise, cols = 80, rows = 24): TerminalOptions[] {
	return exercise.terminals.map((t) => {
		const o: TerminalOptions = { user: t.user, cols, rows };
		if (t.ctx !== undefined) o.ctx = t.ctx;
		if (t.host !== undefined) o.host = t.host;
		return o;
	});
}

/** Bytes kept one per char, read as UTF-8 (the marks count bytes, so a cut never splits text). */
function utf8(bytes: string): string {
	const a = new Uint8Array(bytes.length);
	for (let i = 0; i < bytes.length; i++) a[i] = bytes.charCodeAt(i);
	return new TextDecoder().decode(a);
}

interface Mark {
	state: SavedState;
	/** How much of each terminal's output existed when the step became current. */
	marks: number[];
}

/** Drives one exercise on one machine. Create with `Player.start`. */
export class Player {
	private cursor = 0;
	private doneSteps: boolean[];
	private playing = false;
	/** Set by pause and by the learner's keys: the line being typed is finished at once. */
	private hurry = false;
	private speed_: Speed = 1;
	/** Output bytes (one char per byte) of each exercise terminal since boot (index = number - 1). */
	private output: string[] = [];
	private detach: unknown[] = [];
	private saved: (Mark | undefined)[] = [];
	private listeners = new Set<(e: PlayerEvent) => void>();
	private queue: Promise<unknown> = Promise.resolve();
	/** The line being typed, if any: the learner's keys wait until it has run. */
	private typing: Promise<void> | null = null;
	private readonly sleep: (ms: number) => Promise<void>;

	private constructor(
		readonly exercise: Exercise,
		private readonly machine: PlayerMachine,
		private readonly ids: number[],
		private readonly opts: PlayerOptions
	) {
		this.doneSteps = exercise.steps.map(() => false);
		this.sleep = opts.sleep ?? ((ms) => new Promise<void>((r) => setTimeout(r, ms)));
		if (opts.speed !== undefined) this.setSpeed(opts.speed);
	}

	/**
	 * Opens the exercise's terminals on `machine` (booted with `exerciseBoot(exercise)`), waits
	 * for their prompts and remembers that state as the start of step 1.
	 */
	static async start(
		exercise: Exercise,
		machine: PlayerMachine,
		opts: PlayerOptions = {}
	): Promise<Player> {
		const ids: number[] = [];
		for (const o of exerciseTerminals(exercise, opts.cols, opts.rows)) {
			ids.push(await machine.openTerminal(o));
		}
		const p = new Player(exercise, machine, ids, opts);
		await p.attachAll();
		for (const id of ids) await machine.settle(id, p.boundMs);
		p.saved[0] = await p.mark();
		p.emitStep();
		return p;
	}

	private get boundMs(): number {
		return this.opts.boundMs ?? DEFAULT_BOUND_MS;
	}

	// ---- Status and events ---------------------------------------------------------------------

	/** Subscribes to the player's events; returns the unsubscribe function. */
	on(cb: (e: PlayerEvent) => void): () => void {
		this.listeners.add(cb);
		return () => this.listeners.delete(cb);
	}

	get status(): PlayerStatus {
		return {
			step: this.cursor + 1,
			stepId: this.exercise.steps[this.cursor]?.id ?? null,
			done: this.doneCount,
			total: this.exercise.steps.length,
			doneSteps: [...this.doneSteps],
			playing: this.playing,
			speed: this.speed_
		};
	}

	/** Resolves once every queued action (typing, checks, restores) is over. */
	idle(): Promise<void> {
		return this.queue.then(() => undefined);
	}

	private get doneCount(): number {
		return this.doneSteps.filter(Boolean).length;
	}

	private emit(e: PlayerEvent): void {
		for (const l of this.listeners) l(e);
	}

	private emitStep(): void {
		const s = this.status;
		this.emit({ type: 'step', step: s.step, stepId: s.stepId, done: s.done, total: s.total });
	}

	private setPlaying(on: boolean): void {
		if (this.playing === on) return;
		this.playing = on;
		this.emit({ type: 'playing', playing: on });
	}

	// ---- Controls ------------------------------------------------------------------------------

	/** Sets the typing speed: 0.25 to 4 times the normal typing effect, or `instant`. */
	setSpeed(speed: Speed): void {
		if (speed !== 'instant' && !(speed >= 0.25 && speed <= 4)) {
			throw new RangeError(`speed ${speed} is outside 0.25-4`);
		}
		this.speed_ = speed;
	}

	/** Types the remaining steps one after another until the end, a failed check or `pause()`. */
	play(): Promise<void> {
		this.setPlaying(true);
		return this.enqueue(async () => {
			this.hurry = false;
			while (this.playing && this.cursor < this.exercise.steps.length) {
				if (!(await this.advance())) break;
			}
			this.setPlaying(false);
		});
	}

	/** Stops playing once the line being typed is complete (the rest of it goes at once). */
	pause(): void {
		this.hurry = true;
		this.setPlaying(false);
	}

	/** Types the current step's commands, then checks it; the cursor moves on if it passes. */
	stepForward(): Promise<void> {
		this.pause();
		return this.enqueue(async () => {
			this.hurry = false;
			if (this.cursor < this.exercise.steps.length) await this.advance();
		});
	}

	/** Returns to the state in which the previous step began (the current one's, on step 1). */
	stepBack(): Promise<void> {
		this.pause();
		return this.enqueue(() => this.rewind(Math.max(0, this.cursor - 1)));
	}

	/** Returns to the state before step 1. */
	reset(): Promise<void> {
		this.pause();
		return this.enqueue(() => this.rewind(0));
	}

	/**
	 * Makes step `to` (1-based number or id) the current one: earlier steps are restored by
	 * replay, later ones reached by typing the steps in between at once.
	 */
	jumpTo(to: number | string): Promise<void> {
		this.pause();
		const idx = typeof to === 'number' ? to - 1 : this.exercise.steps.findIndex((s) => s.id === to);
		if (idx < 0 || idx > this.exercise.steps.length) {
			return Promise.reject(new RangeError(`no step ${to}`));
		}
		return this.enqueue(async () => {
			if (idx <= this.cursor) {
				await this.rewind(idx);
				return;
			}
			const speed = this.speed_;
			this.speed_ = 'instant';
			try {
				while (this.cursor < idx) if (!(await this.advance())) break;
			} finally {
				this.speed_ = speed;
			}
		});
	}

	/**
	 * Continues from a state saved earlier, e.g. the page's copy of the input log after a reload:
	 * restores it, counts the steps before `step` (1-based) as done and makes `step` current.
	 * Stepping back past it replays the reference commands from the start.
	 */
	resume(state: SavedState, step: number): Promise<void> {
		this.pause();
		const idx = Math.min(Math.max(0, step - 1), this.exercise.steps.length);
		return this.enqueue(async () => {
			await this.restoreState(state);
			this.doneSteps = this.exercise.steps.map((_, j) => j < idx);
			this.saved.length = 1;
			this.cursor = idx;
			this.saved[idx] = await this.mark();
			this.emitStep();
		});
	}

	/**
	 * After the machine was replaced by a copy restored from the same state (a new worker that
	 * replayed the input log): clears the screens and attaches again. Each terminal's history comes
	 * back whole, so every step's mark keeps its distance from the end of the output.
	 */
	reattach(): Promise<void> {
		return this.enqueue(async () => {
			const before = this.output.map((o) => o.length);
			for (const d of this.detach) if (typeof d === 'function') d();
			for (let i = 0; i < this.ids.length; i++) this.opts.screen?.clear(i + 1);
			await this.attachAll();
			const after = this.output.map((o) => o.length);
			for (const m of this.saved) {
				if (!m) continue;
				m.marks = m.marks.map((mark, i) => Math.max(0, after[i]! - (before[i]! - mark)));
			}
		});
	}

	/** "Show solution": types every remaining step at the current speed. */
	showSolution(): Promise<void> {
		return this.play();
	}

	/**
	 * Keys from the learner on terminal `term` (1-based). Taking the keyboard pauses playback;
	 * after each Enter the current step is checked once the terminal settles.
	 */
	input(term: number, data: string): void {
		this.pause();
		const id = this.ids[term - 1];
		if (id === undefined) return;
		const send = () => void this.machine.input(id, data);
		if (this.typing) void this.typing.then(send);
		else send();
		if (/[\r\n]/.test(data)) {
			void this.enqueue(async () => {
				await this.machine.settle(id, this.boundMs);
				await this.checkCurrent();
			});
		}
	}

	/**
	 * Checks the current step now, once terminal `machineId` settles: for keys that reach the
	 * machine without passing through `input`, such as a pane a program opened (`xterm &`).
	 * Resolves to whether the step passed.
	 */
	check(machineId?: number): Promise<boolean> {
		return this.enqueue(async () => {
			if (machineId !== undefined) await this.machine.settle(machineId, this.boundMs);
			return this.checkCurrent();
		});
	}

	/**
	 * A hint for the current step from the state the learner is in: the first of the step's
	 * hints that applies, or else what its first failing check sees. Null when all is done.
	 */
	async hint(): Promise<string | null> {
		const step = this.exercise.steps[this.cursor];
		if (!step) return null;
		const env = await this.env(step);
		const authored = await pickHint(step.hints, env);
		if (authored !== null) return authored;
		const r = await runChecks(step.checks, env);
		return r.pass
			? 'The step is already complete: run any command to move on.'
			: `Not yet: ${r.detail}.`;
	}

	// ---- Internals -----------------------------------------------------------------------------

	private enqueue<T>(op: () => Promise<T>): Promise<T> {
		const next = this.queue.then(op);
		this.queue = next.catch(() => undefined);
		return next;
	}

	private async attachAll(): Promise<void> {
		this.output = this.ids.map(() => '');
		const wrap = this.opts.wrapCallback ?? ((f) => f);
		this.detach = [];
		for (let i = 0; i < this.ids.length; i++) {
			const onOutput = wrap((chunk: Uint8Array) => {
				// In slices: spreading a whole restored backlog would overflow the call stack.
				for (let j = 0; j < chunk.length; j += 8192) {
					this.output[i] += String.fromCharCode(...chunk.subarray(j, j + 8192));
				}
				this.opts.screen?.write(i + 1, chunk);
			});
			this.detach.push(await this.machine.attach(this.ids[i]!, onOutput));
		}
	}

	private async mark(): Promise<Mark> {
		return { state: await this.machine.save(), marks: this.output.map((o) => o.length) };
	}

	/**
	 * Restores the state saved when step `idx` became current; later steps are undone. With no
	 * state saved for it (after `resume`), restores the nearest earlier one and types on from there.
	 */
	private async rewind(idx: number): Promise<void> {
		let from = idx;
		while (from > 0 && !this.saved[from]) from--;
		const m = this.saved[from];
		if (!m) return;
		await this.restoreState(m.state);
		for (let j = from; j < this.doneSteps.length; j++) this.doneSteps[j] = false;
		this.saved.length = from + 1;
		this.cursor = from;
		if (from < idx) {
			const speed = this.speed_;
			this.speed_ = 'instant';
			try {
				while (this.cursor < idx) if (!(await this.advance())) break;
			} finally {
				this.speed_ = speed;
			}
		}
		this.emitStep();
	}

	private async restoreState(state: SavedState): Promise<void> {
		for (const d of this.detach) if (typeof d === 'function') d();
		await this.machine.restore(state);
		for (let i = 0; i < this.ids.length; i++) this.opts.screen?.clear(i + 1);
		await this.attachAll();
	}

	/** Types the current step's commands and checks it; true when it passed. */
	private async advance(): Promise<boolean> {
		const step = this.exercise.steps[this.cursor]!;
		for (const { term, lines } of step.commands) {
			for (const line of lines) await this.typeLine(term, line, step.id);
		}
		return this.checkCurrent();
	}

	private async typeLine(term: number, line: string, stepId: string): Promise<void> {
		const id = this.ids[term - 1]!;
		this.opts.overlay?.({ term, line, step: stepId });
		let release!: () => void;
		this.typing = new Promise((r) => (release = r));
		try {
			const control = CONTROL_LINES[line];
			if (control !== undefined) await this.machine.input(id, control);
			else if (this.speed_ === 'instant') await this.machine.input(id, line + '\r');
			else {
				const delay = (this.opts.charDelayMs ?? DEFAULT_CHAR_DELAY_MS) / this.speed_;
				for (const ch of line) {
					await this.machine.input(id, ch);
					// Pausing finishes the line at once, so the learner never inherits half a command.
					if (!this.hurry) await this.sleep(delay);
				}
				await this.machine.input(id, '\r');
			}
			// The learner's keys wait for the prompt, not just the Enter: typed ahead, they would
			// be echoed into the middle of the command's output.
			await this.machine.settle(id, this.boundMs);
		} finally {
			this.typing = null;
			release();
			this.opts.overlay?.(null);
		}
	}

	private stepTerm(step: Step): number {
		return step.commands[0]?.term ?? 1;
	}

	private async env(step: Step): Promise<CheckEnv> {
		const term = this.stepTerm(step);
		const mark = this.saved[this.cursor]?.marks[term - 1] ?? 0;
		return {
			snapshot: await this.machine.inspect(),
			output: visibleOutput(utf8((this.output[term - 1] ?? '').slice(mark))),
			term: this.ids[term - 1] ?? term,
			exec: (o) => this.machine.exec(o)
		};
	}

	/** Checks the current step; when it passes, marks it done and makes the next one current. */
	private async checkCurrent(): Promise<boolean> {
		const step = this.exercise.steps[this.cursor];
		if (!step) return false;
		const r: CheckResult = await runChecks(step.checks, await this.env(step));
		const number = this.cursor + 1;
		if (r.pass) {
			this.doneSteps[this.cursor] = true;
			this.cursor++;
			this.saved[this.cursor] = await this.mark();
		}
		const total = this.exercise.steps.length;
		this.emit({
			type: 'check',
			step: number,
			stepId: step.id,
			pass: r.pass,
			detail: r.detail,
			done: this.doneCount,
			total
		});
		if (r.pass) {
			this.emitStep();
			if (this.cursor === total) this.emit({ type: 'done', done: this.doneCount, total });
		}
		return r.pass;
	}
}
