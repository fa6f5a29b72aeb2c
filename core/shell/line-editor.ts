// Interactive line editing on the terminal, as readline does it for bash: raw mode while a line is
// typed, cursor keys, history (arrows, ^P ^N, ^R), kill and yank (^U ^K ^W ^Y), ^A ^E ^L, Tab
// completion of commands and paths, ^C to cancel and ^D to end input. Output goes to stderr.
import {
	ECHO,
	ICANON,
	IEXTEN,
	ISIG,
	IXON,
	TCGETS,
	TCSETS,
	TIOCGWINSZ,
	VMIN,
	isErrno,
	type Errno,
	type Sys,
	type Termios
} from '../syscalls/index.ts';

import type * as Search from './search.ts';

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

/** Visible width of machine bytes (UTF-8 continuation bytes take no column). */
export function width(s: string): number {
	let n = 0;
	for (let i = 0; i < s.length; i++) {
		const c = s.charCodeAt(i);
		if (c < 0x80 || c >= 0xc0) n++;
	}
	return n;
}

/** How the line shows: control characters as ^X (a recalled multi-line command shows ^J). */
export function vis(s: string): string {
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

/** One line being edited; completion.ts and search.ts read and change its state too. */
export class Editor {
	readonly host: EditorHost;
	readonly sys: Sys;
	buf = '';
	cur = 0;
	out = '';
	cols = 80;
	private prompt: { text: string; width: number };
	/** Where the terminal cursor is, as an offset from the start of the prompt's last line. */
	pos = 0;
	/** The cursor sits in the last column with a wrap pending (xterm's deferred wrap). */
	pending = false;
	/** Columns drawn on screen after the prompt (to know what to clear). */
	drawn = 0;
	private histIndex: number;
	private saved = '';
	private killRing = '';
	private lastKey = '';
	search: { query: string; index: number; failed: boolean; original: string } | null = null;
	/** The ^R code (search.ts), once ^R has been pressed. */
	private searcher: typeof Search | null = null;

	constructor(host: EditorHost, prompt: string) {
		this.host = host;
		this.sys = host.sys;
		this.prompt = promptParts(prompt);
		this.histIndex = host.history.length;
	}

	// ---- Terminal output -----------------------------------------------------------------------

	flush(): Promise<unknown> {
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
	moveTo(to: number): void {
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
	refresh(from = 0): void {
		this.moveTo(this.offset(from));
		const rest = this.buf.slice(from);
		this.emit(vis(rest));
		const end = this.prompt.width + width(vis(this.buf));
		if (end < this.drawn) this.out += '\x1b[J';
		this.drawn = end;
		this.placeCursor();
	}

	placeCursor(): void {
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
	redrawAll(): void {
		this.out += this.prompt.text;
		this.pos = this.prompt.width;
		this.pending = this.pos % this.cols === 0 && this.pos > 0;
		this.drawn = this.pos;
		this.refresh(0);
	}

	bell(): void {
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

	// ---- The key loop --------------------------------------------------------------------------

	/** Handles one key (a byte or an escape sequence); returns a result when the line is done. */
	private async key(k: string): Promise<LineResult | null> {
		if (this.search && this.searcher!.searchKey(this, k)) return null;
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
				// Reverse search is a chunk of its own, fetched the first time ^R is pressed.
				this.searcher ??= await import('./search.ts');
				this.searcher.startSearch(this);
				return null;
			case '\t':
				// Completion is a chunk of its own, fetched the first time Tab is pressed.
				await (await import('./completion.ts')).complete(this, prev === '\t');
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
