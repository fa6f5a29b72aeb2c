// Filesystem system calls with Linux 2.4's checks, in 2.4's order: open/read/write on files and
// directories, metadata, links, rename and unlink, the working directory and the root, ext2
// attributes, statfs and mount. Handlers take the kernel and the calling process.
import { errno, isErrno, type Errno } from '../kernel/errno.ts';
import {
	O_ACCMODE,
	O_APPEND,
	O_CREAT,
	O_DIRECTORY,
	O_EXCL,
	O_NOFOLLOW,
	O_RDONLY,
	O_TRUNC,
	O_WRONLY,
	readable,
	writable,
	type FileOps,
	type OpenFile
} from '../kernel/file.ts';
import type { Kernel } from '../kernel/kernel.ts';
import type { Process } from '../kernel/process.ts';
import {
	CAP_CHOWN,
	CAP_FOWNER,
	CAP_FSETID,
	EXT2_APPEND_FL,
	EXT2_IMMUTABLE_FL,
	EXT2_IMMUTABLE_LINK_FL,
	MAY_EXEC,
	MAY_READ,
	MAY_WRITE,
	MS_NODEV,
	S_IFBLK,
	S_IFCHR,
	S_IFDIR,
	S_IFIFO,
	S_IFLNK,
	S_IFMT,
	S_IFREG,
	S_IFSOCK,
	S_ISGID,
	S_ISUID,
	S_ISVTX,
	kindOf,
	type Inode,
	type PathContext,
	type Resolved,
	type ResolveOptions
} from '../kernel/vfs.ts';
import { Pipe, pipeOps } from '../kernel/pipe.ts';
import { Tty } from '../kernel/tty.ts';
import { roomLeft, statfsOf, sysMount, sysUmount, type Statfs } from '../kernel/mount.ts';
import {
	chargeNewInode,
	quotaFits,
	quotaFree,
	quotaFull,
	quotaResize,
	tagInode
} from '../kernel/later-switch.ts';

const CAP_LINUX_IMMUTABLE = 9;
const CAP_SYS_CHROOT = 18;
const CAP_MKNOD = 27;
/** ext2's limit on hard links to one inode (EMLINK beyond). */
const EXT2_LINK_MAX = 32000;
/** The attribute bits chattr may change, and those lsattr sees (2.4's ext2_fs.h). */
const EXT2_FL_USER_MODIFIABLE = 0x000380ff;
const EXT2_FL_USER_VISIBLE = 0x0003dfff;
const PIPEFS_MAGIC = 0x50495045;

export { sysMount, sysUmount, type Statfs };

export interface Stat {
	dev: number;
	ino: number;
	mode: number;
	nlink: number;
	uid: number;
	gid: number;
	rdev: number;
	size: number;
	blksize: number;
	blocks: number;
	atime: number;
	mtime: number;
	ctime: number;
}

export interface Dirent {
	name: string;
	ino: number;
	/** d_type-like kind. */
	type: ReturnType<typeof kindOf>;
}

function generated(inode: Inode): boolean {
	return (
		inode.generate !== undefined ||
		inode.lookup !== undefined ||
		inode.readlink !== undefined ||
		inode.follow !== undefined
	);
}

export function statOf(inode: Inode): Stat {
	const size = inodeSize(inode);
	const kind = kindOf(inode.mode);
	// 512-byte units of whole 4 KiB blocks; a short symlink lives in its inode (ext2 fast symlink).
	let blocks = 0;
	if (kind === 'file') blocks = Math.ceil(size / 4096) * 8;
	else if (kind === 'dir' && inode.fs.type === 'ext2') blocks = 8;
	else if (kind === 'symlink' && size > 60) blocks = 8;
	return {
		dev: inode.fs.dev,
		ino: inode.ino,
		mode: inode.mode,
		nlink: inode.nlink,
		uid: inode.uid,
		gid: inode.gid,
		rdev: inode.rdev,
		size,
		blksize: 4096,
		blocks,
		atime: inode.atime,
		mtime: inode.mtime,
		ctime: inode.ctime
	};
}

function inodeSize(inode: Inode): number {
	switch (kindOf(inode.mode)) {
		case 'file':
			return inode.generate ? 0 : inode.data.length;
		case 'dir':
			// ext2 directories take a block; 2.4's tmpfs counts 20 bogus bytes per entry and 2 more.
			if (inode.fs.type === 'ext2') return 4096;
			if (inode.fs.type === 'tmpfs') return 20 * (inode.entries!.size + 2);
			return 0;
		case 'symlink':
			return generated(inode) ? 0 : inode.target.length;
		default:
			return 0;
	}
}

/** The immutable bit: no writing, truncating, renaming over, chmod or chown. */
export function isImmutable(inode: Inode): boolean {
	return (inode.flags & EXT2_IMMUTABLE_FL) !== 0;
}

/**
 * The ctx patch's unification rule: an immutable name may still be unlinked (or moved away) when
 * immutable-link-invert is set too. CHOICE: the link bit alone changes nothing (the tools always
 * set both).
 */
function nameFrozen(inode: Inode): boolean {
	return isImmutable(inode) && !(inode.flags & EXT2_IMMUTABLE_LINK_FL);
}

