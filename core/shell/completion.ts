// Tab completion for the line editor, as readline does it for bash: command names in command
// position, file names elsewhere, the common prefix on the first Tab and the list on the second.
// Loaded the first time Tab is pressed, so the worker's first chunk does without it.
import { O_RDONLY, S_IFDIR, S_IFMT, isErrno } from '../syscalls/index.ts';
import { width, type Editor } from './line-editor.ts';

/** readline's completion-query-items. */
const QUERY_ITEMS = 100;
/** readline's default word break characters for completion. */
const BREAK_CHARS = ' \t\n"\\\'`@$><=;|&{(';
/** Characters a completed file name gets a backslash before. */
const QUOTE_CHARS = /[ \t\n"\\'`@$><=;|&{()}*?[\]!#~]/g;

function commonPrefix(list: string[]): string {
	if (list.length === 0) return '';
	let p = list[0]!;
	for (const s of list) {
		let i = 0;
		while (i < p.length && i < s.length && p[i] === s[i]) i++;
		p = p.slice(0, i);
	}
	return p;
}

/** Tab: completes the word before the cursor (a second Tab lists the candidates). */
export async function complete(ed: Editor, double: boolean): Promise<void> {
	let start = ed.cur;
	while (start > 0 && !BREAK_CHARS.includes(ed.buf[start - 1]!)) start--;
	const word = ed.buf.slice(start, ed.cur);
	const before = ed.buf.slice(0, start).replace(/[ \t]+$/, '');
	const commandPos = !word.includes('/') && (before === '' || /(^|[;|&(`]|\$\()$/.test(before));
	const { names, dirs } = commandPos ? await commands(ed, word) : await files(ed, word);
	if (names.length === 0) {
		ed.bell();
		return;
	}
	const prefix = commonPrefix(names);
	if (names.length === 1) {
		const name = names[0]!;
		const isDir = dirs.has(name);
		const quoted = commandPos ? name : quoteName(name, word);
		replaceWord(ed, start, quoted + (isDir ? '/' : ' '));
		return;
	}
	if (prefix.length > word.length) {
		replaceWord(ed, start, commandPos ? prefix : quoteName(prefix, word));
		return;
	}
	if (!double) {
		ed.bell();
		return;
	}
	await list(
		ed,
		names.map((n) => n.slice(n.lastIndexOf('/', n.length - 2) + 1))
	);
}

function replaceWord(ed: Editor, start: number, text: string): void {
	const tail = ed.buf.slice(ed.cur);
	ed.buf = ed.buf.slice(0, start) + text + tail;
	const old = ed.cur;
	ed.cur = start + text.length;
	ed.refresh(Math.min(start, old));
}

async function list(ed: Editor, names: string[]): Promise<void> {
	names = [...new Set(names)].sort();
	ed.cur = ed.buf.length;
	ed.placeCursor();
	ed.out += '\n';
	if (names.length >= QUERY_ITEMS) {
		ed.out += `Display all ${names.length} possibilities? (y or n)`;
		await ed.flush();
		let answer = '';
		for (;;) {
			const r = await ed.sys.read(0, 1);
			if (isErrno(r)) {
				if (r.name === 'EINTR') continue;
				break;
			}
			if (r === '' || 'yYnN \x7f\x03'.includes(r)) {
				answer = r;
				break;
			}
			ed.bell();
			await ed.flush();
		}
		ed.out += '\n';
		if (answer !== 'y' && answer !== 'Y' && answer !== ' ') {
			ed.pos = 0;
			ed.pending = false;
			ed.redrawAll();
			return;
		}
	}
	const max = Math.max(...names.map(width));
	const colWidth = max + 2;
	const perLine = Math.max(1, Math.floor(ed.cols / colWidth));
	const lines = Math.ceil(names.length / perLine);
	for (let r = 0; r < lines; r++) {
		let line = '';
		for (let c = 0; c < perLine; c++) {
			const i = r + c * lines;
			if (i >= names.length) break;
			const n = names[i]!;
			const last = c === perLine - 1 || i + lines >= names.length;
			line += last ? n : n + ' '.repeat(colWidth - width(n));
		}
		ed.out += line + '\n';
	}
	ed.pos = 0;
	ed.pending = false;
	ed.redrawAll();
}

async function commands(ed: Editor, word: string): Promise<{ names: string[]; dirs: Set<string> }> {
	const names = new Set(ed.host.commandNames().filter((n) => n.startsWith(word)));
	for (const dir of (ed.host.lookup('PATH') ?? '').split(':')) {
		for (const e of await readDir(ed, dir || '.')) {
			if (!e.startsWith(word) || e === '.' || e === '..') continue;
			const st = await ed.sys.stat(`${dir || '.'}/${e}`);
			if (!isErrno(st) && (st.mode & S_IFMT) !== S_IFDIR && st.mode & 0o111) names.add(e);
		}
	}
	return { names: [...names].sort(), dirs: new Set() };
}

async function files(ed: Editor, word: string): Promise<{ names: string[]; dirs: Set<string> }> {
	const raw = unquoteWord(word);
	const slash = raw.lastIndexOf('/');
	const dirPart = slash === -1 ? '' : raw.slice(0, slash + 1);
	const base = raw.slice(slash + 1);
	let dir = dirPart === '' ? '.' : dirPart;
	if (dir.startsWith('~/') || dir === '~/') dir = (ed.host.lookup('HOME') ?? '') + dir.slice(1);
	const names: string[] = [];
	const dirs = new Set<string>();
	for (const e of await readDir(ed, dir)) {
		if (!e.startsWith(base)) continue;
		if ((e === '.' || e === '..') && base !== '.' && base !== '..') continue;
		if (e.startsWith('.') && !base.startsWith('.')) continue;
		const full = dirPart + e;
		names.push(full);
	}
	names.sort();
	if (names.length <= 1) {
		for (const n of names) {
			const path = n.startsWith('~/') ? (ed.host.lookup('HOME') ?? '') + n.slice(1) : n;
			const st = await ed.sys.stat(path);
			if (!isErrno(st) && (st.mode & S_IFMT) === S_IFDIR) dirs.add(n);
		}
	}
	return { names, dirs };
}

async function readDir(ed: Editor, dir: string): Promise<string[]> {
	const fd = await ed.sys.open(dir, O_RDONLY);
	if (isErrno(fd)) return [];
	const ents = await ed.sys.getdents(fd);
	await ed.sys.close(fd);
	return isErrno(ents) ? [] : ents.map((e) => e.name);
}

/** A name as it goes into the line: special characters quoted with backslashes. */
function quoteName(name: string, typed: string): string {
	if (typed.startsWith("'") || typed.startsWith('"')) return typed[0] + name;
	return name.replace(QUOTE_CHARS, (c, i: number) => (c === '~' && i === 0 ? c : '\\' + c));
}

function unquoteWord(w: string): string {
	return w.replace(/^['"]/, '').replace(/\\(.)/g, '$1');
}
