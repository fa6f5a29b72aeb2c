import { describe, expect, it } from 'vitest';
import { run } from '../test-helpers.ts';

describe('the interpreter', () => {
	it('runs lists, and-or lists and negation with the right statuses', async () => {
		expect(
			await run('true && echo a || echo b; false && echo c || echo d; ! true; echo $?')
		).toEqual({ stdout: 'a\nd\n1\n', stderr: '', exitCode: 0 });
		expect(await run('false; false || true')).toEqual({ stdout: '', stderr: '', exitCode: 0 });
		expect(await run('exit 7')).toEqual({ stdout: '', stderr: '', exitCode: 7 });
		expect(await run('false')).toEqual({ stdout: '', stderr: '', exitCode: 1 });
	});

	it('runs if, while, until, for and case', async () => {
		const script = [
			'if false; then echo no; elif true; then echo elif; else echo else; fi',
			'i=0; while [ $i -lt 3 ]; do i=$((i+1)); done; echo while $i',
			'until [ $i -eq 0 ]; do i=$((i-1)); done; echo until $i',
			'for x in a b; do echo for $x; done',
			'for ((j=0; j<2; j++)); do echo arith $j; done',
			'case hello in h*o) echo case;; esac'
		].join('\n');
		expect((await run(script)).stdout).toBe(
			'elif\nwhile 3\nuntil 0\nfor a\nfor b\narith 0\narith 1\ncase\n'
		);
	});

	it('breaks and continues nested loops by count', async () => {
		const r = await run(
			'for i in 1 2 3; do for j in a b c; do [ $j = b ] && continue 2; [ $i = 3 ] && break 2; echo $i$j; done; done; echo end'
		);
		expect(r.stdout).toBe('1a\n2a\nend\n');
		expect(await run('break; echo after')).toEqual({
			stdout: 'after\n',
			stderr: "sh: break: only meaningful in a `for', `while', or `until' loop\n",
			exitCode: 0
		});
	});

	it('calls functions with their own positional parameters, locals and return status', async () => {
		const r = await run(
			'x=global; f() { local x=local; echo "$1-$#-$x"; return 4; }; set -- outer; f a b; echo $? $1 $x'
		);
		expect(r.stdout).toBe('a-2-local\n4 outer global\n');
		expect(await run('return 1')).toEqual({
			stdout: '',
			stderr: "sh: return: can only `return' from a function or sourced script\n",
			exitCode: 1
		});
		expect((await run('local x')).stderr).toBe('sh: local: can only be used in a function\n');
	});

	it('stops runaway recursion with a message instead of a crash', async () => {
		const r = await run('f() { f; }; f; echo survived');
		expect(r.stderr).toBe('sh: f: maximum function nesting level exceeded (1000)\n');
		expect(r.stdout).toBe('survived\n');
	});

	it('runs every stage of a pipeline in its own process, the status being the last one', async () => {
		expect(await run('echo one two | tr a-z A-Z | cat')).toEqual({
			stdout: 'ONE TWO\n',
			stderr: '',
			exitCode: 0
		});
		expect((await run('true | false')).exitCode).toBe(1);
		expect((await run('false | true')).exitCode).toBe(0);
		expect((await run('x=1; echo | x=2; echo $x')).stdout).toBe('1\n');
		expect((await run('echo hi | while read l; do echo got $l; done')).stdout).toBe('got hi\n');
	});

	it('runs subshells and groups, a subshell keeping its changes to itself', async () => {
		expect((await run('x=1; (x=2; cd /tmp; echo $x $PWD); echo $x $PWD')).stdout).toBe(
			'2 /tmp\n1 /root\n'
		);
		expect((await run('x=1; { x=2; echo in; }; echo $x')).stdout).toBe('in\n2\n');
		expect((await run('(exit 3); echo $?')).stdout).toBe('3\n');
	});

	it('redirects output, appends, reads, duplicates and closes descriptors', async () => {
		const r = await run(
			'echo one > /tmp/f; echo two >> /tmp/f; cat < /tmp/f; echo err 1>&2 2>/dev/null; ls /nonexistent 2>&1 | cat; echo x >&-'
		);
		expect(r.stdout).toBe('one\ntwo\nls: /nonexistent: No such file or directory\n');
		expect(r.stderr).toBe('err\nsh: echo: write error: Bad file descriptor\n');
		expect((await run('{ echo out; echo err >&2; } > /tmp/both 2>&1; cat /tmp/both')).stdout).toBe(
			'out\nerr\n'
		);
		expect((await run('exec 3>/tmp/three; echo via3 >&3; exec 3>&-; cat /tmp/three')).stdout).toBe(
			'via3\n'
		);
		expect(
			(await run('echo a > /tmp/o; set -C; echo b > /tmp/o; echo c >| /tmp/o; cat /tmp/o')).stderr
		).toBe('sh: /tmp/o: cannot overwrite existing file\n');
	});

	it("keeps a builtin's redirection to that builtin only", async () => {
		expect((await run('echo a > /tmp/r; echo b; cat /tmp/r')).stdout).toBe('b\na\n');
	});

	it('reports redirection errors and does not run the command', async () => {
		expect(await run('echo hi > /nonexistent/f; echo $?')).toEqual({
			stdout: '1\n',
			stderr: 'sh: /nonexistent/f: No such file or directory\n',
			exitCode: 0
		});
		expect(await run('x="a b"; echo > $x')).toEqual({
			stdout: '',
			stderr: 'sh: $x: ambiguous redirect\n',
			exitCode: 1
		});
		expect((await run('cat < /etc/shadow', { user: 'user' })).stderr).toBe(
			'sh: /etc/shadow: Permission denied\n'
		);
	});

	it('feeds here-documents, small and larger than a pipe', async () => {
		expect((await run('x=world; cat <<EOF\nhello $x\n$(echo sub) \\$x\nEOF')).stdout).toBe(
			'hello world\nsub $x\n'
		);
		expect((await run("cat <<'EOF'\n$x `y`\nEOF")).stdout).toBe('$x `y`\n');
		expect((await run('cat <<-EOF\n\tindented\n\tEOF')).stdout).toBe('indented\n');
		const big = 'x'.repeat(99);
		const r = await run(
			`i=0; { while [ $i -lt 60 ]; do echo ${big}; i=$((i+1)); done; } > /tmp/b; cat <<EOF | wc -c\n$(cat /tmp/b)\nEOF`
		);
		expect(r.stdout.trim()).toBe('6000');
	});

	it('names the errors of running programs as bash does', async () => {
		expect(await run('nosuch')).toEqual({
			stdout: '',
			stderr: 'sh: nosuch: command not found\n',
			exitCode: 127
		});
		expect(await run('/tmp')).toEqual({
			stdout: '',
			stderr: 'sh: /tmp: is a directory\n',
			exitCode: 126
		});
		expect(await run('./nothere')).toEqual({
			stdout: '',
			stderr: 'sh: ./nothere: No such file or directory\n',
			exitCode: 127
		});
		expect(await run('echo x > /tmp/nx; /tmp/nx')).toEqual({
			stdout: '',
			stderr: 'sh: /tmp/nx: Permission denied\n',
			exitCode: 126
		});
		expect(await run("printf '#!/bin/nothing\\n' > /tmp/bi; chmod +x /tmp/bi; /tmp/bi")).toEqual({
			stdout: '',
			stderr: 'sh: /tmp/bi: /bin/nothing: bad interpreter: No such file or directory\n',
			exitCode: 126
		});
	});

	it('runs scripts: with #!, and without one in a child shell, with $0 and arguments', async () => {
		const r = await run(
			"printf 'echo $0 $# $1\\nexit 5\\n' > /tmp/s; chmod +x /tmp/s; /tmp/s a b; echo status $?; sh /tmp/s c"
		);
		expect(r.stdout).toBe('/tmp/s 2 a\nstatus 5\n/tmp/s 1 c\n');
		const e = await run("printf 'echo one\\nnosuch\\necho three\\n' > /tmp/e; sh /tmp/e");
		expect(e).toEqual({
			stdout: 'one\nthree\n',
			stderr: '/tmp/e: line 2: nosuch: command not found\n',
			exitCode: 0
		});
	});

	it('stops a script at a syntax error, after running what came before', async () => {
		const r = await run("printf 'echo before\\nif then\\necho after\\n' > /tmp/x; sh /tmp/x");
		expect(r).toEqual({
			stdout: 'before\n',
			stderr:
				"/tmp/x: line 2: syntax error near unexpected token `then'\n/tmp/x: line 2: `if then'\n",
			exitCode: 2
		});
		expect(await run('echo a; )')).toEqual({
			stdout: '',
			stderr:
				"sh: -c: line 1: syntax error near unexpected token `)'\nsh: -c: line 1: `echo a; )'\n",
			exitCode: 2
		});
	});

	it('evaluates eval, . and source in the current shell', async () => {
		expect((await run('cmd="x=5; echo set"; eval $cmd; echo $x')).stdout).toBe('set\n5\n');
		const r = await run(
			"printf 'y=from_file\\nreturn 3\\necho not\\n' > /tmp/inc; . /tmp/inc; echo $? $y; source /tmp/inc arg; echo $y"
		);
		expect(r.stdout).toBe('3 from_file\nfrom_file\n');
		expect(await run('. /bin/ls')).toEqual({
			stdout: '',
			stderr: 'sh: .: /bin/ls: cannot execute binary file\n',
			exitCode: 126
		});
	});

	it('replaces the shell with exec, and keeps exec redirections', async () => {
		expect((await run('exec echo replaced; echo never')).stdout).toBe('replaced\n');
		expect(await run('exec nosuch; echo never')).toEqual({
			stdout: '',
			stderr: 'sh: exec: nosuch: not found\n',
			exitCode: 127
		});
	});

	it('exits on the first failure with set -e, but not in conditions', async () => {
		expect(
			await run(
				'set -e; if false; then :; fi; false && true; ! true; echo reached; false; echo not'
			)
		).toEqual({ stdout: 'reached\n', stderr: '', exitCode: 1 });
		expect((await run('set -e; (false); echo not')).exitCode).toBe(1);
	});

	it('traces commands with set -x and refuses unset variables with set -u', async () => {
		expect(await run("set -x; x='a b'; echo $x \"$x\" ''")).toEqual({
			stdout: 'a b a b \n',
			stderr: "+ x='a b'\n+ echo a b 'a b' ''\n",
			exitCode: 0
		});
		expect(await run('set -u; echo $nope; echo not')).toEqual({
			stdout: '',
			stderr: 'sh: nope: unbound variable\n',
			exitCode: 1
		});
	});

	it('runs traps on signals and at exit', async () => {
		expect((await run("trap 'echo bye' EXIT; echo hi")).stdout).toBe('hi\nbye\n');
		expect((await run("trap 'echo got TERM' TERM; kill -TERM $$; echo after")).stdout).toBe(
			'got TERM\nafter\n'
		);
		expect(
			(await run("trap '' INT; kill -INT $$; echo ignored; trap; trap - INT; trap")).stdout
		).toBe("ignored\ntrap -- '' SIGINT\n");
		expect((await run("(trap 'echo sub' EXIT; echo in); echo out")).stdout).toBe('in\nsub\nout\n');
		expect(
			(await run("trap 'echo once' EXIT; echo a | cat; (echo b); x=$(echo c); echo $x")).stdout
		).toBe('a\nb\nc\nonce\n');
	});

	it('runs background jobs with $! and waits for them', async () => {
		expect((await run('(exit 3) & wait $!; echo $?; echo bg & wait; echo done')).stdout).toBe(
			'3\nbg\ndone\n'
		);
		expect(await run('wait 12345')).toEqual({
			stdout: '',
			stderr: 'sh: wait: pid 12345 is not a child of this shell\n',
			exitCode: 127
		});
	});

	it("times a pipeline with the time keyword, in bash's format", async () => {
		expect(await run('time sleep 2')).toEqual({
			stdout: '',
			stderr: '\nreal\t0m2.000s\nuser\t0m0.000s\nsys\t0m0.000s\n',
			exitCode: 0
		});
		expect(await run('time -p false | true; echo $?')).toEqual({
			stdout: '0\n',
			stderr: 'real 0.00\nuser 0.00\nsys 0.00\n',
			exitCode: 0
		});
	});

	it('yields while looping, so a long loop finishes and other processes run', async () => {
		const r = await run('i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; echo $i');
		expect(r.stdout).toBe('20000\n');
	});
});
