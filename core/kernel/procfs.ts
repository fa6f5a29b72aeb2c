// /proc, generated for the process that looks: per-pid directories made on lookup and readdir (the
// process list changes under them), the system files, and the hooks through which security
// contexts decide what a process may see. Programs such as ps and top learn everything here.
import { errno, isErrno, type Errno } from './errno.ts';
import type { OpenFile } from './file.ts';
import { O_ACCMODE, O_RDONLY, O_WRONLY } from './file.ts';
import type { Kernel } from './kernel.ts';
import { FILESYSTEMS, MEM_TOTAL_KB, mountsText, statfsOf } from './mount.ts';
import { Pipe } from './pipe.ts';
import { Process, type ProcState } from './process.ts';
import { Tty } from './tty.ts';
import {
	S_IFCHR,
	S_IFDIR,
	S_IFIFO,
	S_IFLNK,
	S_IFREG,
	type FileSystem,
	type Inode,
	type Listed,
	type Loc,
	type PathContext
} from './vfs.ts';
import { LINUX_COMPILE_BY, LINUX_COMPILER, UTS_RELEASE, UTS_VERSION } from './version.ts';
import { niceOf, priorityOf } from './priority.ts';

const CAP_DAC_OVERRIDE = 1;
/** Clock ticks per second (jiffies) on 2.4 i386. */
const HZ = 100;
/** Inode numbers of /proc's own entries start here (2.4's PROC_DYNAMIC_FIRST). */
const PROC_DYNAMIC_FIRST = 0xf0000000;

/** What the viewing process is, for a lookup made with a PathContext. */
export function viewerOf(who: PathContext | unknown): Process | null {
	if (who instanceof Process) return who;
	const v = (who as PathContext | null)?.viewer;
	return v instanceof Process ? v : null;
}

/**
 * The per-pid entries in 2.4's base_stuff order (maps and mem are not modelled); `kept` entries
 * stay with the directory, the others are made at each lookup (see pidEntry).
 */
const PID_ENTRIES: { name: string; ino: number; mode: number; kept: boolean }[] = [
	{ name: 'fd', ino: 8, mode: S_IFDIR | 0o500, kept: true },
	{ name: 'environ', ino: 9, mode: S_IFREG | 0o400, kept: false },
	{ name: 'status', ino: 3, mode: S_IFREG | 0o444, kept: false },
	{ name: 'cmdline', ino: 10, mode: S_IFREG | 0o444, kept: false },
	{ name: 'stat', ino: 11, mode: S_IFREG | 0o444, kept: false },
	{ name: 'statm', ino: 12, mode: S_IFREG | 0o444, kept: false },
	{ name: 'cwd', ino: 5, mode: S_IFLNK | 0o777, kept: true },
	{ name: 'root', ino: 6, mode: S_IFLNK | 0o777, kept: true },
	{ name: 'exe', ino: 7, mode: S_IFLNK | 0o777, kept: true },
	{ name: 'mounts', ino: 15, mode: S_IFREG | 0o444, kept: false }
];

/** A pid directory's mode (dr-xr-xr-x). */
const PID_DIR_MODE = S_IFDIR | 0o555;

/** A pid directory's kept entries, the map made at the first one (ps looks none of them up). */
interface Kept {
	map: Map<string, Inode> | null;
}

/** The same entries by name: every open of /proc/PID/x looks one up. */
const PID_ENTRY_BY_NAME = new Map(PID_ENTRIES.map((e) => [e.name, e]));

/**
 * The pid a pid directory's name stands for: digits without a leading zero (2.4's name_to_int),
 * added up as they are checked; -1 for any other name.
 */
function pidOfName(name: string): number {
	const n = name.length;
	if (n === 0 || n > 10) return -1;
	let c = name.charCodeAt(0);
	if (c < 49 || c > 57) return -1;
	let pid = c - 48;
	for (let i = 1; i < n; i++) {
		c = name.charCodeAt(i);
		if (c < 48 || c > 57) return -1;
		pid = pid * 10 + (c - 48);
	}
	return pid;
}

const STATE_NAMES: Record<ProcState, string> = {
	R: 'R (running)',
	S: 'S (sleeping)',
	T: 'T (stopped)',
	Z: 'Z (zombie)'
};

/** Memory of a process in kB: /proc/PID/status, stat and statm. */
interface Vm {
	size: number;
	rss: number;
	data: number;
	stk: number;
	exe: number;
	lib: number;
}

/** Text and data sizes (kB) of the programs whose size shows in ps; others get the default. */
const PROGRAM_KB: Record<string, { exe: number; data: number }> = {
	bash: { exe: 564, data: 196 },
	sh: { exe: 564, data: 168 },
	init: { exe: 28, data: 40 },
	httpd: { exe: 288, data: 596 },
	xinetd: { exe: 136, data: 92 },
	syslogd: { exe: 32, data: 48 },
	crond: { exe: 24, data: 52 }
};

