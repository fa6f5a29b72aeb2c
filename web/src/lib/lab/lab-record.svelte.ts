// The learner's record of one lab in this browser: their name and each task's last check, kept in
// localStorage under the lab's id, so a reload keeps the results (the machine starts afresh).
import type { ItemResult } from '@core/tutorial/lab-results.ts';
import { makeResults, type LabResults } from '@core/tutorial/lab-results.ts';
import { shortDetail } from '@core/tutorial/lab.ts';
import { now, type LoadedLab } from './source.ts';
import { progress } from '../progress/progress.svelte.ts';

const PREFIX = 'vserver-lab:lab:v1:';

export type TaskRecord = Omit<ItemResult, 'id' | 'title' | 'kind'>;

interface Stored {
	learner: string;
	started: string;
	tasks: Record<string, TaskRecord>;
}

function read(key: string): Stored | null {
	try {
		const raw: unknown = JSON.parse(localStorage.getItem(key) ?? 'null');
		if (typeof raw !== 'object' || raw === null) return null;
		const v = raw as Partial<Stored>;
		if (typeof v.learner !== 'string' || typeof v.started !== 'string') return null;
		const tasks: Record<string, TaskRecord> = {};
		for (const [k, t] of Object.entries(v.tasks ?? {})) {
			if (typeof t?.pass === 'boolean' && typeof t.attempts === 'number') tasks[k] = t;
		}
		return { learner: v.learner, started: v.started, tasks };
	} catch {
		return null;
	}
}

export class LabRecord {
	learner = $state('');
	started: string;
	tasks = $state<Record<string, TaskRecord>>({});
	readonly #key: string;

	constructor(readonly loaded: LoadedLab) {
		this.#key = PREFIX + loaded.id;
		const stored = read(this.#key);
		this.learner = stored?.learner ?? '';
		this.started = stored?.started ?? now().toISOString();
		this.tasks = stored?.tasks ?? {};
	}

	/** Records a check of task `id`. */
	checked(id: string, pass: boolean, detail: string): void {
		const at = now().toISOString();
		const old = this.tasks[id];
		this.tasks[id] = {
			pass,
			detail: shortDetail(detail),
			checked: at,
			firstPassed: old?.firstPassed ?? (pass ? at : null),
			attempts: (old?.attempts ?? 0) + 1
		};
		this.save();
	}

	/** A course exercise's state, from the course progress of this browser. */
	exercise(id: string): TaskRecord {
		const p = progress.exercise(id);
		return {
			pass: p?.completed ?? false,
			checked: p ? p.updated : null,
			firstPassed: null,
			attempts: 0,
			detail: p?.completed
				? 'completed in the course'
				: p
					? `step ${p.step} of ${p.total} in the course`
					: 'not started in the course'
		};
	}

	/** Every item's state: tasks from their checks, exercises from the course. */
	items(): Record<string, TaskRecord> {
		const out: Record<string, TaskRecord> = { ...this.tasks };
		for (const item of this.loaded.lab.items) {
			if (item.kind === 'exercise') out[item.id] = this.exercise(item.id);
		}
		return out;
	}

	results(): LabResults {
		return makeResults(
			this.loaded.lab,
			this.loaded.id,
			this.learner,
			this.started,
			this.items(),
			now()
		);
	}

	save(): void {
		const stored: Stored = { learner: this.learner, started: this.started, tasks: this.tasks };
		try {
			localStorage.setItem(this.#key, JSON.stringify(stored));
		} catch {
			// Storage full or refused (private mode): the results still live until the page closes.
		}
	}
}
