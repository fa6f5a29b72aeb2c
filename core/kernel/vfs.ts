// The virtual filesystem: inodes, directories, path resolution with chroot and symlinks, and the
// permission checks on paths. File contents are binary strings (one char per byte).
import { errno, type Errno } from './errno.ts';

export const S_IFMT = 0o170000,
	S_IFSOCK = 0o140000,
	S_IFLNK = 0o120000,
	S_IFREG = 0o100000,
	S_IFBLK = 0o060000,
	S_IFDIR = 0o040000,
	S_IFCHR = 0o020000,
	S_IFIFO = 0o010000,
	S_ISUID = 0o4000,
	S_ISGID = 0o2000,
	S_ISVTX = 0o1000;

/** ext2 attribute bits (chattr/lsattr). */
export const EXT2_IMMUTABLE_FL = 0x10,
	EXT2_APPEND_FL = 0x20,
	EXT2_IMMUTABLE_LINK_FL = 0x8000;

export type InodeKind = 'file' | 'dir' | 'symlink' | 'chr' | 'blk' | 'fifo' | 'sock';

export interface Inode {
	ino: number;
	/** File type and permission bits, as st_mode. */
	mode: number;
	uid: number;
	gid: number;
	nlink: number;
	atime: number;
	mtime: number;
	ctime: number;
	/** ext2 attribute flags. */
	flags: number;
	/** Regular file bytes. */
	data: string;
	/** Directory entries (without `.` and `..`). */
	entries: Map<string, Inode> | null;
	/** The directory's parent inode, for `..`. */
	parent: Inode | null;
	/** Symlink target. */
	target: string;
	/** Device number (major << 8 | minor) of a device node. */
	rdev: number;
	/** The filesystem this inode lives on. */
	fs: FileSystem;
	/** Objects that a kind of file needs at run time (a FIFO's pipe, a bound socket). */
	attached?: unknown;
	/** For a generated file (/proc): computes its contents for the reading process. */
	generate?: (viewer: unknown) => string;
}

export interface FileSystem {
	/** Device number reported as st_dev. */
	dev: number;
	type: string;
	/** Total and free blocks (1 KiB) for statfs/df. */
	blocks: number;
	readOnly: boolean;
}

export function kindOf(mode: number): InodeKind {
	switch (mode & S_IFMT) {
		case S_IFDIR:
			return 'dir';
		case S_IFLNK:
			return 'symlink';
		case S_IFCHR:
			return 'chr';
		case S_IFBLK:
			return 'blk';
		case S_IFIFO:
			return 'fifo';
		case S_IFSOCK:
			return 'sock';
		default:
			return 'file';
	}
}

/** Who is asking: the parts of a process the filesystem needs. */
export interface PathContext {
	root: Inode;
	cwd: Inode;
	fsuid: number;
	fsgid: number;
	groups: readonly number[];
	/** Whether the caller holds a capability (CAP_DAC_OVERRIDE and friends). */
	capable(cap: number): boolean;
}

export const CAP_CHOWN = 0,
	CAP_DAC_OVERRIDE = 1,
	CAP_DAC_READ_SEARCH = 2,
	CAP_FOWNER = 3,
	CAP_FSETID = 4;

export const MAY_EXEC = 1,
	MAY_WRITE = 2,
	MAY_READ = 4;

const MAX_SYMLINKS = 40;
const NAME_MAX = 255;
const PATH_MAX = 4096;

export class Vfs {
	private nextIno = 1;
	/** The clock source, so inode times follow the machine's virtual clock (seconds). */
	now: () => number;

	constructor(now: () => number) {
		this.now = now;
	}

	newInode(fs: FileSystem, mode: number, uid = 0, gid = 0): Inode {
		const t = this.now();
		const kind = kindOf(mode);
		return {
			ino: this.nextIno++,
			mode,
			uid,
			gid,
			// A directory counts its own `.`; `link` adds the name in the parent (and `..`).
			nlink: kind === 'dir' ? 1 : 0,
			atime: t,
			mtime: t,
			ctime: t,
			flags: 0,
			data: '',
			entries: kind === 'dir' ? new Map() : null,
			parent: null,
			target: '',
			rdev: 0,
			fs
		};
	}

	/** Links `child` into `dir` under `name`; the caller has checked permissions. */
	link(dir: Inode, name: string, child: Inode): void {
		dir.entries!.set(name, child);
		if (child.entries) {
			child.parent = dir;
			dir.nlink++;
		}
		// The name counts for directories too: a new directory has 2 links (its name and `.`).
		child.nlink++;
		dir.mtime = dir.ctime = this.now();
	}

