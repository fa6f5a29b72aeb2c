// Fuzzing every program of the image and the shell with random and malformed command lines,
// arguments, input bytes and control characters (fast-check, fixed seeds; FC_RUNS raises the
// count). Programs come from the registry, so a new program is fuzzed without a change here.
// The property: nothing ever escapes a program to the kernel (no fault), every run ends with an
// exit status or runs on until its bound, and no JavaScript value leaks into what it prints.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { programs } from '../../core/userland/registry.ts';
import { Harness } from './harness.ts';
import { Session } from './session.ts';

const runs = Number(process.env.FC_RUNS ?? 200);
/** Runs per program: 5 at the default 200, 125 under test:deep. */
const perProgram = Math.max(3, Math.round(runs / 40));

/**
 * Programs a random root must not run: they end the machine's other processes or its file system
 * for every later run (init and telinit change the run level, kill and killall as root may send
 * to -1, rm as root may be given /). They are fuzzed as the ordinary user, like everything else.
 */
const NOT_AS_ROOT = new Set(['init', 'telinit', 'kill', 'killall', 'rm', 'mv', 'chmod', 'chown']);
const NOT_AS_ROOT_SAFE = (name: string) => !NOT_AS_ROOT.has(name);

// prettier-ignore
const options = fc.constantFrom(
	'-', '--', '-a', '-l', '-n', '-c', '-s', '-f', '-r', '-R', '-v', '-x', '-1', '-9', '-e', '-i',
	'-u', '-p', '-o', '-t', '-d', '-h', '-k', '-w', '-q', '-z', '--help', '--version', '--bogus',
	'--color=always', '-nr', '-abc', '-n0', '--ctx', '--secure', '--ip', '--cap', '+i', '-i',
	'--silent', '-S', '-L', '-H', '-P', '-E', '-F', '-=', '--=', '---', '-\x01'
);
// prettier-ignore
const paths = fc.constantFrom(
	'/', '/etc/passwd', '/etc', '/tmp', '/tmp/fz', '/tmp/fz/a', '/tmp/fz/none', '/nonexistent',
	'/dev/null', '/proc/self/status', '/proc/1', '/home/user', '.', '..', '/bin/ls', '/root',
	'/etc/shadow', '/dev/pts/0', '/proc/net/tcp', 'a', 'a/b/c', '/tmp/fz/'
);
// prettier-ignore
const weird = fc.constantFrom(
	'', ' ', '%', '%s%s%n', '%99999d', '%.*d', '%c', '\\', '\\c', '[', ']', '[[', '*', '?', '{',
	'}', '(', ')', '^', '$', '.*', 'a\\{1', '\\(', 'a\\{99999\\}', '0', '-0',
	'99999999999999999999', '-9223372036854775809', '0x7fffffff', '1e308', '+', '=', ':', ',',
	'1.2.3.4', '255.255.255.256', '0.0.0.0/0', '127.0.0.1', '192.168.1.1/33', 'root', 'user',
	'nobody', 'KILL', 'HUP', 'SIG', 's/a/b/', 's/(/x/', 's/x/\\9/', 'y/abc/de/', '/^$/d',
	'{print $1}', '$0=$0', 'BEGIN{printf "%d\\n", 1/0}', 'x-y', 'z-a', '[:alpha:]', '[=a=]', 'a,b',
	'1,$p', '2~0p', '-1', '3', '65536', '4294967296', 'eth0', 'lo', 'ctx', '\x1b[2J', '\x00',
	'\xff\xfe', 'é'
);
const bytes = fc.uint8Array({ maxLength: 12 }).map((a) => String.fromCharCode(...a));
const arg = fc.oneof(
	{ weight: 3, arbitrary: options },
	{ weight: 3, arbitrary: paths },
	{ weight: 3, arbitrary: weird },
	{ weight: 1, arbitrary: fc.integer({ min: -70000, max: 70000 }).map(String) },
	{ weight: 1, arbitrary: bytes },
	{ weight: 1, arbitrary: fc.tuple(options, weird).map(([o, w]) => o + w) }
);
const stdin = fc.oneof(
	fc.constant(''),
	fc
		.array(fc.oneof(weird, paths, fc.stringMatching(/^[a-z0-9 :]{0,12}$/)), { maxLength: 6 })
		.map((l) => l.join('\n') + '\n'),
	fc.uint8Array({ maxLength: 200 }).map((a) => String.fromCharCode(...a))
);

