// Mounting: the filesystem types (ext2 root, proc, devpts, tmpfs), mount(2) and umount(2) with
// --bind and remount, the figures statfs(2) gives df, and the mount list /proc/mounts prints.
import { errno, isErrno, type Errno } from './errno.ts';
import type { Kernel } from './kernel.ts';
import type { Process } from './process.ts';
import {
	MS_BIND,
	MS_NODEV,
	MS_NOEXEC,
	MS_NOSUID,
	MS_RDONLY,
	MS_REMOUNT,
	S_IFDIR,
	kindOf,
	type FileSystem,
	type Inode,
	type Loc,
	type Mount
} from './vfs.ts';
import { writable } from './file.ts';

const CAP_SYS_ADMIN = 21;

/** umount2() flags. */
export const MNT_FORCE = 1,
	MNT_DETACH = 2;

/** The model machine's memory (kB): 128 MB of RAM, as /proc/meminfo and tmpfs's default size see. */
export const MEM_TOTAL_KB = 127404;

/** statfs f_type values. */
export const EXT2_SUPER_MAGIC = 0xef53,
	PROC_SUPER_MAGIC = 0x9fa0,
	DEVPTS_SUPER_MAGIC = 0x1cd1,
	TMPFS_MAGIC = 0x01021994;

export interface Statfs {
	type: number;
	bsize: number;
	blocks: number;
	bfree: number;
	bavail: number;
	files: number;
	ffree: number;
	namelen: number;
}

/** The filesystem types mount(2) knows, as /proc/filesystems lists them. */
export const FILESYSTEMS: readonly { name: string; nodev: boolean }[] = [
	{ name: 'proc', nodev: true },
	{ name: 'tmpfs', nodev: true },
	{ name: 'ext2', nodev: false },
	{ name: 'devpts', nodev: true }
];

/** Creates a tmpfs superblock: a sticky, world-writable root unless `mode=` says otherwise. */
export function newTmpfs(
	k: Kernel,
	sizeKb = MEM_TOTAL_KB / 2,
	mode = 0o1777,
	uid = 0,
	gid = 0
): Inode {
	const fs: FileSystem = {
		dev: k.vfs.allocAnonDev(),
		type: 'tmpfs',
		blocks: Math.floor(sizeKb),
		readOnly: false
	};
	// 2.4 shmem: as many inodes as pages of the size, at most half of low memory's pages.
	fs.files = Math.min(Math.floor(sizeKb / 4), Math.floor(MEM_TOTAL_KB / 8));
	const root = k.vfs.newInode(fs, S_IFDIR | mode, uid, gid);
	root.nlink = 2;
	root.parent = root;
	fs.root = root;
	return root;
}

interface TmpfsOptions {
	sizeKb: number;
	mode: number;
	uid: number;
	gid: number;
}

/** shmem_parse_options(): size=N[kmg%], nr_inodes, mode (octal), uid, gid; anything else EINVAL. */
function parseTmpfsOptions(data: string): TmpfsOptions | Errno {
	const o: TmpfsOptions = { sizeKb: MEM_TOTAL_KB / 2, mode: 0o1777, uid: 0, gid: 0 };
	for (const opt of data.split(',').filter(Boolean)) {
		const [key, value] = opt.split('=', 2) as [string, string | undefined];
		if (value === undefined || value === '') return errno('EINVAL');
		if (key === 'size') {
			const m = /^(\d+)([kmg%]?)$/i.exec(value);
			if (!m) return errno('EINVAL');
			const n = Number(m[1]);
			const unit = m[2]!.toLowerCase();
			o.sizeKb =
				unit === '%'
					? (MEM_TOTAL_KB * n) / 100
					: unit === 'g'
						? n * 1048576
						: unit === 'm'
							? n * 1024
							: unit === 'k'
								? n
								: n / 1024;
		} else if (key === 'mode') {
			if (!/^[0-7]+$/.test(value)) return errno('EINVAL');
			o.mode = parseInt(value, 8) & 0o7777;
		} else if (key === 'uid' || key === 'gid' || key === 'nr_inodes') {
			if (!/^\d+[kmg]?$/i.test(value)) return errno('EINVAL');
			if (key !== 'nr_inodes') o[key] = parseInt(value, 10);
		} else return errno('EINVAL');
	}
	return o;
}

