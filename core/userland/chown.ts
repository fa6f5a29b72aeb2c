// /bin/chown and /bin/chgrp (fileutils 4.1): change a file's owner and group, by name or number.
import { S_IFDIR, S_IFLNK, S_IFMT, isErrno, type Sys } from '../syscalls/index.ts';
import { Tool, quote } from './lib/tool.ts';
import { Users } from './lib/users.ts';
import { children } from './lib/walk.ts';

const chownUsage = `[OPTION]... OWNER[:[GROUP]] FILE...
  or:  chown [OPTION]... :GROUP FILE...
  or:  chown [OPTION]... --reference=RFILE FILE...
Change the owner and/or group of each FILE to OWNER and/or GROUP.

  -c, --changes          like verbose but report only when a change is made
  -h, --no-dereference   affect symbolic links instead of referenced files
  -f, --silent, --quiet  suppress most error messages
      --reference=RFILE  use RFILE's owner and group rather than OWNER:GROUP
  -R, --recursive        operate on files and directories recursively
  -v, --verbose          output a diagnostic for every file processed
      --help             display this help and exit
      --version          output version information and exit
`;

const chgrpUsage = `[OPTION]... GROUP FILE...
  or:  chgrp [OPTION]... --reference=RFILE FILE...
Change the group membership of each FILE to GROUP.

  -c, --changes          like verbose but report only when a change is made
  -h, --no-dereference   affect symbolic links instead of referenced files
  -f, --silent, --quiet  suppress most error messages
      --reference=RFILE  use RFILE's group rather than the specified value
  -R, --recursive        operate on files and directories recursively
  -v, --verbose          output a diagnostic for every file processed
      --help             display this help and exit
      --version          output version information and exit
`;

const long = {
	changes: { key: 'c' },
	'no-dereference': { key: 'h' },
	silent: { key: 'f' },
	quiet: { key: 'f' },
	reference: { key: 'ref', arg: 'required' as const },
	recursive: { key: 'R' },
	verbose: { key: 'v' }
};

interface Opts {
	uid: number;
	gid: number;
	/** The spec as given, for the messages (`root:root`). */
	spec: string;
	group: boolean;
	follow: boolean;
	recursive: boolean;
	quiet: boolean;
	verbose: 'none' | 'changes' | 'all';
}

async function owner(
	sys: Sys,
	argv: string[],
	env: Record<string, string>,
	group: boolean
): Promise<number> {
	const t = new Tool(sys, argv, env);
	const p = await t.parse(
		{ short: 'chfRv', long },
		{ usage: group ? chgrpUsage : chownUsage, version: 'fileutils 4.1' }
	);
	if (typeof p === 'number') return p;
	const o: Opts = {
		uid: -1,
		gid: -1,
		spec: '',
		group,
		follow: true,
		recursive: false,
		quiet: false,
		verbose: 'none'
	};
	let reference: string | null = null;
	for (const opt of p.options) {
		if (opt.key === 'c') o.verbose = 'changes';
		else if (opt.key === 'v') o.verbose = 'all';
		else if (opt.key === 'h') o.follow = false;
		else if (opt.key === 'f') o.quiet = true;
		else if (opt.key === 'R') o.recursive = true;
		else if (opt.key === 'ref') reference = opt.value!;
	}
	const operands = [...p.operands];
	if (operands.length < (reference === null ? 2 : 1)) {
		await t.error('too few arguments');
		await t.tryHelp();
		return 1;
	}
	const users = new Users(sys);
	if (reference !== null) {
		const st = await sys.stat(reference);
		if (isErrno(st)) {
			await t.fail(`getting attributes of ${quote(reference)}`, st);
			return 1;
		}
		o.gid = st.gid;
		if (!group) o.uid = st.uid;
		o.spec = group
			? ((await users.groupName(st.gid)) ?? String(st.gid))
			: `${(await users.userName(st.uid)) ?? st.uid}:${(await users.groupName(st.gid)) ?? st.gid}`;
	} else {
		const spec = operands.shift()!;
		o.spec = spec;
		if (group) {
			if (spec === '') {
				await t.error('cannot change to null group');
				return 1;
			}
			const g = await users.groupByName(spec);
			if (g) o.gid = g.gid;
			else if (/^\d+$/.test(spec)) o.gid = Number(spec);
			else {
				await t.error(`invalid group name ${quote(spec)}`);
				return 1;
			}
		} else {
			const e = await parseSpec(users, spec, o);
			if (e) {
				await t.error(`${quote(spec)}: ${e}`);
				return 1;
			}
		}
	}
	let status = 0;
	for (const file of operands) if (!(await change(t, file, o, true))) status = 1;
	return t.exit(status);
}

