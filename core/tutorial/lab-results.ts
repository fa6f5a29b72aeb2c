// A learner's results of a lab as a JSON file (what the learner downloads and hands in), reading
// such files back, and the teacher's table of many of them. Pure: no DOM, no storage.
import type { Lab } from './lab.ts';

export const RESULTS_FORMAT = 'vserver-lab-results';

/** Said in every results file and on every page that shows one. */
export const SELF_REPORTED =
	'Self-reported: the checks ran in the learner’s own browser, and this file is plain JSON that ' +
	'anyone can edit. Treat it as the learner’s account of their work, not as proof.';

/** Where one item of the lab stands. */
export interface ItemResult {
	id: string;
	title: string;
	/** `task`: checked on the lab's machine; `exercise`: a course exercise, from course progress. */
	kind: 'task' | 'exercise';
	/** Whether the last check passed (for an exercise: whether it was completed). */
	pass: boolean;
	/** ISO time of the last check; null when never checked. */
	checked: string | null;
	/** ISO time of the first passing check; null when it never passed. */
	firstPassed: string | null;
	/** How many times it was checked. */
	attempts: number;
	/** The last check's sentence about what it saw. */
	detail: string;
}

/** The results file. */
export interface LabResults {
	format: typeof RESULTS_FORMAT;
	version: 1;
	note: string;
	lab: { id: string; title: string };
	/** The name the learner typed; may be empty. */
	learner: string;
	/** ISO times: when the learner opened the lab, when the file was made. */
	started: string;
	exported: string;
	items: ItemResult[];
}

/** A results file from a lab, the learner's name, and each item's state. */
export function makeResults(
	lab: Lab,
	id: string,
	learner: string,
	started: string,
	items: Record<string, Omit<ItemResult, 'id' | 'title' | 'kind'>>,
	now: Date
): LabResults {
	return {
		format: RESULTS_FORMAT,
		version: 1,
		note: SELF_REPORTED,
		lab: { id, title: lab.title },
		learner: learner.trim(),
		started,
		exported: now.toISOString(),
		items: lab.items.map((item) => {
			const r = items[item.id];
			return {
				id: item.id,
				title: item.kind === 'task' ? item.title : item.id,
				kind: item.kind,
				pass: r?.pass ?? false,
				checked: r?.checked ?? null,
				firstPassed: r?.firstPassed ?? null,
				attempts: r?.attempts ?? 0,
				detail: r?.detail ?? ''
			};
		})
	};
}

/** A suggested file name: `lab-<title words>-<learner>.json`, letters, digits and dashes only. */
export function resultsFileName(r: LabResults): string {
	const slug = (s: string) =>
		s
			.toLowerCase()
			.normalize('NFKD')
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-+|-+$/g, '')
			.slice(0, 40);
	return ['lab', slug(r.lab.title), slug(r.learner)].filter(Boolean).join('-') + '.json';
}

const isObject = (v: unknown): v is Record<string, unknown> =>
	typeof v === 'object' && v !== null && !Array.isArray(v);
const isTime = (v: unknown): v is string => typeof v === 'string' && !Number.isNaN(Date.parse(v));

/**
 * Reads a results file. Throws with a sentence for the teacher when the text is not one; a
 * damaged item is an error too, since a table with a silently missing cell would mislead.
 */