function denySysAdmin(k: Kernel, p: Process, what: string): Errno {
	k.deny(p, {
		kind: 'capability',
		capability: 'CAP_SYS_ADMIN',
		text: `${what} needs CAP_SYS_ADMIN in the effective set`
	});
	return errno('EPERM');
}

/**
 * mount(2) as 2.4's do_mount: the target is looked up first (so its errors come before EPERM),
 * then MS_REMOUNT, MS_BIND, or a new mount of a filesystem type.
 */
export function sysMount(
	k: Kernel,
	p: Process,
	source: string,
	target: string,
	type: string,
	flags: number,
	data: string
): 0 | Errno {
	const t = k.vfs.resolve(p, target);
	if (isErrno(t)) return t;
	const at: Loc = { mnt: t.mnt, inode: t.inode! };
	if (!p.capable(CAP_SYS_ADMIN)) return denySysAdmin(k, p, 'mounting a filesystem');
	const mntFlags = flags & (MS_NOSUID | MS_NODEV | MS_NOEXEC);
	if (flags & MS_REMOUNT) return remount(k, at, flags, mntFlags, data);
	if (flags & MS_BIND) {
		if (!source) return errno('EINVAL');
		const s = k.vfs.resolve(p, source);
		if (isErrno(s)) return s;
		// clone_mnt keeps the device name of the mount the tree comes from.
		return graft(k, at, s.inode!, s.mnt.source, mntFlags, { dir: t.parent, name: t.name });
	}
	let root: Inode;
	switch (type) {
		case 'proc':
			root = k.procfs.root;
			break;
		case 'devpts':
			root = k.devpts.root;
			break;
		case 'tmpfs':
		case 'shm': {
			const o = parseTmpfsOptions(data);
			if (isErrno(o)) return o;
			root = newTmpfs(k, o.sizeKb, o.mode, o.uid, o.gid);
			break;
		}
		case 'ext2':
		case 'ext3': {
			// get_sb_bdev(): the source must be a block device, and the model has no disk to offer.
			if (!source) return errno('ENOENT');
			const dev = k.vfs.resolve(p, source);
			if (isErrno(dev)) return dev;
			if (kindOf(dev.inode!.mode) !== 'blk') return errno('ENOTBLK');
			return errno('ENXIO');
		}
		default:
			return errno('ENODEV');
	}
	// Refuse the same filesystem stacked on its own root (mount -t proc twice on /proc).
	if (at.mnt.fs === root.fs && at.mnt.root === at.inode) return errno('EBUSY');
	if (flags & MS_RDONLY) root.fs.readOnly = true;
	return graft(k, at, root, source || 'none', mntFlags);
}

/** graft_tree(): a directory only over a directory, a file only over a file, never on a dead one. */
function graft(
	k: Kernel,
	at: Loc,
	root: Inode,
	source: string,
	flags: number,
	name?: { dir: Inode; name: string }
): 0 | Errno {
	const isDir = kindOf(at.inode.mode) === 'dir';
	if (isDir !== (kindOf(root.mode) === 'dir')) return errno('ENOTDIR');
	if (k.vfs.isDead(at.inode)) return errno('ENOENT');
	k.vfs.addMount(at, root, source, flags, isDir ? undefined : name);
	return 0;
}

/** do_remount(): only at the top of a mount; going read-only is refused while files are open to write. */
function remount(k: Kernel, at: Loc, flags: number, mntFlags: number, data: string): 0 | Errno {
	if (at.inode !== at.mnt.root) return errno('EINVAL');
	const fs = at.mnt.fs;
	const ro = (flags & MS_RDONLY) !== 0;
	if (ro && !fs.readOnly && openForWrite(k, fs)) return errno('EBUSY');
	if (fs.type === 'tmpfs' && data) {
		const o = parseTmpfsOptions(data);
		if (isErrno(o)) return o;
		if (/(^|,)size=/.test(data)) fs.blocks = Math.floor(o.sizeKb);
	}
	fs.readOnly = ro;
	at.mnt.flags = mntFlags;
	return 0;
}

