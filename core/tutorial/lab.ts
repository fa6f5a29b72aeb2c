// A classroom lab: a list of tasks with checks (and course exercises to do first), written by a
// teacher as YAML, validated with the same check reader as exercises. Pure: no DOM, no storage.
import { parse as parseYaml, YAMLError } from 'yaml';
import { Checker, readChecks, readHints } from './load.ts';
import type { Check, Hint, TerminalSpec } from './schema.ts';

/**
 * One task of a lab: something to make true on the machine, and the checks that say whether it
 * is. Checks look at the machine as it is when the learner presses Check (a snapshot, `exec` and
 * `file` on a throwaway copy, the task's terminal output since the machine started), never at
 * what was typed, so any route that gets there passes.
 */
export interface LabTask {
	kind: 'task';
	/** Lower-case words joined by dashes; unique in the lab; the results file names tasks by it. */
	id: string;
	title: string;
	/** Paragraphs separated by blank lines; `backticks` mark commands and file names. */
	text: string;
	checks: Check[];
	hints: Hint[];
	/** The terminal `output` and `you` checks look at (1-based); 1 when omitted. */
	term: number;
}

/** A course exercise the lab asks for; the learner does it in the course, its progress counts. */
export interface LabExercise {
	kind: 'exercise';
	/** The exercise's course id, e.g. `principles/playing-with-chbind`. */
	id: string;
	/** What the lab says about it (optional). */
	text: string;
}

export type LabItem = LabTask | LabExercise;

/** A validated lab. */
export interface Lab {
	title: string;
	/** Who hands it out (a teacher, a course), shown under the title. */
	by: string;
	/** Paragraphs shown before the tasks. */
	intro: string;
	/** A shell script run as root in context 0 on the fresh machine (may be empty). */
	setup: string;
	/** 1 to 3 terminals; root and user in context 0 when the lab names none. */
	terminals: TerminalSpec[];
	items: LabItem[];
}

/** Every problem found in a lab, one per line. */
export class LabError extends Error {
	constructor(readonly problems: string[]) {
		super(problems.join('\n'));
		this.name = 'LabError';
	}
}

/** The largest lab text accepted (from a link, a file or a fetch): a lab is a page, not a book. */
export const LAB_MAX_CHARS = 64_000;

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const EXERCISE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*\/[a-z0-9]+(?:-[a-z0-9]+)*$/;
const LAB_KEYS = ['title', 'by', 'intro', 'setup', 'terminals', 'tasks'];
const TASK_KEYS = ['id', 'title', 'text', 'check', 'hint', 'term'];
const DEFAULT_TERMINALS: TerminalSpec[] = [
	{ user: 'root', ctx: 0 },
	{ user: 'user', ctx: 0 }
];

/**
 * Parses and validates a lab. `exerciseIds`, when given, are the course's exercise ids: an
 * `exercise:` item must name one of them. Throws a LabError naming every problem: unknown keys,
 * a lab without tasks, tasks without checks, duplicate ids, bad checks or patterns, placeholder
 * prose, terminals out of range.
 */
