// Runs x86 test cases given as data on a machine restored from the shipped state: each action waits
// for its `onText` (if any), types `run` and Enter, and waits for the terminal to settle.
import type { Machine } from '../../core/machine.ts';
import { createX86Machine } from '../../core/x86/index.ts';

export interface Action {
	/** Text that must have appeared on the terminal (since the previous action) before typing. */
	onText?: string | RegExp;
	/** One line typed followed by Enter (^C etc. are sent as the control character). */
	run: string;
	/** Which terminal types it; 1 by default. */
	term?: number;
}

export interface X86Case {
	name: string;
	/** Logins of the terminals to open, in order; one `root` terminal by default. */
	users?: string[];
	actions: Action[];
	/** Everything that must appear in terminal 1's text (or in `expectTerm`'s). */
	expectText: (string | RegExp)[];
	/** What must not appear anywhere in it. */
	rejectText?: (string | RegExp)[];
	expectTerm?: number;
}

/** Terminal text with escape sequences and carriage returns removed. */
export function plain(raw: string): string {
	return raw
		.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')
		.replace(/\x1b[()][0-9A-Za-z]/g, '')
		.replace(/\r/g, '');
}

const SETTLE_BOUND_MS = 30000;

const CONTROL: Record<string, string> = { '^C': '\x03', '^D': '\x04', '^Z': '\x1a', '^\\': '\x1c' };

function has(text: string, want: string | RegExp): boolean {
	return typeof want === 'string' ? text.includes(want) : want.test(text);
}

/** Restores a machine, plays the case and returns each terminal's text. */
export async function playCase(c: X86Case, machine?: Machine): Promise<string[]> {
	const m = machine ?? (await createX86Machine());
	try {
		const texts: string[] = [];
		const ids: number[] = [];
		for (const user of c.users ?? ['root']) {
			const id = await m.openTerminal({ user, cols: 80, rows: 24 });
			const index = ids.length;
			ids.push(id);
			texts[index] = '';
			const decoder = new TextDecoder();
			m.attach(id, (chunk) => {
				texts[index] += decoder.decode(chunk, { stream: true });
			});
		}
		const marks = texts.map((t) => t.length);
		for (const action of c.actions) {
			const t = (action.term ?? 1) - 1;
			const id = ids[t] as number;
			if (action.onText !== undefined) {
				const end = Date.now() + SETTLE_BOUND_MS;
				while (!has(plain((texts[t] ?? '').slice(marks[t])), action.onText)) {
					if (Date.now() > end) {
						throw new Error(
							`${c.name}: no ${String(action.onText)} before "${action.run}"\n${plain(texts[t] ?? '')}`
						);
					}
					await new Promise((r) => setTimeout(r, 20));
				}
			}
			marks[t] = (texts[t] ?? '').length;
			m.input(id, CONTROL[action.run] ?? `${action.run}\r`);
			// Every line here ends at a prompt (or a program reading the terminal); the generous
			// bound only matters on a loaded host, where the guest runs many times slower.
			const how = await m.settle(id, SETTLE_BOUND_MS);
			if (how === 'bound') {
				throw new Error(
					`${c.name}: "${action.run}" did not settle in ${SETTLE_BOUND_MS} ms\n${plain(texts[t] ?? '')}`
				);
			}
		}
		return texts.map(plain);
	} finally {
		if (!machine) {
			m.dispose();
		}
	}
}