/** The tmpfs size limit: how much of `data.length` bytes at `pos` fits (pages are whole). */
function fits(inode: Inode, pos: number, length: number): number {
	const grow = Math.ceil((pos + length) / 4096) - Math.ceil(inode.data.length / 4096);
	if (grow <= 0) return length;
	const room = roomLeft(inode.fs);
	if (room >= grow * 4096) return length;
	const end = (Math.ceil(inode.data.length / 4096) + room / 4096) * 4096;
	return Math.max(0, Math.min(length, end - pos));
}

/** Regular files: reads and writes at the description's offset. */
export const regularOps: FileOps = {
	seekable: true,
	read(file: OpenFile, count: number, proc: Process) {
		const inode = file.inode!;
		const data = inode.generate ? generatedText(file, proc) : inode.data;
		const out = data.slice(file.pos, file.pos + count);
		file.pos += out.length;
		return out;
	},
	write(file: OpenFile, data: string, proc: Process) {
		const inode = file.inode!;
		if (inode.generate) return errno('EINVAL');
		// CHOICE: a file made immutable after it was opened refuses writes too.
		if (isImmutable(inode)) return errno('EPERM');
		if (file.flags & O_APPEND) file.pos = inode.data.length;
		const n = fits(inode, file.pos, data.length);
		if (n === 0 && data.length > 0) return errno('ENOSPC');
		// The later kernel's disk limit of the context the file is charged to (later.ts).
		const q = quotaFits(inode, file.pos, n);
		if (q === 0 && n > 0) return quotaFull(proc, inode);
		const chunk = data.slice(0, q);
		const cur = inode.data;
		const pad = file.pos > cur.length ? '\0'.repeat(file.pos - cur.length) : '';
		inode.data = cur.slice(0, file.pos) + pad + chunk + cur.slice(file.pos + chunk.length);
		quotaResize(inode, cur.length, inode.data.length);
		file.pos += chunk.length;
		return chunk.length;
	}
};

/** A generated file (/proc) is computed once per open, so a reader sees one consistent text. */
function generatedText(file: OpenFile, proc: Process): string {
	if (typeof file.priv !== 'string') file.priv = file.inode!.generate!(proc);
	return file.priv as string;
}

/** A directory's operations: read and write refuse (getdents reads it). One object for all. */
const DIR_OPS: FileOps = {
	seekable: true,
	read: () => errno('EISDIR'),
	write: () => errno('EISDIR')
};

/** A directory whose entries /proc or devpts generate: it has no create, link or unlink. */
function generatedDir(dir: Inode): boolean {
	return dir.lookup !== undefined;
}

/** may_create(): a directory removed under us (ENOENT), then write and search permission. */
function mayCreate(k: Kernel, p: PathContext, dir: Inode): Errno | null {
	if (k.vfs.isDead(dir)) return errno('ENOENT');
	return k.vfs.access(p, dir, MAY_WRITE | MAY_EXEC);
}

/**
 * may_delete(): write and search on the directory, no append-only directory, the sticky rule
 * (owner of the file or of the directory, or CAP_FOWNER), no append-only or frozen victim, and
 * the right kind (ENOTDIR for rmdir, EISDIR for unlink, EBUSY for a filesystem's root).
 */
function mayDelete(k: Kernel, p: Process, dir: Inode, victim: Inode, isDir: boolean): Errno | null {
	const denied = k.vfs.access(p, dir, MAY_WRITE | MAY_EXEC);
	if (denied) return denied;
	if (dir.flags & EXT2_APPEND_FL) {
		return refuse(k, p, 'attribute', 'the directory is append-only (ext2 attribute a)');
	}
	if (
		dir.mode & S_ISVTX &&
		p.creds.fsuid !== victim.uid &&
		p.creds.fsuid !== dir.uid &&
		!p.capable(CAP_FOWNER)
	) {
		const mode = (dir.mode & 0o7777).toString(8);
		return refuse(
			k,
			p,
			'mode',
			`the directory is sticky (mode ${mode}): only the owner of the name or of the directory may remove it`
		);
	}
	if (victim.flags & EXT2_APPEND_FL) {
		return refuse(k, p, 'attribute', 'the file is append-only (ext2 attribute a)');
	}
	if (nameFrozen(victim)) return refuse(k, p, 'attribute', IMMUTABLE_NAME);
	const victimIsDir = kindOf(victim.mode) === 'dir';
	if (isDir) {
		if (!victimIsDir) return errno('ENOTDIR');
		if (victim.parent === victim) return errno('EBUSY');
	} else if (victimIsDir) return errno('EISDIR');
	return null;
}

const IMMUTABLE_NAME =
	'the file is immutable (ext2 attribute i) without immutable-link-invert: its names stay';
const IMMUTABLE = 'the file is immutable (ext2 attribute i): nobody may change it, not even root';

function frozen(inode: Inode): string {
	return isImmutable(inode) ? IMMUTABLE : 'the file is append-only (ext2 attribute a)';
}

/** EPERM with its reason recorded for strace and the inspector. */
function refuse(k: Kernel, p: Process, kind: 'attribute' | 'mode', text: string): Errno {
	k.deny(p, { kind, text });
	return errno('EPERM');
}

