import { describe, expect, it } from 'vitest';
import type { SyscallEvent } from './events.ts';
import {
	asProgram,
	bareMachine,
	must,
	outcome,
	readAll,
	writeAll
} from '../syscalls/fs-testing.ts';
import { MS_BIND, type Sys } from '../syscalls/index.ts';
import { deferContents } from './vfs.ts';

/** A vserver-like tree: /vservers/a with its own /etc/passwd, and a host secret beside it. */
async function jail(sys: Sys): Promise<void> {
	await sys.mkdir('/vservers/a');
	await sys.mkdir('/vservers/a/etc');
	await sys.mkdir('/vservers/a/proc');
	await writeAll(sys, '/vservers/a/etc/passwd', 'root:x:0:0:vserver root:/root:/bin/sh\n');
	await writeAll(sys, '/secret', 'host only');
}

describe('chroot', () => {
	it('makes a directory the root: `..` stays at it and absolute paths start there', async () => {
		await asProgram(async (sys) => {
			await jail(sys);
			expect(await sys.chroot('/vservers/a')).toBe(0);
			expect(await sys.chdir('/')).toBe(0);
			expect(await readAll(sys, '/../../etc/passwd')).toMatch(/vserver root/);
			expect(must(await sys.stat('/..')).ino).toBe(must(await sys.stat('/')).ino);
			expect(outcome(await sys.stat('/secret'))).toBe('ENOENT');
			expect(outcome(await sys.stat('../../../secret'))).toBe('ENOENT');
			expect(await sys.getcwd()).toBe('/');
		});
	});

	it('reads absolute symlinks from the chroot, not from the real root', async () => {
		await asProgram(async (sys) => {
			await jail(sys);
			await sys.symlink('/etc/passwd', '/vservers/a/pw');
			await sys.symlink('../../../../secret', '/vservers/a/up');
			await sys.chroot('/vservers/a');
			await sys.chdir('/');
			expect(await readAll(sys, '/pw')).toMatch(/vserver root/);
			expect(outcome(await readAll(sys, '/up'))).toBe('ENOENT');
		});
	});

	it('leaves the working directory outside until chdir, as 2.4 does (the classic escape)', async () => {
		await asProgram(async (sys) => {
			await jail(sys);
			await sys.chdir('/tmp');
			await sys.chroot('/vservers/a');
			// getcwd of a directory outside the root gives its path from the real root (2.4 d_path).
			expect(await sys.getcwd()).toBe('/tmp');
			expect(await readAll(sys, '../secret')).toBe('host only');
			await sys.chdir('/');
			expect(outcome(await readAll(sys, '../secret'))).toBe('ENOENT');
		});
	});

	it('needs CAP_SYS_CHROOT and records why it was refused', async () => {
		const m = bareMachine();
		const events: SyscallEvent[] = [];
		m.kernel.onEvent((e) => e.type === 'syscall' && e.name === 'chroot' && events.push(e));
		const r = await asProgram(
			async (sys) => [
				outcome(await sys.chroot('/tmp')),
				outcome(await sys.chroot('/etc/passwd')),
				outcome(await sys.chroot('/none'))
			],
			{
				m,
				user: 'user'
			}
		);
		expect(r).toEqual(['EPERM', 'ENOTDIR', 'ENOENT']);
		expect(events[0]!.reason).toEqual({
			kind: 'capability',
			capability: 'CAP_SYS_CHROOT',
			text: 'chroot needs CAP_SYS_CHROOT in the effective set',
			set: 'permitted'
		});
		m.dispose();
	});

	it('is kept across fork, and the snapshot shows the root and cwd', async () => {
		const m = bareMachine();
		let child = 0;
		await asProgram(
			async (sys) => {
				await jail(sys);
				await sys.chroot('/vservers/a');
				await sys.chdir('/etc');
				child = must(await sys.fork(async (c) => (await c.pause(), 0)));
				await sys.sleep(10);
			},
			{ m }
		);
		const view = m.kernel.snapshot().processes.find((p) => p.pid === child)!;
		expect([view.chroot, view.cwd]).toEqual(['/vservers/a', '/etc']);
		m.dispose();
	});
});

describe('mount points in paths', () => {
	it('are crossed going down and climbed through going up', async () => {
		await asProgram(async (sys) => {
			const proc = must(await sys.stat('/proc'));
			expect(proc.dev).not.toBe(must(await sys.stat('/')).dev);
			expect(proc.ino).toBe(1);
			expect(must(await sys.stat('/proc/..')).ino).toBe(2);
			await sys.chdir('/proc/self');
			await sys.chdir('../..');
			expect(await sys.getcwd()).toBe('/');
		});
	});

	it('climb from a bind mount to where it is shown, never to where it comes from', async () => {
		await asProgram(async (sys) => {
			await jail(sys);
			await sys.mkdir('/srv');
			await sys.mkdir('/srv/shared');
			await writeAll(sys, '/srv/shared/doc', 'shared doc');
			await sys.mkdir('/vservers/a/shared');
			expect(await sys.mount('/srv/shared', '/vservers/a/shared', '', MS_BIND)).toBe(0);
			await sys.chroot('/vservers/a');
			await sys.chdir('/shared');
			expect(await readAll(sys, 'doc')).toBe('shared doc');
			expect(await sys.getcwd()).toBe('/shared');
			expect(must(await sys.stat('..')).ino).toBe(must(await sys.stat('/')).ino);
			expect(outcome(await readAll(sys, '../../secret'))).toBe('ENOENT');
			await sys.chdir('..');
			expect(await sys.getcwd()).toBe('/');
		});
	});

	it('hide what the covered directory held until the umount', async () => {
		await asProgram(async (sys) => {
			await sys.mkdir('/mnt/x');
			await writeAll(sys, '/mnt/x/under', 'under');
			await sys.mkdir('/tmp/over');
			await writeAll(sys, '/tmp/over/file', 'over');
			await sys.mount('/tmp/over', '/mnt/x', '', MS_BIND);
			expect(outcome(await sys.stat('/mnt/x/under'))).toBe('ENOENT');
			expect(await readAll(sys, '/mnt/x/file')).toBe('over');
			expect(await sys.umount('/mnt/x')).toBe(0);
			expect(await readAll(sys, '/mnt/x/under')).toBe('under');
		});
	});
});

describe('contents made on first read', () => {
	it('are made once, when a program first reads them, and never when replaced first', async () => {
		const m = bareMachine();
		let made = 0;
		deferContents(m.kernel.writeFile('/tmp/late', ''), () => {
			made++;
			return 'made late\n';
		});
		let unused = 0;
		deferContents(m.kernel.writeFile('/tmp/unused', ''), () => {
			unused++;
			return 'never\n';
		});
		expect(made).toBe(0);
		m.kernel.writeFile('/tmp/unused', 'written first\n');
		await asProgram(
			async (sys) => {
				expect(must(await sys.stat('/tmp/late')).size).toBe(10);
				expect(await readAll(sys, '/tmp/late')).toBe('made late\n');
				await writeAll(sys, '/tmp/unused', 'written first\n');
				expect(await readAll(sys, '/tmp/unused')).toBe('written first\n');
			},
			{ m }
		);
		expect(made).toBe(1);
		expect(unused).toBe(0);
	});
});
