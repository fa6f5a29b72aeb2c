// Shell pattern matching (fnmatch without flags): `*`, `?`, bracket expressions with classes and
// `!`/`^`, backslash quoting. Used by case, `${x#p}`-style expansions, [[ == ]] and globbing.

const CLASSES: Record<string, string> = {
	alpha: 'A-Za-z',
	digit: '0-9',
	alnum: '0-9A-Za-z',
	upper: 'A-Z',
	lower: 'a-z',
	space: ' \\t\\n\\r\\f\\v',
	blank: ' \\t',
	punct: '!-\\/:-@\\[-`{-~',
	print: ' -~',
	graph: '!-~',
	cntrl: '\\x00-\\x1f\\x7f',
	xdigit: '0-9A-Fa-f',
	word: '0-9A-Za-z_'
};

const cache = new Map<string, Pattern>();

/** One piece of a compiled pattern: a literal unit, `?`, `*`, or a bracket expression. */
type Piece = string | { any: true } | { star: true } | { set: RegExp };

/** Splits a pattern into pieces; throws when a bracket expression is not a valid class. */
function pieces(p: string): Piece[] {
	const out: Piece[] = [];
	for (let i = 0; i < p.length; i++) {
		const c = p[i]!;
		if (c === '\\') {
			i++;
			out.push(i < p.length ? p[i]! : '\\');
		} else if (c === '*') {
			out.push({ star: true });
			while (p[i + 1] === '*') i++;
		} else if (c === '?') out.push({ any: true });
		else if (c === '[') {
			const r = bracket(p, i);
			if (r) {
				// One character against a class: no repetition, so RegExp cannot backtrack here.
				out.push({ set: new RegExp('^' + r.re + '$') });
				i = r.end;
			} else out.push('[');
		} else out.push(c);
	}
	return out;
}

function one(piece: Piece, c: string): boolean {
	if (typeof piece === 'string') return piece === c;
	if ('any' in piece) return true;
	return 'set' in piece && piece.set.test(c);
}

/** A compiled shell pattern; `test` is a whole-string match. */
export class Pattern {
	constructor(private readonly parts: Piece[]) {}

	/**
	 * Greedy matching that, on a mismatch, retries only from the last `*` one unit further on:
	 * enough for patterns whose only repetition is `*`, and at most (pattern × subject) steps, so
	 * `*a*a*a*a*b` against a long line costs no more than a scan per star.
	 */
	test(s: string): boolean {
		const parts = this.parts;
		let pi = 0;
		let si = 0;
		let starAt = -1;
		let resume = 0;
		while (si < s.length) {
			const piece = parts[pi];
			if (piece !== undefined && typeof piece !== 'string' && 'star' in piece) {
				starAt = pi++;
				resume = si;
			} else if (piece !== undefined && one(piece, s[si]!)) {
				pi++;
				si++;
			} else if (starAt >= 0) {
				pi = starAt + 1;
				si = ++resume;
			} else return false;
		}
		while (pi < parts.length) {
			const piece = parts[pi]!;
			if (typeof piece === 'string' || !('star' in piece)) return false;
			pi++;
		}
		return true;
	}
}

/** A bracket expression starting at `i`; null when it has no closing `]`. */
function bracket(p: string, i: number): { re: string; end: number } | null {
	let j = i + 1;
	let neg = false;
	if (p[j] === '!' || p[j] === '^') {
		neg = true;
		j++;
	}
	let body = '';
	let first = true;
	for (; j < p.length; j++) {
		const c = p[j]!;
		if (c === ']' && !first) return { re: (neg ? '[^' : '[') + body + ']', end: j };
		first = false;
		if (c === '[' && p[j + 1] === ':') {
			const close = p.indexOf(':]', j + 2);
			if (close !== -1) {
				const cls = CLASSES[p.slice(j + 2, close)];
				if (cls !== undefined) {
					body += cls;
					j = close + 1;
					continue;
				}
			}
		}
		if (c === '\\' && j + 1 < p.length) {
			j++;
			body += '\\' + p[j];
			continue;
		}
		if (c === '-' && body !== '' && p[j + 1] !== ']' && j + 1 < p.length) {
			body += '-';
			continue;
		}
		body += c === '-' ? '\\-' : /[\\\]^[]/.test(c) ? '\\' + c : c;
	}
	return null;
}

/** The compiled pattern of a whole-string match (cached). */
export function compilePattern(p: string): Pattern {
	let re = cache.get(p);
	if (!re) {
		try {
			re = new Pattern(pieces(p));
		} catch {
			// A bracket that is no valid class (such as [z-a]): the pattern stands for itself.
			re = new Pattern(p.split(''));
		}
		if (cache.size > 1000) cache.clear();
		cache.set(p, re);
	}
	return re;
}

export function matchPattern(p: string, s: string): boolean {
	return compilePattern(p).test(s);
}

/** Whether the pattern has an unquoted `*`, `?` or a complete `[...]` (a lone `[` is literal). */
export function hasGlob(p: string): boolean {
	for (let i = 0; i < p.length; i++) {
		const c = p[i];
		if (c === '\\') i++;
		else if (c === '*' || c === '?' || (c === '[' && bracket(p, i) !== null)) return true;
	}
	return false;
}

/** Quotes the pattern characters of literal text. */
export function escapeGlob(s: string): string {
	return s.replace(/[\\*?[\]]/g, '\\$&');
}

/** Removes the backslashes that quote pattern characters. */
export function unescapeGlob(p: string): string {
	return p.replace(/\\([\s\S])/g, '$1');
}

/** `${x#p}` and friends: the text with a matching prefix or suffix removed. */
export function trimPattern(s: string, p: string, op: '#' | '##' | '%' | '%%'): string {
	const re = compilePattern(p);
	if (op === '#') {
		for (let i = 0; i <= s.length; i++) if (re.test(s.slice(0, i))) return s.slice(i);
	} else if (op === '##') {
		for (let i = s.length; i >= 0; i--) if (re.test(s.slice(0, i))) return s.slice(i);
	} else if (op === '%') {
		for (let i = s.length; i >= 0; i--) if (re.test(s.slice(i))) return s.slice(0, i);
	} else {
		for (let i = 0; i <= s.length; i++) if (re.test(s.slice(i))) return s.slice(0, i);
	}
	return s;
}

/** `${x/p/r}`, `${x//p/r}`, `${x/#p/r}`, `${x/%p/r}`: longest matches replaced. */
export function replacePattern(
	s: string,
	p: string,
	r: string,
	op: '/' | '//' | '/#' | '/%'
): string {
	const re = compilePattern(p);
	if (op === '/#') {
		for (let i = s.length; i >= 0; i--) if (re.test(s.slice(0, i))) return r + s.slice(i);
		return s;
	}
	if (op === '/%') {
		for (let i = 0; i <= s.length; i++) if (re.test(s.slice(i))) return s.slice(0, i) + r;
		return s;
	}
	let out = '';
	let i = 0;
	let replaced = false;
	while (i <= s.length) {
		let matched = -1;
		if (!(replaced && op === '/')) {
			for (let j = s.length; j > i; j--) {
				if (re.test(s.slice(i, j))) {
					matched = j;
					break;
				}
			}
		}
		if (matched === -1) {
			if (i < s.length) out += s[i];
			i++;
			continue;
		}
		out += r;
		replaced = true;
		i = matched;
	}
	return out;
}
