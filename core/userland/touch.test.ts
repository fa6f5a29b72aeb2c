import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lab, ok, type Lab } from './testing.ts';

let l: Lab;
beforeEach(async () => {
	l = await lab();
});
afterEach(() => l.dispose());

const BOOT = 1046520000;

describe('touch', () => {
	it('creates an empty file owned by the caller', async () => {
		expect(await l.run(['touch', '/tmp/new'], { user: 'user' })).toEqual(ok(''));
		const n = l.kernel.lookup('/tmp/new')!;
		expect([n.data, n.uid, (n.mode & 0o777).toString(8)]).toEqual(['', 500, '644']);
	});

	it('sets times from -t, -d and -r, and only one of them with -a or -m', async () => {
		l.write('/tmp/f', 'x');
		expect(await l.run(['touch', '-t', '200102031405.06', '/tmp/f'])).toEqual(ok(''));
		expect(l.kernel.lookup('/tmp/f')!.mtime).toBe(Date.UTC(2001, 1, 3, 14, 5, 6) / 1000);
		expect(await l.run(['touch', '-m', '-d', '2002-12-25 08:00', '/tmp/f'])).toEqual(ok(''));
		const f = l.kernel.lookup('/tmp/f')!;
		expect([f.mtime, f.atime]).toEqual([
			Date.UTC(2002, 11, 25, 8) / 1000,
			Date.UTC(2001, 1, 3, 14, 5, 6) / 1000
		]);
		l.write('/tmp/g', '');
		expect(await l.run(['touch', '-r', '/tmp/f', '/tmp/g'])).toEqual(ok(''));
		expect(l.kernel.lookup('/tmp/g')!.mtime).toBe(f.mtime);
		expect(await l.run(['touch', '/tmp/g'])).toEqual(ok(''));
		expect(l.kernel.lookup('/tmp/g')!.mtime).toBeGreaterThanOrEqual(BOOT);
	});

	it('does not create with -c, and reports errors', async () => {
		expect(await l.run(['touch', '-c', '/tmp/none'])).toEqual(ok(''));
		expect(l.kernel.lookup('/tmp/none')).toBeNull();
		expect(await l.run(['touch', '/root/x'], { user: 'user' })).toEqual(
			ok('', "touch: creating `/root/x': Permission denied\n", 1)
		);
		expect(await l.run(['touch', '-t', 'junk', '/tmp/x'])).toEqual(
			ok('', "touch: invalid date format `junk'\n", 1)
		);
		expect(await l.run(['touch'])).toEqual(
			ok('', "touch: file arguments missing\nTry `touch --help' for more information.\n", 1)
		);
	});
});
