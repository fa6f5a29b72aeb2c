import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lab, ok, type Lab } from './testing.ts';

let l: Lab;
beforeEach(async () => {
	l = await lab();
});
afterEach(() => l.dispose());

const mode = (path: string) => (l.kernel.lookup(path)!.mode & 0o7777).toString(8);

describe('mkdir and rmdir', () => {
	it('creates a directory with the umask applied, and -m sets the mode', async () => {
		expect(await l.run(['mkdir', '/tmp/a', '/tmp/b'])).toEqual(ok(''));
		expect(mode('/tmp/a')).toBe('755');
		expect(await l.run(['mkdir', '-m', '1777', '/tmp/c'])).toEqual(ok(''));
		expect(mode('/tmp/c')).toBe('1777');
		expect(await l.run(['mkdir', '-m', 'a=rwx', '/tmp/d', '/tmp/e'])).toEqual(ok(''));
		expect(mode('/tmp/d') + mode('/tmp/e')).toBe('777777');
		expect(await l.run(['mkdir', '-m', 'g+w', '/tmp/f'])).toEqual(ok(''));
		expect(mode('/tmp/f')).toBe('775');
	});

	it('refuses an existing name and a missing parent', async () => {
		expect(await l.run(['mkdir', '/tmp'])).toEqual(
			ok('', "mkdir: cannot create directory `/tmp': File exists\n", 1)
		);
		expect(await l.run(['mkdir', '/tmp/x/y'])).toEqual(
			ok('', "mkdir: cannot create directory `/tmp/x/y': No such file or directory\n", 1)
		);
		expect(await l.run(['mkdir', '/root/x'], { user: 'user' })).toEqual(
			ok('', "mkdir: cannot create directory `/root/x': Permission denied\n", 1)
		);
	});

	it('makes parents with -p and is quiet about existing ones', async () => {
		expect(await l.run(['mkdir', '-pv', '/tmp/x/y/z'])).toEqual(
			ok(
				'',
				"mkdir: created directory `/tmp/x'\nmkdir: created directory `/tmp/x/y'\nmkdir: created directory `/tmp/x/y/z'\n"
			)
		);
		expect(await l.run(['mkdir', '-p', '/tmp/x/y/z', '/tmp/x'])).toEqual(ok(''));
		l.write('/tmp/f', '');
		expect(await l.run(['mkdir', '-p', '/tmp/f/g'])).toEqual(
			ok('', "mkdir: `/tmp/f' exists but is not a directory\n", 1)
		);
	});

	it('needs an operand and a valid mode', async () => {
		expect(await l.run(['mkdir'])).toEqual(
			ok('', "mkdir: too few arguments\nTry `mkdir --help' for more information.\n", 1)
		);
		expect(await l.run(['mkdir', '-m', 'bogus', '/tmp/q'])).toEqual(
			ok('', "mkdir: invalid mode `bogus'\n", 1)
		);
	});

	it('removes empty directories, and parents with -p', async () => {
		await l.run(['mkdir', '-p', '/tmp/x/y/z']);
		expect(await l.run(['rmdir', '/tmp/x'])).toEqual(
			ok('', "rmdir: `/tmp/x': Directory not empty\n", 1)
		);
		expect(await l.run(['rmdir', '-p', 'x/y/z'], { cwd: '/tmp' })).toEqual(ok(''));
		expect(l.kernel.lookup('/tmp/x')).toBeNull();
		expect(await l.run(['rmdir', '/etc/passwd'])).toEqual(
			ok('', "rmdir: `/etc/passwd': Not a directory\n", 1)
		);
	});
});
