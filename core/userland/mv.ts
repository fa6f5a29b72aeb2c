// /bin/mv (fileutils 4.1): renames files; across filesystems it copies everything and removes
// the original.
import { S_IFDIR, S_IFMT, isErrno, type Sys } from '../syscalls/index.ts';
import { Tool, basename, joinPath, quote } from './lib/tool.ts';
import { Copier } from './lib/copy.ts';
import { removeTree } from './rm.ts';

const usage = `[OPTION]... SOURCE DEST
  or:  mv [OPTION]... SOURCE... DIRECTORY
Rename SOURCE to DEST, or move SOURCE(s) to DIRECTORY.

  -f, --force                  never prompt before overwriting
  -i, --interactive            prompt before overwrite
  -u, --update                 move only older or brand new non-directories
  -v, --verbose                explain what is being done
      --help     display this help and exit
      --version  output version information and exit
`;

export async function mv(sys: Sys, argv: string[], env: Record<string, string>): Promise<number> {
	const t = new Tool(sys, argv, env);
	const p = await t.parse(
		{
			short: 'fiuv',
			long: {
				force: { key: 'f' },
				interactive: { key: 'i' },
				update: { key: 'u' },
				verbose: { key: 'v' }
			}
		},
		{ usage, version: 'fileutils 4.1' }
	);
	if (typeof p === 'number') return p;
	let interactive = false,
		update = false,
		verbose = false;
	for (const { key } of p.options) {
		if (key === 'i') interactive = true;
		else if (key === 'f') interactive = false;
		else if (key === 'u') update = true;
		else if (key === 'v') verbose = true;
	}
	const ops = p.operands;
	if (ops.length < 2) {
		await t.error('missing file argument');
		await t.tryHelp();
		return 1;
	}
	const dest = ops[ops.length - 1]!;
	const sources = ops.slice(0, -1);
	const ds = await sys.stat(dest);
	const destIsDir = !isErrno(ds) && (ds.mode & S_IFMT) === S_IFDIR;
	if (sources.length > 1 && !destIsDir) {
		await t.error('when moving multiple files, last argument must be a directory');
		await t.tryHelp();
		return 1;
	}
	let status = 0;
	for (const src of sources) {
		const target = destIsDir ? joinPath(dest, basename(src)) : dest;
		const s = await sys.lstat(src);
		if (isErrno(s)) {
			await t.fail(`cannot stat ${quote(src)}`, s);
			status = 1;
			continue;
		}
		const d = await sys.lstat(target);
		if (!isErrno(d)) {
			if (update && (s.mode & S_IFMT) !== S_IFDIR && d.mtime >= s.mtime) continue;
			if (interactive) {
				await t.errRaw(`${t.prog}: overwrite ${quote(target)}? `);
				if (!(await t.yesno())) continue;
			}
			if ((s.mode & S_IFMT) === S_IFDIR && (d.mode & S_IFMT) !== S_IFDIR) {
				await t.error(
					`cannot overwrite non-directory ${quote(target)} with directory ${quote(src)}`
				);
				status = 1;
				continue;
			}
		}
		const r = await sys.rename(src, target);
		if (!isErrno(r)) {
			if (verbose) await t.out(`${quote(src)} -> ${quote(target)}\n`);
			continue;
		}
		if (r.name === 'EINVAL') {
			await t.error(`cannot move ${quote(src)} to a subdirectory of itself, ${quote(target)}`);
			status = 1;
			continue;
		}
		if (r.name !== 'EXDEV') {
			await t.fail(`cannot move ${quote(src)} to ${quote(target)}`, r);
			status = 1;
			continue;
		}
		// Another filesystem: copy with everything kept, then remove the original.
		const copier = new Copier(t, {
			deref: 'never',
			recursive: true,
			preserve: true,
			oneFileSystem: false,
			force: true,
			interactive: false,
			verbose,
			update: false,
			link: 'none',
			moveMode: true
		});
		if (!(await copier.copy(src, target)) || !(await removeTree(t, src))) status = 1;
	}
	return t.exit(status);
}
