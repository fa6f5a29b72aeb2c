// Lazily built DFAs over a program without back-references and without assertions other than ^
// and $. A state is the list of instructions alive after some prefix; states and transitions are
// made the first time they are needed, so a subject costs about one table lookup per code unit.
// Three uses:
//   'any'      is there a match anywhere? (grep's question, sed's and awk's addresses): the set
//              of instructions, the search restarted at every position, stops at the first Match.
//   'first'    where does the leftmost-first match end? The instructions in priority order, as the
//              Pike VM keeps its threads: a Match cuts the lower ones and stops new starts, and the
//              last position where a Match was alive is the end.
//   'reverse'  where does it start? The reversed program, run backwards from that end, anchored;
//              the leftmost position where it matches is the start (no match starts further left).
import { Op, type Program } from './program.ts';

export type DfaMode = 'any' | 'first' | 'reverse';

/** CHOICE: past this many states the cache is dropped and rebuilt from the current state. */
const MAX_STATES = 4096;

interface State {
	pcs: Int32Array;
	/** 'first': whether new matches may still start (no Match seen yet). */
	searching: boolean;
	/** Next states above ASCII. */
	wide: Map<number, number>;
	/** Whether the state matches if the subject ends here (-1 not yet known). */
	atEnd: number;
}

/** flags[state]: the state holds Match. */
const MATCH = 1;
/** flags[state]: nothing is alive and nothing can start: the scan is over. */
const DEAD = 2;

export class Dfa {
	private states: State[] = [];
	/** Next state for each state and ASCII code unit (state * 128 + code), -1 while unknown. */
	private trans = new Int32Array(128 * 64).fill(-1);
	private flags = new Uint8Array(64);
	private index = new Map<string, number>();
	private seen: Uint32Array;
	private gen = 1;
	/** Counts cache resets, so that a paused job can tell its state number went stale. */
	epoch = 0;
	/** The start states, where ^ does not hold [0] and where it does [1]; -1 until made. */
	private starts = [-1, -1];

	constructor(
		private readonly p: Program,
		readonly mode: DfaMode
	) {
		this.seen = new Uint32Array(p.op.length);
	}

	private newGen(): void {
		if (++this.gen === 0xffffffff) {
			this.seen.fill(0);
			this.gen = 1;
		}
	}

	/** Appends what empty moves from `pc0` reach, in priority order: Char, Match, pending `$`. */
	private closure(out: number[], pc0: number, atStart: boolean, atEnd: boolean): void {
		const p = this.p;
		const stack = [pc0];
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
					stack.push(p.b[pc]!, p.a[pc]!);
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
	}

	private intern(list: number[], searching: boolean): number {
		let pcs: Int32Array;
		if (this.mode === 'first') {
			// Below a Match nothing counts: cut there.
			const m = list.findIndex((pc) => this.p.op[pc] === Op.Match);
			pcs = Int32Array.from(m >= 0 ? list.slice(0, m + 1) : list);
		} else {
			pcs = Int32Array.from(list).sort();
			searching = false;
		}
		const key = (searching ? 's' : '') + pcs.join(',');
		const known = this.index.get(key);
		if (known !== undefined) return known;
		let match = false;
		for (const pc of pcs) if (this.p.op[pc] === Op.Match) match = true;
		const id = this.states.length;
		this.states.push({ pcs, searching, wide: new Map(), atEnd: -1 });
		this.index.set(key, id);
		if (id >= this.flags.length) {
			const flags = new Uint8Array(this.flags.length * 2);
			flags.set(this.flags);
			this.flags = flags;
			const trans = new Int32Array(this.trans.length * 2).fill(-1);
			trans.set(this.trans);
			this.trans = trans;
		}
		const dead = pcs.length === 0 && !searching && (this.mode !== 'any' || this.restartEmpty());
		this.flags[id] = (match ? MATCH : 0) | (dead ? DEAD : 0);
		this.trans.fill(-1, id * 128, id * 128 + 128);
		return id;
	}

	private restartEmptyMemo = -1;

	/** 'any': whether a restart away from position 0 reaches nothing (a pattern anchored by ^). */
	private restartEmpty(): boolean {
		if (this.restartEmptyMemo < 0) {
			this.newGen();
			const out: number[] = [];
			this.closure(out, 0, false, false);
			this.restartEmptyMemo = out.length === 0 ? 1 : 0;
		}
		return this.restartEmptyMemo === 1;
	}

	/** The state at the start of a scan; `atStart` tells whether `^` holds there. */
	start(atStart: boolean): number {
		const k = atStart ? 1 : 0;
		if (this.starts[k]! >= 0) return this.starts[k]!;
		this.newGen();
		const out: number[] = [];
		this.closure(out, 0, atStart, false);
		return (this.starts[k] = this.intern(out, this.mode === 'first'));
	}

	private step(from: number, c: number): number {
		const p = this.p;
		const st = this.states[from]!;
		const first = this.mode === 'first';
		this.newGen();
		const out: number[] = [];
		for (const pc of st.pcs) {
			if (p.op[pc] === Op.Char && p.sets[p.a[pc]!]!.has(c)) this.closure(out, pc + 1, false, false);
		}
		const searching = first && st.searching && !(this.flags[from]! & MATCH);
		if (this.mode === 'any' || searching) this.closure(out, 0, false, false);
		if (this.states.length >= MAX_STATES) {
			this.states = [];
			this.index.clear();
			this.starts = [-1, -1];
			this.epoch++;
			return this.intern(out, searching);
		}
		const to = this.intern(out, searching);
		if (c < 128) this.trans[from * 128 + c] = to;
		else st.wide.set(c, to);
		return to;
	}

