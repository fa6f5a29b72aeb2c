import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lab, ok, type Lab } from './testing.ts';

let l: Lab;
const text = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
beforeEach(async () => {
	l = await lab();
	l.write('/tmp/long', text);
	l.write('/tmp/short', 'one\ntwo\n');
});
afterEach(() => l.dispose());

/** Types `keys` on the run's terminal, one every virtual second. */
const typing = (keys: string[]) =>
	keys.map((k, i) => ({ ms: 1000 * (i + 1), run: () => l.tty!.input(k) }));

describe('more and less', () => {
	it('behave like cat when the output is not a terminal (more with headers)', async () => {
		expect(await l.run(['more', '/tmp/short'])).toEqual(ok('one\ntwo\n'));
		expect(await l.run(['more', '/tmp/short', '/tmp/short'])).toEqual(
			ok(
				'::::::::::::::\n/tmp/short\n::::::::::::::\none\ntwo\n::::::::::::::\n/tmp/short\n::::::::::::::\none\ntwo\n'
			)
		);
		expect(await l.run(['less', '/tmp/short'])).toEqual(ok('one\ntwo\n'));
		expect(await l.run(['more', '/nope'])).toEqual(
			ok('', 'more: /nope: No such file or directory\n', 1)
		);
	});

	it('more pages on a terminal: a screenful, the --More-- prompt, space for the next page', async () => {
		const r = await l.run(['more', '/tmp/long'], {
			tty: { cols: 80, rows: 10, stderr: true },
			at: typing([' ', ' ', ' ']),
			limitMs: 10_000
		});
		const screen = r.stdout.replace(/\r\n/g, '\n');
		const first = text.split('\n').slice(0, 9).join('\n') + '\n';
		expect(screen.startsWith(first + '\x1b[7m--More--(27%)\x1b[27m\r\x1b[K' + 'line 10\n')).toBe(
			true
		);
		expect(screen).toContain('\x1b[7m--More--(58%)\x1b[27m\r\x1b[K');
		expect(screen.endsWith('line 30\n')).toBe(true);
		expect(r.exitCode).toBe(0);
	});

	it('more quits on q and gives the terminal back in cooked mode', async () => {
		const r = await l.run(['more', '/tmp/long'], {
			tty: { cols: 80, rows: 10, stderr: true },
			at: typing(['q']),
			limitMs: 10_000
		});
		expect(r.exitCode).toBe(0);
		expect(r.stdout).not.toContain('line 10');
		expect(l.tty!.termios.lflag & 0o2).toBe(0o2);
	});

	it('less waits at (END) for q, on the alternate screen', async () => {
		const r = await l.run(['less', '/tmp/short'], {
			tty: { cols: 80, rows: 10, stderr: true },
			at: typing(['q']),
			limitMs: 10_000
		});
		expect(r.stdout.replace(/\r\n/g, '\n')).toBe(
			'\x1b7\x1b[?47h\x1b[H\x1b[2Jone\ntwo\n\x1b[7m(END)\x1b[27m\r\x1b[K\x1b[2J\x1b[?47l\x1b8'
		);
	});
});
