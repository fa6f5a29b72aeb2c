// Required literals: text that every match of a pattern must contain, found from its tree so that
// a subject without it is turned away by String.prototype.indexOf (V8's fast substring search)
// before any automaton runs. `Failed password` needs "Failed password"; `(ab)+c` needs "abc";
// `x[0-9]+(error|warn)` needs "error" or "warn"; `a*|b` needs nothing, and then nothing is
// skipped.
//
// With -i an ASCII letter stands for both its cases: the literals are then in lower case and are
// looked for in the lowered subject. That only ever lets more subjects through (a code unit above
// ASCII may lower to ASCII letters, as U+212A KELVIN SIGN does to "k"), never fewer, because the
// engine folds ASCII letters only with each other; so under -i the literals filter and the
// automaton decides.
import type { Node } from './syntax.ts';

/** What every match of a node has in common. */
interface Info {
	/** The one text the node matches (it holds no assertion), or null. */
	exact: string | null;
	/** Text every match starts with, and text every match ends with ('' when none is known). */
	pre: string;
	suf: string;
	/** Every match contains one of these (each non-empty), or null when nothing is known. */
	need: string[] | null;
	/** Zero-width (an assertion): what is matched before and after it stands side by side. */
	zero: boolean;
}

/** The literals of a whole pattern: what Regex checks before it runs an automaton. */
export interface Literals {
	/** A match contains one of these; empty when nothing is known. */
	need: string[];
	/** Every match starts with this ('' when nothing is known). */
	pre: string;
	/** The pattern is exactly one of `need` (no assertion, no class): finding it is the answer. */
	pure: boolean;
}

/** CHOICE: more alternatives than this are not worth an indexOf each. */
const MAX_NEED = 8;
/** CHOICE: a counted repetition of a literal is spelled out up to this length. */
const MAX_EXACT = 64;

const UNKNOWN: Info = { exact: null, pre: '', suf: '', need: null, zero: false };

function literal(text: string): Info {
	return { exact: text, pre: text, suf: text, need: text === '' ? null : [text], zero: false };
}

/** Of two requirements, the one that lets fewer subjects through: longer shortest text, then fewer. */
function better(a: string[] | null, b: string[] | null): string[] | null {
	if (!a) return b;
	if (!b) return a;
	const la = Math.min(...a.map((t) => t.length));
	const lb = Math.min(...b.map((t) => t.length));
	if (la !== lb) return la > lb ? a : b;
	return b.length < a.length ? b : a;
}

function commonPrefix(a: string, b: string): string {
	let i = 0;
	while (i < a.length && i < b.length && a[i] === b[i]) i++;
	return a.slice(0, i);
}

function commonSuffix(a: string, b: string): string {
	let i = 0;
	while (i < a.length && i < b.length && a[a.length - 1 - i] === b[b.length - 1 - i]) i++;
	return a.slice(a.length - i);
}

function cat(list: Node[]): Info {
	// `run` is text that every match has just before the current point; `pre` grows while every
	// match is known letter by letter from its start.
	let run = '';
	let pre = '';
	let open = true;
	let exact: string | null = '';
	let need: string[] | null = null;
	for (const child of list) {
		const c = info(child);
		if (c.zero) {
			exact = null;
			continue;
		}
		if (c.exact !== null) {
			run += c.exact;
			if (open) pre += c.exact;
			if (exact !== null) exact += c.exact;
			continue;
		}
		if (run + c.pre !== '') need = better(need, [run + c.pre]);
		need = better(need, c.need);
		if (open) pre += c.pre;
		open = false;
		exact = null;
		run = c.suf;
	}
	if (run !== '') need = better(need, [run]);
	if (exact !== null) return literal(exact);
	return { exact: null, pre, suf: run, need, zero: false };
}

