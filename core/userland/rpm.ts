// /bin/rpm (rpm 4.0.4, Red Hat 7.3): queries the package database (-q with -a, -f, -p and -i,
// -l, -c, -d, --dump, --queryformat), installs and upgrades package files (-i, -U, -F with -v,
// -h, --force, --test) and erases packages (-e), in / or under --root. Files are replaced the way
// rpm does it: the new file is written beside the old one under a temporary name, the old name
// is unlinked, and the new file is renamed into place; so a unified (immutable, may-unlink) file
// is replaced in this tree only and every other tree sharing it keeps the old one.
import {
	O_CREAT,
	O_EXCL,
	O_TRUNC,
	O_WRONLY,
	S_IFMT,
	S_IFDIR,
	S_IFLNK,
	S_IFREG,
	isErrno,
	type Errno,
	type Sys
} from '../syscalls/index.ts';
import { Tool } from './lib/tool.ts';
import { md5 } from './lib/md5.ts';
import { strftime } from './lib/time.ts';
import { DB_PATH, dumpLine, formatDb, nvr, type Package, type PackageFile } from './lib/rpmdb.ts';
import { compareEvr, parseDb, parsePackageFile } from './lib/rpmdb-read.ts';

type Mode = 'query' | 'install' | 'upgrade' | 'freshen' | 'erase';

interface Opts {
	mode: Mode | null;
	all: boolean;
	byFile: boolean;
	byPackage: boolean;
	info: boolean;
	list: boolean;
	config: boolean;
	docs: boolean;
	dump: boolean;
	format: string | null;
	verbose: boolean;
	hash: boolean;
	force: boolean;
	test: boolean;
	root: string;
}

const USAGE = `Usage: rpm {--query|-q} [-afpicld] [--dump] [--queryformat FMT] [ARG...]
       rpm {--install|-i|--upgrade|-U|--freshen|-F} [-vh] [--force] [--test]
           [--nodeps] [--root DIR] PACKAGE_FILE...
       rpm {--erase|-e} [--test] [--nodeps] [--root DIR] PACKAGE...
`;

export async function rpm(sys: Sys, argv: string[], env: Record<string, string>): Promise<number> {
	const t = new Tool(sys, argv, env);
	const p = await t.parse({
		short: 'qaflpicdsUFevhV',
		long: {
			query: { key: 'q' },
			all: { key: 'a' },
			file: { key: 'f' },
			package: { key: 'p' },
			info: { key: 'i' },
			list: { key: 'l' },
			configfiles: { key: 'c' },
			docfiles: { key: 'd' },
			state: { key: 's' },
			dump: { key: 'dump' },
			queryformat: { key: 'qf', arg: 'required' },
			qf: { key: 'qf', arg: 'required' },
			install: { key: 'install' },
			upgrade: { key: 'U' },
			freshen: { key: 'F' },
			erase: { key: 'e' },
			verbose: { key: 'v' },
			hash: { key: 'h' },
			force: { key: 'force' },
			test: { key: 'test' },
			nodeps: { key: 'nodeps' },
			root: { key: 'root', arg: 'required' },
			version: { key: 'version' },
			help: { key: 'help' }
		}
	});
	if (typeof p === 'number') return p;
	const o: Opts = {
		mode: null,
		all: false,
		byFile: false,
		byPackage: false,
		info: false,
		list: false,
		config: false,
		docs: false,
		dump: false,
		format: null,
		verbose: false,
		hash: false,
		force: false,
		test: false,
		root: '/'
	};
	const modes: Mode[] = [];
	let sawI = false;
	for (const opt of p.options) {
		switch (opt.key) {
			case 'version':
				await t.out('RPM version 4.0.4\n');
				return t.exit(0);
			case 'help':
				await t.out(USAGE);
				return t.exit(0);
			case 'q':
				modes.push('query');
				break;
			case 'U':
				modes.push('upgrade');
				break;
			case 'F':
				modes.push('freshen');
				break;
			case 'e':
				modes.push('erase');
				break;
			case 'install':
				modes.push('install');
				break;
			case 'i':
				sawI = true;
				break;
			case 'a':
				o.all = true;
				break;
			case 'f':
				o.byFile = true;
				break;
			case 'p':
				o.byPackage = true;
				break;
			case 'l':
				o.list = true;
				break;
			case 'c':
				o.config = true;
				break;
			case 'd':
				o.docs = true;
				break;
			case 'dump':
				o.dump = true;
				break;
			case 'qf':
				o.format = opt.value!;
				break;
			case 'v':
				o.verbose = true;
				break;
			case 'h':
				o.hash = true;
				break;
			case 'force':
				o.force = true;
				break;
			case 'test':
				o.test = true;
				break;
			case 'root':
				o.root = opt.value!;
				break;
		}
	}
	// -i is --info in query mode and --install otherwise, as in rpm's option table.
	if (sawI) {
		if (modes.includes('query')) o.info = true;
		else modes.push('install');
	}
	if (new Set(modes).size > 1) {
		await t.error('only one major mode may be specified');
		return t.exit(1);
	}
	o.mode = modes[0] ?? null;
	if (o.mode === null) {
		if (o.all || o.byFile || o.byPackage || o.list) {
			await t.error('unexpected query source');
		} else await t.errRaw(USAGE);
		return t.exit(1);
	}
	if (o.mode === 'query') return t.exit(await query(t, o, p.operands));
	if (o.mode === 'erase') return t.exit(await erase(t, o, p.operands));
	return t.exit(await install(t, o, p.operands));
}

