// Filesystem system calls: open/read/write on regular files and directories, metadata, links,
// names, the working directory and the root. Handlers take the kernel and the calling process.
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
	S_IFCHR,
	S_IFBLK,
	S_IFDIR,
	S_IFIFO,
	S_IFLNK,
	S_IFMT,
	S_IFREG,
	S_ISGID,
	S_ISUID,
	S_ISVTX,
	kindOf,
	type Inode
} from '../kernel/vfs.ts';
import { Pipe, pipeOps } from '../kernel/pipe.ts';

const CAP_LINUX_IMMUTABLE = 9;
const CAP_SYS_CHROOT = 18;
const CAP_MKNOD = 27;

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

export function statOf(inode: Inode): Stat {
	const size = inodeSize(inode);
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
		blocks: Math.ceil(size / 4096) * 8,
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
			return 4096;
		case 'symlink':
			return inode.target.length;
		default:
			return 0;
	}
}

/** Immutable, or the unification pair: no write, rename over, chmod or chown (ctx patch rules). */
function isImmutable(inode: Inode): boolean {
	return (inode.flags & EXT2_IMMUTABLE_FL) !== 0;
}

/** The ctx patch: unlink is allowed on an immutable file when immutable-link-invert is set too. */
function unlinkBlocked(inode: Inode): boolean {
	return isImmutable(inode) && !(inode.flags & EXT2_IMMUTABLE_LINK_FL);
}

/** Regular files: reads and writes at the description's offset. */
export const regularOps: FileOps = {
	seekable: true,
	read(file: OpenFile, count: number, proc: Process) {
		const inode = file.inode!;
		const data = inode.generate ? generated(file, proc) : inode.data;
		const out = data.slice(file.pos, file.pos + count);
		file.pos += out.length;
		return out;
	},
	write(file: OpenFile, data: string) {
		const inode = file.inode!;
		if (inode.generate) return errno('EINVAL');
		if (isImmutable(inode)) return errno('EPERM');
		if (file.flags & O_APPEND) file.pos = inode.data.length;
		const cur = inode.data;
		const pad = file.pos > cur.length ? '\0'.repeat(file.pos - cur.length) : '';
		inode.data = cur.slice(0, file.pos) + pad + data + cur.slice(file.pos + data.length);
		file.pos += data.length;
		return data.length;
	}
};

/** A generated file (/proc) is computed once per open, so a reader sees one consistent text. */
function generated(file: OpenFile, proc: Process): string {
	if (typeof file.priv !== 'string') file.priv = file.inode!.generate!(proc);
	return file.priv as string;
}

function dirOps(): FileOps {
	return { seekable: true, read: () => errno('EISDIR'), write: () => errno('EISDIR') };
}

export function resolve(k: Kernel, p: Process, path: string, follow = true) {
	return k.vfs.resolve(p, path, { follow });
}

