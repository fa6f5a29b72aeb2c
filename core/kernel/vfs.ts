// The virtual filesystem: inodes, directories, the mount tree, path resolution (chroot, mounts,
// symlinks, /proc's magic links), d_path, and the permission check on inodes. File contents are
// binary strings (one char per byte). The syscalls that change the tree live in syscalls/fs.ts.
import { errno, isErrno, type Errno } from './errno.ts';
import type { DenialReason } from './events.ts';

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

/** ext2 attribute bits (chattr/lsattr); 0x8000 is the ctx patch's immutable-link-invert. */
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
	/**
	 * Regular file bytes. A JavaScript string never changes, so two inodes may hold the same one:
	 * that is how a clone shares its contents copy-on-write (see `shareContents`). Every write
	 * stores a new string in the writer's inode only, which is the copy on first write.
	 */
	data: string;
	/** Directory entries (without `.` and `..`). */
	entries: Map<string, Inode> | null;
	/** The directory's parent inode, for `..` (itself for a filesystem's root). */
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
	/** For a generated directory (/proc): looks a name up as `who` sees it. */
	lookup?: (who: PathContext, name: string) => Inode | null;
	/** For a generated directory: its entries as `who` sees them (readdir needs no inode). */
	list?: (who: PathContext) => [string, Listed][];
	/** For a generated symlink (/proc/self): its text for `who`. */
	readlink?: (who: PathContext) => string | Errno;
	/** A "magic" symlink (/proc/PID/cwd): following it jumps to a place, not to a path. */
	follow?: (who: PathContext) => Loc | Errno;
	/** A check after the mode bits (proc_permission: the target's root must be visible). */
	permission?: (who: PathContext, mask: number) => Errno | null;
}

/** What readdir tells of an entry besides its name: the inode number and the file type. */
export type Listed = Pick<Inode, 'ino' | 'mode'>;

export interface FileSystem {
	/** Device number reported as st_dev. */
	dev: number;
	type: string;
	/** Size in 1 KiB blocks, for statfs/df (0 for virtual filesystems). */
	blocks: number;
	/** The superblock's read-only flag (2.4 has no per-mount read-only). */
	readOnly: boolean;
	/** The filesystem's root directory, once created. */
	root?: Inode;
	/** Inodes the filesystem can hold (statfs f_files); 0 when it does not count. */
	files?: number;
}

/** One mount: a filesystem's tree (or part of it, for --bind) shown over a directory. */
export interface Mount {
	readonly id: number;
	readonly fs: FileSystem;
	/** The top of the mounted tree: the filesystem's root, or the directory a bind mount shows. */
	readonly root: Inode;
	/** The mount this one is attached to; null for the root mount and for detached mounts. */
	parent: Mount | null;
	/** The directory it covers, in `parent`'s tree. */
	readonly mountpoint: Inode;
	/** The device name /proc/mounts shows (`/dev/hda1`, `none`, the source of a bind). */
	readonly source: string;
	/** For a file mounted over a file (which has no `..`): the directory and name it covers. */
	readonly coveredName?: { dir: Inode; name: string };
	/** Mount flags kept per mount (MS_NOSUID, MS_NODEV, MS_NOEXEC). */
	flags: number;
}

/** A place in the tree: a directory (or file) and the mount it is seen through, like a vfsmount+dentry. */
export interface Loc {
	mnt: Mount;
	inode: Inode;
	/** For a magic link to an open file: the name it was opened by. */
	placed?: Placed;
}

/** A name in a directory, as an open file or /proc/PID/exe remembers where it was found. */
/** Where an open file was opened from, kept on the open file itself (a WeakMap cost ~10 µs an open). */
const PLACE = Symbol('place');

export interface Placed {
	dir: Loc;
	name: string;
	inode: Inode;
	mnt: Mount;
}

export const MS_RDONLY = 1,
	MS_NOSUID = 2,
	MS_NODEV = 4,
	MS_NOEXEC = 8,
	MS_REMOUNT = 32,
	MS_BIND = 4096;

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
	/** The process this view stands for, when it is a copy (access(2) checks with real ids). */
	viewer?: unknown;
}

export const CAP_CHOWN = 0,
	CAP_DAC_OVERRIDE = 1,
	CAP_DAC_READ_SEARCH = 2,
	CAP_FOWNER = 3,
	CAP_FSETID = 4;

export const MAY_EXEC = 1,
	MAY_WRITE = 2,
	MAY_READ = 4;

