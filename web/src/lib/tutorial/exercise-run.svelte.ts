// One exercise running in the page: its machine (a worker), the step player driving it over
// comlink, the input log the worker hands over (kept in progress, so a reload restores the
// machine), the panes programs open, and the state the panel shows, as runes.
import {
	exerciseBoot,
	Player,
	type PlayerEvent,
	type PlayerMachine,
	type Screen,
	type Speed
} from '@core/replay/player.ts';
import type { Exercise } from '@core/tutorial/schema.ts';
import type { Backend, BootOptions, LogEntry, SavedState, TerminalInfo } from '@core/machine.ts';
import { proxy } from '../machine/client.ts';
import { MachineSession } from '../machine/session.svelte.ts';
import { appendLog, progress } from '../progress/progress.svelte.ts';

export type StepState = 'done' | 'current' | 'todo';

/** The last check of a step, as the panel and the live region say it. */
export interface CheckNote {
	pass: boolean;
	detail: string;
}

export class ExerciseRun {
	status = $state<'starting' | 'ready' | 'failed'>('starting');
	error = $state('');
	/** 1-based current step; total + 1 when all are done. */
	step = $state(1);
	doneSteps = $state<boolean[]>([]);
	playing = $state(false);
	speed = $state<Speed>(1);
	/** The last check result per step id. */
	checks = $state<Record<string, CheckNote>>({});
	/** What the live region says: check results and the end of the exercise. */
	announcement = $state('');
	hint = $state<string | null>(null);
	/** Terminals opened by programs (`xterm &`), still open. */
	panes = $state<TerminalInfo[]>([]);
	/**
	 * Bumped by every restore and every new worker: the output listeners are gone, so panes
	 * attach again.
	 */
	generation = $state(0);
	/** The line the player is typing, for the panel's overlay. */
	typing = $state<string | null>(null);

	readonly session: MachineSession;
	readonly total: number;
	#player: Player | null = null;
	#log: LogEntry[] = [];
	#boot: BootOptions = {};
	#disposed = false;
	/**
	 * False until the stored progress was resumed: the fresh machine's first log entries (its
	 * terminals opening) must not overwrite the stored log before it is read and restored.
	 */
	#keeping = false;
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- callbacks, not state a view reads
	#listeners = new Set<(event: PlayerEvent) => void>();

	/**
	 * `record` false: the run neither reads nor writes the reader's stored progress (the real
	 * machine beside the model in a side-by-side exercise: the model's run keeps it).
	 */
	constructor(
		readonly exercise: Exercise,
		readonly backend: Backend = 'model',
		readonly record = true
	) {
		this.total = exercise.steps.length;
		this.doneSteps = exercise.steps.map(() => false);
		// The browser's clock never jumps: `sleep 10` takes ten seconds (ARCHITECTURE.md "Time").
		// The boot is the one tests and the runner use (its setup and any second host, `backup`
		// in 3.4), so the terminals the front matter puts on another host have one to log in to.
		this.session = new MachineSession({
			backend,
			boot: { clock: 'wall', ...exerciseBoot(exercise) }
		});
	}

