import { describe, expect, it } from 'vitest';
import { run } from '../../test-helpers.ts';

describe('test and [', () => {
	it('compares strings and integers, and tests files', async () => {
		const checks = [
			'[ a = a ]',
			'[ a != b ]',
			'[ -z "" ]',
			'[ -n x ]',
			'[ x ]',
			'! [ "" ]',
			'[ 10 -gt 9 ]',
			'[ -3 -lt 2 ]',
			'[ " 7 " -eq 7 ]',
			'[ -d /tmp ]',
			'[ -f /etc/passwd ]',
			'[ -e /nothing ] || true',
			'! [ -e /nothing ]',
			'[ -r /etc/passwd -a -w /tmp ]',
			'[ -x /bin/ls ]',
			'[ -k /tmp ]',
			'[ ! -f /tmp ]',
			'[ \\( a = b \\) -o \\( c = c \\) ]',
			'test -s /etc/passwd',
			'[ /etc/passwd -ef /etc/passwd ]'
		];
		const r = await run(checks.map((c, i) => `${c} && echo ${i}`).join('; '));
		expect(r.stdout.split('\n').filter(Boolean).map(Number)).toEqual(checks.map((_, i) => i));
	});

	it('reports malformed expressions with status 2', async () => {
		expect(await run('[ 1 -lt a ]; echo $?')).toEqual({
			stdout: '2\n',
			stderr: 'sh: [: a: integer expression expected\n',
			exitCode: 0
		});
		expect(await run('[ a = b')).toEqual({
			stdout: '',
			stderr: "sh: [: missing `]'\n",
			exitCode: 2
		});
		expect((await run('[ -q x ]')).stderr).toBe('sh: [: -q: unary operator expected\n');
		expect((await run('test a b c')).stderr).toBe('sh: test: b: binary operator expected\n');
		expect((await run('x="a b"; [ $x = a ]')).stderr).toBe('sh: [: too many arguments\n');
	});

	it('matches patterns and compares numbers in [[ ]]', async () => {
		const r = await run(
			'x=hello; [[ $x == h*o && ! $x == "h*o" ]] && echo pat; [[ 2+3 -eq 5 ]] && echo arith; [[ -z $unset ]] && echo empty; [[ a < b ]] && echo lt'
		);
		expect(r.stdout).toBe('pat\narith\nempty\nlt\n');
	});
});

describe('echo and printf', () => {
	it('echo takes -n and -e and prints the rest as it is', async () => {
		expect(
			(
				await run(
					"echo -n a; echo b; echo -e 'x\\ty\\101\\c'; echo; echo -ne 'z\\n'; echo -- -n; echo -x"
				)
			).stdout
		).toBe('ab\nx\tyA\nz\n-- -n\n-x\n');
	});

	it('printf formats and reuses the format for the remaining arguments', async () => {
		const r = await run(
			"printf '%s=%d\\n' a 1 b 2; printf '[%5s][%-5s][%.2s]\\n' ab cd efg; printf '%x %o %X %#x %u\\n' 255 8 255 255 -1; printf '%05.1f %e %g\\n' 3.14159 1234.5 0.0001"
		);
		expect(r.stdout).toBe(
			'a=1\nb=2\n[   ab][cd   ][ef]\nff 10 FF 0xff 4294967295\n003.1 1.234500e+03 0.0001\n'
		);
	});

	it('printf has %b, %q, %c, character codes and escapes', async () => {
		const r = await run(
			"printf '%b|%q|%c|%d\\n' 'a\\tb' 'x y' word \"'A\"; printf 'tab\\there \\\\ \\101\\n'"
		);
		expect(r.stdout).toBe("a\tb|'x y'|w|65\ntab\there \\ A\n");
	});

	it('printf complains about bad numbers and formats', async () => {
		expect(await run("printf '%d\\n' abc")).toEqual({
			stdout: '0\n',
			stderr: 'sh: printf: abc: invalid number\n',
			exitCode: 1
		});
		expect((await run("printf '%y'")).stderr).toBe("sh: printf: `y': invalid format character\n");
		expect((await run('printf')).exitCode).toBe(2);
	});
});

describe('read', () => {
	it('splits a line on IFS, the last name taking the rest', async () => {
		const r = await run(
			'printf \'  one two  three four  \\n\' | { read a b c; echo "[$a][$b][$c]"; }'
		);
		expect(r.stdout).toBe('[one][two][three four]\n');
	});

	it('handles backslashes unless -r, and fills REPLY without names', async () => {
		const r = await run(
			'printf \'a\\\\ b c\\\\\\nd\\n\' | { read x y; echo "[$x][$y]"; }; printf \'a\\\\ b\\n\' | { read -r x y; echo "[$x][$y]"; }; printf \'  keep  \\n\' | { read; echo "[$REPLY]"; }'
		);
		expect(r.stdout).toBe('[a b][cd]\n[a\\][b]\n[  keep  ]\n');
	});

	it('reads only its line from a file, leaving the rest for the next reader', async () => {
		const r = await run(
			'printf \'l1\\nl2\\nl3\\n\' > /tmp/lines; { read a; read b; cat; } < /tmp/lines; while read l; do echo "<$l>"; done < /tmp/lines'
		);
		expect(r.stdout).toBe('l3\n<l1>\n<l2>\n<l3>\n');
	});

	it('returns 1 at end of file and takes -n, -d and IFS', async () => {
		const r = await run(
			"read x < /dev/null; echo $? \"[$x]\"; echo abcdef | { read -n 3 x; echo $x; }; echo a:b:c | { IFS=: read p q; echo $p $q; }; printf 'x;y' | { read -d ';' v; echo $v; }"
		);
		expect(r.stdout).toBe('1 []\nabc\na b:c\nx\n');
	});
});