function kindName(kind: InodeKind): string {
	return kind === 'dir'
		? 'directory'
		: kind === 'file'
			? 'file'
			: kind === 'symlink'
				? 'symlink'
				: kind === 'fifo'
					? 'FIFO'
					: 'device';
}

/** What a permission mask asks, in words (`x` on a directory is search). */
function maskName(mask: number, kind: InodeKind): string {
	const words: string[] = [];
	if (mask & MAY_READ) words.push('read');
	if (mask & MAY_WRITE) words.push('write');
	if (mask & MAY_EXEC) words.push(kind === 'dir' ? 'search' : 'execute');
	return words.join(' and ');
}

/** Linux 2.4 follows at most 5 nested symlinks and 40 in one lookup. */
const MAX_NESTED_LINKS = 5;
const MAX_LINKS = 40;
const NAME_MAX = 255;
const PATH_MAX = 4096;

export interface ResolveOptions {
	/** Follow a symlink in the last component (stat vs lstat). Default true. */
	follow?: boolean;
	/** A missing last component is not an error: `inode` is null (creation). */
	parentOk?: boolean;
	/**
	 * The call acts on the name itself (unlink, rmdir, rename): the last component is neither
	 * followed nor crossed into a filesystem mounted on it, as lookup_hash() does.
	 */
	nameOnly?: boolean;
}

export interface Resolved {
	/** The file found; null when only the last component is missing and `parentOk` was given. */
	inode: Inode | null;
	/** The directory holding the last component. */
	parent: Inode;
	name: string;
	/** The mount `inode` is seen through (the parent's when `inode` is null). */
	mnt: Mount;
	parentMnt: Mount;
	/** What the last component was: a name, `.`, `..`, or nothing (the path was `/`). */
	last: 'norm' | 'dot' | 'dotdot' | 'root';
	trailingSlash: boolean;
}

interface LinkCount {
	nested: number;
	total: number;
}

/** Where a process stands, kept beside it so bind mounts are told apart (a Loc, not an inode). */
interface Places {
	root?: Loc;
	cwd?: Loc;
	exe?: Placed;
}

/**
 * Gives the regular file `inode` contents made when first read, or never if they are replaced
 * before that: for a file the image writes at boot that few machines ever read (the rpm
 * database, whose text needs an md5 of every package file). `make` must depend only on what it
 * captured when this is called, so that the contents are the same whenever they are made; the
 * making costs the machine no virtual time, as a read of the text made at boot would not.
 */
export function deferContents(inode: Inode, make: () => string): void {
	let data: string | null = null;
	Object.defineProperty(inode, 'data', {
		configurable: true,
		enumerable: true,
		get: () => (data ??= make()),
		set: (value: string) => {
			data = value;
		}
	});
}

export class Vfs {
	/** The clock source, so inode times follow the machine's virtual clock (seconds). */
	now: () => number;
	/** Where a refusal's reason goes (the kernel's deny(): strace, the inspector's "why?"). */
	reportDenial: (who: PathContext, reason: DenialReason) => void = () => {};
	/** Every attached mount, oldest first. */
	readonly mounts: Mount[] = [];
	private nextMountId = 1;
	private anonDevs = 0;
	private inoCounters = new WeakMap<FileSystem, number>();
	/** Directories that something is mounted on, with those mounts (oldest first). */
	private covered = new Map<Inode, Mount[]>();
	private places = new WeakMap<object, Places>();
	/** Names of directories that have no entry to search (removed, or generated by /proc). */
	private names = new WeakMap<Inode, string>();

	constructor(now: () => number) {
		this.now = now;
	}

	// ---- Inodes ------------------------------------------------------------------------------

	/** ext2 numbers its root 2 and the first ordinary inode 11; other filesystems count from 1. */
	private allocIno(fs: FileSystem): number {
		const first = fs.type === 'ext2' ? 2 : 1;
		const n = this.inoCounters.get(fs) ?? first;
		this.inoCounters.set(fs, fs.type === 'ext2' && n === 2 ? 11 : n + 1);
		return n;
	}

