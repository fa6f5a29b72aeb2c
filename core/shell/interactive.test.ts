import { describe, expect, it } from 'vitest';
import { boot } from '../test-helpers.ts';
import { runLines } from '../runner.ts';

/** Types `lines` into a login shell's terminal (as the runner does) and returns the screen text. */
async function session(lines: string[], user = 'root'): Promise<string> {
	const m = await boot();
	try {
		const id = await m.openTerminal({ user, cols: 80, rows: 24 });
		const { transcript } = await runLines(m, id, lines);
		expect(m.faults).toEqual([]);
		return transcript;
	} finally {
		m.dispose();
	}
}

/** Process ids vary with what the machine starts; tests name them PID. */
function pids(text: string): string {
	return text.replace(/^\[(\d+)\] \d+$/gm, '[$1] PID');
}

describe('the interactive shell', () => {
	it('prompts with user, host and the last part of the directory, # for root and $ for others', async () => {
		expect(await session(['cd /usr/bin', 'cd /'])).toBe(
			'[root@main root]# cd /usr/bin\n[root@main bin]# cd /\n[root@main /]#\n'
		);
		expect(await session(['cd /tmp'], 'user')).toBe(
			'[user@main user]$ cd /tmp\n[user@main tmp]$\n'
		);
	});

	it('gives a nested sh the same prompt as the login shell', async () => {
		expect(await session(['sh', 'exit'], 'user')).toBe(
			'[user@main user]$ sh\n[user@main user]$ exit\nexit\n[user@main user]$\n'
		);
	});

	it('continues unfinished input with PS2 and reports syntax errors without the line', async () => {
		const t = await session(['for i in a b', 'do echo $i', 'done', 'echo )']);
		expect(t).toBe(
			[
				'[root@main root]# for i in a b',
				'> do echo $i',
				'> done',
				'a',
				'b',
				'[root@main root]# echo )',
				"bash: syntax error near unexpected token `)'",
				'[root@main root]#',
				''
			].join('\n')
		);
	});

	it('names itself bash in messages, also from a background child', async () => {
		const t = await session(['nosuch', 'cd /nowhere', '(nosuch2)']);
		expect(t).toBe(
			[
				'[root@main root]# nosuch',
				'bash: nosuch: command not found',
				'[root@main root]# cd /nowhere',
				'bash: cd: /nowhere: No such file or directory',
				'[root@main root]# (nosuch2)',
				'bash: nosuch2: command not found',
				'[root@main root]#',
				''
			].join('\n')
		);
	});

	it('stops a job with ^Z, lists it, continues it with bg and fg, and reports how it ended', async () => {
		const t = await session([
			'sleep 100',
			'^Z',
			'jobs',
			'bg',
			'jobs -l',
			'kill %1',
			'sleep 50 &',
			'fg',
			'^C',
			'echo $?'
		]);
		expect(pids(t).replace(/\[1\]\+ +\d+ Running/, '[1]+ PID Running')).toBe(
			[
				'[root@main root]# sleep 100',
				'^Z',
				'[1]+  Stopped                 sleep 100',
				'[root@main root]# jobs',
				'[1]+  Stopped                 sleep 100',
				'[root@main root]# bg',
				'[1]+ sleep 100 &',
				'[root@main root]# jobs -l',
				'[1]+ PID Running                 sleep 100 &',
				'[root@main root]# kill %1',
				'[1]+  Terminated              sleep 100',
				'[root@main root]# sleep 50 &',
				'[1] PID',
				'[root@main root]# fg',
				'sleep 50',
				'^C',
				'[root@main root]# echo $?',
				'130',
				'[root@main root]#',
				''
			].join('\n')
		);
	});

	it('says Done before the prompt when a background job ends, and wait collects jobs', async () => {
		const t = await session(['sleep 1 &', 'false &', 'wait', 'echo $!']);
		expect(pids(t).replace(/^\d+$/m, 'PID')).toBe(
			[
				'[root@main root]# sleep 1 &',
				'[1] PID',
				'[root@main root]# false &',
				'[2] PID',
				'[root@main root]# wait',
				'[1]-  Done                    sleep 1',
				'[2]+  Exit 1                  false',
				'[root@main root]# echo $!',
				'PID',
				'[root@main root]#',
				''
			].join('\n')
		);
	});

	it('cancels the line with ^C at the prompt, and ^D logs out', async () => {
		// The runner's Enter after ^C reaches the fresh prompt: an empty line, as on a terminal.
		expect(await session(['echo not run\x03', 'echo $?', '^D'])).toBe(
			'[root@main root]# echo not run\n[root@main root]#\n[root@main root]# echo $?\n130\n[root@main root]# logout\n'
		);
	});

	it('warns once about stopped jobs before exiting', async () => {
		const t = await session(['sleep 100', '^Z', 'exit', 'exit']);
		expect(t).toBe(
			'[root@main root]# sleep 100\n^Z\n[1]+  Stopped                 sleep 100\n[root@main root]# exit\nThere are stopped jobs.\n[root@main root]# exit\nlogout\n'
		);
	});

	it('passes a hang-up of its terminal on to its jobs, then ends', async () => {
		const m = await boot();
		try {
			const id = await m.openTerminal({ user: 'root', cols: 80, rows: 24 });
			await runLines(m, id, ['sleep 100 &', 'sleep 200', '^Z']);
			const sleeps = () =>
				[...m.kernel.procs.values()].filter((p) => p.comm === 'sleep' && p.state !== 'Z');
			expect(sleeps().length).toBe(2);
			const shell = [...m.kernel.procs.values()].find((p) => p.comm === 'bash')!;
			m.kernel.ttys.get(0)!.hangup();
			await m.settle(id, 1000);
			expect(sleeps()).toEqual([]);
			expect(shell.state).toBe('Z');
			expect(m.faults).toEqual([]);
		} finally {
			m.dispose();
		}
	});

	it('breaks a running builtin loop with ^C', async () => {
		expect(await session(['while :; do :; done', '^C', 'echo back'])).toBe(
			'[root@main root]# while :; do :; done\n^C\n[root@main root]# echo back\nback\n[root@main root]#\n'
		);
	});
});

