// Interactive line editing on the terminal, as readline does it for bash: raw mode while a line is
// typed, cursor keys, history (arrows, ^P ^N, ^R), kill and yank (^U ^K ^W ^Y), ^A ^E ^L, Tab
// completion of commands and paths, ^C to cancel and ^D to end input. Output goes to stderr.
import {
	ECHO,
	ICANON,
	IEXTEN,
	ISIG,
	IXON,
	O_RDONLY,
	S_IFDIR,
	S_IFMT,
	TCGETS,
	TCSETS,
	TIOCGWINSZ,
	VMIN,
	isErrno,
	type Errno,
	type Sys,
	type Termios
} from '../syscalls/index.ts';

export type LineResult = { kind: 'line'; text: string } | { kind: 'eof' } | { kind: 'interrupt' };

/** What the editor needs from the shell. */
export interface EditorHost {
	readonly sys: Sys;
	readonly history: readonly string[];
	/** Command names for completion: aliases, keywords, functions, builtins. */
	commandNames(): string[];
	lookup(name: string): string | undefined;
	/** A signal interrupted the read (SIGCHLD): the shell reaps its children. */
	onSignal(): Promise<void>;
	/** The next byte typed on fd 0. */
	readInput(): Promise<string | Errno>;
}

/** readline's completion-query-items. */
const QUERY_ITEMS = 100;
/** readline's default word break characters for completion. */
const BREAK_CHARS = ' \t\n"\\\'`@$><=;|&{(';
/** Characters a completed file name gets a backslash before. */
const QUOTE_CHARS = /[ \t\n"\\'`@$><=;|&{()}*?[\]!#~]/g;

/** Visible width of machine bytes (UTF-8 continuation bytes take no column). */
function width(s: string): number {
	let n = 0;
	for (let i = 0; i < s.length; i++) {
		const c = s.charCodeAt(i);
		if (c < 0x80 || c >= 0xc0) n++;
	}
	return n;
}

/** How the line shows: control characters as ^X (a recalled multi-line command shows ^J). */
function vis(s: string): string {
	return /[\x00-\x1f\x7f]/.test(s)
		? s.replace(/[\x00-\x1f\x7f]/g, (c) => '^' + String.fromCharCode(c.charCodeAt(0) ^ 0x40))
		: s;
}

/** The prompt without readline's invisible-text markers (\x01 ... \x02), and its width. */
function promptParts(prompt: string): { text: string; width: number } {
	const text = prompt.replace(/[\x01\x02]/g, '');
	const visible = prompt.replace(/\x01[^\x02]*\x02/g, '');
	const lastLine = visible.slice(visible.lastIndexOf('\n') + 1);
	return { text, width: width(lastLine) };
}

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

class Editor {
	private readonly host: EditorHost;
	private readonly sys: Sys;
	private buf = '';
	private cur = 0;
	private out = '';
	private cols = 80;
	private prompt: { text: string; width: number };
	/** Where the terminal cursor is, as an offset from the start of the prompt's last line. */
	private pos = 0;
	/** The cursor sits in the last column with a wrap pending (xterm's deferred wrap). */
	private pending = false;
	/** Columns drawn on screen after the prompt (to know what to clear). */
	private drawn = 0;
	private histIndex: number;
	private saved = '';
	private killRing = '';
	private lastKey = '';
	private search: { query: string; index: number; failed: boolean; original: string } | null = null;

	constructor(host: EditorHost, prompt: string) {
		this.host = host;
		this.sys = host.sys;
		this.prompt = promptParts(prompt);
		this.histIndex = host.history.length;
	}

	// ---- Terminal output -----------------------------------------------------------------------

	private flush(): Promise<unknown> {
		if (!this.out) return Promise.resolve();
		const o = this.out;
		this.out = '';
		return this.sys.write(2, o);
	}

	/** Writes text at the cursor, following the cursor across wraps. */
	private emit(text: string): void {
		this.out += text;
		const w = width(text);
		if (w === 0) return;
		const start = this.pos;
		this.pos += w;
		// After writing into the last column the terminal defers the wrap.
		this.pending = this.pos % this.cols === 0 && this.pos > start;
	}

	/** Moves the terminal cursor to offset `to` (not past the drawn text). */
	private moveTo(to: number): void {
		const cols = this.cols;
		let row = Math.floor(this.pos / cols);
		let col = this.pos % cols;
		if (this.pending) {
			row--;
			col = cols - 1;
		}
		const trow = Math.floor(to / cols);
		const tcol = to % cols;
		if (trow === row && tcol === col) return;
		if (trow === row && tcol < col && col - tcol <= 4) this.out += '\b'.repeat(col - tcol);
		else {
			if (trow < row) this.out += `\x1b[${row - trow}A`;
			else if (trow > row) this.out += `\x1b[${trow - row}B`;
			this.out += '\r';
			if (tcol > 0) this.out += `\x1b[${tcol}C`;
		}
		this.pos = to;
		this.pending = false;
	}

	private offset(index: number): number {
		return this.prompt.width + width(vis(this.buf.slice(0, index)));
	}

	/** Redraws the line from `from` to the end, clears what was left over, puts the cursor back. */
	private refresh(from = 0): void {
		this.moveTo(this.offset(from));
		const rest = this.buf.slice(from);
		this.emit(vis(rest));
		const end = this.prompt.width + width(vis(this.buf));
		if (end < this.drawn) this.out += '\x1b[J';
		this.drawn = end;
		this.placeCursor();
	}

	private placeCursor(): void {
		const target = this.offset(this.cur);
		const end = this.prompt.width + width(vis(this.buf));
		if (target === end && this.pending && this.pos === end) return;
		if (target === end && end % this.cols === 0 && end > 0 && this.cur > 0) {
			// The end of the text fills a line: stand in the deferred-wrap position after its last byte.
			this.moveTo(this.offset(this.cur - 1));
			this.emit(vis(this.buf.slice(this.cur - 1, this.cur)));
			return;
		}
		this.moveTo(target);
	}

	/** Prompt and line again, from a fresh line (after ^L or a completion listing). */
	private redrawAll(): void {
		this.out += this.prompt.text;
		this.pos = this.prompt.width;
		this.pending = this.pos % this.cols === 0 && this.pos > 0;
		this.drawn = this.pos;
		this.refresh(0);
	}

	private bell(): void {
		this.out += '\x07';
	}

	// ---- Editing -------------------------------------------------------------------------------

	private insert(text: string): void {
		if (text === '') return;
		const atEnd = this.cur === this.buf.length;
		this.buf = this.buf.slice(0, this.cur) + text + this.buf.slice(this.cur);
		this.cur += text.length;
		if (atEnd && this.pos === this.offset(this.cur - text.length) && !this.pending) {
			this.emit(vis(text));
			this.drawn = Math.max(this.drawn, this.pos);
			return;
		}
		if (atEnd && this.pending && this.pos === this.offset(this.cur - text.length)) {
			this.emit(vis(text));
			this.drawn = Math.max(this.drawn, this.pos);
			return;
		}
		this.refresh(this.cur - text.length);
	}

	private deleteRange(from: number, to: number, kill: boolean): void {
		if (to <= from) return;
		if (kill) this.killRing = this.buf.slice(from, to);
		this.buf = this.buf.slice(0, from) + this.buf.slice(to);
		this.cur = from;
		this.refresh(from);
	}

	private setLine(text: string): void {
		this.moveTo(this.prompt.width);
		this.buf = text;
		this.cur = text.length;
		this.refresh(0);
	}

	private wordStartBefore(i: number, breaks: (c: string) => boolean): number {
		while (i > 0 && breaks(this.buf[i - 1]!)) i--;
		while (i > 0 && !breaks(this.buf[i - 1]!)) i--;
		return i;
	}

	private wordEndAfter(i: number): number {
		const alnum = (c: string): boolean => /[A-Za-z0-9]/.test(c);
		while (i < this.buf.length && !alnum(this.buf[i]!)) i++;
		while (i < this.buf.length && alnum(this.buf[i]!)) i++;
		return i;
	}

	private history(delta: number): void {
		const h = this.host.history;
		const next = this.histIndex + delta;
		if (next < 0 || next > h.length) {
			this.bell();
			return;
		}
		if (this.histIndex === h.length) this.saved = this.buf;
		this.histIndex = next;
		this.setLine(next === h.length ? this.saved : h[next]!);
	}

	// ---- Reverse search (^R) -------------------------------------------------------------------

	private searchPrompt(): string {
		const s = this.search!;
		return `(${s.failed ? 'failed ' : ''}reverse-i-search)\`${s.query}': `;
	}

	private drawSearch(): void {
		this.moveTo(0);
		this.out += '\r\x1b[J';
		const p = this.searchPrompt();
		this.out += p + vis(this.buf);
		this.pos = width(p) + width(vis(this.buf));
		this.pending = this.pos % this.cols === 0 && this.pos > 0;
		this.drawn = this.pos;
		const at = this.search!.query ? this.buf.indexOf(this.search!.query) : this.buf.length;
		this.cur = Math.max(0, at);
		this.moveTo(width(p) + width(vis(this.buf.slice(0, this.cur))));
	}

	private searchFrom(start: number): void {
		const s = this.search!;
		const h = this.host.history;
		for (let i = Math.min(start, h.length - 1); i >= 0; i--) {
			if (h[i]!.includes(s.query)) {
				s.index = i;
				s.failed = false;
				this.buf = h[i]!;
				return;
			}
		}
		s.failed = true;
		this.bell();
	}

	/** Leaves search mode with the found line under the normal prompt. */
	private endSearch(): void {
		const cur = this.cur;
		this.search = null;
		this.moveTo(0);
		this.out += '\r\x1b[J';
		this.pos = 0;
		this.pending = false;
		this.drawn = 0;
		this.redrawAll();
		this.cur = cur;
		this.placeCursor();
	}

	/** A key while searching; true when it was consumed. */
	private searchKey(key: string): boolean {
		const s = this.search!;
		if (key === '\x12') {
			this.searchFrom(s.index - 1);
			this.drawSearch();
			return true;
		}
		if (key === '\x07' || key === '\x03') {
			this.buf = s.original;
			this.cur = this.buf.length;
			this.endSearch();
			// ^G only leaves the search; ^C then also abandons the line.
			return key === '\x07';
		}
		if (key === '\x7f' || key === '\x08') {
			s.query = s.query.slice(0, -1);
			this.searchFrom(this.host.history.length - 1);
			if (!s.query) this.buf = s.original;
			this.drawSearch();
			return true;
		}
		if (key.length === 1 && key >= ' ' && key !== '\x7f') {
			s.query += key;
			this.searchFrom(s.index >= 0 ? s.index : this.host.history.length - 1);
			this.drawSearch();
			return true;
		}
		this.endSearch();
		return false;
	}

	// ---- Completion ----------------------------------------------------------------------------

	private async complete(double: boolean): Promise<void> {
		let start = this.cur;
		while (start > 0 && !BREAK_CHARS.includes(this.buf[start - 1]!)) start--;
		const word = this.buf.slice(start, this.cur);
		const before = this.buf.slice(0, start).replace(/[ \t]+$/, '');
		const commandPos = !word.includes('/') && (before === '' || /(^|[;|&(`]|\$\()$/.test(before));
		const { names, dirs } = commandPos ? await this.commands(word) : await this.files(word);
		if (names.length === 0) {
			this.bell();
			return;
		}
		const prefix = commonPrefix(names);
		if (names.length === 1) {
			const name = names[0]!;
			const isDir = dirs.has(name);
			const quoted = commandPos ? name : quoteName(name, word);
			this.replaceWord(start, quoted + (isDir ? '/' : ' '));
			return;
		}
		if (prefix.length > word.length) {
			this.replaceWord(start, commandPos ? prefix : quoteName(prefix, word));
			return;
		}
		if (!double) {
			this.bell();
			return;
		}
		await this.list(names.map((n) => n.slice(n.lastIndexOf('/', n.length - 2) + 1)));
	}

	private replaceWord(start: number, text: string): void {
		const tail = this.buf.slice(this.cur);
		this.buf = this.buf.slice(0, start) + text + tail;
		const old = this.cur;
		this.cur = start + text.length;
		this.refresh(Math.min(start, old));
	}

	private async list(names: string[]): Promise<void> {
		names = [...new Set(names)].sort();
		this.cur = this.buf.length;
		this.placeCursor();
		this.out += '\n';
		if (names.length >= QUERY_ITEMS) {
			this.out += `Display all ${names.length} possibilities? (y or n)`;
			await this.flush();
			let answer = '';
			for (;;) {
				const r = await this.sys.read(0, 1);
				if (isErrno(r)) {
					if (r.name === 'EINTR') continue;
					break;
				}
				if (r === '' || 'yYnN \x7f\x03'.includes(r)) {
					answer = r;
					break;
				}
				this.bell();
				await this.flush();
			}
			this.out += '\n';
			if (answer !== 'y' && answer !== 'Y' && answer !== ' ') {
				this.pos = 0;
				this.pending = false;
				this.redrawAll();
				return;
			}
		}
		const max = Math.max(...names.map(width));
		const colWidth = max + 2;
		const perLine = Math.max(1, Math.floor(this.cols / colWidth));
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
			this.out += line + '\n';
		}
		this.pos = 0;
		this.pending = false;
		this.redrawAll();
	}

	private async commands(word: string): Promise<{ names: string[]; dirs: Set<string> }> {
		const names = new Set(this.host.commandNames().filter((n) => n.startsWith(word)));
		for (const dir of (this.host.lookup('PATH') ?? '').split(':')) {
			for (const e of await this.readDir(dir || '.')) {
				if (!e.startsWith(word) || e === '.' || e === '..') continue;
				const st = await this.sys.stat(`${dir || '.'}/${e}`);
				if (!isErrno(st) && (st.mode & S_IFMT) !== S_IFDIR && st.mode & 0o111) names.add(e);
			}
		}
		return { names: [...names].sort(), dirs: new Set() };
	}

	private async files(word: string): Promise<{ names: string[]; dirs: Set<string> }> {
		const raw = unquoteWord(word);
		const slash = raw.lastIndexOf('/');
		const dirPart = slash === -1 ? '' : raw.slice(0, slash + 1);
		const base = raw.slice(slash + 1);
		let dir = dirPart === '' ? '.' : dirPart;
		if (dir.startsWith('~/') || dir === '~/') dir = (this.host.lookup('HOME') ?? '') + dir.slice(1);
		const names: string[] = [];
		const dirs = new Set<string>();
		for (const e of await this.readDir(dir)) {
			if (!e.startsWith(base)) continue;
			if ((e === '.' || e === '..') && base !== '.' && base !== '..') continue;
			if (e.startsWith('.') && !base.startsWith('.')) continue;
			const full = dirPart + e;
			names.push(full);
		}
		names.sort();
		if (names.length <= 1) {
			for (const n of names) {
				const path = n.startsWith('~/') ? (this.host.lookup('HOME') ?? '') + n.slice(1) : n;
				const st = await this.sys.stat(path);
				if (!isErrno(st) && (st.mode & S_IFMT) === S_IFDIR) dirs.add(n);
			}
		}
		return { names, dirs };
	}

	private async readDir(dir: string): Promise<string[]> {
		const fd = await this.sys.open(dir, O_RDONLY);
		if (isErrno(fd)) return [];
		const ents = await this.sys.getdents(fd);
		await this.sys.close(fd);
		return isErrno(ents) ? [] : ents.map((e) => e.name);
	}

	// ---- The key loop --------------------------------------------------------------------------

	/** Handles one key (a byte or an escape sequence); returns a result when the line is done. */
	private async key(k: string): Promise<LineResult | null> {
		if (this.search && this.searchKey(k)) return null;
		const prev = this.lastKey;
		this.lastKey = k;
		switch (k) {
			case '\r':
			case '\n':
				this.cur = this.buf.length;
				this.placeCursor();
				this.out += '\n';
				return { kind: 'line', text: this.buf };
			case '\x03':
				this.cur = this.buf.length;
				this.placeCursor();
				this.out += '\n';
				return { kind: 'interrupt' };
			case '\x04':
				if (this.buf === '') return { kind: 'eof' };
				this.deleteRange(this.cur, this.cur + 1, false);
				return null;
			case '\x7f':
			case '\x08':
				if (this.cur === 0) this.bell();
				else this.deleteRange(this.cur - 1, this.cur, false);
				return null;
			case '\x1b[3~':
				this.deleteRange(this.cur, this.cur + 1, false);
				return null;
			case '\x01':
			case '\x1b[H':
			case '\x1bOH':
			case '\x1b[1~':
			case '\x1b[7~':
				this.cur = 0;
				this.placeCursor();
				return null;
			case '\x05':
			case '\x1b[F':
			case '\x1bOF':
			case '\x1b[4~':
			case '\x1b[8~':
				this.cur = this.buf.length;
				this.placeCursor();
				return null;
			case '\x02':
			case '\x1b[D':
			case '\x1bOD':
				if (this.cur > 0) this.cur--;
				this.placeCursor();
				return null;
			case '\x06':
			case '\x1b[C':
			case '\x1bOC':
				if (this.cur < this.buf.length) this.cur++;
				this.placeCursor();
				return null;
			case '\x1bb':
				this.cur = this.wordStartBefore(this.cur, (c) => !/[A-Za-z0-9]/.test(c));
				this.placeCursor();
				return null;
			case '\x1bf':
				this.cur = this.wordEndAfter(this.cur);
				this.placeCursor();
				return null;
			case '\x1bd':
				this.deleteRange(this.cur, this.wordEndAfter(this.cur), true);
				return null;
			case '\x1b\x7f':
				this.deleteRange(
					this.wordStartBefore(this.cur, (c) => !/[A-Za-z0-9]/.test(c)),
					this.cur,
					true
				);
				return null;
			case '\x0b':
				this.deleteRange(this.cur, this.buf.length, true);
				return null;
			case '\x15':
				this.deleteRange(0, this.cur, true);
				return null;
			case '\x17':
				this.deleteRange(
					this.wordStartBefore(this.cur, (c) => c === ' ' || c === '\t'),
					this.cur,
					true
				);
				return null;
			case '\x19':
				this.insert(this.killRing);
				return null;
			case '\x14':
				if (this.cur > 0 && this.buf.length >= 2) {
					const at = this.cur === this.buf.length ? this.cur - 1 : this.cur;
					const b = this.buf;
					this.buf = b.slice(0, at - 1) + b[at] + b[at - 1] + b.slice(at + 1);
					this.cur = at + 1;
					this.refresh(at - 1);
				}
				return null;
			case '\x0c':
				this.out += '\x1b[H\x1b[2J';
				this.pos = 0;
				this.pending = false;
				this.redrawAll();
				return null;
			case '\x10':
			case '\x1b[A':
			case '\x1bOA':
				this.history(-1);
				return null;
			case '\x0e':
			case '\x1b[B':
			case '\x1bOB':
				this.history(1);
				return null;
			case '\x12':
				this.search = {
					query: '',
					index: this.host.history.length,
					failed: false,
					original: this.buf
				};
				this.drawSearch();
				return null;
			case '\t':
				await this.complete(prev === '\t');
				return null;
		}
		if (k.length === 1 && (k >= ' ' || k.charCodeAt(0) >= 0x80) && k !== '\x7f') {
			this.insert(k);
			return null;
		}
		// Other control keys and unknown sequences do nothing (^Z and ^\ included: ISIG is off).
		if (k.length === 1 && k !== '\x1a' && k !== '\x1c') this.bell();
		return null;
	}

	async run(): Promise<LineResult> {
		const ws = await this.sys.ioctl(0, TIOCGWINSZ);
		if (!isErrno(ws)) this.cols = Math.max(1, (ws as { cols: number }).cols);
		this.out += this.prompt.text;
		this.pos = this.prompt.width;
		this.pending = this.pos % this.cols === 0 && this.pos > 0;
		this.drawn = this.pos;
		let pendingEsc = '';
		for (;;) {
			await this.flush();
			const r = await this.host.readInput();
			if (isErrno(r)) {
				if (r.name === 'EINTR') {
					await this.host.onSignal();
					continue;
				}
				return { kind: 'eof' };
			}
			if (r === '') return { kind: 'eof' };
			let data = pendingEsc + r;
			pendingEsc = '';
			while (data.length > 0) {
				let k = data[0]!;
				if (k === '\x1b') {
					const m = /^\x1b(\[[0-9;]*[A-Za-z~]|O[A-Za-z]|[\x20-\x4e\x50-\x5a\x5c-\x7f])/.exec(data);
					if (!m) {
						if (/^\x1b(\[[0-9;]*|O)?$/.test(data)) {
							pendingEsc = data;
							break;
						}
						k = '\x1b';
					} else k = m[0];
				}
				data = data.slice(k.length);
				const res = await this.key(k);
				if (res) {
					await this.flush();
					return res;
				}
			}
		}
	}
}

/** A name as it goes into the line: special characters quoted with backslashes. */
function quoteName(name: string, typed: string): string {
	if (typed.startsWith("'") || typed.startsWith('"')) return typed[0] + name;
	return name.replace(QUOTE_CHARS, (c, i: number) => (c === '~' && i === 0 ? c : '\\' + c));
}

function unquoteWord(w: string): string {
	return w.replace(/^['"]/, '').replace(/\\(.)/g, '$1');
}

/**
 * Reads one line from the terminal on fd 0 with editing. The terminal is in raw mode only while
 * the line is typed; its modes are restored before the line is returned.
 */
export async function readLine(host: EditorHost, prompt: string): Promise<LineResult> {
	const sys = host.sys;
	const t = await sys.ioctl(0, TCGETS);
	if (isErrno(t)) return { kind: 'eof' };
	const saved = t as Termios;
	const raw: Termios = { ...saved, cc: [...saved.cc] };
	raw.lflag &= ~(ICANON | ECHO | ISIG | IEXTEN);
	raw.iflag &= ~IXON;
	raw.cc[VMIN] = 1;
	await sys.ioctl(0, TCSETS, raw);
	try {
		return await new Editor(host, prompt).run();
	} finally {
		await sys.ioctl(0, TCSETS, saved);
	}
}
