// /bin/mkdir and /bin/rmdir (fileutils 4.1): create directories (with parents, -p) and remove
// empty ones (with parents, -p).
import { S_IFDIR, S_IFMT, isErrno, type Sys } from '../syscalls/index.ts';
import { Tool, quote, dirname } from './lib/tool.ts';
import { compileMode } from './lib/mode.ts';

const mkdirUsage = `[OPTION] DIRECTORY...
Create the DIRECTORY(ies), if they do not already exist.

  -m, --mode=MODE   set permission mode (as in chmod), not rwxrwxrwx - umask
  -p, --parents     no error if existing, make parent directories as needed
  -v, --verbose     print a message for each created directory
      --help     display this help and exit
      --version  output version information and exit
`;

export async function mkdir(
	sys: Sys,
	argv: string[],
	env: Record<string, string>
): Promise<number> {
	const t = new Tool(sys, argv, env);
	const p = await t.parse(
		{
			short: 'm:pv',
			long: { mode: { key: 'm', arg: 'required' }, parents: { key: 'p' }, verbose: { key: 'v' } }
		},
		{ usage: mkdirUsage, version: 'fileutils 4.1' }
	);
	if (typeof p === 'number') return p;
	let modeText: string | null = null;
	let parents = false;
	let verbose = false;
	for (const o of p.options) {
		if (o.key === 'm') modeText = o.value!;
		else if (o.key === 'p') parents = true;
		else if (o.key === 'v') verbose = true;
	}
	if (p.operands.length === 0) {
		await t.error('too few arguments');
		await t.tryHelp();
		return 1;
	}
	const umask = await sys.umask(0);
	await sys.umask(umask);
	let mode = 0o777 & ~umask;
	if (modeText !== null) {
		const change = compileMode(modeText, 0);
		if (!change) {
			await t.error(`invalid mode ${quote(modeText)}`);
			return 1;
		}
		mode = change(0o777 & ~umask, true) & 0o7777;
		// As fileutils does: with -m the umask no longer applies (parents keep theirs above).
		await sys.umask(0);
	}
	// Parents get u+wx so the rest of the path can be made (fileutils' parent_mode).
	const parentMode = (0o777 & ~umask) | 0o300;
	let status = 0;
	const created = async (dir: string) => {
		if (verbose) await t.error(`created directory ${quote(dir)}`);
	};
	for (const raw of p.operands) {
		const dir = raw.length > 1 ? raw.replace(/\/+$/, '') : raw;
		if (parents) {
			const parts = dirname(dir) === '.' && !dir.startsWith('./') ? [] : prefixes(dirname(dir));
			let failed = false;
			for (const pre of parts) {
				const st = await sys.stat(pre);
				if (!isErrno(st)) {
					if ((st.mode & S_IFMT) !== S_IFDIR) {
						await t.error(`${quote(pre)} exists but is not a directory`);
						failed = true;
						break;
					}
					continue;
				}
				const r = await sys.mkdir(pre, parentMode);
				if (isErrno(r)) {
					await t.fail(`cannot create directory ${quote(pre)}`, r);
					failed = true;
					break;
				}
				await created(pre);
			}
			if (failed) {
				status = 1;
				continue;
			}
		}
		const r = await sys.mkdir(dir, mode);
		if (isErrno(r)) {
			if (parents && r.name === 'EEXIST') {
				const st = await sys.stat(dir);
				if (!isErrno(st) && (st.mode & S_IFMT) === S_IFDIR) continue;
				await t.error(`${quote(dir)} exists but is not a directory`);
			} else await t.fail(`cannot create directory ${quote(dir)}`, r);
			status = 1;
			continue;
		}
		await created(dir);
		// mkdir(2) honours only the permission bits; special bits need a chmod.
		if (modeText !== null && mode & 0o7000) {
			const c = await sys.chmod(dir, mode);
			if (isErrno(c)) {
				await t.fail(`cannot set permissions of directory ${quote(dir)}`, c);
				status = 1;
			}
		}
	}
	return t.exit(status);
}

/** `a/b/c` → [`a`, `a/b`, `a/b/c`] (absolute paths keep their leading slash). */
function prefixes(path: string): string[] {
	const abs = path.startsWith('/');
	const parts = path.split('/').filter((x) => x !== '' && x !== '.');
	const out: string[] = [];
	let cur = '';
	for (const part of parts) {
		cur = cur === '' ? (abs ? '/' + part : part) : `${cur}/${part}`;
		out.push(cur);
	}
	return out;
}

const rmdirUsage = `[OPTION]... DIRECTORY...
Remove the DIRECTORY(ies), if they are empty.

      --ignore-fail-on-non-empty
                  ignore each failure that is solely because a directory
                  is non-empty
  -p, --parents   remove DIRECTORY, then try to remove each component of the path
  -v, --verbose   output a diagnostic for every directory processed
      --help      display this help and exit
      --version   output version information and exit
`;

export async function rmdir(
	sys: Sys,
	argv: string[],
	env: Record<string, string>
): Promise<number> {
	const t = new Tool(sys, argv, env);
	const p = await t.parse(
		{
			short: 'pv',
			long: {
				parents: { key: 'p' },
				verbose: { key: 'v' },
				'ignore-fail-on-non-empty': { key: 'ignore' }
			}
		},
		{ usage: rmdirUsage, version: 'fileutils 4.1' }
	);
	if (typeof p === 'number') return p;
	const parents = p.options.some((o) => o.key === 'p');
	const verbose = p.options.some((o) => o.key === 'v');
	const ignore = p.options.some((o) => o.key === 'ignore');
	if (p.operands.length === 0) {
		await t.error('too few arguments');
		await t.tryHelp();
		return 1;
	}
	let status = 0;
	const remove = async (dir: string): Promise<boolean> => {
		if (verbose) await t.error(`removing directory, ${dir}`);
		const r = await sys.rmdir(dir);
		if (isErrno(r)) {
			if (!(ignore && r.name === 'ENOTEMPTY')) {
				await t.fail(`${quote(dir)}`, r);
				status = 1;
			}
			return false;
		}
		return true;
	};
	for (const raw of p.operands) {
		let dir = raw.length > 1 ? raw.replace(/\/+$/, '') : raw;
		if (!(await remove(dir)) || !parents) continue;
		for (;;) {
			const up = dirname(dir);
			if (up === dir || up === '.' || up === '/') break;
			dir = up;
			if (!(await remove(dir))) break;
		}
	}
	return t.exit(status);
}