// ---- The database ----------------------------------------------------------------------------

function under(root: string, path: string): string {
	return root === '/' ? path : root.replace(/\/+$/, '') + path;
}

async function openDb(t: Tool, root: string): Promise<Package[] | null> {
	const text = await t.readFile(under(root, DB_PATH));
	if (isErrno(text) || parseDb(text) === null) {
		const e = isErrno(text) ? text : null;
		const why = e ? `${e.message} (${e.code})` : 'Invalid argument (22)';
		await t.errRaw(`error: cannot open Packages index using db3 - ${why}\n`);
		await t.errRaw(`error: cannot open Packages database in ${under(root, '/var/lib/rpm')}\n`);
		return null;
	}
	return parseDb(text);
}

async function writeDb(t: Tool, root: string, pkgs: Package[]): Promise<Errno | null> {
	const fd = await t.sys.open(under(root, DB_PATH), O_WRONLY | O_TRUNC);
	if (isErrno(fd)) return fd;
	const r = await t.sys.write(fd, formatDb(pkgs));
	await t.sys.close(fd);
	return isErrno(r) ? r : null;
}

/** Before changing anything: the database must be writable by us (root's, mode 644). */
async function dbWritable(t: Tool, root: string): Promise<boolean> {
	const fd = await t.sys.open(under(root, DB_PATH), O_WRONLY);
	if (isErrno(fd)) {
		await t.errRaw(`error: cannot open Packages index using db3 - ${fd.message} (${fd.code})\n`);
		await t.errRaw(`error: cannot open Packages database in ${under(root, '/var/lib/rpm')}\n`);
		return false;
	}
	await t.sys.close(fd);
	return true;
}

// ---- Query -----------------------------------------------------------------------------------

const TAGS: Record<string, (p: Package) => string> = {
	NAME: (p) => p.name,
	VERSION: (p) => p.version,
	RELEASE: (p) => p.release,
	GROUP: (p) => p.group,
	SUMMARY: (p) => p.summary,
	SIZE: (p) => String(size(p)),
	INSTALLTIME: (p) => String(p.installTime),
	BUILDTIME: (p) => String(p.buildTime),
	ARCH: () => 'i386',
	OS: () => 'linux',
	LICENSE: () => 'GPL',
	VENDOR: () => 'Red Hat, Inc.'
};

function size(p: Package): number {
	return p.files.reduce((n, f) => n + ((f.mode & S_IFMT) === S_IFREG ? f.size : 0), 0);
}

/** --queryformat: %{TAG} and %-20{TAG}, with \n and \t escapes; null for an unknown tag. */
function expand(format: string, p: Package): string | null {
	let bad = false;
	const text = format
		.replace(/%(-?\d*)\{([A-Za-z]+)\}/g, (_, width: string, tag: string) => {
			const get = TAGS[tag.toUpperCase()];
			if (!get) {
				bad = true;
				return '';
			}
			const v = get(p);
			const w = Number(width.replace('-', '') || 0);
			return width.startsWith('-') ? v.padEnd(w) : v.padStart(w);
		})
		.replace(/\\n/g, '\n')
		.replace(/\\t/g, '\t');
	return bad ? null : text;
}

