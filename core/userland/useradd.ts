// useradd, userdel, groupadd and groupdel (shadow-utils 20000902 as Red Hat 7.3 ships them): they
// edit /etc/passwd, /etc/shadow and /etc/group, with Red Hat's user private groups and homes made
// from /etc/skel, and shadow-utils' messages and exit codes (useradd(8): 4 uid in use, 9 exists...).
import { isErrno, type Sys } from '../syscalls/index.ts';
import { getopt, isError } from './lib/getopt.ts';
import {
	copyTree,
	daysSinceEpoch,
	formatTable,
	parseTable,
	readText,
	removeTree,
	writeText
} from './lib/accounts.ts';

/** Red Hat 7.3's /etc/login.defs: UID_MIN and GID_MIN 500; CREATE_HOME yes. */
const UID_MIN = 500;
const GID_MIN = 500;

const useraddUsage =
	'usage: useradd\t[-u uid [-o]] [-g group] [-G group,...] \n' +
	'\t\t[-d home] [-s shell] [-c comment] [-m [-k template]]\n' +
	'\t\t[-f inactive] [-e expire ] [-p passwd] [-M] [-n] [-r] name\n' +
	'       useradd\t-D [-g group] [-b base] [-s shell]\n' +
	'\t\t[-f inactive] [-e expire ]\n';

interface Tables {
	passwd: string[][];
	shadow: string[][];
	group: string[][];
}

async function load(sys: Sys): Promise<Tables> {
	const read = async (path: string) => {
		const text = await readText(sys, path);
		return isErrno(text) ? [] : parseTable(text);
	};
	return {
		passwd: await read('/etc/passwd'),
		shadow: await read('/etc/shadow'),
		group: await read('/etc/group')
	};
}

/** shadow-utils takes a lock file before writing; the model asks for write access instead. */
async function canWrite(sys: Sys, path: string): Promise<boolean> {
	return !isErrno(await sys.access(path, 2)) && (await sys.geteuid()) === 0;
}

const err = (sys: Sys, text: string): Promise<unknown> => sys.write(2, text);

/** shadow-utils' check_user_name: a lower-case letter or _, then [a-z0-9_-], at most 32. */
const validName = (name: string): boolean =>
	/^[a-z_][a-z0-9_-]*\$?$/.test(name) && name.length <= 32;

/** The next free id at or above `min` after the highest one in use. */
function nextId(used: number[], min: number): number {
	const above = used.filter((n) => n >= min && n < 60000);
	return above.length ? Math.max(...above) + 1 : min;
}