	/** A new inode; `ino` is for a filesystem that numbers its inodes itself (/proc). */
	newInode(fs: FileSystem, mode: number, uid = 0, gid = 0, ino = this.allocIno(fs)): Inode {
		const t = this.now();
		const kind = kindOf(mode);
		return {
			ino,
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

	/**
	 * Makes `dst` hold `src`'s contents without copying a byte: both inodes refer to the one
	 * immutable string until either is written, and the writer then gets a string of its own
	 * (regularOps.write, truncate). Nothing in stat shows the sharing: each keeps its inode
	 * number, link count, owner, mode and times, and du and df count both. CHOICE: 2.4 had no
	 * such operation (Linux 4.5's FICLONE is the later equivalent); the model offers it so the
	 * vserver build's copy of the root server costs no bytes.
	 */
	shareContents(dst: Inode, src: Inode): void {
		dst.data = src.data;
		dst.mtime = dst.ctime = this.now();
	}

	/** Records the name of a directory that cannot be found by searching its parent. */
	setName(inode: Inode, name: string): void {
		this.names.set(inode, name);
	}

	/** A removed directory: it keeps working as a cwd, but holds nothing and has no path. */
	isDead(inode: Inode): boolean {
		return inode.entries !== null && inode.nlink === 0;
	}

	// ---- Permissions -------------------------------------------------------------------------

	/**
	 * Linux 2.4 vfs_permission(): a read-only filesystem and the immutable bit refuse writes first
	 * (EROFS, EACCES), then owner, group, other, then CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH.
	 */
	access(who: PathContext, inode: Inode, mask: number): Errno | null {
		const kind = kindOf(inode.mode);
		if (mask & MAY_WRITE) {
			if (inode.fs.readOnly && (kind === 'file' || kind === 'dir' || kind === 'symlink')) {
				this.reportDenial(who, {
					kind: 'other',
					text: `the ${inode.fs.type} filesystem is mounted read-only`
				});
				return errno('EROFS');
			}
			// Linux 2.4: nobody gets write access to an immutable file (EACCES; 2.6.x says EPERM).
			if (inode.flags & EXT2_IMMUTABLE_FL) {
				this.reportDenial(who, {
					kind: 'attribute',
					text: `the ${kindName(kind)} is immutable (ext2 attribute i): nobody may write to it, not even root`
				});
				return errno('EACCES');
			}
		}
		let mode = inode.mode;
		if (who.fsuid === inode.uid) mode >>= 6;
		else if (who.fsgid === inode.gid || who.groups.includes(inode.gid)) mode >>= 3;
		let ok = (mode & mask & 7) === mask;
		// Read and write are always overridable; exec only when some x bit is set (2.4 makes no
		// exception for directories, so a mode-000 directory needs CAP_DAC_READ_SEARCH to search).
		if (!ok && (mask & (MAY_READ | MAY_WRITE) || inode.mode & 0o111)) {
			ok = who.capable(CAP_DAC_OVERRIDE);
		}
		if (!ok && (mask === MAY_READ || (kind === 'dir' && !(mask & MAY_WRITE)))) {
			ok = who.capable(CAP_DAC_READ_SEARCH);
		}
		if (!ok) {
			const perm = (inode.mode & 0o7777).toString(8).padStart(4, '0');
			const text = `mode ${perm} of the ${kindName(kind)} (owner ${inode.uid}, group ${inode.gid}) gives uid ${who.fsuid} no ${maskName(mask, kind)} permission`;
			this.reportDenial(who, { kind: 'mode', text });
			return errno('EACCES');
		}
		return inode.permission ? inode.permission(who, mask) : null;
	}

	/** access() as a yes/no answer. */
	permission(who: PathContext, inode: Inode, mask: number): boolean {
		return this.access(who, inode, mask) === null;
	}

	// ---- The mount tree ----------------------------------------------------------------------

	/** A device number for a filesystem without a disk (proc, devpts, tmpfs): major 0. */
	allocAnonDev(): number {
		return ++this.anonDevs;
	}

	/** The root mount, made once at boot over the kernel's root directory. */
	get rootMount(): Mount {
		return this.mounts[0]!;
	}

	mountRoot(root: Inode, source: string): Mount {
		root.fs.root ??= root;
		const m: Mount = {
			id: this.nextMountId++,
			fs: root.fs,
			root,
			parent: null,
			mountpoint: root,
			source,
			flags: 0
		};
		this.mounts.unshift(m);
		return m;
	}

	/** Attaches `root` (of `fs`) over `at`; stacks on whatever is already there. */
	addMount(
		at: Loc,
		root: Inode,
		source: string,
		flags = 0,
		coveredName?: { dir: Inode; name: string }
	): Mount {
		const m: Mount = {
			id: this.nextMountId++,
			fs: root.fs,
			root,
			parent: at.mnt,
			mountpoint: at.inode,
			source,
			flags,
			coveredName
		};
		this.mounts.push(m);
		const over = this.covered.get(at.inode);
		if (over) over.push(m);
		else this.covered.set(at.inode, [m]);
		return m;
	}

	/** Detaches a mount and everything mounted below it (umount, umount -l). */
	detach(m: Mount): void {
		for (const c of this.childMounts(m)) this.detach(c);
		const i = this.mounts.indexOf(m);
		if (i <= 0) return;
		this.mounts.splice(i, 1);
		const over = this.covered.get(m.mountpoint);
		const at = over ? over.indexOf(m) : -1;
		if (at !== -1) over!.splice(at, 1);
		if (over && over.length === 0) this.covered.delete(m.mountpoint);
		// A detached tree is its own world: `..` at its top stays there (mnt_parent == mnt).
		m.parent = null;
	}

	childMounts(m: Mount): Mount[] {
		return this.mounts.filter((c) => c.parent === m);
	}

	/** d_mountpoint(): something is mounted on this directory, through whichever mount. */
	isMountpoint(inode: Inode): boolean {
		return this.covered.has(inode);
	}

	/** The top-most mount over a place, if any. */
	mountedOn(loc: Loc): Mount | undefined {
		const over = this.covered.get(loc.inode);
		if (!over) return undefined;
		for (let i = over.length - 1; i >= 0; i--) if (over[i]!.parent === loc.mnt) return over[i];
		return undefined;
	}

	/** follow_mount(): goes down through everything mounted on a place. */
	crossDown(loc: Loc): Loc {
		for (let m = this.mountedOn(loc); m; m = this.mountedOn(loc)) loc = { mnt: m, inode: m.root };
		return loc;
	}

	/**
	 * follow_dotdot(): `..` of a place. At the process's root it stays; at the top of a mount it
	 * climbs to the directory the mount covers first, so a bind mount's `..` is where it is shown.
	 */
	dotdot(loc: Loc, root: Loc): Loc {
		let { mnt, inode } = loc;
		for (;;) {
			if (inode === root.inode && mnt === root.mnt) break;
			if (inode !== mnt.root) {
				inode = inode.parent ?? inode;
				break;
			}
			if (!mnt.parent) break;
			inode = mnt.mountpoint;
			mnt = mnt.parent;
		}
		return this.crossDown({ mnt, inode });
	}

	/**
	 * The place of an inode when nothing better is known: the oldest mount of its filesystem whose
	 * tree holds it. Outside every mount it becomes its own detached root, which nothing escapes.
	 */
	locate(inode: Inode): Loc {
		for (const m of this.mounts) {
			if (m.fs !== inode.fs) continue;
			for (let d: Inode | null = inode; d; d = d.parent === d ? null : d.parent) {
				if (d === m.root) return { mnt: m, inode };
			}
		}
		const detached: Mount = {
			id: 0,
			fs: inode.fs,
			root: inode,
			parent: null,
			mountpoint: inode,
			source: 'none',
			flags: 0
		};
		return { mnt: detached, inode };
	}

	// ---- Where processes stand ---------------------------------------------------------------

	private placesOf(who: object): Places {
		const key = ((who as PathContext).viewer as object | undefined) ?? who;
		let p = this.places.get(key);
		if (!p) this.places.set(key, (p = {}));
		return p;
	}

	/** Where `who` has its root; a root set without chroot (a new process) is located once. */
	rootOf(who: PathContext): Loc {
		const places = this.placesOf(who);
		if (places.root?.inode !== who.root) places.root = this.locate(who.root);
		return places.root;
	}

	/** Where `who` works; a cwd set without chdir (a login shell's home) is located once. */
	cwdOf(who: PathContext): Loc {
		const places = this.placesOf(who);
		if (places.cwd?.inode !== who.cwd) places.cwd = this.locate(who.cwd);
		return places.cwd;
	}

	/** chroot(2)'s effect; the caller has checked. */
	setRoot(who: PathContext, loc: Loc): void {
		who.root = loc.inode;
		this.placesOf(who).root = loc;
	}

	/** chdir(2)'s effect. */
	setCwd(who: PathContext, loc: Loc): void {
		who.cwd = loc.inode;
		this.placesOf(who).cwd = loc;
	}

	/** fork: the child stands where its parent stands and runs the same executable. */
	inherit(child: object, parent: object): void {
		this.places.set(child, { ...this.placesOf(parent) });
	}

	/** MNT_NOEXEC: nothing on a noexec mount may be executed (open_exec answers EACCES). */
	mayExecOn(r: Resolved): boolean {
		return !(r.mnt.flags & MS_NOEXEC);
	}

	/** MNT_NOSUID: a setuid or setgid bit on a nosuid mount gives nothing (prepare_binprm). */
	suidAllowedOn(r: Resolved): boolean {
		return !(r.mnt.flags & MS_NOSUID);
	}

	/** execve: remembers the executable for /proc/PID/exe. */
	noteExec(who: object, r: Resolved): void {
		if (r.inode) {
			this.placesOf(who).exe = {
				dir: { mnt: r.parentMnt, inode: r.parent },
				name: r.name,
				inode: r.inode,
				mnt: r.mnt
			};
		}
	}

	exeOf(who: object): Placed | undefined {
		return this.placesOf(who).exe;
	}

	/** open: remembers where an open file was found, for /proc/PID/fd and umount's busy test. */
	placeFile(file: object, where: Placed): void {
		(file as { [PLACE]?: Placed })[PLACE] = where;
	}

	placeOfFile(file: object): Placed | undefined {
		return (file as { [PLACE]?: Placed })[PLACE];
	}

	// ---- Path resolution ---------------------------------------------------------------------

	/**
	 * Resolves `path` for `who` (path_walk): every directory crossed needs search permission;
	 * `..` never climbs above the caller's root; mounts are crossed; symlinks are followed.
	 */
	resolve(who: PathContext, path: string, opts: ResolveOptions = {}): Resolved | Errno {
		if (path === '') return errno('ENOENT');
		if (path.length >= PATH_MAX) return errno('ENAMETOOLONG');
		// An absolute path starts at the root: the cwd is not looked at.
		const start = path.charCodeAt(0) === 47 ? null : this.cwdOf(who);
		return this.walk(who, start, path, opts, { nested: 0, total: 0 });
	}

	private child(who: PathContext, dir: Inode, name: string): Inode | null {
		if (dir.lookup) return dir.lookup(who, name);
		return dir.entries?.get(name) ?? null;
	}

	private walk(
		who: PathContext,
		start: Loc | null,
		path: string,
		opts: ResolveOptions,
		count: LinkCount
	): Resolved | Errno {
		const follow = (opts.follow ?? true) && !opts.nameOnly;
		const rootLoc = this.rootOf(who);
		let cur: Loc = path.startsWith('/') || !start ? rootLoc : start;
		// The names are taken one at a time as the walk reaches them; empty ones (from `//` and a
		// trailing `/`) are skipped.
		const n = path.length;
		let from = 0;
		while (from < n && path.charCodeAt(from) === 47) from++;
		if (from === n) {
			return {
				inode: cur.inode,
				parent: cur.inode,
				name: '/',
				mnt: cur.mnt,
				parentMnt: cur.mnt,
				last: 'root',
				trailingSlash: false
			};
		}
		const trailingSlash = path.charCodeAt(n - 1) === 47;
		while (from < n) {
			let to = path.indexOf('/', from);
			if (to === -1) to = n;
			const name = path.slice(from, to);
			from = to;
			while (from < n && path.charCodeAt(from) === 47) from++;
			const last = from === n;
			if (kindOf(cur.inode.mode) !== 'dir') return errno('ENOTDIR');
			const denied = this.access(who, cur.inode, MAY_EXEC);
			if (denied) return denied;
			if (name.length > NAME_MAX) return errno('ENAMETOOLONG');
			if (name === '.' || name === '..') {
				const next = name === '.' ? cur : this.dotdot(cur, rootLoc);
				if (last) {
					const lastType = name === '.' ? 'dot' : 'dotdot';
					return {
						inode: next.inode,
						parent: cur.inode,
						name,
						mnt: next.mnt,
						parentMnt: cur.mnt,
						last: lastType,
						trailingSlash
					};
				}
				cur = next;
				continue;
			}
			const child = this.child(who, cur.inode, name);
			if (!child) {
				if (last && opts.parentOk) {
					return {
						inode: null,
						parent: cur.inode,
						name,
						mnt: cur.mnt,
						parentMnt: cur.mnt,
						last: 'norm',
						trailingSlash
					};
				}
				return errno('ENOENT');
			}
			let loc: Loc = { mnt: cur.mnt, inode: child };
			if (!(last && opts.nameOnly)) loc = this.crossDown(loc);
			if (
				kindOf(loc.inode.mode) === 'symlink' &&
				(!last || follow || (trailingSlash && !opts.nameOnly))
			) {
				const r = this.followLink(who, cur, loc.inode, last ? opts : {}, count);
				if (isErrno(r)) return r;
				if (last) {
					if (r.inode && trailingSlash && kindOf(r.inode.mode) !== 'dir') return errno('ENOTDIR');
					return r;
				}
				// A symlink in the middle of a path must lead somewhere (ENOENT from the body).
				cur = { mnt: r.mnt, inode: r.inode! };
				continue;
			}
			if (last) {
				if (trailingSlash && kindOf(loc.inode.mode) !== 'dir') return errno('ENOTDIR');
				return {
					inode: loc.inode,
					parent: cur.inode,
					name,
					mnt: loc.mnt,
					parentMnt: cur.mnt,
					last: 'norm',
					trailingSlash
				};
			}
			cur = loc;
		}
		return errno('ENOENT');
	}

	/** Follows one symlink found in `dir`; 2.4's limits are 5 nested links and 40 in all. */
	private followLink(
		who: PathContext,
		dir: Loc,
		link: Inode,
		opts: ResolveOptions,
		count: LinkCount
	): Resolved | Errno {
		if (count.nested >= MAX_NESTED_LINKS || count.total >= MAX_LINKS) return errno('ELOOP');
		count.total++;
		if (link.follow) {
			const to = link.follow(who);
			if (isErrno(to)) return to;
			const p = to.placed;
			if (p) {
				return {
					inode: to.inode,
					parent: p.dir.inode,
					name: p.name,
					mnt: to.mnt,
					parentMnt: p.dir.mnt,
					last: 'norm',
					trailingSlash: false
				};
			}
			const parent = to.inode.parent ?? to.inode;
			return {
				inode: to.inode,
				parent,
				name: this.nameIn(parent, to.inode),
				mnt: to.mnt,
				parentMnt: to.mnt,
				last: 'norm',
				trailingSlash: false
			};
		}
		const target = link.readlink ? link.readlink(who) : link.target;
		if (isErrno(target)) return target;
		if (target === '') return errno('ENOENT');
		count.nested++;
		const r = this.walk(who, dir, target, { follow: true, parentOk: opts.parentOk }, count);
		count.nested--;
		return r;
	}

	// ---- Paths of places ---------------------------------------------------------------------

	/** The name under which `child` sits in `parent` ('' when it has none). */
	nameIn(parent: Inode, child: Inode): string {
		if (parent.entries) for (const [n, c] of parent.entries) if (c === child) return n;
		return this.names.get(child) ?? '';
	}

	/**
	 * d_path(): the path of a place as seen from `root`. As in 2.4's __d_path, a place outside
	 * that root gets its path from the real root, and a removed directory ends in " (deleted)".
	 */
	dPath(loc: Loc, root: Loc): string {
		const names: string[] = [];
		let { mnt, inode } = loc;
		const deleted = this.isDead(inode) && inode !== mnt.root;
		for (;;) {
			if (inode === root.inode && mnt === root.mnt) break;
			if (inode === mnt.root || !inode.parent || inode.parent === inode) {
				if (!mnt.parent) break;
				inode = mnt.mountpoint;
				mnt = mnt.parent;
				continue;
			}
			names.push(this.nameIn(inode.parent, inode));
			inode = inode.parent;
		}
		return '/' + names.reverse().join('/') + (deleted ? ' (deleted)' : '');
	}

	/** The path of a remembered name (an open file, an executable) as seen from `root`. */
	placedPath(p: Placed, root: Loc): string {
		const dir = this.dPath(p.dir, root);
		const deleted = p.inode.nlink === 0 && !p.inode.entries;
		return (dir === '/' ? '' : dir) + '/' + p.name + (deleted ? ' (deleted)' : '');
	}

	/** True when `loc` lies inside the tree seen from `root` (proc_check_root's is_subdir). */
	isBelow(loc: Loc, root: Loc): boolean {
		let { mnt, inode } = loc;
		for (;;) {
			if (inode === root.inode && mnt === root.mnt) return true;
			if (inode === mnt.root || !inode.parent || inode.parent === inode) {
				if (!mnt.parent) return false;
				inode = mnt.mountpoint;
				mnt = mnt.parent;
				continue;
			}
			inode = inode.parent;
		}
	}
}