function infoText(p: Package): string {
	const date = (s: number) => strftime('%a %d %b %Y %I:%M:%S %p %Z', s);
	const col = (label: string, value: string) => `${label.padEnd(12)}: ${value.padEnd(27)}`;
	return (
		`${col('Name', p.name)} Relocations: (not relocateable)\n` +
		`${col('Version', p.version)}      Vendor: Red Hat, Inc.\n` +
		`${col('Release', p.release)}  Build Date: ${date(p.buildTime)}\n` +
		(p.installTime ? `Install date: ${date(p.installTime)}\n` : '') +
		`${col('Group', p.group)}  Source RPM: ${nvr(p)}.src.rpm\n` +
		`${col('Size', String(size(p)))}     License: GPL\n` +
		`Summary     : ${p.summary}\n`
	);
}

async function show(t: Tool, o: Opts, p: Package): Promise<boolean> {
	if (o.format !== null) {
		const text = expand(o.format, p);
		if (text === null) {
			await t.errRaw('error: incorrect format: unknown tag\n');
			return false;
		}
		await t.out(text);
		return true;
	}
	const listing = o.list || o.config || o.docs || o.dump;
	if (o.info) await t.out(infoText(p));
	if (!listing) {
		if (!o.info) await t.out(nvr(p) + '\n');
		return true;
	}
	let files = p.files;
	if (o.config) files = files.filter((f) => f.config);
	if (o.docs) files = files.filter((f) => f.doc);
	if (files.length === 0 && o.list && !o.config && !o.docs) await t.out('(contains no files)\n');
	for (const f of files) await t.out((o.dump ? dumpLine(f) : f.path) + '\n');
	return true;
}

async function query(t: Tool, o: Opts, args: string[]): Promise<number> {
	if (!o.all && args.length === 0) {
		await t.error('no arguments given for query');
		return 1;
	}
	let failed = 0;
	if (o.byPackage) {
		for (const file of args) {
			const pkg = await readPackageFile(t, file);
			if (!pkg) failed++;
			else if (!(await show(t, o, pkg.pkg))) return 1;
		}
		return failed ? 1 : 0;
	}
	const db = await openDb(t, o.root);
	if (!db) return 1;
	if (o.all) {
		for (const p of db) if (!(await show(t, o, p))) return 1;
		return 0;
	}
	for (const arg of args) {
		if (o.byFile) {
			const path = await absolute(t, arg);
			const owners = db.filter((p) => p.files.some((f) => f.path === path));
			if (owners.length === 0) {
				const st = await t.sys.lstat(under(o.root, path));
				if (isErrno(st)) await t.errRaw(`error: file ${path}: ${st.message}\n`);
				else await t.out(`file ${path} is not owned by any package\n`);
				failed++;
			}
			for (const p of owners) if (!(await show(t, o, p))) return 1;
			continue;
		}
		const found = db.filter((p) => matches(p, arg));
		if (found.length === 0) {
			await t.out(`package ${arg} is not installed\n`);
			failed++;
		}
		for (const p of found) if (!(await show(t, o, p))) return 1;
	}
	return failed ? 1 : 0;
}

/** A package named NAME, NAME-VERSION or NAME-VERSION-RELEASE. */
function matches(p: Package, arg: string): boolean {
	return arg === p.name || arg === `${p.name}-${p.version}` || arg === nvr(p);
}

async function absolute(t: Tool, path: string): Promise<string> {
	let full = path;
	if (!path.startsWith('/')) {
		const cwd = await t.sys.getcwd();
		full = (isErrno(cwd) ? '' : cwd.replace(/\/$/, '')) + '/' + path;
	}
	const parts: string[] = [];
	for (const part of full.split('/')) {
		if (part === '' || part === '.') continue;
		if (part === '..') parts.pop();
		else parts.push(part);
	}
	return '/' + parts.join('/');
}

// ---- Package files ---------------------------------------------------------------------------

async function readPackageFile(
	t: Tool,
	file: string
): Promise<ReturnType<typeof parsePackageFile>> {
	const bytes = await t.readFile(file);
	if (isErrno(bytes)) {
		await t.errRaw(`error: open of ${file} failed: ${bytes.message}\n`);
		return null;
	}
	const pkg = parsePackageFile(bytes);
	if (!pkg) await t.errRaw(`error: ${file} does not appear to be a RPM package\n`);
	return pkg;
}

// ---- Install, upgrade, freshen ---------------------------------------------------------------

const HASHES = 43;

async function progress(t: Tool, label: string): Promise<void> {
	await t.out(`${label.padEnd(28)}${'#'.repeat(HASHES)} [100%]\n`);
}

