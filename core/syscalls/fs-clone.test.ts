import { describe, expect, it } from 'vitest';
import { asProgram, must, outcome, readAll, writeAll } from './fs-testing.ts';
import {
	EXT2_IMMUTABLE_FL,
	EXT2_IOC_SETFLAGS,
	FICLONE,
	O_CREAT,
	O_RDONLY,
	O_WRONLY
} from './index.ts';

describe('FICLONE: contents shared copy-on-write', () => {
	it('gives the clone the bytes in a separate inode, and a write reaches one side only', async () => {
		await asProgram(async (sys) => {
			await writeAll(sys, '/tmp/a', 'the original text');
			const src = must(await sys.open('/tmp/a', O_RDONLY));
			const dst = must(await sys.open('/tmp/b', O_WRONLY | O_CREAT, 0o600));
			expect(await sys.ioctl(dst, FICLONE, src)).toBe(0);
			await sys.close(src);
			await sys.close(dst);
			const a = must(await sys.stat('/tmp/a'));
			const b = must(await sys.stat('/tmp/b'));
			expect(b.ino).not.toBe(a.ino);
			expect([a.nlink, b.nlink, b.size, b.mode & 0o777]).toEqual([1, 1, 17, 0o600]);
			expect(await readAll(sys, '/tmp/b')).toBe('the original text');
			await writeAll(sys, '/tmp/b', 'changed');
			expect(await readAll(sys, '/tmp/a')).toBe('the original text');
			expect(await readAll(sys, '/tmp/b')).toBe('changed');
		});
	});

	it('refuses what the later kernels refuse', async () => {
		await asProgram(async (sys) => {
			await writeAll(sys, '/tmp/a', 'x');
			const src = must(await sys.open('/tmp/a', O_RDONLY));
			const ro = must(await sys.open('/etc/passwd', O_RDONLY));
			// The destination must be open for writing, the source a file descriptor.
			expect(outcome(await sys.ioctl(ro, FICLONE, src))).toBe('EBADF');
			const dst = must(await sys.open('/tmp/b', O_WRONLY | O_CREAT, 0o644));
			expect(outcome(await sys.ioctl(dst, FICLONE, 99))).toBe('EBADF');
			expect(outcome(await sys.ioctl(dst, FICLONE, 'a'))).toBe('EBADF');
			// A directory or a device is no regular file.
			const dir = must(await sys.open('/tmp', O_RDONLY));
			expect(outcome(await sys.ioctl(dst, FICLONE, dir))).toBe('EINVAL');
			// /dev/shm is another filesystem.
			const shm = must(await sys.open('/dev/shm/c', O_WRONLY | O_CREAT, 0o644));
			expect(outcome(await sys.ioctl(shm, FICLONE, src))).toBe('EXDEV');
			// An immutable destination keeps its bytes.
			expect(await sys.ioctl(dst, EXT2_IOC_SETFLAGS, EXT2_IMMUTABLE_FL)).toBe(0);
			expect(outcome(await sys.ioctl(dst, FICLONE, src))).toBe('EPERM');
		});
	});
});