/**
 * SIMPLIFIED: the model has no address spaces, so a process's memory is computed from its
 * program (text and data sizes above), glibc 2.2.5 (ld.so and libc), and its arguments.
 */
function vmOf(p: Process): Vm {
	const prog = PROGRAM_KB[p.comm] ?? { exe: 16, data: 60 };
	const lib = 1296;
	const stk = 8 + 4 * Math.ceil(p.argBytes / 4096);
	const data = prog.data + 4 * p.fds.size;
	const size = prog.exe + data + stk + lib;
	const rss = Math.round(prog.exe * 0.75) + 420 + Math.round(data * 0.6) + stk;
	return { size, rss, data, stk, exe: prog.exe, lib };
}

/**
 * A formatter that remembers its last few texts: ps formats the same few values (the same
 * capability sets, empty signal masks, the same memory sizes) for thousands of processes.
 */
function remembered(format: (v: number) => string): (v: number) => string {
	const texts = new Map<number, string>();
	return (v) => {
		let text = texts.get(v);
		if (text === undefined) {
			if (texts.size >= 64) texts.clear();
			texts.set(v, (text = format(v)));
		}
		return text;
	};
}

/** A 64-signal mask as 16 hex digits; the model's masks keep signal n at bit n. */
const sigHex = remembered(
	(mask) => '00000000' + ((mask >>> 1) >>> 0).toString(16).padStart(8, '0')
);

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Microseconds as jiffies (HZ 100). */
function jiffies(us: number): number {
	return Math.floor(us / 10000);
}

/** A kB figure of status, right-aligned in 8 columns. */
const kb8 = remembered((n) => String(n).padStart(8));

