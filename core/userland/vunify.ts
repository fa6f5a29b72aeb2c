// /usr/lib/vserver/vunify (vserver 0.22): shares the files of the packages two vservers have in
// the same version, by hard links to the reference server's copy made immutable (and unlinkable),
// so each further vserver costs little disk (reference §3.7). Configuration files and /etc stay
// private (distrib-info's unifiles). Per file: clear the reference's flags, unlink the target,
// link the reference there (or copy it back, --undo), set the flags on the reference again.
import type { Sys } from '../syscalls/index.ts';
import { FAILED, say } from './chcontext.ts';
import {
	DEFAULT_FLAGS,
	inside,
	loadFiles,
	loadPackages,
	pkgLabel,
	setext2flag,
	vcopy,
	vlink,
	vunlink,
	type Pkg,
	type Vutil
} from './lib/vutil.ts';
import {
	EXT2_IMMUTABLE_FL,
	EXT2_IMMUTABLE_LINK_FL,
	S_IFMT,
	S_IFREG,
	isErrno
} from '../syscalls/index.ts';

const USAGE = `vunify version 0.22

vunify [ options ] reference-server vservers ... -- packages
vunify [ options ] reference-server vservers ... -- ALL

--test: show what would be done without doing it.
--undo: give each vserver its own copy again, copied from the
        reference server.
--debug: print what is going on.
--noflags: put no immutable flag on the shared files.
--immutable: set the immutable bit on the shared files.
--immutable-mayunlink: set the immutable-link bit on the shared files.

--excldir DIR: share no file below DIR, a path inside the vservers
        (for example /var/log).
--incldir DIR: share every file below DIR, even one --excldir leaves out.

Both immutable bits are set unless told otherwise: --noflags clears
them, and --immutable or --immutable-mayunlink after it sets one alone.
`;

interface Opts {
	undo: boolean;
	flags: number;
	excl: string[];
	incl: string[];
}

export async function vunify(
	sys: Sys,
	argv: string[],
	env: Record<string, string>
): Promise<number> {
	const u: Vutil = { sys, test: false, debug: 0 };
	const o: Opts = { undo: false, flags: DEFAULT_FLAGS, excl: [], incl: [] };
	let i = 1;
	for (; i < argv.length; i++) {
		const a = argv[i]!;
		if (a === '--test') u.test = true;
		else if (a === '--undo') o.undo = true;
		else if (a === '--debug') u.debug++;
		else if (a === '--noflags') o.flags = 0;
		else if (a === '--immutable') o.flags |= EXT2_IMMUTABLE_FL;
		else if (a === '--immutable-mayunlink') o.flags |= EXT2_IMMUTABLE_LINK_FL;
		else if ((a === '--excldir' || a === '--incldir') && i + 1 < argv.length) {
			(a === '--excldir' ? o.excl : o.incl).push(argv[++i]!.replace(/\/+$/, ''));
		} else break;
	}
	const usage = async () => {
		await say(sys, 2, USAGE);
		return FAILED;
	};
	if (i >= argv.length) return usage();
	const ref = argv[i++]!;
	const targets: string[] = [];
	for (; i < argv.length && argv[i] !== '--'; i++) targets.unshift(argv[i]!);
	// The 2003 tool lists the vservers it will work on (in reverse order) before anything else.
	for (const t of targets) await say(sys, 1, `vservers ${t}\n`);
	if (argv[i] !== '--' || i + 1 >= argv.length) return usage();
	const names = argv.slice(i + 1);
	let pkgs = await loadPackages(u, ref, env);
	if (!(names.length === 1 && names[0] === 'ALL')) {
		pkgs = pkgs.filter((p) => names.includes(p.name));
	}
	let ret = 0;
	const files = new Map<Pkg, string[]>();
	for (const target of targets) {
		const theirs = await loadPackages(u, target, env);
		for (const pkg of pkgs) {
			if (theirs.some((p) => p.name === pkg.name && p.version === pkg.version)) {
				await say(sys, 1, `Unify pkg ${pkgLabel(pkg)} from ${ref} to ${target}\n`);
				if (u.test && !u.debug) continue;
				if (!files.has(pkg)) files.set(pkg, await shareable(u, o, ref, pkg, env));
				for (const file of files.get(pkg)!) {
					if ((await unifyFile(u, o, ref, target, file)) !== 0) ret = FAILED;
				}
			} else if (u.test) {
				const other = theirs.some((p) => p.name === pkg.name);
				await say(
					sys,
					1,
					other
						? `${pkgLabel(pkg)} exist in server ${target} not unified\n`
						: `${pkgLabel(pkg)} does not exist in server ${target}\n`
				);
			}
		}
	}
	return ret;
}

