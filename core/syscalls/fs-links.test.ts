import { describe, expect, it } from 'vitest';
import { asProgram, must, outcome, readAll, writeAll } from './fs-testing.ts';
import {
	O_CREAT,
	O_EXCL,
	O_NOFOLLOW,
	O_RDONLY,
	O_WRONLY,
	S_IFLNK,
	S_IFMT,
	S_IFREG
} from './index.ts';

describe('hard links, link counts and inode numbers', () => {
	it('numbers the ext2 root 2 and ordinary inodes from 11, as mke2fs does', async () => {
		await asProgram(async (sys) => {
			expect(must(await sys.stat('/')).ino).toBe(2);
			expect(must(await sys.stat('/bin')).ino).toBeGreaterThanOrEqual(11);
		});
	});

	it('gives a second name the same inode and counts both names', async () => {
		await asProgram(async (sys) => {
			await writeAll(sys, '/tmp/a', 'shared');
			expect(await sys.link('/tmp/a', '/tmp/b')).toBe(0);
			const a = must(await sys.stat('/tmp/a'));
			const b = must(await sys.stat('/tmp/b'));
			expect(b.ino).toBe(a.ino);
			expect([a.nlink, b.nlink]).toEqual([2, 2]);
			await writeAll(sys, '/tmp/b', 'changed');
			expect(await readAll(sys, '/tmp/a')).toBe('changed');
			expect(await sys.unlink('/tmp/a')).toBe(0);
			expect(must(await sys.stat('/tmp/b')).nlink).toBe(1);
			expect(outcome(await sys.stat('/tmp/a'))).toBe('ENOENT');
		});
	});

	it('counts a new directory twice and adds its `..` to the parent', async () => {
		await asProgram(async (sys) => {
			const before = must(await sys.stat('/tmp')).nlink;
			expect(await sys.mkdir('/tmp/d', 0o755)).toBe(0);
			expect(must(await sys.stat('/tmp/d')).nlink).toBe(2);
			expect(must(await sys.stat('/tmp')).nlink).toBe(before + 1);
			expect(await sys.rmdir('/tmp/d')).toBe(0);
			expect(must(await sys.stat('/tmp')).nlink).toBe(before);
		});
	});

	it('refuses to link a directory, over an existing name, or from a missing file', async () => {
		await asProgram(async (sys) => {
			await writeAll(sys, '/tmp/f', '');
			expect(outcome(await sys.link('/tmp', '/tmp/t2'))).toBe('EPERM');
			expect(outcome(await sys.link('/tmp/f', '/etc/passwd'))).toBe('EEXIST');
			expect(outcome(await sys.link('/tmp/nothing', '/tmp/g'))).toBe('ENOENT');
			expect(outcome(await sys.link('/tmp/f', '/nodir/g'))).toBe('ENOENT');
		});
	});

	it('refuses a link across mounts with EXDEV', async () => {
		await asProgram(async (sys) => {
			await writeAll(sys, '/tmp/f', 'x');
			expect(outcome(await sys.link('/tmp/f', '/dev/shm/f'))).toBe('EXDEV');
		});
	});

	it('links the symlink itself, not its target (2.4 link does not follow)', async () => {
		await asProgram(async (sys) => {
			expect(await sys.symlink('/etc/passwd', '/tmp/s')).toBe(0);
			expect(await sys.link('/tmp/s', '/tmp/h')).toBe(0);
			expect(must(await sys.lstat('/tmp/h')).mode & S_IFMT).toBe(S_IFLNK);
		});
	});

	it('keeps an unlinked file readable through an open descriptor', async () => {
		await asProgram(async (sys) => {
			await writeAll(sys, '/tmp/gone', 'still here');
			const fd = must(await sys.open('/tmp/gone'));
			expect(await sys.unlink('/tmp/gone')).toBe(0);
			expect(must(await sys.fstat(fd)).nlink).toBe(0);
			expect(await sys.read(fd, 100)).toBe('still here');
		});
	});
});

