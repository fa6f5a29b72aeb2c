import { describe, expect, it } from 'vitest';
import { lab, ok, run1, type Lab } from './testing.ts';
import { fakeProc, fakeProcOn } from './lib/fake-proc.ts';
import { isErrno, WTERMSIG, type Sys } from '../syscalls/index.ts';
import type { Program } from '../kernel/kernel.ts';

/**
 * Installs /usr/bin/victim-test: it forks a sleeping child named `victim` (listed in the fake
 * /proc), runs the given command on it with `@` replaced by the child's pid, and prints how the
 * child ended.
 */
function installVictim(l: Lab, extra: (pid: number) => void = () => {}): void {
	const prog = async (sys: Sys, argv: string[], env: Record<string, string>): Promise<number> => {
		const child = await sys.fork(async (c) => {
			await c.sleep(100_000);
			return 0;
		});
		if (isErrno(child)) return 2;
		fakeProc(
			(p, d) => l.write(p, d),
			[
				{ pid: 1, comm: 'init' },
				{ pid: child, comm: 'victim', ppid: 1 }
			]
		);
		extra(child);
		const cmd = argv.slice(1).map((a) => (a === '@' ? String(child) : a));
		const runner = await sys.fork(async (c) => c.execve(cmd[0]!, cmd, env).then(() => 127));
		if (isErrno(runner)) return 2;
		const r = await sys.waitpid(runner);
		await sys.kill(child, 9);
		const w = await sys.waitpid(child);
		if (isErrno(r) || isErrno(w)) return 2;
		await sys.write(1, `runner ${r.status >> 8}, child signal ${WTERMSIG(w.status)}\n`);
		return 0;
	};
	l.kernel.registerProgram('victim-test', prog as Program);
	l.kernel.installProgram('/usr/bin/victim-test', 'victim-test');
}

async function withLab(fn: (l: Lab) => Promise<void>): Promise<void> {
	const l = await lab();
	try {
		await fakeProcOn(l, []);
		await fn(l);
	} finally {
		l.dispose();
	}
}

describe('kill', () => {
	it('lists the signal names, each counted with its space, on lines of at most 72 columns', async () => {
		expect(await run1(['kill', '-l'])).toEqual(
			ok(
				'HUP INT QUIT ILL TRAP ABRT IOT BUS FPE KILL USR1 SEGV USR2 PIPE ALRM\n' +
					'TERM STKFLT CHLD CLD CONT STOP TSTP TTIN TTOU URG XCPU XFSZ VTALRM PROF\n' +
					'WINCH IO POLL PWR SYS\n'
			)
		);
		expect(await run1(['kill', '-l', '9'])).toEqual(ok('KILL\n'));
		expect(await run1(['kill', '-l', 'FOO'])).toEqual(ok('', 'kill: unknown signal FOO\n', 1));
	});

	it('sends TERM by default and the signal named or numbered', () =>
		withLab(async (l) => {
			installVictim(l);
			expect(await l.run(['victim-test', '/bin/kill', '@'])).toEqual(
				ok('runner 0, child signal 15\n')
			);
			expect(await l.run(['victim-test', '/bin/kill', '-HUP', '@'])).toEqual(
				ok('runner 0, child signal 1\n')
			);
			expect(await l.run(['victim-test', '/bin/kill', '-s', 'USR1', '@'])).toEqual(
				ok('runner 0, child signal 10\n')
			);
			expect(await l.run(['victim-test', '/bin/kill', '-2', '@'])).toEqual(
				ok('runner 0, child signal 2\n')
			);
		}));

	it('finds processes by name in /proc', () =>
		withLab(async (l) => {
			installVictim(l);
			expect(await l.run(['victim-test', '/bin/kill', '-QUIT', 'victim'])).toEqual(
				ok('runner 0, child signal 3\n')
			);
		}));

	it('reports a missing process and one it may not signal', async () => {
		expect(await run1(['kill', '9999'])).toEqual(ok('', 'kill 9999: No such process\n', 1));
		expect(await run1(['kill', '1'], { user: 'user' })).toEqual(
			ok('', 'kill 1: Operation not permitted\n', 1)
		);
		expect(await run1(['kill', 'nosuch'])).toEqual(
			ok('', 'kill: can\'t find process "nosuch"\n', 1)
		);
	});

	it('refuses an unknown signal and a missing pid', async () => {
		const r = await run1(['kill', '-FOO', '1']);
		expect(r.stderr.split('\n')[0]).toBe('kill: unknown signal FOO; valid signals:');
		expect(r.exitCode).toBe(1);
		expect(await run1(['kill', '-9'])).toEqual(
			ok('', 'usage: kill [ -s signal | -p ] [ -a ] pid ...\n       kill -l [ signal ]\n', 1)
		);
	});
});

describe('killall and pidof', () => {
	it('killall signals every process of that name', () =>
		withLab(async (l) => {
			installVictim(l);
			expect(await l.run(['victim-test', '/usr/bin/killall', '-KILL', 'victim'])).toEqual(
				ok('runner 0, child signal 9\n')
			);
		}));

	it('killall says when nothing was killed, and why', () =>
		withLab(async (l) => {
			installVictim(l);
			expect(await l.run(['victim-test', '/usr/bin/killall', 'xterm'])).toEqual(
				ok('runner 1, child signal 9\n', 'xterm: no process killed\n')
			);
			fakeProc((p, d) => l.write(p, d), [{ pid: 1, comm: 'init' }]);
			expect(await l.run(['killall', 'init'], { user: 'user' })).toEqual(
				ok('', 'init(1): Operation not permitted\ninit: no process killed\n', 1)
			);
		}));

	it('killall prints its usage without a name', async () => {
		expect((await run1(['killall'])).stderr).toBe(
			'usage: killall [ -e ] [ -g ] [ -i ] [ -q ] [ -v ] [ -w ] [ -signal ] name ...\n       killall -l\n       killall -V\n'
		);
	});

	it('pidof prints the pids of a program, newest first, and fails when there is none', () =>
		withLab(async (l) => {
			await fakeProcOn(l, [
				{ pid: 1, comm: 'init' },
				{ pid: 300, comm: 'httpd', args: ['/usr/sbin/httpd'] },
				{ pid: 301, comm: 'httpd', args: ['/usr/sbin/httpd'] }
			]);
			expect(await l.run(['pidof', 'httpd'])).toEqual(ok('301 300\n'));
			expect(await l.run(['pidof', '-s', 'httpd'])).toEqual(ok('301\n'));
			expect(await l.run(['pidof', '-o', '301', 'httpd', 'init'])).toEqual(ok('300 1\n'));
			expect(await l.run(['pidof', 'xterm'])).toEqual(ok('', '', 1));
		}));
});
