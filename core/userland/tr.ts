// /usr/bin/tr (textutils 2.0.21): translates, squeezes or deletes characters, with ranges,
// escapes, [:class:] names and [c*n] repeats.
import { isErrno, type Sys } from '../syscalls/index.ts';
import { Tool } from './lib/tool.ts';

const usage = `[OPTION]... SET1 [SET2]
Translate, squeeze, and/or delete characters from standard input,
writing to standard output.

  -c, --complement        first complement SET1
  -d, --delete            delete characters in SET1, do not translate
  -s, --squeeze-repeats   replace each input sequence of a repeated character
                            that is listed in SET1 with a single occurrence
                            of that character
  -t, --truncate-set1     first truncate SET1 to length of SET2
      --help              display this help and exit
      --version           output version information and exit
`;

const CLASS: Record<string, (c: number) => boolean> = {
	alnum: (c) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122),
	alpha: (c) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122),
	blank: (c) => c === 32 || c === 9,
	cntrl: (c) => c < 32 || c === 127,
	digit: (c) => c >= 48 && c <= 57,
	graph: (c) => c > 32 && c < 127,
	lower: (c) => c >= 97 && c <= 122,
	print: (c) => c >= 32 && c < 127,
	punct: (c) =>
		c > 32 && c < 127 && !((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)),
	space: (c) => c === 32 || (c >= 9 && c <= 13),
	upper: (c) => c >= 65 && c <= 90,
	xdigit: (c) => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102)
};

interface Parsed {
	chars: number[];
	/** Index of a [c*] (fill) repeat in the array, if any. */
	fill: number | null;
}

/** Expands a tr set; an error message when invalid. */
function expand(s: string): Parsed | string {
	// First pass: escapes to code points, keeping track of which are literal.
	const items: { c: number; lit: boolean }[] = [];
	for (let i = 0; i < s.length; i++) {
		if (s[i] !== '\\') {
			items.push({ c: s.charCodeAt(i), lit: false });
			continue;
		}
		const n = s[i + 1];
		if (n === undefined) return 'invalid backslash escape at end of string';
		const esc: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92 };
		if (n in esc) {
			items.push({ c: esc[n]!, lit: true });
			i++;
		} else if (n >= '0' && n <= '7') {
			let v = 0;
			let j = i + 1;
			while (j < s.length && j < i + 4 && s[j]! >= '0' && s[j]! <= '7') v = v * 8 + Number(s[j++]);
			items.push({ c: v & 0xff, lit: true });
			i = j - 1;
		} else {
			items.push({ c: n.charCodeAt(0), lit: true });
			i++;
		}
	}
	const chars: number[] = [];
	let fill: number | null = null;
	const ch = (k: number) => String.fromCharCode(items[k]?.c ?? 0);
	for (let k = 0; k < items.length; k++) {
		const it = items[k]!;
		if (!it.lit && ch(k) === '[' && k + 1 < items.length) {
			const rest = items
				.slice(k + 1)
				.map((x) => String.fromCharCode(x.c))
				.join('');
			const cls = /^:([a-z]+):\]/.exec(rest);
			if (cls) {
				const f = CLASS[cls[1]!];
				if (!f) return `invalid character class \`${cls[1]}'`;
				for (let c = 0; c < 256; c++) if (f(c)) chars.push(c);
				k += cls[0].length;
				continue;
			}
			const eq = /^=(.)=\]/.exec(rest);
			if (eq) {
				chars.push(eq[1]!.charCodeAt(0));
				k += eq[0].length;
				continue;
			}
			const rep = /^(.)\*(\d*)\]/s.exec(rest);
			if (rep) {
				const count =
					rep[2] === '' ? 0 : rep[2]!.startsWith('0') ? parseInt(rep[2]!, 8) : Number(rep[2]);
				if (count === 0) fill = chars.length;
				chars.push(...new Array<number>(Math.max(1, count)).fill(rep[1]!.charCodeAt(0)));
				k += rep[0].length;
				continue;
			}
		}
		if (k + 2 < items.length && ch(k + 1) === '-' && !items[k + 1]!.lit) {
			const end = items[k + 2]!.c;
			if (end < it.c) {
				return `range-endpoints of \`${ch(k)}-${ch(k + 2)}' are in reverse collating sequence order`;
			}
			for (let c = it.c; c <= end; c++) chars.push(c);
			k += 2;
			continue;
		}
		chars.push(it.c);
	}
	return { chars, fill };
}

