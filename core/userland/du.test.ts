import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lab, ok, type Lab } from './testing.ts';

let l: Lab;
beforeEach(async () => {
	l = await lab();
	l.mkdir('/vs/a/bin');
	l.mkdir('/vs/b/bin');
	l.write('/vs/a/bin/ls', 'x'.repeat(10000));
	l.write('/vs/a/own', 'y'.repeat(100));
});
afterEach(() => l.dispose());

describe('du', () => {
	it('sums 1K blocks of trees, directories after their contents', async () => {
		expect(await l.run(['du', '/vs/a'])).toEqual(ok('16\t/vs/a/bin\n24\t/vs/a\n'));
		expect(await l.run(['du', '-a', '/vs/a'])).toEqual(
			ok('12\t/vs/a/bin/ls\n16\t/vs/a/bin\n4\t/vs/a/own\n24\t/vs/a\n')
		);
		expect(await l.run(['du', '-sh', '/vs/a'])).toEqual(ok('24K\t/vs/a\n'));
	});

	it('counts a hard-linked (unified) file once, unless -l', async () => {
		await l.run(['ln', '/vs/a/bin/ls', '/vs/b/bin/ls']);
		expect(await l.run(['du', '-s', '/vs/a', '/vs/b'])).toEqual(ok('24\t/vs/a\n8\t/vs/b\n'));
		expect(await l.run(['du', '-sl', '/vs/a', '/vs/b'])).toEqual(ok('24\t/vs/a\n20\t/vs/b\n'));
		expect(await l.run(['du', '-sc', '/vs/a', '/vs/b'])).toEqual(
			ok('24\t/vs/a\n8\t/vs/b\n32\ttotal\n')
		);
	});

	it('reports what it cannot read', async () => {
		expect(await l.run(['du', '/nope'])).toEqual(
			ok('', "du: `/nope': No such file or directory\n", 1)
		);
	});
});

describe('df', () => {
	it('lists the mounted filesystems with blocks, in the fileutils 4.1 layout', async () => {
		const r = await l.run(['df']);
		const lines = r.stdout.split('\n');
		expect(lines[0]).toBe('Filesystem           1k-blocks      Used Available Use% Mounted on');
		expect(lines[1]).toMatch(/^\/dev\/hda1 {14}2097152 +\d+ +\d+ +\d+% \/$/);
		expect(lines[2]).toMatch(/^none {16} +\d+ +0 +\d+ {3}0% \/dev\/shm$/);
		expect(lines.length).toBe(4);
	});

	it('shows the filesystem of a file, human-readable with -h', async () => {
		const r = await l.run(['df', '-h', '/vs']);
		expect(r.stdout).toMatch(
			/^Filesystem {12}Size {2}Used Avail Use% Mounted on\n\/dev\/hda1 {13}2\.0G +\S+ +\S+ +\d+% \/\n$/
		);
		expect(await l.run(['df', '/nope'])).toEqual(
			ok(
				'Filesystem           1k-blocks      Used Available Use% Mounted on\n',
				"df: `/nope': No such file or directory\n",
				1
			)
		);
	});
});