/** OWNER, OWNER:GROUP, OWNER.GROUP, OWNER: (login group) or :GROUP; an error text if invalid. */
async function parseSpec(users: Users, spec: string, o: Opts): Promise<string | null> {
	const m = /^([^:.]*)(?:[:.](.*))?$/.exec(spec)!;
	const user = m[1]!;
	const grp = m[2];
	if (user === '' && (grp === undefined || grp === '')) return 'cannot omit both user and group';
	if (user !== '') {
		const u = await users.byName(user);
		if (u) o.uid = u.uid;
		else if (/^\d+$/.test(user)) o.uid = Number(user);
		else return 'invalid user';
		if (grp === '') {
			if (!u) return 'cannot get the login group of a numeric UID';
			o.gid = u.gid;
		}
	}
	if (grp !== undefined && grp !== '') {
		const g = await users.groupByName(grp);
		if (g) o.gid = g.gid;
		else if (/^\d+$/.test(grp)) o.gid = Number(grp);
		else return 'invalid group';
	}
	return null;
}

async function change(t: Tool, file: string, o: Opts, top: boolean): Promise<boolean> {
	const sys = t.sys;
	const lst = await sys.lstat(file);
	if (isErrno(lst)) {
		if (!o.quiet) await t.fail(`getting attributes of ${quote(file)}`, lst);
		return false;
	}
	const isLink = (lst.mode & S_IFMT) === S_IFLNK;
	const follow = o.follow && !(isLink && !top);
	const st = isLink && follow ? await sys.stat(file) : lst;
	if (isErrno(st)) {
		if (!o.quiet) await t.fail(`getting attributes of ${quote(file)}`, st);
		return false;
	}
	let ok = true;
	const r = await sys.chown(file, o.uid, o.gid, follow);
	if (isErrno(r)) {
		if (!o.quiet) {
			await t.fail(`${o.group ? 'changing group' : 'changing ownership'} of ${quote(file)}`, r);
		}
		ok = false;
	}
	const changed = (o.uid !== -1 && o.uid !== st.uid) || (o.gid !== -1 && o.gid !== st.gid);
	if (o.verbose === 'all' || (o.verbose === 'changes' && changed && ok)) {
		const what = o.group ? 'group' : 'ownership';
		const text = !ok
			? `failed to change ${what} of %s to %s`
			: changed
				? `changed ${what} of %s to %s`
				: `${what} of %s retained as %s`;
		await t.out(text.replace('%s', quote(file)).replace('%s', o.spec) + '\n');
	}
	if (o.recursive && (st.mode & S_IFMT) === S_IFDIR && !(isLink && !top)) {
		const list = await children(t, file);
		if (isErrno(list)) {
			if (!o.quiet) await t.fail(quote(file), list);
			return false;
		}
		for (const c of list) if (!(await change(t, c, o, false))) ok = false;
	}
	return ok;
}

export function chown(sys: Sys, argv: string[], env: Record<string, string>): Promise<number> {
	return owner(sys, argv, env, false);
}

export function chgrp(sys: Sys, argv: string[], env: Record<string, string>): Promise<number> {
	return owner(sys, argv, env, true);
}
