// uname (sh-utils 2.0): the fields of uname(2), which the ctx kernel answers per security
// context (a vserver sees its own node name).
import type { Sys } from '../syscalls/index.ts';
import { Tool } from './lib/tool.ts';

const usage = `[OPTION]...
Print certain system information.  With no OPTION, same as -s.

  -a, --all                print all information, in the following order:
  -s, --kernel-name        print the kernel name
  -n, --nodename           print the network node hostname
  -r, --kernel-release     print the kernel release
  -v, --kernel-version     print the kernel version
  -m, --machine            print the machine hardware name
  -p, --processor          print the processor type
      --help     display this help and exit
      --version  output version information and exit

Report bugs to <bug-sh-utils@gnu.org>.
`;

export async function uname(
	sys: Sys,
	argv: string[],
	env: Record<string, string>
): Promise<number> {
	const t = new Tool(sys, argv, env);
	const p = await t.parse(
		{
			short: 'asnrvmp',
			long: {
				all: { key: 'a' },
				'kernel-name': { key: 's' },
				sysname: { key: 's' },
				nodename: { key: 'n' },
				'kernel-release': { key: 'r' },
				release: { key: 'r' },
				'kernel-version': { key: 'v' },
				machine: { key: 'm' },
				processor: { key: 'p' }
			}
		},
		{ usage, version: 'sh-utils 2.0.11' }
	);
	if (typeof p === 'number') return p;
	if (p.operands.length > 0) {
		await t.error(`extra operand \`${p.operands[0]}'`);
		await t.tryHelp();
		return 1;
	}
	const want = new Set(p.options.map((o) => o.key));
	if (want.has('a')) for (const k of 'snrvmp') want.add(k);
	if (want.size === 0) want.add('s');
	const u = await sys.uname();
	const fields: [string, string][] = [
		['s', u.sysname],
		['n', u.nodename],
		['r', u.release],
		['v', u.version],
		['m', u.machine],
		['p', 'unknown']
	];
	await t.out(
		fields
			.filter(([k]) => want.has(k))
			.map(([, v]) => v)
			.join(' ') + '\n'
	);
	return t.exit(0);
}