/** Text that only a JavaScript value printed by mistake would put in the output. */
const LEAKS = /\bundefined\b|\bNaN\b|\[object |TypeError|RangeError|ReferenceError|\bat async\b/;

let h: Harness;

beforeAll(async () => {
	h = await Harness.boot();
	h.kernel.mkdirp('/tmp/fz', 0o777, 0, 0);
	h.kernel.writeFile('/tmp/fz/a', 'one\ntwo\n\tthree 3\n', 0o666, 0, 0);
});

afterAll(() => h.dispose());

async function check(
	name: string,
	path: string,
	argv: string[],
	input: string,
	user: 'root' | 'user'
) {
	const r = await h.run(path, argv, { stdin: input, user, limitMs: 500, cwd: '/tmp/fz' });
	const what = `${user}$ ${JSON.stringify(argv)} <<< ${JSON.stringify(input.slice(0, 80))}`;
	expect(r.faults, what).toEqual([]);
	if (r.exitCode !== null) {
		expect(r.exitCode, what).toBeGreaterThanOrEqual(0);
		expect(r.exitCode, what).toBeLessThanOrEqual(255);
	}
	const given = argv.join(' ') + input;
	const leak = LEAKS.exec(r.stdout + r.stderr);
	if (leak && !given.includes(leak[0])) {
		throw new Error(`${what}: printed ${JSON.stringify(leak[0])}:\n${r.stdout}${r.stderr}`);
	}
	// Keep the playground in place for the next run.
	h.kernel.mkdirp('/tmp/fz', 0o777, 0, 0);
	if (!h.kernel.lookup('/tmp/fz/a')) h.kernel.writeFile('/tmp/fz/a', 'one\n', 0o666, 0, 0);
	void name;
}

describe('every program survives random arguments and input', () => {
	programs.forEach((p, i) => {
		it(`${p.name}`, async () => {
			const user = NOT_AS_ROOT_SAFE(p.name)
				? fc.constantFrom<'root' | 'user'>('user', 'root')
				: fc.constant<'root' | 'user'>('user');
			await fc.assert(
				fc.asyncProperty(fc.array(arg, { maxLength: 5 }), stdin, user, async (args, input, u) => {
					await check(p.name, p.paths[0]!, [p.name, ...args], input, u);
				}),
				{ seed: 2400 + i, numRuns: perProgram }
			);
		});
	});
});

// prettier-ignore
const shellToken = fc.oneof(
	fc.constantFrom(
		'echo', 'cat', 'true', 'false', 'ls', 'x=1', 'f()', '{', '}', '(', ')', ';', ';;', '&', '&&',
		'|', '||', '|&', '!', '<', '>', '>>', '<<', '<<-', '<>', '>&', '2>&1', '>&-', '<&3', '9>',
		'if', 'then', 'elif', 'else', 'fi', 'for', 'in', 'do', 'done', 'while', 'until', 'case',
		'esac', 'function', 'select', 'time', 'return', 'break', 'continue', 'exit', 'local', '"', "'",
		'`', '$(', '${', '$((', '((', '))', '[[', ']]', '$', '$?', '$#', '$@', '$*', '$!', '${x:-y}',
		'${x#*}', '${x%%a}', '${#x}', '${x/a/b}', '${!x}', '${x:?}', '${=}', '${x:9999}', '$((1/0))',
		'$((2**64))', '$((x++))', '~', '~root', '*', '?', '[a-', '{a,b}', '#', '\\', '\n', '\t', ' ',
		'EOF', 'set -e', 'trap', 'eval', 'exec 3<&-', 'shift 9', 'read x', 'wait', 'jobs', 'fg',
		'bg %9', 'kill -0 $$', 'ulimit -n 1', 'umask 999', 'cd -', 'test -z', '[', ']', '-a'
	),
	fc.stringMatching(/^[a-z0-9_=./-]{1,6}$/),
	bytes
);

describe('the shell survives random command lines', () => {
	it('sh -c with random text', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(shellToken, { maxLength: 14 }), stdin, async (tokens, input) => {
				await check('sh', '/bin/sh', ['sh', '-c', tokens.join(' ')], input, 'user');
			}),
			{ seed: 2424, numRuns: runs }
		);
	});

	it('sh reading a random script on its standard input', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(shellToken, { maxLength: 20 }), async (tokens) => {
				await check('sh', '/bin/sh', ['sh'], tokens.join(' ') + '\n', 'user');
			}),
			{ seed: 2425, numRuns: runs }
		);
	});
});

/** Keys a person might hit: control characters, escape sequences, and a few short commands. */
// prettier-ignore
const key = fc.oneof(
	fc.constantFrom(
		'\x01', '\x02', '\x03', '\x05', '\x06', '\x07', '\x08', '\t', '\x0b', '\x0c', '\r', '\x0e',
		'\x0f', '\x10', '\x11', '\x12', '\x13', '\x14', '\x15', '\x16', '\x17', '\x18', '\x19', '\x1a',
		'\x1b', '\x1c', '\x1d', '\x1e', '\x1f', '\x7f', '\x1b[A', '\x1b[B', '\x1b[C', '\x1b[D',
		'\x1b[H', '\x1b[F', '\x1b[3~', '\x1b[2~', '\x1b[5~', '\x1bOA', '\x1b[1;5C', '\x1bb', '\x1bf',
		'\x1b.', '\x1b[', '\x1b[99999999999X', '\x9b', '\xc3', '\xc3\xa9', '\xe2\x82', '\xff', ' ',
		'"', "'", '`', '\\', '$(', '{', '(', '|', ';', '&', '*', '~', '!', '!!', '!-9', '^a^b',
		'echo ', 'cat', 'sleep 1', 'read x', 'ls /', 'fc', 'x=', 'history', 'jobs', 'fg', 'bg', 'wait',
		'stty -icanon', 'stty sane', 'stty -echo', 'stty raw'
	),
	fc.stringMatching(/^[a-z0-9 ./-]{1,4}$/)
);

describe('the interactive shell survives random keys', () => {
	it('and answers a command after ^C', async () => {
		const t = await Session.open();
		try {
			let n = 0;
			await fc.assert(
				fc.asyncProperty(fc.array(key, { maxLength: 16 }), async (keys) => {
					n++;
					t.machine.input(t.id, keys.join(''));
					await t.machine.settle(t.id, 300);
					// Whatever state the keys left, a person gets back with ^C, and stty sane
					// undoes what the keys did to the terminal's modes.
					await t.type('^C', 300);
					await t.type('stty sane', 300);
					await t.type('^C', 300);
					const out = await t.type(`echo ok-${n}`, 300);
					expect(out, JSON.stringify(keys)).toContain(`\nok-${n}\n`);
					expect(t.faults, JSON.stringify(keys)).toEqual([]);
				}),
				{ seed: 2426, numRuns: Math.max(20, Math.round(runs / 4)) }
			);
		} finally {
			t.dispose();
		}
	});
});
