// Sets of UTF-16 code units, the atoms of the regex engine: a literal, `.`, a bracket expression,
// `\w`... A set answers `has(code)` from a table for ASCII and from sorted ranges above it.

/** JavaScript's non-unicode case canonicalization (ES2023 22.2.2.7.3, Canonicalize without u). */
export function canonicalize(c: number): number {
	const ch = String.fromCharCode(c);
	const u = ch.toUpperCase();
	if (u.length !== 1) return c;
	const cu = u.charCodeAt(0);
	if (c >= 128 && cu < 128) return c;
	return cu;
}

/** Ranges as flat [lo, hi, lo, hi...] pairs (inclusive). */
export type Ranges = number[];

export const DIGIT: Ranges = [0x30, 0x39];
export const WORD: Ranges = [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a];
export const SPACE: Ranges = [
	0x09, 0x0d, 0x20, 0x20, 0xa0, 0xa0, 0x1680, 0x1680, 0x2000, 0x200a, 0x2028, 0x2029, 0x202f,
	0x202f, 0x205f, 0x205f, 0x3000, 0x3000, 0xfeff, 0xfeff
];
/** What `.` does not match without the s flag: the line terminators. */
export const LINE_TERMINATORS: Ranges = [0x0a, 0x0a, 0x0d, 0x0d, 0x2028, 0x2029];

/** The code units not in `r` (r sorted and disjoint). */
export function complement(r: Ranges): Ranges {
	const out: Ranges = [];
	let next = 0;
	for (let i = 0; i < r.length; i += 2) {
		if (r[i]! > next) out.push(next, r[i]! - 1);
		next = r[i + 1]! + 1;
	}
	if (next <= 0xffff) out.push(next, 0xffff);
	return out;
}

/** Sorts and merges overlapping or touching ranges. */
export function normalize(r: Ranges): Ranges {
	const pairs: [number, number][] = [];
	for (let i = 0; i < r.length; i += 2) pairs.push([r[i]!, r[i + 1]!]);
	pairs.sort((a, b) => a[0] - b[0]);
	const out: Ranges = [];
	for (const [lo, hi] of pairs) {
		const n = out.length;
		if (n > 0 && lo <= out[n - 1]! + 1) out[n - 1] = Math.max(out[n - 1]!, hi);
		else out.push(lo, hi);
	}
	return out;
}

function inRanges(r: Ranges, c: number): boolean {
	// Binary search over the pairs.
	let lo = 0;
	let hi = (r.length >> 1) - 1;
	while (lo <= hi) {
		const mid = (lo + hi) >> 1;
		if (c < r[2 * mid]!) hi = mid - 1;
		else if (c > r[2 * mid + 1]!) lo = mid + 1;
		else return true;
	}
	return false;
}

export class CharSet {
	/** 1 where an ASCII code unit is in the set (negation and case folding applied). */
	readonly ascii = new Uint8Array(128);
	private readonly ranges: Ranges;
	private readonly negate: boolean;
	private readonly icase: boolean;

	constructor(ranges: Ranges, negate: boolean, icase: boolean) {
		this.ranges = normalize(ranges);
		this.negate = negate;
		this.icase = icase;
		for (let c = 0; c < 128; c++) this.ascii[c] = this.slow(c) ? 1 : 0;
	}

	has(c: number): boolean {
		return c < 128 ? this.ascii[c] === 1 : this.slow(c);
	}

	/**
	 * SIMPLIFIED: with -i a code unit above ASCII also matches the set when its canonical form or
	 * their lower cases are in it, which covers the pairs and the triples (Σσς) of Unicode's
	 * simple case mapping but not every exotic equivalence JavaScript would find.
	 */
	private slow(c: number): boolean {
		let hit = inRanges(this.ranges, c);
		if (!hit && this.icase) {
			const k = canonicalize(c);
			if (c < 128) {
				// Only ASCII letters fold together below 128 (nothing above folds down to them).
				const other = c >= 0x41 && c <= 0x5a ? c + 32 : c >= 0x61 && c <= 0x7a ? c - 32 : -1;
				hit = other >= 0 && inRanges(this.ranges, other);
			} else {
				const lower = String.fromCharCode(c).toLowerCase();
				const klower = String.fromCharCode(k).toLowerCase();
				hit =
					inRanges(this.ranges, k) ||
					(lower.length === 1 &&
						canonicalize(lower.charCodeAt(0)) === k &&
						inRanges(this.ranges, lower.charCodeAt(0))) ||
					(klower.length === 1 &&
						canonicalize(klower.charCodeAt(0)) === k &&
						inRanges(this.ranges, klower.charCodeAt(0)));
			}
		}
		return hit !== this.negate;
	}

	/**
	 * The one code unit the set stands for, or -1 (for ./literal.ts). With -i a set of one ASCII
	 * letter in both cases stands for its lower case; above ASCII nothing does then.
	 */
	literal(): number {
		if (this.negate) return -1;
		if (!this.icase) {
			return this.ranges.length === 2 && this.ranges[0] === this.ranges[1] ? this.ranges[0]! : -1;
		}
		if (this.wide) return -1;
		const members: number[] = [];
		for (let c = 0; c < 128 && members.length <= 2; c++) if (this.ascii[c]) members.push(c);
		const [a, b] = members;
		const upper = a !== undefined && a >= 0x41 && a <= 0x5a;
		if (members.length === 1) return upper || (a! >= 0x61 && a! <= 0x7a) ? -1 : a!;
		return members.length === 2 && upper && b === a + 32 ? b : -1;
	}

	/** Whether some code unit at or above 128 might be in the set (for the DFA's table). */
	get wide(): boolean {
		return this.negate || (this.ranges.length > 0 && this.ranges[this.ranges.length - 1]! >= 128);
	}
}