export function parseResults(text: string): LabResults {
	let raw: unknown;
	try {
		raw = JSON.parse(text);
	} catch {
		throw new Error('not a JSON file');
	}
	if (!isObject(raw) || raw.format !== RESULTS_FORMAT) {
		throw new Error('not a vserver-lab results file');
	}
	if (raw.version !== 1) {
		throw new Error(`results format version ${String(raw.version)} is unknown`);
	}
	const lab = raw.lab;
	if (!isObject(lab) || typeof lab.id !== 'string' || typeof lab.title !== 'string') {
		throw new Error('the file does not name its lab');
	}
	if (typeof raw.learner !== 'string') throw new Error('the file has no learner name');
	if (!isTime(raw.started) || !isTime(raw.exported)) throw new Error('the file has no dates');
	if (!Array.isArray(raw.items)) throw new Error('the file has no items');
	const items = raw.items.map((v, i): ItemResult => {
		const bad = () => new Error(`item ${i + 1} is damaged`);
		if (!isObject(v)) throw bad();
		const { id, title, kind, pass, checked, firstPassed, attempts, detail } = v;
		if (typeof id !== 'string' || typeof title !== 'string') throw bad();
		if ((kind !== 'task' && kind !== 'exercise') || typeof pass !== 'boolean') throw bad();
		if (!(checked === null || isTime(checked)) || !(firstPassed === null || isTime(firstPassed))) {
			throw bad();
		}
		if (typeof attempts !== 'number' || !Number.isInteger(attempts) || attempts < 0) throw bad();
		if (typeof detail !== 'string') throw bad();
		return { id, title, kind, pass, checked, firstPassed, attempts, detail };
	});
	return {
		format: RESULTS_FORMAT,
		version: 1,
		note: SELF_REPORTED,
		lab: { id: lab.id, title: lab.title },
		learner: raw.learner,
		started: raw.started,
		exported: raw.exported,
		items
	};
}

/** One lab's results side by side: a column per item, a row per file. */
export interface ResultsTable {
	lab: { id: string; title: string };
	columns: { id: string; title: string; kind: 'task' | 'exercise' }[];
	rows: {
		learner: string;
		file: string;
		exported: string;
		/** Per column: true (passed), false (checked, not passed), null (never checked / absent). */
		cells: (boolean | null)[];
		passed: number;
	}[];
}

/**
 * Tabulates results files, one table per lab (by lab id, in the order first seen); columns are
 * the items in the order the files list them; rows sorted by learner name, then file name.
 */
export function tabulate(files: { name: string; results: LabResults }[]): ResultsTable[] {
	const tables = new Map<string, ResultsTable>();
	for (const { results } of files) {
		let t = tables.get(results.lab.id);
		if (!t) {
			t = { lab: results.lab, columns: [], rows: [] };
			tables.set(results.lab.id, t);
		}
		for (const item of results.items) {
			if (!t.columns.some((c) => c.id === item.id)) {
				t.columns.push({ id: item.id, title: item.title, kind: item.kind });
			}
		}
	}
	for (const { name, results } of files) {
		const t = tables.get(results.lab.id)!;
		const cells = t.columns.map((c) => {
			const item = results.items.find((x) => x.id === c.id);
			if (!item) return null;
			return item.pass ? true : item.checked === null && item.kind === 'task' ? null : false;
		});
		t.rows.push({
			learner: results.learner,
			file: name,
			exported: results.exported,
			cells,
			passed: cells.filter((x) => x === true).length
		});
	}
	for (const t of tables.values()) {
		t.rows.sort((a, b) => a.learner.localeCompare(b.learner) || a.file.localeCompare(b.file));
	}
	return [...tables.values()];
}

/**
 * A table as CSV (RFC 4180 quoting): learner, file, one column per item (yes/no/empty), passed.
 * A name a spreadsheet would read as a formula (`=`, `+`, `-`, `@` first) gets a `'` in front:
 * names come from learners' files, and a file is anyone's to edit.
 */
export function tableCsv(t: ResultsTable): string {
	const q = (raw: string) => {
		const s = /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw;
		return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
	};
	const head = ['learner', 'file', ...t.columns.map((c) => c.id), 'passed', 'of'];
	const lines = [head.map(q).join(',')];
	for (const r of t.rows) {
		const cells = r.cells.map((c) => (c === null ? '' : c ? 'yes' : 'no'));
		lines.push(
			[r.learner, r.file, ...cells, String(r.passed), String(t.columns.length)].map(q).join(',')
		);
	}
	return lines.join('\r\n') + '\r\n';
}
