// The builtins that print and read: echo, printf (bash 2.05's directives, %b and %q included) and
// read (IFS splitting, backslashes, -r -p -s -n -t -d).
import type { Shell, St } from '../interpreter.ts';
import { xquote } from '../interpreter.ts';
import {
	ECHO,
	ICANON,
	SEEK_CUR,
	S_IFMT,
	S_IFREG,
	TCGETS,
	TCSETS,
	VMIN,
	isErrno,
	type Termios
} from '../../syscalls/index.ts';

/** Backslash escapes of `echo -e` and `%b`; `stop` is set by `\c`. */
function escapes(s: string, state: { stop: boolean }, printfStyle: boolean): string {
	let out = '';
	for (let i = 0; i < s.length; i++) {
		const c = s[i]!;
		if (c !== '\\' || i + 1 >= s.length) {
			out += c;
			continue;
		}
		const n = s[++i]!;
		switch (n) {
			case 'a':
				out += '\x07';
				break;
			case 'b':
				out += '\b';
				break;
			case 'c':
				state.stop = true;
				return out;
			case 'e':
			case 'E':
				out += '\x1b';
				break;
			case 'f':
				out += '\f';
				break;
			case 'n':
				out += '\n';
				break;
			case 'r':
				out += '\r';
				break;
			case 't':
				out += '\t';
				break;
			case 'v':
				out += '\v';
				break;
			case '\\':
				out += '\\';
				break;
			case 'x': {
				let d = '';
				while (d.length < 2 && /[0-9a-fA-F]/.test(s[i + 1] ?? '')) d += s[++i];
				out += d ? String.fromCharCode(parseInt(d, 16)) : '\\x';
				break;
			}
			default:
				if (n >= '0' && n <= '7') {
					// `\0nnn` (and in printf formats `\nnn`): up to three octal digits.
					let d = n === '0' && !printfStyle ? '' : n;
					while (d.length < 3 && /[0-7]/.test(s[i + 1] ?? '')) d += s[++i];
					out += String.fromCharCode(parseInt(d || '0', 8) & 0xff);
				} else if (printfStyle && (n === '"' || n === "'")) out += n;
				else out += '\\' + n;
		}
	}
	return out;
}

export function echo(sh: Shell, argv: string[]): St {
	let i = 1;
	let newline = true;
	let interpret = false;
	for (; i < argv.length; i++) {
		const a = argv[i]!;
		if (a.length < 2 || a[0] !== '-' || !/^-[neE]+$/.test(a)) break;
		for (const c of a.slice(1)) {
			if (c === 'n') newline = false;
			else if (c === 'e') interpret = true;
			else interpret = false;
		}
	}
	let text = i === argv.length ? '' : i === argv.length - 1 ? argv[i]! : argv.slice(i).join(' ');
	if (interpret) {
		const state = { stop: false };
		text = escapes(text, state, false);
		if (state.stop) newline = false;
	}
	return sh.out(newline ? text + '\n' : text, 'echo');
}

// ---- printf --------------------------------------------------------------------------------

class PrintfError {
	readonly message: string;
	constructor(message: string) {
		this.message = message;
	}
}

/** A numeric argument as bash's printf reads it ('c gives the character's code). */
function numArg(s: string | undefined, errors: string[]): number {
	if (s === undefined || s === '') return 0;
	if (s[0] === "'" || s[0] === '"') return s.length > 1 ? s.charCodeAt(1) : 0;
	const m = /^\s*([-+]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)(.*)$/.exec(s);
	if (!m) {
		errors.push(`${s}: invalid number`);
		return 0;
	}
	const body = m[2]!;
	let v = /^0[xX]/.test(body)
		? parseInt(body.slice(2), 16)
		: body.length > 1 && body[0] === '0'
			? parseInt(body, 8)
			: Number(body);
	if (m[1] === '-') v = -v;
	if (m[3]) errors.push(`${s}: invalid number`);
	return v;
}

function floatArg(s: string | undefined, errors: string[]): number {
	if (s === undefined || s === '') return 0;
	if (s[0] === "'" || s[0] === '"') return s.length > 1 ? s.charCodeAt(1) : 0;
	const v = Number(s.trim());
	if (Number.isNaN(v)) {
		const m = /^\s*[-+]?[0-9]*\.?[0-9]+([eE][-+]?[0-9]+)?/.exec(s);
		errors.push(`${s}: invalid number`);
		return m ? Number(m[0]) : 0;
	}
	return v;
}

