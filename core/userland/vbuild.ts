// /usr/lib/vserver/vbuild (vserver 0.22): makes a new vserver tree from a reference one, linking
// the packages' unifiable files (made immutable and unlinkable, as vunify does) and copying the
// rest: configuration files, logs and whatever no package owns (reference §3.7). Both trees must
// be on one filesystem, since hard links cannot cross filesystems.
import {
	O_DIRECTORY,
	O_RDONLY,
	S_IFBLK,
	S_IFCHR,
	S_IFDIR,
	S_IFIFO,
	S_IFLNK,
	S_IFMT,
	S_IFSOCK,
	EXT2_IMMUTABLE_FL,
	EXT2_IMMUTABLE_LINK_FL,
	isErrno,
	type Errno,
	type Sys
} from '../syscalls/index.ts';
import { FAILED, say } from './chcontext.ts';
import {
	DEFAULT_FLAGS,
	inside,
	loadFiles,
	loadPackages,
	setext2flag,
	vchown,
	vcopy,
	vlink,
	vmkdir,
	vmknod,
	vsymlink,
	type Vutil
} from './lib/vutil.ts';

const USAGE = `vbuild version 0.22

vbuild [ options ] reference-server new-vserver

--test: show what would be done without doing it.
--debug: print what is going on (repeat it for more).

--excldir DIR: copy no file below DIR, a path inside the vservers
        (for example /var/log).

--noflags: put no immutable flag on the shared files.
--immutable: set the immutable bit on the shared files.
--immutable-mayunlink: set the immutable-link bit on the shared files.
--stats: count the files linked, copied and so on.

Both immutable bits are set unless told otherwise: --noflags clears
them, and --immutable or --immutable-mayunlink after it sets one alone.
`;

interface Run {
	u: Vutil;
	flags: number;
	excl: string[];
	/** Files of the packages (paths inside the vserver) that are linked rather than copied. */
	shared: Set<string>;
	dev: number;
	stats: {
		dirs: number;
		copied: number;
		bytes: number;
		linked: number;
		symlinks: number;
		special: number;
	};
}

export async function vbuild(
	sys: Sys,
	argv: string[],
	env: Record<string, string>
): Promise<number> {
	const u: Vutil = { sys, test: false, debug: 0 };
	let flags = DEFAULT_FLAGS;
	let statistics = false;
	const excl: string[] = [];
	let i = 1;
	for (; i < argv.length; i++) {
		const a = argv[i]!;
		if (a === '--test') u.test = true;
		else if (a === '--debug') u.debug++;
		else if (a === '--stats') statistics = true;
		else if (a === '--noflags') flags = 0;
		else if (a === '--immutable') flags |= EXT2_IMMUTABLE_FL;
		else if (a === '--immutable-mayunlink') flags |= EXT2_IMMUTABLE_LINK_FL;
		else if (a === '--excldir' && i + 1 < argv.length) excl.push(argv[++i]!.replace(/\/+$/, ''));
		else break;
	}
	if (i !== argv.length - 2) {
		await say(sys, 2, USAGE);
		return FAILED;
	}
	const ref = argv[i]!;
	const dest = argv[i + 1]!;
	const shared = new Set<string>();
	for (const pkg of await loadPackages(u, ref, env)) {
		for (const f of await loadFiles(u, ref, pkg, env)) shared.add(f);
	}
	await sys.umask(0);
	// Made even under --test, as the 2003 tool did, so the volume check below can look at it.
	await sys.mkdir(dest, 0o755);
	const a = await sys.lstat(ref);
	const b = await sys.lstat(dest);
	if (isErrno(a)) {
		await say(sys, 2, `Can't lstat file ${ref} (${a.message})\n`);
		return FAILED;
	}
	if (isErrno(b)) {
		await say(sys, 2, `Can't lstat file ${dest} (${b.message})\n`);
		return FAILED;
	}
	if (a.dev !== b.dev) {
		await say(sys, 2, `Can't vbuild ${dest} because it is not on the same volume as ${ref}\n`);
		return FAILED;
	}
	const run: Run = {
		u,
		flags,
		excl,
		shared,
		dev: a.dev,
		stats: { dirs: 0, copied: 0, bytes: 0, linked: 0, symlinks: 0, special: 0 }
	};
	const ok = await copyDir(run, ref, dest, '');
	if (statistics) {
		const s = run.stats;
		await say(
			sys,
			1,
			`Directory created: ${s.dirs}\nFiles copied     : ${s.copied}\nBytes copied     : ${s.bytes}\n` +
				`Files linked     : ${s.linked}\nFiles symlinked  : ${s.symlinks}\nSpecial files    : ${s.special}\n`
		);
	}
	return ok ? 0 : FAILED;
}

