// What vunify and vbuild share (vserver 0.22's vutil): the file operations that --test prints
// instead of doing, the ext2 flags of unification, a copy that keeps owner, mode and times, and
// the package lists read through /usr/lib/vserver/distrib-info (which runs rpm in the vserver).
import {
	EXT2_IMMUTABLE_FL,
	EXT2_IMMUTABLE_LINK_FL,
	EXT2_IOC_SETFLAGS,
	O_CREAT,
	O_RDONLY,
	O_TRUNC,
	O_WRONLY,
	S_IFDIR,
	S_IFMT,
	WEXITSTATUS,
	errno,
	isErrno,
	type Errno,
	type Stat,
	type Sys
} from '../../syscalls/index.ts';
import { say } from '../chcontext.ts';

/** The flags both tools set on a shared file unless told otherwise: immutable and may-unlink. */
export const DEFAULT_FLAGS = EXT2_IMMUTABLE_FL | EXT2_IMMUTABLE_LINK_FL;
export const DISTRIB_INFO = '/usr/lib/vserver/distrib-info';

/** One run's settings: --test prints each operation as a shell command instead of doing it. */
export interface Vutil {
	sys: Sys;
	test: boolean;
	debug: number;
}

/** A package as distrib-info's pkgversion reports it: `name=version-release`. */
export interface Pkg {
	name: string;
	version: string;
}

export function pkgLabel(p: Pkg): string {
	return `${p.name}-${p.version}`;
}

const fail = (r: 0 | Errno | number): r is Errno => isErrno(r);

/** Sets (or, with `set` false, clears) the unification flags of a file; -1 after a message. */
export async function setext2flag(
	u: Vutil,
	path: string,
	set: boolean,
	flags: number
): Promise<0 | -1> {
	if (u.test) return 0;
	const fd = await u.sys.open(path, O_RDONLY);
	if (isErrno(fd)) {
		await say(u.sys, 2, `Can't open file ${path} (${fd.message})\n`);
		return -1;
	}
	const r = await u.sys.ioctl(fd, EXT2_IOC_SETFLAGS, set ? flags : 0);
	await u.sys.close(fd);
	if (isErrno(r)) {
		// CHOICE: the C port printed a literal "(^s)" here (a typo in its format); we print strerror.
		await say(
			u.sys,
			2,
			`Can't ${set ? 'set' : 'unset'} immutable flag on file ${path} (${r.message})\n`
		);
		return -1;
	}
	return 0;
}

async function doOr<T extends 0 | Errno>(
	u: Vutil,
	shown: string,
	op: () => Promise<T>
): Promise<0 | Errno> {
	if (u.test) {
		await say(u.sys, 1, shown + '\n');
		return 0;
	}
	return op();
}

export function vlink(u: Vutil, from: string, to: string): Promise<0 | Errno> {
	return doOr(u, `ln ${from} ${to}`, () => u.sys.link(from, to));
}

export function vunlink(u: Vutil, path: string): Promise<0 | Errno> {
	return doOr(u, `unlink ${path}`, () => u.sys.unlink(path));
}

export function vsymlink(u: Vutil, target: string, path: string): Promise<0 | Errno> {
	return doOr(u, `ln -s ${target} ${path}`, () => u.sys.symlink(target, path));
}

export function vchown(u: Vutil, path: string, uid: number, gid: number): Promise<0 | Errno> {
	return doOr(u, `chown ${uid}.${gid} ${path}`, () => u.sys.chown(path, uid, gid, false));
}

/** mkdir, or chmod when the directory is already there. */
export function vmkdir(u: Vutil, path: string, mode: number): Promise<0 | Errno> {
	const perm = mode & 0o7777;
	return doOr(u, `mkdir ${path}; chmod ${perm.toString(8)} ${path}`, async () => {
		const r = await u.sys.mkdir(path, perm);
		if (isErrno(r) && r.name === 'EEXIST') {
			const st = await u.sys.lstat(path);
			if (!isErrno(st) && (st.mode & S_IFMT) === S_IFDIR) return u.sys.chmod(path, perm);
		}
		return r;
	});
}

export function vmknod(u: Vutil, path: string, mode: number, rdev: number): Promise<0 | Errno> {
	const dev = `${hex2(rdev >> 8)}:${hex2(rdev & 0xff)}`;
	return doOr(u, `mknod ${path} ${mode.toString(8)} ${dev}`, async () => {
		const r = await u.sys.mknod(path, mode, rdev);
		if (isErrno(r) && r.name === 'EEXIST') {
			const st = await u.sys.lstat(path);
			if (!isErrno(st) && (st.mode & S_IFMT) === (mode & S_IFMT) && st.rdev === rdev) {
				return u.sys.chmod(path, mode & 0o7777);
			}
		}
		return r;
	});
}