describe('line editing', () => {
	it('moves with ^A ^E and the arrows, deletes with backspace, ^U, ^K and ^W', async () => {
		const t = await session([
			'cho hi\x01e\x05!',
			'echo abc\x7f\x7fX',
			'rm -rf /\x15echo safe',
			'echo one two\x17three',
			'echo keep drop\x1b[D\x1b[D\x1b[D\x1b[D\x1b[D\x0b'
		]);
		expect(t).toBe(
			[
				'[root@main root]# echo hi!',
				'hi!',
				'[root@main root]# echo aX',
				'aX',
				'[root@main root]# echo safe',
				'safe',
				'[root@main root]# echo one three',
				'one three',
				'[root@main root]# echo keep',
				'keep',
				'[root@main root]#',
				''
			].join('\n')
		);
	});

	it('recalls history with the arrows and ^R', async () => {
		const t = await session(['echo first', 'echo second', '\x1b[A\x1b[A', '\x12sec', 'history']);
		expect(t).toBe(
			[
				'[root@main root]# echo first',
				'first',
				'[root@main root]# echo second',
				'second',
				'[root@main root]# echo first',
				'first',
				'[root@main root]# echo second',
				'second',
				'[root@main root]# history',
				'    1  echo first',
				'    2  echo second',
				'    3  echo first',
				'    4  echo second',
				'    5  history',
				'[root@main root]#',
				''
			].join('\n')
		);
	});

	it('completes commands and paths with Tab, and lists the choices on a second Tab', async () => {
		const t = await session(['ech\t tab', 'cat /etc/host\t\t', 'ls -d /va\t', 'ls /v\t\t']);
		expect(t).toBe(
			[
				'[root@main root]# echo  tab',
				'tab',
				'[root@main root]# cat /etc/host',
				'host.conf  hosts',
				'[root@main root]# cat /etc/host',
				'cat: /etc/host: No such file or directory',
				'[root@main root]# ls -d /var/',
				'/var/',
				'[root@main root]# ls /v',
				'var       vservers',
				'[root@main root]# ls /v',
				'ls: /v: No such file or directory',
				'[root@main root]#',
				''
			].join('\n')
		);
	});

	it('wraps a long line at the terminal width as the terminal shows it', async () => {
		const long = 'echo ' + 'x'.repeat(70);
		const t = await session([long + '\x01\x1b[C\x1b[C\x1b[C\x1b[C\x1b[CY']);
		expect(t).toBe(
			`[root@main root]# echo Y${'x'.repeat(56)}\n${'x'.repeat(14)}\nY${'x'.repeat(70)}\n[root@main root]#\n`
		);
	});
});
