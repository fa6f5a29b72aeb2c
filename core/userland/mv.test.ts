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

describe('mv', () => {
	it('renames, keeping the inode', async () => {
		const ino = l.kernel.lookup('/tmp/a')!.ino;
		expect(await l.run(['mv', '/tmp/a', '/tmp/b'])).toEqual(ok(''));
		expect(l.kernel.lookup('/tmp/b')!.ino).toBe(ino);
		expect(l.kernel.lookup('/tmp/a')).toBeNull();
	});

	it('moves into a directory, verbosely', async () => {
		expect(await l.run(['mv', '-v', '/tmp/a', '/tmp/d'])).toEqual(ok("`/tmp/a' -> `/tmp/d/a'\n"));
		expect(l.read('/tmp/d/a')).toBe('a');
	});

	it('reports errors', async () => {
		expect(await l.run(['mv', '/tmp/a'])).toEqual(
			ok('', "mv: missing file argument\nTry `mv --help' for more information.\n", 1)
		);
		expect(await l.run(['mv', '/nope', '/tmp/x'])).toEqual(
			ok('', "mv: cannot stat `/nope': No such file or directory\n", 1)
		);
		expect(await l.run(['mv', '/tmp/d', '/tmp/d/e'])).toEqual(
			ok('', "mv: cannot move `/tmp/d' to a subdirectory of itself, `/tmp/d/e'\n", 1)
		);
		expect(await l.run(['mv', '/tmp/d', '/tmp/a'])).toEqual(
			ok('', "mv: cannot overwrite non-directory `/tmp/a' with directory `/tmp/d'\n", 1)
		);
		l.kernel.lookup('/tmp/a')!.flags = EXT2_IMMUTABLE_FL;
		expect(await l.run(['mv', '/tmp/a', '/tmp/z'])).toEqual(
			ok('', "mv: cannot move `/tmp/a' to `/tmp/z': Operation not permitted\n", 1)
		);
		expect(await l.run(['mv', '/etc/passwd', '/tmp/p'], { user: 'user' })).toEqual(
			ok('', "mv: cannot move `/etc/passwd' to `/tmp/p': Permission denied\n", 1)
		);
	});

	it('copies and removes across filesystems', async () => {
		const d = l.kernel.lookup('/tmp/d')!;
		d.fs = { ...d.fs, dev: 0x0302 };
		expect(await l.run(['mv', '/tmp/a', '/tmp/d/a'])).toEqual(ok(''));
		expect(l.read('/tmp/d/a')).toBe('a');
		expect(l.kernel.lookup('/tmp/a')).toBeNull();
	});
});
