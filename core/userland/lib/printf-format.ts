// printf(1)'s formatting (sh-utils 2.0): C conversions over string arguments, the format reused
// while arguments remain, backslash escapes, and %b. Pure: the shell's builtin can share it.

export interface PrintfResult {
	output: string;
	/** Diagnostics, without the program-name prefix (`abc: expected a numeric value`). */
	errors: string[];
	/** A fatal format error stops everything (exit 1 with what was printed so far). */
	fatal: boolean;
	/** Printed like errors but without changing the exit status. */
	warnings: string[];
}

/** Backslash escapes of the format (`\NNN` octal) or, with `forB`, of a %b argument (`\0NNN`). */
function escape(
	s: string,
	i: number,
	forB: boolean
): { text: string; next: number; stop?: boolean } {
	const c = s[i + 1];
	if (c === undefined) return { text: '\\', next: i + 1 };
	const simple: Record<string, string> = {
		'\\': '\\',
		a: '\x07',
		b: '\b',
		f: '\f',
		n: '\n',
		r: '\r',
		t: '\t',
		v: '\v',
		'"': '"'
	};
	if (c in simple) return { text: simple[c]!, next: i + 2 };
	if (c === 'c' && forB) return { text: '', next: s.length, stop: true };
	if (c >= '0' && c <= '7') {
		let j = i + 1;
		// %b takes \0 plus up to three digits; the format takes up to three digits.
		if (forB && c === '0') j++;
		let v = 0;
		let n = 0;
		while (n < 3 && j < s.length && s[j]! >= '0' && s[j]! <= '7') {
			v = v * 8 + Number(s[j]);
			j++;
			n++;
		}
		return { text: String.fromCharCode(v & 0xff), next: j };
	}
	if (c === 'x') {
		const m = /^[0-9a-fA-F]{1,2}/.exec(s.slice(i + 2));
		if (m) return { text: String.fromCharCode(parseInt(m[0], 16)), next: i + 2 + m[0].length };
	}
	return { text: '\\' + c, next: i + 2 };
}

/** Interprets the escapes of a %b argument; `stop` is set by `\c`. */
export function unescapeB(s: string): { text: string; stop: boolean } {
	let out = '';
	for (let i = 0; i < s.length;) {
		if (s[i] === '\\') {
			const e = escape(s, i, true);
			out += e.text;
			i = e.next;
			if (e.stop) return { text: out, stop: true };
		} else out += s[i++];
	}
	return { text: out, stop: false };
}

function toInteger(arg: string, errors: string[]): bigint {
	if (arg === '') return 0n;
	if (arg[0] === '"' || arg[0] === "'") return BigInt(arg.charCodeAt(1) || 0);
	const m = /^\s*([-+]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)(.*)$/.exec(arg);
	if (!m) {
		errors.push(`${arg}: expected a numeric value`);
		return 0n;
	}
	if (m[3] !== '') errors.push(`${arg}: value not completely converted`);
	const digits = m[2]!;
	const v = /^0[xX]/.test(digits)
		? BigInt(digits)
		: digits.length > 1 && digits[0] === '0'
			? BigInt('0o' + digits.slice(1))
			: BigInt(digits);
	return m[1] === '-' ? -v : v;
}

function toFloat(arg: string, errors: string[]): number {
	if (arg === '') return 0;
	if (arg[0] === '"' || arg[0] === "'") return arg.charCodeAt(1) || 0;
	const m =
		/^\s*([-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|inf(?:inity)?|nan))(.*)$/i.exec(
			arg
		);
	if (!m) {
		errors.push(`${arg}: expected a numeric value`);
		return 0;
	}
	if (m[2] !== '') errors.push(`${arg}: value not completely converted`);
	return Number(m[1]!.replace(/^([-+]?)inf(inity)?$/i, '$1Infinity').replace(/^[-+]?nan$/i, 'NaN'));
}

interface Spec {
	flags: string;
	width: number | null;
	precision: number | null;
	conv: string;
}

