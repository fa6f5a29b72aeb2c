import { describe, expect, it } from 'vitest';
import { lab, ok, run1 } from './testing.ts';
import { atoi } from './chcontext.ts';
import { O_RDWR, isErrno, type Sys } from '../syscalls/index.ts';
import type { Program } from '../kernel/kernel.ts';

const status = [
	'grep',
	'-e',
	'^CapBset',
	'-e',
	'^s_context',
	'-e',
	'^ctxflags',
	'/proc/self/status'
];

describe('chcontext', () => {
	it('prints its usage on stderr and exits 255 without a command, or when the command starts with -', async () => {
		for (const argv of [
			['chcontext'],
			['chcontext', '--secure'],
			['chcontext', '-x', 'true'],
			['chcontext', '--ctx']
		]) {
			const r = await run1(argv, { user: 'user' });
			expect(r.stdout).toBe('');
			expect(r.exitCode).toBe(255);
			expect(r.stderr.split('\n').slice(0, 2)).toEqual([
				'chcontext version 0.22',
				'chcontext [ options ] command arguments ...'
			]);
			for (const option of [
				'--cap',
				'--ctx',
				'--disconnect',
				'--domainname',
				'--flag',
				'--hostname',
				'--secure',
				'--silent'
			]) {
				expect(r.stderr).toContain(`\n${option} `.trimEnd());
			}
		}
	});

	it('moves a normal user into the smallest unused context and execs the command there', async () => {
		expect(await run1(['chcontext', ...status], { user: 'user' })).toEqual(
			ok('New security context is 2\nCapBset:\t00000000fffffeff\ns_context: 2\nctxflags: 0\n')
		);
	});

	it('skips a context number that a process is still using', async () => {
		expect(
			await run1(['chcontext', 'chcontext', 'grep', '^s_context', '/proc/self/status'], {
				user: 'user'
			})
		).toEqual(ok('New security context is 2\nNew security context is 3\ns_context: 3\n'));
	});

	it("lets only root in context 0 choose a number, with perror's message after a newline", async () => {
		expect(await run1(['chcontext', '--ctx', '7', ...status])).toEqual(
			ok('New security context is 7\nCapBset:\t00000000fffffeff\ns_context: 7\nctxflags: 0\n')
		);
		expect(await run1(['chcontext', '--ctx', '7', 'true'], { user: 'user' })).toEqual(
			ok('', "Can't set the new security context\n: Operation not permitted\n", 255)
		);
		expect(await run1(['chcontext', 'chcontext', '--ctx', '1', 'true'])).toEqual(
			ok(
				'New security context is 2\n',
				"Can't set the new security context\n: Operation not permitted\n",
				255
			)
		);
	});

	it('lowers the ceiling with --secure after the switch, and --cap gives back or removes one capability', async () => {
		expect(await run1(['chcontext', '--secure', ...status], { user: 'user' })).toEqual(
			ok('New security context is 2\nCapBset:\t00000000f40c04ff\ns_context: 2\nctxflags: 0\n')
		);
		expect(
			await run1([
				'chcontext',
				'--silent',
				'--secure',
				'--cap',
				'cap_net_raw',
				'grep',
				'CapBset',
				'/proc/self/status'
			])
		).toEqual(ok('CapBset:\t00000000f40c24ff\n'));
		expect(
			await run1([
				'chcontext',
				'--silent',
				'--cap',
				'!CAP_CHOWN',
				'grep',
				'CapEff',
				'/proc/self/status'
			])
		).toEqual(ok('CapEff:\t00000000fffffefe\n'));
	});

	it('names unknown capabilities (CAP_SYS_PTRACE is not in its table) and unknown flags, and goes on', async () => {
		expect(
			await run1(
				[
					'chcontext',
					'--cap',
					'CAP_SYS_PTRACE',
					'--cap',
					'!NET_RAW',
					'--flag',
					'namespace',
					'grep',
					'ctxflags',
					'/proc/self/status'
				],
				{ user: 'user' }
			)
		).toEqual(
			ok(
				'New security context is 2\nctxflags: 0\n',
				'Unknown capability CAP_SYS_PTRACE\nUnknown capability NET_RAW\nUnknown flag namespace\n'
			)
		);
	});

	it('sets flags on the new context: lock keeps its processes from making another one', async () => {
		expect(
			await run1(['chcontext', '--flag', 'lock', '--flag', 'sched', 'chcontext', 'true'], {
				user: 'user'
			})
		).toEqual(
			ok(
				'New security context is 2\n',
				"Can't set the new security context\n: Operation not permitted\n",
				255
			)
		);
		expect(
			await run1([
				'chcontext',
				'--silent',
				'--flag',
				'private',
				'--flag',
				'sched',
				'grep',
				'ctxflags',
				'/proc/self/status'
			])
		).toEqual(ok('ctxflags: 10\n'));
	});

	it("names the new context before dropping CAP_SYS_ADMIN, leaving the host's names alone", async () => {
		const l = await lab();
		try {
			expect(
				await l.run([
					'chcontext',
					'--secure',
					'--hostname',
					'vs1',
					'--domainname',
					'none',
					'uname',
					'-n'
				])
			).toEqual(ok('Host name is now vs1\nDomain name is now \nNew security context is 2\nvs1\n'));
			// --ctx -2 stays in the context; without CAP_SYS_ADMIN it can no longer rename it.
			expect(
				await l.run([
					'chcontext',
					'--secure',
					'chcontext',
					'--ctx',
					'-2',
					'--hostname',
					'again',
					'uname',
					'-n'
				])
			).toEqual(
				ok(
					'New security context is 2\nNew security context is -2\nmain\n',
					"Can't set the host name (Operation not permitted)\n"
				)
			);
			expect(await l.run(['uname', '-n'])).toEqual(ok('main\n'));
		} finally {
			l.dispose();
		}
	});

	it('reports a host name it may not set and still runs the command', async () => {
		expect(
			await run1(['chcontext', '--hostname', 'mine', 'uname', '-n'], { user: 'user' })
		).toEqual(
			ok('New security context is 2\nmain\n', "Can't set the host name (Operation not permitted)\n")
		);
	});

	it('is silent with --silent', async () => {
		expect(await run1(['chcontext', '--silent', '--hostname', 'vs1', 'uname', '-n'])).toEqual(
			ok('vs1\n')
		);
	});

	it('reports a command it cannot exec with exit status 255', async () => {
		expect(await run1(['chcontext', 'nosuch'], { user: 'user' })).toEqual(
			ok('New security context is 2\n', "Can't exec nosuch (No such file or directory)\n", 255)
		);
		expect(await run1(['chcontext', '--silent', '/etc/passwd'])).toEqual(
			ok('', "Can't exec /etc/passwd (Permission denied)\n", 255)
		);
	});

	it('with --disconnect returns 255 at once and runs the command in a child that init adopts', async () => {
		const l = await lab();
		try {
			const r = await l.run(
				[
					'chcontext',
					'--disconnect',
					'--silent',
					'sh',
					'-c',
					'grep -e ^PPid -e ^s_context /proc/$$/status > /tmp/out'
				],
				{
					user: 'user'
				}
			);
			expect(r).toEqual(ok('', '', 255));
			// The child runs on after its parent's exit: wait for its file, then read it.
			expect(await l.run('while [ ! -s /tmp/out ]; do :; done; cat /tmp/out')).toEqual(
				ok('PPid:\t1\ns_context: 2\n')
			);
		} finally {
			l.dispose();
		}
	});

	it('lets a program in the new context open the slave of a pty it opened (what xterm does)', async () => {
		const l = await lab();
		try {
			const ptypair = async (sys: Sys): Promise<number> => {
				const master = await sys.open('/dev/ptmx', O_RDWR);
				const n = isErrno(master) ? master : await sys.ioctl(master, 0x80045430 /* TIOCGPTN */);
				const slave = isErrno(n) ? n : await sys.open(`/dev/pts/${String(n)}`, O_RDWR);
				await sys.write(1, isErrno(slave) ? `${slave.name}\n` : `opened /dev/pts/${String(n)}\n`);
				return 0;
			};
			l.kernel.registerProgram('ptypair', ptypair as Program);
			l.kernel.installProgram('/usr/bin/ptypair', 'ptypair');
			expect(await l.run(['chcontext', '--silent', 'ptypair'], { user: 'user' })).toEqual(
				ok('opened /dev/pts/0\n')
			);
		} finally {
			l.dispose();
		}
	});

	it('reads numbers as atoi does', () => {
		expect([atoi('12'), atoi(' -2x'), atoi('x1'), atoi('+7')]).toEqual([12, -2, 0, 7]);
	});
});
