import { describe, expect, it } from 'vitest';
import { lab, ok, run1 } from './testing.ts';

const ten = Array.from({ length: 12 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
const files = { '/tmp/n': ten, '/tmp/s': 'one\ntwo' };

describe('head', () => {
	it('prints the first ten lines, or -n lines, or -c bytes', async () => {
		expect((await run1(['head', '/tmp/n'], { files })).stdout).toBe(
			ten.split('\n').slice(0, 10).join('\n') + '\n'
		);
		expect(await run1(['head', '-n', '2', '/tmp/n'], { files })).toEqual(ok('line 1\nline 2\n'));
		expect(await run1(['head', '-3', '/tmp/n'], { files })).toEqual(ok('line 1\nline 2\nline 3\n'));
		expect(await run1(['head', '-c', '6', '/tmp/n'], { files })).toEqual(ok('line 1'));
	});

	it('puts headers between several files', async () => {
		expect(await run1(['head', '-n1', '/tmp/n', '/tmp/s'], { files })).toEqual(
			ok('==> /tmp/n <==\nline 1\n\n==> /tmp/s <==\none\n')
		);
		expect(await run1(['head', '-n1'], { stdin: 'x\ny\n' })).toEqual(ok('x\n'));
	});

	it('reports missing files and bad counts', async () => {
		expect(await run1(['head', '/nope'])).toEqual(
			ok('', 'head: /nope: No such file or directory\n', 1)
		);
		expect(await run1(['head', '-n', 'x', '/tmp/n'], { files })).toEqual(
			ok('', 'head: x: invalid number of lines\n', 1)
		);
	});
});

describe('tail', () => {
	it('prints the last lines, from a line with +N, or bytes', async () => {
		expect(await run1(['tail', '-n', '2', '/tmp/n'], { files })).toEqual(ok('line 11\nline 12\n'));
		expect(await run1(['tail', '-1', '/tmp/s'], { files })).toEqual(ok('two'));
		expect(await run1(['tail', '+11', '/tmp/n'], { files })).toEqual(ok('line 11\nline 12\n'));
		expect(await run1(['tail', '-n', '+12', '/tmp/n'], { files })).toEqual(ok('line 12\n'));
		expect(await run1(['tail', '-c', '3', '/tmp/s'], { files })).toEqual(ok('two'));
		expect((await run1(['tail', '/tmp/n'], { files })).stdout.split('\n')[0]).toBe('line 3');
	});

	it('follows a growing file with -f until killed', async () => {
		const l = await lab();
		l.write('/tmp/log', 'start\n');
		const grow = () => void (l.kernel.lookup('/tmp/log')!.data += 'more\n');
		const r = await l.run(['tail', '-f', '/tmp/log'], {
			limitMs: 5000,
			at: [{ ms: 2500, run: grow }]
		});
		// The harness ends tail with SIGKILL at the limit, as ^C would.
		expect(r).toEqual(ok('start\nmore\n', 'TIMEOUT\n', 124));
		l.dispose();
	});
});
