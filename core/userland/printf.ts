// /usr/bin/printf (sh-utils 2.0.11): formats its arguments; the shell has a builtin of its own.
import type { Sys } from '../syscalls/index.ts';
import { Tool } from './lib/tool.ts';
import { formatPrintf } from './lib/printf-format.ts';

const usage = `FORMAT [ARGUMENT]...
Print ARGUMENT(s) according to FORMAT.

FORMAT controls the output as in C printf.  Interpreted sequences are:
  \\"      double quote          \\NNN    character with octal value NNN
  \\\\      backslash             \\a \\b \\f \\n \\r \\t \\v   the C escapes
  \\xNN    character with hexadecimal value NN
  %%      a single %            %b     ARGUMENT as a string with \\ escapes
and all C format specifications ending with one of diouxXfeEgGcs.
`;

export async function printf(
	sys: Sys,
	argv: string[],
	env: Record<string, string>
): Promise<number> {
	const t = new Tool(sys, argv, env);
	// printf takes no options but --help and --version, and only as its sole argument.
	if (argv.length === 2 && (argv[1] === '--help' || argv[1] === '--version')) {
		const p = await t.parse({ short: '' }, { usage, version: 'sh-utils 2.0.11' });
		if (typeof p === 'number') return p;
	}
	if (argv.length < 2) {
		await t.errRaw(`Usage: ${t.prog} format [argument...]\n`);
		return 1;
	}
	const r = formatPrintf(argv[1]!, argv.slice(2));
	await t.out(r.output);
	await t.flush();
	for (const e of r.errors) await t.error(e);
	for (const w of r.warnings) await t.error(w);
	return t.exit(r.errors.length > 0 || r.fatal ? 1 : 0);
}
