import { describe, expect, it } from 'vitest';
import { userCreds } from '../kernel/process.ts';
import type { SyscallEvent } from '../kernel/events.ts';
import { asProgram, bareMachine, must, outcome, readAll, writeAll } from './fs-testing.ts';
import {
	O_CREAT,
	O_RDONLY,
	O_RDWR,
	O_TRUNC,
	O_WRONLY,
	R_OK,
	S_ISGID,
	S_ISUID,
	W_OK,
	X_OK
} from './index.ts';

const CAP_DAC_OVERRIDE = 1;
const CAP_DAC_READ_SEARCH = 2;

describe('permissions', () => {
	it('keep a user out of root-only files and directories with EACCES', async () => {
		await asProgram(
			async (sys) => {
				expect(outcome(await sys.open('/etc/shadow'))).toBe('EACCES');
				expect(outcome(await sys.open('/etc/passwd', O_WRONLY))).toBe('EACCES');
				expect(outcome(await sys.open('/etc/new', O_WRONLY | O_CREAT, 0o644))).toBe('EACCES');
				expect(outcome(await sys.stat('/root/.bashrc'))).toBe('EACCES');
				expect(outcome(await sys.chdir('/root'))).toBe('EACCES');
				expect(outcome(await sys.open('/etc/passwd', O_RDONLY | O_TRUNC))).toBe('EACCES');
			},
			{ user: 'user' }
		);
	});

	it('record which mode refused, for strace and the inspector', async () => {
		const m = bareMachine();
		const events: SyscallEvent[] = [];
		m.kernel.onEvent((e) => e.type === 'syscall' && e.errno !== undefined && events.push(e));
		await asProgram(async (sys) => [await sys.open('/etc/shadow'), await sys.stat('/vservers/x')], {
			m,
			user: 'user'
		});
		expect(events.map((e) => [e.name, e.errno, e.reason])).toEqual([
			[
				'open',
				'EACCES',
				{
					kind: 'mode',
					text: 'mode 0400 of the file (owner 0, group 0) gives uid 500 no read permission'
				}
			],
			[
				'stat',
				'EACCES',
				{
					kind: 'mode',
					text: 'mode 0000 of the directory (owner 0, group 0) gives uid 500 no search permission'
				}
			]
		]);
	});

	it('make the mode-000 /vservers a barrier for users but not for root', async () => {
		const m = bareMachine();
		await asProgram(async (sys) => expect(await sys.mkdir('/vservers/a', 0o755)).toBe(0), { m });
		await asProgram(
			async (sys) => {
				expect(outcome(await sys.chdir('/vservers'))).toBe('EACCES');
				expect(outcome(await sys.stat('/vservers/a'))).toBe('EACCES');
				expect(outcome(await sys.stat('/vservers'))).toBe('ok');
			},
			{ user: 'user', m }
		);
		m.dispose();
	});

	it('let root search a mode-000 directory only through CAP_DAC_READ_SEARCH, as 2.4 does', async () => {
		const m = bareMachine();
		await asProgram(async (sys) => expect(await sys.mkdir('/vservers/a', 0o755)).toBe(0), { m });
		const results = await asProgram(
			async (sys) => [
				outcome(await sys.stat('/vservers/a')),
				outcome(await sys.mkdir('/vservers/b'))
			],
			{ m, setup: (p) => (p.caps.eff &= ~(1 << CAP_DAC_READ_SEARCH)) }
		);
		// CAP_DAC_OVERRIDE covers exec only when some x bit is set: mode 000 has none, and even a
		// mkdir needs to search the directory it creates in.
		expect(results).toEqual(['EACCES', 'EACCES']);
		const withSearch = await asProgram(
			async (sys) => [
				outcome(await sys.stat('/vservers/a')),
				outcome(await sys.mkdir('/vservers/c'))
			],
			{ m, setup: (p) => (p.caps.eff &= ~(1 << CAP_DAC_OVERRIDE)) }
		);
		expect(withSearch).toEqual(['ok', 'EACCES']);
		const full = await asProgram(
			async (sys) => [
				outcome(await sys.stat('/vservers/a')),
				outcome(await sys.mkdir('/vservers/d'))
			],
			{ m }
		);
		expect(full).toEqual(['ok', 'ok']);
		m.dispose();
	});

	it('refuse root the exec of a file with no x bit at all', async () => {
		await asProgram(async (sys) => {
			await writeAll(sys, '/tmp/prog', '#!/bin/sh\n');
			expect(outcome(await sys.execve('/tmp/prog', ['prog'], {}))).toBe('EACCES');
			expect(outcome(await sys.access('/tmp/prog', X_OK))).toBe('EACCES');
			expect(outcome(await sys.access('/tmp/prog', R_OK | W_OK))).toBe('ok');
		});
	});

	it('apply the umask to new files and directories', async () => {
		await asProgram(
			async (sys) => {
				await sys.umask(0o027);
				must(await sys.open('/tmp/f', O_WRONLY | O_CREAT, 0o666));
				await sys.mkdir('/tmp/d', 0o777);
				expect(must(await sys.stat('/tmp/f')).mode & 0o7777).toBe(0o640);
				expect(must(await sys.stat('/tmp/d')).mode & 0o7777).toBe(0o750);
			},
			{ user: 'user' }
		);
	});

	it('open a new file for writing even when its own mode forbids it', async () => {
		await asProgram(
			async (sys) => {
				const fd = must(await sys.open('/tmp/ro', O_RDWR | O_CREAT, 0o444));
				expect(await sys.write(fd, 'x')).toBe(1);
				expect(outcome(await sys.open('/tmp/ro', O_WRONLY))).toBe('EACCES');
			},
			{ user: 'user' }
		);
	});

	it('give files in a setgid directory its group, and subdirectories its setgid bit', async () => {
		await asProgram(async (sys) => {
			await sys.mkdir('/tmp/shared', 0o2775);
			await sys.chown('/tmp/shared', 0, 48);
			await sys.chmod('/tmp/shared', 0o2777);
			await writeAll(sys, '/tmp/shared/f', '');
			await sys.mkdir('/tmp/shared/sub', 0o755);
			expect(must(await sys.stat('/tmp/shared/f')).gid).toBe(48);
			const sub = must(await sys.stat('/tmp/shared/sub'));
			expect([sub.gid, sub.mode & S_ISGID]).toEqual([48, S_ISGID]);
		});
	});

	it('check access(2) with the real uid', async () => {
		await asProgram(
			async (sys) => {
				expect(outcome(await sys.access('/etc/shadow', R_OK))).toBe('EACCES');
				expect(outcome(await sys.access('/etc/passwd', R_OK))).toBe('ok');
				expect(outcome(await sys.access('/etc/passwd', 8))).toBe('EINVAL');
			},
			// A setuid-root program run by the user: euid 0, real uid 500.
			{
				user: 'user',
				setup: (p) => (p.creds = { ...userCreds(500, 500), euid: 0, suid: 0, fsuid: 0 })
			}
		);
	});
});

