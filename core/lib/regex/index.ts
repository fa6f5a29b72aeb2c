// Regular expressions without catastrophic backtracking, for grep, sed, awk, vi and the shell.
// A pattern (in the syntax of ./syntax.ts) is compiled once into a program that three machines
// can run: a lazy DFA for "is there a match?", the Pike VM for where a match is and its groups,
// and a budgeted backtracker for patterns with back-references. The DFA and the Pike VM take
// time linear in the subject for a given pattern, so `(a*)*b` costs no more than `a*b`.
//
// CHOICE: matches are leftmost, then the first alternative in pattern order (the longest for
// greedy repetitions), as JavaScript's RegExp and Perl find them, not POSIX's leftmost-longest:
// this is what grep, sed and awk printed while RegExp ran them, and what the goldens pin.
//
// Before any machine runs, a subject is checked for the pattern's required literals (./literal.ts)
// with indexOf: most lines of a plain-word grep are turned away there, and a search starts no
// earlier than the first place where the text every match starts with occurs.
//
// Every search can run in slices (`execAsync`, `testAsync`): between slices the caller's
// `pause` yields to the scheduler, where ^C ends the program. The synchronous calls run
// straight through, except the backtracker, which gives up after SYNC_STEPS with RegexTooHard.
import { BacktrackJob } from './backtrack.ts';
import { Dfa, ForwardJob, StartJob, type Job } from './dfa.ts';
import { LiteralFinder, literals, type Literals } from './literal.ts';
import { PikeJob, firstSet, type FirstSet } from './pike.ts';
import { compile, reverseNode, type Program } from './program.ts';
import { RegexSyntaxError, parse, type Node } from './syntax.ts';

export { RegexSyntaxError } from './syntax.ts';

/** The groups of a match: [0] the whole match, [n] group n or undefined; `index`..`end` in the subject. */
export type RegexMatch = (string | undefined)[] & { index: number; end: number };

/** Steps of work between two pauses of an asynchronous search. */
export const SLICE = 1 << 18;

/**
 * CHOICE: a synchronous search with back-references (awk, vi, the shell's patterns, which cannot
 * wait) gives up after this many steps, as GNU grep says "memory exhausted" when regexec does.
 */
export const SYNC_STEPS = 1 << 22;

/** Thrown when a synchronous back-reference search passes SYNC_STEPS. */
export class RegexTooHard extends Error {
	constructor() {
		super('memory exhausted');
	}
}

/**
 * Where a match is, without back-references: the 'first' DFA finds its end, the 'reverse' DFA its
 * start, and only when groups are wanted does the Pike VM run, from that start.
 */
class SpanJob implements Job {
	done = false;
	used = 0;
	result: Int32Array | null = null;
	private phase: Job & { result: number | Int32Array | null };
	private end = -1;

	constructor(
		private readonly re: Regex,
		private readonly s: string,
		private readonly from: number
	) {
		this.phase = new ForwardJob(re.dfa('first'), s, from);
	}

	run(budget: number): boolean {
		this.used = 0;
		while (!this.done) {
			const ph = this.phase;
			const finished = ph.run(budget - this.used);
			this.used += ph.used;
			if (!finished) return false;
			if (ph instanceof ForwardJob) {
				if (ph.result < 0) this.done = true;
				else {
					this.end = ph.result;
					this.phase = new StartJob(this.re.dfa('reverse'), this.s, this.end, this.from);
				}
			} else if (ph instanceof StartJob) {
				if (this.re.groups === 0) {
					this.result = Int32Array.of(ph.result, this.end);
					this.done = true;
				} else this.phase = this.re.pike(this.s, ph.result);
			} else {
				this.result = (ph as PikeJob).result;
				this.done = true;
			}
		}
		return true;
	}
}

export class Regex {
	readonly source: string;
	readonly ignoreCase: boolean;
	/** Number of capturing groups. */
	readonly groups: number;
	private readonly prog: Program;
	private readonly node: Node;
	private dfas = new Map<string, Dfa>();
	private readonly first: FirstSet | null;
	/** What every match contains, checked before any machine runs. */
	readonly literals: Literals;
	private readonly finder: LiteralFinder;
	/** Work done since the last pause, carried over from search to search. */
	private debt = 0;

	/** Compiles `source`; `flags` may hold `i` and `s`, as for RegExp. Throws RegexSyntaxError. */
	constructor(source: string, flags = '') {
		this.source = source;
		this.ignoreCase = flags.includes('i');
		const parsed = parse(source, this.ignoreCase, flags.includes('s'));
		this.groups = parsed.groups;
		this.node = parsed.node;
		this.prog = compile(parsed.node, parsed.groups, parsed.hasBackrefs);
		this.first = parsed.hasBackrefs ? null : firstSet(this.prog);
		this.literals = literals(parsed.node);
		this.finder = new LiteralFinder(this.literals, this.ignoreCase);
	}

	/** The compiled pattern, or the error text when it is not one. */
	static compile(source: string, flags = ''): Regex | { error: string } {
		try {
			return new Regex(source, flags);
		} catch (e) {
			if (e instanceof RegexSyntaxError) return { error: e.message };
			throw e;
		}
	}

	/** Whether the DFA can answer tests (no back-references, no \b-like assertions). */
	private get dfaUsable(): boolean {
		return !this.prog.hasBackrefs && !this.prog.contextAsserts;
	}

