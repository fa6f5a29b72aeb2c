// Evaluates a step's checks against the machine's resulting state (a KernelSnapshot, `exec` on a
// throwaway copy, the terminal's visible output) and fills state-aware hints. No UI, no kernel.
import type { ExecOptions, ExecResult, KernelSnapshot } from '../machine.ts';
import type { Check, Hint, Pattern, ProcessMatch } from './schema.ts';
import { compilePattern } from './pattern.ts';

/** One process of the snapshot (taken from the Machine interface's type, not the kernel's). */
export type ProcessView = KernelSnapshot['processes'][number];

/** What a check may look at; the player builds one after the step's terminal settles. */
export interface CheckEnv {
	/** The whole-kernel view; null on x86, where only `output`, `exec` and `file` can pass. */
	snapshot: KernelSnapshot | null;
	/** The step's terminal output since the step became current, as `visibleOutput` gives it. */
	output: string;
	/** The step's terminal id (1-based), to find the learner's current process. */
	term: number;
	/** Runs a command on a throwaway copy of the machine (Machine.exec). */
	exec(opts: ExecOptions): Promise<ExecResult>;
}

/** The outcome of a check: whether it passed, and a sentence that says what was seen. */
export interface CheckResult {
	pass: boolean;
	detail: string;
}

/** The bash prompt of the image (`[\u@\h \W]\$ `): where typed text starts on a line. */
const PROMPT = /\[[^[\]\n]*@[^[\]\n]*\][#$] /;

/**
 * The text a terminal showed, as a person reads it: escape sequences removed, backspaces applied,
 * CR LF as newlines, and every prompt cut off with what follows it on its line (the echoed
 * command), so an output check can never be satisfied by what was typed.
 */
export function visibleOutput(raw: string): string {
	const text = raw
		.replace(/\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g, '')
		.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '')
		.replace(/\x1b[@-_]/g, '')
		.replace(/\r+\n/g, '\n');
	return text
		.split('\n')
		.map((line) => {
			// A bare CR returns to the start of the line: what follows overwrites what came before.
			const parts = line.split('\r');
			let cur = '';
			for (const part of parts) cur = part + cur.slice(part.length);
			let out = '';
			for (const ch of cur) out = ch === '\b' ? out.slice(0, -1) : out + ch;
			const p = PROMPT.exec(out);
			return p ? out.slice(0, p.index) : out;
		})
		.join('\n');
}

function matches(p: Pattern, value: string): boolean {
	const m = compilePattern(p);
	return typeof m === 'string' ? m === value : m.test(value);
}

