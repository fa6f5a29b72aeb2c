import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXT2_IMMUTABLE_FL, EXT2_IMMUTABLE_LINK_FL } from '../syscalls/index.ts';
import { lab, ok, run1, type Lab } from './testing.ts';

const stdin = 'one\ntwo\nthree\nfour\n';

describe('sed', () => {
	it('substitutes, first or every match, with groups and &', async () => {
		expect(await run1(['sed', 's/o/0/'], { stdin })).toEqual(ok('0ne\ntw0\nthree\nf0ur\n'));
		expect(await run1(['sed', 's/[aeiou]/<&>/g'], { stdin: 'hello\n' })).toEqual(ok('h<e>ll<o>\n'));
		expect(await run1(['sed', 's/\\(.\\)\\(.\\)/\\2\\1/'], { stdin: 'abc\n' })).toEqual(
			ok('bac\n')
		);
		expect(await run1(['sed', '-r', 's/(a|b)+/X/'], { stdin: 'abba c\n' })).toEqual(ok('X c\n'));
		expect(await run1(['sed', 's/l/L/2'], { stdin: 'hello\n' })).toEqual(ok('helLo\n'));
		expect(await run1(['sed', 's|/|:|g'], { stdin: '/a/b\n' })).toEqual(ok(':a:b\n'));
	});

	it('prints with -n and p, deletes with d, on addresses and ranges', async () => {
		expect(await run1(['sed', '-n', '2p'], { stdin })).toEqual(ok('two\n'));
		expect(await run1(['sed', '-n', '$p'], { stdin })).toEqual(ok('four\n'));
		expect(await run1(['sed', '2,3d'], { stdin })).toEqual(ok('one\nfour\n'));
		expect(await run1(['sed', '/two/,/three/d'], { stdin })).toEqual(ok('one\nfour\n'));
		expect(await run1(['sed', '-n', '/t/!p'], { stdin })).toEqual(ok('one\nfour\n'));
		expect(await run1(['sed', '-n', 's/e/E/p'], { stdin })).toEqual(ok('onE\nthrEe\n'));
		expect(await run1(['sed', '1~2d'], { stdin })).toEqual(ok('two\nfour\n'));
	});

	it('runs several commands, blocks, q, =, y, a, i and c', async () => {
		expect(await run1(['sed', '-e', 's/one/1/', '-e', 's/two/2/;3q'], { stdin })).toEqual(
			ok('1\n2\nthree\n')
		);
		expect(await run1(['sed', '-n', '/o/{s/o/O/;p;}'], { stdin })).toEqual(ok('One\ntwO\nfOur\n'));
		expect(await run1(['sed', '-n', '$='], { stdin })).toEqual(ok('4\n'));
		expect(await run1(['sed', 'y/abc/xyz/'], { stdin: 'aabbcc\n' })).toEqual(ok('xxyyzz\n'));
		expect(await run1(['sed', '1a\\\nafter'], { stdin: 'x\n' })).toEqual(ok('x\nafter\n'));
		expect(await run1(['sed', '1a after'], { stdin: 'x\ny\n' })).toEqual(ok('x\nafter\ny\n'));
		expect(await run1(['sed', '2i before'], { stdin: 'x\ny\n' })).toEqual(ok('x\nbefore\ny\n'));
		expect(await run1(['sed', '2c changed'], { stdin: 'x\ny\n' })).toEqual(ok('x\nchanged\n'));
		expect(await run1(['sed', 'N;s/\\n/+/'], { stdin })).toEqual(ok('one+two\nthree+four\n'));
		expect(await run1(['sed', '$!d'], { stdin: 'a\nb' })).toEqual(ok('b'));
	});

	it('reports script errors and unreadable files', async () => {
		expect(await run1(['sed', 's/a/b'], { stdin })).toEqual(
			ok('', "sed: -e expression #1, char 5: unterminated `s' command\n", 1)
		);
		expect(await run1(['sed', 'k'], { stdin })).toEqual(
			ok('', "sed: -e expression #1, char 1: unknown command: `k'\n", 1)
		);
		expect(await run1(['sed', 's/a/b/q'], { stdin })).toEqual(
			ok('', "sed: -e expression #1, char 7: unknown option to `s'\n", 1)
		);
		expect(await run1(['sed', 'p', '/nope'])).toEqual(
			ok('', "sed: can't read /nope: No such file or directory\n", 2)
		);
	});
});

describe('sed -i', () => {
	let l: Lab;
	beforeEach(async () => {
		l = await lab();
		l.write('/etc/vservers/v1.conf', 'IPROOT=1.2.3.4\nS_HOSTNAME=\n', 0o600);
	});
	afterEach(() => l.dispose());

	it('edits in place through a new file that replaces the old name', async () => {
		const before = l.kernel.lookup('/etc/vservers/v1.conf')!;
		expect(await l.run(['sed', '-i', 's/1.2.3.4/192.168.1.10/', '/etc/vservers/v1.conf'])).toEqual(
			ok('')
		);
		const after = l.kernel.lookup('/etc/vservers/v1.conf')!;
		expect(after.data).toBe('IPROOT=192.168.1.10\nS_HOSTNAME=\n');
		expect(after).not.toBe(before);
		expect((after.mode & 0o7777).toString(8)).toBe('600');
		// No temporary file is left beside it (the image ships newvserver's defaults there).
		expect([...l.kernel.lookup('/etc/vservers')!.entries!.keys()]).toEqual([
			'newvserver.defaults',
			'v1.conf'
		]);
	});

	it('keeps a backup with a suffix', async () => {
		expect(
			await l.run(['sed', '-i.orig', 's/^S_HOSTNAME=$/S_HOSTNAME=v1/', '/etc/vservers/v1.conf'])
		).toEqual(ok(''));
		expect(l.read('/etc/vservers/v1.conf.orig')).toBe('IPROOT=1.2.3.4\nS_HOSTNAME=\n');
		expect(l.read('/etc/vservers/v1.conf')).toBe('IPROOT=1.2.3.4\nS_HOSTNAME=v1\n');
	});

	it('leaves the other hard links of a unified file alone', async () => {
		await l.run(['ln', '/etc/vservers/v1.conf', '/tmp/shared']);
		l.kernel.lookup('/tmp/shared')!.flags = EXT2_IMMUTABLE_FL | EXT2_IMMUTABLE_LINK_FL;
		const r = await l.run(['sed', '-i', 's/1.2.3.4/10.0.0.1/', '/tmp/shared']);
		expect(r.exitCode).not.toBe(0);
		expect(l.read('/etc/vservers/v1.conf')).toBe('IPROOT=1.2.3.4\nS_HOSTNAME=\n');
	});
});