	/** The DFA of a kind, made when first needed. */
	dfa(mode: 'any' | 'first' | 'reverse'): Dfa {
		let d = this.dfas.get(mode);
		if (!d) {
			const prog =
				mode === 'reverse' ? compile(reverseNode(this.node), this.groups, false) : this.prog;
			d = new Dfa(prog, mode);
			this.dfas.set(mode, d);
		}
		return d;
	}

	pike(s: string, from: number): PikeJob {
		return new PikeJob(this.prog, s, from, this.first);
	}

	/** The answer of test() when the literals alone give it: the pattern is just those. */
	private get byLiterals(): boolean {
		return this.literals.pure && !this.ignoreCase;
	}

	/** exec() of a pattern that is one literal without groups: where indexOf finds it. */
	private literalSpan(s: string, at: number): Int32Array | null {
		const { need, pure } = this.literals;
		if (!pure || this.ignoreCase || this.groups > 0 || need.length !== 1) return null;
		// `at` is where the literal starts: it is also the pattern's `pre`.
		return Int32Array.of(at, at + need[0]!.length);
	}

	/** A job whose result is a match (its span, or where it ends), or null or -1 for none. */
	private testJob(s: string, from: number): Job & { result: number | Int32Array | null } {
		if (this.dfaUsable) return new ForwardJob(this.dfa('any'), s, from);
		return this.execJob(s, from);
	}

	private execJob(s: string, from: number): Job & { result: Int32Array | null } {
		if (this.prog.hasBackrefs) return new BacktrackJob(this.prog, s, from, this.ignoreCase);
		if (this.dfaUsable) return new SpanJob(this, s, from);
		return this.pike(s, from);
	}

	private runSync(job: Job): void {
		if (!this.prog.hasBackrefs) {
			job.run(Infinity);
			return;
		}
		if (!job.run(SYNC_STEPS)) throw new RegexTooHard();
	}

	private async runAsync(job: Job, pause: () => Promise<unknown>): Promise<void> {
		for (;;) {
			const done = job.run(Math.max(1, SLICE - this.debt));
			this.debt += job.used;
			if (this.debt >= SLICE) {
				this.debt = 0;
				await pause();
			}
			if (done) return;
		}
	}

	private match(s: string, caps: Int32Array | null): RegexMatch | null {
		if (!caps) return null;
		const m = [] as unknown as RegexMatch;
		for (let g = 0; g <= this.groups; g++) {
			const b = caps[2 * g]!;
			const e = caps[2 * g + 1]!;
			m.push(b >= 0 && e >= 0 ? s.slice(b, e) : undefined);
		}
		m.index = caps[0]!;
		m.end = caps[1]!;
		return m;
	}

	/** Whether the pattern matches somewhere in `s` at or after `from`. */
	test(s: string, from = 0): boolean {
		const at = this.finder.start(s, from);
		if (at < 0) return false;
		if (this.byLiterals) return true;
		const job = this.testJob(s, at);
		this.runSync(job);
		return job.result !== null && job.result !== -1;
	}

	/** The first match at or after `from`, or null. */
	exec(s: string, from = 0): RegexMatch | null {
		const at = this.finder.start(s, from);
		if (at < 0) return null;
		const span = this.literalSpan(s, at);
		if (span) return this.match(s, span);
		const job = this.execJob(s, at);
		this.runSync(job);
		return this.match(s, job.result);
	}

	/** test() in slices, calling `pause` between them. */
	async testAsync(s: string, pause: () => Promise<unknown>, from = 0): Promise<boolean> {
		const at = this.finder.start(s, from);
		if (at < 0) return false;
		if (this.byLiterals) return true;
		const job = this.testJob(s, at);
		if (!job.run(SLICE)) await this.runAsync(job, pause);
		else this.debt += job.used;
		return job.result !== null && job.result !== -1;
	}

	/** exec() in slices, calling `pause` between them. */
	async execAsync(s: string, pause: () => Promise<unknown>, from = 0): Promise<RegexMatch | null> {
		const at = this.finder.start(s, from);
		if (at < 0) return null;
		const span = this.literalSpan(s, at);
		if (span) return this.match(s, span);
		const job = this.execJob(s, at);
		await this.runAsync(job, pause);
		return this.match(s, job.result);
	}
}

/** Where a global search goes on after match `m` (past an empty match, as RegExp's lastIndex). */
export function nextFrom(m: RegexMatch): number {
	return m.end === m.index ? m.end + 1 : m.end;
}

/** String.prototype.split with a pattern, without the captured groups (awk's split and FS). */
export function splitBy(re: Regex, s: string): string[] {
	const out: string[] = [];
	if (s === '') return re.test(s) ? [] : [s];
	let p = 0;
	let q = 0;
	while (q < s.length) {
		const m = re.exec(s, q);
		if (!m || m.index >= s.length) break;
		if (m.end === p) {
			q = m.index + 1; // an empty match where the piece starts splits nothing
			continue;
		}
		out.push(s.slice(p, m.index));
		p = m.end;
		q = p;
	}
	out.push(s.slice(p));
	return out;
}

/** Every match of a global search, in order (synchronous: for short subjects such as a line). */
export function matchAll(re: Regex, s: string): RegexMatch[] {
	const all: RegexMatch[] = [];
	for (let from = 0; from <= s.length;) {
		const m = re.exec(s, from);
		if (!m) break;
		all.push(m);
		from = nextFrom(m);
	}
	return all;
}