export function sysOpen(k: Kernel, p: Process, path: string, flags: number, mode: number): number | Errno {
	const follow = !(flags & O_NOFOLLOW);
	const r = k.vfs.resolve(p, path, { follow, parentOk: (flags & O_CREAT) !== 0 });
	if (isErrno(r)) return r;
	let inode = r.inode;
	if (inode && flags & O_CREAT && flags & O_EXCL) return errno('EEXIST');
	if (!inode) {
		// Create it: needs write and search on the directory.
		if (!k.vfs.permission(p, r.parent, MAY_WRITE | MAY_EXEC)) return errno('EACCES');
		if (isImmutable(r.parent)) return errno('EPERM');
		if (r.parent.fs.readOnly) return errno('EROFS');
		inode = k.vfs.newInode(r.parent.fs, S_IFREG | (mode & ~p.umask & 0o7777), p.creds.fsuid, gidFor(r.parent, p));
		k.vfs.link(r.parent, r.name, inode);
	} else {
		const kind = kindOf(inode.mode);
		if (kind === 'symlink') return errno('ELOOP');
		if (flags & O_DIRECTORY && kind !== 'dir') return errno('ENOTDIR');
		const acc = flags & O_ACCMODE;
		if (kind === 'dir' && acc !== O_RDONLY) return errno('EISDIR');
		const mask = (acc !== O_WRONLY ? MAY_READ : 0) | (acc !== O_RDONLY ? MAY_WRITE : 0) | (flags & O_TRUNC ? MAY_WRITE : 0);
		if (!k.vfs.permission(p, inode, mask)) return errno('EACCES');
		if (mask & MAY_WRITE) {
			if (inode.fs.readOnly && kind === 'file') return errno('EROFS');
			if (isImmutable(inode)) return errno('EPERM');
			if (inode.flags & EXT2_APPEND_FL && !(flags & O_APPEND)) return errno('EPERM');
		}
	}
	const kind = kindOf(inode.mode);
	let file: OpenFile | Errno;
	if (kind === 'chr') file = k.openDevice(p, inode.rdev, flags, path);
	else if (kind === 'fifo') file = openFifo(k, inode, flags, path);
	else if (kind === 'dir') file = k.newFile(dirOps(), flags, path, inode);
	else if (kind === 'file') {
		if (flags & O_TRUNC && (flags & O_ACCMODE) !== O_RDONLY && !inode.generate) {
			inode.data = '';
			inode.mtime = inode.ctime = k.now();
		}
		file = k.newFile(regularOps, flags, path, inode);
	} else return errno('ENXIO');
	if (isErrno(file)) return file;
	file.inode = inode;
	file.refs = 1;
	return k.installFd(p, file, (flags & 0o2000000) !== 0);
}