function pad(body: string, sign: string, s: Spec, numeric: boolean): string {
	const width = s.width ?? 0;
	const len = sign.length + body.length;
	if (len >= width) return sign + body;
	if (s.flags.includes('-')) return sign + body + ' '.repeat(width - len);
	if (numeric && s.flags.includes('0')) return sign + '0'.repeat(width - len) + body;
	return ' '.repeat(width - len) + sign + body;
}

/** A finite non-negative double as an exact fraction num/den. */
function rational(v: number): [bigint, bigint] {
	const view = new DataView(new ArrayBuffer(8));
	view.setFloat64(0, v);
	const hi = view.getUint32(0);
	const lo = view.getUint32(4);
	const biased = (hi >>> 20) & 0x7ff;
	let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
	let exp = biased - 1075;
	if (biased === 0) exp = -1074;
	else mant |= 1n << 52n;
	return exp >= 0 ? [mant << BigInt(exp), 1n] : [mant, 1n << BigInt(-exp)];
}

/** num/den rounded to an integer, halves to even (glibc's exact rounding). */
function roundDiv(num: bigint, den: bigint): bigint {
	const q = num / den;
	const r2 = (num % den) * 2n;
	return r2 > den || (r2 === den && q % 2n === 1n) ? q + 1n : q;
}

/** The digits of v scaled by 10^shift, rounded: exact, unlike Number#toFixed. */
function scaled(v: number, shift: number): bigint {
	const [num, den] = rational(v);
	return shift >= 0
		? roundDiv(num * 10n ** BigInt(shift), den)
		: roundDiv(num, den * 10n ** BigInt(-shift));
}

function fixed(v: number, prec: number): string {
	const digits = scaled(v, prec)
		.toString()
		.padStart(prec + 1, '0');
	return prec === 0 ? digits : `${digits.slice(0, -prec)}.${digits.slice(-prec)}`;
}

/** [mantissa digits, decimal exponent] with prec digits after the point. */
function expDigits(v: number, prec: number): [string, number] {
	if (v === 0) return ['0'.repeat(prec + 1), 0];
	let x = Math.floor(Math.log10(v));
	let q = scaled(v, prec - x);
	if (q >= 10n ** BigInt(prec + 1)) q = scaled(v, prec - ++x);
	else if (q < 10n ** BigInt(prec)) q = scaled(v, prec - --x);
	return [q.toString(), x];
}

function exponent(v: number, prec: number, upper: boolean): string {
	const [digits, x] = expDigits(v, prec);
	const mant = prec === 0 ? digits : `${digits[0]}.${digits.slice(1)}`;
	const text = `${mant}e${x < 0 ? '-' : '+'}${String(Math.abs(x)).padStart(2, '0')}`;
	return upper ? text.toUpperCase() : text;
}

function formatFloat(v: number, s: Spec): string {
	const upper = s.conv === s.conv.toUpperCase();
	const neg = v < 0 || Object.is(v, -0);
	const a = Math.abs(v);
	const sign = neg ? '-' : s.flags.includes('+') ? '+' : s.flags.includes(' ') ? ' ' : '';
	if (!Number.isFinite(a)) {
		return pad(Number.isNaN(a) ? (upper ? 'NAN' : 'nan') : upper ? 'INF' : 'inf', sign, s, false);
	}
	const prec = s.precision ?? 6;
	let body: string;
	const c = s.conv.toLowerCase();
	if (c === 'f') body = fixed(a, prec);
	else if (c === 'e') body = exponent(a, prec, upper);
	else {
		const p = prec === 0 ? 1 : prec;
		const x = expDigits(a, p - 1)[1];
		body = p > x && x >= -4 ? fixed(a, p - 1 - x) : exponent(a, p - 1, upper);
		if (!s.flags.includes('#')) {
			// %g drops trailing zeros of the fraction (and a bare point).
			const [mant, exp] = body.split(/(?=[eE])/) as [string, string?];
			const trimmed = mant.includes('.') ? mant.replace(/0+$/, '').replace(/\.$/, '') : mant;
			body = trimmed + (exp ?? '');
		}
	}
	return pad(body, sign, s, true);
}