function pad(s: string, flags: string, width: number, numeric: boolean): string {
	if (s.length >= width) return s;
	if (flags.includes('-')) return s.padEnd(width);
	if (flags.includes('0') && numeric) {
		const sign = /^[-+ ]/.test(s) ? s[0]! : '';
		const prefix = /^[-+ ]?0[xX]/.test(s) ? s.slice(sign.length, sign.length + 2) : '';
		const rest = s.slice(sign.length + prefix.length);
		return sign + prefix + rest.padStart(width - sign.length - prefix.length, '0');
	}
	return s.padStart(width);
}

function formatFloat(v: number, conv: string, prec: number, flags: string): string {
	let s: string;
	if (!Number.isFinite(v)) s = Number.isNaN(v) ? 'nan' : v < 0 ? '-inf' : 'inf';
	else if (conv === 'f' || conv === 'F') s = v.toFixed(prec);
	else if (conv === 'e' || conv === 'E') s = expForm(v.toExponential(prec));
	else {
		const p = prec === 0 ? 1 : prec;
		const exp = v === 0 ? 0 : Math.floor(Math.log10(Math.abs(v)));
		if (exp < -4 || exp >= p) s = expForm(v.toExponential(p - 1));
		else s = v.toFixed(Math.max(0, p - 1 - exp));
		if (!flags.includes('#') && s.includes('.')) {
			s = s.replace(/(\.[0-9]*?)0+(e|$)/, '$1$2').replace(/\.(e|$)/, '$1');
		}
	}
	if (conv === 'E' || conv === 'G') s = s.toUpperCase();
	if (v >= 0 && flags.includes('+')) s = '+' + s;
	else if (v >= 0 && flags.includes(' ')) s = ' ' + s;
	return s;
}

/** JavaScript's `1e+5` as C's `1e+05`. */
function expForm(s: string): string {
	return s.replace(/e([-+])([0-9])$/, 'e$10$2');
}

