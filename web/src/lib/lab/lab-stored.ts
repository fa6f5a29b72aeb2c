// A lab's record as localStorage holds it (lab-record.svelte.ts), read leniently: the learner's
// name and each task's last check are checked on their own, so one damaged task is put aside
// with its reason and the rest kept; a text that is no lab record at all is put aside whole.
// Pure, so Node tests it; the set-aside copies go where the course's progress puts its own.
import type { ItemResult } from '@core/tutorial/lab-results.ts';
import { isObject } from '../progress/format.ts';

export type TaskRecord = Omit<ItemResult, 'id' | 'title' | 'kind'>;

export interface StoredLab {
	learner: string;
	started: string;
	tasks: Record<string, TaskRecord>;
}

export interface LabRead {
	/** What could be kept (null when nothing was stored, or nothing could be read). */
	stored: StoredLab | null;
	/** Why the whole text was put aside, when it was. */
	whole: string | null;
	/** Task entries put aside, by task id, with why. */
	rejected: Record<string, { why: string; entry: unknown }>;
}

const isTime = (v: unknown): v is string => typeof v === 'string' && !Number.isNaN(Date.parse(v));

function readTask(v: unknown): TaskRecord | string {
	if (!isObject(v)) return 'not an object';
	if (typeof v.pass !== 'boolean') return 'no pass/fail';
	if (typeof v.attempts !== 'number' || !Number.isInteger(v.attempts) || v.attempts < 0) {
		return 'attempts is not a count';
	}
	if (v.checked !== null && !isTime(v.checked)) return 'checked is not a time';
	if (v.firstPassed !== null && v.firstPassed !== undefined && !isTime(v.firstPassed)) {
		return 'firstPassed is not a time';
	}
	if (typeof v.detail !== 'string') return 'no detail';
	return {
		pass: v.pass,
		attempts: v.attempts,
		checked: v.checked,
		firstPassed: (v.firstPassed as string | null | undefined) ?? null,
		detail: v.detail
	};
}

/** Reads a stored lab record; `text` null means nothing was stored. */
export function readLabRecord(text: string | null): LabRead {
	const none: LabRead = { stored: null, whole: null, rejected: {} };
	if (text === null) return none;
	let raw: unknown;
	try {
		raw = JSON.parse(text);
	} catch {
		return { ...none, whole: 'it is not JSON' };
	}
	if (!isObject(raw)) return { ...none, whole: 'it is not a lab record' };
	if (typeof raw.learner !== 'string') return { ...none, whole: 'it names no learner' };
	if (!isTime(raw.started)) return { ...none, whole: 'it has no start time' };
	const tasks: Record<string, TaskRecord> = {};
	const rejected: LabRead['rejected'] = {};
	if (raw.tasks !== undefined && !isObject(raw.tasks)) {
		rejected['*'] = { why: 'the tasks are not a list by id', entry: raw.tasks };
	} else {
		for (const [id, entry] of Object.entries(raw.tasks ?? {})) {
			const task = readTask(entry);
			if (typeof task === 'string') rejected[id] = { why: task, entry };
			else tasks[id] = task;
		}
	}
	return { stored: { learner: raw.learner, started: raw.started, tasks }, whole: null, rejected };
}

/** What the learner is told about a record put aside (empty when nothing was). */
export function describeLabRead(read: LabRead, title: (id: string) => string): string {
	if (read.whole) {
		return `The results of this lab stored in this browser could not be read (${read.whole}), so they were set aside and the lab starts afresh.`;
	}
	const ids = Object.keys(read.rejected);
	if (ids.length === 0) return '';
	const names = ids.map((id) => (id === '*' ? 'every task' : `“${title(id)}”`)).join(', ');
	return `The stored result of ${names} was damaged and was set aside; your other results are kept.`;
}
