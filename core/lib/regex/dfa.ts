// A lazily built DFA answering only "does the pattern match somewhere in this subject?" (grep's
// question, sed's and awk's addresses). Each state is the set of program instructions alive
// after some prefix, with the search restarted at every position; states and their transitions
// are made the first time they are needed, so a subject costs one table lookup per code unit.
// Only for programs without back-references and without assertions other than ^ and $.
import { Op, type Program } from './program.ts';

/** CHOICE: past this many states the cache is dropped and rebuilt from the current state. */
const MAX_STATES = 4096;

interface State {
	pcs: Int32Array;
	/** Next states above ASCII. */
	wide: Map<number, number>;
	/** Whether the set matches if the subject ends here (-1 not yet known). */
	atEnd: number;
}

/** flags[state]: the set holds Match (the subject matches). */
const MATCH = 1;
/** flags[state]: nothing is alive and no restart can succeed (the subject cannot match). */
const DEAD = 2;

export class Dfa {
	private states: State[] = [];
	/** Next state for each state and ASCII code unit (state * 128 + code), -1 while unknown. */
	private trans = new Int32Array(128 * 64).fill(-1);
	private flags = new Uint8Array(64);
	private index = new Map<string, number>();
	private seen: Uint32Array;
	private gen = 1;
	/** The restart at a position other than 0. */
	private startMid: Int32Array;
	private startAt0 = -1;
	/** Counts cache resets, so that a paused job can tell its state number went stale. */
	epoch = 0;

	constructor(private readonly p: Program) {
		this.seen = new Uint32Array(p.op.length);
		this.startMid = this.closure([0], false, false);
	}

	/** The instructions reachable by empty moves: Char, Match and pending `$` assertions. */
	private closure(seeds: number[], atStart: boolean, atEnd: boolean): Int32Array {
		const p = this.p;
		if (++this.gen === 0xffffffff) {
			this.seen.fill(0);
			this.gen = 1;
		}
		const out: number[] = [];
		const stack = seeds.slice();
		while (stack.length > 0) {
			const pc = stack.pop()!;
			if (this.seen[pc] === this.gen) continue;
			this.seen[pc] = this.gen;
			switch (p.op[pc]) {
				case Op.Char:
				case Op.Match:
					out.push(pc);
					break;
				case Op.Jmp:
					stack.push(p.a[pc]!);
					break;
				case Op.Split:
					stack.push(p.a[pc]!, p.b[pc]!);
					break;
				case Op.Assert: {
					const kind = p.asserts[p.a[pc]!]!.kind;
					if (kind === 'bol') {
						if (atStart) stack.push(pc + 1);
					} else if (atEnd) stack.push(pc + 1);
					else out.push(pc); // `$`: decided when the subject ends
					break;
				}
				default:
					stack.push(pc + 1);
			}
		}
		return Int32Array.from(out).sort();
	}

	private intern(pcs: Int32Array): number {
		const key = pcs.join(',');
		const known = this.index.get(key);
		if (known !== undefined) return known;
		let match = false;
		for (const pc of pcs) if (this.p.op[pc] === Op.Match) match = true;
		const id = this.states.length;
		this.states.push({ pcs, wide: new Map(), atEnd: -1 });
		this.index.set(key, id);
		if (id >= this.flags.length) {
			const flags = new Uint8Array(this.flags.length * 2);
			flags.set(this.flags);
			this.flags = flags;
			const trans = new Int32Array(this.trans.length * 2).fill(-1);
			trans.set(this.trans);
			this.trans = trans;
		}
		this.flags[id] = (match ? MATCH : 0) | (pcs.length === 0 ? DEAD : 0);
		this.trans.fill(-1, id * 128, id * 128 + 128);
		return id;
	}

	private step(from: number, c: number): number {
		const p = this.p;
		const st = this.states[from]!;
		const seeds: number[] = [];
		for (const pc of st.pcs) {
			if (p.op[pc] === Op.Char && p.sets[p.a[pc]!]!.has(c)) seeds.push(pc + 1);
		}
		for (const pc of this.startMid) seeds.push(pc);
		const pcs = this.closure(seeds, false, false);
		if (this.states.length >= MAX_STATES) {
			this.states = [];
			this.index.clear();
			this.startAt0 = -1;
			this.epoch++;
			return this.intern(pcs);
		}
		const to = this.intern(pcs);
		if (c < 128) this.trans[from * 128 + c] = to;
		else st.wide.set(c, to);
		return to;
	}

	private endMatches(state: number, atStart: boolean): boolean {
		if (this.flags[state]! & MATCH) return true;
		const st = this.states[state]!;
		const pending = [...st.pcs].filter((pc) => this.p.op[pc] === Op.Assert).map((pc) => pc + 1);
		if (pending.length === 0) return false;
		const pcs = this.closure(pending, atStart, true);
		return pcs.some((pc) => this.p.op[pc] === Op.Match);
	}

	/** A search over `s` from `from`, run in slices. */
	job(s: string, from: number): DfaJob {
		let state: number;
		if (from === 0) {
			if (this.startAt0 < 0) this.startAt0 = this.intern(this.closure([0], true, false));
			state = this.startAt0;
		} else state = this.intern(this.startMid);
		return new DfaJob(this, s, from, state);
	}

	/** The state number of a set of instructions (after a reset, for a paused job). */
	reintern(pcs: Int32Array): number {
		return this.intern(pcs);
	}

	pcsOf(state: number): Int32Array {
		return this.states[state]!.pcs;
	}

	/** Runs from `state` at `pos`; returns [state, pos] where it stopped and the verdict if known. */
	scan(s: string, pos: number, state: number, limit: number): [number, number, boolean | null] {
		const n = s.length;
		const end = Math.min(n, pos + limit);
		let trans = this.trans;
		let flags = this.flags;
		while (pos < end && flags[state] === 0) {
			const c = s.charCodeAt(pos);
			let to = c < 128 ? trans[state * 128 + c]! : (this.states[state]!.wide.get(c) ?? -1);
			if (to < 0) {
				to = this.step(state, c);
				trans = this.trans;
				flags = this.flags;
			}
			state = to;
			pos++;
		}
		if (flags[state]! & MATCH) return [state, pos, true];
		if (flags[state]! & DEAD) return [state, pos, false];
		if (pos < n) return [state, pos, null];
		if (pos === 0) return [state, pos, this.endMatches(state, true)];
		const st = this.states[state]!;
		if (st.atEnd < 0) st.atEnd = this.endMatches(state, false) ? 1 : 0;
		return [state, pos, st.atEnd === 1];
	}
}

export class DfaJob {
	done = false;
	result = false;
	/** Code units scanned by the last run. */
	used = 0;

	constructor(
		private readonly dfa: Dfa,
		private readonly s: string,
		private pos: number,
		private state: number
	) {
		this.epoch = dfa.epoch;
	}

	private epoch: number;
	private pcs: Int32Array | null = null;

	run(budget: number): boolean {
		if (this.pcs && this.epoch !== this.dfa.epoch) this.state = this.dfa.reintern(this.pcs);
		const [state, pos, verdict] = this.dfa.scan(this.s, this.pos, this.state, budget);
		this.state = state;
		this.used = pos - this.pos + 1;
		this.pos = pos;
		if (verdict !== null) {
			this.done = true;
			this.result = verdict;
		} else {
			this.epoch = this.dfa.epoch;
			this.pcs = this.dfa.pcsOf(state);
		}
		return this.done;
	}
}
