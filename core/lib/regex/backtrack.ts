// The backtracking machine, only for patterns with back-references (`\(a*\)\1`), which no
// automaton can match. It may take exponential time, so it runs in slices of a step budget: the
// caller yields to the scheduler between slices (and ^C ends the program there) or, where it
// cannot wait, gives up after a bound.
import { canonicalize } from './charset.ts';
import { assertionHolds } from './pike.ts';
import { Op, type Program } from './program.ts';

const CHOICE = 0;
const UNDO_CAP = 1;
const UNDO_MARK = 2;

export class BacktrackJob {
	done = false;
	result: Int32Array | null = null;
	private caps: Int32Array;
	private marks: Int32Array;
	/** Entries of three numbers: kind, then (pc, pos) for a choice or (slot, old value) for undo. */
	private stack: number[] = [];
	private start: number;
	private pc = 0;
	private pos: number;
	private fresh = true;
	/** Steps taken by the last run. */
	used = 0;

	constructor(
		private readonly p: Program,
		private readonly s: string,
		from: number,
		private readonly icase: boolean
	) {
		this.caps = new Int32Array(p.slots).fill(-1);
		this.marks = new Int32Array(p.marks).fill(-1);
		this.start = from;
		this.pos = from;
	}

	/** Pops to the last choice; false when there is none (this start position failed). */
	private backtrack(): boolean {
		const st = this.stack;
		while (st.length > 0) {
			const v = st.pop()!;
			const x = st.pop()!;
			const kind = st.pop()!;
			if (kind === CHOICE) {
				this.pc = x;
				this.pos = v;
				return true;
			}
			if (kind === UNDO_CAP) this.caps[x] = v;
			else this.marks[x] = v;
		}
		return false;
	}

	private backref(group: number): boolean {
		const b = this.caps[2 * group]!;
		const e = this.caps[2 * group + 1]!;
		if (b < 0 || e < 0) return true; // a group that did not take part matches the empty string
		const len = e - b;
		const s = this.s;
		if (this.pos + len > s.length) return false;
		for (let k = 0; k < len; k++) {
			const x = s.charCodeAt(b + k);
			const y = s.charCodeAt(this.pos + k);
			if (x !== y && !(this.icase && canonicalize(x) === canonicalize(y))) return false;
		}
		this.pos += len;
		return true;
	}

	run(budget: number): boolean {
		const p = this.p;
		const op = p.op;
		const s = this.s;
		const n = s.length;
		const st = this.stack;
		let steps = 0;
		while (!this.done) {
			if (this.fresh) {
				this.fresh = false;
				this.pc = 0;
				this.pos = this.start;
				this.caps.fill(-1);
				this.marks.fill(-1);
				st.length = 0;
			}
			let ok = true;
			while (ok) {
				if (++steps > budget) {
					this.used = steps;
					return false;
				}
				const pc = this.pc;
				switch (op[pc]) {
					case Op.Char:
						if (this.pos < n && p.sets[p.a[pc]!]!.has(s.charCodeAt(this.pos))) {
							this.pos++;
							this.pc++;
						} else ok = false;
						break;
					case Op.Match:
						this.result = this.caps.slice();
						this.done = true;
						this.used = steps;
						return true;
					case Op.Jmp:
						this.pc = p.a[pc]!;
						break;
					case Op.Split:
						st.push(CHOICE, p.b[pc]!, this.pos);
						this.pc = p.a[pc]!;
						break;
					case Op.Save: {
						const slot = p.a[pc]!;
						st.push(UNDO_CAP, slot, this.caps[slot]!);
						this.caps[slot] = this.pos;
						this.pc++;
						break;
					}
					case Op.Reset:
						for (let k = p.a[pc]!; k < p.b[pc]!; k++) {
							st.push(UNDO_CAP, k, this.caps[k]!);
							this.caps[k] = -1;
						}
						this.pc++;
						break;
					case Op.Mark: {
						const m = p.a[pc]!;
						st.push(UNDO_MARK, m, this.marks[m]!);
						this.marks[m] = this.pos;
						this.pc++;
						break;
					}
					case Op.Check:
						if (this.pos === this.marks[p.a[pc]!]) ok = false;
						else this.pc++;
						break;
					case Op.Assert:
						if (assertionHolds(p.asserts[p.a[pc]!]!, s, this.pos)) this.pc++;
						else ok = false;
						break;
					case Op.Backref:
						if (this.backref(p.a[pc]!)) this.pc++;
						else ok = false;
						break;
				}
				if (!ok) ok = this.backtrack();
			}
			// No match starts here: try the next position.
			this.start++;
			this.fresh = true;
			if (this.start > n) this.done = true;
		}
		this.used = steps;
		return true;
	}
}
