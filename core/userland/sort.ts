// /bin/sort (textutils 2.0.21): sorts lines by keys (-k, -t), numerically (-n), in reverse (-r),
// uniquely (-u), or checks order (-c). Comparison is bytewise, as in the C locale.
import { O_CREAT, O_TRUNC, O_WRONLY, isErrno, type Sys } from '../syscalls/index.ts';
import { Tool, YIELD_EVERY, splitLines } from './lib/tool.ts';

const usage = `[OPTION]... [FILE]...
Write sorted concatenation of all FILE(s) to standard output.

Ordering options:
  -b, --ignore-leading-blanks ignore leading blanks
  -d, --dictionary-order      consider only blanks and alphanumeric characters
  -f, --ignore-case           fold lower case to upper case characters
  -g, --general-numeric-sort  compare according to general numerical value
  -i, --ignore-nonprinting    consider only printable characters
  -M, --month-sort            compare (unknown) < \`JAN' < ... < \`DEC'
  -n, --numeric-sort          compare according to string numerical value
  -r, --reverse               reverse the result of comparisons

Other options:
  -c, --check               check whether input is sorted; do not sort
  -k, --key=POS1[,POS2]     start a key at POS1, end it at POS2 (origin 1)
  -m, --merge               merge already sorted files; do not sort
  -o, --output=FILE         write result to FILE instead of standard output
  -s, --stable              stabilize sort by disabling last-resort comparison
  -t, --field-separator=SEP use SEP instead of non-blank to blank transition
  -u, --unique              with -c, check for strict ordering;
                              without -c, output only the first of an equal run
      --help     display this help and exit
      --version  output version information and exit
`;

interface KeyOpts {
	blanks: boolean;
	dictionary: boolean;
	fold: boolean;
	numeric: boolean;
	general: boolean;
	month: boolean;
	nonprinting: boolean;
	reverse: boolean;
}

interface Key extends KeyOpts {
	sf: number;
	sc: number;
	ef: number;
	ec: number;
	startBlanks: boolean;
	endBlanks: boolean;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

function blankOpts(): KeyOpts {
	return {
		blanks: false,
		dictionary: false,
		fold: false,
		numeric: false,
		general: false,
		month: false,
		nonprinting: false,
		reverse: false
	};
}

function applyLetters(k: KeyOpts, letters: string): boolean {
	for (const c of letters) {
		if (c === 'b') k.blanks = true;
		else if (c === 'd') k.dictionary = true;
		else if (c === 'f') k.fold = true;
		else if (c === 'g') k.general = true;
		else if (c === 'i') k.nonprinting = true;
		else if (c === 'M') k.month = true;
		else if (c === 'n') k.numeric = true;
		else if (c === 'r') k.reverse = true;
		else return false;
	}
	return true;
}

/** -k POS1[,POS2]: F[.C][OPTS]; null if malformed. */
function parseKey(spec: string, global: KeyOpts): Key | null {
	const m = /^(\d+)(?:\.(\d+))?([bdfgiMnr]*)(?:,(\d+)(?:\.(\d+))?([bdfgiMnr]*))?$/.exec(spec);
	if (!m || Number(m[1]) === 0) return null;
	const k: Key = {
		...blankOpts(),
		sf: Number(m[1]) - 1,
		sc: m[2] ? Number(m[2]) - 1 : 0,
		ef: m[4] ? Number(m[4]) - 1 : -1,
		ec: m[5] ? Number(m[5]) : 0,
		startBlanks: false,
		endBlanks: false
	};
	applyLetters(k, (m[3] ?? '') + (m[6] ?? ''));
	k.startBlanks = (m[3] ?? '').includes('b');
	k.endBlanks = (m[6] ?? '').includes('b');
	// A key with no ordering options of its own inherits the global ones.
	if (!m[3] && !m[6]) {
		Object.assign(k, global);
		k.startBlanks = k.endBlanks = global.blanks;
	}
	return k;
}

const isBlank = (c: string | undefined) => c === ' ' || c === '\t';

/** The part of a line a key covers. */
function keyText(line: string, k: Key, tab: string | null): string {
	const fieldStart = (f: number): number => {
		let i = 0;
		for (let n = 0; n < f && i <= line.length; n++) {
			if (tab !== null) {
				const j = line.indexOf(tab, i);
				if (j === -1) return line.length;
				i = j + 1;
			} else {
				while (i < line.length && isBlank(line[i])) i++;
				while (i < line.length && !isBlank(line[i])) i++;
			}
		}
		return Math.min(i, line.length);
	};
	const fieldEnd = (f: number): number => {
		let i = fieldStart(f);
		if (tab !== null) {
			const j = line.indexOf(tab, i);
			return j === -1 ? line.length : j;
		}
		while (i < line.length && isBlank(line[i])) i++;
		while (i < line.length && !isBlank(line[i])) i++;
		return i;
	};
	let s = fieldStart(k.sf);
	if (k.startBlanks) while (s < line.length && isBlank(line[s])) s++;
	s = Math.min(line.length, s + k.sc);
	let e: number;
	if (k.ef < 0) e = line.length;
	else if (k.ec === 0) e = fieldEnd(k.ef);
	else {
		e = fieldStart(k.ef);
		if (k.endBlanks) while (e < line.length && isBlank(line[e])) e++;
		e = Math.min(line.length, e + k.ec);
	}
	return line.slice(s, Math.max(s, e));
}

function numeric(s: string): number {
	const m = /^\s*(-?\d*(?:\.\d*)?)/.exec(s);
	const v = m ? Number(m[1]) : 0;
	return Number.isFinite(v) ? v : 0;
}

function general(s: string): number {
	const m = /^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)/.exec(s);
	return m ? Number(m[1]) : Number.NEGATIVE_INFINITY;
}

