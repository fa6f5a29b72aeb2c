import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lab, ok, type Lab } from './testing.ts';

let l: Lab;
beforeEach(async () => {
	l = await lab();
	l.mkdir('/src/dir');
	l.write('/src/file', 'data\n', 0o4750, 500, 500);
	l.write('/src/dir/inner', 'inner\n');
	l.kernel.symlink('/src/link', 'file');
	l.kernel.mknod('/src/null', 0o20666, 0x103);
	l.kernel.mknod('/src/log', 0o140666, 0);
});
afterEach(() => l.dispose());

const node = (p: string) => l.kernel.lookup(p)!;

describe('cp', () => {
	it('copies a file with the umask applied and the caller as owner', async () => {
		expect(await l.run(['cp', '/src/file', '/tmp/copy'])).toEqual(ok(''));
		expect(l.read('/tmp/copy')).toBe('data\n');
		expect([node('/tmp/copy').uid, (node('/tmp/copy').mode & 0o7777).toString(8)]).toEqual([
			0,
			'750'
		]);
	});

	it('copies into a directory, and keeps mode, owner and times with -p', async () => {
		await l.run(['touch', '-t', '200201011200', '/src/file']);
		expect(await l.run(['cp', '-p', '/src/file', '/tmp'])).toEqual(ok(''));
		const c = node('/tmp/file');
		expect([c.uid, c.gid, (c.mode & 0o7777).toString(8), c.mtime]).toEqual([
			500,
			500,
			'4750',
			node('/src/file').mtime
		]);
	});

	it('omits directories without -R and copies trees with it', async () => {
		expect(await l.run(['cp', '/src/dir', '/tmp/d'])).toEqual(
			ok('', "cp: omitting directory `/src/dir'\n", 1)
		);
		expect(await l.run(['cp', '-R', '/src/dir', '/tmp/d'])).toEqual(ok(''));
		expect(l.read('/tmp/d/inner')).toBe('inner\n');
	});

	it('copies symlinks, devices and hard links as themselves with -a', async () => {
		await l.run(['ln', '/src/file', '/src/dir/hard']);
		expect(await l.run(['cp', '-a', '/src', '/tmp/all'])).toEqual(ok(''));
		expect(node('/tmp/all').entries!.get('link')!.target).toBe('file');
		expect([node('/tmp/all/null').mode.toString(8), node('/tmp/all/null').rdev]).toEqual([
			'20666',
			0x103
		]);
		expect(node('/tmp/all/log').mode.toString(8)).toBe('140666');
		expect(node('/tmp/all/dir/hard')).toBe(node('/tmp/all/file'));
		expect(node('/tmp/all/file').nlink).toBe(2);
		expect(node('/tmp/all/file')).not.toBe(node('/src/file'));
	});

	it('follows a symlink without -d', async () => {
		expect(await l.run(['cp', '/src/link', '/tmp/deref'])).toEqual(ok(''));
		expect(l.read('/tmp/deref')).toBe('data\n');
	});

	it('stays on one filesystem with -x', async () => {
		const other = { ...node('/src/dir').fs, dev: 0x0302 };
		node('/src/dir').fs = other;
		expect(await l.run(['cp', '-ax', '/src', '/tmp/x'])).toEqual(ok(''));
		expect(l.kernel.lookup('/tmp/x/dir')).not.toBeNull();
		expect(l.kernel.lookup('/tmp/x/dir/inner')).toBeNull();
	});

	it('explains itself with -v', async () => {
		expect(await l.run(['cp', '-rv', '/src/dir', '/tmp/v'])).toEqual(
			ok("`/src/dir' -> `/tmp/v'\n`/src/dir/inner' -> `/tmp/v/inner'\n")
		);
	});

	it('reports the classic errors', async () => {
		expect(await l.run(['cp'])).toEqual(
			ok('', "cp: missing file arguments\nTry `cp --help' for more information.\n", 1)
		);
		expect(await l.run(['cp', '/src/file'])).toEqual(
			ok('', "cp: missing destination file\nTry `cp --help' for more information.\n", 1)
		);
		expect(await l.run(['cp', '/nope', '/tmp'])).toEqual(
			ok('', "cp: cannot stat `/nope': No such file or directory\n", 1)
		);
		expect(await l.run(['cp', '/src/file', '/src/file'])).toEqual(
			ok('', "cp: `/src/file' and `/src/file' are the same file\n", 1)
		);
		expect(await l.run(['cp', '/src/file', '/etc/passwd', '/src/file'])).toEqual(
			ok(
				'',
				"cp: copying multiple files, but last argument `/src/file' is not a directory\nTry `cp --help' for more information.\n",
				1
			)
		);
		expect(await l.run(['cp', '-R', '/src', '/src/dir'])).toEqual(
			ok('', "cp: cannot copy a directory, `/src', into itself, `/src/dir/src'\n", 1)
		);
		expect(await l.run(['cp', '/etc/shadow', '/tmp'], { user: 'user' })).toEqual(
			ok('', "cp: cannot open `/etc/shadow' for reading: Permission denied\n", 1)
		);
	});
});