export async function useradd(sys: Sys, argv: string[]): Promise<number> {
	const p = getopt('useradd', argv.slice(1), { short: 'u:og:G:d:s:c:mk:Mnrp:e:f:D' });
	if (isError(p) || p.operands.length !== 1) {
		if (isError(p)) await err(sys, p.error);
		await err(sys, useraddUsage);
		return 2;
	}
	const opt = new Map(p.options.map((o) => [o.key, o.value ?? '']));
	if (opt.has('D')) {
		// SIMPLIFIED: -D (the defaults file) is not modelled.
		await err(sys, useraddUsage);
		return 2;
	}
	const name = p.operands[0]!;
	if (!validName(name)) {
		await err(sys, `useradd: invalid user name '${name}'\n`);
		return 3;
	}
	if (!(await canWrite(sys, '/etc/passwd'))) {
		await err(sys, 'useradd: unable to lock password file\n');
		return 1;
	}
	const tab = await load(sys);
	if (tab.passwd.some((r) => r[0] === name)) {
		await err(sys, `useradd: user ${name} exists\n`);
		return 9;
	}
	let uid: number;
	if (opt.has('u')) {
		const u = opt.get('u')!;
		if (!/^[0-9]+$/.test(u)) {
			await err(sys, `useradd: invalid numeric argument '${u}'\n`);
			return 3;
		}
		uid = Number(u);
		if (!opt.has('o') && tab.passwd.some((r) => Number(r[2]) === uid)) {
			await err(sys, `useradd: uid ${uid} is not unique\n`);
			return 4;
		}
	} else {
		uid = nextId(
			tab.passwd.map((r) => Number(r[2])),
			UID_MIN
		);
	}
	const findGroup = (g: string) =>
		tab.group.find((r) => (/^[0-9]+$/.test(g) ? Number(r[2]) === Number(g) : r[0] === g));
	let gid: number;
	let privateGroup = false;
	if (opt.has('g')) {
		const g = findGroup(opt.get('g')!);
		if (!g) {
			await err(sys, `useradd: unknown group ${opt.get('g')}\n`);
			return 6;
		}
		gid = Number(g[2]);
	} else if (opt.has('n')) gid = 100;
	else {
		// Red Hat's user private group: a group of the user's own name, gid = uid when free.
		if (tab.group.some((r) => r[0] === name)) {
			await err(
				sys,
				`useradd: group ${name} exists - if you want to add this user to that group, use -g.\n`
			);
			return 9;
		}
		const gids = tab.group.map((r) => Number(r[2]));
		gid = gids.includes(uid) ? nextId(gids, GID_MIN) : uid;
		privateGroup = true;
	}
	const extra: string[][] = [];
	for (const g of (opt.get('G') ?? '').split(',').filter(Boolean)) {
		const row = findGroup(g);
		if (!row) {
			await err(sys, `useradd: unknown group ${g}\n`);
			return 6;
		}
		extra.push(row);
	}
	const home = opt.get('d') ?? `/home/${name}`;
	const shell = opt.get('s') ?? '/bin/bash';
	const now = await sys.time();
	tab.passwd.push([name, 'x', String(uid), String(gid), opt.get('c') ?? '', home, shell]);
	// A new account is locked (`!!`) until passwd gives it a password.
	tab.shadow.push([
		name,
		opt.get('p') ?? '!!',
		String(daysSinceEpoch(now)),
		'0',
		'99999',
		'7',
		'',
		'',
		''
	]);
	if (privateGroup) tab.group.push([name, 'x', String(gid), '']);
	for (const row of extra) {
		const members = (row[3] ?? '').split(',').filter(Boolean);
		row[3] = [...members, name].join(',');
	}
	if (isErrno(await writeText(sys, '/etc/passwd', formatTable(tab.passwd)))) {
		await err(sys, 'useradd: unable to lock password file\n');
		return 1;
	}
	await writeText(sys, '/etc/shadow', formatTable(tab.shadow), 0o400);
	if (isErrno(await writeText(sys, '/etc/group', formatTable(tab.group)))) {
		await err(sys, 'useradd: unable to lock group file\n');
		return 10;
	}
	// Red Hat's login.defs says CREATE_HOME yes, so -m is the default and -M turns it off.
	if (!opt.has('M') || opt.has('m')) {
		const made = await sys.mkdir(home, 0o700);
		if (isErrno(made) && made.name !== 'EEXIST') {
			await err(sys, `useradd: cannot create directory ${home}\n`);
			return 12;
		}
		if (!isErrno(made)) {
			await sys.chown(home, uid, gid);
			await copyTree(sys, opt.get('k') ?? '/etc/skel', home, uid, gid);
		}
	}
	// The mail spool Red Hat's useradd creates: 660, owned by the user and group mail.
	const spool = `/var/spool/mail/${name}`;
	if (isErrno(await sys.stat(spool)) && !isErrno(await writeText(sys, spool, '', 0o660))) {
		await sys.chown(spool, uid, 12);
		await sys.chmod(spool, 0o660);
	}
	return 0;
}

