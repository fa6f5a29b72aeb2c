// /usr/bin/env and /usr/bin/printenv (sh-utils 2.0.11): show the environment, or run a command
// in a changed one.
import type { Sys } from '../syscalls/index.ts';
import { Tool, findProgram } from './lib/tool.ts';

const envUsage = `[OPTION]... [-] [NAME=VALUE]... [COMMAND [ARG]...]
Set each NAME to VALUE in the environment and run COMMAND.

  -i, --ignore-environment   start with an empty environment
  -u, --unset=NAME           remove variable from the environment
      --help     display this help and exit
      --version  output version information and exit

If no COMMAND, print the resulting environment.
`;

export async function env(
	sys: Sys,
	argv: string[],
	environ: Record<string, string>
): Promise<number> {
	const t = new Tool(sys, argv, environ);
	const p = await t.parse(
		{
			short: '+iu:',
			long: { 'ignore-environment': { key: 'i' }, unset: { key: 'u', arg: 'required' } }
		},
		{ usage: envUsage, version: 'sh-utils 2.0.11' }
	);
	if (typeof p === 'number') return p;
	let vars: Record<string, string> = { ...environ };
	for (const o of p.options) {
		if (o.key === 'i') vars = {};
		else if (o.key === 'u') delete vars[o.value!];
	}
	const rest = [...p.operands];
	// A lone `-` is the old spelling of -i.
	if (rest[0] === '-') {
		vars = {};
		rest.shift();
	}
	while (rest.length > 0 && /^[^=]+=/.test(rest[0]!)) {
		const a = rest.shift()!;
		const eq = a.indexOf('=');
		vars[a.slice(0, eq)] = a.slice(eq + 1);
	}
	if (rest.length === 0) {
		for (const [k, v] of Object.entries(vars)) await t.out(`${k}=${v}\n`);
		return t.exit(0);
	}
	await t.flush();
	// execvp looks the command up in the new environment's PATH.
	const path = await findProgram(sys, rest[0]!, vars.PATH ?? '/bin:/usr/bin');
	const e = await sys.execve(path, rest, vars);
	await t.fail(rest[0]!, e);
	return e.name === 'ENOENT' ? 127 : 126;
}

export async function printenv(
	sys: Sys,
	argv: string[],
	environ: Record<string, string>
): Promise<number> {
	const t = new Tool(sys, argv, environ);
	const p = await t.parse(
		{ short: '' },
		{
			usage: '[VARIABLE]...\nIf no environment VARIABLE specified, print them all.\n',
			version: 'sh-utils 2.0.11'
		}
	);
	if (typeof p === 'number') return p;
	if (p.operands.length === 0) {
		for (const [k, v] of Object.entries(environ)) await t.out(`${k}=${v}\n`);
		return t.exit(0);
	}
	let missing = 0;
	for (const name of p.operands) {
		if (Object.hasOwn(environ, name)) await t.out(`${environ[name]}\n`);
		else missing++;
	}
	return t.exit(missing > 0 ? 1 : 0);
}
