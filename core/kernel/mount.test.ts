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
import {
	EXT2_SUPER_MAGIC,
	MNT_DETACH,
	MS_BIND,
	MS_NODEV,
	MS_NOEXEC,
	MS_NOSUID,
	MS_RDONLY,
	MS_REMOUNT,
	O_CREAT,
	O_WRONLY,
	PROC_SUPER_MAGIC,
	TMPFS_MAGIC,
	type Sys
} from '../syscalls/index.ts';
import type { Program } from './kernel.ts';

describe('mount and umount', () => {
	it('need CAP_SYS_ADMIN, after the target is looked up, and record why they were refused', async () => {
		const m = bareMachine();
		const events: SyscallEvent[] = [];
		m.kernel.onEvent((e) => e.type === 'syscall' && e.errno === 'EPERM' && events.push(e));
		const r = await asProgram(
			async (sys) => [
				outcome(await sys.mount('none', '/nowhere', 'tmpfs')),
				outcome(await sys.mount('none', '/tmp', 'tmpfs')),
				outcome(await sys.umount('/proc'))
			],
			{ m, user: 'user' }
		);
		expect(r).toEqual(['ENOENT', 'EPERM', 'EPERM']);
		expect(events.map((e) => [e.name, e.reason?.capability])).toEqual([
			['mount', 'CAP_SYS_ADMIN'],
			['umount', 'CAP_SYS_ADMIN']
		]);
		m.dispose();
	});

	it('mount a tmpfs that /proc/mounts lists, and umount brings the directory back', async () => {
		await asProgram(async (sys) => {
			await writeAll(sys, '/mnt/on-disk', 'disk');
			expect(await sys.mount('none', '/mnt', 'tmpfs')).toBe(0);
			expect(must(await sys.statfs('/mnt')).type).toBe(TMPFS_MAGIC);
			expect(must(await sys.stat('/mnt')).mode & 0o7777).toBe(0o1777);
			expect(outcome(await sys.stat('/mnt/on-disk'))).toBe('ENOENT');
			await writeAll(sys, '/mnt/in-memory', 'ram');
			expect(await readAll(sys, '/proc/mounts')).toBe(
				'/dev/hda1 / ext2 rw 0 0\nnone /proc proc rw 0 0\nnone /dev/pts devpts rw 0 0\nnone /dev/shm tmpfs rw 0 0\nnone /mnt tmpfs rw 0 0\n'
			);
			expect(await sys.umount('/mnt')).toBe(0);
			expect(await readAll(sys, '/mnt/on-disk')).toBe('disk');
			expect(outcome(await sys.stat('/mnt/in-memory'))).toBe('ENOENT');
		});
	});

	it('refuse an unknown type (ENODEV), a disk that is not a block device, and proc over proc', async () => {
		await asProgram(async (sys) => {
			expect(outcome(await sys.mount('none', '/mnt', 'nfs'))).toBe('ENODEV');
			expect(outcome(await sys.mount('/dev/hdb1', '/mnt', 'ext2'))).toBe('ENOENT');
			expect(outcome(await sys.mount('/dev/null', '/mnt', 'ext2'))).toBe('ENOTBLK');
			expect(outcome(await sys.mount('none', '/proc', 'proc'))).toBe('EBUSY');
			expect(outcome(await sys.mount('none', '/etc/passwd', 'tmpfs'))).toBe('ENOTDIR');
			expect(outcome(await sys.mount('none', '/mnt', 'tmpfs', 0, 'colour=blue'))).toBe('EINVAL');
		});
	});

	it('show the same /proc wherever it is mounted', async () => {
		await asProgram(async (sys) => {
			expect(await sys.mount('none', '/mnt', 'proc')).toBe(0);
			expect(await sys.readlink('/mnt/self')).toBe(String(await sys.getpid()));
			expect(must(await sys.statfs('/mnt')).type).toBe(PROC_SUPER_MAGIC);
		});
	});

	it('answer EINVAL for a directory that is not a mount point, and EBUSY while one is in use', async () => {
		await asProgram(async (sys) => {
			expect(outcome(await sys.umount('/tmp'))).toBe('EINVAL');
			await sys.mount('none', '/mnt', 'tmpfs');
			await sys.chdir('/mnt');
			expect(outcome(await sys.umount('/mnt'))).toBe('EBUSY');
			await sys.chdir('/');
			const fd = must(await sys.open('/mnt/f', O_WRONLY | O_CREAT, 0o644));
			expect(outcome(await sys.umount('/mnt'))).toBe('EBUSY');
			await sys.close(fd);
			await sys.mkdir('/mnt/sub');
			await sys.mount('none', '/mnt/sub', 'tmpfs');
			expect(outcome(await sys.umount('/mnt'))).toBe('EBUSY');
			// umount -l detaches it all the same, with what is mounted below.
			expect(await sys.umount('/mnt', MNT_DETACH)).toBe(0);
			expect(must(await sys.statfs('/mnt')).type).toBe(EXT2_SUPER_MAGIC);
		});
	});

	it('bind a directory or a file, but a directory only over a directory', async () => {
		await asProgram(async (sys) => {
			await writeAll(sys, '/tmp/motd', 'bound');
			await writeAll(sys, '/mnt/file', 'covered');
			expect(await sys.mount('/tmp/motd', '/mnt/file', '', MS_BIND)).toBe(0);
			expect(await readAll(sys, '/mnt/file')).toBe('bound');
			expect(outcome(await sys.mount('/tmp', '/mnt/file', '', MS_BIND))).toBe('ENOTDIR');
			expect(outcome(await sys.unlink('/mnt/file'))).toBe('EBUSY');
			// A bind mount keeps the device name of the mount its tree comes from.
			expect(await readAll(sys, '/proc/mounts')).toMatch(
				/\n\/dev\/hda1 \/mnt\/file ext2 rw 0 0\n$/
			);
			await writeAll(sys, '/tmp/a', '');
			expect(outcome(await sys.rename('/tmp/a', '/mnt/file'))).toBe('EBUSY');
		});
	});

	it('keep nodev and noexec per mount, and /proc/mounts says so', async () => {
		await asProgram(async (sys) => {
			await sys.mount('none', '/mnt', 'tmpfs', MS_NODEV | MS_NOEXEC);
			await sys.mknod('/mnt/null', 0o20666, 0x103);
			expect(outcome(await sys.open('/mnt/null', O_WRONLY))).toBe('EACCES');
			await writeAll(sys, '/mnt/prog', '#!/bin/sh\n');
			await sys.chmod('/mnt/prog', 0o755);
			expect(outcome(await sys.execve('/mnt/prog', ['prog'], {}))).toBe('EACCES');
			expect(await readAll(sys, '/proc/mounts')).toMatch(
				/\nnone \/mnt tmpfs rw,nodev,noexec 0 0\n$/
			);
		});
	});

	it('give no setuid bit its effect on a nosuid mount', async () => {
		const probe = async (sys: Sys) => (
			await writeAll(sys, `/tmp/euid.${await sys.getpid()}`, String(await sys.geteuid())),
			0
		);
		const euidAfterExec = async (sys: Sys, path: string) => {
			const pid = must(await sys.fork(async (c) => (await c.execve(path, ['probe'], {}), 1)));
			await sys.waitpid(pid);
			return readAll(sys, `/tmp/euid.${pid}`);
		};
		await asProgram(
			async (sys) => {
				const image = must(await readAll(sys, '/sbin/euidprobe'));
				await sys.mount('none', '/mnt', 'tmpfs', MS_NOSUID);
				for (const path of ['/mnt/probe', '/tmp/probe']) {
					await writeAll(sys, path, image);
					await sys.chown(path, 500, 500);
					await sys.chmod(path, 0o4755);
				}
				expect(await euidAfterExec(sys, '/tmp/probe')).toBe('500');
				expect(await euidAfterExec(sys, '/mnt/probe')).toBe('0');
				expect(await readAll(sys, '/proc/mounts')).toMatch(/\nnone \/mnt tmpfs rw,nosuid 0 0\n$/);
			},
			{
				setup: (_p, k) => {
					k.registerProgram('euidprobe', probe as Program);
					k.installProgram('/sbin/euidprobe', 'euidprobe');
				}
			}
		);
	});

	it('remount read-only (EROFS after), refused while a file is open for writing', async () => {
		await asProgram(async (sys) => {
			await sys.mount('none', '/mnt', 'tmpfs');
			const fd = must(await sys.open('/mnt/f', O_WRONLY | O_CREAT, 0o644));
			expect(outcome(await sys.mount('none', '/mnt', '', MS_REMOUNT | MS_RDONLY))).toBe('EBUSY');
			await sys.close(fd);
			expect(await sys.mount('none', '/mnt', '', MS_REMOUNT | MS_RDONLY)).toBe(0);
			expect(outcome(await sys.open('/mnt/f', O_WRONLY))).toBe('EROFS');
			expect(outcome(await sys.mkdir('/mnt/d'))).toBe('EROFS');
			expect(outcome(await sys.chmod('/mnt/f', 0o600))).toBe('EROFS');
			expect(await readAll(sys, '/proc/mounts')).toMatch(/\nnone \/mnt tmpfs ro 0 0\n$/);
			expect(outcome(await sys.mount('none', '/mnt/f', '', MS_REMOUNT))).toBe('EINVAL');
		});
	});

	it('turn `umount /` into a read-only remount of the root, as halt scripts rely on', async () => {
		await asProgram(async (sys) => {
			expect(await sys.umount('/')).toBe(0);
			expect(outcome(await sys.mkdir('/tmp/d'))).toBe('EROFS');
			expect(await readAll(sys, '/proc/mounts')).toMatch(/^\/dev\/hda1 \/ ext2 ro 0 0\n/);
		});
	});

	it('list every mount to a chroot, each path as 2.4 d_path gives it from there', async () => {
		await asProgram(async (sys) => {
			await sys.mkdir('/vservers/a');
			await sys.mkdir('/vservers/a/proc');
			await sys.mkdir('/vservers/a/tmp');
			await sys.mount('none', '/vservers/a/proc', 'proc');
			await sys.mount('none', '/vservers/a/tmp', 'tmpfs');
			await sys.mount('none', '/mnt', 'tmpfs');
			expect(await readAll(sys, '/proc/mounts')).toMatch(
				/\nnone \/vservers\/a\/proc proc rw 0 0\n/
			);
			await sys.chroot('/vservers/a');
			await sys.chdir('/');
			// Inside the chroot a path is from its root; outside it, from the real root.
			expect(await readAll(sys, '/proc/mounts')).toBe(
				'/dev/hda1 / ext2 rw 0 0\nnone /proc proc rw 0 0\nnone /dev/pts devpts rw 0 0\nnone /dev/shm tmpfs rw 0 0\n' +
					'none /proc proc rw 0 0\nnone /tmp tmpfs rw 0 0\nnone /mnt tmpfs rw 0 0\n'
			);
		});
	});

	it('appear in the kernel snapshot', async () => {
		const m = bareMachine();
		await asProgram(async (sys) => sys.mount('none', '/mnt', 'tmpfs'), { m });
		expect(m.kernel.snapshot().mounts).toEqual([
			{ source: '/dev/hda1', target: '/', type: 'ext2' },
			{ source: 'none', target: '/proc', type: 'proc' },
			{ source: 'none', target: '/dev/pts', type: 'devpts' },
			{ source: 'none', target: '/dev/shm', type: 'tmpfs' },
			{ source: 'none', target: '/mnt', type: 'tmpfs' }
		]);
		m.dispose();
	});
});

