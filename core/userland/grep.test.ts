import { describe, expect, it } from 'vitest';
import { ok, run1 } from './testing.ts';
import { translate } from './lib/regex.ts';

const files = {
	'/tmp/a': 'root:x:0:0\nuser:x:500:500\nRooted tree\n',
	'/tmp/b': 'nothing here\n',
	'/tmp/d/c': 'a root file\n'
};

describe('POSIX regular expressions', () => {
	it('translate basic and extended syntax', () => {
		expect(translate('a\\(b*\\)\\1c\\{2,3\\}', false)).toEqual({
			source: 'a(b*)\\1c{2,3}',
			groups: 1
		});
		expect(translate('*a+b?(c)|{', false)).toEqual({
			source: '\\*a\\+b\\?\\(c\\)\\|\\{',
			groups: 0
		});
		expect(translate('(a|b)+c{2}x^', true)).toEqual({ source: '(a|b)+c{2}x^', groups: 1 });
		expect(translate('[[:digit:]]*[^]a-]$', false)).toEqual({
			source: '[0-9]*[^\\]a\\-]$',
			groups: 0
		});
		expect(translate('a$b^c', false)).toEqual({ source: 'a\\$b\\^c', groups: 0 });
		expect(translate('\\<word\\>', false)).toEqual({
			source: '\\b(?=\\w)word\\b(?<=\\w)',
			groups: 0
		});
		expect(translate('a[b', false)).toEqual({ error: 'Unmatched [ or [^' });
		expect(translate('\\(a', false)).toEqual({ error: 'Unmatched ( or \\(' });
	});
});

describe('grep', () => {
	it('prints matching lines and exits 0, or exits 1 when none match', async () => {
		expect(await run1(['grep', 'root', '/tmp/a'], { files })).toEqual(ok('root:x:0:0\n'));
		expect(await run1(['grep', 'zzz', '/tmp/a'], { files })).toEqual(ok('', '', 1));
	});

	it('handles -i, -v, -n, -c and -l', async () => {
		expect(await run1(['grep', '-in', 'root', '/tmp/a'], { files })).toEqual(
			ok('1:root:x:0:0\n3:Rooted tree\n')
		);
		expect(await run1(['grep', '-v', 'root', '/tmp/a'], { files })).toEqual(
			ok('user:x:500:500\nRooted tree\n')
		);
		expect(await run1(['grep', '-c', 'x', '/tmp/a', '/tmp/b'], { files })).toEqual(
			ok('/tmp/a:2\n/tmp/b:0\n')
		);
		expect(await run1(['grep', '-l', 'root', '/tmp/a', '/tmp/b', '/tmp/d/c'], { files })).toEqual(
			ok('/tmp/a\n/tmp/d/c\n')
		);
	});

	it('takes extended expressions with -E and egrep, and fixed strings with -F', async () => {
		expect(await run1(['grep', '-E', '^(root|user):', '/tmp/a'], { files })).toEqual(
			ok('root:x:0:0\nuser:x:500:500\n')
		);
		expect(await run1(['egrep', '[0-9]{3}', '/tmp/a'], { files })).toEqual(ok('user:x:500:500\n'));
		expect(await run1(['grep', '-F', 'x:5', '/tmp/a'], { files })).toEqual(ok('user:x:500:500\n'));
		expect(await run1(['grep', 'x:[0-9]\\{3\\}', '/tmp/a'], { files })).toEqual(
			ok('user:x:500:500\n')
		);
	});

	it('matches whole words and lines with -w and -x, and searches trees with -r', async () => {
		expect(await run1(['grep', '-w', 'Root', '/tmp/a'], { files })).toEqual(ok('', '', 1));
		expect(await run1(['grep', '-x', 'Rooted tree', '/tmp/a'], { files })).toEqual(
			ok('Rooted tree\n')
		);
		expect(await run1(['grep', '-r', 'root', '/tmp/d'], { files })).toEqual(
			ok('/tmp/d/c:a root file\n')
		);
	});

	it('reads standard input, and reports missing files with status 2', async () => {
		expect(await run1(['grep', 'b'], { stdin: 'a\nb\nc\n' })).toEqual(ok('b\n'));
		expect(await run1(['grep', 'x', '/nope', '/tmp/b'], { files })).toEqual(
			ok('', 'grep: /nope: No such file or directory\n', 2)
		);
		// grep 2.5.1: -s hides the message, the status still says there was trouble.
		expect(await run1(['grep', '-s', 'here', '/nope', '/tmp/b'], { files })).toEqual(
			ok('/tmp/b:nothing here\n', '', 2)
		);
		expect(await run1(['grep', '-q', 'here', '/tmp/b'], { files })).toEqual(ok(''));
	});

	it('reports bad expressions and missing patterns', async () => {
		expect(await run1(['grep', 'a[', '/tmp/a'], { files })).toEqual(
			ok('', 'grep: Unmatched [ or [^\n', 2)
		);
		expect(await run1(['grep'])).toEqual(
			ok(
				'',
				"Usage: grep [OPTION]... PATTERN [FILE]...\nTry `grep --help' for more information.\n",
				2
			)
		);
	});
});