export function parseLab(text: string, exerciseIds?: readonly string[]): Lab {
	if (text.length > LAB_MAX_CHARS) {
		throw new LabError([`the lab is ${text.length} characters long; at most ${LAB_MAX_CHARS}`]);
	}
	let raw: unknown;
	try {
		// As for front matter: every scalar stays a string and the checker converts it, so
		// capability sets such as 00000000f40c04ff keep their 16 digits.
		raw = parseYaml(text, { schema: 'failsafe', uniqueKeys: true });
	} catch (err) {
		throw new LabError([
			`not YAML: ${err instanceof YAMLError ? err.message.split('\n')[0] : String(err)}`
		]);
	}
	const c = new Checker();
	const m = c.map(raw, '', LAB_KEYS, ['title', 'tasks']);
	if (!m) throw new LabError(c.problems);
	const str = (v: unknown, where: string): string => {
		if (v === undefined) return '';
		const s = c.value(v, where, 'string') as string | undefined;
		if (s !== undefined) c.prose(s, where);
		return s ?? '';
	};
	const title = str(m.title, 'title').trim();
	if (m.title !== undefined && !title) c.fail('title', 'empty');
	const by = str(m.by, 'by').trim();
	const intro = str(m.intro, 'intro');
	const setup =
		m.setup === undefined ? '' : ((c.value(m.setup, 'setup', 'string') as string) ?? '');

	let terminals = DEFAULT_TERMINALS;
	if (m.terminals !== undefined) {
		if (!Array.isArray(m.terminals) || m.terminals.length < 1 || m.terminals.length > 3) {
			c.fail('terminals', 'expected a list of 1 to 3 terminals');
		} else {
			terminals = m.terminals.flatMap((t, i) => {
				const at = `terminals[${i}]`;
				const spec = c.fields<TerminalSpec>(
					t,
					at,
					{ user: 'string', ctx: 'int', label: 'string' },
					['user']
				);
				if (!spec) return [];
				if (spec.user !== undefined && !/^[a-z_][a-z0-9_-]*$/.test(spec.user)) {
					c.fail(`${at}.user`, `'${spec.user}' is not a user name`);
				}
				if (spec.ctx !== undefined && (spec.ctx < 0 || spec.ctx > 65535)) {
					c.fail(`${at}.ctx`, 'a context number is 0 to 65535');
				}
				return [spec];
			});
		}
	}

	const items: LabItem[] = [];
	const seen = new Set<string>();
	if (!Array.isArray(m.tasks)) {
		if (m.tasks !== undefined) c.fail('tasks', 'expected a list');
	} else {
		if (m.tasks.length === 0) c.fail('tasks', 'a lab has at least one task');
		m.tasks.forEach((t, i) => {
			const at = `tasks[${i}]`;
			if (c.isMap(t) && 'exercise' in t) {
				const x = c.map(t, at, ['exercise', 'text'], ['exercise']);
				if (!x) return;
				const id = c.value(x.exercise, `${at}.exercise`, 'string') as string | undefined;
				if (id === undefined) return;
				if (!EXERCISE_ID.test(id)) {
					c.fail(`${at}.exercise`, `'${id}' is not an exercise id such as principles/unification`);
				} else if (exerciseIds && !exerciseIds.includes(id)) {
					c.fail(`${at}.exercise`, `the course has no exercise '${id}'`);
				}
				if (seen.has(id)) c.fail(`${at}.exercise`, `'${id}' is listed twice`);
				seen.add(id);
				items.push({ kind: 'exercise', id, text: str(x.text, `${at}.text`) });
				return;
			}
			const x = c.map(t, at, TASK_KEYS, ['id', 'title', 'check']);
			if (!x) return;
			const id = c.value(x.id, `${at}.id`, 'string') as string | undefined;
			if (id === undefined) return;
			if (!ID.test(id)) c.fail(`${at}.id`, `'${id}' is not lower-case words joined by dashes`);
			if (seen.has(id)) c.fail(`${at}.id`, `duplicate task id '${id}'`);
			seen.add(id);
			const taskTitle = str(x.title, `${at}.title`).trim();
			if (x.title !== undefined && !taskTitle) c.fail(`${at}.title`, 'empty');
			let term = 1;
			if (x.term !== undefined) {
				const n = c.value(x.term, `${at}.term`, 'int') as number | undefined;
				if (n !== undefined && (n < 1 || n > terminals.length)) {
					c.fail(`${at}.term`, `no terminal ${n} (the lab has ${terminals.length})`);
				} else if (n !== undefined) term = n;
			}
			items.push({
				kind: 'task',
				id,
				title: taskTitle,
				text: str(x.text, `${at}.text`),
				checks: x.check === undefined ? [] : readChecks(c, x.check, `${at}.check`),
				hints: readHints(c, x.hint, `${at}.hint`),
				term
			});
		});
		if (m.tasks.length > 0 && !items.some((x) => x.kind === 'task')) {
			c.fail('tasks', 'a lab has at least one task with checks (not only exercises)');
		}
	}
	if (c.problems.length > 0) throw new LabError(c.problems);
	return { title, by, intro, setup, terminals, items };
}

/** The tasks of a lab that it checks itself (not the course exercises). */
export function labTasks(lab: Lab): LabTask[] {
	return lab.items.filter((x): x is LabTask => x.kind === 'task');
}

/**
 * A lab's identity: 16 hex digits of a 64-bit FNV-1a hash of its text, so results files of the
 * same lab are grouped together and a changed lab is told apart. Not a secret, not a signature.
 */
export function labId(text: string): string {
	let h = 0xcbf29ce484222325n;
	for (let i = 0; i < text.length; i++) {
		h ^= BigInt(text.charCodeAt(i));
		h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
	}
	return h.toString(16).padStart(16, '0');
}

/**
 * Splits a lab's prose into paragraphs (blank lines between) made of text and `code` runs, for
 * the page to show as plain text: lab prose may come from anyone's link, so it is never HTML.
 */
export function proseParts(text: string): { code: boolean; text: string }[][] {
	return text
		.split(/\n\s*\n/)
		.map((p) => p.replace(/\s*\n\s*/g, ' ').trim())
		.filter((p) => p !== '')
		.map((p) =>
			p
				.split(/(`[^`]+`)/)
				.filter((s) => s !== '')
				.map((s) =>
					s.startsWith('`') && s.endsWith('`') && s.length > 1
						? { code: true, text: s.slice(1, -1) }
						: { code: false, text: s }
				)
		);
}

/**
 * A check's sentence made short enough to show and hand in: a quoted output longer than 80
 * characters keeps its first 60 (what it printed matters less than what was wanted, which stays),
 * and the whole is cut at `max` characters.
 */
export function shortDetail(detail: string, max = 400): string {
	const short = detail.replace(/"(?:[^"\\]|\\.)*"/g, (q) =>
		q.length > 80 ? `${q.slice(0, 61)}…"` : q
	);
	return short.length > max ? `${short.slice(0, max - 1)}…` : short;
}