	/** Whether `state` matches when the subject ends at it. */
	endMatches(state: number, atStart: boolean): boolean {
		if (this.flags[state]! & MATCH) return true;
		const st = this.states[state]!;
		if (!atStart && st.atEnd >= 0) return st.atEnd === 1;
		this.newGen();
		const out: number[] = [];
		for (const pc of st.pcs) {
			if (this.p.op[pc] === Op.Assert) this.closure(out, pc + 1, atStart, true);
		}
		const hit = out.some((pc) => this.p.op[pc] === Op.Match);
		if (!atStart) st.atEnd = hit ? 1 : 0;
		return hit;
	}

	isMatch(state: number): boolean {
		return (this.flags[state]! & MATCH) !== 0;
	}

	isDead(state: number): boolean {
		return (this.flags[state]! & DEAD) !== 0;
	}

	/** The state number of a set of instructions (after a reset, for a paused job). */
	reintern(pcs: Int32Array, searching: boolean): number {
		return this.intern([...pcs], searching);
	}

	pcsOf(state: number): [Int32Array, boolean] {
		const st = this.states[state]!;
		return [st.pcs, st.searching];
	}

	/**
	 * Steps from `state` at `pos` over at most `limit` code units, forwards (`dir` 1) or backwards
	 * (-1, consuming s[pos-1], down to `low`). Stops at a dead state, or at a Match when
	 * `stopAtMatch`; otherwise `last` becomes each position where a Match was alive.
	 * Returns [state, pos, last].
	 */
	scan(
		s: string,
		pos: number,
		state: number,
		limit: number,
		dir: 1 | -1,
		stopAtMatch: boolean,
		last: number,
		low = 0
	): [number, number, number] {
		const end = dir === 1 ? Math.min(s.length, pos + limit) : Math.max(low, pos - limit);
		let trans = this.trans;
		let flags = this.flags;
		for (;;) {
			const f = flags[state]!;
			if (f & MATCH) {
				last = pos;
				if (stopAtMatch) break;
			}
			if (f & DEAD || pos === end) break;
			const c = s.charCodeAt(dir === 1 ? pos : pos - 1);
			let to = c < 128 ? trans[state * 128 + c]! : (this.states[state]!.wide.get(c) ?? -1);
			if (to < 0) {
				to = this.step(state, c);
				trans = this.trans;
				flags = this.flags;
			}
			state = to;
			pos += dir;
		}
		return [state, pos, last];
	}
}

/** A job that can run in slices (the interface of every machine). */
export interface Job {
	done: boolean;
	/** Steps taken by the last run. */
	used: number;
	run(budget: number): boolean;
}

/** A state number that survives the DFA dropping its cache while the job is paused. */
class Resumable {
	private epoch: number;
	private saved: [Int32Array, boolean] | null = null;

	constructor(
		private readonly dfa: Dfa,
		public state: number
	) {
		this.epoch = dfa.epoch;
	}

	resume(): number {
		if (this.saved && this.epoch !== this.dfa.epoch) {
			this.state = this.dfa.reintern(this.saved[0], this.saved[1]);
		}
		return this.state;
	}

	pause(state: number): void {
		this.state = state;
		this.epoch = this.dfa.epoch;
		this.saved = this.dfa.pcsOf(state);
	}
}

/**
 * A forward scan from `from` with an 'any' or a 'first' DFA. 'any' stops at the first position
 * where a match ends (is there one?); 'first' runs on while the leftmost-first match may still
 * grow, and ends at its end. `result` is that position, or -1 when nothing matches.
 */
export class ForwardJob implements Job {
	done = false;
	result = -1;
	used = 0;
	private st: Resumable;
	/** 'any': the first Match is the answer. */
	private readonly stop: boolean;

	constructor(
		private readonly dfa: Dfa,
		private readonly s: string,
		private pos: number
	) {
		this.stop = dfa.mode === 'any';
		this.st = new Resumable(dfa, dfa.start(pos === 0));
	}

	run(budget: number): boolean {
		const dfa = this.dfa;
		const [state, pos, last] = dfa.scan(
			this.s,
			this.pos,
			this.st.resume(),
			budget,
			1,
			this.stop,
			this.result
		);
		this.used = pos - this.pos + 1;
		this.pos = pos;
		this.result = last;
		if (!(this.stop && last >= 0) && !dfa.isDead(state)) {
			if (pos < this.s.length) {
				this.st.pause(state);
				return false;
			}
			if (dfa.endMatches(state, pos === 0)) this.result = pos;
		}
		this.done = true;
		return true;
	}
}

/** 'reverse': the leftmost start of a match ending at `end`, not left of `low`. */
export class StartJob implements Job {
	done = false;
	result = -1;
	used = 0;
	private st: Resumable;
	private readonly end: number;

	constructor(
		private readonly dfa: Dfa,
		private readonly s: string,
		private pos: number,
		private readonly low: number
	) {
		this.end = pos;
		// The reversed program's ^ is the original $: it holds where the subject ends.
		this.st = new Resumable(dfa, dfa.start(pos === s.length));
	}

	run(budget: number): boolean {
		const dfa = this.dfa;
		const [state, pos, last] = dfa.scan(
			this.s,
			this.pos,
			this.st.resume(),
			budget,
			-1,
			false,
			this.result,
			this.low
		);
		this.used = this.pos - pos + 1;
		this.pos = pos;
		this.result = last;
		if (!dfa.isDead(state)) {
			if (pos > this.low) {
				this.st.pause(state);
				return false;
			}
			// Its $ is the original ^: it holds at 0 (and ^ too if the span is empty at the end).
			if (pos === 0 && dfa.endMatches(state, this.end === this.s.length && this.end === 0)) {
				this.result = 0;
			}
		}
		this.done = true;
		return true;
	}
}
