// The stored progress document as data: its format, reading it strictly (an imported file) or
// leniently (what localStorage holds, which may be damaged or from another version of the lab),
// and the input-log helper. No runes and no storage here, so Node tests read it as it is.
import type { LogEntry } from '@core/machine.ts';

export const STORAGE_KEY = 'vserver-lab:progress:v1';
/** Where damaged or unreadable progress is moved, so nothing the learner did is thrown away. */
export const SET_ASIDE_KEY = 'vserver-lab:progress:set-aside';
const FORMAT = 'vserver-lab-progress';
/** At most this many set-aside records are kept (the oldest go first). */
const SET_ASIDE_LIMIT = 10;

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

export function emptyProgress(): ProgressDocument {
	return { format: FORMAT, version: 1, exercises: {}, read: [] };
}

export const isObject = (v: unknown): v is Record<string, unknown> =>
	typeof v === 'object' && v !== null && !Array.isArray(v);

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

function isLogEntry(v: unknown): v is LogEntry {
	if (!isObject(v) || !isCount(v.slice)) return false;
	switch (v.op) {
		case 'open':
			return isObject(v.opts) && typeof v.opts.user === 'string';
		case 'input':
			return isCount(v.id) && typeof v.data === 'string';
		case 'resize':
			return isCount(v.id) && isCount(v.cols) && isCount(v.rows);
		case 'tick':
			return typeof v.clock === 'number' && Number.isFinite(v.clock);
		default:
			return false;
	}
}

/** One exercise's entry as read: kept whole, kept without its damaged log, or rejected. */
type EntryRead =
	{ ok: true; entry: ExerciseProgress; logDropped: boolean } | { ok: false; why: string };

function readExercise(v: unknown): EntryRead {
	if (!isObject(v)) return { ok: false, why: 'not an object' };
	const { done, step, total, completed, log, updated } = v;
	if (!Array.isArray(done) || !done.every((d) => typeof d === 'string')) {
		return { ok: false, why: 'its list of steps done is damaged' };
	}
	if (!isCount(total) || total < 1 || !isCount(step) || step < 1 || step > total + 1) {
		return { ok: false, why: 'its step numbers are out of range' };
	}
	if (done.length > total) return { ok: false, why: 'more steps done than it has' };
	const logOk = Array.isArray(log) && log.every(isLogEntry);
	return {
		ok: true,
		entry: {
			done,
			step,
			total,
			completed: completed === true,
			// A damaged log is dropped, not the progress: the machine then starts from the step.
			log: logOk ? log : [],
			updated: typeof updated === 'string' ? updated : new Date(0).toISOString()
		},
		logDropped: !logOk && log !== undefined
	};
}

/**
 * Reads a progress file the learner imports. Throws with a sentence for the reader when the text
 * is not one; skips exercises whose entries are damaged.
 */
export function parseProgress(text: string): ProgressDocument {
	const read = readProgress(text);
	if (read.whole) throw new Error(read.whole);
	return read.doc;
}

/** What reading stored progress found: the good part, and what had to be put aside. */
export interface ProgressRead {
	doc: ProgressDocument;
	/** Why the whole text was unusable (then `doc` is empty); null when it was a document. */
	whole: string | null;
	/** Exercises whose entries were rejected: id → the entry as it was, and why. */
	rejected: Record<string, { entry: unknown; why: string }>;
	/** Exercises kept without their input log, which was damaged (the original is in `rejected`). */
	logsDropped: string[];
}

/**
 * Reads stored progress leniently: each exercise's entry is checked on its own, so one damaged
 * entry costs that exercise only. A text that is not a progress document at all, or one of
 * another version, comes back as `whole` with nothing read.
 */