export async function userdel(sys: Sys, argv: string[]): Promise<number> {
	const p = getopt('userdel', argv.slice(1), { short: 'r' });
	if (isError(p) || p.operands.length !== 1) {
		if (isError(p)) await err(sys, p.error);
		await err(sys, 'usage: userdel [-r] name\n');
		return 2;
	}
	const name = p.operands[0]!;
	if (!(await canWrite(sys, '/etc/passwd'))) {
		await err(sys, 'userdel: unable to lock password file\n');
		return 1;
	}
	const tab = await load(sys);
	const user = tab.passwd.find((r) => r[0] === name);
	if (!user) {
		await err(sys, `userdel: user ${name} does not exist\n`);
		return 6;
	}
	tab.passwd = tab.passwd.filter((r) => r !== user);
	tab.shadow = tab.shadow.filter((r) => r[0] !== name);
	for (const row of tab.group) {
		row[3] = (row[3] ?? '')
			.split(',')
			.filter((m) => m && m !== name)
			.join(',');
	}
	// Red Hat's userdel also drops the user's private group when nobody else is in it.
	const upg = tab.group.find((r) => r[0] === name && r[2] === user[3] && (r[3] ?? '') === '');
	if (upg && !tab.passwd.some((r) => r[3] === upg[2])) {
		tab.group = tab.group.filter((r) => r !== upg);
	}
	await writeText(sys, '/etc/passwd', formatTable(tab.passwd));
	await writeText(sys, '/etc/shadow', formatTable(tab.shadow), 0o400);
	await writeText(sys, '/etc/group', formatTable(tab.group));
	if (p.options.some((o) => o.key === 'r')) {
		await sys.unlink(`/var/spool/mail/${name}`);
		const home = user[5] ?? '';
		if (home !== '' && home !== '/' && !(await removeTree(sys, home))) {
			await err(sys, `userdel: error removing directory ${home}\n`);
			return 12;
		}
	}
	return 0;
}

export async function groupadd(sys: Sys, argv: string[]): Promise<number> {
	const p = getopt('groupadd', argv.slice(1), { short: 'g:orf' });
	if (isError(p) || p.operands.length !== 1) {
		if (isError(p)) await err(sys, p.error);
		await err(sys, 'usage: groupadd [-g gid [-o]] group\n');
		return 2;
	}
	const opt = new Map(p.options.map((o) => [o.key, o.value ?? '']));
	const name = p.operands[0]!;
	if (!validName(name)) {
		await err(sys, `groupadd: ${name} is not a valid group name\n`);
		return 3;
	}
	if (!(await canWrite(sys, '/etc/group'))) {
		await err(sys, 'groupadd: unable to lock group file\n');
		return 10;
	}
	const tab = await load(sys);
	if (tab.group.some((r) => r[0] === name)) {
		// -f (Red Hat): an existing group is success.
		if (opt.has('f')) return 0;
		await err(sys, `groupadd: group ${name} exists\n`);
		return 9;
	}
	const gids = tab.group.map((r) => Number(r[2]));
	let gid: number;
	if (opt.has('g')) {
		const g = opt.get('g')!;
		if (!/^[0-9]+$/.test(g)) {
			await err(sys, `groupadd: invalid group number '${g}'\n`);
			return 3;
		}
		gid = Number(g);
		if (!opt.has('o') && gids.includes(gid)) {
			await err(sys, `groupadd: gid ${gid} is not unique\n`);
			return 4;
		}
	} else if (opt.has('r')) {
		// A system group: the highest free gid below GID_MIN.
		gid = GID_MIN - 1;
		while (gid > 0 && gids.includes(gid)) gid--;
	} else gid = nextId(gids, GID_MIN);
	tab.group.push([name, 'x', String(gid), '']);
	if (isErrno(await writeText(sys, '/etc/group', formatTable(tab.group)))) {
		await err(sys, 'groupadd: unable to lock group file\n');
		return 10;
	}
	return 0;
}

export async function groupdel(sys: Sys, argv: string[]): Promise<number> {
	const p = getopt('groupdel', argv.slice(1), { short: '' });
	if (isError(p) || p.operands.length !== 1) {
		if (isError(p)) await err(sys, p.error);
		await err(sys, 'usage: groupdel group\n');
		return 2;
	}
	const name = p.operands[0]!;
	if (!(await canWrite(sys, '/etc/group'))) {
		await err(sys, 'groupdel: unable to lock group file\n');
		return 10;
	}
	const tab = await load(sys);
	const row = tab.group.find((r) => r[0] === name);
	if (!row) {
		await err(sys, `groupdel: group ${name} does not exist\n`);
		return 6;
	}
	if (tab.passwd.some((r) => r[3] === row[2])) {
		await err(sys, "groupdel: cannot remove user's primary group.\n");
		return 8;
	}
	tab.group = tab.group.filter((r) => r !== row);
	await writeText(sys, '/etc/group', formatTable(tab.group));
	return 0;
}