function alt(list: Node[]): Info {
	const infos = list.map(info);
	if (infos.some((i) => i.zero)) return UNKNOWN;
	const first = infos[0]!;
	if (first.exact !== null && infos.every((i) => i.exact === first.exact)) {
		return literal(first.exact);
	}
	let need: string[] | null = [];
	for (const i of infos) {
		if (!i.need || !need) need = null;
		else for (const t of i.need) if (!need.includes(t)) need.push(t);
	}
	if (need && need.length > MAX_NEED) need = null;
	return {
		exact: null,
		pre: infos.map((i) => i.pre).reduce(commonPrefix),
		suf: infos.map((i) => i.suf).reduce(commonSuffix),
		need,
		zero: false
	};
}

function info(n: Node): Info {
	switch (n.k) {
		case 'set': {
			const c = n.set.literal();
			return c < 0 ? UNKNOWN : literal(String.fromCharCode(c));
		}
		case 'empty':
			return literal('');
		case 'assert':
			return { ...UNKNOWN, zero: true };
		case 'group':
			return info(n.body);
		case 'cat':
			return cat(n.list);
		case 'alt':
			return alt(n.list);
		case 'rep': {
			if (n.min === 0) return UNKNOWN;
			const b = info(n.body);
			if (b.zero) return UNKNOWN;
			if (b.exact !== null) {
				if (b.exact === '') return literal('');
				if (n.min === n.max && b.exact.length * n.min <= MAX_EXACT) {
					return literal(b.exact.repeat(n.min));
				}
			}
			return { ...b, exact: null };
		}
		default:
			return UNKNOWN; // a back-reference: the text of its group, or nothing
	}
}

/** The literals of a pattern (in lower case when the pattern was parsed with -i). */
export function literals(n: Node): Literals {
	const i = info(n);
	const need = i.need ?? [];
	// `pure` asks that the whole pattern be literals side by side or in alternation, nothing else.
	let top = n;
	while (top.k === 'group') top = top.body;
	const pure =
		need.length > 0 &&
		(i.exact !== null ||
			(top.k === 'alt' &&
				top.list.every((b) => {
					const e = info(b).exact;
					return e !== null && e !== '';
				})));
	return { need, pre: i.pre, pure };
}

/** Larger than any position: a remembered search that tells nothing. */
const NEVER = 0x7fffffff;

/**
 * Finds a pattern's literals in subjects. It remembers where each was found in the last subject,
 * so that a global search over one long subject (sed s///g, awk gsub, grep -o) looks through it
 * once, not once per match.
 */
export class LiteralFinder {
	private subject: string | null = null;
	private low = '';
	/** Per literal (`pre`, then each of `need`): where a search starting at since[k] found it. */
	private readonly found: Int32Array;
	private readonly since: Int32Array;

	constructor(
		readonly lits: Literals,
		private readonly icase: boolean
	) {
		this.found = new Int32Array(lits.need.length + 1);
		this.since = new Int32Array(lits.need.length + 1).fill(NEVER);
	}

	/** The first place at or after `from` where literal k is, or -1, searching `s` when unknown. */
	private find(k: number, t: string, s: string, from: number): number {
		const at = this.found[k]!;
		if (this.since[k]! <= from && (at < 0 || at >= from)) return at;
		const found = s.indexOf(t, from);
		this.found[k] = found;
		this.since[k] = from;
		return found;
	}

	/**
	 * Where a search of `s` from `from` may start, or -1 when no match can be there: the first
	 * place where `pre` is, and -1 when the subject lacks every one of `need`.
	 */
	start(s: string, from: number): number {
		const { need, pre } = this.lits;
		if (need.length === 0) return from;
		if (s !== this.subject) {
			this.subject = s;
			this.low = '';
			this.since.fill(NEVER);
		}
		if (this.icase) {
			// The lowered subject may be longer than `s` (U+0130 lowers to two code units), so
			// its positions are not `s`'s: it is searched whole, which only lets more through.
			if (this.low === '') this.low = s.toLowerCase();
			for (let k = 0; k < need.length; k++) {
				if (this.find(k + 1, need[k]!, this.low, 0) >= 0) return from;
			}
			return -1;
		}
		const at = pre === '' ? from : this.find(0, pre, s, from);
		if (at < 0) return -1;
		for (let k = 0; k < need.length; k++) if (this.find(k + 1, need[k]!, s, at) >= 0) return at;
		return -1;
	}
}