/** New files take the directory's group when it is setgid (BSD semantics), else the fsgid. */
function gidFor(dir: Inode, p: Process): number {
	return dir.mode & S_ISGID ? dir.gid : p.creds.fsgid;
}

function unlinkName(k: Kernel, dir: Inode, name: string): void {
	dir.entries!.delete(name);
	dir.mtime = dir.ctime = k.now();
}

/** open's four kinds of lookup, by (follow ? 1 : 0) | (O_CREAT ? 2 : 0): made once, not per open. */
const OPEN_LOOKUP: readonly ResolveOptions[] = [
	{ follow: false, parentOk: false },
	{ follow: true, parentOk: false },
	{ follow: false, parentOk: true },
	{ follow: true, parentOk: true }
];

/** open(2) as 2.4's open_namei and dentry_open. */
export function sysOpen(
	k: Kernel,
	p: Process,
	path: string,
	flags: number,
	mode: number
): number | Errno {
	const acc = flags & O_ACCMODE;
	const creat = (flags & O_CREAT) !== 0;
	const excl = creat && (flags & O_EXCL) !== 0;
	// O_EXCL never follows a symlink in the last component: it exists, so EEXIST.
	const follow = !(flags & O_NOFOLLOW) && !excl;
	const r = k.vfs.resolve(p, path, OPEN_LOOKUP[(follow ? 1 : 0) | (creat ? 2 : 0)]);
	if (isErrno(r)) return r;
	let inode = r.inode;
	let created = false;
	if (creat) {
		if (r.last !== 'norm' || r.trailingSlash) return errno('EISDIR');
		if (inode && excl) return errno('EEXIST');
		if (inode && kindOf(inode.mode) === 'dir') return errno('EISDIR');
		if (!inode) {
			const denied = mayCreate(k, p, r.parent);
			if (denied) return denied;
			// Linux: vfs_create answers EACCES for a directory without a create operation (/proc).
			if (generatedDir(r.parent)) return errno('EACCES');
			const q = chargeNewInode(k, p, r.parent.fs);
			if (isErrno(q)) return q;
			inode = k.vfs.newInode(
				r.parent.fs,
				S_IFREG | (mode & 0o7777 & ~p.umask),
				p.creds.fsuid,
				gidFor(r.parent, p)
			);
			tagInode(inode, q);
			k.vfs.link(r.parent, r.name, inode);
			created = true;
		}
	}
	const file = inode!;
	const kind = kindOf(file.mode);
	let wantWrite = acc !== O_RDONLY;
	if (!created) {
		if (kind === 'symlink') return errno('ELOOP');
		if (flags & O_DIRECTORY && kind !== 'dir') return errno('ENOTDIR');
		if (kind === 'dir' && wantWrite) return errno('EISDIR');
		// filp_open(): O_TRUNC asks for write permission even with O_RDONLY.
		const mask =
			(acc === O_WRONLY ? 0 : MAY_READ) |
			(acc === O_RDONLY ? 0 : MAY_WRITE) |
			(flags & O_TRUNC ? MAY_WRITE : 0);
		const denied = k.vfs.access(p, file, mask);
		if (denied) return denied;
		if ((kind === 'chr' || kind === 'blk') && r.mnt.flags & MS_NODEV) return errno('EACCES');
		if (file.flags & EXT2_APPEND_FL && ((wantWrite && !(flags & O_APPEND)) || flags & O_TRUNC)) {
			return errno('EPERM');
		}
		wantWrite ||= (flags & O_TRUNC) !== 0;
	}
	let f: OpenFile | Errno;
	const reopen = (file.attached as { reopen?: OpenFile } | undefined)?.reopen;
	if (reopen) f = k.newFile(reopen.ops, flags, reopen.path, null, reopen.priv);
	else if (kind === 'chr') f = k.openDevice(p, file.rdev, flags, path);
	else if (kind === 'fifo') f = openFifo(k, file, flags, path);
	else if (kind === 'dir') f = k.newFile(DIR_OPS, flags, path, file);
	else if (kind === 'file') {
		if (flags & O_TRUNC && wantWrite && !created && !file.generate && file.data !== '') {
			quotaResize(file, file.data.length, 0);
			file.data = '';
			file.mtime = file.ctime = k.now();
		}
		f = k.newFile(regularOps, flags, path, file);
	} else return errno('ENXIO'); // sockets and block devices: no driver behind the name
	if (isErrno(f)) return f;
	if (!reopen) f.inode = file;
	f.refs = 1;
	k.vfs.placeFile(f, {
		dir: { mnt: r.parentMnt, inode: r.parent },
		name: r.name,
		inode: file,
		mnt: r.mnt
	});
	return k.installFd(p, f, (flags & 0o2000000) !== 0);
}

