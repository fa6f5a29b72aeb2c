// /usr/bin/chattr and /usr/bin/lsattr (e2fsprogs 1.32, the early-2003 release): ext2 attributes
// through EXT2_IOC_GETFLAGS/SETFLAGS. The ctx kernel's immutable-link bit (0x8000) is the bit
// e2fsprogs calls `t`, so lsattr shows a unified file as `----i----------t-`.
import {
	EXT2_IOC_GETFLAGS,
	EXT2_IOC_SETFLAGS,
	O_NONBLOCK,
	O_RDONLY,
	S_IFDIR,
	S_IFLNK,
	S_IFMT,
	S_IFREG,
	errno,
	isErrno,
	type Errno,
	type Sys
} from '../syscalls/index.ts';
import { Tool, joinPath } from './lib/tool.ts';
import { getopt, isError } from './lib/getopt.ts';

/** lib/e2p/pf.c's order: one letter (or `-`) per flag. */
const FLAGS: [number, string][] = [
	[0x1, 's'],
	[0x2, 'u'],
	[0x8, 'S'],
	[0x10000, 'D'],
	[0x10, 'i'],
	[0x20, 'a'],
	[0x40, 'd'],
	[0x80, 'A'],
	[0x4, 'c'],
	[0x200, 'B'],
	[0x100, 'Z'],
	[0x400, 'X'],
	[0x800, 'E'],
	[0x4000, 'j'],
	[0x1000, 'I'],
	[0x8000, 't'],
	[0x20000, 'T']
];

const LONG_NAMES: Record<string, string> = {
	s: 'Secure_Deletion',
	u: 'Undelete',
	S: 'Synchronous_Updates',
	D: 'Synchronous_Directory_Updates',
	i: 'Immutable',
	a: 'Append_Only',
	d: 'No_Dump',
	A: 'No_Atime',
	c: 'Compression_Requested',
	B: 'Compressed_File',
	Z: 'Compressed_Dirty_File',
	X: 'Compression_Raw_Access',
	E: 'Compression_Error',
	j: 'Journaled_Data',
	I: 'Indexed_directory',
	t: 'No_Tailmerging',
	T: 'Top_of_Directory_Hierarchies'
};

/** The letters chattr accepts. */
const SETTABLE = 'ASDacdijsutT';

export function printFlags(flags: number, long = false): string {
	if (!long) return FLAGS.map(([bit, c]) => (flags & bit ? c : '-')).join('');
	const names = FLAGS.filter(([bit]) => flags & bit).map(([, c]) => LONG_NAMES[c]!);
	return names.length > 0 ? names.join(', ') : '---';
}

/** com_err's default layout: `prog: strerror message`, ended with CR LF as e2fsprogs did. */
async function comErr(t: Tool, e: Errno, message: string): Promise<void> {
	await t.errRaw(`${t.prog}: ${e.message} ${message}\r\n`);
}

/** fgetflags(3): only regular files and directories have flags; the file is opened to ask. */
async function getFlags(sys: Sys, path: string): Promise<number | Errno> {
	const st = await sys.stat(path);
	if (!isErrno(st) && (st.mode & S_IFMT) !== S_IFREG && (st.mode & S_IFMT) !== S_IFDIR) {
		return errno('EOPNOTSUPP');
	}
	const fd = await sys.open(path, O_RDONLY | O_NONBLOCK);
	if (isErrno(fd)) return fd;
	const r = await sys.ioctl(fd, EXT2_IOC_GETFLAGS);
	await sys.close(fd);
	return isErrno(r) ? r : (r as number);
}

async function setFlags(sys: Sys, path: string, flags: number): Promise<0 | Errno> {
	const st = await sys.stat(path);
	if (!isErrno(st) && (st.mode & S_IFMT) !== S_IFREG && (st.mode & S_IFMT) !== S_IFDIR) {
		return errno('EOPNOTSUPP');
	}
	const fd = await sys.open(path, O_RDONLY | O_NONBLOCK);
	if (isErrno(fd)) return fd;
	const r = await sys.ioctl(fd, EXT2_IOC_SETFLAGS, flags);
	await sys.close(fd);
	return isErrno(r) ? r : 0;
}

async function dirEntries(t: Tool, dir: string): Promise<string[]> {
	const list = await t.readdir(dir);
	return isErrno(list) ? [] : list.map((d) => d.name);
}

