// /bin/vi (vim-minimal 6.1, a small but honest subset): a screen editor on the terminal in raw
// mode: moving, inserting, deleting, yanking, searching, :s substitutions and :w/:q/:wq, with
// vim's messages. Enough to edit /etc/vservers/NAME.conf.
// SIMPLIFIED: one undo level, no visual mode, no macros or marks; :w writes the file in place
// (vim's 'backupcopy' choice for hard-linked files), so a unified file stays one inode until
// the write fails on its immutable bit.
import {
	ECHO,
	ICANON,
	ICRNL,
	ISIG,
	IXON,
	ONLCR,
	O_CREAT,
	O_TRUNC,
	O_WRONLY,
	TCGETS,
	TCSETS,
	TIOCGWINSZ,
	VMIN,
	VTIME,
	W_OK,
	isErrno,
	type Sys,
	type Termios
} from '../syscalls/index.ts';
import { compile, isRegexError } from './lib/regex.ts';
import { type Regex, RegexTooHard, matchAll, type RegexMatch } from '../lib/regex/index.ts';

type Mode = 'normal' | 'insert' | 'replace-char' | 'cmdline';

class Editor {
	private sys: Sys;
	lines: string[] = [''];
	cy = 0;
	cx = 0;
	private top = 0;
	private mode: Mode = 'normal';
	private cmd = '';
	private cmdKind: ':' | '/' | '?' = ':';
	msg = '';
	modified = false;
	file: string | null;
	readonly = false;
	private count = '';
	private pending = '';
	private register: { text: string[]; linewise: boolean } = { text: [], linewise: true };
	private undo: { lines: string[]; cy: number; cx: number } | null = null;
	private lastSearch: { re: Regex; forward: boolean; text: string } | null = null;
	private rows = 24;
	private cols = 80;
	quit = false;

	constructor(sys: Sys, file: string | null) {
		this.sys = sys;
		this.file = file;
	}

	private line(): string {
		return this.lines[this.cy]!;
	}

	private snapshot(): void {
		this.undo = { lines: [...this.lines], cy: this.cy, cx: this.cx };
	}

	private changed(): void {
		this.modified = true;
	}

	private clampX(insert = false): void {
		const max = Math.max(0, this.line().length - (insert ? 0 : 1));
		this.cx = Math.max(0, Math.min(this.cx, max));
	}

	private firstNonBlank(): number {
		const m = /^[ \t]*/.exec(this.line())!;
		return Math.min(m[0].length, Math.max(0, this.line().length - 1));
	}

	// ---- Files -------------------------------------------------------------------------------

	async load(): Promise<void> {
		if (this.file === null) return;
		const st = await this.sys.stat(this.file);
		if (isErrno(st)) {
			this.msg = `"${this.file}" [New File]`;
			return;
		}
		if ((st.mode & 0o170000) === 0o040000) {
			this.msg = `"${this.file}" is a directory`;
			return;
		}
		const fd = await this.sys.open(this.file, 0);
		if (isErrno(fd)) {
			this.msg = `"${this.file}" [Permission Denied]`;
			return;
		}
		let text = '';
		for (;;) {
			const r = await this.sys.read(fd, 65536);
			if (isErrno(r) || r === '') break;
			text += r;
		}
		await this.sys.close(fd);
		this.readonly = isErrno(await this.sys.access(this.file, W_OK));
		const noEol = text !== '' && !text.endsWith('\n');
		this.lines = text === '' ? [''] : (noEol ? text : text.slice(0, -1)).split('\n');
		this.msg = `"${this.file}" ${this.readonly ? '[readonly] ' : ''}${noEol ? '[Incomplete last line] ' : ''}${text === '' ? '0L, 0C' : `${this.lines.length}L, ${text.length}C`}`;
	}

