import { describe, expect, it } from 'vitest';
import { ok, run1 } from './testing.ts';

describe('cat', () => {
	it('copies files and standard input (as -) in order', async () => {
		const r = await run1(['cat', '/tmp/a', '-', '/tmp/b'], {
			files: { '/tmp/a': 'one\n', '/tmp/b': 'three' },
			stdin: 'two\n'
		});
		expect(r).toEqual(ok('one\ntwo\nthree'));
	});

	it('reports a missing file and a directory, and goes on with the rest', async () => {
		const r = await run1(['cat', '/nope', '/tmp', '/tmp/a'], { files: { '/tmp/a': 'x\n' } });
		expect(r).toEqual(
			ok('x\n', 'cat: /nope: No such file or directory\ncat: /tmp: Is a directory\n', 1)
		);
	});

	it('numbers lines with -n and non-blank lines with -b, squeezing with -s', async () => {
		const files = { '/tmp/a': 'a\n\n\n\nb\n' };
		expect(await run1(['cat', '-n', '/tmp/a'], { files })).toEqual(
			ok('     1\ta\n     2\t\n     3\t\n     4\t\n     5\tb\n')
		);
		expect(await run1(['cat', '-bs', '/tmp/a'], { files })).toEqual(ok('     1\ta\n\n     2\tb\n'));
	});

	it('shows ends, tabs and control characters with -A', async () => {
		const r = await run1(['cat', '-A', '/tmp/a'], { files: { '/tmp/a': 'a\tb\x01\x7f\xe9\n' } });
		expect(r).toEqual(ok('a^Ib^A^?M-i$\n'));
	});

	it('refuses an unknown option', async () => {
		expect(await run1(['cat', '--nope'])).toEqual(
			ok('', "cat: unrecognized option `--nope'\nTry `cat --help' for more information.\n", 1)
		);
	});
});