async function copyDir(run: Run, from: string, to: string, logical: string): Promise<boolean> {
	const { u } = run;
	const sys = u.sys;
	if (u.debug > 0) await say(sys, 1, `Copying directory ${logical}\n`);
	const names = await list(sys, from);
	if (isErrno(names)) {
		await say(sys, 2, `Can't open directory ${from} (${names.message})\n`);
		return false;
	}
	const dir = logical + '/';
	const copyFiles = !inside(run.excl, dir);
	for (const name of names) {
		const src = `${from}/${name}`;
		const dst = `${to}/${name}`;
		const path = dir + name;
		const st = await sys.lstat(src);
		if (isErrno(st)) {
			await say(sys, 2, `Can't lstat file ${src} (${st.message})\n`);
			return false;
		}
		if (st.dev !== run.dev) {
			if (u.debug > 0) await say(sys, 1, `Ignore sub-directory ${src}\n`);
			continue;
		}
		const kind = st.mode & S_IFMT;
		if (kind === S_IFDIR) {
			const r = await vmkdir(u, dst, st.mode);
			if (isErrno(r)) {
				await say(sys, 2, `Can't mkdir ${dst} (${r.message})\n`);
				return false;
			}
			run.stats.dirs++;
			const c = await vchown(u, dst, st.uid, st.gid);
			if (isErrno(c)) {
				await say(sys, 2, `Can't chown ${dst} (${c.message})\n`);
				return false;
			}
			if (!(await copyDir(run, src, dst, path))) return false;
		} else if (kind === S_IFLNK) {
			const target = await sys.readlink(src);
			if (isErrno(target)) {
				await say(sys, 2, `Can't readlink ${src} (${target.message})\n`);
				return false;
			}
			run.stats.symlinks++;
			const r = await vsymlink(u, target, dst);
			if (isErrno(r)) await say(sys, 2, `Can't symlink ${dst} to ${target} (${r.message})\n`);
		} else if (kind === S_IFBLK || kind === S_IFCHR || kind === S_IFIFO) {
			run.stats.special++;
			const r = await vmknod(u, dst, st.mode, st.rdev);
			if (isErrno(r)) {
				await say(sys, 2, `Can't mknod ${dst} (${r.message})\n`);
				return false;
			}
		} else if (kind === S_IFSOCK || !copyFiles) {
			// Sockets belong to a running program; files under --excldir are left out.
		} else if (!run.shared.has(path)) {
			if (u.debug > 1) await say(sys, 1, `Copying file ${src}\n`);
			const r = await vcopy(u, src, dst, st);
			if (isErrno(r)) {
				await say(sys, 2, `Can't copy ${src} to ${dst} (${r.message})\n`);
				return false;
			}
			run.stats.bytes += st.size;
			run.stats.copied++;
		} else {
			if (u.debug > 2) await say(sys, 1, `Linking file ${src}\n`);
			await setext2flag(u, src, false, run.flags);
			run.stats.linked++;
			const r = await vlink(u, src, dst);
			if (isErrno(r)) {
				await say(sys, 2, `Can't link ${src} to ${dst} (${r.message})\n`);
				await setext2flag(u, src, true, run.flags);
				return false;
			}
			await setext2flag(u, src, true, run.flags);
		}
	}
	return true;
}

async function list(sys: Sys, dir: string): Promise<string[] | Errno> {
	const fd = await sys.open(dir, O_RDONLY | O_DIRECTORY);
	if (isErrno(fd)) return fd;
	const names: string[] = [];
	for (;;) {
		const r = await sys.getdents(fd);
		if (isErrno(r) || r.length === 0) break;
		for (const d of r) if (d.name !== '.' && d.name !== '..') names.push(d.name);
	}
	await sys.close(fd);
	return names;
}