	/** Writes the buffer (to `name`, or the current file); false when it could not. */
	async write(name: string | null, force: boolean): Promise<boolean> {
		const target = name ?? this.file;
		if (target === null) {
			this.msg = 'E32: No file name';
			return false;
		}
		if (this.readonly && target === this.file && !force) {
			this.msg = "E45: 'readonly' option is set (add ! to override)";
			return false;
		}
		const exists = !isErrno(await this.sys.stat(target));
		const fd = await this.sys.open(target, O_WRONLY | O_CREAT | O_TRUNC, 0o644);
		if (isErrno(fd)) {
			this.msg = `"${target}" E212: Can't open file for writing`;
			return false;
		}
		const text = this.lines.join('\n') + '\n';
		const w = await this.sys.write(fd, text);
		await this.sys.close(fd);
		if (isErrno(w)) {
			this.msg = `"${target}" E514: write error (file system full?)`;
			return false;
		}
		if (this.file === null) this.file = target;
		if (target === this.file) this.modified = false;
		this.msg = `"${target}" ${exists ? '' : '[New] '}${this.lines.length}L, ${text.length}C written`;
		return true;
	}

	// ---- Screen ------------------------------------------------------------------------------

	private display(line: string): string {
		let out = '';
		for (const c of line) {
			if (c === '\t') out += ' '.repeat(8 - (out.length % 8));
			else if (c.charCodeAt(0) < 32) out += '^' + String.fromCharCode(c.charCodeAt(0) + 64);
			else out += c;
		}
		return out;
	}

	/** Display column of buffer column x on the current line. */
	private column(x: number): number {
		return this.display(this.line().slice(0, x)).length;
	}

	private height(i: number): number {
		return Math.max(1, Math.ceil(this.display(this.lines[i]!).length / this.cols));
	}

	async draw(): Promise<void> {
		const ws = await this.sys.ioctl(1, TIOCGWINSZ);
		if (!isErrno(ws)) ({ rows: this.rows, cols: this.cols } = ws as { rows: number; cols: number });
		const text = this.rows - 1;
		// Scroll so the cursor line is on the screen.
		if (this.cy < this.top) this.top = this.cy;
		for (;;) {
			let used = 0;
			for (let i = this.top; i <= this.cy; i++) used += this.height(i);
			if (used <= text || this.top === this.cy) break;
			this.top++;
		}
		let out = '\x1b[H';
		let row = 0;
		let cursorRow = 0;
		let cursorCol = 0;
		for (let i = this.top; row < text; i++) {
			if (i >= this.lines.length) {
				out += '~\x1b[K\r\n';
				row++;
				continue;
			}
			const d = this.display(this.lines[i]!);
			if (i === this.cy) {
				const c =
					this.mode === 'insert'
						? this.column(this.cx)
						: this.column(this.cx) +
							(this.line() === ''
								? 0
								: Math.max(0, this.display(this.line()[this.cx] ?? ' ').length - 1));
				cursorRow = row + Math.floor(c / this.cols);
				cursorCol = c % this.cols;
			}
			const h = this.height(i);
			if (row + h > text && i !== this.top) {
				// vim shows @ for a line that does not fit.
				for (; row < text; row++) out += '@\x1b[K\r\n';
				break;
			}
			for (let k = 0; k < h && row < text; k++, row++) {
				out += d.slice(k * this.cols, (k + 1) * this.cols) + '\x1b[K\r\n';
			}
		}
		let status: string;
		if (this.mode === 'cmdline') status = this.cmdKind + this.cmd;
		else if (this.msg) status = this.msg;
		else if (this.mode === 'insert') status = '-- INSERT --';
		else status = '';
		out += status.slice(0, this.cols - 1) + '\x1b[K';
		if (this.mode === 'cmdline') {
			out += `\x1b[${this.rows};${Math.min(this.cols, status.length + 1)}H`;
		} else out += `\x1b[${cursorRow + 1};${cursorCol + 1}H`;
		await this.sys.write(1, out);
	}

	// ---- Keys --------------------------------------------------------------------------------

