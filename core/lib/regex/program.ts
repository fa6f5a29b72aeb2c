// A parsed pattern compiled to a program for the matching machines (Pike VM, lazy DFA,
// backtracker): the Thompson construction, with the alternatives of SPLIT in priority order so
// that every machine finds the match a backtracking engine would (leftmost, then first choice).
import type { CharSet } from './charset.ts';
import { RegexSyntaxError, type Assertion, type Node } from './syntax.ts';

export const enum Op {
	/** Consumes one code unit in sets[a]. */
	Char,
	Match,
	Jmp,
	/** Continues at a, else (lower priority) at b. */
	Split,
	/** Records the position in capture slot a. */
	Save,
	/** Zero-width test asserts[a]. */
	Assert,
	/** Matches the text of group a again. */
	Backref,
	/** Clears capture slots a..b-1: a loop's groups start afresh at each iteration. */
	Reset,
	/** Records the position in loop slot a (start of an iteration that may be empty). */
	Mark,
	/** Fails when no code unit was consumed since Mark a: an empty iteration ends the loop. */
	Check
}

export interface Program {
	op: Int32Array;
	a: Int32Array;
	b: Int32Array;
	sets: CharSet[];
	asserts: Assertion[];
	/** Capture slots: 2 per group, with group 0 the whole match. */
	slots: number;
	marks: number;
	hasBackrefs: boolean;
	/** Whether assertions other than ^ and $ occur (the DFA handles only those two). */
	contextAsserts: boolean;
}

/** CHOICE: GNU regcomp's limit is memory; ours is a program of this many instructions. */
export const MAX_PROGRAM = 200_000;

function nullable(n: Node): boolean {
	switch (n.k) {
		case 'set':
			return false;
		case 'cat':
			return n.list.every(nullable);
		case 'alt':
			return n.list.some(nullable);
		case 'group':
			return nullable(n.body);
		case 'rep':
			return n.min === 0 || nullable(n.body);
		default:
			return true;
	}
}

/** The numbers of the capturing groups inside `n` (they are consecutive). */
function groupSpan(n: Node, span = { lo: Infinity, hi: 0 }): { lo: number; hi: number } {
	switch (n.k) {
		case 'group':
			if (n.cap > 0) {
				span.lo = Math.min(span.lo, n.cap);
				span.hi = Math.max(span.hi, n.cap);
			}
			groupSpan(n.body, span);
			break;
		case 'cat':
		case 'alt':
			for (const x of n.list) groupSpan(x, span);
			break;
		case 'rep':
			groupSpan(n.body, span);
			break;
	}
	return span;
}

class Compiler {
	op: number[] = [];
	a: number[] = [];
	b: number[] = [];
	sets: CharSet[] = [];
	asserts: Assertion[] = [];
	marks = 0;
	contextAsserts = false;

	emit(op: Op, a = 0, b = 0): number {
		if (this.op.length >= MAX_PROGRAM) throw new RegexSyntaxError('Regular expression too big');
		this.op.push(op);
		this.a.push(a);
		this.b.push(b);
		return this.op.length - 1;
	}

	node(n: Node): void {
		switch (n.k) {
			case 'set':
				this.sets.push(n.set);
				this.emit(Op.Char, this.sets.length - 1);
				break;
			case 'empty':
				break;
			case 'cat':
				for (const x of n.list) this.node(x);
				break;
			case 'alt': {
				const jumps: number[] = [];
				for (let i = 0; i < n.list.length; i++) {
					if (i < n.list.length - 1) {
						const split = this.emit(Op.Split);
						this.a[split] = split + 1;
						this.node(n.list[i]!);
						jumps.push(this.emit(Op.Jmp));
						this.b[split] = this.op.length;
					} else this.node(n.list[i]!);
				}
				for (const j of jumps) this.a[j] = this.op.length;
				break;
			}
			case 'group':
				if (n.cap > 0) this.emit(Op.Save, 2 * n.cap);
				this.node(n.body);
				if (n.cap > 0) this.emit(Op.Save, 2 * n.cap + 1);
				break;
			case 'assert':
				if (n.a.kind !== 'bol' && n.a.kind !== 'eol') this.contextAsserts = true;
				this.asserts.push(n.a);
				this.emit(Op.Assert, this.asserts.length - 1);
				break;
			case 'backref':
				this.emit(Op.Backref, n.n);
				break;
			case 'rep':
				this.rep(n);
				break;
		}
	}

	/** One iteration of a loop body: groups reset, and for an optional one, the empty check. */
	private iteration(body: Node, optional: boolean): void {
		const span = groupSpan(body);
		const check = optional && nullable(body);
		const mark = check ? this.marks++ : 0;
		if (check) this.emit(Op.Mark, mark);
		if (span.hi > 0) this.emit(Op.Reset, 2 * span.lo, 2 * span.hi + 2);
		this.node(body);
		if (check) this.emit(Op.Check, mark);
	}

	private rep(n: Extract<Node, { k: 'rep' }>): void {
		for (let i = 0; i < n.min; i++) this.iteration(n.body, false);
		// A greedy loop prefers another iteration; a lazy one prefers to leave.
		const split = (): number => {
			const s = this.emit(Op.Split);
			if (n.greedy) this.a[s] = s + 1;
			else this.b[s] = s + 1;
			return s;
		};
		const exit = (s: number): void => {
			if (n.greedy) this.b[s] = this.op.length;
			else this.a[s] = this.op.length;
		};
		if (n.max === Infinity) {
			const s = split();
			this.iteration(n.body, true);
			this.emit(Op.Jmp, s);
			exit(s);
			return;
		}
		const splits: number[] = [];
		for (let i = n.min; i < n.max; i++) {
			splits.push(split());
			this.iteration(n.body, true);
		}
		for (const s of splits) exit(s);
	}
}

export function compile(node: Node, groups: number, hasBackrefs: boolean): Program {
	const c = new Compiler();
	c.emit(Op.Save, 0);
	c.node(node);
	c.emit(Op.Save, 1);
	c.emit(Op.Match);
	return {
		op: Int32Array.from(c.op),
		a: Int32Array.from(c.a),
		b: Int32Array.from(c.b),
		sets: c.sets,
		asserts: c.asserts,
		slots: 2 * (groups + 1),
		marks: c.marks,
		hasBackrefs,
		contextAsserts: c.contextAsserts
	};
}

/** The pattern read right to left: `^` and `$` trade places (for the DFA that finds a start). */
export function reverseNode(n: Node): Node {
	switch (n.k) {
		case 'cat':
			return { k: 'cat', list: n.list.map(reverseNode).reverse() };
		case 'alt':
			return { k: 'alt', list: n.list.map(reverseNode) };
		case 'group':
			return { k: 'group', cap: n.cap, body: reverseNode(n.body) };
		case 'rep':
			return { ...n, body: reverseNode(n.body) };
		case 'assert':
			if (n.a.kind === 'bol') return { k: 'assert', a: { kind: 'eol' } };
			if (n.a.kind === 'eol') return { k: 'assert', a: { kind: 'bol' } };
			return n;
		default:
			return n;
	}
}
