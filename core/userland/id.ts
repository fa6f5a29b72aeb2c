// id, whoami and groups (sh-utils 2.0): identities from the get*id calls and getgroups, names
// from /etc/passwd and /etc/group (so inside a vserver they are the vserver's names).
import type { Sys } from '../syscalls/index.ts';
import { Tool } from './lib/tool.ts';
import { Users, type PasswdEntry } from './lib/users.ts';

const idUsage = `[OPTION]... [USERNAME]
Print information for USERNAME, or the current user.

  -a              ignore, for compatibility with other versions
  -g, --group     print only the group ID
  -G, --groups    print only the supplementary groups
  -n, --name      print a name instead of a number, for -ugG
  -r, --real      print the real ID instead of the effective ID, with -ugG
  -u, --user      print only the user ID
      --help      display this help and exit
      --version   output version information and exit

Without any OPTION, print some useful set of identified information.

Report bugs to <bug-sh-utils@gnu.org>.
`;

/** A user's groups as getugroups(3) gives them: the primary group, then /etc/group memberships. */
async function userGroups(tab: Users, u: PasswdEntry): Promise<number[]> {
	const out = [u.gid];
	for (const g of await tab.groupList()) {
		if (g.members.includes(u.name) && !out.includes(g.gid)) out.push(g.gid);
	}
	return out;
}

export async function id(sys: Sys, argv: string[], env: Record<string, string>): Promise<number> {
	const t = new Tool(sys, argv, env);
	const p = await t.parse(
		{
			short: 'agGnru',
			long: {
				group: { key: 'g' },
				groups: { key: 'G' },
				name: { key: 'n' },
				real: { key: 'r' },
				user: { key: 'u' }
			}
		},
		{ usage: idUsage, version: 'sh-utils 2.0.11' }
	);
	if (typeof p === 'number') return p;
	const has = (k: string): boolean => p.options.some((o) => o.key === k);
	const only = ['u', 'g', 'G'].filter(has);
	if (only.length > 1) {
		await t.error('cannot print only user and only group');
		return 1;
	}
	if (only.length === 0 && (has('n') || has('r'))) {
		await t.error('cannot print only names or real IDs in default format');
		return 1;
	}
	if (p.operands.length > 1) {
		await t.error(`too many arguments`);
		await t.tryHelp();
		return 1;
	}
	const tab = new Users(sys);
	let ruid: number, euid: number, rgid: number, egid: number, groups: number[];
	if (p.operands.length === 1) {
		const u = await tab.byName(p.operands[0]!);
		if (!u) {
			await t.error(`${p.operands[0]}: No such user`);
			return 1;
		}
		ruid = euid = u.uid;
		rgid = egid = u.gid;
		groups = await userGroups(tab, u);
	} else {
		ruid = await sys.getuid();
		euid = await sys.geteuid();
		rgid = await sys.getgid();
		egid = await sys.getegid();
		groups = await sys.getgroups();
	}
	const uname = async (uid: number): Promise<string | null> => tab.userName(uid);
	const gname = async (gid: number): Promise<string | null> => tab.groupName(gid);
	let ok = true;
	const named = async (
		n: number,
		lookup: (n: number) => Promise<string | null>,
		what: string
	): Promise<string> => {
		const name = await lookup(n);
		if (name !== null) return name;
		// sh-utils prints the number when the name is missing and fails at the end.
		ok = false;
		await t.error(`cannot find name for ${what} ID ${n}`);
		return String(n);
	};
	if (has('u')) {
		const v = has('r') ? ruid : euid;
		await t.out((has('n') ? await named(v, uname, 'user') : String(v)) + '\n');
	} else if (has('g')) {
		const v = has('r') ? rgid : egid;
		await t.out((has('n') ? await named(v, gname, 'group') : String(v)) + '\n');
	} else if (has('G')) {
		const list = [
			rgid,
			...(egid !== rgid ? [egid] : []),
			...groups.filter((g) => g !== rgid && g !== egid)
		];
		const parts: string[] = [];
		for (const g of list) parts.push(has('n') ? await named(g, gname, 'group') : String(g));
		await t.out(parts.join(' ') + '\n');
	} else {
		const show = async (
			n: number,
			lookup: (n: number) => Promise<string | null>
		): Promise<string> => {
			const name = await lookup(n);
			return name === null ? String(n) : `${n}(${name})`;
		};
		let line = `uid=${await show(ruid, uname)} gid=${await show(rgid, gname)}`;
		if (euid !== ruid) line += ` euid=${await show(euid, uname)}`;
		if (egid !== rgid) line += ` egid=${await show(egid, gname)}`;
		if (groups.length > 0) {
			const parts: string[] = [];
			for (const g of groups) parts.push(await show(g, gname));
			line += ` groups=${parts.join(',')}`;
		}
		await t.out(line + '\n');
	}
	return t.exit(ok ? 0 : 1);
}

export async function whoami(
	sys: Sys,
	argv: string[],
	env: Record<string, string>
): Promise<number> {
	const t = new Tool(sys, argv, env);
	const p = await t.parse(
		{ short: '' },
		{
			usage:
				'[OPTION]...\nPrint the user name associated with the current effective user id.\nSame as id -un.\n\n      --help      display this help and exit\n      --version   output version information and exit\n\nReport bugs to <bug-sh-utils@gnu.org>.\n',
			version: 'sh-utils 2.0.11'
		}
	);
	if (typeof p === 'number') return p;
	if (p.operands.length > 0) {
		await t.error(`too many arguments`);
		await t.tryHelp();
		return 1;
	}
	const euid = await sys.geteuid();
	const name = await new Users(sys).userName(euid);
	if (name === null) {
		await t.error(`cannot find username for UID ${euid}`);
		return 1;
	}
	await t.out(name + '\n');
	return t.exit(0);
}

/** groups: sh-utils' script around `id -Gn`; with users, one `user : groups` line each. */
export async function groups(
	sys: Sys,
	argv: string[],
	env: Record<string, string>
): Promise<number> {
	const t = new Tool(sys, argv, env);
	const tab = new Users(sys);
	const names = async (list: number[]): Promise<string> => {
		const out: string[] = [];
		for (const g of list) out.push((await tab.groupName(g)) ?? String(g));
		return out.join(' ');
	};
	if (argv.length <= 1) {
		const rgid = await sys.getgid();
		const egid = await sys.getegid();
		const sup = await sys.getgroups();
		await t.out(
			(await names([
				rgid,
				...(egid !== rgid ? [egid] : []),
				...sup.filter((g) => g !== rgid && g !== egid)
			])) + '\n'
		);
		return t.exit(0);
	}
	let status = 0;
	for (const name of argv.slice(1)) {
		const u = await tab.byName(name);
		if (!u) {
			await t.errRaw(`id: ${name}: No such user\n`);
			status = 1;
			continue;
		}
		await t.out(`${name} : ${await names(await userGroups(tab, u))}\n`);
	}
	return t.exit(status);
}