	async key(k: string): Promise<void> {
		if (this.mode === 'cmdline') return this.cmdlineKey(k);
		if (this.mode === 'insert') return this.insertKey(k);
		if (this.mode === 'replace-char') {
			this.mode = 'normal';
			if (k === '\x1b' || this.line() === '') return;
			this.snapshot();
			const n = Math.max(1, Number(this.count) || 1);
			this.count = '';
			if (this.cx + n > this.line().length) return;
			this.lines[this.cy] =
				this.line().slice(0, this.cx) + k.repeat(n) + this.line().slice(this.cx + n);
			this.cx += n - 1;
			this.changed();
			return;
		}
		this.msg = '';
		await this.normalKey(k);
	}

	private insertKey(k: string): void {
		const l = this.line();
		const before = this.lines.length + ':' + l;
		if (k === '\x1b') {
			this.mode = 'normal';
			this.cx = Math.max(0, this.cx - 1);
			this.clampX();
		} else if (k === '\r' || k === '\n') {
			this.lines.splice(this.cy, 1, l.slice(0, this.cx), l.slice(this.cx));
			this.cy++;
			this.cx = 0;
		} else if (k === '\x7f' || k === '\b') {
			if (this.cx > 0) {
				this.lines[this.cy] = l.slice(0, this.cx - 1) + l.slice(this.cx);
				this.cx--;
			}
		} else if (k.startsWith('\x1b[')) this.arrow(k, true);
		else if (k >= ' ' || k === '\t') {
			this.lines[this.cy] = l.slice(0, this.cx) + k + l.slice(this.cx);
			this.cx += k.length;
		}
		if (this.lines.length + ':' + this.line() !== before || k === '\r' || k === '\n') {
			this.changed();
		}
	}

	private arrow(k: string, insert: boolean): void {
		const c = k[2];
		if (c === 'A' && this.cy > 0) this.cy--;
		else if (c === 'B' && this.cy < this.lines.length - 1) this.cy++;
		else if (c === 'C') this.cx++;
		else if (c === 'D') this.cx--;
		this.clampX(insert);
	}

	private async cmdlineKey(k: string): Promise<void> {
		if (k === '\x1b') {
			this.mode = 'normal';
			return;
		}
		if (k === '\x7f' || k === '\b') {
			if (this.cmd === '') this.mode = 'normal';
			else this.cmd = this.cmd.slice(0, -1);
			return;
		}
		if (k !== '\r' && k !== '\n') {
			if (k >= ' ') this.cmd += k;
			return;
		}
		this.mode = 'normal';
		if (this.cmdKind === ':') await this.exCommand(this.cmd.trim());
		else this.search(this.cmd, this.cmdKind === '/');
	}

	private search(text: string, forward: boolean): void {
		if (text !== '') {
			const r = compile(text, false);
			if (isRegexError(r)) {
				this.msg = `E486: Pattern not found: ${text}`;
				return;
			}
			this.lastSearch = { re: r, forward, text };
		} else if (this.lastSearch) this.lastSearch.forward = forward;
		this.findNext(false);
	}

	/** The matches in a line, or null (with the message set) when the pattern is too costly. */
	private matches(re: Regex, line: string): RegexMatch[] | null {
		try {
			return matchAll(re, line);
		} catch (e) {
			if (!(e instanceof RegexTooHard)) throw e;
			this.msg = "E363: pattern uses more memory than 'maxmempattern'";
			return null;
		}
	}

