// The engine's pattern syntax, parsed into a tree. The POSIX front end (core/userland/lib/regex.ts)
// translates BRE and ERE into this syntax, which is the subset of JavaScript's own that it emits,
// read with JavaScript's meaning so that matches stay what they were when RegExp ran them:
//   literals and `\` identity escapes, `.`, `[...]` / `[^...]` with ranges and \d \w \s \D \W \S
//   \t \n \r \f \v \0 \xHH \uHHHH, `^` `$` (whole subject, no multiline), `\b` `\B`, groups `(`,
//   `(?:`, alternation, `*` `+` `?` `{m}` `{m,}` `{m,n}` (a `?` after them makes them lazy),
//   back-references `\1`..`\99`, and lookarounds `(?=x)` `(?!x)` `(?<=x)` `(?<!x)` whose body is
//   a single character (what `\<`, `\>` and grep -w need).
// Anything else is refused with an "Invalid regular expression" error rather than guessed at.
import {
	CharSet,
	DIGIT,
	LINE_TERMINATORS,
	SPACE,
	WORD,
	complement,
	type Ranges
} from './charset.ts';

export type Assertion =
	| { kind: 'bol' | 'eol' | 'wordb' | 'nwordb' }
	| { kind: 'ahead' | 'behind'; set: CharSet; negate: boolean };

export type Node =
	| { k: 'set'; set: CharSet }
	| { k: 'cat'; list: Node[] }
	| { k: 'alt'; list: Node[] }
	/** `cap` is the group's number, 0 for `(?:`. `first`..`last` are the groups inside (with itself). */
	| { k: 'group'; cap: number; body: Node }
	| { k: 'rep'; body: Node; min: number; max: number; greedy: boolean }
	| { k: 'assert'; a: Assertion }
	| { k: 'backref'; n: number }
	| { k: 'empty' };

export interface Parsed {
	node: Node;
	/** Number of capturing groups. */
	groups: number;
	hasBackrefs: boolean;
}

export class RegexSyntaxError extends Error {}

/** The largest count `{m,n}` accepts (glibc's RE_DUP_MAX). */
export const DUP_MAX = 0x7fff;

const ESCAPE_CLASSES: Record<string, [Ranges, boolean]> = {
	d: [DIGIT, false],
	D: [DIGIT, true],
	w: [WORD, false],
	W: [WORD, true],
	s: [SPACE, false],
	S: [SPACE, true]
};

const CONTROL: Record<string, number> = { t: 9, n: 10, v: 11, f: 12, r: 13, '0': 0 };

class Parser {
	private i = 0;
	groups = 0;
	hasBackrefs = false;
	private backrefs: { k: 'backref'; n: number }[] = [];

	constructor(
		private readonly s: string,
		private readonly icase: boolean,
		private readonly dotAll: boolean
	) {}

	fail(): never {
		throw new RegexSyntaxError('Invalid regular expression');
	}

	parse(): Parsed {
		const node = this.alt();
		if (this.i < this.s.length) this.fail(); // a `)` without its `(`
		for (const b of this.backrefs) {
			if (b.n <= this.groups) continue;
			// `\10` with fewer than ten groups is `\1` then a literal 0.
			if (b.n < 10 || Math.floor(b.n / 10) > this.groups) this.fail();
			const digit = 0x30 + (b.n % 10);
			const node: Node = {
				k: 'cat',
				list: [{ k: 'backref', n: Math.floor(b.n / 10) }, this.set([digit, digit])]
			};
			Object.assign(b, node);
		}
		return { node, groups: this.groups, hasBackrefs: this.hasBackrefs };
	}

	private alt(): Node {
		const list = [this.cat()];
		while (this.s[this.i] === '|') {
			this.i++;
			list.push(this.cat());
		}
		return list.length === 1 ? list[0]! : { k: 'alt', list };
	}

	private cat(): Node {
		const list: Node[] = [];
		for (;;) {
			const c = this.s[this.i];
			if (c === undefined || c === '|' || c === ')') break;
			list.push(this.quantified());
		}
		return list.length === 0 ? { k: 'empty' } : list.length === 1 ? list[0]! : { k: 'cat', list };
	}

	/** `{m}`, `{m,}` or `{m,n}` at the cursor, or null when the brace is a literal. */
	private braces(): { min: number; max: number; len: number } | null {
		const m = /^\{(\d+)(,(\d*))?\}/.exec(this.s.slice(this.i, this.i + 24));
		if (!m) return null;
		const min = Number(m[1]);
		const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
		return { min, max, len: m[0].length };
	}

	private quantified(): Node {
		const atom = this.atom();
		const c = this.s[this.i];
		let min: number, max: number;
		if (c === '*') [min, max] = [0, Infinity];
		else if (c === '+') [min, max] = [1, Infinity];
		else if (c === '?') [min, max] = [0, 1];
		else if (c === '{') {
			const b = this.braces();
			if (!b) return atom;
			[min, max] = [b.min, b.max];
			this.i += b.len - 1;
		} else return atom;
		this.i++;
		if (max < min) this.fail();
		if (min > DUP_MAX || (max !== Infinity && max > DUP_MAX)) {
			throw new RegexSyntaxError('Regular expression too big');
		}
		if (atom.k === 'assert') this.fail();
		let greedy = true;
		if (this.s[this.i] === '?') {
			greedy = false;
			this.i++;
		}
		const q = this.s[this.i];
		if (q === '*' || q === '+' || q === '?' || (q === '{' && this.braces())) this.fail();
		return { k: 'rep', body: atom, min, max, greedy };
	}