/** One pass over the format; returns the output and how many arguments it used. */
function printfPass(
	format: string,
	args: string[],
	start: number,
	errors: string[],
	state: { stop: boolean }
): { out: string; used: number } {
	let out = '';
	let ai = start;
	const next = (): string | undefined => args[ai++];
	for (let i = 0; i < format.length; i++) {
		const c = format[i]!;
		if (c === '\\') {
			const end = escapeEnd(format, i);
			out += escapes(format.slice(i, end), state, true);
			i = end - 1;
			continue;
		}
		if (c !== '%') {
			out += c;
			continue;
		}
		if (format[i + 1] === '%') {
			out += '%';
			i++;
			continue;
		}
		const m = /^%([-+ #0]*)(\*|[0-9]+)?(?:\.(\*|[0-9]*))?([hlL]*)([diouxXcsbqeEfFgG])/.exec(
			format.slice(i)
		);
		if (!m) {
			const bad = format[i + 1] ?? '';
			throw new PrintfError(
				bad ? `\`${bad}': invalid format character` : "`%': missing format character"
			);
		}
		i += m[0].length - 1;
		const flags = m[1]!;
		let width = m[2] === '*' ? numArg(next(), errors) : m[2] ? Number(m[2]) : 0;
		let f = flags;
		if (width < 0) {
			f += '-';
			width = -width;
		}
		const precRaw = m[3];
		const prec =
			precRaw === undefined
				? -1
				: precRaw === '*'
					? numArg(next(), errors)
					: Number(precRaw || '0');
		const conv = m[5]!;
		switch (conv) {
			case 's':
			case 'b':
			case 'q': {
				let s = next() ?? '';
				if (conv === 'b') {
					s = escapes(s, state, false);
					if (state.stop) {
						out += pad(prec >= 0 ? s.slice(0, prec) : s, f, width, false);
						return { out, used: ai - start };
					}
				} else if (conv === 'q') s = xquote(s);
				if (prec >= 0) s = s.slice(0, prec);
				out += pad(s, f, width, false);
				break;
			}
			case 'c': {
				const s = next() ?? '';
				out += pad(s.slice(0, 1), f, width, false);
				break;
			}
			case 'd':
			case 'i': {
				const v = Math.trunc(numArg(next(), errors)) | 0;
				let s = String(Math.abs(v));
				if (prec >= 0) s = s.padStart(prec, '0');
				s = (v < 0 ? '-' : f.includes('+') ? '+' : f.includes(' ') ? ' ' : '') + s;
				out += pad(s, prec >= 0 ? f.replace('0', '') : f, width, true);
				break;
			}
			case 'o':
			case 'u':
			case 'x':
			case 'X': {
				const v = Math.trunc(numArg(next(), errors)) >>> 0;
				let s = conv === 'o' ? v.toString(8) : conv === 'u' ? String(v) : v.toString(16);
				if (conv === 'X') s = s.toUpperCase();
				if (prec >= 0) s = s.padStart(prec, '0');
				if (f.includes('#') && v !== 0) {
					s = conv === 'o' ? '0' + s : conv === 'x' ? '0x' + s : conv === 'X' ? '0X' + s : s;
				}
				out += pad(s, prec >= 0 ? f.replace('0', '') : f, width, true);
				break;
			}
			default: {
				const v = floatArg(next(), errors);
				out += pad(formatFloat(v, conv, prec < 0 ? 6 : prec, f), f, width, true);
			}
		}
	}
	return { out, used: ai - start };
}

function escapeEnd(s: string, i: number): number {
	const n = s[i + 1];
	if (n === undefined) return i + 1;
	if (n >= '0' && n <= '7') {
		let j = i + 2;
		while (j < s.length && j < i + 4 && /[0-7]/.test(s[j]!)) j++;
		return j;
	}
	if (n === 'x') {
		let j = i + 2;
		while (j < s.length && j < i + 4 && /[0-9a-fA-F]/.test(s[j]!)) j++;
		return j;
	}
	return i + 2;
}

export async function printf(sh: Shell, argv: string[]): Promise<number> {
	let args = argv.slice(1);
	if (args[0] === '--') args = args.slice(1);
	if (args.length === 0) {
		await sh.error('printf: usage: printf format [arguments]');
		return 2;
	}
	const format = args[0]!;
	const rest = args.slice(1);
	const errors: string[] = [];
	const state = { stop: false };
	let out = '';
	let status = 0;
	try {
		let at = 0;
		do {
			const r = printfPass(format, rest, at, errors, state);
			out += r.out;
			if (r.used === 0 || state.stop) break;
			at += r.used;
		} while (at < rest.length);
	} catch (e) {
		if (!(e instanceof PrintfError)) throw e;
		await sh.out(out);
		await sh.error(`printf: ${e.message}`);
		return 1;
	}
	for (const m of errors) {
		await sh.out(out);
		out = '';
		await sh.error(`printf: ${m}`);
		status = 1;
	}
	const w = await sh.out(out, 'printf');
	return w || status;
}

// ---- read ----------------------------------------------------------------------------------

/** Reads up to the delimiter: byte by byte from pipes and terminals (so nothing is stolen from
 * the next command), by blocks with an lseek back from regular files, as bash does. */
async function readRecord(
	sh: Shell,
	fd: number,
	delim: string,
	max: number,
	timeoutMs: number
): Promise<{ text: string; eof: boolean; interrupted: boolean }> {
	const st = await sh.sys.fstat(fd);
	const regular = !isErrno(st) && (st.mode & S_IFMT) === S_IFREG;
	let text = '';
	for (;;) {
		if (max >= 0 && text.length >= max) return { text, eof: false, interrupted: false };
		if (timeoutMs >= 0) {
			const p = await sh.sys.poll([{ fd, read: true }], timeoutMs);
			if (!isErrno(p) && p.length === 0) return { text, eof: true, interrupted: false };
		}
		const want = regular ? 128 : 1;
		const r = await sh.sys.read(fd, max >= 0 ? Math.min(want, max - text.length) : want);
		if (isErrno(r)) {
			if (r.name === 'EINTR') {
				if (sh.interrupted || sh.pendingTraps.length > 0) {
					return { text, eof: false, interrupted: true };
				}
				continue;
			}
			return { text, eof: true, interrupted: false };
		}
		if (r === '') return { text, eof: true, interrupted: false };
		const at = r.indexOf(delim);
		if (at === -1) {
			text += r;
			continue;
		}
		if (regular && at < r.length - 1) await sh.sys.lseek(fd, -(r.length - at - 1), SEEK_CUR);
		// A backslash before the delimiter continues the line (unless -r); the caller handles it.
		return { text: text + r.slice(0, at) + '\n', eof: false, interrupted: false };
	}
}

export async function read(sh: Shell, argv: string[]): Promise<number> {
	let raw = false;
	let silent = false;
	let prompt = '';
	let nchars = -1;
	let timeout = -1;
	let delim = '\n';
	let i = 1;
	for (; i < argv.length; i++) {
		const a = argv[i]!;
		if (a === '--') {
			i++;
			break;
		}
		if (!a.startsWith('-') || a === '-') break;
		for (let j = 1; j < a.length; j++) {
			const c = a[j]!;
			const value = (): string | null => {
				const v = a.slice(j + 1) || argv[++i];
				j = a.length;
				return v ?? null;
			};
			if (c === 'r') raw = true;
			else if (c === 's') silent = true;
			else if (c === 'e') continue;
			else if (c === 'p' || c === 'n' || c === 't' || c === 'd') {
				const v = value();
				if (v === null) {
					await sh.error(`read: -${c}: option requires an argument`);
					return 2;
				}
				if (c === 'p') prompt = v;
				else if (c === 'd') delim = v[0] ?? '\0';
				else if (!/^[0-9]+$/.test(v)) {
					await sh.error(`read: ${v}: invalid ${c === 'n' ? 'number' : 'timeout specification'}`);
					return 1;
				} else if (c === 'n') nchars = Number(v);
				else timeout = Number(v) * 1000;
			} else {
				await sh.error(`read: -${c}: invalid option`);
				await sh.write(
					2,
					'read: usage: read [-ers] [-t timeout] [-p prompt] [-n nchars] [-d delim] [name ...]\n'
				);
				return 2;
			}
		}
	}
	const names = argv.slice(i);
	for (const n of names) {
		if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(n)) {
			await sh.error(`read: \`${n}': not a valid identifier`);
			return 1;
		}
	}
	const tty = await sh.sys.isatty(0);
	if (prompt && tty) await sh.write(2, prompt);
	let saved: Termios | null = null;
	if (tty && (silent || nchars >= 0)) {
		const t = await sh.sys.ioctl(0, TCGETS);
		if (!isErrno(t)) {
			saved = t as Termios;
			const m = { ...saved, cc: [...saved.cc] };
			if (silent) m.lflag &= ~ECHO;
			if (nchars >= 0) {
				m.lflag &= ~ICANON;
				m.cc[VMIN] = 1;
			}
			await sh.sys.ioctl(0, TCSETS, m);
		}
	}
	// Characters after a backslash are protected from splitting (marked by a \0 prefix here).
	let line = '';
	let eof: boolean;
	let interrupted: boolean;
	try {
		for (;;) {
			const r = await readRecord(sh, 0, delim, nchars >= 0 ? nchars - line.length : -1, timeout);
			eof = r.eof;
			interrupted = r.interrupted;
			let t = r.text;
			const ended = t.endsWith('\n') && !eof;
			if (ended) t = t.slice(0, -1);
			if (raw) {
				line += t;
				break;
			}
			let cont = false;
			for (let k = 0; k < t.length; k++) {
				if (t[k] === '\\') {
					if (k + 1 < t.length) line += '\0' + t[++k];
					else if (ended) cont = true;
				} else line += t[k];
			}
			if (!cont || eof || interrupted) break;
		}
	} finally {
		if (saved) await sh.sys.ioctl(0, TCSETS, saved);
	}
	if (interrupted) return sh.interrupted ? 130 : 128 + (sh.pendingTraps[0] ?? 2);
	const plain = (s: string): string => s.replace(/\0([\s\S])/g, '$1');
	if (names.length === 0) {
		sh.setVar('REPLY', plain(line));
		return eof && line === '' ? 1 : 0;
	}
	const fields = splitRead(line, sh.lookup('IFS') ?? ' \t\n', names.length);
	for (let k = 0; k < names.length; k++) {
		const err = sh.setVar(names[k]!, plain(fields[k] ?? ''));
		if (err) {
			await sh.error(err);
			return 1;
		}
	}
	return eof && line === '' ? 1 : 0;
}

