// The learner's record of one lab in this browser: their name and each task's last check, kept in
// localStorage under the lab's id, so a reload keeps the results (the machine starts afresh).
import { makeResults, type LabResults } from '@core/tutorial/lab-results.ts';
import { shortDetail } from '@core/tutorial/lab.ts';
import { now, type LoadedLab } from './source.ts';
import { progress, storageRefusal } from '../progress/progress.svelte.ts';
import { addSetAside, SET_ASIDE_KEY, setAsideRecord } from '../progress/format.ts';
import { describeLabRead, readLabRecord, type StoredLab, type TaskRecord } from './lab-stored.ts';

export type { TaskRecord } from './lab-stored.ts';

const PREFIX = 'vserver-lab:lab:v1:';

export class LabRecord {
	learner = $state('');
	started: string;
	tasks = $state<Record<string, TaskRecord>>({});
	/** Why results cannot be stored (storage refused or full): they then last the visit. */
	problem = $state('');
	/** What was set aside when the stored record was read; empty if nothing. */
	notice = $state('');
	readonly #key: string;

	constructor(readonly loaded: LoadedLab) {
		this.#key = PREFIX + loaded.id;
		let text: string | null = null;
		try {
			text = localStorage.getItem(this.#key);
		} catch (reason) {
			this.problem = storageRefusal(reason);
		}
		const read = readLabRecord(text);
		this.learner = read.stored?.learner ?? '';
		this.started = read.stored?.started ?? now().toISOString();
		this.tasks = read.stored?.tasks ?? {};
		const rejected = Object.keys(read.rejected);
		if (read.whole || rejected.length > 0) {
			// A copy of what is dropped goes beside the course's own set-aside progress, and the
			// repaired record is written back.
			const record = setAsideRecord(
				now().toISOString(),
				read.whole,
				text ?? '',
				read.rejected,
				`lab ${loaded.id}: `
			);
			try {
				localStorage.setItem(
					SET_ASIDE_KEY,
					addSetAside(localStorage.getItem(SET_ASIDE_KEY), record)
				);
			} catch {
				// No room for the copy: the original stays until the next save replaces it.
			}
			this.notice = describeLabRead(read, (id) => {
				const item = loaded.lab.items.find((i) => i.id === id);
				return item?.kind === 'task' ? item.title : id;
			});
			this.save();
		}
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
		const stored: StoredLab = {
			learner: this.learner,
			started: this.started,
			tasks: $state.snapshot(this.tasks)
		};
		try {
			localStorage.setItem(this.#key, JSON.stringify(stored));
			this.problem = '';
		} catch (reason) {
			// Storage full or refused (private mode): the results still live until the page closes.
			this.problem = storageRefusal(reason);
		}
	}
}
