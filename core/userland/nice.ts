// nice (sh-utils 2.0) and renice (util-linux 2.11) over setpriority(2)/getpriority(2).
import { isErrno, type Sys } from '../syscalls/index.ts';
import { Tool } from './lib/tool.ts';
import { Users } from './lib/users.ts';

const niceUsage = `[OPTION] [COMMAND [ARG]...]
Run COMMAND with an adjusted scheduling priority.
With no COMMAND, print the current scheduling priority.  ADJUST is 10
by default.  Range goes from -20 (highest priority) to 19 (lowest).

  -n, --adjustment=ADJUST   increment priority by ADJUST first
      --help      display this help and exit
      --version   output version information and exit

Report bugs to <bug-sh-utils@gnu.org>.
`;

export async function nice(sys: Sys, argv: string[], env: Record<string, string>): Promise<number> {
	const t = new Tool(sys, argv, env);
	let adjust = 10;
	let i = 1;
	// The old `-N` / `--N` form first, as sh-utils does before getopt.
	if (argv[i] !== undefined && /^--?[0-9]+$/.test(argv[i]!)) {
		adjust = argv[i]!.startsWith('--') ? -Number(argv[i]!.slice(2)) : Number(argv[i]!.slice(1));
		i++;
	} else {
		const p = await t.parse(
			{ short: '+n:', long: { adjustment: { key: 'n', arg: 'required' } } },
			{ usage: niceUsage, version: 'sh-utils 2.0.11' },
			1
		);
		if (typeof p === 'number') return p;
		for (const o of p.options) {
			if (!/^[-+]?[0-9]+$/.test(o.value!)) {
				await t.error(`invalid priority \`${o.value}'`);
				await t.tryHelp();
				return 1;
			}
			adjust = Number(o.value);
		}
		i = argv.length - p.operands.length;
	}
	const command = argv.slice(i);
	const current = await sys.getpriority(0, 0);
	if (isErrno(current)) {
		await t.error(`cannot get priority: ${current.message}`);
		return 1;
	}
	if (command.length === 0) {
		if (i > 1) {
			await t.error('a command must be given with an adjustment');
			await t.tryHelp();
			return 1;
		}
		await t.out(`${current}\n`);
		return t.exit(0);
	}
	const r = await sys.setpriority(0, 0, current + adjust);
	if (isErrno(r)) {
		await t.error(`cannot set priority: ${r.message}`);
		return 1;
	}
	const path = await findInPath(sys, command[0]!, env.PATH ?? '/bin:/usr/bin');
	const e = await sys.execve(path, command, env);
	await t.error(`${command[0]}: ${e.message}`);
	return e.name === 'ENOENT' ? 127 : 126;
}

async function findInPath(sys: Sys, name: string, path: string): Promise<string> {
	if (name.includes('/')) return name;
	for (const dir of path.split(':')) {
		const p = `${dir || '.'}/${name}`;
		if (!isErrno(await sys.stat(p))) return p;
	}
	return name;
}

export async function renice(
	sys: Sys,
	argv: string[],
	env: Record<string, string>
): Promise<number> {
	const t = new Tool(sys, argv, env);
	const usage = async (): Promise<number> => {
		await t.errRaw('usage: renice priority [ [ -p ] pids ] [ [ -g ] pgrps ] [ [ -u ] users ]\n');
		return 1;
	};
	if (argv.length < 3 || !/^[-+]?[0-9]+$/.test(argv[1]!)) return usage();
	const prio = Number(argv[1]);
	let which = 0;
	let errors = 0;
	const tab = new Users(sys);
	for (const a of argv.slice(2)) {
		if (a === '-p') which = 0;
		else if (a === '-g') which = 1;
		else if (a === '-u') which = 2;
		else {
			let who: number;
			if (which === 2) {
				const u = /^[0-9]+$/.test(a) ? { uid: Number(a) } : await tab.byName(a);
				if (!u) {
					await t.errRaw(`renice: ${a}: unknown user\n`);
					errors++;
					continue;
				}
				who = u.uid;
			} else {
				if (!/^[0-9]+$/.test(a)) {
					await t.errRaw(`renice: ${a}: bad value\n`);
					errors++;
					continue;
				}
				who = Number(a);
			}
			const old = await sys.getpriority(which, who);
			if (isErrno(old)) {
				await t.errRaw(`renice: ${who}: getpriority: ${old.message}\n`);
				errors++;
				continue;
			}
			const r = await sys.setpriority(which, who, prio);
			if (isErrno(r)) {
				await t.errRaw(`renice: ${who}: setpriority: ${r.message}\n`);
				errors++;
				continue;
			}
			await t.out(`${who}: old priority ${old}, new priority ${prio}\n`);
		}
	}
	return t.exit(errors > 0 ? 1 : 0);
}
