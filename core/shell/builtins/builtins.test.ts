import { describe, expect, it } from 'vitest';
import { run } from '../../test-helpers.ts';

describe('directory builtins', () => {
	it('cd follows the logical path, keeps OLDPWD, prints with cd - and uses CDPATH', async () => {
		const r = await run(
			'ln -s /usr/bin /tmp/ub; cd /tmp/ub; pwd; pwd -P; cd ..; pwd; cd -; echo $OLDPWD; CDPATH=/usr; cd bin; cd; pwd'
		);
		expect(r).toEqual({
			stdout: '/tmp/ub\n/usr/bin\n/tmp\n/tmp/ub\n/tmp\n/usr/bin\n/root\n',
			stderr: '',
			exitCode: 0
		});
	});

	it('cd reports what went wrong', async () => {
		const r = await run('cd /etc/passwd; cd /nope; unset OLDPWD; cd -; HOME=; unset HOME; cd');
		expect(r.stderr).toBe(
			'sh: cd: /etc/passwd: Not a directory\nsh: cd: /nope: No such file or directory\nsh: cd: OLDPWD not set\nsh: cd: HOME not set\n'
		);
		expect((await run('cd /root', { user: 'user' })).stderr).toBe(
			'sh: cd: /root: Permission denied\n'
		);
	});

	it('pushd, popd and dirs keep a stack of directories, $HOME shown as ~', async () => {
		const r = await run('pushd /tmp; pushd /etc; dirs -v; popd; popd; popd');
		expect(r).toEqual({
			stdout: '/tmp ~\n/etc /tmp ~\n 0  /etc\n 1  /tmp\n 2  ~\n/tmp ~\n~\n',
			stderr: 'sh: popd: directory stack empty\n',
			exitCode: 1
		});
	});

	it('umask prints, sets octal and symbolic masks', async () => {
		const r = await run(
			'umask; umask -S; umask 077; umask; umask g+rx,o=r; umask; touch /tmp/m; ls -l /tmp/m | cut -c1-10'
		);
		expect(r.stdout).toBe('0022\nu=rwx,g=rx,o=rx\n0077\n0023\n-rw-r--r--\n');
	});

	it('ulimit shows the limits and sets them through setrlimit', async () => {
		const r = await run('ulimit -u 100; ulimit -u; ulimit -Hu; ulimit -c; ulimit -n');
		expect(r.stdout).toBe('100\n100\n0\n1024\n');
		const a = await run('ulimit -a');
		expect(a.stdout.split('\n')[0]).toBe('core file size (blocks)     0');
		expect((await run('ulimit -H -n 2048', { user: 'user' })).stderr).toBe(
			'sh: ulimit: open files: cannot modify limit: Operation not permitted\n'
		);
	});
});

describe('variable builtins', () => {
	it('export lists as declare -x, and only exported variables reach programs', async () => {
		const r = await run(
			'A=1; export B=2; C=3 sh -c \'echo "$A|$B|$C"\'; export -p | grep "B="; export -n B; sh -c \'echo "[$B]"\''
		);
		expect(r.stdout).toBe('|2|3\ndeclare -x B="2"\n[]\n');
	});

	it('readonly, unset and declare manage attributes', async () => {
		const r = await run(
			'readonly R=1; unset R; echo $R; declare -i n=2+3; echo $n; declare -x X=1; declare -p X; f() { :; }; unset -f f; type f'
		);
		expect(r.stdout).toBe('1\n5\ndeclare -x X="1"\n');
		expect(r.stderr).toBe(
			'sh: unset: R: cannot unset: readonly variable\nsh: type: f: not found\n'
		);
	});

	it('set sets options and positional parameters, and lists options', async () => {
		const r = await run(
			'set -- a b c; shift; echo $# $1; shift 5; echo $?; set -o noglob; set -o | grep -E "^(noglob|xtrace)"; set +o | grep noglob; echo $-'
		);
		expect(r.stdout).toBe(
			'2 b\n1\nnoglob         \ton\nxtrace         \toff\nset -o noglob\nfhB\n'
		);
	});

	it('let and getopts', async () => {
		const r = await run(
			'let x=2*3 y=x+1; echo $x $y; let 0; echo $?; set -- -a -b val -cd rest; while getopts ab:cd o; do echo "$o ${OPTARG-}"; done; echo $OPTIND'
		);
		expect(r.stdout).toBe('6 7\n1\na \nb val\nc \nd \n5\n');
		expect((await run('getopts a o -z')).stderr).toBe('sh: illegal option -- z\n');
	});
});