/** The tty name of terminal `term` as processes carry it (`pts/0`), or null if unknown. */
export function terminalTty(snapshot: KernelSnapshot, term: number): string | null {
	const t = snapshot.terminals.find((x) => x.id === term);
	return t ? t.tty.replace(/^\/dev\//, '') : null;
}

/**
 * The learner's current process on terminal `term`: the newest living process on its tty (the
 * shell at its prompt, or whatever program now reads the terminal).
 */
export function currentProcess(snapshot: KernelSnapshot, term: number): ProcessView | null {
	const tty = terminalTty(snapshot, term);
	let best: ProcessView | null = null;
	for (const p of snapshot.processes) {
		if (p.tty === tty && p.state !== 'Z' && (!best || p.pid > best.pid)) best = p;
	}
	return best;
}

/** The fields of `m` that `p` fails, as `field=actual (want wanted)` phrases; empty when all match. */
function processMismatch(p: ProcessView, m: ProcessMatch): string[] {
	const bad: string[] = [];
	for (const [k, want] of Object.entries(m) as [keyof ProcessMatch, string | number][]) {
		let ok: boolean;
		let actual: string;
		if (k === 'args') actual = p.args.join(' ');
		else if (k === 'ip') actual = p.ipv4root.map((r) => r.ip).join(',') || '(none)';
		else actual = String(p[k]);
		if (typeof want === 'number') ok = p[k as 'uid'] === want;
		else if (k === 'ip') ok = p.ipv4root.some((r) => matches(want, r.ip));
		else ok = matches(want, actual);
		if (!ok) bad.push(`${k} ${actual} (want ${want})`);
	}
	return bad;
}

function describe(m: object): string {
	return Object.entries(m)
		.map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`)
		.join(' ');
}

/** Whether `value` satisfies every field of `m` (numbers and booleans exactly, Patterns, flag lists). */
function fieldsMatch(value: Record<string, unknown>, m: object): boolean {
	return Object.entries(m).every(([k, want]) => {
		const have = value[k];
		if (Array.isArray(want)) return Array.isArray(have) && want.every((w) => have.includes(w));
		if (typeof want === 'string') {
			return have !== null && have !== undefined && matches(want, String(have));
		}
		return have === want;
	});
}

const NO_SNAPSHOT: CheckResult = {
	pass: false,
	detail: 'this check needs the kernel model (no snapshot on this machine)'
};

/** Evaluates one check. */
export async function runCheck(check: Check, env: CheckEnv): Promise<CheckResult> {
	const snap = env.snapshot;
	if ('output' in check) {
		const pass = matches(check.output, env.output);
		return {
			pass,
			detail: pass
				? `the terminal printed ${check.output}`
				: `the terminal has not printed ${check.output} yet`
		};
	}
	if ('you' in check) {
		if (!snap) return NO_SNAPSHOT;
		const p = currentProcess(snap, env.term);
		if (!p) return { pass: false, detail: `nothing runs on terminal ${env.term}` };
		const bad = processMismatch(p, check.you);
		return bad.length === 0
			? { pass: true, detail: `your ${p.comm} (pid ${p.pid}) has ${describe(check.you)}` }
			: { pass: false, detail: `your ${p.comm} (pid ${p.pid}) has ${bad.join(', ')}` };
	}
	if ('process' in check) {
		if (!snap) return NO_SNAPSHOT;
		const wantsZombie = check.process.state !== undefined;
		const p = snap.processes.find(
			(x) => (wantsZombie || x.state !== 'Z') && processMismatch(x, check.process).length === 0
		);
		return p
			? { pass: true, detail: `${p.comm} (pid ${p.pid}) has ${describe(check.process)}` }
			: { pass: false, detail: `no process has ${describe(check.process)}` };
	}
	if ('context' in check) {
		if (!snap) return NO_SNAPSHOT;
		const c = snap.contexts.find((x) =>
			fieldsMatch(x as unknown as Record<string, unknown>, check.context)
		);
		return c
			? { pass: true, detail: `context ${c.id} has ${describe(check.context)}` }
			: { pass: false, detail: `no context has ${describe(check.context)}` };
	}
	if ('socket' in check) {
		if (!snap) return NO_SNAPSHOT;
		const s = snap.sockets.find((x) =>
			fieldsMatch(x as unknown as Record<string, unknown>, check.socket)
		);
		return s
			? { pass: true, detail: `a socket has ${describe(check.socket)}` }
			: { pass: false, detail: `no socket has ${describe(check.socket)}` };
	}
	if ('interface' in check) {
		if (!snap) return NO_SNAPSHOT;
		const i = snap.interfaces.find((x) =>
			fieldsMatch(x as unknown as Record<string, unknown>, check.interface)
		);
		return i
			? { pass: true, detail: `${i.name} has ${describe(check.interface)}` }
			: { pass: false, detail: `no interface has ${describe(check.interface)}` };
	}
	if ('exec' in check) {
		const e = check.exec;
		const r = await env.exec({ command: e.command, user: e.user, ctx: e.ctx });
		const bad: string[] = [];
		if (e.stdout !== undefined && !matches(e.stdout, r.stdout)) {
			bad.push(`its output is ${JSON.stringify(r.stdout)} (want ${e.stdout})`);
		}
		if (e.stderr !== undefined && !matches(e.stderr, r.stderr)) {
			bad.push(`its errors are ${JSON.stringify(r.stderr)} (want ${e.stderr})`);
		}
		if (e.exitCode !== undefined && r.exitCode !== e.exitCode) {
			bad.push(`it exits with ${r.exitCode} (want ${e.exitCode})`);
		}
		return {
			pass: bad.length === 0,
			detail:
				bad.length === 0
					? `'${e.command}' gives what was expected`
					: `'${e.command}': ${bad.join('; ')}`
		};
	}
	if ('file' in check) {
		const f = check.file;
		const quoted = `'${f.path.replace(/'/g, `'\\''`)}'`;
		const r = await env.exec({ command: `cat ${quoted}`, user: f.user, ctx: f.ctx });
		const exists = r.exitCode === 0;
		if (f.exists !== undefined && exists !== f.exists) {
			return {
				pass: false,
				detail: exists ? `${f.path} exists` : `${f.path} cannot be read: ${r.stderr.trim()}`
			};
		}
		if (f.content !== undefined && !(exists && matches(f.content, r.stdout))) {
			return {
				pass: false,
				detail: exists ? `${f.path} does not hold ${f.content}` : `${f.path} cannot be read`
			};
		}
		return { pass: true, detail: `${f.path} is as expected` };
	}
	const inner = await runCheck(check.not, env);
	return { pass: !inner.pass, detail: inner.pass ? `still true: ${inner.detail}` : inner.detail };
}

/** Evaluates a step's checks in order; passes when all do, and says why the first failure failed. */
export async function runChecks(checks: Check[], env: CheckEnv): Promise<CheckResult> {
	const details: string[] = [];
	for (const c of checks) {
		const r = await runCheck(c, env);
		if (!r.pass) return r;
		details.push(r.detail);
	}
	return { pass: true, detail: details.join('; ') };
}

/**
 * Fills `{you.FIELD}` and `{COMM.FIELD}` in a hint from the snapshot; null when a name cannot be
 * filled (no snapshot, no such process), so the caller passes over that hint.
 */
export function fillHint(
	text: string,
	snapshot: KernelSnapshot | null,
	term: number
): string | null {
	let missing = false;
	const out = text.replace(/\{([^{}.]+)\.([^{}.]+)\}/g, (_, who: string, field: string) => {
		if (!snapshot) {
			missing = true;
			return '';
		}
		let p: ProcessView | null = null;
		if (who === 'you') p = currentProcess(snapshot, term);
		else {
			for (const x of snapshot.processes) {
				if (x.comm === who && x.state !== 'Z' && (!p || x.pid > p.pid)) p = x;
			}
		}
		const v = p ? (p as unknown as Record<string, unknown>)[field] : undefined;
		if (v === undefined) {
			missing = true;
			return '';
		}
		return Array.isArray(v) ? v.join(' ') : String(v);
	});
	return missing ? null : out;
}

/** The first hint whose `when` passes and whose names can be filled; null when none applies. */
export async function pickHint(hints: Hint[], env: CheckEnv): Promise<string | null> {
	for (const h of hints) {
		if (h.when && !(await runCheck(h.when, env)).pass) continue;
		const text = fillHint(h.say, env.snapshot, env.term);
		if (text !== null) return text;
	}
	return null;
}
