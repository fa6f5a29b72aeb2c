// The learner's progress: steps done per exercise, pages read, and each exercise's input log (so a
// reload or a new worker can restore the machine), kept in localStorage under a versioned key,
// exported and imported as JSON.
import type { LogEntry } from '@core/machine.ts';

export const STORAGE_KEY = 'vserver-lab:progress:v1';
const FORMAT = 'vserver-lab-progress';

/** Where one exercise stands. */
export interface ExerciseProgress {
	/** Ids of the steps done in the current run. */
	done: string[];
	/** 1-based number of the current step (total + 1 once all are done). */
	step: number;
	total: number;
	/** Once every step passed; stays true after a reset. */
	completed: boolean;
	/** The machine's input log since boot, to restore it as it was. */
	log: LogEntry[];
	/** ISO time of the last change. */
	updated: string;
}

/** The stored document; also the export format. */
export interface ProgressDocument {
	format: typeof FORMAT;
	version: 1;
	exercises: Record<string, ExerciseProgress>;
	/** Ids of the pages opened. */
	read: string[];
}

function empty(): ProgressDocument {
	return { format: FORMAT, version: 1, exercises: {}, read: [] };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
	typeof v === 'object' && v !== null && !Array.isArray(v);

function isLogEntry(v: unknown): v is LogEntry {
	if (!isObject(v) || typeof v.slice !== 'number') return false;
	switch (v.op) {
		case 'open':
			return isObject(v.opts) && typeof v.opts.user === 'string';
		case 'input':
			return typeof v.id === 'number' && typeof v.data === 'string';
		case 'resize':
			return typeof v.id === 'number' && typeof v.cols === 'number' && typeof v.rows === 'number';
		case 'tick':
			return typeof v.clock === 'number';
		default:
			return false;
	}
}

function readExercise(v: unknown): ExerciseProgress | null {
	if (!isObject(v)) return null;
	const { done, step, total, completed, log, updated } = v;
	if (!Array.isArray(done) || !done.every((d) => typeof d === 'string')) return null;
	if (typeof step !== 'number' || typeof total !== 'number' || step < 1 || step > total + 1) {
		return null;
	}
	return {
		done,
		step,
		total,
		completed: completed === true,
		// A damaged log is dropped, not the progress: the machine then starts from the step.
		log: Array.isArray(log) && log.every(isLogEntry) ? log : [],
		updated: typeof updated === 'string' ? updated : new Date(0).toISOString()
	};
}

/**
 * Reads a progress document (stored or imported). Throws with a sentence for the reader when the
 * text is not one; skips exercises whose entries are damaged.
 */
export function parseProgress(text: string): ProgressDocument {
	let raw: unknown;
	try {
		raw = JSON.parse(text);
	} catch {
		throw new Error('The file is not JSON.');
	}
	if (!isObject(raw) || raw.format !== FORMAT) {
		throw new Error('The file is not a vserver-lab progress file.');
	}
	if (raw.version !== 1) {
		throw new Error(`Progress format version ${String(raw.version)} is unknown.`);
	}
	const doc = empty();
	if (isObject(raw.exercises)) {
		for (const [id, value] of Object.entries(raw.exercises)) {
			const entry = readExercise(value);
			if (entry) doc.exercises[id] = entry;
		}
	}
	if (Array.isArray(raw.read)) {
		doc.read = raw.read.filter((r): r is string => typeof r === 'string');
	}
	return doc;
}

/** The document as the page holds it: reactive marks, and the logs apart (they change per key). */
export type ProgressMarks = Omit<ProgressDocument, 'exercises'> & {
	exercises: Record<string, Omit<ExerciseProgress, 'log'>>;
};

function split(doc: ProgressDocument): { marks: ProgressMarks; logs: Map<string, LogEntry[]> } {
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- plain data: no view reads logs
	const logs = new Map<string, LogEntry[]>();
	const exercises: ProgressMarks['exercises'] = {};
	for (const [id, { log, ...rest }] of Object.entries(doc.exercises)) {
		exercises[id] = rest;
		logs.set(id, log);
	}
	return { marks: { ...doc, exercises }, logs };
}

/**
 * Where a run of ticks left nothing to run in between (the same slice), only the last tick
 * matters to a replay: an idle machine's wall clock then costs one entry, not fifty a second.
 */
export function appendLog(log: LogEntry[], entry: LogEntry): void {
	const last = log[log.length - 1];
	if (entry.op === 'tick' && last?.op === 'tick' && last.slice === entry.slice) {
		log[log.length - 1] = entry;
	} else {
		log.push(entry);
	}
}

class Progress {
	doc = $state<ProgressMarks>(split(empty()).marks);
	/** Input logs per exercise, outside the reactive state: plain data for `restore`. */
	#logs = new Map<string, LogEntry[]>();
	/** Why storage failed, if it did (private mode, a full quota); progress then lasts the visit. */
	problem = $state('');
	#timer: ReturnType<typeof setTimeout> | undefined;

	constructor() {
		try {
			const text = localStorage.getItem(STORAGE_KEY);
			if (text !== null) this.#load(parseProgress(text));
		} catch (reason) {
			this.problem = reason instanceof Error ? reason.message : String(reason);
		}
		// Another tab of the course changed it: take its copy.
		addEventListener('storage', (event) => {
			if (event.key !== STORAGE_KEY || event.newValue === null) return;
			try {
				this.#load(parseProgress(event.newValue));
			} catch {
				/* keep ours */
			}
		});
		addEventListener('pagehide', () => this.flush());
	}

	#load(doc: ProgressDocument): void {
		const { marks, logs } = split(doc);
		this.doc = marks;
		this.#logs = logs;
	}

	#document(): ProgressDocument {
		const marks = $state.snapshot(this.doc);
		const exercises: ProgressDocument['exercises'] = {};
		for (const [id, entry] of Object.entries(marks.exercises)) {
			exercises[id] = { ...entry, log: this.#logs.get(id) ?? [] };
		}
		return { ...marks, exercises };
	}

	exercise(id: string): Omit<ExerciseProgress, 'log'> | undefined {
		return this.doc.exercises[id];
	}

	/** A copy of the exercise's stored input log (empty when there is none). */
	log(id: string): LogEntry[] {
		return (this.#logs.get(id) ?? []).map((e) => ({ ...e }));
	}

	isRead(id: string): boolean {
		return this.doc.read.includes(id);
	}

	markRead(id: string): void {
		if (this.isRead(id)) return;
		this.doc.read.push(id);
		this.save();
	}

	/** Records where an exercise stands; the log is left as it is unless given. */
	setSteps(id: string, done: string[], step: number, total: number): void {
		const old = this.doc.exercises[id];
		this.doc.exercises[id] = {
			done,
			step,
			total,
			completed: (old?.completed ?? false) || done.length === total,
			updated: new Date().toISOString()
		};
		this.save();
	}

	/** Sets an exercise's input log (the page's own copy: later appends are seen too). */
	setLog(id: string, log: LogEntry[]): void {
		this.#logs.set(id, log);
		this.saveSoon();
	}

	/** Forgets one exercise: its next visit starts fresh. */
	forget(id: string): void {
		delete this.doc.exercises[id];
		this.#logs.delete(id);
		this.save();
	}

	/** The whole document as pretty JSON, for a download. */
	exportJson(): string {
		return JSON.stringify(this.#document(), null, '\t') + '\n';
	}

	/** Replaces the progress with an imported file's; throws with a sentence when it is not one. */
	importJson(text: string): number {
		const doc = parseProgress(text);
		this.#load(doc);
		this.save();
		return Object.keys(doc.exercises).length;
	}

	/** Writes now. */
	save(): void {
		clearTimeout(this.#timer);
		this.#timer = undefined;
		try {
			localStorage.setItem(STORAGE_KEY, JSON.stringify(this.#document()));
			this.problem = '';
		} catch (reason) {
			this.problem =
				reason instanceof Error ? reason.message : 'Progress could not be stored in this browser.';
		}
	}

	/** Writes within a moment: logs grow a key at a time. */
	saveSoon(): void {
		this.#timer ??= setTimeout(() => this.save(), 400);
	}

	flush(): void {
		if (this.#timer !== undefined) this.save();
	}
}

export const progress = new Progress();
