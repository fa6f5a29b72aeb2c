import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXT2_IMMUTABLE_FL } from '../syscalls/index.ts';
import { lab, ok, type Lab } from './testing.ts';

let l: Lab;
beforeEach(async () => {
	l = await lab();
	l.mkdir('/tmp/d');
	l.write('/tmp/a', 'a');
});
afterEach(() => l.dispose());

describe('ln', () => {
	it('makes a hard link: one inode, two names, link count 2', async () => {
		expect(await l.run(['ln', '/tmp/a', '/tmp/b'])).toEqual(ok(''));
		expect(l.kernel.lookup('/tmp/b')).toBe(l.kernel.lookup('/tmp/a'));
		expect(l.kernel.lookup('/tmp/a')!.nlink).toBe(2);
	});

	it('makes symbolic links, into a directory too', async () => {
		expect(await l.run(['ln', '-s', '/tmp/a', '/tmp/d'])).toEqual(ok(''));
		expect(l.kernel.lookup('/tmp/d/a')).not.toBeNull();
		expect(await l.run(['ln', '-sv', 'a', '/tmp/s'])).toEqual(
			ok("create symbolic link `/tmp/s' to `a'\n")
		);
		expect(await l.run(['ls', '-l', '/tmp/s'])).toEqual(
			ok('lrwxrwxrwx    1 root     root            1 Mar  1 12:00 /tmp/s -> a\n')
		);
	});

	it('refuses an existing name unless -f', async () => {
		l.write('/tmp/b', 'b');
		expect(await l.run(['ln', '/tmp/a', '/tmp/b'])).toEqual(
			ok('', "ln: `/tmp/b': File exists\n", 1)
		);
		expect(await l.run(['ln', '-f', '/tmp/a', '/tmp/b'])).toEqual(ok(''));
		expect(l.read('/tmp/b')).toBe('a');
	});

	it('reports directories, missing targets and immutable files', async () => {
		expect(await l.run(['ln', '/tmp/d', '/tmp/e'])).toEqual(
			ok('', "ln: `/tmp/d': hard link not allowed for directory\n", 1)
		);
		expect(await l.run(['ln', '/nope', '/tmp/e'])).toEqual(
			ok('', "ln: accessing `/nope': No such file or directory\n", 1)
		);
		l.kernel.lookup('/tmp/a')!.flags = EXT2_IMMUTABLE_FL;
		expect(await l.run(['ln', '/tmp/a', '/tmp/e'])).toEqual(
			ok('', "ln: creating hard link `/tmp/e' to `/tmp/a': Operation not permitted\n", 1)
		);
		expect(await l.run(['ln'])).toEqual(
			ok('', "ln: missing file argument\nTry `ln --help' for more information.\n", 1)
		);
	});
});
