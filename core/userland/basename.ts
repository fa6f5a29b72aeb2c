// /bin/basename and /usr/bin/dirname (sh-utils 2.0.11): the last part of a name, or the rest.
import type { Sys } from '../syscalls/index.ts';
import { Tool, basename as base, dirname as dir } from './lib/tool.ts';

export async function basename(
	sys: Sys,
	argv: string[],
	env: Record<string, string>
): Promise<number> {
	const t = new Tool(sys, argv, env);
	const p = await t.parse(
		{ short: '' },
		{
			usage:
				'NAME [SUFFIX]\nPrint NAME with any leading directory components removed.\nIf specified, also remove a trailing SUFFIX.\n',
			version: 'sh-utils 2.0.11'
		}
	);
	if (typeof p === 'number') return p;
	if (p.operands.length === 0 || p.operands.length > 2) {
		await t.error(p.operands.length === 0 ? 'too few arguments' : 'too many arguments');
		await t.tryHelp();
		return 1;
	}
	let name = base(p.operands[0]!);
	const suffix = p.operands[1];
	if (suffix !== undefined && suffix !== '' && suffix !== name && name.endsWith(suffix)) {
		name = name.slice(0, -suffix.length);
	}
	await t.out(name + '\n');
	return t.exit(0);
}

export async function dirname(
	sys: Sys,
	argv: string[],
	env: Record<string, string>
): Promise<number> {
	const t = new Tool(sys, argv, env);
	const p = await t.parse(
		{ short: '' },
		{
			usage:
				"NAME\nPrint NAME with its trailing /component removed; if NAME contains no /'s,\noutput `.' (meaning the current directory).\n",
			version: 'sh-utils 2.0.11'
		}
	);
	if (typeof p === 'number') return p;
	if (p.operands.length !== 1) {
		await t.error(p.operands.length === 0 ? 'too few arguments' : 'too many arguments');
		await t.tryHelp();
		return 1;
	}
	await t.out(dir(p.operands[0]!) + '\n');
	return t.exit(0);
}