	/** Generic permission check, as Linux's permission(): owner, group, other, then capabilities. */
	permission(who: PathContext, inode: Inode, mask: number): boolean {
		let mode = inode.mode;
		if (who.fsuid === inode.uid) mode >>= 6;
		else if (who.fsgid === inode.gid || who.groups.includes(inode.gid)) mode >>= 3;
		if ((mode & mask & 7) === mask) return true;
		const isDir = kindOf(inode.mode) === 'dir';
		// Linux: CAP_DAC_OVERRIDE allows everything but exec of a file with no x bit at all.
		if (!(mask & MAY_EXEC) || isDir || inode.mode & 0o111) {
			if (who.capable(CAP_DAC_OVERRIDE)) return true;
		}
		if (mask === MAY_READ || (isDir && !(mask & MAY_WRITE))) {
			if (who.capable(CAP_DAC_READ_SEARCH)) return true;
		}
		return false;
	}

	/**
	 * Resolves `path` for `who`. Returns the inode (or null when only the last component is
	 * missing and `parentOk` is set), its parent directory and the last name.
	 */
	resolve(
		who: PathContext,
		path: string,
		opts: { follow?: boolean; parentOk?: boolean } = {}
	): { inode: Inode | null; parent: Inode; name: string } | Errno {
		if (path === '') return errno('ENOENT');
		if (path.length >= PATH_MAX) return errno('ENAMETOOLONG');
		return this.walk(who, path, opts.follow ?? true, opts.parentOk ?? false, 0);
	}

	private walk(
		who: PathContext,
		path: string,
		follow: boolean,
		parentOk: boolean,
		depth: number
	): { inode: Inode | null; parent: Inode; name: string } | Errno {
		let dir = path.startsWith('/') ? who.root : who.cwd;
		const parts = path.split('/').filter((p) => p !== '');
		if (parts.length === 0) return { inode: dir, parent: dir.parent ?? dir, name: '.' };
		for (let i = 0; i < parts.length; i++) {
			const name = parts[i]!;
			const last = i === parts.length - 1;
			if (kindOf(dir.mode) !== 'dir') return errno('ENOTDIR');
			if (!this.permission(who, dir, MAY_EXEC)) return errno('EACCES');
			if (name.length > NAME_MAX) return errno('ENAMETOOLONG');
			let next: Inode | null;
			if (name === '.') next = dir;
			else if (name === '..') next = dir === who.root ? dir : (dir.parent ?? dir);
			else next = dir.entries!.get(name) ?? null;
			if (!next) {
				if (last && parentOk) return { inode: null, parent: dir, name };
				return errno('ENOENT');
			}
			const trailingSlash = last && path.endsWith('/');
			if (kindOf(next.mode) === 'symlink' && (!last || follow || trailingSlash)) {
				if (depth >= MAX_SYMLINKS) return errno('ELOOP');
				const rest = parts.slice(i + 1).join('/');
				const target = next.target + (rest ? '/' + rest : '') + (trailingSlash && !rest ? '/' : '');
				const sub: PathContext = target.startsWith('/') ? who : { ...bindWho(who), cwd: dir };
				return this.walk(sub, target, follow, parentOk, depth + 1);
			}
			if (last) {
				if (trailingSlash && kindOf(next.mode) !== 'dir') return errno('ENOTDIR');
				return { inode: next, parent: dir, name };
			}
			dir = next;
		}
		return errno('ENOENT');
	}

	/** The absolute path of a directory as seen from `root` (for getcwd and /proc/PID/cwd). */
	pathOf(dir: Inode, root: Inode): string | null {
		const names: string[] = [];
		let d: Inode = dir;
		while (d !== root) {
			const p = d.parent;
			if (!p || p === d) return null; // outside the caller's root
			let found = '';
			for (const [n, child] of p.entries!) {
				if (child === d) {
					found = n;
					break;
				}
			}
			names.unshift(found);
			d = p;
		}
		return '/' + names.join('/');
	}
}

/** A PathContext is an interface over a live process: copy its members so `cwd` can be overridden. */
function bindWho(who: PathContext): PathContext {
	return {
		root: who.root,
		cwd: who.cwd,
		fsuid: who.fsuid,
		fsgid: who.fsgid,
		groups: who.groups,
		capable: (cap) => who.capable(cap)
	};
}
