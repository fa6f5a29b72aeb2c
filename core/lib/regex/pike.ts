// The Pike VM: runs a program over the subject once, keeping every live thread (at most one per
// instruction) in priority order, so a match costs O(subject × program) whatever the pattern.
// Used for the positions and submatches of a match (sed s///, grep -o, awk's match and gsub).
import { Op, type Program } from './program.ts';
import type { Assertion } from './syntax.ts';

function isWord(s: string, i: number): boolean {
	if (i < 0 || i >= s.length) return false;
	const c = s.charCodeAt(i);
	return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** Whether a zero-width assertion holds at `pos` of `s`. */
export function assertionHolds(a: Assertion, s: string, pos: number): boolean {
	switch (a.kind) {
		case 'bol':
			return pos === 0;
		case 'eol':
			return pos === s.length;
		case 'wordb':
			return isWord(s, pos - 1) !== isWord(s, pos);
		case 'nwordb':
			return isWord(s, pos - 1) === isWord(s, pos);
		case 'ahead':
			return (pos < s.length && a.set.has(s.charCodeAt(pos))) !== a.negate;
		case 'behind':
			return (pos > 0 && a.set.has(s.charCodeAt(pos - 1))) !== a.negate;
	}
}

/** The code units that can begin a match, when only Char instructions start the program. */
export interface FirstSet {
	ascii: Uint8Array;
}

export function firstSet(p: Program): FirstSet | null {
	const ascii = new Uint8Array(128);
	const seen = new Uint8Array(p.op.length);
	const stack = [0];
	while (stack.length > 0) {
		const pc = stack.pop()!;
		if (seen[pc]) continue;
		seen[pc] = 1;
		switch (p.op[pc]) {
			case Op.Char: {
				const set = p.sets[p.a[pc]!]!;
				for (let c = 0; c < 128; c++) ascii[c]! |= set.ascii[c]!;
				break;
			}
			case Op.Jmp:
				stack.push(p.a[pc]!);
				break;
			case Op.Split:
				stack.push(p.a[pc]!, p.b[pc]!);
				break;
			case Op.Save:
			case Op.Reset:
			case Op.Mark:
			case Op.Check:
				stack.push(pc + 1);
				break;
			default:
				return null; // the empty match, an assertion or a back-reference: no skipping
		}
	}
	return { ascii };
}

/** One thread list: instructions in priority order, each with its capture slots. */
class List {
	pcs: Int32Array;
	caps: Int32Array[];
	n = 0;
	/** seen[pc] === gen when pc is already on the list (or was passed through in a closure). */
	seen: Uint32Array;
	gen = 1;

	constructor(size: number) {
		this.pcs = new Int32Array(size);
		this.caps = new Array<Int32Array>(size);
		this.seen = new Uint32Array(size);
	}

	clear(): void {
		this.n = 0;
		this.gen++;
		if (this.gen === 0xffffffff) {
			this.seen.fill(0);
			this.gen = 1;
		}
	}
}

/** A search for the leftmost (then highest priority) match at or after `from`, run in slices. */
export class PikeJob {
	done = false;
	/** The capture slots of the match (-1 where a group did not take part), or null. */
	result: Int32Array | null = null;
	private clist: List;
	private nlist: List;
	private pos: number;
	private stackPc: number[] = [];
	private stackCaps: Int32Array[] = [];
	private steps = 0;
	/** Steps taken by the last run. */
	used = 0;
	private found: Int32Array | null = null;
	private foundEnd = 0;

	constructor(
		private readonly p: Program,
		private readonly s: string,
		from: number,
		private readonly first: FirstSet | null
	) {
		this.clist = new List(p.op.length);
		this.nlist = new List(p.op.length);
		this.pos = from;
	}

	/** Adds the thread at `pc0` and what its empty moves reach, in priority order. */
	private add(list: List, pc0: number, caps0: Int32Array, pos: number): void {
		const p = this.p;
		const sp = this.stackPc;
		const sc = this.stackCaps;
		sp.push(pc0);
		sc.push(caps0);
		while (sp.length > 0) {
			const pc = sp.pop()!;
			const caps = sc.pop()!;
			if (list.seen[pc] === list.gen) continue;
			list.seen[pc] = list.gen;
			this.steps++;
			switch (p.op[pc]) {
				case Op.Jmp:
					sp.push(p.a[pc]!);
					sc.push(caps);
					break;
				case Op.Split:
					sp.push(p.b[pc]!, p.a[pc]!);
					sc.push(caps, caps);
					break;
				case Op.Save: {
					// Slot 1 (the end of the whole match) is written when Match is reached.
					let c = caps;
					if (p.a[pc] !== 1) {
						c = caps.slice();
						c[p.a[pc]!] = pos;
					}
					sp.push(pc + 1);
					sc.push(c);
					break;
				}
				case Op.Reset: {
					const c = caps.slice();
					c.fill(-1, p.a[pc]!, p.b[pc]!);
					sp.push(pc + 1);
					sc.push(c);
					break;
				}
				// Loop marks live after the capture slots, copied on write like them.
				case Op.Mark: {
					const c = caps.slice();
					c[p.slots + p.a[pc]!] = pos;
					sp.push(pc + 1);
					sc.push(c);
					break;
				}
				case Op.Check:
					if (caps[p.slots + p.a[pc]!] !== pos) {
						sp.push(pc + 1);
						sc.push(caps);
					}
					break;
				case Op.Assert:
					if (assertionHolds(p.asserts[p.a[pc]!]!, this.s, pos)) {
						sp.push(pc + 1);
						sc.push(caps);
					}
					break;
				default: {
					// Char and Match wait on the list for the next code unit.
					const k = list.n++;
					list.pcs[k] = pc;
					list.caps[k] = caps;
				}
			}
		}
	}

	/** Runs until done or about `budget` steps were taken; returns whether it is done. */
	run(budget: number): boolean {
		const p = this.p;
		const s = this.s;
		const n = s.length;
		const op = p.op;
		this.steps = 0;
		while (!this.done) {
			if (this.steps >= budget) {
				this.used = this.steps;
				return false;
			}
			let i = this.pos;
			const clist = this.clist;
			if (this.found === null) {
				if (clist.n === 0 && this.first) {
					// Nothing alive: skip to a code unit that can start a match.
					const f = this.first.ascii;
					while (i < n) {
						const c = s.charCodeAt(i);
						if (c >= 128 || f[c]) break;
						i++;
					}
					this.pos = i;
					if (i >= n) {
						this.done = true;
						break;
					}
				}
				// Instruction 0 saves slot 0: start past it with the slot already set.
				const start = new Int32Array(p.slots + p.marks).fill(-1);
				start[0] = i;
				this.add(clist, 1, start, i);
			}
			if (clist.n === 0) {
				// The start failed here (an assertion): end, or try the next position.
				if (this.found !== null || i >= n) this.done = true;
				else {
					clist.clear();
					this.pos = i + 1;
				}
				continue;
			}
			const nlist = this.nlist;
			nlist.clear();
			const c = i < n ? s.charCodeAt(i) : -1;
			for (let k = 0; k < clist.n; k++) {
				const pc = clist.pcs[k]!;
				this.steps++;
				if (op[pc] === Op.Match) {
					// Slots are never written in place once on a list, so keep a reference.
					this.found = clist.caps[k]!;
					this.foundEnd = i;
					break; // lower-priority threads lose to this match
				}
				if (c >= 0 && p.sets[p.a[pc]!]!.has(c)) this.add(nlist, pc + 1, clist.caps[k]!, i + 1);
			}
			this.clist = nlist;
			this.nlist = clist;
			clist.clear();
			if (i >= n) this.done = true;
			if (this.done) break;
			this.pos = i + 1;
		}
		this.used = this.steps;
		if (this.found) {
			this.result = this.found.slice(0, this.p.slots);
			this.result[1] = this.foundEnd;
		}
		return true;
	}
}
