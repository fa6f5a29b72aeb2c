import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lab, ok, type Lab } from './testing.ts';

let l: Lab;
beforeEach(async () => {
	l = await lab();
	l.write('/tmp/f', 'hello\n', 0o640, 500, 500);
	l.kernel.symlink('/tmp/l', 'f');
});
afterEach(() => l.dispose());

const ino = (p: string) => l.kernel.lookup(p)!.ino;

describe('stat', () => {
	it('prints the stat 3.3 layout for a file', async () => {
		const i = String(ino('/tmp/f')).padEnd(10);
		expect(await l.run(['stat', '/tmp/f'])).toEqual(
			ok(
				'  File: "/tmp/f"\n' +
					'  Size: 6         \tBlocks: 8          IO Block: 4096   Regular File\n' +
					`Device: 301h/769d\tInode: ${i}  Links: 1    \n` +
					'Access: (0640/-rw-r-----)  Uid: (  500/    user)   Gid: (  500/    user)\n' +
					'Access: Sat Mar  1 12:00:00 2003\nModify: Sat Mar  1 12:00:00 2003\nChange: Sat Mar  1 12:00:00 2003\n\n'
			)
		);
	});

	it('shows a symlink itself, or its target with -l, and device numbers', async () => {
		expect((await l.run(['stat', '/tmp/l'])).stdout.split('\n').slice(0, 2)).toEqual([
			'  File: "/tmp/l" -> "f"',
			'  Size: 1         \tBlocks: 0          IO Block: 4096   Symbolic Link'
		]);
		expect((await l.run(['stat', '-l', '/tmp/l'])).stdout.split('\n')[1]).toBe(
			'  Size: 6         \tBlocks: 8          IO Block: 4096   Regular File'
		);
		expect((await l.run(['stat', '/dev/null'])).stdout.split('\n')[2]).toMatch(
			/^Device: 301h\/769d\tInode: \d+ +Links: 1 {5}Device type: 1,3$/
		);
	});

	it('formats with -c and -t', async () => {
		expect(await l.run(['stat', '-c', '%n %a %U:%G %s %h', '/tmp/f'])).toEqual(
			ok('/tmp/f 640 user:user 6 1\n')
		);
		expect(await l.run(['stat', '-t', '/tmp/f'])).toEqual(
			ok(
				`/tmp/f 6 8 81a0 500 500 301 ${ino('/tmp/f')} 1 0 0 1046520000 1046520000 1046520000 4096\n`
			)
		);
	});

	it('reports a missing file as perror does, and goes on', async () => {
		expect(await l.run(['stat', '-c', '%n', '/nope', '/tmp/f'])).toEqual(
			ok('/tmp/f\n', '/nope: No such file or directory\n')
		);
	});
});
