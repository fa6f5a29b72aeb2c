import { describe, expect, it } from 'vitest';
import { ok, run1 } from './testing.ts';
import { formatPrintf } from './lib/printf-format.ts';

const fmt = (f: string, ...args: string[]) => formatPrintf(f, args).output;

describe('printf formatting', () => {
	it('handles the C conversions with flags, width and precision', () => {
		expect(
			fmt(
				'%d|%5d|%-5d|%05d|%+d|%x|%X|%o|%#x|%#o',
				'42',
				'42',
				'42',
				'42',
				'42',
				'255',
				'255',
				'8',
				'255',
				'8'
			)
		).toBe('42|   42|42   |00042|+42|ff|FF|10|0xff|010');
		expect(fmt('%s|%10s|%-10s|%.2s|%c', 'abc', 'abc', 'abc', 'abc', 'xyz')).toBe(
			'abc|       abc|abc       |ab|x'
		);
		expect(fmt('%f|%.2f|%e|%g|%g|%g', '3.14159', '2.5', '1234.5', '0.0001', '1e10', '100')).toBe(
			'3.141590|2.50|1.234500e+03|0.0001|1e+10|100'
		);
		expect(fmt('%*d|%.*f', '4', '7', '1', '2.25')).toBe('   7|2.2');
		expect(fmt('%d', "'A")).toBe('65');
		expect(fmt('%x', '-1')).toBe('ffffffffffffffff');
	});

	it('reuses the format while arguments remain, and pads missing ones', () => {
		expect(fmt('%s=%d\n', 'a', '1', 'b')).toBe('a=1\nb=0\n');
	});

	it('interprets escapes in the format and in %b arguments, where \\c stops', () => {
		expect(fmt('a\\tb\\101\\x41\\\\\\n')).toBe('a\tbAA\\\n');
		expect(fmt('%b|%b', 'x\\0101y', 'stop\\chere')).toBe('xAy|stop');
	});

	it('reports bad numbers and continues', () => {
		expect(formatPrintf('%d %d\n', ['abc', '12x'])).toEqual({
			output: '0 12\n',
			errors: ['abc: expected a numeric value', '12x: value not completely converted'],
			fatal: false,
			warnings: []
		});
	});
});

describe('/usr/bin/printf', () => {
	it('prints and exits 0', async () => {
		expect(await run1(['printf', '%s-%s\n', 'a', 'b', 'c'])).toEqual(ok('a-b\nc-\n'));
	});

	it('exits 1 after a conversion error', async () => {
		expect(await run1(['printf', '%d\n', 'x'])).toEqual(
			ok('0\n', 'printf: x: expected a numeric value\n', 1)
		);
	});

	it('needs a format', async () => {
		expect(await run1(['printf'])).toEqual(ok('', 'Usage: printf format [argument...]\n', 1));
	});

	it('warns about arguments the format does not use', async () => {
		expect(await run1(['printf', 'hi\n', 'x'])).toEqual(
			ok('hi\n', 'printf: warning: excess arguments have been ignored\n')
		);
	});
});
