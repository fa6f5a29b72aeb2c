// The builtins that print: echo and printf (bash 2.05's directives, %b and %q included). read is in
// read.ts, loaded on first use.
import type { Shell, St } from '../interpreter.ts';
import { xquote } from '../interpreter.ts';

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