async function install(t: Tool, o: Opts, files: string[]): Promise<number> {
	if (files.length === 0) {
		await t.error('no packages given for install');
		return 1;
	}
	// Read every package file first (as rpm does before its transaction, and before a chroot).
	const wanted: Package[] = [];
	const contents = new Map<Package, Map<string, string>>();
	let failed = 0;
	for (const file of files) {
		const r = await readPackageFile(t, file);
		if (!r) {
			await t.errRaw(`error: ${file} cannot be installed\n`);
			failed++;
			continue;
		}
		wanted.push(r.pkg);
		contents.set(r.pkg, r.data);
	}
	if (wanted.length === 0) return 1;
	let root = o.root;
	if (root !== '/') {
		const r = await t.sys.chroot(root);
		if (isErrno(r)) {
			await t.errRaw(`error: Unable to change root directory: ${r.message}\n`);
			return 1;
		}
		await t.sys.chdir('/');
		root = '/';
	}
	const db = await openDb(t, root);
	if (!db) return 1;
	// The problems rpm reports before touching anything.
	const todo: { pkg: Package; old: Package | null }[] = [];
	for (const pkg of wanted) {
		const old = db.find((p) => p.name === pkg.name) ?? null;
		if (old && !o.force) {
			const cmp = compareEvr(pkg, old);
			if (cmp === 0) {
				await t.errRaw(`package ${nvr(pkg)} is already installed\n`);
				failed++;
				continue;
			}
			if (cmp < 0 && o.mode !== 'install') {
				await t.errRaw(
					`package ${nvr(old)} (which is newer than ${nvr(pkg)}) is already installed\n`
				);
				failed++;
				continue;
			}
		}
		if (o.mode === 'freshen' && !old) continue;
		todo.push({ pkg, old: o.mode === 'install' && old && compareEvr(pkg, old) !== 0 ? null : old });
	}
	if (failed > 0) return failed;
	if (todo.length === 0) return 0;
	if (!o.test && !(await dbWritable(t, root))) return 1;
	if (o.hash) await progress(t, 'Preparing...');
	else if (o.verbose) await t.out('Preparing packages for installation...\n');
	if (o.test) return 0;
	let n = 0;
	for (const { pkg, old } of todo) {
		n++;
		if (o.hash) await progress(t, `${String(n).padStart(4)}:${pkg.name}`.slice(0, 28));
		else if (o.verbose) await t.out(nvr(pkg) + '\n');
		const ok = await unpack(t, pkg, old, contents.get(pkg)!);
		if (!ok) return 1;
		if (old) await removeFiles(t, old, db, pkg);
		const i = old ? db.indexOf(old) : -1;
		const installed = { ...pkg, installTime: await t.sys.time() };
		if (i >= 0) db[i] = installed;
		else db.push(installed);
		const e = await writeDb(t, root, db);
		if (e) {
			await t.errRaw(`error: cannot write Packages database: ${e.message}\n`);
			return 1;
		}
	}
	return 0;
}

function uidOf(name: string): number {
	return name === 'root' ? 0 : Number(name) || 0;
}

async function mkdirs(t: Tool, path: string): Promise<void> {
	let at = '';
	for (const part of path.split('/').slice(1, -1)) {
		at += '/' + part;
		const st = await t.sys.stat(at);
		if (isErrno(st)) await t.sys.mkdir(at, 0o755);
	}
}