function openForWrite(k: Kernel, fs: FileSystem): boolean {
	for (const p of k.procs.values()) {
		for (const { file } of p.fds.values()) {
			if (
				file.inode &&
				file.inode.fs === fs &&
				kindOf(file.inode.mode) === 'file' &&
				writable(file)
			) {
				return true;
			}
		}
	}
	return false;
}

/** umount2(2) as 2.4's sys_umount and do_umount. */
export function sysUmount(k: Kernel, p: Process, target: string, flags: number): 0 | Errno {
	const t = k.vfs.resolve(p, target);
	if (isErrno(t)) return t;
	const m = t.mnt;
	if (t.inode !== m.root || !k.vfs.mounts.includes(m)) return errno('EINVAL');
	if (!p.capable(CAP_SYS_ADMIN)) return denySysAdmin(k, p, 'unmounting a filesystem');
	const detach = (flags & MNT_DETACH) !== 0;
	if (m === k.vfs.rootOf(p).mnt && !detach) {
		// Linux: "unmounting" your own root remounts it read-only (what halt scripts rely on).
		if (!m.fs.readOnly && openForWrite(k, m.fs)) return errno('EBUSY');
		m.fs.readOnly = true;
		return 0;
	}
	if (m === k.vfs.rootMount) return errno('EBUSY');
	if (!detach && busy(k, m)) return errno('EBUSY');
	k.vfs.detach(m);
	return 0;
}

/** Anything that holds the mount: a mount on it, a process's root, cwd or executable, an open file. */
function busy(k: Kernel, m: Mount): boolean {
	if (k.vfs.childMounts(m).length > 0) return true;
	for (const p of k.procs.values()) {
		if (p.state === 'Z') continue;
		if (k.vfs.rootOf(p).mnt === m || k.vfs.cwdOf(p).mnt === m || k.vfs.exeOf(p)?.mnt === m) {
			return true;
		}
		for (const { file } of p.fds.values()) {
			const where = k.vfs.placeOfFile(file);
			if (where && (where.mnt === m || where.dir.mnt === m)) return true;
		}
	}
	return false;
}

// ---- statfs ----------------------------------------------------------------------------------

interface Usage {
	/** 4 KiB blocks of data. */
	blocks: number;
	inodes: number;
}

/** What a filesystem holds: every inode reachable from its root once (hard links count once). */
function usage(fs: FileSystem): Usage {
	const seen = new Set<Inode>();
	const todo: Inode[] = fs.root ? [fs.root] : [];
	let blocks = 0;
	while (todo.length > 0) {
		const i = todo.pop()!;
		if (seen.has(i)) continue;
		seen.add(i);
		const kind = kindOf(i.mode);
		if (kind === 'dir') {
			// An ext2 directory takes a block; a tmpfs one lives in memory with its inode.
			if (fs.type === 'ext2') blocks += 1;
			for (const c of i.entries!.values()) if (c.fs === fs) todo.push(c);
		} else if (kind === 'file') blocks += Math.ceil(i.data.length / 4096);
		// ext2 keeps a symlink of up to 60 bytes inside its inode (a fast symlink).
		else if (kind === 'symlink' && i.target.length > 60) blocks += 1;
	}
	return { blocks, inodes: seen.size };
}

/** Bytes a tmpfs may still take, or Infinity when the filesystem sets no limit. */
export function roomLeft(fs: FileSystem): number {
	if (fs.type !== 'tmpfs') return Infinity;
	return Math.max(0, Math.floor(fs.blocks / 4) - usage(fs).blocks) * 4096;
}

