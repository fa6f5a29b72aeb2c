// The learner's progress: steps done per exercise, pages read, and each exercise's input log (so a
// reload or a new worker can restore the machine), kept in localStorage under a versioned key,
// exported and imported as JSON.
import type { LogEntry } from '@core/machine.ts';
import { findEntry } from '../course/course.ts';
import {
	addSetAside,
	describeSetAside,
	emptyProgress,
	parseProgress,
	readProgress,
	SET_ASIDE_KEY,
	STORAGE_KEY,
	type ExerciseProgress,
	setAsideRecord,
	type ProgressDocument
} from './format.ts';

export { appendLog, parseProgress, STORAGE_KEY } from './format.ts';
export type { ExerciseProgress, ProgressDocument } from './format.ts';

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

class Progress {
	doc = $state<ProgressMarks>(split(emptyProgress()).marks);
	/** Input logs per exercise, outside the reactive state: plain data for `restore`. */
	#logs = new Map<string, LogEntry[]>();
	/**
	 * Why progress cannot be stored, if so (storage refused in private modes or partitioned
	 * frames, a full quota); progress is then kept in memory for the visit.
	 */
	problem = $state('');
	/** What was set aside when the stored progress was read (damaged entries); empty if nothing. */
	notice = $state('');
	#timer: ReturnType<typeof setTimeout> | undefined;
	/** The page's storage, or null when the browser refuses it (reading `localStorage` throws). */
	#storage: Storage | null = null;

	constructor() {
		let text: string | null = null;
		try {
			this.#storage = localStorage;
			text = this.#storage.getItem(STORAGE_KEY);
		} catch (reason) {
			this.#storage = null;
			this.problem = storageRefusal(reason);
		}
		if (text !== null) this.#loadStored(text);
		// Another tab of the course changed it: take its copy (that tab set aside what was bad).
		addEventListener('storage', (event) => {
			if (event.key !== STORAGE_KEY || event.newValue === null) return;
			const read = readProgress(event.newValue);
			if (!read.whole) this.#load(read.doc);
		});
		addEventListener('pagehide', () => this.flush());
	}

	/**
	 * Loads what storage held, each exercise checked on its own: a damaged entry (or a document
	 * that cannot be read at all) is copied under `SET_ASIDE_KEY` and reported, the rest kept,
	 * and the repaired document written back.
	 */
	#loadStored(text: string): void {
		const read = readProgress(text);
		this.#load(read.doc);
		const rejected = Object.keys(read.rejected);
		if (!read.whole && rejected.length === 0) return;
		const record = setAsideRecord(new Date().toISOString(), read.whole, text, read.rejected);
		try {
			this.#storage?.setItem(
				SET_ASIDE_KEY,
				addSetAside(this.#storage.getItem(SET_ASIDE_KEY), record)
			);
		} catch {
			// No room for the copy: the original stays where it is until a save replaces it.
		}
		this.notice = describeSetAside(read, (id) =>
			id === '*' ? 'every exercise' : `“${findEntry(id)?.title ?? id}”`
		);
		this.save();
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

	/** Writes now; when storage refuses, says so and keeps the progress in memory. */
	save(): void {
		clearTimeout(this.#timer);
		this.#timer = undefined;
		if (!this.#storage) return;
		const doc = this.#document();
		try {
			this.#storage.setItem(STORAGE_KEY, JSON.stringify(doc));
			this.problem = '';
			return;
		} catch (reason) {
			this.problem = storageRefusal(reason);
		}
		// A full quota: the steps done are small, the machines' histories are not. Keep the steps.
		try {
			const marks = { ...doc, exercises: { ...doc.exercises } };
			for (const [id, e] of Object.entries(marks.exercises)) {
				marks.exercises[id] = { ...e, log: [] };
			}
			this.#storage.setItem(STORAGE_KEY, JSON.stringify(marks));
			this.problem =
				'This browser’s storage for the lab is too full for the machines’ histories: the steps you have done are stored, and a machine is rebuilt from them when you come back.';
		} catch {
			/* nothing could be stored: everything stays in memory for this visit */
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

/** Why storage refused, in words for the reader. */
export function storageRefusal(reason: unknown): string {
	const name = reason instanceof DOMException ? reason.name : '';
	if (name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED') {
		return 'This browser’s storage for the lab is full, so progress is kept for this visit only.';
	}
	if (name === 'SecurityError') {
		return 'This browser does not let the lab store anything here (a private window, blocked site data, or an embed in another site), so progress is kept for this visit only.';
	}
	const detail = reason instanceof Error ? reason.message : String(reason);
	return `Progress could not be stored (${detail}), so it is kept for this visit only.`;
}