export async function tr(sys: Sys, argv: string[], env: Record<string, string>): Promise<number> {
	const t = new Tool(sys, argv, env);
	const p = await t.parse(
		{
			short: 'cdst',
			long: {
				complement: { key: 'c' },
				delete: { key: 'd' },
				'squeeze-repeats': { key: 's' },
				'truncate-set1': { key: 't' }
			}
		},
		{ usage, version: 'textutils 2.0.21' }
	);
	if (typeof p === 'number') return p;
	const has = (k: string) => p.options.some((o) => o.key === k);
	const complement = has('c'),
		del = has('d'),
		squeeze = has('s'),
		truncate = has('t');
	const n = p.operands.length;
	const die = async (msg: string, usageToo = false) => {
		await t.error(msg);
		if (usageToo) await t.tryHelp();
		return 1;
	};
	if (n === 0) return die('too few arguments', true);
	if (n > 2 || (del && !squeeze && n > 1)) {
		if (del && !squeeze && n === 2) {
			return die('only one string may be given when deleting without squeezing repeats');
		}
		return die('too many arguments', true);
	}
	if (!del && !squeeze && n < 2) return die('two strings must be given when translating');
	if (del && squeeze && n !== 2) {
		return die('two strings must be given when both deleting and squeezing repeats');
	}
	const s1 = expand(p.operands[0]!);
	if (typeof s1 === 'string') return die(s1);
	let set1 = s1.chars;
	if (complement) {
		const inSet = new Set(set1);
		set1 = [];
		for (let c = 0; c < 256; c++) if (!inSet.has(c)) set1.push(c);
	}
	let set2: number[] = [];
	if (n === 2) {
		const s2 = expand(p.operands[1]!);
		if (typeof s2 === 'string') return die(s2);
		set2 = s2.chars;
		if (s2.fill !== null && !del) {
			const need = set1.length - set2.length + 1;
			set2.splice(s2.fill, 1, ...new Array<number>(Math.max(0, need)).fill(set2[s2.fill]!));
		}
	}
	const map = new Int16Array(256).fill(-1);
	const deleteSet = new Set<number>();
	let squeezeSet = new Set<number>();
	if (del) {
		for (const c of set1) deleteSet.add(c);
		if (squeeze) squeezeSet = new Set(set2);
	} else if (n === 2) {
		if (truncate) set1 = set1.slice(0, set2.length);
		if (set2.length === 0 && set1.length > 0) {
			return die('when not truncating set1, string2 must be non-empty');
		}
		for (let i = 0; i < set1.length; i++) map[set1[i]!] = set2[Math.min(i, set2.length - 1)]!;
		if (squeeze) squeezeSet = new Set(set2);
	} else squeezeSet = new Set(set1);
	let last = -1;
	for (;;) {
		const r = await sys.read(0, 4096);
		if (isErrno(r)) {
			await t.error(`read error: ${r.message}`);
			return t.exit(1);
		}
		if (r === '') break;
		let out = '';
		for (let i = 0; i < r.length; i++) {
			let c = r.charCodeAt(i);
			if (deleteSet.has(c)) continue;
			if (map[c]! >= 0) c = map[c]!;
			if (squeezeSet.has(c) && c === last) continue;
			last = c;
			out += String.fromCharCode(c);
		}
		await t.out(out);
	}
	return t.exit(0);
}
