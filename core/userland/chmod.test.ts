import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lab, ok, type Lab } from './testing.ts';

let l: Lab;
beforeEach(async () => {
	l = await lab();
	l.mkdir('/tmp/t/sub');
	l.write('/tmp/t/f', '', 0o644);
	l.write('/tmp/t/sub/g', '', 0o600);
	l.write('/tmp/mine', '', 0o644, 500, 500);
});
afterEach(() => l.dispose());

const mode = (p: string) => (l.kernel.lookup(p)!.mode & 0o7777).toString(8);

describe('chmod', () => {
	it('takes octal and symbolic modes, including -w style', async () => {
		expect(await l.run(['chmod', '755', '/tmp/t/f'])).toEqual(ok(''));
		expect(mode('/tmp/t/f')).toBe('755');
		expect(await l.run(['chmod', 'go-rx,u+s', '/tmp/t/f'])).toEqual(ok(''));
		expect(mode('/tmp/t/f')).toBe('4700');
		expect(await l.run(['chmod', '-w', '/tmp/t/f'])).toEqual(ok(''));
		expect(mode('/tmp/t/f')).toBe('4500');
	});

	it('recurses with -R and reports with -v and -c', async () => {
		expect(await l.run(['chmod', '-R', 'a+rX', '/tmp/t'])).toEqual(ok(''));
		expect([mode('/tmp/t/sub'), mode('/tmp/t/sub/g')]).toEqual(['755', '644']);
		expect(await l.run(['chmod', '-v', '644', '/tmp/t/f'])).toEqual(
			ok("mode of `/tmp/t/f' retained as 0644 (rw-r--r--)\n")
		);
		expect(await l.run(['chmod', '-c', '600', '/tmp/t/f', '/tmp/t/sub/g'])).toEqual(
			ok(
				"mode of `/tmp/t/f' changed to 0600 (rw-------)\nmode of `/tmp/t/sub/g' changed to 0600 (rw-------)\n"
			)
		);
		expect(await l.run(['chmod', '-c', '600', '/tmp/t/f'])).toEqual(ok(''));
	});

	it('lets only the owner change the mode', async () => {
		expect(await l.run(['chmod', '600', '/tmp/mine'], { user: 'user' })).toEqual(ok(''));
		expect(await l.run(['chmod', '600', '/tmp/t/f'], { user: 'user' })).toEqual(
			ok('', "chmod: changing permissions of `/tmp/t/f': Operation not permitted\n", 1)
		);
	});

	it('reports bad modes, missing files and missing operands', async () => {
		expect(await l.run(['chmod', 'x+y', '/tmp/t/f'])).toEqual(
			ok('', "chmod: invalid mode string: `x+y'\n", 1)
		);
		expect(await l.run(['chmod', '644', '/nope'])).toEqual(
			ok('', "chmod: getting attributes of `/nope': No such file or directory\n", 1)
		);
		expect(await l.run(['chmod', '644'])).toEqual(
			ok('', "chmod: too few arguments\nTry `chmod --help' for more information.\n", 1)
		);
	});
});

describe('chown and chgrp', () => {
	it('change owner and group by name or number', async () => {
		expect(await l.run(['chown', 'user:user', '/tmp/t/f'])).toEqual(ok(''));
		expect([l.kernel.lookup('/tmp/t/f')!.uid, l.kernel.lookup('/tmp/t/f')!.gid]).toEqual([
			500, 500
		]);
		expect(await l.run(['chown', '-R', '0.0', '/tmp/t'])).toEqual(ok(''));
		expect(l.kernel.lookup('/tmp/t/f')!.uid).toBe(0);
		expect(await l.run(['chgrp', 'apache', '/tmp/t/f'])).toEqual(ok(''));
		expect(l.kernel.lookup('/tmp/t/f')!.gid).toBe(48);
		expect(await l.run(['chown', '-v', 'user:', '/tmp/t/f'])).toEqual(
			ok("changed ownership of `/tmp/t/f' to user:\n")
		);
		expect(l.kernel.lookup('/tmp/t/f')!.gid).toBe(500);
	});

	it('refuse unknown names and unprivileged changes', async () => {
		expect(await l.run(['chown', 'nobody2', '/tmp/t/f'])).toEqual(
			ok('', "chown: `nobody2': invalid user\n", 1)
		);
		expect(await l.run(['chgrp', 'nogroup', '/tmp/t/f'])).toEqual(
			ok('', "chgrp: invalid group name `nogroup'\n", 1)
		);
		expect(await l.run(['chown', 'root', '/tmp/mine'], { user: 'user' })).toEqual(
			ok('', "chown: changing ownership of `/tmp/mine': Operation not permitted\n", 1)
		);
		expect(await l.run(['chgrp', 'root', '/tmp/mine'], { user: 'user' })).toEqual(
			ok('', "chgrp: changing group of `/tmp/mine': Operation not permitted\n", 1)
		);
	});
});