/** SIMPLIFIED: opening a FIFO does not wait for the other end; the pipe is shared by the inode. */
function openFifo(k: Kernel, inode: Inode, flags: number, path: string): OpenFile {
	let pipe = inode.attached as Pipe | undefined;
	if (!pipe) inode.attached = pipe = new Pipe();
	const { readEnd, writeEnd } = pipeOps((proc) => k.sendSigpipe(proc));
	const acc = flags & O_ACCMODE;
	if (acc !== O_WRONLY) pipe.readers++;
	if (acc !== O_RDONLY) pipe.writers++;
	const ops: FileOps = {
		read: readEnd.read,
		write: writeEnd.write,
		poll: acc === O_WRONLY ? writeEnd.poll : readEnd.poll,
		release(f) {
			if (acc !== O_WRONLY) readEnd.release!(f);
			if (acc !== O_RDONLY) writeEnd.release!(f);
		}
	};
	return k.newFile(ops, flags, path, inode, pipe);
}

export function fdFile(p: Process, fd: number): OpenFile | Errno {
	const e = p.fds.get(fd);
	return e ? e.file : errno('EBADF');
}

export function sysRead(k: Kernel, p: Process, fd: number, count: number) {
	const f = fdFile(p, fd);
	if (isErrno(f)) return f;
	if (!readable(f)) return errno('EBADF');
	if (!f.ops.read) return errno('EINVAL');
	const r = f.ops.read(f, count, p);
	if (typeof r === 'string' && f.inode && kindOf(f.inode.mode) === 'file') f.inode.atime = k.now();
	return r;
}

export function sysLseek(p: Process, fd: number, offset: number, whence: number): number | Errno {
	const f = fdFile(p, fd);
	if (isErrno(f)) return f;
	if (!f.ops.seekable) return errno('ESPIPE');
	const size = f.inode ? (f.inode.generate ? String(f.priv ?? '').length : f.inode.data.length) : 0;
	const base = whence === 0 ? 0 : whence === 1 ? f.pos : whence === 2 ? size : NaN;
	if (Number.isNaN(base)) return errno('EINVAL');
	const pos = base + offset;
	if (pos < 0) return errno('EINVAL');
	f.pos = pos;
	return pos;
}

export function sysStat(k: Kernel, p: Process, path: string, follow: boolean): Stat | Errno {
	const r = k.vfs.resolve(p, path, { follow });
	if (isErrno(r)) return r;
	return statOf(r.inode!);
}

export function sysFstat(k: Kernel, p: Process, fd: number): Stat | Errno {
	const f = fdFile(p, fd);
	if (isErrno(f)) return f;
	if (f.inode) return statOf(f.inode);
	// A terminal opened by the kernel is its /dev/pts node.
	if (f.priv instanceof Tty) return statOf(k.devpts.node(f.priv));
	const t = k.now();
	const ino = f.priv instanceof Pipe ? k.procfs.pipeIno(f.priv) : 0;
	return {
		dev: 0,
		ino,
		mode: S_IFIFO | 0o600,
		nlink: 1,
		uid: p.creds.euid,
		gid: p.creds.egid,
		rdev: 0,
		size: 0,
		blksize: 4096,
		blocks: 0,
		atime: t,
		mtime: t,
		ctime: t
	};
}

/** getdents(2): the whole directory at once; `..` is the filesystem's own parent entry. */
export function sysGetdents(k: Kernel, p: Process, fd: number): Dirent[] | Errno {
	const f = fdFile(p, fd);
	if (isErrno(f)) return f;
	const dir = f.inode;
	if (!dir || kindOf(dir.mode) !== 'dir') return errno('ENOTDIR');
	// 2.4's vfs_readdir: a removed directory reads as ENOENT.
	if (k.vfs.isDead(dir)) return errno('ENOENT');
	if (f.pos > 0) return [];
	const parent = dir.parent ?? dir;
	const list: Dirent[] = [
		{ name: '.', ino: dir.ino, type: 'dir' },
		{ name: '..', ino: parent.ino, type: 'dir' }
	];
	const entries = dir.list ? dir.list(p) : [...dir.entries!];
	for (const [name, child] of entries) {
		list.push({ name, ino: child.ino, type: kindOf(child.mode) });
	}
	f.pos = list.length;
	dir.atime = k.now();
	return list;
}

/** The lookup every call that makes a name does: the parent, the last name, no following. */
function lookupCreate(k: Kernel, p: Process, path: string): Resolved | Errno {
	const r = k.vfs.resolve(p, path, { nameOnly: true, parentOk: true });
	if (isErrno(r)) return r;
	if (r.inode) return errno('EEXIST');
	return r;
}

export function sysMkdir(k: Kernel, p: Process, path: string, mode: number): 0 | Errno {
	const r = lookupCreate(k, p, path);
	if (isErrno(r)) return r;
	const denied = mayCreate(k, p, r.parent);
	if (denied) return denied;
	if (generatedDir(r.parent)) return errno('EPERM');
	if (r.parent.nlink >= EXT2_LINK_MAX) return errno('EMLINK');
	const q = chargeNewInode(k, p, r.parent.fs);
	if (isErrno(q)) return q;
	const d = k.vfs.newInode(
		r.parent.fs,
		S_IFDIR | (mode & (0o777 | S_ISVTX) & ~p.umask),
		p.creds.fsuid,
		gidFor(r.parent, p)
	);
	tagInode(d, q);
	if (r.parent.mode & S_ISGID) d.mode |= S_ISGID;
	k.vfs.link(r.parent, r.name, d);
	return 0;
}