	private findNext(reverse: boolean): void {
		const s = this.lastSearch;
		if (!s) {
			this.msg = 'E35: No previous regular expression';
			return;
		}
		const forward = s.forward !== reverse;
		const n = this.lines.length;
		for (let step = 0; step <= n; step++) {
			const y = (this.cy + (forward ? step : -step) + n * 2) % n;
			const l = this.lines[y]!;
			const found = this.matches(s.re, l);
			if (found === null) return;
			const hits = found.map((m) => m.index);
			let x: number | undefined;
			if (forward) x = hits.find((h) => step > 0 || h > this.cx);
			else x = [...hits].reverse().find((h) => step > 0 || h < this.cx);
			if (x !== undefined) {
				if (
					(forward && (y < this.cy || (y === this.cy && step > 0))) ||
					(!forward && (y > this.cy || (y === this.cy && step > 0)))
				) {
					this.msg = forward
						? 'search hit BOTTOM, continuing at TOP'
						: 'search hit TOP, continuing at BOTTOM';
				}
				this.cy = y;
				this.cx = x;
				return;
			}
		}
		this.msg = `E486: Pattern not found: ${s.text}`;
	}

	private async exCommand(c: string): Promise<void> {
		if (c === '') return;
		if (/^\d+$/.test(c)) {
			this.cy = Math.min(this.lines.length, Math.max(1, Number(c))) - 1;
			this.cx = this.firstNonBlank();
			return;
		}
		if (c === '$') {
			this.cy = this.lines.length - 1;
			this.cx = this.firstNonBlank();
			return;
		}
		const sub = /^(%|\d+|\.|\$)?(?:,(\d+|\.|\$))?s(.)(.*)$/.exec(c);
		if (sub) return this.substitute(sub);
		const m = /^(wqa|wq|wa|write|w|xa|x|qa|quit|q)(!?)(?:\s+(.*))?$/.exec(c);
		if (!m) {
			this.msg = `E492: Not an editor command: ${c}`;
			return;
		}
		const name = m[1]!;
		const force = m[2] === '!';
		const arg = m[3] ?? '';
		if (name.startsWith('w') || name.startsWith('x')) {
			// :x writes only when there are changes.
			if (name.startsWith('x') && !this.modified && arg === '') {
				this.quit = true;
				return;
			}
			const ok = await this.write(arg || null, force);
			if (ok && name !== 'w' && name !== 'write' && name !== 'wa') this.quit = true;
			return;
		}
		if (this.modified && !force) {
			this.msg = 'E37: No write since last change (add ! to override)';
			return;
		}
		this.quit = true;
	}

	private substitute(m: RegExpExecArray): void {
		const delim = m[3]!;
		const parts = m[4]!.split(delim);
		const pattern = parts[0] ?? '';
		const rep = parts[1] ?? '';
		const flags = parts[2] ?? '';
		const addr = (a: string | undefined, dflt: number) =>
			a === undefined
				? dflt
				: a === '.'
					? this.cy
					: a === '$'
						? this.lines.length - 1
						: Number(a) - 1;
		let from: number, to: number;
		if (m[1] === '%') [from, to] = [0, this.lines.length - 1];
		else {
			from = addr(m[1], this.cy);
			to = addr(m[2], from);
		}
		const re = pattern === '' && this.lastSearch ? this.lastSearch.re : compile(pattern, false);
		if (isRegexError(re)) {
			this.msg = `E486: Pattern not found: ${pattern}`;
			return;
		}
		this.snapshot();
		let count = 0;
		for (let y = Math.max(0, from); y <= Math.min(to, this.lines.length - 1); y++) {
			const line = this.lines[y]!;
			const found = this.matches(re, line);
			if (found === null) return;
			let out = '';
			let pos = 0;
			for (const hit of flags.includes('g') ? found : found.slice(0, 1)) {
				count++;
				this.cy = y;
				const match = hit[0]!;
				out +=
					line.slice(pos, hit.index) +
					rep.replace(/\\(\d)|&|\\&/g, (x, d: string | undefined) =>
						x === '&' ? match : x === '\\&' ? '&' : (hit[Number(d)] ?? '')
					);
				pos = hit.end;
			}
			this.lines[y] = out + line.slice(pos);
		}
		if (count === 0) {
			this.undo = null;
			this.msg = `E486: Pattern not found: ${pattern}`;
			return;
		}
		this.changed();
		this.cx = this.firstNonBlank();
	}

