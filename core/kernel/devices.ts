// Character devices: the memory devices (null, zero, full, random, urandom), the console, the
// device numbers of ttys and ptys, and devpts (/dev/pts). Nodes in /dev point here through rdev.
import { errno } from './errno.ts';
import type { FileOps } from './file.ts';
import { Process } from './process.ts';
import type { Tty } from './tty.ts';
import {
	S_IFCHR,
	S_IFDIR,
	type FileSystem,
	type Inode,
	type PathContext,
	type Vfs
} from './vfs.ts';

export const makedev = (major: number, minor: number): number => (major << 8) | minor;
export const major = (dev: number): number => dev >> 8;
export const minor = (dev: number): number => dev & 0xff;

export const DEV_NULL = makedev(1, 3),
	DEV_ZERO = makedev(1, 5),
	DEV_FULL = makedev(1, 7),
	DEV_RANDOM = makedev(1, 8),
	DEV_URANDOM = makedev(1, 9),
	DEV_TTY = makedev(5, 0),
	DEV_CONSOLE = makedev(5, 1),
	DEV_PTMX = makedev(5, 2),
	PTS_MAJOR = 136;

/** A small deterministic generator (xorshift32): the machine's only source of randomness. */
export class Random {
	private state: number;
	constructor(seed: number) {
		this.state = seed >>> 0 || 0x9e3779b9;
	}
	next(): number {
		let x = this.state;
		x ^= x << 13;
		x ^= x >>> 17;
		x ^= x << 5;
		this.state = x >>> 0;
		return this.state;
	}
	bytes(n: number): string {
		let s = '';
		for (let i = 0; i < n; i++) s += String.fromCharCode(this.next() & 0xff);
		return s;
	}
}

/** Reads of /dev/zero and /dev/random return at most this many bytes per call. */
const CHUNK = 4096;

export function memoryDeviceOps(rdev: number, random: Random): FileOps | null {
	switch (rdev) {
		case DEV_NULL:
			return { read: () => '', write: (_f, data) => data.length };
		case DEV_ZERO:
			return { read: (_f, n) => '\0'.repeat(Math.min(n, CHUNK)), write: (_f, data) => data.length };
		case DEV_FULL:
			return { read: (_f, n) => '\0'.repeat(Math.min(n, CHUNK)), write: () => errno('ENOSPC') };
		case DEV_RANDOM:
		case DEV_URANDOM:
			return {
				read: (_f, n) => random.bytes(Math.min(n, CHUNK)),
				write: (_f, data) => data.length
			};
		default:
			return null;
	}
}

/** The parts of the kernel devpts reads: its pty table and the process table (node owners). */
export interface DevPtsHost {
	vfs: Vfs;
	ttys: Map<number, Tty>;
	procs: Map<number, Process>;
}

/**
 * devpts: /dev/pts generated from the kernel's pty table, one shared pool of numbers. A node
 * exists while its pty does (until the master side hangs up), as 2.4's devpts_pty_new/kill.
 */
export class DevPts {
	readonly fs: FileSystem;
	readonly root: Inode;
	/** Hook the contexts issue fills: may `viewer` see this pty? (each vserver sees its own). */
	ptyVisible: (viewer: Process, tty: Tty) => boolean = () => true;
	private readonly host: DevPtsHost;
	private readonly nodes = new Map<Tty, Inode>();

	constructor(host: DevPtsHost) {
		this.host = host;
		this.fs = { dev: host.vfs.allocAnonDev(), type: 'devpts', blocks: 0, readOnly: false };
		const root = host.vfs.newInode(this.fs, S_IFDIR | 0o755);
		root.nlink = 2;
		root.parent = root;
		this.fs.root = this.root = root;
		root.lookup = (who, name) => {
			const tty = /^(0|[1-9]\d*)$/.test(name) ? host.ttys.get(Number(name)) : undefined;
			return tty && this.shown(who, tty) ? this.node(tty) : null;
		};
		root.list = (who) =>
			[...host.ttys.values()]
				.filter((t) => this.shown(who, t))
				.sort((a, b) => a.index - b.index)
				.map((t) => [String(t.index), this.node(t)] as [string, Inode]);
	}

	private shown(who: PathContext, tty: Tty): boolean {
		if (tty.hungUp) return false;
		const viewer = who instanceof Process ? who : who.viewer instanceof Process ? who.viewer : null;
		return viewer === null || this.ptyVisible(viewer, tty);
	}

	/** The node of a pty: crw--w---- root:tty (gid 5, mode 620 as Red Hat mounts devpts), owned by
	 * the user whose session holds the terminal, as login or sshd leaves it. */
	node(tty: Tty): Inode {
		let n = this.nodes.get(tty);
		if (!n) {
			const leader = tty.session ? this.host.procs.get(tty.session) : undefined;
			n = this.host.vfs.newInode(this.fs, S_IFCHR | 0o620, leader?.creds.uid ?? 0, 5);
			n.ino = tty.index + 2;
			n.rdev = makedev(PTS_MAJOR, tty.index);
			n.nlink = 1;
			this.nodes.set(tty, n);
		}
		return n;
	}
}
