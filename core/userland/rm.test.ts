import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXT2_IMMUTABLE_FL, EXT2_IMMUTABLE_LINK_FL } from '../syscalls/index.ts';
import { lab, ok, type Lab } from './testing.ts';

let l: Lab;
beforeEach(async () => {
	l = await lab();
	l.mkdir('/tmp/t/sub');
	l.write('/tmp/t/a', 'a');
	l.write('/tmp/t/sub/b', 'b');
});
afterEach(() => l.dispose());

describe('rm', () => {
	it('removes files and reports missing ones unless -f', async () => {
		expect(await l.run(['rm', '/tmp/t/a'])).toEqual(ok(''));
		expect(l.kernel.lookup('/tmp/t/a')).toBeNull();
		expect(await l.run(['rm', '/tmp/t/a'])).toEqual(
			ok('', "rm: cannot remove `/tmp/t/a': No such file or directory\n", 1)
		);
		expect(await l.run(['rm', '-f', '/tmp/t/a'])).toEqual(ok(''));
		expect(await l.run(['rm', '-f'])).toEqual(ok(''));
		expect(await l.run(['rm'])).toEqual(
			ok('', "rm: too few arguments\nTry `rm --help' for more information.\n", 1)
		);
	});

	it('refuses directories without -r and removes trees with it', async () => {
		expect(await l.run(['rm', '/tmp/t'])).toEqual(ok('', "rm: `/tmp/t' is a directory\n", 1));
		expect(await l.run(['rm', '-rv', '/tmp/t'])).toEqual(
			ok(
				// Directory order: sub was made before a.
				"removing all entries of directory `/tmp/t'\nremoving all entries of directory `/tmp/t/sub'\nremoving `/tmp/t/sub/b'\nremoving the directory itself: `/tmp/t/sub'\nremoving `/tmp/t/a'\nremoving the directory itself: `/tmp/t'\n"
			)
		);
		expect(l.kernel.lookup('/tmp/t')).toBeNull();
		expect(await l.run(['rm', '-r', '.'], { cwd: '/tmp' })).toEqual(
			ok('', "rm: cannot remove `.' or `..'\n", 1)
		);
	});

	it('cannot unlink an immutable file, but can when immutable-link-invert is set too', async () => {
		l.kernel.lookup('/tmp/t/a')!.flags = EXT2_IMMUTABLE_FL;
		expect(await l.run(['rm', '-f', '/tmp/t/a'])).toEqual(
			ok('', "rm: cannot unlink `/tmp/t/a': Operation not permitted\n", 1)
		);
		l.kernel.lookup('/tmp/t/a')!.flags = EXT2_IMMUTABLE_FL | EXT2_IMMUTABLE_LINK_FL;
		expect(await l.run(['rm', '-f', '/tmp/t/a'])).toEqual(ok(''));
	});

	it('asks with -i and reads the answer from standard input', async () => {
		expect(await l.run(['rm', '-i', '/tmp/t/a'], { stdin: 'n\n' })).toEqual(
			ok('', "rm: remove `/tmp/t/a'? ")
		);
		expect(l.kernel.lookup('/tmp/t/a')).not.toBeNull();
		expect(await l.run(['rm', '-i', '/tmp/t/a'], { stdin: 'yes\n' })).toEqual(
			ok('', "rm: remove `/tmp/t/a'? ")
		);
		expect(l.kernel.lookup('/tmp/t/a')).toBeNull();
	});

	it('needs write permission on the directory', async () => {
		expect(await l.run(['rm', '-f', '/etc/passwd'], { user: 'user' })).toEqual(
			ok('', "rm: cannot unlink `/etc/passwd': Permission denied\n", 1)
		);
	});
});
