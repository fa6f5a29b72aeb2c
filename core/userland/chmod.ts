// /bin/chmod (fileutils 4.1): changes file modes, octal or symbolic, optionally recursively.
import { S_IFDIR, S_IFLNK, S_IFMT, isErrno, type Sys } from '../syscalls/index.ts';
import { Tool, quote } from './lib/tool.ts';
import { compileMode, modeString, type ModeChange } from './lib/mode.ts';
import { children } from './lib/walk.ts';

const usage = `[OPTION]... MODE[,MODE]... FILE...
  or:  chmod [OPTION]... OCTAL-MODE FILE...
  or:  chmod [OPTION]... --reference=RFILE FILE...
Change the mode of each FILE to MODE.

  -c, --changes           like verbose but report only when a change is made
  -f, --silent, --quiet   suppress most error messages
  -v, --verbose           output a diagnostic for every file processed
      --reference=RFILE   use RFILE's mode instead of MODE values
  -R, --recursive         change files and directories recursively
      --help              display this help and exit
      --version           output version information and exit

Each MODE is one or more of the letters ugoa, one of the symbols +-= and
one or more of the letters rwxXstugo.
`;

interface Opts {
	change: ModeChange;
	verbose: 'none' | 'changes' | 'all';
	quiet: boolean;
	recursive: boolean;
}

export async function chmod(
	sys: Sys,
	argv: string[],
	env: Record<string, string>
): Promise<number> {
	const t = new Tool(sys, argv, env);
	// `chmod -w file`: an argument that looks like a symbolic mode is the mode, not an option.
	let modeArg: string | null = null;
	const rest: string[] = [argv[0]!];
	for (const a of argv.slice(1)) {
		if (modeArg === null && /^-[rwxXstugoa,+=-]+$/.test(a) && a !== '--') modeArg = a;
		else rest.push(a);
	}
	const p = await new Tool(sys, rest, env).parse(
		{
			short: 'cfvR',
			long: {
				changes: { key: 'c' },
				silent: { key: 'f' },
				quiet: { key: 'f' },
				verbose: { key: 'v' },
				recursive: { key: 'R' },
				reference: { key: 'ref', arg: 'required' }
			}
		},
		{ usage, version: 'fileutils 4.1' }
	);
	if (typeof p === 'number') return p;
	const o: Opts = { change: () => 0, verbose: 'none', quiet: false, recursive: false };
	let reference: string | null = null;
	for (const opt of p.options) {
		if (opt.key === 'c') o.verbose = 'changes';
		else if (opt.key === 'v') o.verbose = 'all';
		else if (opt.key === 'f') o.quiet = true;
		else if (opt.key === 'R') o.recursive = true;
		else if (opt.key === 'ref') reference = opt.value!;
	}
	const operands = [...p.operands];
	if (modeArg === null && reference === null) modeArg = operands.shift() ?? null;
	if (operands.length === 0) {
		await t.error('too few arguments');
		await t.tryHelp();
		return 1;
	}
	if (reference !== null) {
		const st = await sys.stat(reference);
		if (isErrno(st)) {
			await t.fail(`getting attributes of ${quote(reference)}`, st);
			return 1;
		}
		o.change = (m) => (m & ~0o7777) | (st.mode & 0o7777);
	} else {
		const umask = await sys.umask(0);
		await sys.umask(umask);
		const c = compileMode(modeArg!, umask);
		if (!c) {
			await t.error(`invalid mode string: ${quote(modeArg!)}`);
			return 1;
		}
		o.change = c;
	}
	let status = 0;
	for (const file of operands) if (!(await change(t, file, o, true))) status = 1;
	return t.exit(status);
}

async function change(t: Tool, file: string, o: Opts, top: boolean): Promise<boolean> {
	const sys = t.sys;
	const lst = await sys.lstat(file);
	if (isErrno(lst)) {
		if (!o.quiet) await t.fail(`getting attributes of ${quote(file)}`, lst);
		return false;
	}
	// Symbolic links met while recursing are not followed (their mode means nothing).
	if ((lst.mode & S_IFMT) === S_IFLNK && !top) return true;
	const st = (lst.mode & S_IFMT) === S_IFLNK ? await sys.stat(file) : lst;
	if (isErrno(st)) {
		if (!o.quiet) await t.fail(`getting attributes of ${quote(file)}`, st);
		return false;
	}
	const isDir = (st.mode & S_IFMT) === S_IFDIR;
	const mode = o.change(st.mode, isDir) & 0o7777;
	let ok = true;
	const r = await sys.chmod(file, mode);
	if (isErrno(r)) {
		if (!o.quiet) await t.fail(`changing permissions of ${quote(file)}`, r);
		ok = false;
	}
	const changed = mode !== (st.mode & 0o7777);
	if (o.verbose === 'all' || (o.verbose === 'changes' && changed && ok)) {
		const text = modeString(mode | (st.mode & S_IFMT)).slice(1);
		const oct = mode.toString(8).padStart(4, '0');
		const fmt = !ok
			? 'failed to change mode of %s to %s'
			: changed
				? 'mode of %s changed to %s'
				: 'mode of %s retained as %s';
		await t.out(fmt.replace('%s', quote(file)).replace('%s', `${oct} (${text})`) + '\n');
	}
	if (o.recursive && isDir) {
		const list = await children(t, file);
		if (isErrno(list)) {
			if (!o.quiet) await t.fail(quote(file), list);
			return false;
		}
		for (const c of list) if (!(await change(t, c, o, false))) ok = false;
	}
	return ok;
}