describe('statfs, for df', () => {
	it('gives ext2 figures that follow what is written, with 5% reserved for root', async () => {
		await asProgram(async (sys) => {
			const before = must(await sys.statfs('/'));
			expect(before).toMatchObject({
				type: EXT2_SUPER_MAGIC,
				bsize: 4096,
				blocks: 524288,
				namelen: 255
			});
			expect(before.bavail).toBe(before.bfree - 26214);
			await writeAll(sys, '/tmp/big', 'x'.repeat(1 << 20));
			const after = must(await sys.statfs('/tmp'));
			expect(before.bfree - after.bfree).toBe(256);
			expect(before.ffree - after.ffree).toBe(1);
		});
	});

	it('gives /proc no blocks, and a tmpfs the size it was given', async () => {
		await asProgram(async (sys) => {
			expect(must(await sys.statfs('/proc/self'))).toMatchObject({
				type: PROC_SUPER_MAGIC,
				blocks: 0,
				bfree: 0
			});
			await sys.mount('none', '/mnt', 'tmpfs', 0, 'size=64k,mode=0755');
			expect(must(await sys.statfs('/mnt'))).toMatchObject({
				type: TMPFS_MAGIC,
				blocks: 16,
				bfree: 16
			});
			expect(must(await sys.stat('/mnt')).mode & 0o7777).toBe(0o755);
			const fd = must(await sys.open('/mnt/f', O_WRONLY | O_CREAT, 0o644));
			expect(must(await sys.fstatfs(fd)).type).toBe(TMPFS_MAGIC);
		});
	});

	it('fills a tmpfs up to its size, then ENOSPC', async () => {
		await asProgram(async (sys) => {
			await sys.mount('none', '/mnt', 'tmpfs', 0, 'size=8k');
			const fd = must(await sys.open('/mnt/f', O_WRONLY | O_CREAT, 0o644));
			expect(await sys.write(fd, 'y'.repeat(12288))).toBe(8192);
			expect(outcome(await sys.write(fd, 'z'))).toBe('ENOSPC');
			expect(must(await sys.statfs('/mnt')).bfree).toBe(0);
		});
	});
});
