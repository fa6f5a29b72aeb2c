// Property tests of the shell against this machine's bash (fast-check, fixed seeds; FC_RUNS raises
// the count): random arithmetic and random quoted words must come out as bash makes them.
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boot, run } from '../test-helpers.ts';
import { evaluate } from './arith.ts';
import { Parser } from './parser.ts';

const runs = Number(process.env.FC_RUNS ?? 200);

function bash(script: string): string {
	const r = spawnSync('bash', ['-c', script], {
		encoding: 'latin1',
		cwd: '/tmp',
		env: { PATH: '/usr/bin:/bin', LC_ALL: 'C' }
	});
	if (r.status !== 0) throw new Error(`bash failed: ${r.stderr}`);
	return r.stdout;
}

/**
 * Expressions whose values stay well inside 32 bits, so bash 2.05's `long` on i386 and a modern
 * bash's 64-bit arithmetic agree; divisors are odd, so never zero.
 */
const arith: fc.Arbitrary<string> = fc.letrec((tie) => ({
	e: fc.oneof(
		{ depthSize: 'small', maxDepth: 4 },
		fc.integer({ min: 0, max: 20 }).map(String),
		fc
			.tuple(
				tie('e'),
				fc.constantFrom('+', '-', '<', '>', '<=', '>=', '==', '!=', '&', '|', '^', '&&', '||'),
				tie('e')
			)
			.map(([a, o, b]) => `(${a} ${o} ${b})`),
		fc.tuple(tie('e'), tie('e')).map(([a, b]) => `((${a}) % 1000 * ((${b}) % 1000))`),
		fc
			.tuple(tie('e'), fc.constantFrom('/', '%'), tie('e'))
			.map(([a, o, b]) => `(${a} ${o} ((${b}) | 1))`),
		fc
			.tuple(tie('e'), fc.constantFrom('<<', '>>'), fc.integer({ min: 0, max: 4 }))
			.map(([a, o, n]) => `((${a}) % 1000 ${o} ${n})`),
		fc.tuple(fc.constantFrom('-', '!', '~'), tie('e')).map(([o, a]) => `${o}(${a})`),
		fc.tuple(tie('e'), tie('e'), tie('e')).map(([c, a, b]) => `(${c} ? ${a} : ${b})`)
	)
})).e as fc.Arbitrary<string>;