	private async normalKey(k: string): Promise<void> {
		if (/^[1-9]$/.test(k) || (k === '0' && this.count !== '')) {
			this.count += k;
			return;
		}
		const n = Math.max(1, Number(this.count) || 1);
		const counted = this.count !== '';
		this.count = '';
		const op = this.pending;
		this.pending = '';
		if (op === 'd' || op === 'y' || op === 'c') return this.operator(op, k, n);
		if (op === 'g') {
			if (k === 'g') {
				this.cy = counted ? Math.min(n, this.lines.length) - 1 : 0;
				this.cx = this.firstNonBlank();
			}
			return;
		}
		if (op === 'Z') {
			if (k === 'Z') await this.exCommand('x');
			else if (k === 'Q') this.quit = true;
			return;
		}
		const l = this.line();
		switch (k) {
			case 'h':
			case '\x7f':
			case '\b':
				this.cx = Math.max(0, this.cx - n);
				break;
			case 'l':
			case ' ':
				this.cx = Math.min(Math.max(0, l.length - 1), this.cx + n);
				break;
			case 'j':
			case '\x0e':
				this.cy = Math.min(this.lines.length - 1, this.cy + n);
				this.clampX();
				break;
			case 'k':
			case '\x10':
				this.cy = Math.max(0, this.cy - n);
				this.clampX();
				break;
			case '\r':
			case '\n':
			case '+':
				this.cy = Math.min(this.lines.length - 1, this.cy + n);
				this.cx = this.firstNonBlank();
				break;
			case '-':
				this.cy = Math.max(0, this.cy - n);
				this.cx = this.firstNonBlank();
				break;
			case '0':
				this.cx = 0;
				break;
			case '^':
				this.cx = this.firstNonBlank();
				break;
			case '$':
				this.cx = Math.max(0, l.length - 1);
				break;
			case 'w':
			case 'b':
			case 'e':
				for (let i = 0; i < n; i++) this.word(k);
				break;
			case 'G':
				this.cy = counted ? Math.min(n, this.lines.length) - 1 : this.lines.length - 1;
				this.cx = this.firstNonBlank();
				break;
			case '\x06':
			case '\x02': {
				const page = Math.max(1, this.rows - 3);
				this.cy = Math.max(
					0,
					Math.min(this.lines.length - 1, this.cy + (k === '\x06' ? page : -page))
				);
				this.cx = this.firstNonBlank();
				break;
			}
			case 'i':
			case 'a':
			case 'I':
			case 'A':
				this.snapshot();
				this.mode = 'insert';
				if (k === 'a' && l !== '') this.cx++;
				else if (k === 'I') this.cx = this.firstNonBlank();
				else if (k === 'A') this.cx = l.length;
				break;
			case 'o':
			case 'O':
				this.snapshot();
				this.lines.splice(k === 'o' ? this.cy + 1 : this.cy, 0, '');
				if (k === 'o') this.cy++;
				this.cx = 0;
				this.mode = 'insert';
				this.changed();
				break;
			case 'x':
			case 'X':
				if (l === '' || (k === 'X' && this.cx === 0)) break;
				this.snapshot();
				if (k === 'x') {
					this.register = { text: [l.slice(this.cx, this.cx + n)], linewise: false };
					this.lines[this.cy] = l.slice(0, this.cx) + l.slice(this.cx + n);
				} else {
					const from = Math.max(0, this.cx - n);
					this.register = { text: [l.slice(from, this.cx)], linewise: false };
					this.lines[this.cy] = l.slice(0, from) + l.slice(this.cx);
					this.cx = from;
				}
				this.clampX();
				this.changed();
				break;
			case 'D':
			case 'C':
				this.snapshot();
				this.register = { text: [l.slice(this.cx)], linewise: false };
				this.lines[this.cy] = l.slice(0, this.cx);
				this.changed();
				if (k === 'C') this.mode = 'insert';
				else this.clampX();
				break;
			case 'r':
				if (this.line() !== '') {
					this.count = counted ? String(n) : '';
					this.mode = 'replace-char';
				}
				break;
			case 'J':
				if (this.cy < this.lines.length - 1) {
					this.snapshot();
					const next = this.lines[this.cy + 1]!.replace(/^[ \t]+/, '');
					this.cx = l.replace(/[ \t]+$/, '').length;
					this.lines.splice(this.cy, 2, l.replace(/[ \t]+$/, '') + (next === '' ? '' : ' ') + next);
					this.changed();
				}
				break;
			case 'p':
			case 'P':
				this.put(k === 'p');
				break;
			case 'Y':
				this.operator('y', 'y', n);
				break;
			case 'u':
				if (!this.undo) {
					this.msg = 'Already at oldest change';
					break;
				}
				[this.lines, this.undo] = [
					this.undo.lines,
					{ lines: [...this.lines], cy: this.cy, cx: this.cx }
				];
				this.cy = Math.min(this.cy, this.lines.length - 1);
				this.clampX();
				this.changed();
				break;
			case 'n':
			case 'N':
				this.findNext(k === 'N');
				break;
			case 'd':
			case 'y':
			case 'c':
			case 'g':
			case 'Z':
				this.pending = k;
				this.count = counted ? String(n) : '';
				break;
			case ':':
			case '/':
			case '?':
				this.mode = 'cmdline';
				this.cmdKind = k;
				this.cmd = '';
				break;
			case '\x03':
				this.msg = 'Type  :quit<Enter>  to exit Vim';
				break;
			case '\x0c':
				break;
			default:
				if (k.startsWith('\x1b[')) this.arrow(k, false);
		}
	}