/** statfs(2) figures, computed from what the filesystem holds now. */
export function statfsOf(fs: FileSystem): Statfs {
	switch (fs.type) {
		case 'ext2': {
			const blocks = Math.floor(fs.blocks / 4);
			const files = fs.files ?? Math.floor((fs.blocks * 1024) / 8192);
			const u = usage(fs);
			// Inode tables (128 bytes an inode), and two bitmaps and a descriptor per 32768-block group.
			const overhead = Math.ceil((files * 128) / 4096) + Math.ceil(blocks / 32768) * 3 + 1;
			const bfree = Math.max(0, blocks - overhead - u.blocks);
			const reserved = Math.floor(blocks * 0.05);
			// Inodes 1-10 are reserved by ext2.
			const ffree = Math.max(0, files - 10 - u.inodes);
			return {
				type: EXT2_SUPER_MAGIC,
				bsize: 4096,
				blocks,
				bfree,
				bavail: Math.max(0, bfree - reserved),
				files,
				ffree,
				namelen: 255
			};
		}
		case 'tmpfs': {
			const blocks = Math.floor(fs.blocks / 4);
			const u = usage(fs);
			const bfree = Math.max(0, blocks - u.blocks);
			const files = fs.files ?? 0;
			return {
				type: TMPFS_MAGIC,
				bsize: 4096,
				blocks,
				bfree,
				bavail: bfree,
				files,
				ffree: Math.max(0, files - u.inodes),
				namelen: 255
			};
		}
		case 'proc':
			return {
				type: PROC_SUPER_MAGIC,
				bsize: 1024,
				blocks: 0,
				bfree: 0,
				bavail: 0,
				files: 0,
				ffree: 0,
				namelen: 255
			};
		default:
			return {
				type: DEVPTS_SUPER_MAGIC,
				bsize: 1024,
				blocks: 0,
				bfree: 0,
				bavail: 0,
				files: 0,
				ffree: 0,
				namelen: 255
			};
	}
}

// ---- The mount list --------------------------------------------------------------------------

/** seq_file's mangle(): space, tab, newline and backslash as octal escapes. */
function mangle(s: string): string {
	return s.replace(/[ \t\n\\]/g, (c) => '\\' + c.charCodeAt(0).toString(8).padStart(3, '0'));
}

/** Where a mount is shown, seen from `root` (2.4 prints paths outside a chroot from the real root). */
export function mountPath(k: Kernel, m: Mount, root: Loc): string {
	if (m.parent && m.coveredName) {
		const dir = k.vfs.dPath({ mnt: m.parent, inode: m.coveredName.dir }, root);
		return (dir === '/' ? '' : dir) + '/' + m.coveredName.name;
	}
	const at: Loc = m.parent ? { mnt: m.parent, inode: m.mountpoint } : { mnt: m, inode: m.root };
	return k.vfs.dPath(at, root);
}

/** /proc/mounts as 2.4's show_vfsmnt writes it, for a viewer whose root is `root`. */
export function mountsText(k: Kernel, root: Loc): string {
	let out = '';
	for (const m of k.vfs.mounts) {
		let opts = m.fs.readOnly ? 'ro' : 'rw';
		if (m.flags & MS_NOSUID) opts += ',nosuid';
		if (m.flags & MS_NODEV) opts += ',nodev';
		if (m.flags & MS_NOEXEC) opts += ',noexec';
		out += `${mangle(m.source)} ${mangle(mountPath(k, m, root))} ${m.fs.type} ${opts} 0 0\n`;
	}
	return out;
}

/** The snapshot's mounts, from the real root. */
export function mountsView(k: Kernel): { source: string; target: string; type: string }[] {
	const root: Loc = { mnt: k.vfs.rootMount, inode: k.root };
	return k.vfs.mounts.map((m) => ({
		source: m.source,
		target: mountPath(k, m, root),
		type: m.fs.type
	}));
}

/** Mounts done at boot by the image: what rc.sysinit would have mounted. */
export function mountAtBoot(
	k: Kernel,
	type: 'proc' | 'devpts' | 'tmpfs',
	source: string,
	path: string
): void {
	const r = k.vfs.resolve(
		{ root: k.root, cwd: k.root, fsuid: 0, fsgid: 0, groups: [0], capable: () => true },
		path
	);
	if (isErrno(r)) throw new Error(`cannot mount ${type} on ${path}: ${r.name}`);
	const root = type === 'proc' ? k.procfs.root : type === 'devpts' ? k.devpts.root : newTmpfs(k);
	k.vfs.addMount({ mnt: r.mnt, inode: r.inode! }, root, source);
}