export async function lsattr(
	sys: Sys,
	argv: string[],
	env: Record<string, string>
): Promise<number> {
	const t = new Tool(sys, argv, env);
	const p = getopt(t.prog, argv.slice(1), { short: 'RVadlv' });
	if (isError(p)) {
		await t.errRaw(`${p.error}Usage: ${t.prog} [-RVadlv] [files...]\n`);
		return 1;
	}
	const has = (k: string) => p.options.some((o) => o.key === k);
	const recursive = has('R'),
		all = has('a'),
		dirs = has('d'),
		long = has('l'),
		version = has('v');
	if (has('V')) await t.errRaw(`${t.prog} 1.32 (09-Nov-2002)\n`);
	const list = async (name: string): Promise<void> => {
		const flags = await getFlags(sys, name);
		if (isErrno(flags)) {
			await comErr(t, flags, `While reading flags on ${name}`);
			return;
		}
		const gen = version ? `${String(0).padStart(5)} ` : '';
		if (long) await t.out(`${gen}${name.padEnd(28)} ${printFlags(flags, true)}\n`);
		else await t.out(`${gen}${printFlags(flags)} ${name}\n`);
	};
	const walkDir = async (dir: string): Promise<void> => {
		for (const n of await dirEntries(t, dir)) {
			if (n.startsWith('.') && !all) continue;
			const path = joinPath(dir, n);
			const st = await sys.lstat(path);
			if (isErrno(st)) {
				await t.errRaw(`${path}: ${st.message}\n`);
				continue;
			}
			await list(path);
			if ((st.mode & S_IFMT) === S_IFDIR && recursive && n !== '.' && n !== '..') {
				await t.out(`\n${path}:\n`);
				await walkDir(path);
				await t.out('\n');
			}
		}
	};
	for (const name of p.operands.length > 0 ? p.operands : ['.']) {
		const st = await sys.lstat(name);
		if (isErrno(st)) {
			await comErr(t, st, `while trying to stat ${name}`);
			continue;
		}
		if ((st.mode & S_IFMT) === S_IFDIR && !dirs) await walkDir(name);
		else await list(name);
	}
	return t.exit(0);
}

export async function chattr(
	sys: Sys,
	argv: string[],
	env: Record<string, string>
): Promise<number> {
	const t = new Tool(sys, argv, env);
	const usage = async () => {
		await t.errRaw(`usage: ${t.prog} [-RV] [-+=AacDdijsSu] [-v version] files...\n`);
		return 1;
	};
	let recursive = false,
		verbose = false;
	let add = 0,
		rem = 0,
		set = 0;
	let adding = false,
		removing = false,
		setting = false,
		setVersion = false;
	let i = 1;
	// chattr's own argument scan: -R/-V/-v and flag letters after -, + or =, until a file name.
	for (; i < argv.length; i++) {
		const a = argv[i]!;
		const sign = a[0];
		if (sign !== '-' && sign !== '+' && sign !== '=') break;
		for (const c of a.slice(1)) {
			if (sign === '-' && c === 'R') recursive = true;
			else if (sign === '-' && c === 'V') verbose = true;
			else if (sign === '-' && c === 'v') {
				i++;
				if (i >= argv.length || !/^\d+$/.test(argv[i]!)) return usage();
				setVersion = true;
			} else {
				const bit = FLAGS.find(([, l]) => l === c && SETTABLE.includes(c))?.[0];
				if (bit === undefined) return usage();
				if (sign === '-') {
					rem |= bit;
					removing = true;
				} else if (sign === '+') {
					add |= bit;
					adding = true;
				} else {
					set |= bit;
					setting = true;
				}
			}
		}
		if (sign === '=' && a.length === 1) setting = true;
	}
	if (i >= argv.length) return usage();
	if (setting && (adding || removing)) {
		await t.errRaw('= is incompatible with - and +\n');
		return 1;
	}
	if (rem & add) {
		await t.errRaw("Can't both set and unset same flag.\n");
		return 1;
	}
	if (!(adding || removing || setting || setVersion)) {
		await t.errRaw("Must use '-v', =, - or +\n");
		return 1;
	}
	if (verbose) await t.errRaw(`${t.prog} 1.32 (09-Nov-2002)\n`);
	const change = async (name: string): Promise<void> => {
		const st = await sys.lstat(name);
		if (isErrno(st)) {
			await comErr(t, st, `while trying to stat ${name}`);
			return;
		}
		const type = st.mode & S_IFMT;
		if (type === S_IFLNK && recursive) return;
		if (type !== S_IFREG && type !== S_IFLNK && type !== S_IFDIR) return;
		if (setting) {
			if (verbose) await t.out(`Flags of ${name} set as ${printFlags(set)}\n`);
			const r = await setFlags(sys, name, set);
			if (isErrno(r)) await t.errRaw(`${name}: ${r.message}\n`);
		} else if (adding || removing) {
			const flags = await getFlags(sys, name);
			if (isErrno(flags)) await comErr(t, flags, `while reading flags on ${name}`);
			else {
				let f = (flags & ~rem) | add;
				if (verbose) await t.out(`Flags of ${name} set as ${printFlags(f)}\n`);
				if (type !== S_IFDIR) f &= ~0x10000;
				const r = await setFlags(sys, name, f);
				if (isErrno(r)) await comErr(t, r, `while setting flags on ${name}`);
			}
		}
		if (type === S_IFDIR && recursive) {
			for (const n of await dirEntries(t, name)) {
				if (n !== '.' && n !== '..') await change(joinPath(name, n));
			}
		}
	};
	for (const name of argv.slice(i)) await change(name);
	return t.exit(0);
}