function formatInteger(v: bigint, s: Spec): string {
	const c = s.conv;
	let sign = '';
	let body: string;
	if (c === 'd' || c === 'i') {
		sign = v < 0n ? '-' : s.flags.includes('+') ? '+' : s.flags.includes(' ') ? ' ' : '';
		body = (v < 0n ? -v : v).toString();
	} else {
		const u = BigInt.asUintN(64, v);
		body = u.toString(c === 'o' ? 8 : c === 'u' ? 10 : 16);
		if (c === 'X') body = body.toUpperCase();
		if (s.flags.includes('#') && u !== 0n) {
			if (c === 'o') body = '0' + body;
			else if (c === 'x' || c === 'X') sign = c === 'x' ? '0x' : '0X';
		}
	}
	if (s.precision !== null) {
		body = body.padStart(s.precision, '0');
		if (s.precision === 0 && v === 0n) body = '';
		return pad(body, sign, { ...s, flags: s.flags.replace(/0/g, '') }, true);
	}
	return pad(body, sign, s, true);
}

/** Runs printf FORMAT ARGS... */
export function formatPrintf(format: string, args: readonly string[]): PrintfResult {
	const errors: string[] = [];
	let output = '';
	let ai = 0;
	const next = (): string | undefined => (ai < args.length ? args[ai++] : undefined);
	for (;;) {
		const before = ai;
		for (let i = 0; i < format.length;) {
			const ch = format[i]!;
			if (ch === '\\') {
				const e = escape(format, i, false);
				output += e.text;
				i = e.next;
				continue;
			}
			if (ch !== '%') {
				output += ch;
				i++;
				continue;
			}
			if (format[i + 1] === '%') {
				output += '%';
				i += 2;
				continue;
			}
			const m = /^%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d*))?([diouxXfeEgGcsb])/.exec(format.slice(i));
			if (!m) {
				const bad = format[i + 1] ?? '';
				errors.push(`%${bad}: invalid directive`);
				return { output, errors, fatal: true, warnings: [] };
			}
			i += m[0].length;
			const spec: Spec = { flags: m[1]!, width: null, precision: null, conv: m[4]! };
			if (m[2] === '*') spec.width = Number(toInteger(next() ?? '', errors));
			else if (m[2] !== undefined) spec.width = Number(m[2]);
			if (spec.width !== null && spec.width < 0) {
				spec.flags += '-';
				spec.width = -spec.width;
			}
			if (m[3] === '*') spec.precision = Number(toInteger(next() ?? '', errors));
			else if (m[3] !== undefined) spec.precision = m[3] === '' ? 0 : Number(m[3]);
			if (spec.precision !== null && spec.precision < 0) spec.precision = null;
			const arg = next();
			switch (spec.conv) {
				case 's': {
					const v = arg ?? '';
					output += pad(spec.precision !== null ? v.slice(0, spec.precision) : v, '', spec, false);
					break;
				}
				case 'b': {
					const u = unescapeB(arg ?? '');
					output += pad(
						spec.precision !== null ? u.text.slice(0, spec.precision) : u.text,
						'',
						spec,
						false
					);
					if (u.stop) return { output, errors, fatal: false, warnings: [] };
					break;
				}
				case 'c':
					output += pad((arg ?? '').slice(0, 1), '', spec, false);
					break;
				case 'f':
				case 'e':
				case 'E':
				case 'g':
				case 'G':
					output += formatFloat(toFloat(arg ?? '', errors), spec);
					break;
				default:
					output += formatInteger(toInteger(arg ?? '', errors), spec);
			}
		}
		// The format is reused while arguments remain, but only if it consumed some.
		if (ai >= args.length) break;
		if (ai === before) {
			return {
				output,
				errors,
				fatal: false,
				warnings: ['warning: excess arguments have been ignored']
			};
		}
	}
	return { output, errors, fatal: false, warnings: [] };
}
