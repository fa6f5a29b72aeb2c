// What the fuzz and runaway suites found, one test each, and the shell's statuses for commands
// that cannot run (127 not found, 126 not executable, 2 for usage errors).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Harness } from './harness.ts';

let h: Harness;

beforeAll(async () => {
	h = await Harness.boot();
});

afterAll(() => h.dispose());

const sh = (command: string, stdin = '') =>
	h.run('/bin/sh', ['sh', '-c', command], { stdin, user: 'user', limitMs: 2000 });

describe('sed scripts that never end', () => {
	it('an endless branch loop yields the CPU and runs until stopped', async () => {
		const r = await h.run('/bin/sed', ['sed', ':a;ba'], { stdin: 'x\n', limitMs: 500 });
		expect(r).toEqual({ stdout: '', stderr: '', exitCode: null, faults: [] });
	});

	it('endless output streams, so head can stop it', async () => {
		expect(await sh("sed ':a;p;ba' | head -c 10", 'xy\n')).toEqual({
			stdout: 'xy\nxy\nxy\nx',
			stderr: '',
			exitCode: 0,
			faults: []
		});
	});

	it('a pattern space that doubles ends in the out-of-memory message, status 4', async () => {
		expect(await sh("sed -n ':a;s/x*/&&/;ta'", 'x\n')).toEqual({
			stdout: '',
			stderr: "sed: Couldn't re-allocate memory\n",
			exitCode: 4,
			faults: []
		});
	});
});

describe('commands that cannot run', () => {
	it('are reported as bash does, with 127 and 126', async () => {
		expect(await sh('nosuch; echo $?; /etc/passwd; echo $?; /tmp; echo $?')).toEqual({
			stdout: '127\n126\n126\n',
			stderr:
				'sh: nosuch: command not found\nsh: /etc/passwd: Permission denied\nsh: /tmp: is a directory\n',
			exitCode: 0,
			faults: []
		});
	});

	it('usage errors give 2 where the tool does so', async () => {
		const r = await sh('ls --bogus; echo $?; grep; echo $?; sh --bogus; echo $?');
		expect(r.stdout).toBe('2\n2\n2\n');
		expect(r.stderr).toMatch(
			/^ls: unrecognized option `--bogus'\nTry `ls --help' for more information.\nUsage: grep \[OPTION\]... PATTERN \[FILE\]...\nTry `grep --help' for more information.\nsh: --bogus: invalid option\nUsage:\tsh /
		);
		expect(r.faults).toEqual([]);
	});
});
