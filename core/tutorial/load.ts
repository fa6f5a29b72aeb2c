// The validating loader: one tutorial file's text (front matter + markdown) in, a checked Page or
// Exercise out, or a TutorialError listing every problem with its place. Pure: no file system.
import { parse as parseYaml, YAMLError } from 'yaml';
import { compilePattern } from './pattern.ts';
import type { Backend } from '../machine.ts';
import type {
	Check,
	CodeBlock,
	ContextMatch,
	Exercise,
	ExecCheck,
	FileCheck,
	Hint,
	InterfaceMatch,
	Page,
	ProcessMatch,
	SocketMatch,
	Step,
	TerminalSpec,
	Tutorial,
	TypedCommands,
	WrongRoute
} from './schema.ts';

/** Every problem found in one file, one per line, each prefixed with the file's path. */
export class TutorialError extends Error {
	constructor(
		readonly path: string,
		readonly problems: string[]
	) {
		super(problems.map((p) => `${path}: ${p}`).join('\n'));
		this.name = 'TutorialError';
	}
}

/** Words that mark unfinished writing; a course page must not ship with them. */
const PLACEHOLDER = /\b(?:TODO|TBD|FIXME|lorem|ipsum)\b/i;
const SEGMENT = /^\d\d-([a-z0-9]+(?:-[a-z0-9]+)*)$/;
const STEP_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const SECTION = /^\d+(?:\.\d+)*$/;
/** The paper's numbered sections (its table of contents), so a typo such as 2.8 is caught. */
export const PAPER_SECTIONS: ReadonlySet<string> = new Set(
	[
		'1 1.1',
		'2 2.1 2.2 2.3 2.4 2.5 2.6 2.6.1 2.6.2 2.6.3 2.6.4 2.7',
		'3 3.1 3.2 3.3 3.4',
		'4 4.1 4.2 4.3 4.4 4.5 4.6 4.7 4.8 4.9 4.10 4.11',
		'5',
		'6 6.1 6.2 6.2.1 6.2.2 6.2.3 6.2.4',
		'7 7.1 7.2 7.3',
		'8 9 10'
	]
		.join(' ')
		.split(' ')
);
const HOST = /^[a-z][a-z0-9-]*$/;
/** Fenced blocks whose lines are commands for our shell. */
const SHELL_LANGS = new Set(['sh', 'bash', 'shell']);
/** The fields a hint may name: those of the snapshot's ProcessView. */
const PROCESS_VIEW_FIELDS = new Set([
	'pid',
	'ppid',
	'pgid',
	'sid',
	'comm',
	'args',
	'state',
	'uid',
	'euid',
	'suid',
	'fsuid',
	'gid',
	'egid',
	'ctx',
	'capEff',
	'capPrm',
	'capInh',
	'capBset',
	'bcast',
	'chroot',
	'cwd',
	'tty'
]);

/**
 * The id of a tutorial file from its path under `tutorials/`: the directories without their
 * `NN-` prefixes (`02-principles/03-playing-with-chcontext/index.md` →
 * `principles/playing-with-chcontext`). Null when the path does not follow the layout.
 */
export function tutorialId(path: string): string | null {
	const parts = path.split('/');
	if (parts.pop() !== 'index.md' || parts.length < 1 || parts.length > 2) return null;
	const names = parts.map((p) => SEGMENT.exec(p)?.[1]);
	return names.every((n) => n !== undefined) ? names.join('/') : null;
}

// The pattern reader lives in its own module, so the page's step player needs no YAML parser.
export { compilePattern } from './pattern.ts';

type Raw = unknown;
type Kind = 'string' | 'int' | 'bool' | 'pattern' | 'regex' | 'strings';

/** Collects problems while walking the raw YAML, so one run reports them all (labs use it too). */
export class Checker {
	problems: string[] = [];

	fail(where: string, what: string): void {
		this.problems.push(where ? `${where}: ${what}` : what);
	}