export function sysRmdir(k: Kernel, p: Process, path: string): 0 | Errno {
	const r = k.vfs.resolve(p, path, { nameOnly: true });
	if (isErrno(r)) return r;
	// 2.4's do_rmdir: `..` is never empty, `.` and `/` are busy.
	if (r.last === 'dotdot') return errno('ENOTEMPTY');
	if (r.last !== 'norm') return errno('EBUSY');
	const d = r.inode!;
	const denied = mayDelete(k, p, r.parent, d, true);
	if (denied) return denied;
	if (generatedDir(r.parent)) return errno('EPERM');
	if (k.vfs.isMountpoint(d)) return errno('EBUSY');
	if (d.lookup || d.entries!.size > 0) return errno('ENOTEMPTY');
	unlinkName(k, r.parent, r.name);
	r.parent.nlink--;
	d.nlink = 0;
	quotaFree(d);
	d.ctime = k.now();
	k.vfs.setName(d, r.name);
	return 0;
}

export function sysUnlink(k: Kernel, p: Process, path: string): 0 | Errno {
	const r = k.vfs.resolve(p, path, { nameOnly: true });
	if (isErrno(r)) return r;
	if (r.last !== 'norm') return errno('EISDIR');
	const f = r.inode!;
	const denied = mayDelete(k, p, r.parent, f, false);
	if (denied) return denied;
	if (generatedDir(r.parent)) return errno('EPERM');
	if (k.vfs.isMountpoint(f)) return errno('EBUSY');
	unlinkName(k, r.parent, r.name);
	f.nlink--;
	if (f.nlink === 0) quotaFree(f);
	f.ctime = k.now();
	return 0;
}

/** link(2): 2.4 does not follow a symlink given as the old name; the new name is in the same mount. */
export function sysLink(k: Kernel, p: Process, oldPath: string, newPath: string): 0 | Errno {
	const o = k.vfs.resolve(p, oldPath, { follow: false });
	if (isErrno(o)) return o;
	const n = k.vfs.resolve(p, newPath, { nameOnly: true, parentOk: true });
	if (isErrno(n)) return n;
	if (o.mnt !== n.parentMnt) return errno('EXDEV');
	if (n.inode) return errno('EEXIST');
	const inode = o.inode!;
	const denied = mayCreate(k, p, n.parent);
	if (denied) return denied;
	if (inode.fs !== n.parent.fs) return errno('EXDEV');
	// CHOICE: a new link to an immutable file is refused even with immutable-link-invert, which is
	// why vunify clears the flags on the reference file before linking it (reference §3.7).
	if (inode.flags & (EXT2_APPEND_FL | EXT2_IMMUTABLE_FL)) {
		return refuse(k, p, 'attribute', frozen(inode));
	}
	if (kindOf(inode.mode) === 'dir' || generatedDir(n.parent)) return errno('EPERM');
	if (inode.nlink >= EXT2_LINK_MAX) return errno('EMLINK');
	k.vfs.link(n.parent, n.name, inode);
	inode.ctime = k.now();
	return 0;
}

export function sysSymlink(k: Kernel, p: Process, target: string, path: string): 0 | Errno {
	if (target === '') return errno('ENOENT');
	const r = lookupCreate(k, p, path);
	if (isErrno(r)) return r;
	const denied = mayCreate(k, p, r.parent);
	if (denied) return denied;
	if (generatedDir(r.parent)) return errno('EPERM');
	const q = chargeNewInode(k, p, r.parent.fs);
	if (isErrno(q)) return q;
	const l = k.vfs.newInode(r.parent.fs, S_IFLNK | 0o777, p.creds.fsuid, gidFor(r.parent, p));
	tagInode(l, q);
	l.target = target;
	k.vfs.link(r.parent, r.name, l);
	return 0;
}

export function sysReadlink(k: Kernel, p: Process, path: string): string | Errno {
	const r = k.vfs.resolve(p, path, { follow: false });
	if (isErrno(r)) return r;
	const l = r.inode!;
	if (kindOf(l.mode) !== 'symlink') return errno('EINVAL');
	return l.readlink ? l.readlink(p) : l.target;
}