/** The package's unifiable files, less those under --excldir (unless under --incldir). */
async function shareable(
	u: Vutil,
	o: Opts,
	ref: string,
	pkg: Pkg,
	env: Record<string, string>
): Promise<string[]> {
	if (u.debug) await say(u.sys, 1, `Loading files for package ${pkg.name}\n`);
	const out: string[] = [];
	for (const file of await loadFiles(u, ref, pkg, env)) {
		if (!inside(o.excl, file) || inside(o.incl, file)) out.push(file);
		else if (u.debug) await say(u.sys, 1, `Package ${pkg.name} exclude ${file}\n`);
	}
	if (u.debug) await say(u.sys, 1, 'Done\n');
	return out;
}

/** The four steps of one file; 0 when all went well. */
async function unifyFile(
	u: Vutil,
	o: Opts,
	ref: string,
	target: string,
	file: string
): Promise<number> {
	const sys = u.sys;
	const from = `/vservers/${ref}${file}`;
	const to = `/vservers/${target}${file}`;
	if (u.debug) await say(sys, 1, `Unify ${from} -> ${to}\n`);
	const st = await sys.stat(from);
	if (isErrno(st)) {
		if (u.debug) await say(sys, 1, `File ${from} does not exist, ignored\n`);
		return 0;
	}
	// 1. The reference may be immutable from an earlier run: free it for the link.
	if ((await setext2flag(u, from, false, o.flags)) !== 0) return -1;
	let ret = 0;
	// 2. The target's own copy (or an old link) goes.
	const gone = await vunlink(u, to);
	if (isErrno(gone) && gone.name !== 'ENOENT') {
		await say(sys, 2, `Can't delete file ${to} (${gone.message})\n`);
		ret = -1;
	} else {
		// 3. The reference's file takes its place: a link, or a private copy to undo sharing.
		const r = o.undo ? await vcopy(u, from, to, st) : await vlink(u, from, to);
		if (isErrno(r)) {
			const verb = o.undo ? 'copy' : 'link';
			await say(sys, 2, `Can't ${verb} file ${from} to ${to} (${r.message})\n`);
			ret = -1;
		}
	}
	// 4. Protected again, for every vserver sharing it.
	// CHOICE: the C port skipped this step when the unlink failed, leaving the reference's file
	// writable; a file missing in the target (ENOENT) is simply linked in.
	if ((await setext2flag(u, from, true, o.flags)) !== 0) ret = -1;
	return ret;
}

/**
 * /usr/lib/vserver/parserpmdump PREFIX...: reads `rpm -q --dump` lines and prints the path of
 * each regular file that is not a configuration file and not under one of the prefixes (the
 * files distrib-info calls unifiable).
 */
export async function parserpmdump(sys: Sys, argv: string[]): Promise<number> {
	const prefixes = argv.slice(1);
	let pending = '';
	let out = '';
	for (;;) {
		const r = await sys.read(0, 65536);
		if (isErrno(r) || r === '') break;
		pending += r;
	}
	for (const line of pending.split('\n')) {
		if (line === '' || prefixes.some((p) => line.startsWith(p))) continue;
		const w = line.split(' ');
		const mode = Number.parseInt(w[4] ?? '', 8);
		const config = Number.parseInt(w[7] ?? '', 10);
		if ((mode & S_IFMT) === S_IFREG && config === 0) out += w[0] + '\n';
	}
	if (out) await sys.write(1, out);
	return 0;
}
