import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { run } from '../test-helpers.ts';

/**
 * Scripts whose output POSIX fixes: the model's shell must print what this machine's bash and
 * dash print for them (standard output and exit status; messages name their shells differently).
 * They touch no file, so running them natively is harmless.
 */
const SCRIPTS: Record<string, string> = {
	arithmetic:
		'i=0; s=0; while [ $i -lt 50 ]; do s=$((s + i * i)); i=$((i + 1)); done; echo $s $((s % 7)) $((-s / 3)) $(( (s > 100) && 1 ))',
	recursion:
		'fib() { if [ $1 -lt 2 ]; then echo $1; else echo $(( $(fib $(($1 - 1))) + $(fib $(($1 - 2))) )); fi; }; fib 10',
	parameters:
		'p=/usr/local/lib/libfoo.so.1; echo ${p#*/} ${p##*/} ${p%.*} ${p%%.*} ${#p} ${u:-def} ${u-unset} ${e=set} $e ${p:+alt}',
	splitting:
		'x="  one  two   three "; for w in $x; do printf "[%s]" "$w"; done; echo; set -- "a b" c; for w in "$@"; do printf "<%s>" "$w"; done; echo; echo "$*"',
	ifs: 'IFS=:; x=a::b:c; for w in $x; do printf "[%s]" "$w"; done; echo; IFS=" "; read a b c <<EOF\n1 2 3 4 5\nEOF\necho "$a|$b|$c"',
	case: 'for w in apple Banana cherry 42 ""; do case $w in [a-c]*) echo "$w: a-c";; [A-Z]*) echo "$w: upper";; *[0-9]) echo "$w: digit";; "") echo empty;; esac; done',
	heredoc:
		"n=3; cat <<EOF\nn is $n, twice $((n * 2))\n$(echo substituted)\n\\$n stays\nEOF\ncat <<'EOF'\n$n is literal\nEOF",
	subshells:
		'x=outer; (x=inner; echo $x); echo $x; echo data | (read v; echo "got $v"); { echo g1; echo g2; } | tr a-z A-Z',
	traps: "trap 'echo at exit' EXIT; (trap 'echo sub exit' EXIT; echo in sub); echo main",
	statuses:
		'false; echo $?; ! false; echo $?; true | false; echo $?; (exit 42); echo $?; f() { return 7; }; f; echo $?',
	andor:
		'true && echo and1 || echo or1; false && echo and2 || echo or2; false || false || echo or3',
	loops:
		'for i in 1 2 3 4 5; do [ $i -eq 2 ] && continue; [ $i -eq 4 ] && break; echo $i; done; n=0; until [ $n -ge 3 ]; do n=$((n + 1)); done; echo $n',
	nested: 'for i in 1 2 3; do for j in a b c; do [ $j = b ] && continue 2; echo $i$j; done; done',
	printf: 'printf "%5s|%-5s|%05d|%x|%o|%c|%%\\n" ab cd 42 255 8 xyz; printf "%s-%s\\n" 1 2 3 4',
	substitution:
		'a=$(echo "$(echo nested) levels"); echo "$a"; b=`echo back`; echo $b; c=$(printf "x\\n\\n\\n"); echo "[$c]"',
	getopts:
		'set -- -a -b arg -c; while getopts ab:c o; do echo "$o ${OPTARG:-}"; done; echo $OPTIND',
	eval: 'cmd="echo evaluated \\$HOME_X"; HOME_X=ok; eval "$cmd"; eval "y=5"; echo $y',
	shift: 'set -- 1 2 3 4 5; shift 2; echo $# $*; shift; echo $1',
	test: 'for e in "-n x" "-z x" "1 -eq 1" "2 -lt 1" "a = a" "a != a" "! -n x"; do if eval "[ $e ]"; then echo "$e: yes"; else echo "$e: no"; fi; done',
	locals: 'x=g; f() { local x=l; echo in $x; }; f; echo out $x',
	errexit: 'set -e; if false; then echo no; fi; false || true; echo survived; false; echo never',
	exitcode: 'echo before; exit 3'
};

function native(shell: string, script: string): { stdout: string; exitCode: number } {
	const r = spawnSync(shell, ['-c', script], {
		encoding: 'latin1',
		cwd: '/tmp',
		env: { PATH: '/usr/bin:/bin', LC_ALL: 'C' }
	});
	return { stdout: r.stdout, exitCode: r.status ?? -1 };
}

describe('the shell beside bash and dash', () => {
	it('finds both shells on this machine', () => {
		expect(native('bash', 'echo ok')).toEqual({ stdout: 'ok\n', exitCode: 0 });
		expect(native('dash', 'echo ok')).toEqual({ stdout: 'ok\n', exitCode: 0 });
	});

	for (const [name, script] of Object.entries(SCRIPTS)) {
		it(`prints what bash and dash print: ${name}`, async () => {
			const ours = await run(script);
			const bash = native('bash', script);
			const dash = native('dash', script);
			expect(bash).toEqual(dash);
			expect({ stdout: ours.stdout, exitCode: ours.exitCode }).toEqual(bash);
		});
	}
});