	isMap(v: Raw): v is Record<string, Raw> {
		return typeof v === 'object' && v !== null && !Array.isArray(v);
	}

	/** A mapping with only `allowed` keys and all `required` ones; null (reported) otherwise. */
	map(
		v: Raw,
		where: string,
		allowed: readonly string[],
		required: readonly string[] = []
	): Record<string, Raw> | null {
		if (!this.isMap(v)) {
			this.fail(where, 'expected a mapping');
			return null;
		}
		for (const k of Object.keys(v)) {
			if (!allowed.includes(k)) this.fail(where, `unknown key '${k}'`);
		}
		for (const k of required) if (!(k in v)) this.fail(where, `missing '${k}'`);
		return v;
	}

	/** A scalar of `kind`, converted from the YAML failsafe schema's strings. */
	value(v: Raw, where: string, kind: Kind): unknown {
		switch (kind) {
			case 'string':
				if (typeof v === 'string') return v;
				break;
			case 'int':
				if (typeof v === 'string' && /^-?\d+$/.test(v)) return Number(v);
				break;
			case 'bool':
				if (v === 'true' || v === 'false') return v === 'true';
				break;
			case 'pattern':
			case 'regex':
				if (typeof v !== 'string') break;
				if (kind === 'regex' && !v.startsWith('/')) {
					this.fail(where, `expected /regex/, got '${v}'`);
					return undefined;
				}
				try {
					compilePattern(v);
				} catch (err) {
					this.fail(where, (err as Error).message);
					return undefined;
				}
				return v;
			case 'strings':
				if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v;
				break;
		}
		this.fail(
			where,
			`expected ${kind === 'strings' ? 'a list of strings' : kind === 'int' ? 'an integer' : kind === 'bool' ? 'true or false' : 'a string'}`
		);
		return undefined;
	}

	/** A mapping whose keys all have a scalar kind; keeps the converted values. */
	fields<T>(
		v: Raw,
		where: string,
		spec: Record<string, Kind>,
		required: readonly string[] = []
	): T | null {
		const m = this.map(v, where, Object.keys(spec), required);
		if (!m) return null;
		const out: Record<string, unknown> = {};
		for (const [k, raw] of Object.entries(m)) {
			const kind = spec[k];
			if (!kind) continue;
			const x = this.value(raw, `${where}.${k}`, kind);
			if (x !== undefined) out[k] = x;
		}
		return out as T;
	}

	prose(text: string, where: string): void {
		const m = PLACEHOLDER.exec(text);
		if (m) this.fail(where, `placeholder '${m[0]}' in the text`);
	}
}

const PROCESS_SPEC: Record<keyof ProcessMatch, Kind> = {
	pid: 'int',
	ppid: 'int',
	comm: 'pattern',
	args: 'pattern',
	state: 'pattern',
	uid: 'int',
	euid: 'int',
	gid: 'int',
	egid: 'int',
	ctx: 'int',
	capEff: 'pattern',
	capPrm: 'pattern',
	capInh: 'pattern',
	capBset: 'pattern',
	chroot: 'pattern',
	cwd: 'pattern',
	tty: 'pattern',
	ip: 'pattern'
};
const CONTEXT_SPEC: Record<keyof ContextMatch, Kind> = {
	id: 'int',
	flags: 'strings',
	hostname: 'pattern',
	domainname: 'pattern',
	initpid: 'int',
	procCount: 'int',
	nproc: 'int'
};
const SOCKET_SPEC: Record<keyof SocketMatch, Kind> = {
	proto: 'pattern',
	local: 'pattern',
	remote: 'pattern',
	state: 'pattern',
	pid: 'int',
	ctx: 'int'
};
const INTERFACE_SPEC: Record<keyof InterfaceMatch, Kind> = {
	name: 'pattern',
	addr: 'pattern',
	mask: 'pattern',
	bcast: 'pattern',
	up: 'bool'
};
const EXEC_SPEC: Record<keyof ExecCheck, Kind> = {
	command: 'string',
	user: 'string',
	ctx: 'int',
	stdout: 'pattern',
	stderr: 'pattern',
	exitCode: 'int'
};
const FILE_SPEC: Record<keyof FileCheck, Kind> = {
	path: 'string',
	exists: 'bool',
	content: 'pattern',
	user: 'string',
	ctx: 'int'
};
const CHECK_KINDS = [
	'output',
	'you',
	'process',
	'context',
	'socket',
	'interface',
	'exec',
	'file',
	'not'
];