function bytewise(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

function compareKey(a: string, b: string, k: KeyOpts): number {
	let r: number;
	if (k.numeric) r = Math.sign(numeric(a) - numeric(b));
	else if (k.general) {
		const x = general(a),
			y = general(b);
		r = x === y ? 0 : x < y ? -1 : 1;
	} else if (k.month) {
		const mo = (s: string) => MONTHS.indexOf(s.trimStart().slice(0, 3).toUpperCase()) + 1;
		r = Math.sign(mo(a) - mo(b));
	} else {
		let x = a,
			y = b;
		if (k.blanks) {
			x = x.trimStart();
			y = y.trimStart();
		}
		if (k.dictionary) {
			x = x.replace(/[^A-Za-z0-9 \t]/g, '');
			y = y.replace(/[^A-Za-z0-9 \t]/g, '');
		}
		if (k.nonprinting) {
			x = x.replace(/[^ -~]/g, '');
			y = y.replace(/[^ -~]/g, '');
		}
		if (k.fold) {
			x = x.toUpperCase();
			y = y.toUpperCase();
		}
		r = bytewise(x, y);
	}
	return k.reverse ? -r : r;
}

export async function sort(sys: Sys, argv: string[], env: Record<string, string>): Promise<number> {
	const t = new Tool(sys, argv, env);
	const p = await t.parse(
		{
			short: 'bcdfgiMmnrk:o:st:T:uS:z',
			long: {
				'ignore-leading-blanks': { key: 'b' },
				check: { key: 'c' },
				'dictionary-order': { key: 'd' },
				'ignore-case': { key: 'f' },
				'general-numeric-sort': { key: 'g' },
				'ignore-nonprinting': { key: 'i' },
				'month-sort': { key: 'M' },
				merge: { key: 'm' },
				'numeric-sort': { key: 'n' },
				reverse: { key: 'r' },
				key: { key: 'k', arg: 'required' },
				output: { key: 'o', arg: 'required' },
				stable: { key: 's' },
				'field-separator': { key: 't', arg: 'required' },
				unique: { key: 'u' }
			}
		},
		{ usage, version: 'textutils 2.0.21' },
		2
	);
	if (typeof p === 'number') return p;
	const global = blankOpts();
	const keySpecs: string[] = [];
	let check = false,
		stable = false,
		unique = false;
	let output: string | null = null;
	let tab: string | null = null;
	for (const o of p.options) {
		if ('bdfgiMnr'.includes(o.key)) applyLetters(global, o.key);
		else if (o.key === 'c') check = true;
		else if (o.key === 's') stable = true;
		else if (o.key === 'u') unique = true;
		else if (o.key === 'o') output = o.value!;
		else if (o.key === 'k') keySpecs.push(o.value!);
		else if (o.key === 't') {
			if (o.value!.length !== 1) {
				await t.error('multi-character tab `' + o.value + "'");
				return 2;
			}
			tab = o.value!;
		}
	}
	const keys: Key[] = [];
	for (const spec of keySpecs) {
		const k = parseKey(spec, global);
		if (!k) {
			await t.error(`invalid field specification \`${spec}'`);
			return 2;
		}
		keys.push(k);
	}
	const cmp = (a: string, b: string): number => {
		for (const k of keys) {
			const r = compareKey(keyText(a, k, tab), keyText(b, k, tab), k);
			if (r !== 0) return r;
		}
		// Without -k the whole line is the key, compared with the global options.
		if (keys.length === 0) {
			const r = compareKey(a, b, global);
			if (r !== 0) return r;
		}
		if (stable || unique) return 0;
		// The last resort: whole lines, bytewise (reversed with a global -r).
		const r = bytewise(a, b);
		return global.reverse ? -r : r;
	};
	const files = p.operands.length > 0 ? p.operands : ['-'];
	const lines: string[] = [];
	for (const f of files) {
		const text = await t.readFile(f);
		if (isErrno(text)) {
			await t.error(`open failed: ${f}: ${text.message}`);
			return 2;
		}
		if (check) {
			const ls = splitLines(text);
			for (let i = 1; i < ls.length; i++) {
				const r = cmp(ls[i - 1]!, ls[i]!);
				if (r > 0 || (unique && r === 0)) {
					await t.errRaw(`${t.prog}: ${f}:${i + 1}: disorder: ${ls[i]}\n`);
					return 1;
				}
			}
			continue;
		}
		lines.push(...splitLines(text));
	}
	if (check) return 0;
	if (lines.length > YIELD_EVERY) await t.yield();
	const sorted = lines
		.map((l, i) => [l, i] as const)
		.sort((x, y) => cmp(x[0], y[0]) || x[1] - y[1]);
	let out = '';
	let prev: string | null = null;
	for (const [l] of sorted) {
		if (unique && prev !== null && cmp(prev, l) === 0) continue;
		out += l + '\n';
		prev = l;
	}
	if (output !== null) {
		const fd = await sys.open(output, O_WRONLY | O_CREAT | O_TRUNC, 0o666);
		if (isErrno(fd)) {
			await t.error(`open failed: ${output}: ${fd.message}`);
			return 2;
		}
		await sys.write(fd, out);
		await sys.close(fd);
		return 0;
	}
	await t.out(out);
	return t.exit(0);
}