	private word(k: string): void {
		const isWord = (c: string | undefined) => c !== undefined && /\w/.test(c);
		const cls = (c: string | undefined) =>
			c === undefined || /\s/.test(c) ? 0 : isWord(c) ? 1 : 2;
		let l = this.line();
		if (k === 'w') {
			const start = cls(l[this.cx]);
			let x = this.cx;
			while (x < l.length && cls(l[x]) === start && start !== 0) x++;
			while (x < l.length && cls(l[x]) === 0) x++;
			if (x >= l.length && this.cy < this.lines.length - 1) {
				this.cy++;
				l = this.line();
				x = 0;
				while (x < l.length && cls(l[x]) === 0) x++;
			}
			this.cx = Math.min(x, Math.max(0, l.length - 1));
		} else if (k === 'b') {
			let x = this.cx - 1;
			while (x > 0 && cls(l[x]) === 0) x--;
			const c = cls(l[x]);
			while (x > 0 && cls(l[x - 1]) === c) x--;
			this.cx = Math.max(0, x);
		} else {
			let x = this.cx + 1;
			while (x < l.length && cls(l[x]) === 0) x++;
			const c = cls(l[x]);
			while (x + 1 < l.length && cls(l[x + 1]) === c) x++;
			this.cx = Math.min(x, Math.max(0, l.length - 1));
		}
	}

	private put(after: boolean): void {
		const r = this.register;
		if (r.text.length === 0) return;
		this.snapshot();
		if (r.linewise) {
			const at = after ? this.cy + 1 : this.cy;
			this.lines.splice(at, 0, ...r.text);
			this.cy = at;
			this.cx = this.firstNonBlank();
		} else {
			const l = this.line();
			const x = after && l !== '' ? this.cx + 1 : this.cx;
			this.lines[this.cy] = l.slice(0, x) + r.text[0] + l.slice(x);
			this.cx = x + r.text[0]!.length - 1;
		}
		this.changed();
	}

