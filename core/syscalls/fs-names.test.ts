import { describe, expect, it } from 'vitest';
import { asProgram, must, outcome, readAll, writeAll } from './fs-testing.ts';
import { O_CREAT, O_DIRECTORY, O_RDONLY, O_RDWR, O_WRONLY } from './index.ts';

describe('creating names', () => {
	it('answers EEXIST for an existing name, `.` and `/`, ENOENT and ENOTDIR for a bad parent', async () => {
		await asProgram(async (sys) => {
			expect(outcome(await sys.mkdir('/tmp'))).toBe('EEXIST');
			expect(outcome(await sys.mkdir('/tmp/.'))).toBe('EEXIST');
			expect(outcome(await sys.mkdir('/'))).toBe('EEXIST');
			expect(outcome(await sys.mkdir('/nodir/x'))).toBe('ENOENT');
			expect(outcome(await sys.mkdir('/etc/passwd/x'))).toBe('ENOTDIR');
			expect(await sys.mkdir('/tmp/new/')).toBe(0);
		});
	});

	it('opens directories for reading only, and O_DIRECTORY only on directories', async () => {
		await asProgram(async (sys) => {
			expect(outcome(await sys.open('/tmp', O_RDONLY))).toBe('ok');
			expect(outcome(await sys.open('/tmp', O_RDWR))).toBe('EISDIR');
			expect(outcome(await sys.open('/tmp', O_RDONLY | O_CREAT))).toBe('EISDIR');
			expect(outcome(await sys.open('/etc/passwd', O_RDONLY | O_DIRECTORY))).toBe('ENOTDIR');
			expect(outcome(await sys.open('/tmp/x/', O_WRONLY | O_CREAT))).toBe('EISDIR');
			const fd = must(await sys.open('/tmp'));
			expect(outcome(await sys.read(fd, 10))).toBe('EISDIR');
		});
	});

	it('lists a directory with `.` and `..` first, by inode and kind', async () => {
		await asProgram(async (sys) => {
			await sys.mkdir('/tmp/d');
			await writeAll(sys, '/tmp/d/f', '');
			await sys.symlink('f', '/tmp/d/l');
			const fd = must(await sys.open('/tmp/d'));
			const list = must(await sys.getdents(fd));
			expect(list.map((e) => [e.name, e.type])).toEqual([
				['.', 'dir'],
				['..', 'dir'],
				['f', 'file'],
				['l', 'symlink']
			]);
			expect(list[1]!.ino).toBe(must(await sys.stat('/tmp')).ino);
		});
	});
});

describe('removing names', () => {
	it('gives unlink EISDIR for directories and rmdir ENOTDIR for files', async () => {
		await asProgram(async (sys) => {
			await sys.mkdir('/tmp/d');
			await writeAll(sys, '/tmp/f', '');
			expect(outcome(await sys.unlink('/tmp/d'))).toBe('EISDIR');
			expect(outcome(await sys.unlink('/tmp/.'))).toBe('EISDIR');
			expect(outcome(await sys.rmdir('/tmp/f'))).toBe('ENOTDIR');
			expect(outcome(await sys.unlink('/tmp/f/'))).toBe('ENOTDIR');
			expect(outcome(await sys.unlink('/tmp/none'))).toBe('ENOENT');
		});
	});

	it('refuses rmdir of a non-empty directory, `.` (EBUSY), `..` (ENOTEMPTY) and a mount point', async () => {
		await asProgram(async (sys) => {
			await sys.mkdir('/tmp/d');
			await writeAll(sys, '/tmp/d/f', '');
			expect(outcome(await sys.rmdir('/tmp/d'))).toBe('ENOTEMPTY');
			expect(outcome(await sys.rmdir('/tmp/d/.'))).toBe('EBUSY');
			expect(outcome(await sys.rmdir('/tmp/d/..'))).toBe('ENOTEMPTY');
			expect(outcome(await sys.rmdir('/'))).toBe('EBUSY');
			expect(outcome(await sys.rmdir('/proc'))).toBe('EBUSY');
			expect(outcome(await sys.unlink('/tmp/d/f'))).toBe('ok');
			expect(outcome(await sys.rmdir('/tmp/d'))).toBe('ok');
		});
	});

	it('leaves a removed working directory usable but nameless (getcwd ENOENT, no new entries)', async () => {
		await asProgram(async (sys) => {
			await sys.mkdir('/tmp/cwd');
			await sys.chdir('/tmp/cwd');
			expect(await sys.getcwd()).toBe('/tmp/cwd');
			expect(await sys.rmdir('/tmp/cwd')).toBe(0);
			expect(outcome(await sys.getcwd())).toBe('ENOENT');
			expect(outcome(await sys.open('new', O_WRONLY | O_CREAT, 0o644))).toBe('ENOENT');
			expect(outcome(await sys.mkdir('sub'))).toBe('ENOENT');
			expect(must(await sys.stat('.')).nlink).toBe(0);
			expect(await sys.chdir('..')).toBe(0);
			expect(await sys.getcwd()).toBe('/tmp');
		});
	});

	it('cannot create or remove anything in /proc', async () => {
		await asProgram(async (sys) => {
			expect(outcome(await sys.open('/proc/new', O_WRONLY | O_CREAT, 0o644))).toBe('EACCES');
			expect(outcome(await sys.mkdir('/proc/new'))).toBe('EPERM');
			expect(outcome(await sys.unlink('/proc/uptime'))).toBe('EPERM');
			expect(outcome(await sys.symlink('x', '/proc/new'))).toBe('EPERM');
		});
		await asProgram(async (sys) => expect(outcome(await sys.mkdir('/proc/new'))).toBe('EACCES'), {
			user: 'user'
		});
	});
});

