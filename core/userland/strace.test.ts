import { describe, expect, it } from 'vitest';
import { lab, ok, run1 } from './testing.ts';
import { quoteString, resultLine } from './strace.ts';

describe('strace', () => {
	it('shows a refused sethostname with its errno', async () => {
		const r = await run1(['strace', '-e', 'trace=sethostname', 'hostname', 'x'], { user: 'user' });
		expect(r).toEqual(
			ok(
				'',
				'sethostname("x", 1)                     = -1 EPERM (Operation not permitted)\nhostname: you must be root to change the host name\n',
				1
			)
		);
	});

	it('starts with the execve of the command and ends with its exit', async () => {
		const r = await run1(['strace', '/bin/true']);
		expect(r).toEqual(
			ok(
				'',
				'execve("/bin/true", ["/bin/true"], [/* 4 vars */]) = 0\n_exit(0)                                = ?\n'
			)
		);
	});

	it('writes the trace to a file with -o and shows each call', async () => {
		const l = await lab();
		try {
			expect(await l.run(['strace', '-o', '/tmp/t', '/bin/echo', 'hi'])).toEqual(ok('hi\n'));
			expect(l.read('/tmp/t')).toBe(
				'execve("/bin/echo", ["/bin/echo", "hi"], [/* 4 vars */]) = 0\n' +
					'write(1, "hi\\n", 3)                     = 3\n' +
					'_exit(0)                                = ?\n'
			);
		} finally {
			l.dispose();
		}
	});

	it('says what it needs without a command', async () => {
		const r = await run1(['strace']);
		expect(r.exitCode).toBe(1);
		expect(r.stderr.split('\n')[0]).toBe(
			'usage: strace [-dffhiqrtttTvVxx] [-a column] [-e expr] ... [-o file]'
		);
		expect(await run1(['strace', 'nosuchprog'])).toEqual(
			ok('', 'strace: nosuchprog: command not found\n', 1)
		);
	});

	it("may not attach to another user's process", async () => {
		expect(await run1(['strace', '-p', '1'], { user: 'user' })).toEqual(
			ok('', 'attach: ptrace(PTRACE_ATTACH, ...): Operation not permitted\n', 1)
		);
	});

	it('quotes strings and aligns results as strace does', () => {
		expect(quoteString('a"b\n\0')).toBe('"a\\"b\\n\\0"');
		expect(quoteString('x'.repeat(40))).toBe(`"${'x'.repeat(32)}"...`);
		expect(resultLine('close(3)', '0')).toBe('close(3)                                = 0');
		expect(resultLine('new_s_context(-1, 0, 0)', '5')).toBe(
			'new_s_context(-1, 0, 0)                 = 5'
		);
	});
});
