import { describe, expect, it } from 'vitest';
import { run } from '../test-helpers.ts';

/** Runs `sh -c` and expects it to succeed with `stdout` and nothing on stderr. */
async function out(command: string): Promise<string> {
	const r = await run(command);
	expect(r.stderr).toBe('');
	return r.stdout;
}

describe('word expansion', () => {
	it('expands parameters with defaults, alternatives and assignments', async () => {
		expect(
			await out(
				'x=set; e=; echo ${x:-d} ${u:-d} ${e:-d} ${e-d}. ${u+alt}${x+alt} ${x:+alt}${e:+alt}'
			)
		).toBe('set d d . alt alt\n');
		expect(await out('echo ${n:=new}; echo $n')).toBe('new\nnew\n');
	});

	it('fails ${x:?} with the message and ends a non-interactive shell', async () => {
		expect(await run('echo ${nope:?is required}; echo after')).toEqual({
			stdout: '',
			stderr: 'sh: nope: is required\n',
			exitCode: 1
		});
		expect(await run('echo ${nope:?}')).toEqual({
			stdout: '',
			stderr: 'sh: nope: parameter null or not set\n',
			exitCode: 1
		});
	});

	it('removes prefixes and suffixes by pattern and measures lengths', async () => {
		const setup = 'p=/usr/local/lib/libc.so.6; ';
		expect(await out(setup + 'echo ${p#*/} ${p##*/} ${p%.*} ${p%%.*} ${#p}')).toBe(
			'usr/local/lib/libc.so.6 libc.so.6 /usr/local/lib/libc.so /usr/local/lib/libc 24\n'
		);
		expect(await out(setup + 'echo ${p/lib/LIB} ${p//lib/LIB} ${p:5:5} ${p:11}')).toBe(
			'/usr/local/LIB/libc.so.6 /usr/local/LIB/LIBc.so.6 local lib/libc.so.6\n'
		);
		expect(await out('x=abc; q="*"; echo ${x#"a"} [${x##$q}] [${x##"$q"}]')).toBe('bc [] [abc]\n');
	});

	it('gives the special parameters', async () => {
		const r = await out(
			'set -- a "b c"; echo $# $1 "$2" ${10-none}; false; echo $?; echo $0; f() { echo $#; }; f 1 2 3'
		);
		expect(r).toBe('2 a b c none\n1\nsh\n3\n');
		expect(await out('echo $$ | grep -c "^[0-9][0-9]*$"; true & echo $! | grep -c "^[0-9]"')).toBe(
			'1\n1\n'
		);
		expect(await out('echo $-')).toBe('hB\n');
		expect(await out('mkdir -p /tmp/d1 && cd $_ && pwd; echo a b; echo $_')).toBe(
			'/tmp/d1\na b\nb\n'
		);
	});

	it('slices the positional parameters with ${@:offset:length}', async () => {
		expect(
			await out('set -- a b c; echo ${@:2}; echo ${*:1:2}; echo "${@:0:1}"; echo ${@: -1}')
		).toBe('b c\na b\nsh\nc\n');
	});

	it('splits unquoted expansions on IFS and keeps quoted ones whole', async () => {
		expect(await out('x="  a  b  "; for w in $x; do echo "[$w]"; done; echo "[$x]"')).toBe(
			'[a]\n[b]\n[  a  b  ]\n'
		);
		expect(await out('IFS=:; x=a::b:; for w in $x; do echo "[$w]"; done')).toBe('[a]\n[]\n[b]\n');
		expect(await out('e=; for w in $e "" "$e"; do echo "[$w]"; done')).toBe('[]\n[]\n');
		expect(await out('IFS=; x="a b"; for w in $x; do echo "[$w]"; done')).toBe('[a b]\n');
	});

	it('expands "$@" to one word per parameter and "$*" to one word', async () => {
		expect(
			await out(
				'set -- "a b" c; for w in "$@"; do echo "[$w]"; done; for w in "$*"; do echo "[$w]"; done'
			)
		).toBe('[a b]\n[c]\n[a b c]\n');
		expect(await out('set --; for w in "$@"; do echo x; done; echo "[$@]"')).toBe('[]\n');
		expect(await out('set -- a b; IFS=-; echo "$*"; echo "x$@y"')).toBe('a-b\nxa by\n');
	});

	it('runs command substitutions in a child and trims the trailing newlines', async () => {
		expect(await out('x=$(echo one; echo two; echo); echo "[$x]"')).toBe('[one\ntwo]\n');
		expect(await out('echo `echo a \\`echo b\\``')).toBe('a b\n');
		expect(await out('x=$(exit 3); echo $?')).toBe('3\n');
		expect(await out('x=1; y=$(x=2; echo $x); echo $x $y')).toBe('1 2\n');
		expect(await out('echo "$(echo "nested quotes")"')).toBe('nested quotes\n');
		expect(await out('echo $(case a in a) echo matched;; esac)')).toBe('matched\n');
	});

	it('reads a file with $(< file)', async () => {
		expect(await out('echo hi > /tmp/f; echo "[$(< /tmp/f)]"')).toBe('[hi]\n');
	});

	it('does 32-bit arithmetic as bash 2.05 on i386', async () => {
		expect(
			await out(
				'echo $((1+2*3)) $(( (1+2)*3 )) $((7/2)) $((-7%3)) $((2**10)) $((1<<4)) $((5>3 && 2>1)) $((0x10 + 010)) $((2#101))'
			)
		).toBe('7 9 3 -1 1024 16 1 24 5\n');
		expect(await out('echo $((2147483647 + 1)) $((x = 5, x * 2)) $((y += 3)) $y')).toBe(
			'-2147483648 10 3 3\n'
		);
		expect(await out('i=5; echo $((i++)) $i $((--i)) $((i ? 10 : 20)) $((!i)) $((~0))')).toBe(
			'5 6 5 10 0 -1\n'
		);
		expect(await out('v="1+2"; echo $((v * 3)) $((undefined + 1))')).toBe('9 1\n');
	});

	it('reports arithmetic errors as bash does', async () => {
		expect(await run('echo $((1/0)); echo next')).toEqual({
			stdout: '',
			stderr: 'sh: 1/0: division by 0 (error token is "0")\n',
			exitCode: 1
		});
		expect((await run('echo $((1 +))')).stderr).toBe(
			'sh: 1 +: syntax error: operand expected (error token is "+")\n'
		);
	});

	it('expands braces before anything else', async () => {
		expect(await out('echo a{b,c}d {x,y}{1,2} {single} "{q,r}" pre{,fix}')).toBe(
			'abd acd x1 x2 y1 y2 {single} {q,r} pre prefix\n'
		);
	});

	it('expands tildes at the start of words and after = and : in assignments', async () => {
		expect(await out('echo ~ ~/x ~root ~user/y "~" a~b')).toBe(
			'/root /root/x /root /home/user/y ~ a~b\n'
		);
		expect(await out('P=~/bin:~user; echo $P')).toBe('/root/bin:/home/user\n');
		expect(await out('echo ~nosuchuser')).toBe('~nosuchuser\n');
	});

	it('globs with *, ? and brackets, sorted, hidden files only when asked', async () => {
		const setup = 'mkdir /tmp/g && cd /tmp/g && touch b a c .h ab && mkdir d && touch d/x; ';
		expect(await out(setup + 'echo * ; echo ? ; echo [ab]* ; echo .* ; echo */x ; echo z*')).toBe(
			'a ab b c d\na b c d\na ab b\n. .. .h\nd/x\nz*\n'
		);
		expect(await out(setup + 'echo "*" \\* \'?\' [; set -f; echo *')).toBe('* * ? [\n*\n');
		expect(await out(setup + 'x="a*"; echo $x "$x"')).toBe('a ab a*\n');
		expect(await out('echo /e?c/pass*')).toBe('/etc/passwd\n');
	});

	it('matches case patterns, quoted parts literally', async () => {
		const sw =
			'for w in abc a.c "a*c" X; do case $w in "a*c") echo "$w: quoted";; a?c) echo "$w: any";; [A-Z]) echo "$w: upper";; esac; done';
		expect(await out(sw)).toBe('abc: any\na.c: any\na*c: quoted\nX: upper\n');
	});
});
