// /bin/cp (fileutils 4.1): copies files and trees; -a keeps everything (modes, owners, times,
// symlinks, hard links), -x stays on one filesystem, as the vserver build's `cp -ax`.
import { S_IFDIR, S_IFMT, isErrno, type Sys } from '../syscalls/index.ts';
import { Tool, basename, joinPath, quote } from './lib/tool.ts';
import { Copier, type CopyOptions } from './lib/copy.ts';

const usage = `[OPTION]... SOURCE DEST
  or:  cp [OPTION]... SOURCE... DIRECTORY
Copy SOURCE to DEST, or multiple SOURCE(s) to DIRECTORY.

  -a, --archive                same as -dpR
  -d, --no-dereference         never follow symbolic links
  -f, --force                  if a destination file cannot be opened, remove it
                                 and try again
  -i, --interactive            prompt before overwrite
  -L, --dereference            always follow symbolic links
  -l, --link                   link files instead of copying
  -p, --preserve               preserve file attributes if possible
  -r, -R, --recursive          copy directories recursively
  -s, --symbolic-link          make symbolic links instead of copying
  -u, --update                 copy only when the SOURCE file is newer
                                 than the destination file or when the
                                 destination file is missing
  -v, --verbose                explain what is being done
  -x, --one-file-system        stay on this file system
      --help     display this help and exit
      --version  output version information and exit
`;

const long = {
	archive: { key: 'a' },
	'no-dereference': { key: 'd' },
	force: { key: 'f' },
	interactive: { key: 'i' },
	dereference: { key: 'L' },
	link: { key: 'l' },
	preserve: { key: 'p' },
	recursive: { key: 'R' },
	'symbolic-link': { key: 's' },
	update: { key: 'u' },
	verbose: { key: 'v' },
	'one-file-system': { key: 'x' }
};

export async function cp(sys: Sys, argv: string[], env: Record<string, string>): Promise<number> {
	const t = new Tool(sys, argv, env);
	const p = await t.parse({ short: 'adfiLlprRsuvx', long }, { usage, version: 'fileutils 4.1' });
	if (typeof p === 'number') return p;
	const o: CopyOptions = {
		deref: 'always',
		recursive: false,
		preserve: false,
		oneFileSystem: false,
		force: false,
		interactive: false,
		verbose: false,
		update: false,
		link: 'none',
		moveMode: false
	};
	let derefSet = false;
	for (const { key } of p.options) {
		switch (key) {
			case 'a':
				o.deref = 'never';
				derefSet = true;
				o.preserve = o.recursive = true;
				break;
			case 'd':
				o.deref = 'never';
				derefSet = true;
				break;
			case 'L':
				o.deref = 'always';
				derefSet = true;
				break;
			case 'f':
				o.force = true;
				break;
			case 'i':
				o.interactive = true;
				break;
			case 'l':
				o.link = 'hard';
				break;
			case 's':
				o.link = 'symbolic';
				break;
			case 'p':
				o.preserve = true;
				break;
			case 'r':
			case 'R':
				o.recursive = true;
				break;
			case 'u':
				o.update = true;
				break;
			case 'v':
				o.verbose = true;
				break;
			case 'x':
				o.oneFileSystem = true;
				break;
		}
	}
	// A recursive copy follows symlinks named on the command line only (as FreeBSD's cp).
	if (!derefSet) o.deref = o.recursive && o.link !== 'hard' ? 'args' : 'always';
	const ops = p.operands;
	if (ops.length === 0) {
		await t.error('missing file arguments');
		await t.tryHelp();
		return 1;
	}
	if (ops.length === 1) {
		await t.error('missing destination file');
		await t.tryHelp();
		return 1;
	}
	const dest = ops[ops.length - 1]!;
	const sources = ops.slice(0, -1);
	const ds = await sys.stat(dest);
	const destIsDir = !isErrno(ds) && (ds.mode & S_IFMT) === S_IFDIR;
	if (sources.length > 1 && !destIsDir) {
		await t.error(`copying multiple files, but last argument ${quote(dest)} is not a directory`);
		await t.tryHelp();
		return 1;
	}
	const copier = new Copier(t, o);
	let status = 0;
	for (const src of sources) {
		const target = destIsDir ? joinPath(dest, basename(src)) : dest;
		if (!(await copier.copy(src, target))) status = 1;
	}
	return t.exit(status);
}
