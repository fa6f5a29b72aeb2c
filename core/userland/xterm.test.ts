import { describe, expect, it } from 'vitest';
import { boot, run } from '../test-helpers.ts';
import { runLines } from '../runner.ts';
import type { TerminalInfo } from '../machine.ts';

describe('xterm', () => {
	it('`xterm &` prints the job, opens a pane with a login shell on its own pty, and killing it closes the pane', async () => {
		const m = await boot();
		const lists: TerminalInfo[][] = [];
		m.onTerminals((l) => lists.push(l));
		const id = await m.openTerminal({ user: 'user', cols: 80, rows: 24 });
		let r = await runLines(m, id, ['xterm &', 'ps ax | grep -e xterm -e bash']);
		expect(r.transcript).toBe(
			[
				'[user@main user]$ xterm &',
				'[1] 22',
				'[user@main user]$ ps ax | grep -e xterm -e bash',
				'   21 pts/0    S      0:00 -bash',
				'   22 pts/0    S      0:00 xterm',
				'   23 pts/1    S      0:00 -bash',
				'   25 pts/0    S      0:00 grep -e xterm -e bash',
				'[user@main user]$',
				''
			].join('\n')
		);
		expect(lists.at(-1)).toEqual([
			{ id: 1, tty: '/dev/pts/0', label: 'user@main, context 0', open: true },
			{ id: 2, tty: '/dev/pts/1', label: 'user@main, context 0', open: true }
		]);
		let pane = '';
		m.attach(2, (c) => (pane += String.fromCharCode(...c)));
		expect(await m.settle(2, 5000)).toBe('idle');
		m.input(2, 'tty\r');
		await m.settle(2, 5000);
		expect(pane).toBe('[user@main user]$ tty\r\n/dev/pts/1\r\n[user@main user]$ ');
		r = await runLines(m, id, ['kill 22', 'sleep 1', 'ps ax | grep bash']);
		// The hang-up of the closed master ends the pane's shell too.
		expect(r.transcript.split('[user@main user]$ kill 22\n')[1]).toBe(
			[
				'[1]+  Terminated              xterm',
				'[user@main user]$ sleep 1',
				'[user@main user]$ ps ax | grep bash',
				'   21 pts/0    S      0:00 -bash',
				'   29 pts/0    S      0:00 grep bash',
				'[user@main user]$',
				''
			].join('\n')
		);
		expect(lists.at(-1)!.find((t) => t.id === 2)?.open).toBe(false);
		expect(m.faults).toEqual([]);
		m.dispose();
	});

	it('-e runs a command instead of the shell, and without a display xterm says so', async () => {
		const m = await boot();
		const lists: TerminalInfo[][] = [];
		m.onTerminals((l) => lists.push(l));
		const r = await m.run({ command: '/usr/X11R6/bin/xterm -e cat /etc/redhat-release; echo $?' });
		expect(r).toEqual({ stdout: '0\n', stderr: '', exitCode: 0 });
		expect(lists.at(-1)).toEqual([
			{ id: 1, tty: '/dev/pts/0', label: 'root@main, context 0', open: false }
		]);
		m.dispose();
		m.kernel.display = null;
		expect(await run('/usr/X11R6/bin/xterm -bogus; echo $?')).toEqual({
			stdout: '1\n',
			stderr: 'xterm:  bad command line option "-bogus"\n\n',
			exitCode: 0
		});
	});
});