/** Splits a line for `read`: the last name takes the rest, IFS whitespace trimmed at the ends. */
function splitRead(line: string, ifs: string, count: number): string[] {
	const isWs = (c: string): boolean => (c === ' ' || c === '\t' || c === '\n') && ifs.includes(c);
	const isDelim = (s: string, k: number): boolean =>
		ifs.includes(s[k]!) && (k === 0 || s[k - 1] !== '\0');
	const out: string[] = [];
	let k = 0;
	const n = line.length;
	while (k < n && isWs(line[k]!) && isDelim(line, k)) k++;
	while (out.length < count - 1 && k < n) {
		let j = k;
		while (j < n && !isDelim(line, j)) j++;
		out.push(line.slice(k, j));
		k = j;
		// Skip one delimiter with the IFS whitespace around it.
		while (k < n && isWs(line[k]!) && isDelim(line, k)) k++;
		if (k < n && isDelim(line, k) && !isWs(line[k]!)) {
			k++;
			while (k < n && isWs(line[k]!) && isDelim(line, k)) k++;
		}
	}
	let rest = line.slice(k);
	let e = rest.length;
	while (e > 0 && isWs(rest[e - 1]!) && (e === 1 || rest[e - 2] !== '\0')) e--;
	rest = rest.slice(0, e);
	if (rest !== '' || out.length < count) out.push(rest);
	return out;
}