const segment: fc.Arbitrary<string> = fc.oneof(
	fc.stringMatching(/^[a-z0-9_./-]{1,3}$/),
	fc.stringMatching(/^[a-z $"*?;|&<>()\\-]{0,4}$/).map((s) => `'${s}'`),
	fc
		.array(
			fc.oneof(
				fc.stringMatching(/^[a-z '*?;|&<>()-]{1,3}$/),
				fc.constantFrom('$v', '${w}', '$g', '${v:-d}', '${w:-d}', '$1')
			),
			{
				maxLength: 3
			}
		)
		.map((parts) => `"${parts.join('')}"`),
	fc
		.constantFrom(
			' ',
			'"',
			"'",
			'$',
			'*',
			'?',
			'[',
			';',
			'|',
			'&',
			'<',
			'>',
			'(',
			')',
			'\\',
			'{',
			'}'
		)
		.map((c) => `\\${c}`),
	fc.constantFrom('$v', '$w', '$g', '${v}x', '$@', '"$@"', '$*', '"$*"')
);

/** A command line of words made of such segments (adjacent segments make one word). */
const words: fc.Arbitrary<string> = fc
	.array(
		fc.array(segment, { minLength: 1, maxLength: 3 }).map((s) => s.join('')),
		{ minLength: 1, maxLength: 4 }
	)
	.map((ws) => ws.join(' '));

describe('the parser on any input', () => {
	it('returns a command, asks for more, or reports an error, and never throws', () => {
		const text = fc.stringMatching(/^[a-z0-9 ;|&<>()${}'"`\\*?[\]#!~=:%+\n-]{0,40}$/);
		fc.assert(
			fc.property(text, (src) => {
				for (const final of [true, false]) {
					const r = new Parser(src, { final }).parseNext(0);
					expect(['command', 'eof', 'incomplete', 'error']).toContain(r.kind);
					if (final) expect(r.kind).not.toBe('incomplete');
				}
			}),
			{ numRuns: runs * 5, seed: 3 }
		);
	});
});

/** Tokens of the shell language, shuffled into mostly broken but sometimes meaningful commands. */
const token = fc.constantFrom(
	'echo',
	'x=1',
	'$x',
	'"$x"',
	'|',
	';',
	'&&',
	'||',
	'(',
	')',
	'{',
	'}',
	'if',
	'then',
	'else',
	'fi',
	'for i in 1 2',
	'do',
	'done',
	'while false',
	'case $x in',
	'1)',
	';;',
	'esac',
	'$(',
	'`',
	'"',
	"'",
	'>',
	'>>',
	'/tmp/f',
	'<',
	'2>&1',
	'>&-',
	'&',
	'true',
	'false',
	'cat',
	'read y',
	'f()',
	'f',
	'exit 3',
	'return',
	'break',
	'continue',
	'set -e',
	'set -u',
	"trap 'echo t' EXIT",
	'${x:-d}',
	'${y:?}',
	'$((1+2))',
	'$((1/0))',
	'~',
	'*',
	'wait',
	'jobs',
	'kill %1',
	'local z',
	'shift',
	'eval',
	'exec',
	'cd /tmp',
	'export x',
	'unset x',
	'\n',
	'<<EOF\nbody $x\nEOF\n'
);

describe('the interpreter on any command', () => {
	it('runs random token soup without an internal fault', async () => {
		const scripts = fc.sample(
			fc.array(token, { minLength: 1, maxLength: 8 }).map((t) => t.join(' ').replace(/\\n/g, '\n')),
			{ numRuns: Math.max(20, runs / 4), seed: 5 }
		);
		const m = await boot();
		try {
			for (const command of scripts) {
				const r = await m.run({ command });
				expect([command, r.exitCode >= 0 && r.exitCode < 256]).toEqual([command, true]);
				expect([command, m.faults]).toEqual([command, []]);
			}
		} finally {
			m.dispose();
		}
	});
});

/** Keys a learner may press: text, editing keys, arrows, Tab, ^C, ^R, Enter (^D would log out). */
const key = fc.oneof(
	fc.stringMatching(/^[a-z /.$'"|*]{1,4}$/),
	fc.constantFrom(
		'\x01',
		'\x02',
		'\x05',
		'\x06',
		'\x0b',
		'\x0c',
		'\x0e',
		'\x10',
		'\x12',
		'\x14',
		'\x15',
		'\x17'
	),
	fc.constantFrom(
		'\x19',
		'\x7f',
		'\t',
		'\t\t',
		'\x1b[A',
		'\x1b[B',
		'\x1b[C',
		'\x1b[D',
		'\x1b[3~',
		'\x1b',
		'\x1bb',
		'\r'
	),
	fc.constantFrom('\x03', '\x07', 'ls\r', 'sleep 9\r\x1a', 'echo x\r')
);

describe('the line editor on any keys', () => {
	it('keeps the shell alive and answering whatever is typed', async () => {
		const sessions = fc.sample(fc.array(key, { minLength: 1, maxLength: 12 }), {
			numRuns: Math.max(10, runs / 10),
			seed: 9
		});
		for (const keys of sessions) {
			const m = await boot();
			try {
				const id = await m.openTerminal({ user: 'root', cols: 80, rows: 24 });
				let out = '';
				m.attach(id, (c) => (out += String.fromCharCode(...c)));
				await m.settle(id, 5000);
				for (const k of keys) {
					m.input(id, k);
					await m.settle(id, 5000);
				}
				m.input(id, '\x03echo al""ive\r');
				await m.settle(id, 5000);
				expect([keys, m.faults]).toEqual([keys, []]);
				const typed = JSON.stringify(keys);
				expect([typed, out.includes('\nalive\r\n')]).toEqual([typed, true]);
			} finally {
				m.dispose();
			}
		}
	});
});

describe('the shell beside bash (properties)', () => {
	it('evaluates random arithmetic as bash does', () => {
		const exprs = fc.sample(arith, { numRuns: runs, seed: 7 });
		const native: string[] = [];
		for (let i = 0; i < exprs.length; i += 200) {
			const chunk = exprs.slice(i, i + 200);
			native.push(
				...bash(`printf '%s\\n' ${chunk.map((e) => `$((${e}))`).join(' ')}`)
					.split('\n')
					.slice(0, -1)
			);
		}
		exprs.forEach((e, i) => {
			expect([e, String(evaluate(e, { get: () => undefined, set: () => {} }))]).toEqual([
				e,
				native[i]
			]);
		});
	});

	it('splits and unquotes random words as bash does', async () => {
		const lines = fc.sample(words, { numRuns: runs, seed: 11 });
		const setup = "set -f; set -- 'p  1' '' p3; v='a  b'; w=; g='*'; ";
		for (let at = 0; at < lines.length; at += 200) {
			const chunk = lines.slice(at, at + 200);
			const script = setup + chunk.map((l) => `printf '<%s>' ${l}; echo`).join('; ');
			const ours = (await run(script)).stdout.split('\n');
			const native = bash(script).split('\n');
			chunk.forEach((l, i) => expect([l, ours[i]]).toEqual([l, native[i]]));
		}
	});
});
