import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lab, ok, type Lab } from './testing.ts';

let l: Lab;
beforeAll(async () => {
	l = await lab();
	l.write('/tmp/file', 'data');
	l.write('/tmp/empty', '');
	l.write('/tmp/secret', 'x', 0o600);
	l.kernel.symlink('/tmp/link', 'file');
});
afterAll(() => l.dispose());

const status = async (...args: string[]) => (await l.run(['test', ...args])).exitCode;

describe('test', () => {
	it('tests strings and integers', async () => {
		expect(await status()).toBe(1);
		expect(await status('x')).toBe(0);
		expect(await status('')).toBe(1);
		expect(await status('-n', '')).toBe(1);
		expect(await status('-z', '')).toBe(0);
		expect(await status('a', '=', 'a')).toBe(0);
		expect(await status('a', '!=', 'a')).toBe(1);
		expect(await status('10', '-gt', '9')).toBe(0);
		expect(await status('-5', '-lt', '-4')).toBe(0);
		expect(await status('!', 'a', '=', 'b')).toBe(0);
	});

	it('tests files', async () => {
		expect(await status('-f', '/tmp/file')).toBe(0);
		expect(await status('-d', '/tmp')).toBe(0);
		expect(await status('-d', '/tmp/file')).toBe(1);
		expect(await status('-e', '/nope')).toBe(1);
		expect(await status('-s', '/tmp/empty')).toBe(1);
		expect(await status('-s', '/tmp/file')).toBe(0);
		expect(await status('-L', '/tmp/link')).toBe(0);
		expect(await status('-k', '/tmp')).toBe(0);
		expect(await status('-c', '/dev/null')).toBe(0);
		expect((await l.run(['test', '-r', '/tmp/secret'], { user: 'user' })).exitCode).toBe(1);
		expect(await status('-r', '/tmp/secret')).toBe(0);
	});

	it('combines with -a, -o, ! and parentheses', async () => {
		expect(await status('-f', '/tmp/file', '-a', '-d', '/tmp')).toBe(0);
		expect(await status('-f', '/nope', '-o', '-d', '/tmp')).toBe(0);
		expect(await status('(', 'a', '=', 'b', ')', '-o', 'x')).toBe(0);
		expect(await status('!', '(', '-d', '/tmp', ')')).toBe(1);
	});

	it('reports malformed expressions as sh-utils 2.0 did (status 1)', async () => {
		expect(await l.run(['test', 'a', '-gt', '1'])).toEqual(
			ok('', 'test: integer expression expected before -gt\n', 1)
		);
		expect(await l.run(['test', 'a', 'b', 'c'])).toEqual(
			ok('', 'test: b: binary operator expected\n', 1)
		);
		expect(await l.run(['test', '-q', 'x'])).toEqual(
			ok('', 'test: -q: unary operator expected\n', 1)
		);
		expect(await l.run(['test', 'a', 'b', 'c', 'd', 'e'])).toEqual(
			ok('', 'test: too many arguments\n', 1)
		);
	});

	it('as [ needs the closing bracket', async () => {
		expect(await l.run(['[', '-d', '/tmp', ']'])).toEqual(ok(''));
		expect(await l.run(['[', '1', '-eq', '2', ']'])).toEqual(ok('', '', 1));
		expect(await l.run(['[', '-d', '/tmp'])).toEqual(ok('', "[: missing `]'\n", 1));
	});
});