/** rename(2) as 2.4's do_rename and vfs_rename_dir/other. */
export function sysRename(k: Kernel, p: Process, from: string, to: string): 0 | Errno {
	const o = k.vfs.resolve(p, from, { nameOnly: true });
	if (isErrno(o)) return o;
	const n = k.vfs.resolve(p, to, { nameOnly: true, parentOk: true });
	if (isErrno(n)) return n;
	if (o.parentMnt !== n.parentMnt) return errno('EXDEV');
	if (o.last !== 'norm' || n.last !== 'norm') return errno('EBUSY');
	const src = o.inode!;
	const isDir = kindOf(src.mode) === 'dir';
	if (!isDir && n.trailingSlash) return errno('ENOTDIR');
	if (n.inode === src) return 0;
	let denied = mayDelete(k, p, o.parent, src, isDir);
	if (denied) return denied;
	denied = n.inode ? mayDelete(k, p, n.parent, n.inode, isDir) : mayCreate(k, p, n.parent);
	if (denied) return denied;
	// Unification: renaming over an immutable file is refused even with immutable-link-invert.
	if (n.inode && isImmutable(n.inode)) return refuse(k, p, 'attribute', IMMUTABLE);
	if (generatedDir(o.parent) || generatedDir(n.parent)) return errno('EPERM');
	if (isDir) {
		// Moving a directory rewrites its `..`: that needs write permission on it.
		if (n.parent !== o.parent) {
			denied = k.vfs.access(p, src, MAY_WRITE);
			if (denied) return denied;
		}
		for (let d: Inode | null = n.parent; d; d = d.parent === d ? null : d.parent) {
			if (d === src) return errno('EINVAL');
		}
	}
	if (k.vfs.isMountpoint(src) || (n.inode && k.vfs.isMountpoint(n.inode))) return errno('EBUSY');
	if (isDir && n.inode && n.inode.entries!.size > 0) return errno('ENOTEMPTY');
	const t = k.now();
	if (n.inode) {
		const victim = n.inode;
		if (kindOf(victim.mode) === 'dir') {
			victim.nlink = 0;
			n.parent.nlink--;
			k.vfs.setName(victim, n.name);
		} else victim.nlink--;
		victim.ctime = t;
	}
	o.parent.entries!.delete(o.name);
	n.parent.entries!.set(n.name, src);
	if (isDir && o.parent !== n.parent) {
		o.parent.nlink--;
		n.parent.nlink++;
		src.parent = n.parent;
	}
	o.parent.mtime = o.parent.ctime = n.parent.mtime = n.parent.ctime = src.ctime = t;
	return 0;
}

/** chmod(2): read-only fs, then immutable or append-only, then the owner (or CAP_FOWNER). */
export function sysChmod(k: Kernel, p: Process, inode: Inode, mode: number): 0 | Errno {
	if (inode.fs.readOnly) return errno('EROFS');
	if (inode.flags & (EXT2_IMMUTABLE_FL | EXT2_APPEND_FL)) {
		return refuse(k, p, 'attribute', frozen(inode));
	}
	if (p.creds.fsuid !== inode.uid && !p.capable(CAP_FOWNER)) {
		k.deny(p, {
			kind: 'capability',
			capability: 'CAP_FOWNER',
			text: 'only the owner may change the mode, or a process with CAP_FOWNER'
		});
		return errno('EPERM');
	}
	let m = mode & 0o7777;
	// Linux: setgid is cleared when the caller is not in the file's group and lacks CAP_FSETID.
	if (
		m & S_ISGID &&
		p.creds.fsgid !== inode.gid &&
		!p.creds.groups.includes(inode.gid) &&
		!p.capable(CAP_FSETID)
	) {
		m &= ~S_ISGID;
	}
	inode.mode = (inode.mode & S_IFMT) | m;
	inode.ctime = k.now();
	return 0;
}

/**
 * chown(2) as 2.4's chown_common and inode_change_ok. Any chown of a non-directory clears
 * setuid, and setgid when group-executable (2.4 does so even for root and for no change).
 */
export function sysChown(k: Kernel, p: Process, inode: Inode, uid: number, gid: number): 0 | Errno {
	if (inode.fs.readOnly) return errno('EROFS');
	if (inode.flags & (EXT2_IMMUTABLE_FL | EXT2_APPEND_FL)) {
		return refuse(k, p, 'attribute', frozen(inode));
	}
	const newUid = uid === -1 || uid === 0xffffffff ? inode.uid : uid;
	const newGid = gid === -1 || gid === 0xffffffff ? inode.gid : gid;
	const c = p.creds;
	const inGroup = c.fsgid === newGid || c.groups.includes(newGid);
	const mayUid = c.fsuid === inode.uid && newUid === inode.uid;
	const mayGid = c.fsuid === inode.uid && (inGroup || newGid === inode.gid);
	if ((!mayUid || !mayGid) && !p.capable(CAP_CHOWN)) {
		const text = mayUid
			? 'the owner may give the file only to a group of their own; others need CAP_CHOWN'
			: 'giving a file away needs CAP_CHOWN';
		k.deny(p, { kind: 'capability', capability: 'CAP_CHOWN', text });
		return errno('EPERM');
	}
	inode.uid = newUid;
	inode.gid = newGid;
	if (kindOf(inode.mode) !== 'dir') {
		inode.mode &= ~S_ISUID;
		if (inode.mode & 0o010) inode.mode &= ~S_ISGID;
	}
	inode.ctime = k.now();
	return 0;
}

/**
 * access(2): the real ids, and the capabilities root would have (2.4 clears the effective set of
 * a non-root caller for the check, and gives root its permitted set).
 */
export function sysAccess(k: Kernel, p: Process, path: string, mode: number): 0 | Errno {
	if (mode & ~7) return errno('EINVAL');
	const c = p.creds;
	const who: PathContext = {
		root: p.root,
		cwd: p.cwd,
		fsuid: c.uid,
		fsgid: c.gid,
		groups: c.groups,
		capable: (cap) => c.uid === 0 && (p.caps.prm & (1 << cap)) !== 0,
		viewer: p
	};
	const r = k.vfs.resolve(who, path);
	if (isErrno(r)) return r;
	return k.vfs.access(who, r.inode!, mode) ?? 0;
}