describe('ownership and modes', () => {
	it('let only the owner (or CAP_FOWNER) chmod', async () => {
		await asProgram(
			async (sys) => {
				expect(outcome(await sys.chmod('/etc/passwd', 0o666))).toBe('EPERM');
				await writeAll(sys, '/tmp/mine', '');
				expect(await sys.chmod('/tmp/mine', 0o600)).toBe(0);
				expect(must(await sys.stat('/tmp/mine')).mode & 0o7777).toBe(0o600);
			},
			{ user: 'user' }
		);
	});

	it('drop setgid from a chmod by a user outside the group', async () => {
		await asProgram(
			async (sys) => {
				await writeAll(sys, '/tmp/g', '');
				expect(await sys.chmod('/tmp/g', 0o2755)).toBe(0);
				expect(must(await sys.stat('/tmp/g')).mode & S_ISGID).toBe(S_ISGID);
			},
			{ user: 'user' }
		);
		const m = bareMachine();
		await asProgram(
			async (sys) => (await writeAll(sys, '/tmp/g', ''), sys.chown('/tmp/g', 500, 0)),
			{ m }
		);
		const mode = await asProgram(
			async (sys) => (await sys.chmod('/tmp/g', 0o2755), must(await sys.stat('/tmp/g')).mode),
			{ m, user: 'user' }
		);
		expect(mode & 0o7777).toBe(0o755);
		m.dispose();
	});

	it('let a user change a file only to one of their own groups, and never give it away', async () => {
		await asProgram(
			async (sys) => {
				await writeAll(sys, '/tmp/f', '');
				expect(outcome(await sys.chown('/tmp/f', 0, -1))).toBe('EPERM');
				expect(outcome(await sys.chown('/tmp/f', -1, 0))).toBe('EPERM');
				expect(await sys.chown('/tmp/f', -1, 500)).toBe(0);
				expect(outcome(await sys.chown('/etc/passwd', -1, -1))).toBe('EPERM');
			},
			{ user: 'user' }
		);
	});

	it('clear setuid on every chown of a file, even root chowning it to root', async () => {
		await asProgram(async (sys) => {
			await writeAll(sys, '/tmp/su', '');
			await sys.chmod('/tmp/su', 0o6755);
			expect(await sys.chown('/tmp/su', 0, 0)).toBe(0);
			expect(must(await sys.stat('/tmp/su')).mode & (S_ISUID | S_ISGID)).toBe(0);
		});
	});
});

describe('the sticky bit', () => {
	it('lets only the owner of a file in /tmp, the owner of /tmp or CAP_FOWNER remove it', async () => {
		const m = bareMachine();
		await asProgram(async (sys) => writeAll(sys, '/tmp/users-file', 'x'), { m, user: 'user' });
		const other = await asProgram(
			async (sys) => [
				outcome(await sys.unlink('/tmp/users-file')),
				outcome(await sys.rename('/tmp/users-file', '/tmp/moved'))
			],
			{ m, user: 'user', setup: (p) => (p.creds = userCreds(501, 501)) }
		);
		expect(other).toEqual(['EPERM', 'EPERM']);
		expect(await asProgram(async (sys) => readAll(sys, '/tmp/users-file'), { m })).toBe('x');
		expect(await asProgram(async (sys) => sys.unlink('/tmp/users-file'), { m, user: 'user' })).toBe(
			0
		);
		m.dispose();
	});
});