/** A command name as status shows it: backslash and newline escaped (2.4's task_name). */
function escapedName(comm: string): string {
	if (comm.indexOf('\\') === -1 && comm.indexOf('\n') === -1) return comm;
	return comm.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/**
 * A text made from up to six numbers, kept with the last ones it was made from: ps reads the
 * /proc files of thousands of processes in a row, and most of their blocks of lines are the
 * same. It is still made at read time; a read whose numbers differ from the last makes it anew.
 */
class LastText {
	private readonly make: (
		a: number,
		b: number,
		c: number,
		d: number,
		e: number,
		f: number
	) => string;
	private readonly last = [NaN, NaN, NaN, NaN, NaN, NaN];
	private lastText = '';

	constructor(make: (a: number, b: number, c: number, d: number, e: number, f: number) => string) {
		this.make = make;
	}

	text(a: number, b: number, c: number, d: number, e = 0, f = 0): string {
		const l = this.last;
		if (a !== l[0] || b !== l[1] || c !== l[2] || d !== l[3] || e !== l[4] || f !== l[5]) {
			l[0] = a;
			l[1] = b;
			l[2] = c;
			l[3] = d;
			l[4] = e;
			l[5] = f;
			this.lastText = this.make(a, b, c, d, e, f);
		}
		return this.lastText;
	}
}

/** The signals a process ignores and catches, as masks with signal n at bit n. */
interface Dispositions {
	ignored: number;
	caught: number;
}

/** /proc's files for one kernel. */
export class ProcFs {
	readonly fs: FileSystem;
	readonly root: Inode;
	// Hooks the credentials/contexts and network issues fill (context.ts, net/): what a viewer may
	// see, under which pid, and the capability, context and ipv4root lines of status.

	/** May `viewer` see `target` in /proc? Every listing and lookup of a pid directory asks. */
	procVisible: (viewer: Process, target: Process) => boolean = () => true;
	/** The pid under which `viewer` knows `target` (a context's fake init is 1 inside it). */
	pidSeen: (viewer: Process, target: Process) => number = (_v, t) => t.pid;
	/** The process `viewer` means by a pid directory name. */
	findPid: (viewer: Process, pid: number) => Process | null = (viewer, pid) => {
		const t = this.k.procs.get(pid);
		return t && this.procVisible(viewer, t) ? t : null;
	};
	/** The parent pid `viewer` is shown for `target` (PPid, and stat's fourth field). */
	shownPpid: (viewer: Process | null, target: Process) => number = (_v, t) => t.ppid;
	// The hooks of status answer whole lines, each ended by a newline: ps reads a status file for
	// every process, so its parts are texts, not lists to join.
	/** The capability lines of status: 2.4's three sets, then the ctx patch's ceiling. */
	capText: (target: Process) => string = (t) =>
		this.capLines.text(t.caps.inh, t.caps.prm, t.caps.eff, t.caps.bset);
	/** The context lines of status (ARCHITECTURE.md: `s_context`, `ctxflags` decimal, `initpid`). */
	ctxText: (viewer: Process | null, target: Process) => string = (_v, t) =>
		`s_context: ${t.ctx}\nctxflags: 0\ninitpid: none\n`;
	/** The ipv4root lines of status: `0.0.0.0` while unrestricted, then the broadcast address. */
	ipv4Text: (viewer: Process | null, target: Process) => string = () =>
		'ipv4root: 0.0.0.0\nipv4root_bcast: 0.0.0.0\n';
	/** How the 2003 tools learn the new syscalls' numbers and revisions (reference §3.3.2). */
	syscallText: () => string = () => '__NR_new_s_context: 226 rev0\n__NR_set_ipv4root: 227 rev3\n';

	private readonly k: Kernel;
	private readonly entries: [string, Inode][] = [];
	/** The same entries by name (the first of a name wins, as a search of the list would find). */
	private readonly entryByName = new Map<string, Inode>();
	private readonly pipeInodes = new WeakMap<Pipe, Inode>();
	private readonly pipeNumbers = new WeakMap<Pipe, number>();
	private readonly reopenInodes = new WeakMap<OpenFile, Inode>();
	private readonly pipefs: FileSystem;
	private nextPipeIno = 1000;
	private forks = 0;
	/** Load averages in 2.4's fixed point (11 bits), and how many 5 s periods they cover. */
	private load = [0, 0, 0];
	private loadPeriods = 0;

	constructor(k: Kernel) {
		this.k = k;
		this.fs = { dev: k.vfs.allocAnonDev(), type: 'proc', blocks: 0, readOnly: false };
		this.pipefs = { dev: k.vfs.allocAnonDev(), type: 'pipefs', blocks: 0, readOnly: false };
		const root = k.vfs.newInode(this.fs, S_IFDIR | 0o555);
		root.ino = 1;
		root.nlink = 2;
		root.parent = root;
		this.fs.root = this.root = root;
		root.lookup = (who, name) => this.lookupRoot(who, name);
		root.list = (who) => this.listRoot(who);
		k.forkHooks.push(() => this.forks++);

		this.registerSymlink('self', (who) => {
			const v = viewerOf(who);
			return v ? String(this.pidSeen(v, v)) : errno('ENOENT');
		});
		this.registerFile('uptime', () => this.uptime());
		this.registerFile('loadavg', (v) => this.loadavg(v));
		this.registerFile('meminfo', () => this.meminfo());
		this.registerFile('stat', () => this.stat());
		this.registerFile(
			'version',
			() =>
				`Linux version ${UTS_RELEASE} (${LINUX_COMPILE_BY}) (${LINUX_COMPILER}) ${UTS_VERSION}\n`
		);
		this.registerFile('filesystems', () =>
			FILESYSTEMS.map((f) => `${f.nodev ? 'nodev' : ''}\t${f.name}\n`).join('')
		);
		// 2.4.19 moved the mount list per process (namespaces): /proc/mounts points at self/mounts.
		this.registerSymlink('mounts', () => 'self/mounts');
	}

	// ---- Registration (other kernel parts add /proc/net and friends here) -----------------------

	/** Adds a file to /proc whose text is computed for each reader. */
	registerFile(name: string, generate: (viewer: Process | null) => string, mode = 0o444): Inode {
		const i = this.newEntry(S_IFREG | mode);
		i.generate = (v) => generate(v instanceof Process ? v : null);
		return this.add(name, i);
	}

	/** Adds a symlink to /proc whose text may depend on the reader. */
	registerSymlink(name: string, readlink: (who: PathContext) => string | Errno): Inode {
		const i = this.newEntry(S_IFLNK | 0o777);
		i.readlink = readlink;
		return this.add(name, i);
	}

	/** Adds a directory (possibly generated) to /proc. */
	registerDir(name: string, dir?: Inode): Inode {
		const i = dir ?? this.newEntry(S_IFDIR | 0o555);
		i.parent = this.root;
		if (!dir) i.nlink = 2;
		return this.add(name, i);
	}

	private newEntry(mode: number): Inode {
		const i = this.k.vfs.newInode(this.fs, mode);
		i.ino = PROC_DYNAMIC_FIRST + this.entries.length + 1;
		i.nlink = 1;
		return i;
	}

	private add(name: string, i: Inode): Inode {
		this.entries.push([name, i]);
		// A pid directory's name would hide /proc's own entry, which comes first when listed.
		if (pidOfName(name) !== -1) throw new Error(`/proc/${name}: the name of a pid directory`);
		if (!this.entryByName.has(name)) this.entryByName.set(name, i);
		this.k.vfs.setName(i, name);
		return i;
	}

	// ---- The root and the pid directories ------------------------------------------------------

	private visible(viewer: Process | null, target: Process): boolean {
		return viewer === null || this.procVisible(viewer, target);
	}

	private lookupRoot(who: PathContext, name: string): Inode | null {
		const pid = pidOfName(name);
		if (pid === -1) return this.entryByName.get(name) ?? null;
		const viewer = viewerOf(who);
		const t = viewer ? this.findPid(viewer, pid) : this.k.procs.get(pid);
		// Whatever findPid maps the name to, procVisible has the last word.
		return t && this.visible(viewer, t) ? this.pidDir(t) : null;
	}

	private listRoot(who: PathContext): [string, Listed][] {
		const viewer = viewerOf(who);
		const out: [string, Listed][] = this.entries.slice();
		const first = out.length;
		// One pass over the table, mostly in pid order already (a fake init shows as 1 inside its
		// context). As 2.4's proc_pid_readdir, an entry is a name and an inode number: no inode is
		// made until the name is looked up.
		const pids: number[] = [];
		let inOrder = true;
		for (const t of this.k.procs.values()) {
			if (!this.visible(viewer, t)) continue;
			const pid = viewer ? this.pidSeen(viewer, t) : t.pid;
			if (pids.length > 0 && pid < pids[pids.length - 1]!) inOrder = false;
			pids.push(pid);
			out.push([String(pid), { ino: t.pid * 65536 + 2, mode: PID_DIR_MODE }]);
		}
		if (!inOrder) {
			const tail = out.slice(first).map((entry, i) => ({ entry, pid: pids[i]! }));
			tail.sort((a, b) => a.pid - b.pid);
			for (let i = 0; i < tail.length; i++) out[first + i] = tail[i]!.entry;
		}
		return out;
	}

	/** Is the process behind a pid directory still there, and still visible to `who`? */
	private alive(who: PathContext, t: Process): boolean {
		return this.k.procs.get(t.pid) === t && this.visible(viewerOf(who), t);
	}

	/** A pid directory, owned by the process's effective ids as 2.4's proc_pid_make_inode does. */
	private pidDir(t: Process): Inode {
		let d = t.procDir;
		if (!d) {
			d = this.k.vfs.newInode(this.fs, PID_DIR_MODE, 0, 0, t.pid * 65536 + 2);
			d.nlink = 3;
			d.parent = this.root;
			this.k.vfs.setName(d, String(t.pid));
			// The entries kept with the directory (see pidEntry), made on their first lookup.
			const kept: Kept = { map: null };
			d.lookup = (who, name) => (this.alive(who, t) ? this.pidEntry(kept, t, name) : null);
			d.list = (who) =>
				this.alive(who, t)
					? PID_ENTRIES.map(
							(e) => [e.name, { ino: t.pid * 65536 + e.ino, mode: e.mode }] as [string, Listed]
						)
					: [];
			t.procDir = d;
		}
		d.uid = t.creds.euid;
		d.gid = t.creds.egid;
		return d;
	}

	private pidEntry(kept: Kept, t: Process, name: string): Inode | null {
		const spec = PID_ENTRY_BY_NAME.get(name);
		if (!spec) return null;
		// CHOICE: as 2.4's proc_pid_make_inode, a regular file of the directory (stat, status,
		// cmdline...) is a new inode at each lookup, timed then and dropped after use, so ps's
		// thousands of reads leave nothing behind; the fd directory and the links are kept.
		let i = spec.kept ? kept.map?.get(name) : undefined;
		if (!i) {
			i = this.k.vfs.newInode(this.fs, spec.mode, 0, 0, t.pid * 65536 + spec.ino);
			i.nlink = 1;
			this.fillEntry(i, t, name);
			if (spec.kept) (kept.map ??= new Map()).set(name, i);
		}
		i.uid = t.creds.euid;
		i.gid = t.creds.egid;
		return i;
	}

	private fillEntry(i: Inode, t: Process, name: string): void {
		const k = this.k;
		switch (name) {
			case 'fd':
				i.nlink = 2;
				i.parent = this.pidDir(t);
				k.vfs.setName(i, 'fd');
				i.permission = (who) => this.checkRoot(who, t);
				i.lookup = (who, n) => {
					if (!this.alive(who, t) || !/^(0|[1-9]\d*)$/.test(n)) return null;
					const e = t.fds.get(Number(n));
					return e ? this.fdLink(t, Number(n), e.file) : null;
				};
				i.list = (who) =>
					this.alive(who, t)
						? [...t.fds.keys()]
								.sort((a, b) => a - b)
								.map(
									(fd) => [String(fd), this.fdLink(t, fd, t.fds.get(fd)!.file)] as [string, Inode]
								)
						: [];
				return;
			case 'cwd':
			case 'root':
			case 'exe': {
				const place = (): Loc | Errno => {
					if (t.state === 'Z') return errno('ENOENT');
					if (name === 'cwd') return k.vfs.cwdOf(t);
					if (name === 'root') return k.vfs.rootOf(t);
					const exe = k.vfs.exeOf(t);
					return exe ? { mnt: exe.mnt, inode: exe.inode } : errno('ENOENT');
				};
				i.follow = (who) => {
					const denied = this.mayFollow(who, i, t);
					return denied ?? place();
				};
				i.readlink = (who) => {
					const denied = this.mayFollow(who, i, t);
					if (denied) return denied;
					const to = place();
					if (isErrno(to)) return to;
					const viewerRoot = k.vfs.rootOf(who);
					if (name === 'exe') return k.vfs.placedPath(k.vfs.exeOf(t)!, viewerRoot);
					return k.vfs.dPath(to, viewerRoot);
				};
				return;
			}
			case 'environ':
				i.generate = () =>
					t.state === 'Z'
						? ''
						: Object.entries(t.env)
								.map(([key, v]) => `${key}=${v}\0`)
								.join('');
				return;
			case 'status':
				i.generate = (v) => this.status(v instanceof Process ? v : null, t);
				return;
			case 'cmdline':
				i.generate = () => (t.state === 'Z' ? '' : this.cmdline(t.args));
				return;
			case 'stat':
				i.generate = (v) => this.statLine(v instanceof Process ? v : null, t);
				return;
			case 'statm':
				i.generate = () => this.statm(t);
				return;
			case 'mounts':
				i.generate = (v) =>
					mountsText(
						k,
						v instanceof Process ? k.vfs.rootOf(v) : { mnt: k.vfs.rootMount, inode: k.root }
					);
				return;
		}
	}

	/** proc_check_root(): the target's root must lie inside the viewer's root, or EACCES. */
	private checkRoot(who: PathContext, t: Process): Errno | null {
		if (!viewerOf(who)) return null;
		if (t.state === 'Z') return errno('ENOENT');
		return this.k.vfs.isBelow(this.k.vfs.rootOf(t), this.k.vfs.rootOf(who))
			? null
			: errno('EACCES');
	}

	/** proc_pid_follow_link(): the owner (or CAP_DAC_OVERRIDE), and the root check. */
	private mayFollow(who: PathContext, link: Inode, t: Process): Errno | null {
		if (!viewerOf(who)) return null;
		if (who.fsuid !== link.uid && !who.capable(CAP_DAC_OVERRIDE)) return errno('EACCES');
		return this.checkRoot(who, t);
	}

	/** /proc/PID/fd/N: lr-x------ for reading, l-wx------ for writing, lrwx------ for both. */
	private fdLink(t: Process, fd: number, file: OpenFile): Inode {
		const i = this.k.vfs.newInode(this.fs, S_IFLNK, 0, 0, t.pid * 65536 + 0x8000 + fd);
		const acc = file.flags & O_ACCMODE;
		if (acc !== O_WRONLY) i.mode |= 0o500;
		if (acc !== O_RDONLY) i.mode |= 0o300;
		i.nlink = 1;
		i.uid = t.creds.euid;
		i.gid = t.creds.egid;
		i.readlink = (who) => this.mayFollow(who, i, t) ?? this.fileName(who, file);
		i.follow = (who) => this.mayFollow(who, i, t) ?? this.fileLoc(file, t);
		return i;
	}

	/** What an fd link reads: the file's path from the viewer's root, `pipe:[N]`, or the tty. */
	private fileName(who: PathContext, file: OpenFile): string {
		const where = this.k.vfs.placeOfFile(file);
		if (where) return this.k.vfs.placedPath(where, this.k.vfs.rootOf(who));
		if (file.priv instanceof Pipe) return `pipe:[${this.pipeIno(file.priv)}]`;
		if (file.priv instanceof Tty) return `/dev/${file.priv.name}`;
		return file.path;
	}

	/** Where following an fd link lands: the file itself, even after it was unlinked. */
	private fileLoc(file: OpenFile, t: Process): Loc | Errno {
		const where = this.k.vfs.placeOfFile(file);
		if (where) return { mnt: where.mnt, inode: where.inode, placed: where };
		if (file.inode) return this.k.vfs.locate(file.inode);
		if (file.priv instanceof Pipe) return this.k.vfs.locate(this.pipeInode(file.priv, t));
		if (file.priv instanceof Tty) return this.k.vfs.locate(this.k.devpts.node(file.priv));
		// A kernel-made file that keeps no state of its own (the Machine's capture of a command's
		// output) is opened again as itself; anything else has no name to open (a socket: ENXIO).
		if (file.ops.release) return errno('ENXIO');
		let i = this.reopenInodes.get(file);
		if (!i) {
			i = this.k.vfs.newInode(this.pipefs, S_IFCHR | 0o600, t.creds.euid, t.creds.egid);
			i.attached = { reopen: file };
			this.reopenInodes.set(file, i);
		}
		return this.k.vfs.locate(i);
	}

	/** A pipe's inode number (pipe:[N], fstat): pipefs numbers them as they are made. */
	pipeIno(pipe: Pipe): number {
		let n = this.pipeNumbers.get(pipe);
		if (n === undefined) this.pipeNumbers.set(pipe, (n = this.nextPipeIno++));
		return n;
	}

	/** A FIFO inode sharing a pipe, so opening /proc/PID/fd/N of a pipe joins that pipe. */
	private pipeInode(pipe: Pipe, owner: Process): Inode {
		let i = this.pipeInodes.get(pipe);
		if (!i) {
			i = this.k.vfs.newInode(this.pipefs, S_IFIFO | 0o600, owner.creds.euid, owner.creds.egid);
			i.ino = this.pipeIno(pipe);
			i.nlink = 1;
			i.attached = pipe;
			this.pipeInodes.set(pipe, i);
		}
		return i;
	}

	// ---- The texts -----------------------------------------------------------------------------

	/** /proc/PID/status in 2.4's layout, then the ctx patch's lines (ARCHITECTURE.md, reference §9). */
	status(viewer: Process | null, t: Process): string {
		// Built by plain concatenation: ps opens one of these for every process on the machine.
		const c = t.creds;
		const zombie = t.state === 'Z';
		let s = `Name:\t${escapedName(t.comm)}\n`;
		s += `State:\t${STATE_NAMES[t.state]}\n`;
		const pid = viewer ? this.pidSeen(viewer, t) : t.pid;
		s += `Tgid:\t${pid}\nPid:\t${pid}\nPPid:\t${this.shownPpid(viewer, t)}\nTracerPid:\t0\n`;
		s += `Uid:\t${c.uid}\t${c.euid}\t${c.suid}\t${c.fsuid}\n`;
		s += `Gid:\t${c.gid}\t${c.egid}\t${c.sgid}\t${c.fsgid}\n`;
		// A zombie has given back its files and its memory: no FDSize, no Vm lines.
		if (!zombie) s += `FDSize:\t${this.fdSize(t)}\n`;
		s += 'Groups:\t';
		for (const g of c.groups) s += `${g} `;
		s += '\n';
		if (!zombie) {
			const vm = vmOf(t);
			s += this.vmLines.text(vm.size, vm.rss, vm.data, vm.stk, vm.exe, vm.lib);
		}
		const d = this.dispositions(t);
		s += this.sigLines.text(t.pending, t.blocked, d.ignored, d.caught);
		s += this.capText(t);
		s += this.ctxText(viewer, t);
		s += this.ipv4Text(viewer, t);
		s += this.syscallText();
		return s;
	}

	/** status's Vm lines (VmLck is always 0). */
	private readonly vmLines = new LastText(
		(size, rss, data, stk, exe, lib) =>
			`VmSize:\t${kb8(size)} kB\nVmLck:\t${kb8(0)} kB\nVmRSS:\t${kb8(rss)} kB\n` +
			`VmData:\t${kb8(data)} kB\nVmStk:\t${kb8(stk)} kB\nVmExe:\t${kb8(exe)} kB\n` +
			`VmLib:\t${kb8(lib)} kB\n`
	);

	/** status's capability lines (the default capText). */
	private readonly capLines = new LastText(
		(inh, prm, eff, bset) =>
			`CapInh:\t${capHex(inh)}\nCapPrm:\t${capHex(prm)}\n` +
			`CapEff:\t${capHex(eff)}\nCapBset:\t${capHex(bset)}\n`
	);

	/** status's signal lines: pending, blocked, ignored and caught masks. */
	private readonly sigLines = new LastText(
		(pnd, blk, ign, cgt) =>
			`SigPnd:\t${sigHex(pnd)}\nSigBlk:\t${sigHex(blk)}\n` +
			`SigIgn:\t${sigHex(ign)}\nSigCgt:\t${sigHex(cgt)}\n`
	);

	/** A stat line's memory fields: vsize, rss, rlim and the code and stack addresses. */
	private readonly statMemory = new LastText((size, rss, exe) => {
		const startCode = 0x08048000;
		return `${size * 1024} ${Math.ceil(rss / 4)} 4294967295 ${startCode} ${startCode + exe * 1024} ${0xbffffa60} `;
	});

	/**
	 * The end of a stat line: esp, eip, the four signal masks, then wchan, nswap, cnswap,
	 * exit_signal (SIGCHLD) and processor.
	 */
	private readonly statSignals = new LastText(
		(pnd, blk, ign, cgt) =>
			`0 0 ${(pnd >>> 1) >>> 0} ${(blk >>> 1) >>> 0} ${(ign >>> 1) >>> 0} ${(cgt >>> 1) >>> 0} 0 0 0 17 0\n`
	);

	/** The argv cmdline() joined last, and its text. */
	private lastArgs: Process['args'] | null = null;
	private lastCmdline = '';

	/**
	 * /proc/PID/cmdline's text: argv with a NUL after each argument. An argv is never changed in
	 * place (exec gives the process a new one, fork shares it), so the text joined last is kept
	 * with it: forked processes share their parent's.
	 */
	private cmdline(args: Process['args']): string {
		if (args !== this.lastArgs) {
			this.lastArgs = args;
			this.lastCmdline = args.length === 0 ? '' : args.join('\0') + '\0';
		}
		return this.lastCmdline;
	}

	/** The signal table dispositions() read last, and what it found there. */
	private lastTable: Process['handlers'] | null = null;
	private lastDispositions: Dispositions = { ignored: 0, caught: 0 };

	/**
	 * A process's dispositions. A signal table is never changed in place (sigaction and exec give
	 * the process a new one, fork shares it), so the masks found in the table read last are still
	 * right for it: ps reads the stat and status of thousands of processes that share one table.
	 */
	private dispositions(t: Process): Dispositions {
		const hs = t.handlers;
		if (hs === this.lastTable) return this.lastDispositions;
		let ignored = 0;
		let caught = 0;
		for (let sig = 1; sig < hs.length; sig++) {
			const h = hs[sig];
			if (h === 'ignore') ignored |= 1 << sig;
			else if (typeof h === 'function') caught |= 1 << sig;
		}
		this.lastTable = hs;
		this.lastDispositions = { ignored, caught };
		return this.lastDispositions;
	}

	/** 2.4's files->max_fds: 32, then 1024 once a descriptor number reaches 32. */
	private fdSize(t: Process): number {
		let max = -1;
		for (const fd of t.fds.keys()) max = Math.max(max, fd);
		let n = 32;
		while (max >= n) n = n < 1024 ? 1024 : n * 2;
		return n;
	}

	/** /proc/PID/stat: 2.4's 39 fields; times in jiffies (HZ 100), memory in bytes and pages. */
	statLine(viewer: Process | null, t: Process): string {
		const tty = t.ttyDev === null ? undefined : this.k.ttyOf(t.ttyDev);
		const vm = t.state === 'Z' ? null : vmOf(t);
		const d = this.dispositions(t);
		const alarm = t.alarmAt === null ? 0 : Math.max(0, jiffies(t.alarmAt - this.k.clock));
		const pid = viewer ? this.pidSeen(viewer, t) : t.pid;
		const ppid = this.shownPpid(viewer, t);
		const tpgid = tty && tty.fgPgrp ? tty.fgPgrp : -1;
		// flags, minflt, cminflt, majflt, cmajflt are 0.
		let s = `${pid} (${t.comm}) ${t.state} ${ppid} ${t.pgid} ${t.sid} ${t.ttyDev ?? 0} ${tpgid} 0 0 0 0 0 `;
		s += `${jiffies(t.rusage.utime)} ${jiffies(t.rusage.stime)} `;
		s += `${jiffies(t.cusage.utime)} ${jiffies(t.cusage.stime)} `;
		// priority (20 - counter scaled: 15 for a full time slice, moved by nice), nice, 0
		s += `${priorityOf(t)} ${niceOf(t)} 0 ${alarm} ${jiffies(t.startTime)} `;
		// A zombie has given back its memory: no sizes and no code addresses.
		s += vm ? this.statMemory.text(vm.size, vm.rss, vm.exe, 0) : '0 0 4294967295 0 0 0 ';
		s += this.statSignals.text(t.pending, t.blocked, d.ignored, d.caught);
		return s;
	}

	/** /proc/PID/statm in pages: size resident shared text lib data dirty. */
	private statm(t: Process): string {
		if (t.state === 'Z') return '0 0 0 0 0 0 0\n';
		const vm = vmOf(t);
		const pg = (kb: number) => Math.ceil(kb / 4);
		return `${pg(vm.size)} ${pg(vm.rss)} ${pg(420)} ${pg(vm.exe)} ${pg(vm.lib)} ${pg(vm.data + vm.stk)} 0\n`;
	}

	/** CPU time charged to processes (µs): each process's own, plus its reaped children's. */
	private busyUs(): { user: number; system: number } {
		let user = 0;
		let system = 0;
		for (const p of this.k.procs.values()) {
			user += p.rusage.utime + p.cusage.utime;
			system += p.rusage.stime + p.cusage.stime;
		}
		return { user, system };
	}

	/**
	 * /proc/uptime: seconds since boot, and seconds idle. SIMPLIFIED: idle is the time not charged
	 * to any process still in the table (a process nobody reaped takes its time with it).
	 */
	private uptime(): string {
		const up = Math.floor(this.k.clock / 10000);
		const b = this.busyUs();
		const idle = Math.max(0, up - Math.floor((b.user + b.system) / 10000));
		return `${Math.floor(up / HZ)}.${pad2(up % HZ)} ${Math.floor(idle / HZ)}.${pad2(idle % HZ)}\n`;
	}

	/**
	 * /proc/loadavg with 2.4's calc_load (every 5 s, fixed point). SIMPLIFIED: the samples are
	 * taken when someone reads, counting for the periods since the last read the processes that
	 * are runnable now (the reader itself aside).
	 */
	private loadavg(viewer: Process | null): string {
		const FSHIFT = 11;
		const FIXED_1 = 1 << FSHIFT;
		const EXP = [1884, 2014, 2037];
		const periods = Math.floor(Math.floor(this.k.clock / 10000) / (5 * HZ + 1));
		let running = 0;
		for (const p of this.k.procs.values()) if (p.state === 'R') running++;
		const active = running - (viewer && viewer.state === 'R' ? 1 : 0);
		for (; this.loadPeriods < periods; this.loadPeriods++) {
			this.load = this.load.map(
				(l, i) => (l * EXP[i]! + active * FIXED_1 * (FIXED_1 - EXP[i]!)) >> FSHIFT
			);
		}
		const fmt = (x: number) => `${x >> FSHIFT}.${pad2(((x & (FIXED_1 - 1)) * 100) >> FSHIFT)}`;
		return `${this.load.map(fmt).join(' ')} ${Math.max(running, 1)}/${this.k.procs.size} ${this.k.lastPid}\n`;
	}

	/** The kernel's own share of memory (kB): code, slab, page tables. */
	private static readonly KERNEL_KB = 14720;
	private static readonly BUFFERS_KB = 3536;
	private static readonly CACHE_KB = 20364;
	private static readonly SWAP_KB = 265032;

	/** /proc/meminfo in 2.4.20's layout; used memory follows the processes and tmpfs contents. */
	private meminfo(): string {
		let rss = 0;
		for (const p of this.k.procs.values()) if (p.state !== 'Z') rss += vmOf(p).rss;
		let shm = 0;
		for (const m of this.k.vfs.mounts) {
			if (m.fs.type !== 'tmpfs' || m.root !== m.fs.root) continue;
			const f = statfsOf(m.fs);
			shm += (f.blocks - f.bfree) * 4;
		}
		const cached = ProcFs.CACHE_KB + shm;
		const buffers = ProcFs.BUFFERS_KB;
		const total = MEM_TOTAL_KB;
		const free = Math.max(0, total - ProcFs.KERNEL_KB - buffers - cached - rss);
		const swap = ProcFs.SWAP_KB;
		const b = (kb: number) => String(kb * 1024).padStart(8);
		let s = '        total:    used:    free:  shared: buffers:  cached:\n';
		s += `Mem:  ${b(total)} ${b(total - free)} ${b(free)} ${b(0)} ${b(buffers)} ${b(cached)}\n`;
		s += `Swap: ${b(swap)} ${b(0)} ${b(swap)}\n`;
		const line = (label: string, kb: number) =>
			`${(label + ':').padEnd(14)}${String(kb).padStart(8)} kB\n`;
		s +=
			line('MemTotal', total) +
			line('MemFree', free) +
			line('MemShared', 0) +
			line('Buffers', buffers);
		s += line('Cached', cached) + line('SwapCached', 0);
		s +=
			line('Active', rss + Math.floor(cached / 2)) +
			line('Inactive', buffers + cached - Math.floor(cached / 2));
		s +=
			line('HighTotal', 0) + line('HighFree', 0) + line('LowTotal', total) + line('LowFree', free);
		s += line('SwapTotal', swap) + line('SwapFree', swap);
		return s;
	}

	/** /proc/stat: CPU jiffies, context switches, boot time (ps's STIME needs btime), forks. */
	private stat(): string {
		const jiffies = Math.floor(this.k.clock / 10000);
		const b = this.busyUs();
		const user = Math.floor(b.user / 10000);
		const system = Math.floor(b.system / 10000);
		const idle = Math.max(0, jiffies - user - system);
		const cpu = `${user} 0 ${system} ${idle}`;
		// SIMPLIFIED: the 16 ISA interrupts only, the timer's being the jiffies.
		const irqs = [jiffies, ...new Array<number>(15).fill(0)];
		let s = `cpu  ${cpu}\ncpu0 ${cpu}\npage 0 0\nswap 0 0\n`;
		s += `intr ${jiffies} ${irqs.join(' ')}\ndisk_io: \n`;
		s += `ctxt ${this.k.slice}\nbtime ${this.k.opts.bootTime}\nprocesses ${this.forks}\n`;
		return s;
	}
}

/** A capability set as status prints it: 16 hex digits. */
const capHex = remembered((v) => (v >>> 0).toString(16).padStart(16, '0'));