export function sysChdir(k: Kernel, p: Process, path: string): 0 | Errno {
	const r = k.vfs.resolve(p, path);
	if (isErrno(r)) return r;
	if (kindOf(r.inode!.mode) !== 'dir') return errno('ENOTDIR');
	const denied = k.vfs.access(p, r.inode!, MAY_EXEC);
	if (denied) return denied;
	k.vfs.setCwd(p, { mnt: r.mnt, inode: r.inode! });
	return 0;
}

/** getcwd(2): ENOENT once the directory is removed; 2.4 gives a cwd outside the root from `/`. */
export function sysGetcwd(k: Kernel, p: Process): string | Errno {
	const cwd = k.vfs.cwdOf(p);
	if (k.vfs.isDead(cwd.inode)) return errno('ENOENT');
	return k.vfs.dPath(cwd, k.vfs.rootOf(p));
}

/** chroot(2): a directory, searchable, and CAP_SYS_CHROOT; the cwd stays where it is. */
export function sysChroot(k: Kernel, p: Process, path: string): 0 | Errno {
	const r = k.vfs.resolve(p, path);
	if (isErrno(r)) return r;
	if (kindOf(r.inode!.mode) !== 'dir') return errno('ENOTDIR');
	const denied = k.vfs.access(p, r.inode!, MAY_EXEC);
	if (denied) return denied;
	if (!p.capable(CAP_SYS_CHROOT)) {
		k.deny(p, {
			kind: 'capability',
			capability: 'CAP_SYS_CHROOT',
			text: 'chroot needs CAP_SYS_CHROOT in the effective set'
		});
		return errno('EPERM');
	}
	k.vfs.setRoot(p, { mnt: r.mnt, inode: r.inode! });
	return 0;
}

/** mknod(2) as 2.4's sys_mknod and vfs_mknod: directories never, devices need CAP_MKNOD. */
export function sysMknod(
	k: Kernel,
	p: Process,
	path: string,
	mode: number,
	dev: number
): 0 | Errno {
	const type = mode & S_IFMT;
	if (type === S_IFDIR) return errno('EPERM');
	const r = lookupCreate(k, p, path);
	if (isErrno(r)) return r;
	if (
		type !== 0 &&
		type !== S_IFREG &&
		type !== S_IFCHR &&
		type !== S_IFBLK &&
		type !== S_IFIFO &&
		type !== S_IFSOCK
	) {
		return errno('EINVAL');
	}
	if ((type === S_IFCHR || type === S_IFBLK) && !p.capable(CAP_MKNOD)) {
		k.deny(p, {
			kind: 'capability',
			capability: 'CAP_MKNOD',
			text: 'creating a device node needs CAP_MKNOD'
		});
		return errno('EPERM');
	}
	const denied = mayCreate(k, p, r.parent);
	if (denied) return denied;
	if (generatedDir(r.parent)) return errno(type === 0 || type === S_IFREG ? 'EACCES' : 'EPERM');
	const q = chargeNewInode(k, p, r.parent.fs);
	if (isErrno(q)) return q;
	const n = k.vfs.newInode(
		r.parent.fs,
		(type || S_IFREG) | (mode & 0o7777 & ~p.umask),
		p.creds.fsuid,
		gidFor(r.parent, p)
	);
	tagInode(n, q);
	if (type === S_IFCHR || type === S_IFBLK) n.rdev = dev;
	k.vfs.link(r.parent, r.name, n);
	return 0;
}

function truncateTo(k: Kernel, p: Process, inode: Inode, length: number): 0 | Errno {
	if (length > inode.data.length && fits(inode, 0, length) < length) return errno('EFBIG');
	if (length > inode.data.length && quotaFits(inode, 0, length) < length) {
		return quotaFull(p, inode);
	}
	quotaResize(inode, inode.data.length, length);
	inode.data =
		length <= inode.data.length
			? inode.data.slice(0, length)
			: inode.data + '\0'.repeat(length - inode.data.length);
	inode.mtime = inode.ctime = k.now();
	return 0;
}

/** truncate(2) as 2.4's do_sys_truncate: kind, write permission (EROFS, immutable), append-only. */
export function sysTruncatePath(k: Kernel, p: Process, path: string, length: number): 0 | Errno {
	if (length < 0) return errno('EINVAL');
	const r = k.vfs.resolve(p, path);
	if (isErrno(r)) return r;
	const inode = r.inode!;
	if (kindOf(inode.mode) === 'dir') return errno('EISDIR');
	if (kindOf(inode.mode) !== 'file' || inode.generate) return errno('EINVAL');
	const denied = k.vfs.access(p, inode, MAY_WRITE);
	if (denied) return denied;
	if (inode.flags & (EXT2_IMMUTABLE_FL | EXT2_APPEND_FL)) {
		return refuse(k, p, 'attribute', frozen(inode));
	}
	return truncateTo(k, p, inode, length);
}

