// Build-time list of the model's departures from the 2003 system: every `SIMPLIFIED:` and
// `CHOICE:` remark in the comments of core/ (TypeScript comments and the comments of the shell
// scripts it ships), grouped by area and file, as markdown for the course's "How faithful is
// this?" page. Pure functions plus one directory walk; no Vite here.

/** The line a course page writes where the generated list goes. */
export const DEPARTURES_MARKER = '<!-- departures from the 2003 system -->';

/** One remark: a simplification (less than the original does) or a choice (where facts ran out). */
export interface Departure {
	kind: 'SIMPLIFIED' | 'CHOICE';
	/** Path from the repository root, e.g. `core/kernel/context.ts`. */
	file: string;
	/** 1-based line of the marker. */
	line: number;
	/** The remark from the word after the marker to the end of its comment, on one line. */
	text: string;
	/** The sentence of the same comment just before the marker, when there is one: what it is about. */
	context: string;
}

const MARKER = /\b(SIMPLIFIED|CHOICE):\s*/;

/** How a comment line starts: `//`, ` * ` inside a block, or `#` in a shell script. */
function commentBody(line: string): { style: 'line' | 'block' | 'hash'; body: string } | null {
	const t = line.trim();
	if (t.startsWith('//')) return { style: 'line', body: t.slice(2).trim() };
	if (t.startsWith('/*')) return { style: 'block', body: t.replace(/^\/\*+/, '').trim() };
	if (t.startsWith('*') && !t.startsWith('*/')) return { style: 'block', body: t.slice(1).trim() };
	if (t.startsWith('#') && !t.startsWith('#!')) return { style: 'hash', body: t.slice(1).trim() };
	return null;
}

/** Cuts a remark written in parentheses, `(SIMPLIFIED: ...)`, at its closing parenthesis. */
function closeParen(text: string): string {
	let depth = 1;
	for (let i = 0; i < text.length; i++) {
		if (text[i] === '(') depth++;
		else if (text[i] === ')' && --depth === 0) return text.slice(0, i);
	}
	return text;
}

/** The longest context kept; a longer sentence is left out rather than cut. */
const MAX_CONTEXT = 240;

/**
 * The last sentence of the comment before a marker at `col` of line `i` (its own line from the
 * comment's opener, then earlier lines of the same comment), or '' when the marker opens it.
 */
