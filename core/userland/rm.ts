// /bin/rm (fileutils 4.1): removes files, and with -r whole trees. Its messages are the ones the
// unification chapter shows (`cannot unlink ...: Operation not permitted` on an immutable file).
import { S_IFDIR, S_IFLNK, S_IFMT, W_OK, isErrno, type Sys } from '../syscalls/index.ts';
import { Tool, basename, joinPath, quote } from './lib/tool.ts';
import { entries } from './lib/walk.ts';

const usage = `[OPTION]... FILE...
Remove (unlink) the FILE(s).

  -d, --directory       unlink FILE, even if it is a non-empty directory
                          (super-user only)
  -f, --force           ignore nonexistent files, never prompt
  -i, --interactive     prompt before any removal
  -r, -R, --recursive   remove the contents of directories recursively
  -v, --verbose         explain what is being done
      --help            display this help and exit
      --version         output version information and exit
`;

interface Opts {
	force: boolean;
	interactive: boolean;
	recursive: boolean;
	verbose: boolean;
	/** Standard input is a terminal: write-protected files are confirmed first. */
	ttyIn: boolean;
}

export async function rm(sys: Sys, argv: string[], env: Record<string, string>): Promise<number> {
	const t = new Tool(sys, argv, env);
	const p = await t.parse(
		{
			short: 'dfirRv',
			long: {
				directory: { key: 'd' },
				force: { key: 'f' },
				interactive: { key: 'i' },
				recursive: { key: 'r' },
				verbose: { key: 'v' }
			}
		},
		{ usage, version: 'fileutils 4.1' }
	);
	if (typeof p === 'number') return p;
	const o: Opts = {
		force: false,
		interactive: false,
		recursive: false,
		verbose: false,
		ttyIn: await sys.isatty(0)
	};
	for (const { key } of p.options) {
		if (key === 'f') {
			o.force = true;
			o.interactive = false;
		} else if (key === 'i') {
			o.interactive = true;
			o.force = false;
		} else if (key === 'r' || key === 'R') o.recursive = true;
		else if (key === 'v') o.verbose = true;
	}
	if (p.operands.length === 0) {
		if (o.force) return 0;
		await t.error('too few arguments');
		await t.tryHelp();
		return 1;
	}
	let status = 0;
	for (const file of p.operands) {
		const base = basename(file);
		if (base === '.' || base === '..') {
			await t.error("cannot remove `.' or `..'");
			status = 1;
			continue;
		}
		if (!(await remove(t, file, o))) status = 1;
	}
	return t.exit(status);
}

/** Removes a file or a whole tree (mv uses this after copying across filesystems). */
export function removeTree(t: Tool, path: string): Promise<boolean> {
	return remove(t, path, {
		force: true,
		interactive: false,
		recursive: true,
		verbose: false,
		ttyIn: false
	});
}

async function remove(t: Tool, path: string, o: Opts): Promise<boolean> {
	const sys = t.sys;
	const st = await sys.lstat(path);
	if (isErrno(st)) {
		if (o.force && st.name === 'ENOENT') return true;
		await t.fail(`cannot remove ${quote(path)}`, st);
		return false;
	}
	const isDir = (st.mode & S_IFMT) === S_IFDIR;
	if (isDir && !o.recursive) {
		await t.error(`${quote(path)} is a directory`);
		return false;
	}
	const protectedFile = (st.mode & S_IFMT) !== S_IFLNK && isErrno(await sys.access(path, W_OK));
	if (isDir) {
		if (o.interactive || (protectedFile && o.ttyIn && !o.force)) {
			const q = protectedFile
				? `${t.prog}: directory ${quote(path)} is write protected; descend into it anyway? `
				: `${t.prog}: descend into directory ${quote(path)}? `;
			await t.errRaw(q);
			if (!(await t.yesno())) return true;
		}
		if (o.verbose) await t.out(`removing all entries of directory ${quote(path)}\n`);
		const names = await entries(t, path);
		let ok = true;
		if (isErrno(names)) {
			await t.fail(`cannot open directory ${quote(path)}`, names);
			ok = false;
		} else {
			for (const n of names) if (!(await remove(t, joinPath(path, n), o))) ok = false;
		}
		if (o.interactive) {
			await t.errRaw(
				`${t.prog}: remove directory ${quote(path)}${ok ? '' : ' (might be nonempty)'}? `
			);
			if (!(await t.yesno())) return ok;
		}
		if (o.verbose) await t.out(`removing the directory itself: ${quote(path)}\n`);
		const r = await sys.rmdir(path);
		if (isErrno(r)) {
			await t.fail(`cannot remove directory ${quote(path)}`, r);
			return false;
		}
		return ok;
	}
	if (o.interactive || (protectedFile && o.ttyIn && !o.force)) {
		await t.errRaw(
			`${t.prog}: remove ${protectedFile ? 'write-protected file ' : ''}${quote(path)}? `
		);
		if (!(await t.yesno())) return true;
	}
	if (o.verbose) await t.out(`removing ${quote(path)}\n`);
	const r = await sys.unlink(path);
	if (isErrno(r)) {
		await t.fail(`cannot unlink ${quote(path)}`, r);
		return false;
	}
	return true;
}