/** ftruncate(2): a regular file open for writing, not append-only. */
export function sysFtruncate(k: Kernel, p: Process, fd: number, length: number): 0 | Errno {
	const f = fdFile(p, fd);
	if (isErrno(f)) return f;
	if (length < 0) return errno('EINVAL');
	const inode = f.inode;
	if (!inode || kindOf(inode.mode) !== 'file' || inode.generate || !writable(f)) {
		return errno('EINVAL');
	}
	if (inode.flags & (EXT2_IMMUTABLE_FL | EXT2_APPEND_FL)) {
		return refuse(k, p, 'attribute', frozen(inode));
	}
	return truncateTo(k, p, inode, length);
}

export const EXT2_IOC_GETFLAGS = 0x80046601,
	EXT2_IOC_SETFLAGS = 0x40046602;

/**
 * ext2 attributes (EXT2_IOC_GETFLAGS/SETFLAGS) as 2.4's ext2_ioctl: only on ext2 files and
 * directories (ENOTTY elsewhere); setting needs the owner (or CAP_FOWNER: EACCES), and changing
 * immutable, append-only or the ctx patch's immutable-link-invert needs CAP_LINUX_IMMUTABLE.
 */
export function ext2Ioctl(
	k: Kernel,
	p: Process,
	f: OpenFile,
	request: number,
	arg: unknown
): number | Errno {
	const i = f.inode;
	if (!i || i.fs.type !== 'ext2' || (kindOf(i.mode) !== 'file' && kindOf(i.mode) !== 'dir')) {
		return errno('ENOTTY');
	}
	if (request === EXT2_IOC_GETFLAGS) return i.flags & EXT2_FL_USER_VISIBLE;
	return setFlags(k, p, i, arg);
}

function setFlags(k: Kernel, p: Process, inode: Inode, arg: unknown): 0 | Errno {
	if (inode.fs.readOnly) return errno('EROFS');
	if (p.creds.fsuid !== inode.uid && !p.capable(CAP_FOWNER)) return errno('EACCES');
	if (typeof arg !== 'number') return errno('EFAULT');
	const guarded = EXT2_IMMUTABLE_FL | EXT2_APPEND_FL | EXT2_IMMUTABLE_LINK_FL;
	if ((arg ^ inode.flags) & guarded && !p.capable(CAP_LINUX_IMMUTABLE)) {
		k.deny(p, {
			kind: 'capability',
			capability: 'CAP_LINUX_IMMUTABLE',
			text: 'changing the immutable, immutable-link or append-only attribute needs CAP_LINUX_IMMUTABLE'
		});
		return errno('EPERM');
	}
	inode.flags = (arg & EXT2_FL_USER_MODIFIABLE) | (inode.flags & ~EXT2_FL_USER_MODIFIABLE);
	inode.ctime = k.now();
	return 0;
}

/**
 * ioctl(dst, FICLONE, srcFd) (Linux 4.5's _IOW(0x94, 9, int)): `dst` gets the source's contents, shared copy-on-write
 * (Vfs.shareContents). As the later kernels: both regular files on one filesystem (EXDEV), the
 * source open for reading and the destination for writing (EBADF), the destination writable
 * (EROFS, EPERM for immutable or append-only) and with room for the bytes (ENOSPC).
 */
export function cloneIoctl(k: Kernel, p: Process, f: OpenFile, arg: unknown): 0 | Errno {
	if (typeof arg !== 'number') return errno('EBADF');
	const s = fdFile(p, arg);
	if (isErrno(s)) return s;
	const di = f.inode;
	const si = s.inode;
	if (!di || !si || kindOf(di.mode) !== 'file' || kindOf(si.mode) !== 'file') {
		return errno('EINVAL');
	}
	if (di.generate || si.generate) return errno('EINVAL');
	if (!writable(f) || !readable(s)) return errno('EBADF');
	if (di.fs !== si.fs) return errno('EXDEV');
	if (di === si) return errno('EINVAL');
	if (di.fs.readOnly) return errno('EROFS');
	if (di.flags & (EXT2_IMMUTABLE_FL | EXT2_APPEND_FL)) return errno('EPERM');
	if (fits(di, 0, si.data.length) < si.data.length) return errno('ENOSPC');
	// SIMPLIFIED: a clone counts in full against a disk limit, although the blocks are shared.
	if (quotaFits(di, 0, si.data.length) < si.data.length) return quotaFull(p, di);
	quotaResize(di, di.data.length, si.data.length);
	k.vfs.shareContents(di, si);
	return 0;
}

/** statfs(2): the figures of the filesystem holding the path. */
export function sysStatfs(k: Kernel, p: Process, path: string): Statfs | Errno {
	const r = k.vfs.resolve(p, path);
	if (isErrno(r)) return r;
	return statfsOf(r.inode!.fs);
}

export function sysFstatfs(k: Kernel, p: Process, fd: number): Statfs | Errno {
	const f = fdFile(p, fd);
	if (isErrno(f)) return f;
	if (f.inode) return statfsOf(f.inode.fs);
	if (f.priv instanceof Tty) return statfsOf(k.devpts.fs);
	return {
		type: PIPEFS_MAGIC,
		bsize: 4096,
		blocks: 0,
		bfree: 0,
		bavail: 0,
		files: 0,
		ffree: 0,
		namelen: 255
	};
}

export { writable };