function contextBefore(
	lines: string[],
	i: number,
	col: number,
	style: 'line' | 'block' | 'hash',
	inParens: boolean
): string {
	const line = lines[i]!;
	const opener = style === 'line' ? line.lastIndexOf('//', col) : -1;
	const head = commentBody(opener >= 0 ? line.slice(opener, col) : line.slice(0, col));
	const parts = [(head?.body ?? '').replace(/\($/, '')];
	const opened = style === 'block' ? line.slice(0, col).includes('/*') : opener > 0;
	for (let j = i - 1; !opened && j >= 0; j--) {
		const prev = commentBody(lines[j]!);
		if (!prev || prev.style !== style || prev.body === '' || MARKER.test(prev.body)) break;
		parts.unshift(prev.body);
		if (style === 'block' && lines[j]!.includes('/*')) break;
	}
	const before = parts.join(' ').replace(/\s+/g, ' ').trim();
	if (!before) return '';
	const sentences = before.split(/(?<=[.;:!?])\s+(?=[A-Z`(/])/);
	const last = sentences[sentences.length - 1]!.trim();
	if (inParens && !/[.;:!?]$/.test(last)) return last.length <= MAX_CONTEXT ? last : '';
	return last.length <= MAX_CONTEXT ? last : '';
}

/** The remarks of one source file. */
export function findDepartures(source: string, file: string): Departure[] {
	const lines = source.split('\n');
	const out: Departure[] = [];
	for (let i = 0; i < lines.length; i++) {
		const line = lines[i]!;
		const m = MARKER.exec(line);
		if (!m) continue;
		const before = line.slice(0, m.index);
		// Only comments count: a marker inside code or a string is not a remark.
		const trailing = before.lastIndexOf('//');
		const own = commentBody(line);
		const style = trailing >= 0 && !own ? 'line' : own?.style;
		if (!style) continue;
		const inParens = before.trimEnd().endsWith('(');
		const parts = [line.slice(m.index + m[0].length)];
		let ended = style === 'block' && parts[0]!.includes('*/');
		for (let j = i + 1; !ended && !inParens && j < lines.length; j++) {
			const next = commentBody(lines[j]!);
			if (!next || next.style !== style || next.body === '' || MARKER.test(next.body)) break;
			parts.push(next.body);
			if (style === 'block' && lines[j]!.includes('*/')) ended = true;
		}
		let text = parts.join(' ').replace(/\*\/.*$/, '');
		if (inParens) text = closeParen(text);
		text = text.replace(/\s+/g, ' ').trim();
		const context = contextBefore(lines, i, m.index, style, inParens);
		if (text) out.push({ kind: m[1] as Departure['kind'], file, line: i + 1, text, context });
	}
	return out;
}

/** The file-system calls the walk needs; pass `node:fs` itself. */
export interface WalkFs {
	readdirSync(path: string): string[];
	statSync(path: string): { isDirectory(): boolean };
	readFileSync(path: string, encoding: 'utf8'): string;
}

/** Every remark under `root/core`, tests and test helpers left out, in path order. */
export function collectDepartures(root: string, fs: WalkFs): Departure[] {
	const out: Departure[] = [];
	const walk = (rel: string): void => {
		for (const name of fs.readdirSync(`${root}/${rel}`).sort()) {
			const path = `${rel}/${name}`;
			if (fs.statSync(`${root}/${path}`).isDirectory()) walk(path);
			else if (/\.ts$/.test(name) && !/\.test\.ts$|^test-helpers\.ts$|\.d\.ts$/.test(name)) {
				out.push(...findDepartures(fs.readFileSync(`${root}/${path}`, 'utf8'), path));
			}
		}
	};
	walk('core');
	return out;
}

/** The areas of core/, in the order the page lists them. */
const AREAS: [prefix: string, title: string][] = [
	['core/kernel/', 'Kernel'],
	['core/syscalls/', 'System calls'],
	['core/shell/', 'Shell'],
	['core/userland/', 'Programs'],
	['core/image/', 'Files, services and scripts of the distribution'],
	['core/', 'Machine, runner and course engine']
];

/** Markdown-escapes prose, leaving `code` spans as they are. */
function escapeProse(text: string): string {
	return text
		.split(/(`[^`]*`)/)
		.map((part, i) => (i % 2 === 1 ? part : part.replace(/([\\*_[\]<>|#])/g, '\\$1')))
		.join('');
}

/** The remarks as markdown: a heading per area, then per file a list of remarks. */
export function departuresMarkdown(list: Departure[]): string {
	const count = (kind: Departure['kind']) => list.filter((d) => d.kind === kind).length;
	const lines: string[] = [
		`The model's source holds ${list.length} such remarks today: ` +
			`${count('SIMPLIFIED')} simplifications and ${count('CHOICE')} choices.`,
		''
	];
	const done = new Set<Departure>();
	for (const [prefix, title] of AREAS) {
		const inArea = list.filter((d) => !done.has(d) && d.file.startsWith(prefix));
		if (inArea.length === 0) continue;
		lines.push(`## ${title}`, '');
		const files = [...new Set(inArea.map((d) => d.file))];
		for (const file of files) {
			lines.push(`**${file}**`, '');
			for (const d of inArea.filter((x) => x.file === file)) {
				done.add(d);
				const label = d.kind === 'SIMPLIFIED' ? 'Simplified' : 'Choice';
				const context = d.context ? `${escapeProse(d.context)} ` : '';
				lines.push(`- ${context}*${label}:* ${escapeProse(d.text)} (line ${d.line})`);
			}
			lines.push('');
		}
	}
	return lines.join('\n');
}

/** A page body with the marker line replaced by the list; other bodies unchanged. */
export function withDepartures(body: string, list: () => Departure[]): string {
	if (!body.includes(DEPARTURES_MARKER)) return body;
	return body.replace(DEPARTURES_MARKER, () => departuresMarkdown(list()));
}