function readCheck(c: Checker, v: Raw, where: string): Check | null {
	const m = c.map(v, where, CHECK_KINDS);
	if (!m) return null;
	const keys = Object.keys(m).filter((k) => CHECK_KINDS.includes(k));
	if (keys.length !== 1) {
		if (Object.keys(m).length === keys.length) {
			c.fail(where, `a check has exactly one of ${CHECK_KINDS.join(', ')}`);
		}
		return null;
	}
	const kind = keys[0]!;
	const body = m[kind];
	const at = `${where}.${kind}`;
	const nonEmpty = <T>(x: T | null): T | null => {
		if (x && Object.keys(x).length === 0) {
			c.fail(at, 'matches everything: name at least one field');
			return null;
		}
		return x;
	};
	switch (kind) {
		case 'output': {
			const re = c.value(body, at, 'regex') as string | undefined;
			return re === undefined ? null : { output: re };
		}
		case 'you':
		case 'process': {
			const p = nonEmpty(c.fields<ProcessMatch>(body, at, PROCESS_SPEC));
			return p && (kind === 'you' ? { you: p } : { process: p });
		}
		case 'context': {
			const x = nonEmpty(c.fields<ContextMatch>(body, at, CONTEXT_SPEC));
			return x && { context: x };
		}
		case 'socket': {
			const x = nonEmpty(c.fields<SocketMatch>(body, at, SOCKET_SPEC));
			return x && { socket: x };
		}
		case 'interface': {
			const x = nonEmpty(c.fields<InterfaceMatch>(body, at, INTERFACE_SPEC));
			return x && { interface: x };
		}
		case 'exec': {
			const x = c.fields<ExecCheck>(body, at, EXEC_SPEC, ['command']);
			if (x && x.stdout === undefined && x.stderr === undefined && x.exitCode === undefined) {
				c.fail(at, 'say what to expect: stdout, stderr or exitCode');
				return null;
			}
			return x && { exec: x };
		}
		case 'file': {
			const x = c.fields<FileCheck>(body, at, FILE_SPEC, ['path']);
			if (x && x.exists === undefined && x.content === undefined) {
				c.fail(at, 'say what to expect: exists or content');
				return null;
			}
			return x && { file: x };
		}
		default: {
			const inner = readCheck(c, body, at);
			return inner && { not: inner };
		}
	}
}

/** A `check:` value (one check or a list); lab.ts reads its tasks' checks with it. */
export function readChecks(c: Checker, v: Raw, where: string): Check[] {
	const list = Array.isArray(v) ? v : [v];
	if (list.length === 0) c.fail(where, 'no check');
	return list
		.map((x, i) => readCheck(c, x, Array.isArray(v) ? `${where}[${i}]` : where))
		.filter((x): x is Check => x !== null);
}

