import { describe, expect, it, vi } from 'vitest';

/**
 * Each command runs in a fresh module graph, so it is the first arithmetic the shell does and
 * must itself bring the evaluator's chunk (arith-load.ts) before evaluating anything.
 */
async function firstArith(command: string): Promise<{ stdout: string; stderr: string }> {
	vi.resetModules();
	const { run } = await import('../test-helpers.ts');
	const { arithLoaded } = await import('./arith-load.ts');
	const r = await run(command);
	expect(arithLoaded()).toBe(true);
	return { stdout: r.stdout, stderr: r.stderr };
}

describe('shell arithmetic loaded on first use', () => {
	it('boots and logs in without it', async () => {
		vi.resetModules();
		const { run } = await import('../test-helpers.ts');
		const { arithLoaded } = await import('./arith-load.ts');
		expect((await run('echo plain ${x:-default}')).stdout).toBe('plain default\n');
		expect(arithLoaded()).toBe(false);
	});

	const cases: [string, string, string][] = [
		['$((...)) in a command word', 'echo $((6*7))', '42\n'],
		['$((...)) in an assignment', 'x=$((2+3)); echo $x', '5\n'],
		['$((...)) in a redirection target', 'echo hi >/tmp/f$((1+1)); cat /tmp/f2', 'hi\n'],
		['$((...)) in a here-document', 'cat <<EOF\n$((7*3))\nEOF', '21\n'],
		['$((...)) in a case pattern', 'case 3 in $((1+2))) echo three;; esac', 'three\n'],
		['${x:offset:length}', 'x=abcdef; echo ${x:1:3}', 'bcd\n'],
		['${@:offset:length}', 'set -- a b c; echo ${@:2:1}', 'b\n'],
		['((...))', '((3 > 2)) && echo yes', 'yes\n'],
		['for ((...))', 'for ((i = 0; i < 2; i++)); do echo $i; done', '0\n1\n'],
		['let', 'let x=4*5; echo $x', '20\n'],
		['declare -i', 'declare -i n; n=2+3; echo $n', '5\n'],
		['[[ -eq ]]', '[[ 1+1 -eq 2 ]] && echo equal', 'equal\n'],
		['an error as the first use', 'echo $((1+)); echo after', '']
	];
	for (const [what, command, stdout] of cases) {
		it(`brings it for ${what}`, async () => {
			const r = await firstArith(command);
			expect(r.stdout).toBe(stdout);
			if (stdout === '') expect(r.stderr).toContain('syntax error');
			else expect(r.stderr).toBe('');
		});
	}
});
