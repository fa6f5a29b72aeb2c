import { describe, expect, it } from 'vitest';
import { ok, run1 } from './testing.ts';

const passwd =
	'root:x:0:0:root:/root:/bin/bash\nuser:x:500:500::/home/user:/bin/bash\napache:x:48:48:Apache:/var/www:/bin/false\n';

describe('wc', () => {
	it('counts lines, words and bytes in the textutils layout', async () => {
		const files = { '/tmp/a': 'one two\nthree\n', '/tmp/b': 'x' };
		expect(await run1(['wc', '/tmp/a', '/tmp/b'], { files })).toEqual(
			ok(
				'      2       3      14 /tmp/a\n      0       1       1 /tmp/b\n      2       4      15 total\n'
			)
		);
		expect(await run1(['wc', '-l'], { stdin: 'a\nb\n' })).toEqual(ok('      2\n'));
		expect(await run1(['wc', '-wc', '/tmp/a'], { files })).toEqual(ok('      3      14 /tmp/a\n'));
		expect(await run1(['wc', '/nope'])).toEqual(
			ok('', 'wc: /nope: No such file or directory\n', 1)
		);
	});
});

describe('sort', () => {
	it('sorts bytewise, in reverse, numerically and uniquely', async () => {
		expect(await run1(['sort'], { stdin: 'b\nB\na\n10\n9\n' })).toEqual(ok('10\n9\nB\na\nb\n'));
		expect(await run1(['sort', '-r'], { stdin: 'a\nc\nb\n' })).toEqual(ok('c\nb\na\n'));
		expect(await run1(['sort', '-n'], { stdin: '10\n9\n-1\nx\n' })).toEqual(ok('-1\nx\n9\n10\n'));
		expect(await run1(['sort', '-u'], { stdin: 'b\na\nb\n' })).toEqual(ok('a\nb\n'));
		expect(await run1(['sort', '-f'], { stdin: 'b\nB\na\n' })).toEqual(ok('a\nB\nb\n'));
	});

	it('sorts on fields with -t and -k', async () => {
		expect(await run1(['sort', '-t:', '-k3,3n'], { stdin: passwd })).toEqual(
			ok(
				'root:x:0:0:root:/root:/bin/bash\napache:x:48:48:Apache:/var/www:/bin/false\nuser:x:500:500::/home/user:/bin/bash\n'
			)
		);
		expect(await run1(['sort', '-k2'], { stdin: 'x b\ny a\n' })).toEqual(ok('y a\nx b\n'));
	});

	it('checks order with -c', async () => {
		expect(await run1(['sort', '-c'], { stdin: 'a\nc\nb\n' })).toEqual(
			ok('', 'sort: -:3: disorder: b\n', 1)
		);
		expect(await run1(['sort', '-c'], { stdin: 'a\nb\n' })).toEqual(ok(''));
	});
});

describe('uniq', () => {
	it('collapses adjacent repeats, counts them (textutils 2.0 puts a tab), or filters', async () => {
		const stdin = 'a\na\nb\nc\nc\nc\na\n';
		expect(await run1(['uniq'], { stdin })).toEqual(ok('a\nb\nc\na\n'));
		expect(await run1(['uniq', '-c'], { stdin })).toEqual(
			ok('      2\ta\n      1\tb\n      3\tc\n      1\ta\n')
		);
		expect(await run1(['uniq', '-d'], { stdin })).toEqual(ok('a\nc\n'));
		expect(await run1(['uniq', '-u'], { stdin })).toEqual(ok('b\na\n'));
	});
});

describe('cut', () => {
	it('selects fields and characters', async () => {
		expect(await run1(['cut', '-d:', '-f1,3'], { stdin: passwd })).toEqual(
			ok('root:0\nuser:500\napache:48\n')
		);
		expect(await run1(['cut', '-c1-3,6-'], { stdin: 'abcdefgh\n' })).toEqual(ok('abcfgh\n'));
		expect(await run1(['cut', '-f2'], { stdin: 'a\tb\nno tab\n' })).toEqual(ok('b\nno tab\n'));
		expect(await run1(['cut', '-s', '-f2'], { stdin: 'a\tb\nno tab\n' })).toEqual(ok('b\n'));
	});

	it('complains about missing or bad lists', async () => {
		expect(await run1(['cut', '/tmp'])).toEqual(
			ok(
				'',
				"cut: you must specify a list of bytes, characters, or fields\nTry `cut --help' for more information.\n",
				2
			)
		);
		expect(await run1(['cut', '-f', '0'])).toEqual(
			ok('', "cut: invalid byte or field list\nTry `cut --help' for more information.\n", 2)
		);
	});
});

describe('tr', () => {
	it('translates ranges and classes, deletes and squeezes', async () => {
		expect(await run1(['tr', 'a-z', 'A-Z'], { stdin: 'hello, world\n' })).toEqual(
			ok('HELLO, WORLD\n')
		);
		expect(await run1(['tr', '[:lower:]', '[:upper:]'], { stdin: 'abc\n' })).toEqual(ok('ABC\n'));
		expect(await run1(['tr', '-d', '0-9'], { stdin: 'a1b22c\n' })).toEqual(ok('abc\n'));
		expect(await run1(['tr', '-s', ' '], { stdin: 'a   b  c\n' })).toEqual(ok('a b c\n'));
		expect(await run1(['tr', ':', '\\n'], { stdin: 'a:b' })).toEqual(ok('a\nb'));
		expect(await run1(['tr', '-cd', 'a-z\\n'], { stdin: 'a-b_c\n' })).toEqual(ok('abc\n'));
		expect(await run1(['tr', 'abc', 'x'], { stdin: 'aabbcc' })).toEqual(ok('xxxxxx'));
	});

	it('needs two strings to translate', async () => {
		expect(await run1(['tr', 'a'])).toEqual(
			ok('', 'tr: two strings must be given when translating\n', 1)
		);
	});
});