	/** Hears the player's events (step, check, done, playing), e.g. for an embed's parent page. */
	listen(listener: (event: PlayerEvent) => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	get done(): number {
		return this.doneSteps.filter(Boolean).length;
	}

	stepState(index: number): StepState {
		if (this.doneSteps[index]) return 'done';
		return index === this.step - 1 ? 'current' : 'todo';
	}

	/**
	 * Boots the machine, opens the exercise's terminals at `size`, and continues from the stored
	 * progress (its log restored) or from the step asked for in the address.
	 */
	async start(
		screen: Screen,
		size: { cols: number; rows: number },
		requested: string | null
	): Promise<void> {
		const api = this.session.api;
		// Read before anything runs: the stored log is replaced as soon as the run keeps its own.
		const stored = this.record ? progress.exercise(this.exercise.id) : undefined;
		const saved = stored && { ...stored };
		const log = this.record ? progress.log(this.exercise.id) : [];
		try {
			await this.session.ready;
			await api.onLog(proxy((entry: LogEntry) => this.#logged(entry)));
			await api.onTerminals(
				proxy((list: TerminalInfo[]) => {
					this.panes = list.filter((t) => t.id > this.exercise.terminals.length && t.open);
				})
			);
			const machine: PlayerMachine = {
				openTerminal: (o) => api.openTerminal(o),
				input: (id, data) => api.input(id, data),
				attach: (id, cb) => api.attach(id, cb),
				settle: (id, ms) => api.settle(id, ms),
				inspect: () => api.inspect(),
				exec: (o) => api.exec(o),
				save: () => api.save(),
				restore: (state) => this.#restore(state)
			};
			const player = await Player.start(this.exercise, machine, {
				screen,
				speed: this.speed,
				wrapCallback: (fn) => proxy(fn),
				overlay: (typed) => (this.typing = typed?.line ?? null),
				cols: size.cols,
				rows: size.rows
			});
			if (this.#disposed) return;
			this.#player = player;
			// A new worker took over (crash recovery): the screens and panes attach to it again.
			this.session.onReplaced(() => {
				this.generation++;
				void player.reattach();
			});
			const initial = await api.save();
			if (initial.backend === 'model') this.#boot = initial.boot;
			player.on((e) => {
				switch (e.type) {
					case 'step':
						this.#sync();
						break;
					case 'check': {
						this.checks[e.stepId] = { pass: e.pass, detail: e.detail };
						this.announcement = e.pass
							? `Step ${e.step} of ${e.total} done: ${e.detail}.`
							: `Step ${e.step}, not yet: ${e.detail}.`;
						break;
					}
					case 'done':
						this.announcement = `All ${e.total} steps done. Well done!`;
						break;
					case 'playing':
						this.playing = e.playing;
						break;
				}
				for (const listener of this.#listeners) listener(e);
			});
			// A stored input log replays on the model only (x86 keeps no log).
			if (this.backend === 'model' && saved && log.length > 0 && saved.total === this.total) {
				await player.resume({ backend: 'model', version: 1, boot: this.#boot, log }, saved.step);
			} else if (saved && saved.total === this.total && saved.step > 1) {
				// Steps stored without the machine (the real machine keeps no log; on the model its
				// history was damaged, or storage was full): the reference commands of the steps done
				// build a machine that has done them.
				await player.jumpTo(saved.step).catch(() => undefined);
			}
			this.#keeping = true;
			this.#sync();
			this.status = 'ready';
			if (requested !== null) await this.goTo(requested);
		} catch (reason) {
			if (this.#disposed) return;
			this.status = 'failed';
			this.error = reason instanceof Error ? reason.message : String(reason);
		}
	}

	#logged(entry: LogEntry): void {
		// Entries still in flight from a worker being stopped: the progress is already written.
		if (this.#disposed) return;
		appendLog(this.#log, entry);
		if (this.#keeping && this.record) progress.setLog(this.exercise.id, this.#log);
	}

	async #restore(state: SavedState): Promise<void> {
		await this.session.api.restore(state);
		// The worker replays silently: its log is now exactly the restored one.
		if (state.backend === 'model') {
			this.#log = [];
			for (const e of state.log) appendLog(this.#log, { ...e });
		}
		this.generation++;
		if (this.#keeping && this.record) progress.setLog(this.exercise.id, this.#log);
	}

	/** Copies the player's status into the runes and the stored progress. */
	#sync(): void {
		const player = this.#player;
		if (!player) return;
		const s = player.status;
		this.step = s.step;
		this.doneSteps = s.doneSteps;
		this.hint = null;
		// While the stored progress is being resumed, what is stored stays as it was.
		if (!this.record || !this.#keeping) return;
		const done = this.exercise.steps.filter((_, i) => s.doneSteps[i]).map((st) => st.id);
		progress.setSteps(this.exercise.id, done, s.step, s.total);
		progress.setLog(this.exercise.id, this.#log);
	}

	/** Keys typed on exercise terminal `term` (1-based). */
	input(term: number, data: string): void {
		this.#player?.input(term, data);
	}

	/** Keys typed on a pane a program opened; the step is checked after each Enter. */
	paneInput(id: number, data: string): void {
		void this.session.api.input(id, data);
		if (/[\r\n]/.test(data)) void this.#player?.check(id);
	}

	resize(id: number, cols: number, rows: number): void {
		if (this.status === 'ready') void this.session.api.resize(id, cols, rows);
	}

	play(): void {
		void this.#player?.play();
	}

	pause(): void {
		this.#player?.pause();
	}

	stepForward(): void {
		void this.#player?.stepForward();
	}

	stepBack(): void {
		void this.#player?.stepBack();
	}

	reset(): void {
		void this.#player?.reset();
	}

	showSolution(): void {
		void this.#player?.showSolution();
	}

	setSpeed(speed: Speed): void {
		this.speed = speed;
		this.#player?.setSpeed(speed);
	}

	/** Makes a step current: a 1-based number or a step id, as an address gives it. */
	async goTo(step: string): Promise<void> {
		const player = this.#player;
		if (!player) return;
		const target = /^\d+$/.test(step) ? Number(step) : step;
		const index =
			typeof target === 'number' ? target - 1 : this.exercise.steps.findIndex((s) => s.id === step);
		if (index < 0 || index > this.total || index === player.status.step - 1) return;
		await player.jumpTo(index + 1).catch(() => undefined);
	}

	async askHint(): Promise<void> {
		const player = this.#player;
		if (!player) return;
		this.hint = 'Looking at your machine…';
		try {
			this.hint = (await player.hint()) ?? 'Every step is done.';
		} catch (reason) {
			this.hint = `No hint could be made: ${reason instanceof Error ? reason.message : String(reason)}`;
		}
	}

	dispose(): void {
		this.#disposed = true;
		this.#player?.pause();
		progress.flush();
		this.session.dispose();
	}
}
