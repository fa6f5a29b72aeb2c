// /bin/ln (fileutils 4.1): makes hard links (the unification chapter's tool) and symbolic links.
import { S_IFDIR, S_IFLNK, S_IFMT, isErrno, type Sys } from '../syscalls/index.ts';
import { Tool, basename, joinPath, quote } from './lib/tool.ts';

const usage = `[OPTION]... TARGET [LINK_NAME]
  or:  ln [OPTION]... TARGET... DIRECTORY
Create a link to the specified TARGET with optional LINK_NAME.
Create hard links by default, symbolic links with --symbolic.

  -f, --force                 remove existing destination files
  -i, --interactive           prompt whether to remove destinations
  -n, --no-dereference        treat destination that is a symlink to a
                                directory as if it were a normal file
  -s, --symbolic              make symbolic links instead of hard links
  -v, --verbose               print name of each file before linking
      --help     display this help and exit
      --version  output version information and exit
`;

interface Opts {
	symbolic: boolean;
	force: boolean;
	interactive: boolean;
	verbose: boolean;
	derefDest: boolean;
}

export async function ln(sys: Sys, argv: string[], env: Record<string, string>): Promise<number> {
	const t = new Tool(sys, argv, env);
	const p = await t.parse(
		{
			short: 'finsvF',
			long: {
				force: { key: 'f' },
				interactive: { key: 'i' },
				'no-dereference': { key: 'n' },
				symbolic: { key: 's' },
				verbose: { key: 'v' }
			}
		},
		{ usage, version: 'fileutils 4.1' }
	);
	if (typeof p === 'number') return p;
	const o: Opts = {
		symbolic: false,
		force: false,
		interactive: false,
		verbose: false,
		derefDest: true
	};
	for (const { key } of p.options) {
		if (key === 's') o.symbolic = true;
		else if (key === 'f') {
			o.force = true;
			o.interactive = false;
		} else if (key === 'i') {
			o.interactive = true;
			o.force = false;
		} else if (key === 'n') o.derefDest = false;
		else if (key === 'v') o.verbose = true;
	}
	const ops = p.operands;
	if (ops.length === 0) {
		await t.error('missing file argument');
		await t.tryHelp();
		return 1;
	}
	if (ops.length === 1) {
		return (await link(t, ops[0]!, basename(ops[0]!), o)) ? t.exit(0) : t.exit(1);
	}
	const dest = ops[ops.length - 1]!;
	if (ops.length > 2) {
		const ds = o.derefDest ? await sys.stat(dest) : await sys.lstat(dest);
		if (isErrno(ds) || (ds.mode & S_IFMT) !== S_IFDIR) {
			await t.error(`when making multiple links, last argument must be a directory`);
			await t.tryHelp();
			return 1;
		}
	}
	let status = 0;
	for (const src of ops.slice(0, -1)) if (!(await link(t, src, dest, o))) status = 1;
	return t.exit(status);
}

async function link(t: Tool, source: string, destArg: string, o: Opts): Promise<boolean> {
	const sys = t.sys;
	let src = null;
	if (!o.symbolic) {
		src = await sys.stat(source);
		if (isErrno(src)) {
			await t.fail(`accessing ${quote(source)}`, src);
			return false;
		}
		if ((src.mode & S_IFMT) === S_IFDIR) {
			await t.error(`${quote(source)}: hard link not allowed for directory`);
			return false;
		}
	}
	let dest = destArg;
	let d = await sys.lstat(dest);
	const isDirDest =
		!isErrno(d) &&
		((d.mode & S_IFMT) === S_IFDIR ||
			(o.derefDest && (d.mode & S_IFMT) === S_IFLNK && (await isDir(t, dest))));
	if (isDirDest) {
		dest = joinPath(dest, basename(source));
		d = await sys.lstat(dest);
	}
	if (!isErrno(d)) {
		if (src && d.dev === src.dev && d.ino === src.ino && o.force) {
			await t.error(`${quote(source)} and ${quote(dest)} are the same file`);
			return false;
		}
		if ((d.mode & S_IFMT) === S_IFDIR) {
			await t.error(`${quote(dest)}: cannot overwrite directory`);
			return false;
		}
		if (o.interactive) {
			await t.errRaw(`${t.prog}: replace ${quote(dest)}? `);
			if (!(await t.yesno())) return true;
		} else if (!o.force) {
			await t.error(`${quote(dest)}: File exists`);
			return false;
		}
		const u = await sys.unlink(dest);
		if (isErrno(u) && u.name !== 'ENOENT') {
			await t.fail(`cannot remove ${quote(dest)}`, u);
			return false;
		}
	}
	if (o.verbose) {
		await t.out(
			`create ${o.symbolic ? 'symbolic' : 'hard'} link ${quote(dest)} to ${quote(source)}\n`
		);
	}
	const r = o.symbolic ? await sys.symlink(source, dest) : await sys.link(source, dest);
	if (isErrno(r)) {
		await t.fail(
			`creating ${o.symbolic ? 'symbolic' : 'hard'} link ${quote(dest)} to ${quote(source)}`,
			r
		);
		return false;
	}
	return true;
}

async function isDir(t: Tool, path: string): Promise<boolean> {
	const s = await t.sys.stat(path);
	return !isErrno(s) && (s.mode & S_IFMT) === S_IFDIR;
}
