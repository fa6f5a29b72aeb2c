// /usr/bin/which (GNU which 2.13): the first executable of each name along PATH.
import { S_IFMT, S_IFREG, X_OK, isErrno, type Sys } from '../syscalls/index.ts';
import { Tool } from './lib/tool.ts';

const usage = `[options] [--] programname [...]
Options: --version, -[vV] Print version and exit successfully.
         --help,          Print this help and exit successfully.
         --all, -a        Print all matches in PATH, not just the first
`;

export async function which(
	sys: Sys,
	argv: string[],
	env: Record<string, string>
): Promise<number> {
	const t = new Tool(sys, argv, env);
	const p = await t.parse(
		{ short: 'avV', long: { all: { key: 'a' } } },
		{ usage, version: 'which 2.13' }
	);
	if (typeof p === 'number') return p;
	if (p.options.some((o) => o.key === 'v' || o.key === 'V')) {
		await t.out('GNU which v2.13, Copyright (C) 1999 - 2001 Carlo Wood.\n');
		return t.exit(0);
	}
	const all = p.options.some((o) => o.key === 'a');
	if (p.operands.length === 0) {
		await t.errRaw(`Usage: ${t.prog} ${usage}`);
		return 1;
	}
	const path = env.PATH ?? '';
	let status = 0;
	for (const name of p.operands) {
		const dirs = name.includes('/') ? [''] : path.split(':');
		let found = false;
		for (const dir of dirs) {
			const full = name.includes('/') ? name : `${dir || '.'}/${name}`;
			const st = await sys.stat(full);
			if (isErrno(st) || (st.mode & S_IFMT) !== S_IFREG || isErrno(await sys.access(full, X_OK))) {
				continue;
			}
			await t.out(full + '\n');
			found = true;
			if (!all) break;
		}
		if (!found) {
			await t.flush();
			await t.errRaw(`${t.prog}: no ${name} in (${path})\n`);
			status = 1;
		}
	}
	return t.exit(status);
}
