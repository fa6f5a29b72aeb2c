// chroot (sh-utils 2.0): chroot(2) then chdir("/") and exec of COMMAND, by default the user's
// shell interactively. Needs CAP_SYS_CHROOT, which a vserver may keep or lose.
import { isErrno, type Sys } from '../syscalls/index.ts';
import { Tool } from './lib/tool.ts';

const usage = `NEWROOT [COMMAND...]
  or:  chroot OPTION
Run COMMAND with root directory set to NEWROOT.

      --help      display this help and exit
      --version   output version information and exit

If no command is given, run \`\${SHELL} -i' (default: /bin/sh).

Report bugs to <bug-sh-utils@gnu.org>.
`;

export async function chroot(
	sys: Sys,
	argv: string[],
	env: Record<string, string>
): Promise<number> {
	const t = new Tool(sys, argv, env);
	const p = await t.parse({ short: '+' }, { usage, version: 'sh-utils 2.0.11' });
	if (typeof p === 'number') return p;
	if (p.operands.length === 0) {
		await t.error('too few arguments');
		await t.tryHelp();
		return 1;
	}
	const root = p.operands[0]!;
	const r = await sys.chroot(root);
	if (isErrno(r)) {
		await t.error(`cannot change root directory to ${root}: ${r.message}`);
		return 1;
	}
	const cd = await sys.chdir('/');
	if (isErrno(cd)) {
		await t.error(`cannot chdir to root directory: ${cd.message}`);
		return 1;
	}
	const command = p.operands.length > 1 ? p.operands.slice(1) : [env.SHELL || '/bin/sh', '-i'];
	let path = command[0]!;
	if (!path.includes('/')) {
		for (const dir of (env.PATH ?? '/bin:/usr/bin').split(':')) {
			if (!isErrno(await sys.stat(`${dir || '.'}/${path}`))) {
				path = `${dir || '.'}/${path}`;
				break;
			}
		}
	}
	const e = await sys.execve(path, command, env);
	await t.error(`cannot execute ${command[0]}: ${e.message}`);
	return e.name === 'ENOENT' ? 127 : 126;
}