	private set(r: Ranges, negate = false): Node {
		return { k: 'set', set: new CharSet(r, negate, this.icase) };
	}

	private atom(): Node {
		const s = this.s;
		const c = s[this.i]!;
		switch (c) {
			case '(':
				return this.group();
			case '.':
				this.i++;
				return this.dotAll ? this.set([], true) : this.set(LINE_TERMINATORS, true);
			case '[':
				return this.bracket();
			case '^':
				this.i++;
				return { k: 'assert', a: { kind: 'bol' } };
			case '$':
				this.i++;
				return { k: 'assert', a: { kind: 'eol' } };
			case '*':
			case '+':
			case '?':
				this.fail(); // nothing to repeat
				break;
			case '{':
				if (this.braces()) this.fail();
				break;
			case '\\':
				return this.escape();
		}
		this.i++;
		const code = c.charCodeAt(0);
		return this.set([code, code]);
	}

	private group(): Node {
		const s = this.s;
		this.i++;
		let look: 'ahead' | 'behind' | null = null;
		let negate = false;
		let cap = 0;
		if (s[this.i] === '?') {
			const kind = s.slice(this.i, this.i + 3);
			if (kind.startsWith('?:')) this.i += 2;
			else if (kind.startsWith('?=') || kind.startsWith('?!')) {
				look = 'ahead';
				negate = kind[1] === '!';
				this.i += 2;
			} else if (kind === '?<=' || kind === '?<!') {
				look = 'behind';
				negate = kind[2] === '!';
				this.i += 3;
			} else this.fail();
		} else cap = ++this.groups;
		const body = this.alt();
		if (s[this.i] !== ')') this.fail();
		this.i++;
		if (look) {
			// Only one-character lookarounds: they are assertions on a neighbouring code unit.
			if (body.k !== 'set') this.fail();
			return { k: 'assert', a: { kind: look, set: body.set, negate } };
		}
		return { k: 'group', cap, body };
	}

	private escape(): Node {
		const s = this.s;
		const n = s[this.i + 1];
		if (n === undefined) this.fail();
		this.i += 2;
		if (n === 'b') return { k: 'assert', a: { kind: 'wordb' } };
		if (n === 'B') return { k: 'assert', a: { kind: 'nwordb' } };
		if (n >= '1' && n <= '9') {
			let num = n;
			if (s[this.i] !== undefined && s[this.i]! >= '0' && s[this.i]! <= '9') num += s[this.i++];
			this.hasBackrefs = true;
			const node = { k: 'backref' as const, n: Number(num) };
			this.backrefs.push(node);
			return node;
		}
		const cls = ESCAPE_CLASSES[n];
		if (cls) return this.set(cls[0], cls[1]);
		const code = this.escapedCode(n);
		return this.set([code, code]);
	}

	/** The code unit of an escape whose letter `n` was just read (\t, \x41, \u0041, \.). */
	private escapedCode(n: string): number {
		if (n in CONTROL) return CONTROL[n]!;
		const hex = n === 'x' ? 2 : n === 'u' ? 4 : 0;
		if (hex > 0) {
			const digits = this.s.slice(this.i, this.i + hex);
			if (digits.length === hex && /^[0-9a-fA-F]+$/.test(digits)) {
				this.i += hex;
				return parseInt(digits, 16);
			}
		}
		return n.charCodeAt(0);
	}

	private bracket(): Node {
		const s = this.s;
		this.i++;
		let negate = false;
		if (s[this.i] === '^') {
			negate = true;
			this.i++;
		}
		const ranges: Ranges = [];
		for (;;) {
			const c = s[this.i];
			if (c === undefined) this.fail();
			if (c === ']') {
				this.i++;
				break;
			}
			const lo = this.classAtom(ranges);
			if (lo === null) continue;
			if (s[this.i] === '-' && s[this.i + 1] !== undefined && s[this.i + 1] !== ']') {
				this.i++;
				const hi = this.classAtom(ranges);
				if (hi === null) {
					// `[\w-x]`: Annex B reads the dash literally.
					ranges.push(lo, lo, 0x2d, 0x2d);
					continue;
				}
				if (hi < lo) this.fail();
				ranges.push(lo, hi);
			} else ranges.push(lo, lo);
		}
		return this.set(ranges, negate);
	}

	/** One member: its code unit, or null after adding a class escape's ranges itself. */
	private classAtom(ranges: Ranges): number | null {
		const c = this.s[this.i]!;
		this.i++;
		if (c !== '\\') return c.charCodeAt(0);
		const n = this.s[this.i];
		if (n === undefined) this.fail();
		this.i++;
		const cls = ESCAPE_CLASSES[n];
		if (cls) {
			ranges.push(...(cls[1] ? complement(cls[0]) : cls[0]));
			return null;
		}
		if (n === 'b') return 8;
		return this.escapedCode(n);
	}
}

/** Parses `source` (with `dotAll`, `.` matches line terminators too); throws RegexSyntaxError. */
export function parse(source: string, icase: boolean, dotAll = false): Parsed {
	return new Parser(source, icase, dotAll).parse();
}