/** A `hint:` value (a string or a list of `{ when?, say }`), as steps and lab tasks give it. */
export function readHints(c: Checker, v: Raw, where: string): Hint[] {
	if (v === undefined) return [];
	if (typeof v === 'string') {
		c.prose(v, where);
		return v.trim() ? [{ say: v }] : [];
	}
	if (!Array.isArray(v)) {
		c.fail(where, 'expected a string or a list of { when?, say }');
		return [];
	}
	const out: Hint[] = [];
	v.forEach((raw, i) => {
		const at = `${where}[${i}]`;
		const m = c.map(raw, at, ['when', 'say'], ['say']);
		if (!m) return;
		const say = c.value(m.say, `${at}.say`, 'string') as string | undefined;
		if (say === undefined) return;
		c.prose(say, `${at}.say`);
		for (const name of say.matchAll(/\{([^{}]*)\}/g)) {
			const [who, field, ...rest] = name[1]!.split('.');
			if (!who || !field || rest.length > 0 || !PROCESS_VIEW_FIELDS.has(field)) {
				c.fail(
					`${at}.say`,
					`'{${name[1]}}' is not {you.FIELD} or {COMM.FIELD} with a process field`
				);
			}
		}
		const when =
			m.when === undefined ? undefined : (readCheck(c, m.when, `${at}.when`) ?? undefined);
		out.push(when ? { when, say } : { say });
	});
	return out;
}

/** Splits `---\nYAML\n---\nbody` ; null when the file has no front matter. */
function splitFrontMatter(text: string): { yaml: string; body: string; bodyLine: number } | null {
	const t = text.replace(/\r\n/g, '\n');
	if (!t.startsWith('---\n')) return null;
	const end = t.indexOf('\n---\n', 3);
	const endAtEof = end === -1 && t.endsWith('\n---') ? t.length - 4 : end;
	if (endAtEof === -1) return null;
	const yaml = t.slice(4, endAtEof + 1);
	return { yaml, body: t.slice(endAtEof + 5), bodyLine: yaml.split('\n').length + 2 };
}

interface RawBlock extends CodeBlock {
	/** Whether the fence said `term=` (needed when an exercise has several terminals). */
	explicitTerm: boolean;
}