function hex2(n: number): string {
	return n.toString(16).padStart(2, '0');
}

/** Copies a file with its owner, mode and times (st is the source's lstat). */
export function vcopy(u: Vutil, from: string, to: string, st: Stat): Promise<0 | Errno> {
	return doOr(u, `cp -a ${from} ${to}`, async () => {
		const sys = u.sys;
		const src = await sys.open(from, O_RDONLY);
		if (isErrno(src)) {
			await say(sys, 2, `Can't open file ${from} (${src.message})\n`);
			return src;
		}
		const dst = await sys.open(to, O_WRONLY | O_CREAT | O_TRUNC, 0o666);
		if (isErrno(dst)) {
			await say(sys, 2, `Can't open file ${to} (${dst.message})\n`);
			await sys.close(src);
			return dst;
		}
		let r: 0 | Errno = 0;
		for (;;) {
			const chunk = await sys.read(src, 8192);
			if (isErrno(chunk) || chunk === '') break;
			const w = await sys.write(dst, chunk);
			if (isErrno(w)) {
				r = w;
				break;
			}
		}
		await sys.close(src);
		await sys.close(dst);
		if (r) return r;
		const c = await sys.chown(to, st.uid, st.gid);
		if (fail(c)) {
			await say(sys, 2, `Can't chown file ${to} (${c.message})\n`);
			return c;
		}
		const m = await sys.chmod(to, st.mode & 0o7777);
		if (fail(m)) {
			await say(sys, 2, `Can't chmod file ${to} (${m.message})\n`);
			return m;
		}
		const t = await sys.utimes(to, st.atime, st.mtime);
		if (fail(t)) await say(sys, 2, `Can't set time stamp on file ${to} (${t.message})\n`);
		return 0;
	});
}

/**
 * popen(3) for reading: runs argv with its standard output on a pipe and returns what it
 * printed (its standard error stays ours), or an errno if it could not be started.
 */
export async function popen(
	sys: Sys,
	argv: string[],
	env: Record<string, string>
): Promise<string | Errno> {
	const p = await sys.pipe();
	if (isErrno(p)) return p;
	const [rd, wr] = p;
	const pid = await sys.fork(async (child) => {
		await child.close(rd);
		await child.dup2(wr, 1);
		await child.close(wr);
		const e = await child.execve(argv[0]!, argv, env);
		await say(child, 2, `Can't execute command ${argv.join(' ')} (${e.message})\n`);
		return 127;
	});
	await sys.close(wr);
	if (isErrno(pid)) {
		await sys.close(rd);
		return pid;
	}
	let out = '';
	for (;;) {
		const r = await sys.read(rd, 65536);
		if (isErrno(r) || r === '') break;
		out += r;
	}
	await sys.close(rd);
	const w = await sys.waitpid(pid, 0);
	if (!isErrno(w) && WEXITSTATUS(w.status) === 127) return errno('ENOEXEC');
	return out;
}

function lines(text: string | Errno): string[] {
	if (isErrno(text)) return [];
	return text.split('\n').filter((l) => l !== '');
}

/** distrib-info SERVER pkgversion: the server's packages, as `name=version-release` lines. */
export async function loadPackages(
	u: Vutil,
	server: string,
	env: Record<string, string>
): Promise<Pkg[]> {
	const out: Pkg[] = [];
	for (const line of lines(await popen(u.sys, [DISTRIB_INFO, server, 'pkgversion'], env))) {
		const i = line.indexOf('=');
		if (i !== -1) out.push({ name: line.slice(0, i), version: line.slice(i + 1) });
	}
	return out;
}

/** distrib-info SERVER unifiles NAME-VERSION: the package's files that may be shared. */
export async function loadFiles(
	u: Vutil,
	server: string,
	pkg: Pkg,
	env: Record<string, string>
): Promise<string[]> {
	return lines(await popen(u.sys, [DISTRIB_INFO, server, 'unifiles', pkgLabel(pkg)], env));
}

/** A path is inside one of the directories (given as absolute paths in the vserver). */
export function inside(dirs: string[], path: string): boolean {
	return dirs.some((d) => path.startsWith(d + '/'));
}