/** New files take the directory's group when it is setgid (BSD semantics), else the fsgid. */
function gidFor(dir: Inode, p: Process): number {
	return dir.mode & S_ISGID ? dir.gid : p.creds.fsgid;
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

export function sysFstat(p: Process, fd: number): Stat | Errno {
	const f = fdFile(p, fd);
	if (isErrno(f)) return f;
	if (!f.inode) {
		// Pipes and sockets have no inode on our filesystem; report their type.
		return { dev: 0, ino: 0, mode: S_IFIFO | 0o600, nlink: 1, uid: p.creds.euid, gid: p.creds.egid, rdev: 0, size: 0, blksize: 4096, blocks: 0, atime: 0, mtime: 0, ctime: 0 };
	}
	return statOf(f.inode);
}

export function sysGetdents(k: Kernel, p: Process, fd: number): Dirent[] | Errno {
	const f = fdFile(p, fd);
	if (isErrno(f)) return f;
	const dir = f.inode;
	if (!dir || kindOf(dir.mode) !== 'dir') return errno('ENOTDIR');
	if (f.pos > 0) return [];
	const parent = dir === p.root ? dir : (dir.parent ?? dir);
	const list: Dirent[] = [
		{ name: '.', ino: dir.ino, type: 'dir' },
		{ name: '..', ino: parent.ino, type: 'dir' }
	];
	const entries = dir.generate ? [] : [...dir.entries!];
	for (const [name, child] of entries) list.push({ name, ino: child.ino, type: kindOf(child.mode) });
	f.pos = list.length;
	dir.atime = k.now();
	return list;
}

function mayDelete(k: Kernel, p: Process, dir: Inode, victim: Inode): Errno | null {
	if (!k.vfs.permission(p, dir, MAY_WRITE | MAY_EXEC)) return errno('EACCES');
	// Sticky directories: only the owner of the file or of the directory (or CAP_FOWNER).
	if (dir.mode & S_ISVTX && p.creds.fsuid !== victim.uid && p.creds.fsuid !== dir.uid && !p.capable(CAP_FOWNER)) {
		return errno('EPERM');
	}
	if (isImmutable(dir)) return errno('EPERM');
	return null;
}

export function sysMkdir(k: Kernel, p: Process, path: string, mode: number): 0 | Errno {
	const r = k.vfs.resolve(p, path, { parentOk: true, follow: false });
	if (isErrno(r)) return r;
	if (r.inode) return errno('EEXIST');
	if (!k.vfs.permission(p, r.parent, MAY_WRITE | MAY_EXEC)) return errno('EACCES');
	if (isImmutable(r.parent)) return errno('EPERM');
	const d = k.vfs.newInode(r.parent.fs, S_IFDIR | (mode & ~p.umask & 0o7777), p.creds.fsuid, gidFor(r.parent, p));
	if (r.parent.mode & S_ISGID) d.mode |= S_ISGID;
	k.vfs.link(r.parent, r.name, d);
	return 0;
}

export function sysRmdir(k: Kernel, p: Process, path: string): 0 | Errno {
	const r = k.vfs.resolve(p, path, { follow: false });
	if (isErrno(r)) return r;
	const d = r.inode!;
	if (kindOf(d.mode) !== 'dir') return errno('ENOTDIR');
	if (r.name === '.') return errno('EINVAL');
	if (d === p.root || d === k.root || r.name === '..') return errno('EBUSY');
	if (d.entries!.size > 0) return errno('ENOTEMPTY');
	const err = mayDelete(k, p, r.parent, d);
	if (err) return err;
	if (unlinkBlocked(d)) return errno('EPERM');
	r.parent.entries!.delete(r.name);
	r.parent.nlink--;
	d.nlink = 0;
	r.parent.mtime = r.parent.ctime = k.now();
	return 0;
}

export function sysUnlink(k: Kernel, p: Process, path: string): 0 | Errno {
	const r = k.vfs.resolve(p, path, { follow: false });
	if (isErrno(r)) return r;
	const f = r.inode!;
	if (kindOf(f.mode) === 'dir') return errno('EISDIR');
	const err = mayDelete(k, p, r.parent, f);
	if (err) return err;
	if (unlinkBlocked(f)) return errno('EPERM');
	r.parent.entries!.delete(r.name);
	f.nlink--;
	f.ctime = k.now();
	r.parent.mtime = r.parent.ctime = k.now();
	return 0;
}

export function sysLink(k: Kernel, p: Process, oldPath: string, newPath: string): 0 | Errno {
	const o = k.vfs.resolve(p, oldPath, { follow: false });
	if (isErrno(o)) return o;
	const n = k.vfs.resolve(p, newPath, { parentOk: true, follow: false });
	if (isErrno(n)) return n;
	if (n.inode) return errno('EEXIST');
	const inode = o.inode!;
	if (kindOf(inode.mode) === 'dir') return errno('EPERM');
	if (inode.fs !== n.parent.fs) return errno('EXDEV');
	if (!k.vfs.permission(p, n.parent, MAY_WRITE | MAY_EXEC)) return errno('EACCES');
	if (isImmutable(inode) && !(inode.flags & EXT2_IMMUTABLE_LINK_FL)) return errno('EPERM');
	k.vfs.link(n.parent, n.name, inode);
	inode.ctime = k.now();
	return 0;
}

export function sysSymlink(k: Kernel, p: Process, target: string, path: string): 0 | Errno {
	const r = k.vfs.resolve(p, path, { parentOk: true, follow: false });
	if (isErrno(r)) return r;
	if (r.inode) return errno('EEXIST');
	if (!k.vfs.permission(p, r.parent, MAY_WRITE | MAY_EXEC)) return errno('EACCES');
	const l = k.vfs.newInode(r.parent.fs, S_IFLNK | 0o777, p.creds.fsuid, p.creds.fsgid);
	l.target = target;
	k.vfs.link(r.parent, r.name, l);
	return 0;
}

export function sysReadlink(k: Kernel, p: Process, path: string): string | Errno {
	const r = k.vfs.resolve(p, path, { follow: false });
	if (isErrno(r)) return r;
	if (kindOf(r.inode!.mode) !== 'symlink') return errno('EINVAL');
	return r.inode!.target;
}

export function sysRename(k: Kernel, p: Process, from: string, to: string): 0 | Errno {
	const o = k.vfs.resolve(p, from, { follow: false });
	if (isErrno(o)) return o;
	const n = k.vfs.resolve(p, to, { parentOk: true, follow: false });
	if (isErrno(n)) return n;
	const inode = o.inode!;
	if (inode.fs !== n.parent.fs) return errno('EXDEV');
	const err = mayDelete(k, p, o.parent, inode);
	if (err) return err;
	if (!k.vfs.permission(p, n.parent, MAY_WRITE | MAY_EXEC)) return errno('EACCES');
	if (unlinkBlocked(inode)) return errno('EPERM');
	if (n.inode === inode) return 0;
	const isDir = kindOf(inode.mode) === 'dir';
	// A directory cannot move below itself.
	for (let d: Inode | null = n.parent; d; d = d.parent === d ? null : d.parent) if (d === inode) return errno('EINVAL');
	if (n.inode) {
		const targetDir = kindOf(n.inode.mode) === 'dir';
		if (isDir && !targetDir) return errno('ENOTDIR');
		if (!isDir && targetDir) return errno('EISDIR');
		if (targetDir && n.inode.entries!.size > 0) return errno('ENOTEMPTY');
		if (isImmutable(n.inode)) return errno('EPERM');
		const e2 = mayDelete(k, p, n.parent, n.inode);
		if (e2) return e2;
		n.inode.nlink -= targetDir ? 2 : 1;
		if (targetDir) n.parent.nlink--;
	}
	o.parent.entries!.delete(o.name);
	n.parent.entries!.set(n.name, inode);
	if (isDir) {
		o.parent.nlink--;
		n.parent.nlink++;
		inode.parent = n.parent;
	}
	const t = k.now();
	o.parent.mtime = o.parent.ctime = n.parent.mtime = n.parent.ctime = inode.ctime = t;
	return 0;
}

function ownerOrFowner(p: Process, inode: Inode): boolean {
	return p.creds.fsuid === inode.uid || p.capable(CAP_FOWNER);
}

export function sysChmod(k: Kernel, p: Process, inode: Inode, mode: number): 0 | Errno {
	if (!ownerOrFowner(p, inode)) return errno('EPERM');
	if (isImmutable(inode)) return errno('EPERM');
	if (inode.fs.readOnly) return errno('EROFS');
	let m = mode & 0o7777;
	// Linux: setgid is cleared when the caller is not in the file's group and lacks CAP_FSETID.
	if (m & S_ISGID && p.creds.fsgid !== inode.gid && !p.creds.groups.includes(inode.gid) && !p.capable(CAP_FSETID)) m &= ~S_ISGID;
	inode.mode = (inode.mode & S_IFMT) | m;
	inode.ctime = k.now();
	return 0;
}

export function sysChown(k: Kernel, p: Process, inode: Inode, uid: number, gid: number): 0 | Errno {
	if (isImmutable(inode)) return errno('EPERM');
	const changeUid = uid !== -1 && uid !== inode.uid;
	const changeGid = gid !== -1 && gid !== inode.gid;
	if (changeUid && !p.capable(CAP_CHOWN)) return errno('EPERM');
	if (changeGid && !p.capable(CAP_CHOWN)) {
		if (p.creds.fsuid !== inode.uid || !(p.creds.groups.includes(gid) || p.creds.fsgid === gid)) return errno('EPERM');
	}
	if (uid !== -1) inode.uid = uid;
	if (gid !== -1) inode.gid = gid;
	if (kindOf(inode.mode) !== 'dir' && (changeUid || changeGid)) inode.mode &= ~(S_ISUID | (inode.mode & 0o10 ? S_ISGID : 0));
	inode.ctime = k.now();
	return 0;
}

export function sysAccess(k: Kernel, p: Process, path: string, mode: number): 0 | Errno {
	// access(2) checks with the real ids.
	const who = { ...pathView(p), fsuid: p.creds.uid, fsgid: p.creds.gid };
	const r = k.vfs.resolve(who, path);
	if (isErrno(r)) return r;
	if (mode === 0) return 0;
	if (!k.vfs.permission(who, r.inode!, mode & 7)) return errno('EACCES');
	if (mode & MAY_WRITE && isImmutable(r.inode!)) return errno('EPERM');
	return 0;
}

function pathView(p: Process) {
	return { root: p.root, cwd: p.cwd, fsuid: p.fsuid, fsgid: p.fsgid, groups: p.groups, capable: (c: number) => p.capable(c) };
}

export function sysChdir(k: Kernel, p: Process, path: string): 0 | Errno {
	const r = k.vfs.resolve(p, path);
	if (isErrno(r)) return r;
	if (kindOf(r.inode!.mode) !== 'dir') return errno('ENOTDIR');
	if (!k.vfs.permission(p, r.inode!, MAY_EXEC)) return errno('EACCES');
	p.cwd = r.inode!;
	return 0;
}

export function sysGetcwd(k: Kernel, p: Process): string | Errno {
	const path = k.vfs.pathOf(p.cwd, p.root);
	// Linux 2.4 prints "(unreachable)" paths for a cwd outside the root; getcwd fails with ENOENT.
	return path ?? errno('ENOENT');
}

export function sysChroot(k: Kernel, p: Process, path: string): 0 | Errno {
	const r = k.vfs.resolve(p, path);
	if (isErrno(r)) return r;
	if (kindOf(r.inode!.mode) !== 'dir') return errno('ENOTDIR');
	if (!k.vfs.permission(p, r.inode!, MAY_EXEC)) return errno('EACCES');
	if (!p.capable(CAP_SYS_CHROOT)) {
		k.deny(p, { kind: 'capability', capability: 'CAP_SYS_CHROOT', text: 'chroot needs CAP_SYS_CHROOT in the effective set' });
		return errno('EPERM');
	}
	p.root = r.inode!;
	return 0;
}

export function sysMknod(k: Kernel, p: Process, path: string, mode: number, dev: number): 0 | Errno {
	const type = mode & S_IFMT;
	if ((type === S_IFCHR || type === S_IFBLK) && !p.capable(CAP_MKNOD)) {
		k.deny(p, { kind: 'capability', capability: 'CAP_MKNOD', text: 'creating a device node needs CAP_MKNOD' });
		return errno('EPERM');
	}
	const r = k.vfs.resolve(p, path, { parentOk: true, follow: false });
	if (isErrno(r)) return r;
	if (r.inode) return errno('EEXIST');
	if (!k.vfs.permission(p, r.parent, MAY_WRITE | MAY_EXEC)) return errno('EACCES');
	const n = k.vfs.newInode(r.parent.fs, (type || S_IFREG) | (mode & ~p.umask & 0o7777), p.creds.fsuid, gidFor(r.parent, p));
	n.rdev = dev;
	k.vfs.link(r.parent, r.name, n);
	return 0;
}

export function sysTruncate(k: Kernel, p: Process, inode: Inode, length: number): 0 | Errno {
	if (kindOf(inode.mode) === 'dir') return errno('EISDIR');
	if (kindOf(inode.mode) !== 'file') return errno('EINVAL');
	if (isImmutable(inode) || inode.flags & EXT2_APPEND_FL) return errno('EPERM');
	inode.data = length <= inode.data.length ? inode.data.slice(0, length) : inode.data + '\0'.repeat(length - inode.data.length);
	inode.mtime = inode.ctime = k.now();
	return 0;
}

/** ext2 attributes (EXT2_IOC_GETFLAGS/SETFLAGS); immutable bits need CAP_LINUX_IMMUTABLE. */
export function setFlags(k: Kernel, p: Process, inode: Inode, flags: number): 0 | Errno {
	if (!ownerOrFowner(p, inode)) return errno('EPERM');
	const guarded = EXT2_IMMUTABLE_FL | EXT2_APPEND_FL | EXT2_IMMUTABLE_LINK_FL;
	if ((flags & guarded) !== (inode.flags & guarded) && !p.capable(CAP_LINUX_IMMUTABLE)) {
		k.deny(p, { kind: 'capability', capability: 'CAP_LINUX_IMMUTABLE', text: 'changing the immutable or append-only attribute needs CAP_LINUX_IMMUTABLE' });
		return errno('EPERM');
	}
	inode.flags = flags;
	inode.ctime = k.now();
	return 0;
}

export { isImmutable, writable };
