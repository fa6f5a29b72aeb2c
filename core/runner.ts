// The headless runner's engine: types a script into a machine's terminal line by line, waiting
// for the machine to settle between lines, and renders the transcript with @xterm/headless.
import xtermHeadless from '@xterm/headless';
import type { Machine } from './machine.ts';
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
 * Types `lines` into terminal `id` of `machine` (already opened, 80x24) and returns the rendered
 * transcript: from the first prompt to the prompt after the last line.
 */
export async function runLines(
	machine: Machine,
	id: number,
	lines: string[],
	opts: { wallLimitMs?: number } = {}
): Promise<RunResult> {
	const wallLimit = opts.wallLimitMs ?? WALL_LIMIT_MS;
	const term = new Terminal({ cols: 80, rows: 24, scrollback: 100_000, allowProposedApi: true });
	// Chunks that arrive while a write is in flight go to the emulator together: one write per
	// chunk would wait a timer turn each, and a flood of small writes (a fork bomb's thousands of
	// "fork: Resource temporarily unavailable") would then take minutes to render.
	let writes = Promise.resolve();
	let queued: Uint8Array[] = [];
	machine.attach(id, (chunk) => {
		queued.push(chunk.slice());
		if (queued.length > 1) return;
		writes = writes.then(() => {
			const batch = concat(queued);
			queued = [];
			return new Promise<void>((r) => term.write(batch, r));
		});
	});
	const settle = async (what: string): Promise<'idle' | 'bound' | 'exited'> => {
		let timer: ReturnType<typeof setTimeout> | undefined;
		const limit = new Promise<never>((_, reject) => {
			timer = setTimeout(
				() => reject(new SettleError(`machine did not settle (${what})`)),
				wallLimit
			);
		});
		try {
			return await Promise.race([machine.settle(id, LINE_BOUND_MS), limit]);
		} finally {
			clearTimeout(timer);
		}
	};
	let state = await settle('waiting for the first prompt');
	for (const line of lines) {
		if (state === 'exited') break;
		machine.input(id, CONTROL_LINES[line] ?? line + '\r');
		state = await settle(`after typing ${JSON.stringify(line)}`);
	}
	await writes;
	const transcript = render(term);
	term.dispose();
	return { transcript, state: await machine.inspect() };
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