describe('symlinks', () => {
	it('are followed by stat and open and not by lstat', async () => {
		await asProgram(async (sys) => {
			expect(await sys.symlink('passwd', '/etc/pw')).toBe(0);
			expect(await sys.readlink('/etc/pw')).toBe('passwd');
			expect(must(await sys.stat('/etc/pw')).mode & S_IFMT).toBe(S_IFREG);
			expect(must(await sys.lstat('/etc/pw')).size).toBe(6);
			expect(String(await readAll(sys, '/etc/pw'))).toMatch(/^root:x:0:0:/);
		});
	});

	it('answer ENOENT when dangling, and O_CREAT creates the missing target', async () => {
		await asProgram(async (sys) => {
			await sys.symlink('/tmp/target', '/tmp/dangling');
			expect(outcome(await sys.stat('/tmp/dangling'))).toBe('ENOENT');
			const fd = must(await sys.open('/tmp/dangling', O_WRONLY | O_CREAT, 0o600));
			await sys.write(fd, 'made');
			expect(await readAll(sys, '/tmp/target')).toBe('made');
		});
	});

	it('are not followed by O_CREAT|O_EXCL (EEXIST) nor by O_NOFOLLOW (ELOOP)', async () => {
		await asProgram(async (sys) => {
			await sys.symlink('/tmp/nowhere', '/tmp/l');
			expect(outcome(await sys.open('/tmp/l', O_WRONLY | O_CREAT | O_EXCL, 0o600))).toBe('EEXIST');
			expect(outcome(await sys.open('/tmp/nowhere'))).toBe('ENOENT');
			await sys.symlink('/etc/passwd', '/tmp/p');
			expect(outcome(await sys.open('/tmp/p', O_RDONLY | O_NOFOLLOW))).toBe('ELOOP');
		});
	});

	it('nest at most five deep and loop into ELOOP, as 2.4 counts them', async () => {
		await asProgram(async (sys) => {
			await writeAll(sys, '/tmp/end', 'end');
			let prev = '/tmp/end';
			for (let i = 1; i <= 6; i++) {
				await sys.symlink(prev, `/tmp/c${i}`);
				prev = `/tmp/c${i}`;
			}
			expect(await readAll(sys, '/tmp/c5')).toBe('end');
			expect(outcome(await readAll(sys, '/tmp/c6'))).toBe('ELOOP');
			await sys.symlink('/tmp/y', '/tmp/x');
			await sys.symlink('/tmp/x', '/tmp/y');
			expect(outcome(await sys.stat('/tmp/x'))).toBe('ELOOP');
		});
	});

	it('refuse an empty target and readlink of a non-link', async () => {
		await asProgram(async (sys) => {
			expect(outcome(await sys.symlink('', '/tmp/e'))).toBe('ENOENT');
			expect(outcome(await sys.readlink('/etc/passwd'))).toBe('EINVAL');
			expect(outcome(await sys.symlink('x', '/etc/passwd'))).toBe('EEXIST');
		});
	});

	it('with a trailing slash must name a directory', async () => {
		await asProgram(async (sys) => {
			expect(outcome(await sys.stat('/etc/passwd/'))).toBe('ENOTDIR');
			await sys.symlink('/etc', '/tmp/etclink');
			expect(outcome(await sys.stat('/tmp/etclink/'))).toBe('ok');
			expect(outcome(await sys.stat('/etc/passwd/x'))).toBe('ENOTDIR');
		});
	});
});

describe('device nodes and FIFOs', () => {
	it('needs CAP_MKNOD for a device, and the node then works as the device', async () => {
		await asProgram(
			async (sys) => {
				expect(outcome(await sys.mknod('/tmp/mynull', 0o20666, (1 << 8) | 3))).toBe('EPERM');
			},
			{ user: 'user' }
		);
		await asProgram(async (sys) => {
			expect(await sys.mknod('/tmp/mynull', 0o20666, (1 << 8) | 3)).toBe(0);
			expect(must(await sys.stat('/tmp/mynull')).rdev).toBe(0x103);
			const fd = must(await sys.open('/tmp/mynull', O_WRONLY));
			expect(await sys.write(fd, 'gone')).toBe(4);
			expect(await readAll(sys, '/tmp/mynull')).toBe('');
		});
	});

	it('refuses a directory (EPERM), an unknown type (EINVAL) and an existing name (EEXIST)', async () => {
		await asProgram(async (sys) => {
			expect(outcome(await sys.mknod('/tmp/d', 0o40755))).toBe('EPERM');
			expect(outcome(await sys.mknod('/tmp/q', 0o170644))).toBe('EINVAL');
			expect(outcome(await sys.mknod('/etc/passwd', 0o10644))).toBe('EEXIST');
		});
	});

	it('lets anyone make a FIFO whose two ends carry bytes', async () => {
		await asProgram(
			async (sys) => {
				expect(await sys.mknod('/tmp/fifo', 0o10644)).toBe(0);
				const w = must(await sys.open('/tmp/fifo', O_WRONLY));
				const r = must(await sys.open('/tmp/fifo', O_RDONLY));
				await sys.write(w, 'through');
				expect(await sys.read(r, 100)).toBe('through');
			},
			{ user: 'user' }
		);
	});
});
