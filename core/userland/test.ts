// /usr/bin/test and /usr/bin/[ (sh-utils 2.0.11): evaluate an expression, exit 0 for true and
// 1 for false (and, in this version, 1 for a malformed expression too).
import { R_OK, isErrno, type Errno, type Stat, type Sys } from '../syscalls/index.ts';
import { Tool } from './lib/tool.ts';
import { evaluateTest, type FileInfo, type TestHost } from './lib/test-expr.ts';

const usage = `EXPRESSION
  or:  [ EXPRESSION ]
Exit with the status determined by EXPRESSION: 0 if true, 1 if false.
See the test(1) manual for the operators.
`;

function info(s: Stat | Errno): FileInfo | null {
	return isErrno(s) ? null : s;
}

/** The file queries of test, answered by this process's own system calls. */
async function host(sys: Sys): Promise<TestHost> {
	return {
		stat: async (p) => (p === '' ? null : info(await sys.stat(p))),
		lstat: async (p) => (p === '' ? null : info(await sys.lstat(p))),
		// test uses the effective ids (eaccess); the model's access(2) uses the real ones, which
		// are the same for everything but setuid programs.
		access: async (p, mode) => p !== '' && !isErrno(await sys.access(p, mode || R_OK)),
		isatty: (fd) => sys.isatty(fd),
		euid: await sys.geteuid(),
		egid: await sys.getegid()
	};
}

async function evaluate(t: Tool, args: string[]): Promise<number> {
	const r = await evaluateTest(args, await host(t.sys));
	if ('error' in r) {
		await t.errRaw(`${t.prog}: ${r.error}`);
		return 1;
	}
	return r.value ? 0 : 1;
}

export async function test(sys: Sys, argv: string[], env: Record<string, string>): Promise<number> {
	const t = new Tool(sys, argv, env);
	if (argv.length === 2 && (argv[1] === '--help' || argv[1] === '--version')) {
		const p = await t.parse({ short: '' }, { usage, version: 'sh-utils 2.0.11' });
		if (typeof p === 'number') return p;
	}
	return evaluate(t, argv.slice(1));
}

/** `[ EXPRESSION ]`: the same, with a closing bracket required. */
export async function bracket(
	sys: Sys,
	argv: string[],
	env: Record<string, string>
): Promise<number> {
	const t = new Tool(sys, argv, env);
	if (argv.length === 2 && (argv[1] === '--help' || argv[1] === '--version')) {
		const p = await t.parse({ short: '' }, { usage, version: 'sh-utils 2.0.11' });
		if (typeof p === 'number') return p;
	}
	if (argv.length < 2) return 1;
	if (argv[argv.length - 1] !== ']') {
		await t.errRaw(`${t.prog}: missing \`]'\n`);
		return 1;
	}
	return evaluate(t, argv.slice(1, -1));
}