/** Unpacks a package's files; false (after rpm's message) when one cannot be put in place. */
async function unpack(
	t: Tool,
	pkg: Package,
	old: Package | null,
	data: Map<string, string>
): Promise<boolean> {
	// rpm's temporary names end in `;` and the transaction id in hex.
	const tid = (await t.sys.time()).toString(16).padStart(8, '0');
	const fail = async (file: string, what: string, e: Errno) => {
		await t.errRaw(
			`error: unpacking of archive failed on file ${file}: cpio: ${what} failed - ${e.message}\n`
		);
		return false;
	};
	for (const f of pkg.files) {
		const bytes = data.get(f.path) ?? '';
		await mkdirs(t, f.path);
		const before = old?.files.find((x) => x.path === f.path) ?? null;
		const cur = await t.sys.lstat(f.path);
		if (f.config && before && !isErrno(cur) && (cur.mode & S_IFMT) === S_IFREG) {
			const now = await t.readFile(f.path);
			const changed = !isErrno(now) && md5(now) !== before.md5;
			// A locally changed configuration file: untouched package content keeps it as is;
			// a changed one in the new package puts the old aside.
			if (changed && before.md5 === f.md5) continue;
			if (changed) {
				const r = await t.sys.rename(f.path, f.path + '.rpmsave');
				if (isErrno(r)) return fail(f.path, 'rename', r);
				await t.errRaw(`warning: ${f.path} saved as ${f.path}.rpmsave\n`);
			}
		}
		const temp = `${f.path};${tid}`;
		if ((f.mode & S_IFMT) === S_IFLNK) {
			const r = await t.sys.symlink(f.link, temp);
			if (isErrno(r)) return fail(temp, 'symlink', r);
		} else if ((f.mode & S_IFMT) === S_IFDIR) {
			continue;
		} else {
			const fd = await t.sys.open(temp, O_WRONLY | O_CREAT | O_EXCL, 0o600);
			if (isErrno(fd)) return fail(temp, 'open', fd);
			const w = await t.sys.write(fd, bytes);
			await t.sys.close(fd);
			if (isErrno(w)) return fail(temp, 'write', w);
			const uid = uidOf(f.owner);
			const c = await t.sys.chown(temp, uid, uidOf(f.group));
			if (isErrno(c)) return fail(temp, 'chown', c);
			const m = await t.sys.chmod(temp, f.mode & 0o7777);
			if (isErrno(m)) return fail(temp, 'chmod', m);
			await t.sys.utimes(temp, f.mtime, f.mtime);
		}
		// Unlink, then rename: the old name goes first, so a unified file (immutable, may
		// unlink) is left to the trees that share it.
		const now = await t.sys.lstat(f.path);
		if (!isErrno(now) && (now.mode & S_IFMT) !== S_IFDIR) {
			const u = await t.sys.unlink(f.path);
			if (isErrno(u)) {
				await t.sys.unlink(temp);
				return fail(f.path, 'unlink', u);
			}
		}
		const r = await t.sys.rename(temp, f.path);
		if (isErrno(r)) {
			await t.sys.unlink(temp);
			return fail(f.path, 'rename', r);
		}
	}
	return true;
}

/** After an upgrade: the old package's files the new one no longer has (and no one else owns). */
async function removeFiles(t: Tool, old: Package, db: Package[], pkg: Package): Promise<void> {
	const keep = new Set(pkg.files.map((f) => f.path));
	for (const f of old.files) {
		if (keep.has(f.path)) continue;
		if (db.some((p) => p !== old && p.files.some((x) => x.path === f.path))) continue;
		await removeOne(t, f);
	}
}

async function removeOne(t: Tool, f: PackageFile): Promise<void> {
	const st = await t.sys.lstat(f.path);
	if (isErrno(st)) return;
	if (f.config && (st.mode & S_IFMT) === S_IFREG) {
		const now = await t.readFile(f.path);
		if (!isErrno(now) && md5(now) !== f.md5) {
			const r = await t.sys.rename(f.path, f.path + '.rpmsave');
			if (!isErrno(r)) await t.errRaw(`warning: ${f.path} saved as ${f.path}.rpmsave\n`);
			return;
		}
	}
	const r = await t.sys.unlink(f.path);
	if (isErrno(r)) await t.errRaw(`error: cannot remove ${f.path} - ${r.message}\n`);
}

// ---- Erase -----------------------------------------------------------------------------------

async function erase(t: Tool, o: Opts, names: string[]): Promise<number> {
	if (names.length === 0) {
		await t.error('no packages given for erase');
		return 1;
	}
	const db = await openDb(t, o.root);
	if (!db) return 1;
	let failed = 0;
	const victims: Package[] = [];
	for (const name of names) {
		const found = db.filter((p) => matches(p, name));
		if (found.length === 0) {
			await t.errRaw(`error: package ${name} is not installed\n`);
			failed++;
		}
		victims.push(...found);
	}
	if (failed > 0 || o.test) return failed;
	if (!(await dbWritable(t, o.root))) return 1;
	for (const p of victims) {
		for (const f of [...p.files].reverse()) {
			if (
				db.some((q) => q !== p && !victims.includes(q) && q.files.some((x) => x.path === f.path))
			) {
				continue;
			}
			await removeOne(t, { ...f, path: under(o.root, f.path) });
		}
	}
	const left = db.filter((p) => !victims.includes(p));
	const e = await writeDb(t, o.root, left);
	if (e) {
		await t.errRaw(`error: cannot write Packages database: ${e.message}\n`);
		return 1;
	}
	return 0;
}