/** Finds the fenced blocks of the body and reads the attributes of the shell ones. */
function readBlocks(c: Checker, body: string, firstLine: number): RawBlock[] {
	const blocks: RawBlock[] = [];
	const lines = body.split('\n');
	for (let i = 0; i < lines.length; i++) {
		const open = /^ {0,3}(`{3,}|~{3,})\s*(.*)$/.exec(lines[i]!);
		if (!open) continue;
		const fence = open[1]!;
		const [lang = '', ...attrs] = open[2]!.trim().split(/\s+/).filter(Boolean);
		const start = i;
		const code: string[] = [];
		for (i++; i < lines.length; i++) {
			const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(lines[i]!);
			if (close && close[1]![0] === fence[0] && close[1]!.length >= fence.length) break;
			code.push(lines[i]!);
		}
		const where = `line ${firstLine + start}`;
		if (i === lines.length) c.fail(where, 'code block is not closed');
		if (!SHELL_LANGS.has(lang)) continue;
		let step: string | null | undefined;
		let term = 1;
		let explicitTerm = false;
		for (const a of attrs) {
			const kv = /^(step|term)=(.*)$/.exec(a);
			if (a === 'no-step') {
				if (step !== undefined) c.fail(where, 'step= and no-step together');
				step = null;
			} else if (kv?.[1] === 'step') {
				if (step !== undefined) c.fail(where, 'step= and no-step together');
				step = kv[2]!;
			} else if (kv?.[1] === 'term' && /^[1-9]\d*$/.test(kv[2]!)) {
				term = Number(kv[2]);
				explicitTerm = true;
			} else {
				c.fail(where, `unknown block attribute '${a}'`);
			}
		}
		if (step === undefined) {
			c.fail(where, `a ${lang} block needs step=<id> or no-step`);
			continue;
		}
		const typed = code.map((l) => l.replace(/\s+$/, '')).filter((l) => l.trim() !== '');
		if (step !== null && typed.length === 0) {
			c.fail(where, `block for step '${step}' has no command`);
		}
		blocks.push({ step, term, lines: typed, line: firstLine + start, explicitTerm });
	}
	return blocks;
}

function readSections(c: Checker, v: Raw): string[] {
	const list = Array.isArray(v) ? v : [v];
	const out: string[] = [];
	for (const s of list) {
		if (typeof s !== 'string' || !SECTION.test(s)) {
			c.fail('section', `'${String(s)}' is not a section number such as "2.6.1"`);
		} else if (!PAPER_SECTIONS.has(s)) {
			c.fail('section', `the paper has no section ${s}`);
		} else {
			out.push(s);
		}
	}
	if (list.length === 0) c.fail('section', 'name at least one section');
	return out;
}

function readTerminals(c: Checker, v: Raw, hosts: string[]): TerminalSpec[] {
	if (!Array.isArray(v) || v.length < 1 || v.length > 3) {
		c.fail('terminals', 'expected a list of 1 to 3 terminals');
		return [];
	}
	return v.flatMap((raw, i) => {
		const at = `terminals[${i}]`;
		const t = c.fields<TerminalSpec>(
			raw,
			at,
			{ user: 'string', ctx: 'int', host: 'string', label: 'string' },
			['user']
		);
		if (!t) return [];
		if (t.host !== undefined && !hosts.includes(t.host)) {
			c.fail(`${at}.host`, `'${t.host}' is not in hosts`);
		}
		if (t.label !== undefined) c.prose(t.label, `${at}.label`);
		return [t];
	});
}

const PAGE_KEYS = ['title', 'section'];
const EXERCISE_KEYS = [
	...PAGE_KEYS,
	'terminals',
	'setup',
	'hosts',
	'kernel',
	'steps',
	'wrong',
	'backends',
	'backend'
];
const BACKENDS: readonly Backend[] = ['model', 'x86'];

/** The machines an exercise runs on (`backends`, or the `backend` shorthand); `[model]` by default. */
function readBackends(c: Checker, m: Record<string, Raw>): Backend[] {
	if (m.backends !== undefined && m.backend !== undefined) {
		c.fail('backends', "give either 'backends' or 'backend', not both");
	}
	const raw =
		m.backend !== undefined
			? [c.value(m.backend, 'backend', 'string') as string | undefined]
			: m.backends !== undefined
				? ((c.value(m.backends, 'backends', 'strings') as string[] | undefined) ?? [])
				: ['model'];
	const list: Backend[] = [];
	for (const b of raw) {
		if (b === undefined) continue;
		if (!BACKENDS.includes(b as Backend)) c.fail('backends', `'${b}' is not model or x86`);
		else if (list.includes(b as Backend)) c.fail('backends', `'${b}' is given twice`);
		else list.push(b as Backend);
	}
	if (list.length === 0) c.fail('backends', 'expected model, x86 or both');
	return list;
}

/** A check the real machine can answer: it has no kernel snapshot and runs exec in context 0 only. */
function x86Problem(check: Check): string | null {
	if ('not' in check) return x86Problem(check.not);
	if ('output' in check) return null;
	if ('exec' in check) return (check.exec.ctx ?? 0) === 0 ? null : 'exec in a context other than 0';
	if ('file' in check) return (check.file.ctx ?? 0) === 0 ? null : 'file in a context other than 0';
	return `'${Object.keys(check)[0]}' needs the kernel model`;
}

/**
 * Parses and validates one tutorial file. `path` is relative to `tutorials/` (it gives the id).
 * A file whose front matter has `steps` is an exercise; one without is a page. Throws a
 * TutorialError naming every problem: unknown keys, steps without commands, fewer than two
 * steps, sh blocks without `step=`/`no-step`, duplicate ids, placeholder prose, bad checks.
 */
export function parseTutorial(path: string, text: string): Tutorial {
	const c = new Checker();
	const id = tutorialId(path);
	if (id === null) c.fail('', 'path is not NN-chapter/index.md or NN-chapter/NN-name/index.md');
	const split = splitFrontMatter(text);
	if (!split) throw new TutorialError(path, [...c.problems, 'no front matter (--- ... ---)']);
	let fm: Raw;
	try {
		// The failsafe schema keeps every scalar a string (0000000000000000 stays 16 digits);
		// the checker converts each field to the type the schema gives it.
		fm = parseYaml(split.yaml, { schema: 'failsafe', uniqueKeys: true });
	} catch (err) {
		throw new TutorialError(path, [
			...c.problems,
			`front matter: ${err instanceof YAMLError ? err.message.split('\n')[0] : String(err)}`
		]);
	}
	const isExercise = c.isMap(fm) && 'steps' in fm;
	const m = c.map(
		fm,
		'',
		isExercise ? EXERCISE_KEYS : PAGE_KEYS,
		isExercise ? ['title', 'section', 'terminals', 'setup', 'steps'] : ['title', 'section']
	);
	if (!m) throw new TutorialError(path, c.problems);
	const title = (c.value(m.title, 'title', 'string') as string | undefined) ?? '';
	c.prose(title, 'title');
	if (m.title !== undefined && !title.trim()) c.fail('title', 'empty');
	const section = m.section === undefined ? [] : readSections(c, m.section);
	const body = split.body;
	const bodyLine = split.bodyLine;
	body.split('\n').forEach((l, i) => c.prose(l, `line ${bodyLine + i}`));
	const prose = body.replace(/^ {0,3}(`{3,}|~{3,})[^\n]*\n[\s\S]*?^ {0,3}\1\s*$/gm, '').trim();
	if (!prose) c.fail('body', 'no prose');
	const blocks = readBlocks(c, body, bodyLine);
	const plainBlocks = (): CodeBlock[] => blocks.map(({ explicitTerm: _, ...b }) => b);

	if (!isExercise) {
		for (const b of blocks) {
			if (b.step !== null) {
				c.fail(`line ${b.line}`, `a page has no steps, but this block says step=${b.step}`);
			}
		}
		if (c.problems.length > 0) throw new TutorialError(path, c.problems);
		const page: Page = { kind: 'page', id: id!, path, title, section, body, blocks: plainBlocks() };
		return page;
	}

	let hosts = ['main'];
	if (m.hosts !== undefined) {
		const h = c.value(m.hosts, 'hosts', 'strings') as string[] | undefined;
		if (h) {
			for (const x of h) if (!HOST.test(x)) c.fail('hosts', `'${x}' is not a host name`);
			if (new Set(h).size !== h.length) c.fail('hosts', 'duplicate host');
			hosts = h;
		}
	}
	const terminals = readTerminals(c, m.terminals, hosts);
	const setup =
		m.setup === undefined
			? ''
			: ((c.value(m.setup, 'setup', 'string') as string | undefined) ?? '');

	let kernel: 'later' | undefined;
	if (m.kernel !== undefined) {
		const k = c.value(m.kernel, 'kernel', 'string') as string | undefined;
		if (k === 'later') kernel = k;
		else if (k !== undefined) c.fail('kernel', `'${k}' is not a kernel (later)`);
	}

	const backends = readBackends(c, m);
	if (backends.includes('x86')) {
		if (kernel) c.fail('kernel', 'an exercise on x86 runs the real kernel');
		// The real machine restores its saved state as it is: no setup, one host, no contexts.
		if (setup.trim()) c.fail('setup', 'an exercise on x86 has an empty setup');
		if (hosts.length !== 1 || hosts[0] !== 'main') {
			c.fail('hosts', 'an exercise on x86 has only main');
		}
		terminals.forEach((t, i) => {
			if ((t.ctx ?? 0) !== 0) {
				c.fail(`terminals[${i}].ctx`, 'an exercise on x86 starts in context 0');
			}
		});
	}

	const rawSteps = Array.isArray(m.steps) ? m.steps : [];
	if (!Array.isArray(m.steps)) c.fail('steps', 'expected a list');
	else if (rawSteps.length < 2) {
		c.fail('steps', `an exercise has at least two steps (found ${rawSteps.length})`);
	}
	const steps: Step[] = [];
	const seen = new Set<string>();
	rawSteps.forEach((raw, i) => {
		const at = `steps[${i}]`;
		const s = c.map(raw, at, ['id', 'check', 'hint'], ['id', 'check']);
		if (!s) return;
		const sid = c.value(s.id, `${at}.id`, 'string') as string | undefined;
		if (sid === undefined) return;
		if (!STEP_ID.test(sid)) c.fail(`${at}.id`, `'${sid}' is not lower-case words joined by dashes`);
		if (seen.has(sid)) c.fail(`${at}.id`, `duplicate step id '${sid}'`);
		seen.add(sid);
		const checks = s.check === undefined ? [] : readChecks(c, s.check, `${at}.check`);
		if (backends.includes('x86')) {
			checks.forEach((check, k) => {
				const problem = x86Problem(check);
				if (problem) c.fail(`${at}.check[${k}]`, `on x86: ${problem}`);
			});
		}
		steps.push({ id: sid, checks, hints: readHints(c, s.hint, `${at}.hint`), commands: [] });
	});

	// Attach the body's blocks to their steps; the body must follow the steps' order.
	let order = 0;
	for (const b of blocks) {
		if (b.step === null) continue;
		const where = `line ${b.line}`;
		const idx = steps.findIndex((s) => s.id === b.step);
		if (idx === -1) {
			c.fail(where, `step=${b.step} names no step of the front matter`);
			continue;
		}
		if (idx < order) c.fail(where, `step=${b.step} comes after a block of a later step`);
		order = Math.max(order, idx);
		if (terminals.length > 1 && !b.explicitTerm) {
			c.fail(where, 'this exercise has several terminals: say term=N');
		}
		if (b.term > terminals.length) {
			c.fail(where, `term=${b.term}, but the exercise has ${terminals.length} terminal(s)`);
		}
		const cmds = steps[idx]!.commands;
		const last: TypedCommands | undefined = cmds[cmds.length - 1];
		if (last && last.term === b.term) last.lines.push(...b.lines);
		else cmds.push({ term: b.term, lines: [...b.lines] });
	}
	for (const s of steps) {
		if (s.commands.length === 0) {
			c.fail(`step '${s.id}'`, 'no ```sh step= block gives its commands');
		}
	}

	const wrong: WrongRoute[] = [];
	if (m.wrong !== undefined) {
		if (!Array.isArray(m.wrong)) c.fail('wrong', 'expected a list');
		else {
			m.wrong.forEach((raw, i) => {
				const at = `wrong[${i}]`;
				const w = c.fields<WrongRoute>(
					raw,
					at,
					{ run: 'string', fails: 'string', term: 'int', why: 'string' },
					['run', 'fails']
				);
				if (!w) return;
				if (w.run !== undefined && !w.run.trim()) c.fail(`${at}.run`, 'empty');
				if (w.fails !== undefined && !seen.has(w.fails)) {
					c.fail(`${at}.fails`, `'${w.fails}' names no step`);
				}
				if (w.term !== undefined && (w.term < 1 || w.term > terminals.length)) {
					c.fail(`${at}.term`, `no terminal ${w.term}`);
				}
				if (w.why !== undefined) c.prose(w.why, `${at}.why`);
				wrong.push(w);
			});
		}
	}
	if (c.problems.length > 0) throw new TutorialError(path, c.problems);
	const exercise: Exercise = {
		kind: 'exercise',
		id: id!,
		path,
		title,
		section,
		body,
		blocks: plainBlocks(),
		terminals,
		setup,
		hosts,
		...(kernel ? { kernel } : {}),
		steps,
		wrong,
		backends
	};
	return exercise;
}

/** The lines a wrong route types: its `run`, one line per line, blank lines left out. */
export function wrongRouteLines(w: WrongRoute): string[] {
	return w.run
		.split('\n')
		.map((l) => l.replace(/\s+$/, ''))
		.filter((l) => l.trim() !== '');
}

/** The terminal a wrong route types into: its own `term`, or the failing step's first. */
export function wrongRouteTerm(exercise: Exercise, w: WrongRoute): number {
	return w.term ?? exercise.steps.find((s) => s.id === w.fails)?.commands[0]?.term ?? 1;
}
