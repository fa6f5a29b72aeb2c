// The headless runner's engine: types a script into a machine's terminal line by line, waiting
// for the machine to settle between lines, and renders the transcript with @xterm/headless.
import xtermHeadless from '@xterm/headless';
import type { Machine, TerminalOptions } from './machine.ts';
import type { KernelSnapshot } from './kernel/snapshot.ts';

const { Terminal } = xtermHeadless;

/** Virtual time the runner waits on a busy line before typing the next (ARCHITECTURE.md). */
export const LINE_BOUND_MS = 5000;
/** Wall time one line may take before the run fails with "machine did not settle". */
export const WALL_LIMIT_MS = 60_000;

/** Lines that send a control character instead of text. */
const CONTROL_LINES: Record<string, string> = {
	'^C': '\x03',
	'^Z': '\x1a',
	'^\\': '\x1c',
	'^D': '\x04'
};

export interface RunResult {
	transcript: string;
	state: KernelSnapshot | null;
}

export class SettleError extends Error {}

/** Splits a script into the lines to type (a final newline does not make an empty line). */
export function scriptLines(text: string): string[] {
	const lines = text.split('\n');
	if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
	return lines.map((l) => l.replace(/\r$/, ''));
}

/**
 * A runner directive: a script line `#> open USER[@HOST] [ctx N]` logs in on a new terminal (of
 * the machine HOST, `main` when omitted) and types the next lines there; `#> term N` types them
 * into terminal N (1 is the runner's first); `#> kernel later` boots the machines with the later
 * kernel pieces of chapter 6 (BootOptions `kernel`). Directives are not typed; the transcript
 * shows them where they stand.
 */
export type Directive =
	| { op: 'open'; user: string; host?: string; ctx?: number }
	| { op: 'term'; id: number }
	| { op: 'kernel'; kernel: 'ctx-17' | 'later' };

const DIRECTIVE = /^#> (.*)$/;

/** The directive on a line, null for a line to type; throws on a malformed directive. */
export function directive(line: string): Directive | null {
	const m = DIRECTIVE.exec(line);
	if (!m) return null;
	const words = m[1]!.trim().split(/\s+/);
	const open = /^([a-z_][a-z0-9_-]*)(?:@([a-z][a-z0-9-]*))?$/.exec(words[1] ?? '');
	if (
		words[0] === 'open' &&
		open &&
		(words.length === 2 || (words.length === 4 && words[2] === 'ctx' && /^\d+$/.test(words[3]!)))
	) {
		const d: Directive = { op: 'open', user: open[1]! };
		if (open[2] !== undefined) d.host = open[2];
		if (words.length === 4) d.ctx = Number(words[3]);
		return d;
	}
	if (words[0] === 'term' && words.length === 2 && /^[1-9]\d*$/.test(words[1]!)) {
		return { op: 'term', id: Number(words[1]) };
	}
	if (
		words[0] === 'kernel' &&
		words.length === 2 &&
		(words[1] === 'later' || words[1] === 'ctx-17')
	) {
		return { op: 'kernel', kernel: words[1] };
	}
	throw new Error(
		`bad runner directive: ${line} (#> open USER[@HOST] [ctx N], #> term N or #> kernel later)`
	);
}

/** The machines a script logs in to beside `main` (its `#> open USER@HOST` directives). */
export function scriptHosts(lines: string[]): string[] {
	const hosts: string[] = [];
	for (const l of lines) {
		const d = directive(l);
		if (d?.op === 'open' && d.host && d.host !== 'main' && !hosts.includes(d.host)) {
			hosts.push(d.host);
		}
	}
	return hosts;
}

/** The kernel a script's `#> kernel` directive asks for, if any. */
export function scriptKernel(lines: string[]): 'ctx-17' | 'later' | undefined {
	let kernel: 'ctx-17' | 'later' | undefined;
	for (const l of lines) {
		const d = directive(l);
		if (d?.op === 'kernel') kernel = d.kernel;
	}
	return kernel;
}

/** One terminal the runner renders: its emulator, and the first row not yet in the transcript. */
interface Screen {
	term: InstanceType<typeof Terminal>;
	writes: Promise<void>;
	mark: number;
}

/**
 * Types `lines` into terminal `id` of `machine` (already opened, 80x24) and returns the rendered
 * transcript: from the first prompt to the prompt after the last line. Directives (`#> open`,
 * `#> term`) move the typing to another terminal; the transcript then follows the typing: each
 * terminal's rows appear as they were typed, after the directive line that switched to it.
 */
