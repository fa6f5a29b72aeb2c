import { describe, expect, it } from 'vitest';
import { getopt } from './getopt.ts';

const spec = {
	short: 'ab:c::',
	long: {
		all: { key: 'a' },
		block: { key: 'b', arg: 'required' as const },
		color: { key: 'c', arg: 'optional' as const },
		colour: { key: 'c', arg: 'optional' as const },
		almost: { key: 'A' }
	}
};

describe('getopt', () => {
	it('permutes operands after options and keeps option order', () => {
		expect(getopt('ls', ['x', '-a', 'y', '-b5', '-b', '6', 'z'], spec)).toEqual({
			options: [{ key: 'a' }, { key: 'b', value: '5' }, { key: 'b', value: '6' }],
			operands: ['x', 'y', 'z']
		});
	});

	it('stops at the first operand with a leading +, and after --', () => {
		expect(getopt('env', ['-a', 'cmd', '-a'], { short: '+a' })).toEqual({
			options: [{ key: 'a' }],
			operands: ['cmd', '-a']
		});
		expect(getopt('ls', ['--', '-a'], spec)).toEqual({ options: [], operands: ['-a'] });
		expect(getopt('ls', ['-'], spec)).toEqual({ options: [], operands: ['-'] });
	});

	it('takes unique abbreviations of long options and their arguments', () => {
		expect(
			getopt('ls', ['--bl=3', '--block', '4', '--col', '--color=never', '--alm'], spec)
		).toEqual({
			options: [
				{ key: 'b', value: '3' },
				{ key: 'b', value: '4' },
				{ key: 'c' },
				{ key: 'c', value: 'never' },
				{ key: 'A' }
			],
			operands: []
		});
	});

	it('prints glibc 2.2 diagnostics', () => {
		expect(getopt('ls', ['-z'], spec)).toEqual({ error: 'ls: invalid option -- z\n' });
		expect(getopt('ls', ['-b'], spec)).toEqual({ error: 'ls: option requires an argument -- b\n' });
		expect(getopt('ls', ['--nope'], spec)).toEqual({ error: "ls: unrecognized option `--nope'\n" });
		expect(getopt('ls', ['--alm=1'], spec)).toEqual({
			error: "ls: option `--almost' doesn't allow an argument\n"
		});
		expect(getopt('ls', ['--bl'], spec)).toEqual({
			error: "ls: option `--bl' requires an argument\n"
		});
		expect(getopt('ls', ['--a'], spec)).toEqual({ error: "ls: option `--a' is ambiguous\n" });
	});
});