	/** d, y and c with a motion: the line itself (dd), a word (dw), to the end ($). */
	private operator(op: string, motion: string, n: number): void {
		const l = this.line();
		if (motion === op) {
			const end = Math.min(this.lines.length, this.cy + n);
			const text = this.lines.slice(this.cy, end);
			this.register = { text, linewise: true };
			if (op === 'y') {
				if (text.length > 2) this.msg = `${text.length} lines yanked`;
				return;
			}
			this.snapshot();
			if (op === 'c') {
				this.lines.splice(this.cy, end - this.cy, '');
				this.cx = 0;
				this.mode = 'insert';
			} else {
				this.lines.splice(this.cy, end - this.cy);
				if (this.lines.length === 0) this.lines = [''];
				this.cy = Math.min(this.cy, this.lines.length - 1);
				this.cx = this.firstNonBlank();
				if (text.length > 2) this.msg = `${text.length} fewer lines`;
			}
			this.changed();
			return;
		}
		let to: number;
		if (motion === '$') to = l.length;
		else if (motion === 'w' || motion === 'e') {
			const save = this.cx;
			const saveY = this.cy;
			for (let i = 0; i < n; i++) this.word(op === 'c' ? 'e' : motion);
			to = op === 'c' || motion === 'e' ? this.cx + 1 : this.cx;
			// A word motion that ran onto the next line stops at the end of this one.
			if (this.cy !== saveY || to <= save) to = l.length;
			this.cy = saveY;
			this.cx = save;
		} else if (motion === 'l' || motion === ' ') to = Math.min(l.length, this.cx + n);
		else if (motion === '0') {
			to = this.cx;
			this.cx = 0;
		} else return;
		const text = l.slice(this.cx, to);
		this.register = { text: [text], linewise: false };
		if (op === 'y') return;
		this.snapshot();
		this.lines[this.cy] = l.slice(0, this.cx) + l.slice(to);
		this.changed();
		if (op === 'c') this.mode = 'insert';
		else this.clampX();
	}
}

/** Splits raw terminal input into keys: arrow sequences stay whole. */
function keys(chunk: string): string[] {
	const out: string[] = [];
	for (let i = 0; i < chunk.length; i++) {
		if (chunk[i] === '\x1b' && chunk[i + 1] === '[' && /[A-D]/.test(chunk[i + 2] ?? '')) {
			out.push(chunk.slice(i, i + 3));
			i += 2;
		} else out.push(chunk[i]!);
	}
	return out;
}

export async function vi(sys: Sys, argv: string[]): Promise<number> {
	const files = argv.slice(1).filter((a) => !a.startsWith('-') && !a.startsWith('+'));
	const ed = new Editor(sys, files[0] ?? null);
	await ed.load();
	const saved = await sys.ioctl(0, TCGETS);
	if (isErrno(saved)) {
		await sys.write(2, 'Vim: Warning: Input is not from a terminal\n');
		return 1;
	}
	const old = saved as Termios;
	// Raw input, and no newline translation on output: the screen is drawn with explicit CR LF.
	const raw: Termios = {
		...old,
		iflag: old.iflag & ~(ICRNL | IXON),
		oflag: old.oflag & ~ONLCR,
		lflag: old.lflag & ~(ICANON | ECHO | ISIG),
		cc: [...old.cc]
	};
	raw.cc[VMIN] = 1;
	raw.cc[VTIME] = 0;
	await sys.ioctl(0, TCSETS, raw);
	// The alternate screen, as vim uses xterm's.
	await sys.write(1, '\x1b7\x1b[?47h\x1b[H\x1b[2J');
	try {
		await ed.draw();
		while (!ed.quit) {
			const r = await sys.read(0, 256);
			if (isErrno(r)) continue;
			if (r === '') break;
			for (const k of keys(r)) {
				await ed.key(k);
				if (ed.quit) break;
			}
			if (!ed.quit) await ed.draw();
		}
	} finally {
		await sys.write(1, '\x1b[2J\x1b[?47l\x1b8');
		await sys.ioctl(0, TCSETS, old);
	}
	return 0;
}