export async function runLines(
	machine: Machine,
	id: number,
	lines: string[],
	opts: { wallLimitMs?: number } = {}
): Promise<RunResult> {
	const wallLimit = opts.wallLimitMs ?? WALL_LIMIT_MS;
	const screens = new Map<number, Screen>();
	const screen = (n: number): Screen => {
		const sc = screens.get(n);
		if (sc) return sc;
		const s: Screen = {
			term: new Terminal({ cols: 80, rows: 24, scrollback: 100_000, allowProposedApi: true }),
			writes: Promise.resolve(),
			mark: 0
		};
		// Chunks that arrive while a write is in flight go to the emulator together: one write
		// per chunk would wait a timer turn each, and a flood of small writes (a fork bomb's
		// thousands of "fork: Resource temporarily unavailable") would then take minutes to render.
		let queued: Uint8Array[] = [];
		machine.attach(n, (chunk) => {
			queued.push(chunk.slice());
			if (queued.length > 1) return;
			s.writes = s.writes.then(() => {
				const batch = concat(queued);
				queued = [];
				return new Promise<void>((r) => s.term.write(batch, r));
			});
		});
		screens.set(n, s);
		return s;
	};
	const settle = async (n: number, what: string): Promise<'idle' | 'bound' | 'exited'> => {
		let timer: ReturnType<typeof setTimeout> | undefined;
		const limit = new Promise<never>((_, reject) => {
			timer = setTimeout(
				() => reject(new SettleError(`machine did not settle (${what})`)),
				wallLimit
			);
		});
		try {
			return await Promise.race([machine.settle(n, LINE_BOUND_MS), limit]);
		} finally {
			clearTimeout(timer);
		}
	};
	const out: string[] = [];
	/** Moves terminal `n`'s finished rows (all but the cursor's, or all at the end) to `out`. */
	const flush = async (n: number, all: boolean): Promise<void> => {
		const sc = screen(n);
		await sc.writes;
		const rows = rowsOf(sc.term);
		const end = all ? rows.length : Math.min(rows.length, cursorRow(sc.term));
		for (let i = sc.mark; i < end; i++) out.push(rows[i]!);
		sc.mark = Math.max(sc.mark, end);
	};
	let cur = id;
	screen(cur);
	let state = await settle(cur, 'waiting for the first prompt');
	for (const line of lines) {
		const d = directive(line);
		if (d) {
			await flush(cur, false);
			out.push(line);
			// The kernel was chosen at boot (scriptKernel); the line only shows it.
			if (d.op === 'kernel') continue;
			if (d.op === 'open') {
				const o: TerminalOptions = { user: d.user, cols: 80, rows: 24 };
				if (d.host !== undefined) o.host = d.host;
				if (d.ctx !== undefined) o.ctx = d.ctx;
				cur = await machine.openTerminal(o);
			} else cur = d.id;
			screen(cur);
			state = await settle(cur, line);
			continue;
		}
		if (state === 'exited') break;
		machine.input(cur, CONTROL_LINES[line] ?? line + '\r');
		state = await settle(cur, `after typing ${JSON.stringify(line)}`);
	}
	await flush(cur, true);
	for (const sc of screens.values()) {
		await sc.writes;
		sc.term.dispose();
	}
	while (out.length > 0 && out[out.length - 1] === '') out.pop();
	return { transcript: out.join('\n') + '\n', state: await machine.inspect() };
}

/** Every row up to the cursor's, right-trimmed (trailing empty rows kept). */
function rowsOf(term: InstanceType<typeof Terminal>): string[] {
	const buf = term.buffer.active;
	const rows: string[] = [];
	for (let i = 0; i <= cursorRow(term); i++) {
		rows.push((buf.getLine(i)?.translateToString(true) ?? '').replace(/\s+$/, ''));
	}
	return rows;
}

function cursorRow(term: InstanceType<typeof Terminal>): number {
	const buf = term.buffer.active;
	return buf.baseY + buf.cursorY;
}

function concat(chunks: Uint8Array[]): Uint8Array {
	if (chunks.length === 1) return chunks[0]!;
	const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
	let at = 0;
	for (const c of chunks) {
		all.set(c, at);
		at += c.length;
	}
	return all;
}

/** The terminal's text: every row up to the cursor's, right-trimmed, one final newline. */
export function render(term: InstanceType<typeof Terminal>): string {
	const buf = term.buffer.active;
	const last = buf.baseY + buf.cursorY;
	const rows: string[] = [];
	for (let i = 0; i <= last; i++) {
		rows.push((buf.getLine(i)?.translateToString(true) ?? '').replace(/\s+$/, ''));
	}
	while (rows.length > 0 && rows[rows.length - 1] === '') rows.pop();
	return rows.join('\n') + '\n';
}