describe('rename', () => {
	it('replaces a file and leaves the old one with one link less', async () => {
		await asProgram(async (sys) => {
			await writeAll(sys, '/tmp/a', 'new');
			await writeAll(sys, '/tmp/b', 'old');
			await sys.link('/tmp/b', '/tmp/b2');
			expect(await sys.rename('/tmp/a', '/tmp/b')).toBe(0);
			expect(await readAll(sys, '/tmp/b')).toBe('new');
			expect(outcome(await sys.stat('/tmp/a'))).toBe('ENOENT');
			expect(must(await sys.stat('/tmp/b2')).nlink).toBe(1);
		});
	});

	it('does nothing when both names are links to the same file', async () => {
		await asProgram(async (sys) => {
			await writeAll(sys, '/tmp/a', 'x');
			await sys.link('/tmp/a', '/tmp/b');
			expect(await sys.rename('/tmp/a', '/tmp/b')).toBe(0);
			expect(must(await sys.stat('/tmp/a')).nlink).toBe(2);
		});
	});

	it('moves a directory to another parent and fixes both link counts and its `..`', async () => {
		await asProgram(async (sys) => {
			await sys.mkdir('/tmp/from');
			await sys.mkdir('/tmp/to');
			await sys.mkdir('/tmp/from/d');
			const from = must(await sys.stat('/tmp/from')).nlink;
			const to = must(await sys.stat('/tmp/to')).nlink;
			expect(await sys.rename('/tmp/from/d', '/tmp/to/d')).toBe(0);
			expect(must(await sys.stat('/tmp/from')).nlink).toBe(from - 1);
			expect(must(await sys.stat('/tmp/to')).nlink).toBe(to + 1);
			expect(must(await sys.stat('/tmp/to/d/..')).ino).toBe(must(await sys.stat('/tmp/to')).ino);
		});
	});

	it('answers each refusal with the errno of 2.4', async () => {
		await asProgram(async (sys) => {
			await sys.mkdir('/tmp/d');
			await sys.mkdir('/tmp/full');
			await writeAll(sys, '/tmp/full/f', '');
			await writeAll(sys, '/tmp/f', '');
			expect(outcome(await sys.rename('/tmp/d', '/tmp/full'))).toBe('ENOTEMPTY');
			expect(outcome(await sys.rename('/tmp/d', '/tmp/f'))).toBe('ENOTDIR');
			expect(outcome(await sys.rename('/tmp/f', '/tmp/d'))).toBe('EISDIR');
			expect(outcome(await sys.rename('/tmp/d', '/tmp/d/inside'))).toBe('EINVAL');
			expect(outcome(await sys.rename('/tmp/.', '/tmp/x'))).toBe('EBUSY');
			expect(outcome(await sys.rename('/tmp/none', '/tmp/x'))).toBe('ENOENT');
			expect(outcome(await sys.rename('/tmp/f', '/tmp/g/'))).toBe('ENOTDIR');
			expect(outcome(await sys.rename('/tmp/f', '/dev/shm/f'))).toBe('EXDEV');
			expect(outcome(await sys.rename('/proc', '/tmp/p'))).toBe('EBUSY');
		});
	});

	it('needs write permission on a directory it moves to another parent (its `..` changes)', async () => {
		await asProgram(
			async (sys) => {
				await sys.mkdir('/tmp/mine');
				await sys.mkdir('/tmp/mine/sub', 0o555);
				await sys.mkdir('/tmp/other');
				expect(outcome(await sys.rename('/tmp/mine/sub', '/tmp/other/sub'))).toBe('EACCES');
				expect(outcome(await sys.rename('/tmp/mine/sub', '/tmp/mine/sub2'))).toBe('ok');
			},
			{ user: 'user' }
		);
	});
});

describe('truncate', () => {
	it('cuts or extends with zeros, and refuses directories, users and negative sizes', async () => {
		await asProgram(async (sys) => {
			await writeAll(sys, '/tmp/t', 'abcdef');
			expect(await sys.truncate('/tmp/t', 3)).toBe(0);
			expect(await readAll(sys, '/tmp/t')).toBe('abc');
			expect(await sys.truncate('/tmp/t', 5)).toBe(0);
			expect(await readAll(sys, '/tmp/t')).toBe('abc\0\0');
			expect(outcome(await sys.truncate('/tmp', 0))).toBe('EISDIR');
			expect(outcome(await sys.truncate('/tmp/t', -1))).toBe('EINVAL');
			const fd = must(await sys.open('/tmp/t'));
			expect(outcome(await sys.ftruncate(fd, 0))).toBe('EINVAL');
		});
		await asProgram(
			async (sys) => expect(outcome(await sys.truncate('/etc/passwd', 0))).toBe('EACCES'),
			{ user: 'user' }
		);
	});
});