describe('command lookup builtins', () => {
	it('type tells aliases, keywords, functions, builtins and files apart', async () => {
		const r = await run(
			'f() { echo hi; }; type f; type -t cd while ls; type -p ls; ls >/dev/null; type ls; type -a echo'
		);
		expect(r.stdout).toBe(
			'f is a function\nf () \n{ \n    echo hi\n}\nbuiltin\nkeyword\nfile\n/bin/ls\nls is hashed (/bin/ls)\necho is a shell builtin\necho is /bin/echo\n'
		);
	});

	it('command skips functions, -v finds names, builtin runs builtins only', async () => {
		const r = await run(
			'echo() { printf "fn\\n"; }; echo x; command echo y; command -v echo ls nosuch; printf "%s\\n" $?; builtin echo z; builtin nosuch'
		);
		expect(r.stdout).toBe('fn\ny\necho\n/bin/ls\n1\nz\n');
		expect(r.stderr).toBe('sh: builtin: nosuch: not a shell builtin\n');
	});

	it('alias defines and lists (expansion is for interactive shells), unalias removes', async () => {
		const r = await run(
			"alias ll='ls -l' la='ls -a'; alias; alias ll; unalias la; alias la; unalias -a; alias"
		);
		expect(r.stdout).toBe("alias la='ls -a'\nalias ll='ls -l'\nalias ll='ls -l'\n");
		expect(r.stderr).toBe('sh: alias: la: not found\n');
	});

	it('hash remembers where commands were found', async () => {
		const r = await run('hash; ls > /dev/null; cat /dev/null; hash; hash -r; hash');
		expect(r.stdout).toBe('hits\tcommand\n   1\t/bin/ls\n   1\t/bin/cat\n');
		expect(r.stderr).toBe('sh: hash: hash table empty\nsh: hash: hash table empty\n');
	});
});

describe('kill and jobs builtins', () => {
	it('kill -l lists the signals four to a line and converts names and numbers', async () => {
		const r = await run('kill -l | head -2; kill -l 9 TERM 143');
		expect(r.stdout).toBe(
			' 1) SIGHUP\t 2) SIGINT\t 3) SIGQUIT\t 4) SIGILL\n 5) SIGTRAP\t 6) SIGABRT\t 7) SIGBUS\t 8) SIGFPE\nKILL\n15\nTERM\n'
		);
	});

	it('kill sends named signals to pids and jobs and explains failures', async () => {
		const r = await run(
			'sleep 100 & kill -s KILL $!; wait $!; echo $?; sleep 100 & kill -9 %1; wait; kill 99999; kill %7; kill -FOO 1; kill'
		);
		expect(r.stdout).toBe('137\n');
		expect(r.stderr).toBe(
			[
				'sh: kill: (99999) - No such process',
				'sh: kill: %7: no such job',
				'sh: kill: FOO: invalid signal specification',
				'sh: kill: usage: kill [-s sigspec | -n signum | -sigspec] [pid | job]... or kill -l [sigspec]',
				''
			].join('\n')
		);
	});

	it('jobs -l shows each process of a pipeline on its own line', async () => {
		const r = await run('sleep 100 | cat & jobs -l; kill %1');
		const [first, second, rest] = r.stdout.split('\n');
		// Pids right-aligned in five columns, the later stage under the first's command after `| `.
		expect(first).toMatch(/^\[1\]\+ [ 0-9]{5} Running {17}sleep 100$/);
		expect(second).toMatch(/^ {5}[ 0-9]{5} {23}\| cat &$/);
		expect(rest).toBe('');
	});

	it('jobs lists background jobs, and fg and bg need job control', async () => {
		const r = await run('sleep 100 & jobs; fg; kill %1');
		expect(r.stdout).toBe('[1]+  Running                 sleep 100 &\n');
		expect(r.stderr).toBe('sh: fg: no job control\n');
	});
});
