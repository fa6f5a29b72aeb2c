import { describe, expect, it } from 'vitest';
import { ok, run1 } from './testing.ts';
import { page } from './man.ts';

describe('man', () => {
	it('builds the page of a program from its --help', async () => {
		const r = await run1(['man', 'uname']);
		const lines = r.stdout.split('\n');
		expect(lines[0]).toBe(
			'UNAME(1)                         User Commands                          UNAME(1)'
		);
		expect(lines.slice(1, 8)).toEqual([
			'',
			'NAME',
			'       uname',
			'',
			'SYNOPSIS',
			'       uname [OPTION]...',
			''
		]);
		expect(lines[8]).toBe('DESCRIPTION');
		expect(lines).toContain(
			'         -a, --all                print all information, in the following order:'
		);
		expect(lines[lines.length - 2]).toBe(
			'vserver-lab                         March 2003                          UNAME(1)'
		);
		expect(r.exitCode).toBe(0);
	});

	it('puts /sbin programs in section 8', async () => {
		expect((await run1(['man', 'ifconfig'])).stdout.split('\n')[0]).toBe(
			"IFCONFIG(8)                 System Manager's Manual                  IFCONFIG(8)"
		);
	});

	it('says when there is no page', async () => {
		expect(await run1(['man', 'nosuch'])).toEqual(ok('', 'No manual entry for nosuch\n', 1));
		expect(await run1(['man'])).toEqual(ok('', 'What manual page do you want?\n', 1));
		expect(await run1(['man', '8', 'uname'])).toEqual(
			ok('', 'No entry for uname in section 8 of the manual\n', 1)
		);
	});

	it('lays out a help text with its usage as the synopsis', () => {
		expect(page('x', '1', 'Usage: x [-a] FILE\n  or:  x -b\nDo things.\n\n  -a  all\n', 40)).toBe(
			'X(1)         User Commands          X(1)\n\nNAME\n       x\n\nSYNOPSIS\n       x [-a] FILE\n       or:  x -b\n\nDESCRIPTION\n       Do things.\n\n         -a  all\n\nvserver-lab       March 2003        X(1)\n'
		);
	});
});