export function readProgress(text: string): ProgressRead {
	const out: ProgressRead = { doc: emptyProgress(), whole: null, rejected: {}, logsDropped: [] };
	let raw: unknown;
	try {
		raw = JSON.parse(text);
	} catch {
		out.whole = 'The file is not JSON.';
		return out;
	}
	if (!isObject(raw) || raw.format !== FORMAT) {
		out.whole = 'The file is not a vserver-lab progress file.';
		return out;
	}
	if (raw.version !== 1) {
		const newer = typeof raw.version === 'number' && raw.version > 1;
		out.whole = `Progress format version ${String(raw.version)} is ${newer ? 'newer than this lab knows' : 'unknown'}.`;
		return out;
	}
	if (isObject(raw.exercises)) {
		for (const [id, value] of Object.entries(raw.exercises)) {
			const r = readExercise(value);
			if (r.ok) {
				out.doc.exercises[id] = r.entry;
				if (r.logDropped) {
					out.logsDropped.push(id);
					out.rejected[id] = { entry: value, why: 'its machine history is damaged' };
				}
			} else {
				out.rejected[id] = { entry: value, why: r.why };
			}
		}
	} else if (raw.exercises !== undefined) {
		out.rejected['*'] = { entry: raw.exercises, why: 'the list of exercises is damaged' };
	}
	if (Array.isArray(raw.read)) {
		out.doc.read = raw.read.filter((r): r is string => typeof r === 'string');
	}
	return out;
}

/** A record of progress put aside, as kept under `SET_ASIDE_KEY`. */
export interface SetAsideRecord {
	/** ISO time it was put aside. */
	when: string;
	why: string;
	/** The stored text itself (whole document), or the rejected entries by exercise id. */
	text?: string;
	entries?: Record<string, unknown>;
}

/**
 * The record of what a lenient read put aside: the whole text, or the rejected entries by id with
 * their reasons; `prefix` names where they came from (a lab's record, say).
 */
export function setAsideRecord(
	when: string,
	whole: string | null,
	text: string,
	rejected: Record<string, { entry: unknown; why: string }>,
	prefix = ''
): SetAsideRecord {
	if (whole) return { when, why: prefix + whole, text };
	const ids = Object.keys(rejected);
	return {
		when,
		why: prefix + ids.map((id) => `${id}: ${rejected[id]!.why}`).join('; '),
		entries: Object.fromEntries(ids.map((id) => [id, rejected[id]!.entry]))
	};
}

/** The set-aside list with `record` added (oldest dropped past the limit), as JSON to store. */
export function addSetAside(existing: string | null, record: SetAsideRecord): string {
	let list: unknown[] = [];
	try {
		const parsed: unknown = existing === null ? null : JSON.parse(existing);
		if (isObject(parsed) && Array.isArray(parsed.records)) list = parsed.records;
	} catch {
		// An unreadable set-aside list is replaced: it only ever held copies.
	}
	const records = [...list, record].slice(-SET_ASIDE_LIMIT);
	return JSON.stringify({ format: 'vserver-lab-set-aside', records });
}

/** What the reader is told about progress put aside (one sentence or two). */
export function describeSetAside(read: ProgressRead, title: (id: string) => string): string {
	if (read.whole) {
		return `The progress stored in this browser could not be read (${read.whole.replace(/^The file/, 'it').replace(/\.$/, '')}), so it was set aside and the lab starts afresh.`;
	}
	const rejected = Object.keys(read.rejected).filter((id) => !read.logsDropped.includes(id));
	const parts: string[] = [];
	if (rejected.length > 0) {
		parts.push(
			`The stored progress of ${list(rejected.map(title))} was damaged and was set aside; the rest of your progress is kept.`
		);
	}
	if (read.logsDropped.length > 0) {
		parts.push(
			`The machine history of ${list(read.logsDropped.map(title))} was damaged: the steps done are kept, and their commands are typed again to rebuild the machine.`
		);
	}
	return parts.join(' ');
}

function list(names: string[]): string {
	if (names.length <= 1) return names.join('');
	return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
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
