// /usr/bin/clear (ncurses 5.2): writes the terminal's clear sequence; the lab's terminals are xterms.
import type { Sys } from '../syscalls/index.ts';

/** terminfo `clear` for xterm: home the cursor, erase the screen. */
const CLEAR: Record<string, string> = {
	xterm: '\x1b[H\x1b[2J',
	vt100: '\x1b[H\x1b[J',
	linux: '\x1b[H\x1b[J'
};

export async function clear(
	sys: Sys,
	_argv: string[],
	env: Record<string, string>
): Promise<number> {
	const term = env.TERM ?? '';
	const seq = CLEAR[term] ?? CLEAR[term.replace(/-.*$/, '')];
	if (seq === undefined) {
		await sys.write(2, `'${term || 'unknown'}': unknown terminal type.\n`);
		return 1;
	}
	await sys.write(1, seq);
	return 0;
}
