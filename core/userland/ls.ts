// /bin/ls (fileutils 4.1): lists files and directories in columns on a terminal, one per line
// otherwise, or in the long format, with inode numbers, recursion and the usual sort orders.
import {
	O_DIRECTORY,
	O_RDONLY,
	S_IFMT,
	S_IFDIR,
	S_IFLNK,
	S_IFREG,
	S_IFCHR,
	S_IFBLK,
	S_IFIFO,
	S_IFSOCK,
	TIOCGWINSZ,
	isErrno,
	type Stat,
	type Sys
} from '../syscalls/index.ts';
import { Tool, joinPath } from './lib/tool.ts';
import { modeString } from './lib/mode.ts';
import { strftime } from './lib/time.ts';
import { Users } from './lib/users.ts';
import { columns } from './lib/columns.ts';
import { humanSize } from './lib/human.ts';

const usage = `[OPTION]... [FILE]...
List information about the FILEs (the current directory by default).
Sort entries alphabetically if none of -cftuSUX nor --sort.

  -a, --all                  do not hide entries starting with .
  -A, --almost-all           do not list implied . and ..
  -c                         with -l: show ctime; otherwise sort by ctime
  -C                         list entries by columns
      --color[=WHEN]         accepted for compatibility; no colors are shown
  -d, --directory            list directory entries instead of contents
  -f                         do not sort, enable -aU, disable -lst
  -F, --classify             append indicator (one of */=@|) to entries
  -g                         (ignored)
  -G, --no-group             inhibit display of group information
  -h, --human-readable       print sizes in human readable format (e.g., 1K 234M 2G)
  -i, --inode                print index number of each file
  -k, --kilobytes            like --block-size=1024
  -l                         use a long listing format
  -L, --dereference          list entries pointed to by symbolic links
  -n, --numeric-uid-gid      list numeric UIDs and GIDs instead of names
  -o                         use long listing format without group info
  -p, --file-type            append indicator (one of /=@|) to entries
  -r, --reverse              reverse order while sorting
  -R, --recursive            list subdirectories recursively
  -s, --size                 print size of each file, in blocks
  -S                         sort by file size
  -t                         sort by modification time
  -u                         with -l: show access time; otherwise sort by it
  -U                         do not sort; list entries in directory order
  -x                         list entries by lines instead of by columns
  -1                         list one file per line
      --help     display this help and exit
      --version  output version information and exit
`;

const long = {
	all: { key: 'a' },
	'almost-all': { key: 'A' },
	// SIMPLIFIED: --color (Red Hat's alias uses --color=tty) is accepted but prints no colors.
	color: { key: 'color', arg: 'optional' as const },
	colour: { key: 'color', arg: 'optional' as const },
	directory: { key: 'd' },
	classify: { key: 'F' },
	'no-group': { key: 'G' },
	'human-readable': { key: 'h' },
	inode: { key: 'i' },
	kilobytes: { key: 'k' },
	dereference: { key: 'L' },
	'numeric-uid-gid': { key: 'n' },
	'file-type': { key: 'p' },
	reverse: { key: 'r' },
	recursive: { key: 'R' },
	size: { key: 's' }
};

interface Entry {
	name: string;
	/** Path to reach it (for stat and recursion). */
	path: string;
	st: Stat | null;
	target?: string;
	/** The link target's mode, for -F on a symlink followed on the command line. */
	isDirArg?: boolean;
}

interface Options {
	format: 'long' | 'columns' | 'across' | 'single';
	all: 'none' | 'almost' | 'all';
	dirsAsFiles: boolean;
	recursive: boolean;
	inode: boolean;
	size: boolean;
	human: boolean;
	numeric: boolean;
	group: boolean;
	indicator: 'none' | 'slash' | 'classify';
	sort: 'name' | 'time' | 'size' | 'none';
	time: 'mtime' | 'ctime' | 'atime';
	reverse: boolean;
	deref: boolean;
	lineLength: number;
	tty: boolean;
}

const INODE_DIGITS = 7;

export async function ls(sys: Sys, argv: string[], env: Record<string, string>): Promise<number> {
	const t = new Tool(sys, argv, env);
	// SIMPLIFIED: fileutils 4.1 exits 1 for a missing operand and for usage errors; this lab follows
	// its issue (and later coreutils) with 2 for serious trouble.
	const p = await t.parse(
		{ short: 'aAcCdfFgGhikLlnopqrRsStuUx1', long },
		{ usage, version: 'fileutils 4.1' },
		2
	);
	if (typeof p === 'number') return p;
	const tty = await sys.isatty(1);
	const o: Options = {
		format: tty ? 'columns' : 'single',
		all: 'none',
		dirsAsFiles: false,
		recursive: false,
		inode: false,
		size: false,
		human: false,
		numeric: false,
		group: true,
		indicator: 'none',
		sort: 'name',
		time: 'mtime',
		reverse: false,
		deref: false,
		lineLength: 80,
		tty
	};
	for (const { key } of p.options) {
		switch (key) {
			case 'a':
				o.all = 'all';
				break;
			case 'A':
				o.all = 'almost';
				break;
			case 'c':
				o.time = 'ctime';
				break;
			case 'u':
				o.time = 'atime';
				break;
			case 'C':
				o.format = 'columns';
				break;
			case 'x':
				o.format = 'across';
				break;
			case '1':
				o.format = 'single';
				break;
			case 'l':
				o.format = 'long';
				break;
			case 'o':
				o.format = 'long';
				o.group = false;
				break;
			case 'G':
				o.group = false;
				break;
			case 'd':
				o.dirsAsFiles = true;
				break;
			case 'f':
				o.all = 'all';
				o.sort = 'none';
				if (o.format === 'long') o.format = tty ? 'columns' : 'single';
				o.size = false;
				break;
			case 'F':
				o.indicator = 'classify';
				break;
			case 'p':
				o.indicator = 'slash';
				break;
			case 'h':
				o.human = true;
				break;
			case 'i':
				o.inode = true;
				break;
			case 'L':
				o.deref = true;
				break;
			case 'n':
				o.numeric = true;
				break;
			case 'r':
				o.reverse = true;
				break;
			case 'R':
				o.recursive = true;
				break;
			case 's':
				o.size = true;
				break;
			case 'S':
				o.sort = 'size';
				break;
			case 't':
				o.sort = 'time';
				break;
			case 'U':
				o.sort = 'none';
				break;
		}
	}
	// -c and -u sort by that time unless a long listing only shows it.
	if (o.time !== 'mtime' && o.format !== 'long' && o.sort === 'name') o.sort = 'time';
	if (tty) {
		const ws = await sys.ioctl(1, TIOCGWINSZ);
		if (!isErrno(ws)) o.lineLength = (ws as { cols: number }).cols;
	} else if (env.COLUMNS && /^\d+$/.test(env.COLUMNS)) o.lineLength = Number(env.COLUMNS);
	return new Lister(t, o).main(p.operands);
}

class Lister {
	private t: Tool;
	private o: Options;
	private users: Users;
	private now = 0;
	private status = 0;
	private printed = false;

	constructor(t: Tool, o: Options) {
		this.t = t;
		this.o = o;
		this.users = new Users(t.sys);
	}

	async main(operands: string[]): Promise<number> {
		this.now = await this.t.sys.time();
		const args = operands.length > 0 ? operands : ['.'];
		const files: Entry[] = [];
		const dirs: Entry[] = [];
		for (const name of args) {
			const e = await this.statArg(name);
			if (!e) continue;
			if (!this.o.dirsAsFiles && e.st && (e.st.mode & S_IFMT) === S_IFDIR) dirs.push(e);
			else files.push(e);
		}
		const showNames = args.length > 1 || this.o.recursive;
		if (files.length > 0) {
			await this.print(this.sort(files), false);
			this.printed = true;
		}
		for (const d of this.sort(dirs)) await this.listDir(d.path, showNames);
		return this.t.exit(this.status);
	}

	/** A command-line operand: symlinks to directories are followed unless -l or -d asks not to. */
	private async statArg(name: string): Promise<Entry | null> {
		const sys = this.t.sys;
		let st = this.o.deref ? await sys.stat(name) : await sys.lstat(name);
		if (isErrno(st)) {
			await this.t.fail(name, st);
			this.status = 2;
			return null;
		}
		if ((st.mode & S_IFMT) === S_IFLNK && !this.o.dirsAsFiles && this.o.format !== 'long') {
			const target = await sys.stat(name);
			if (!isErrno(target) && (target.mode & S_IFMT) === S_IFDIR) st = target;
		}
		const e: Entry = { name, path: name, st };
		if ((st.mode & S_IFMT) === S_IFLNK && this.o.format === 'long') {
			const l = await sys.readlink(name);
			if (!isErrno(l)) e.target = l;
		}
		return e;
	}

	private async listDir(path: string, showName: boolean): Promise<void> {
		const t = this.t;
		if (showName) {
			if (this.printed) await t.out('\n');
			await t.out(`${path}:\n`);
		}
		this.printed = true;
		// As ls does, the directory stays open while its entries are examined (so /proc/self/fd
		// shows the descriptor ls is reading it with).
		const fd = await t.sys.open(path, O_RDONLY | O_DIRECTORY);
		if (isErrno(fd)) {
			await t.fail(path, fd);
			this.status = 1;
			return;
		}
		const list = await t.sys.getdents(fd);
		if (isErrno(list)) {
			await t.sys.close(fd);
			await t.fail(path, list);
			this.status = 1;
			return;
		}
		const entries: Entry[] = [];
		for (const d of list) {
			if (d.name.startsWith('.')) {
				if (this.o.all === 'none') continue;
				if (this.o.all === 'almost' && (d.name === '.' || d.name === '..')) continue;
			}
			const full = joinPath(path, d.name);
			const st = this.o.deref ? await t.sys.stat(full) : await t.sys.lstat(full);
			// An entry that cannot be examined is reported and left out of the listing.
			if (isErrno(st)) {
				await t.fail(full, st);
				this.status = 1;
				continue;
			}
			const e: Entry = { name: d.name, path: full, st };
			if ((st.mode & S_IFMT) === S_IFLNK && this.o.format === 'long') {
				const l = await t.sys.readlink(full);
				if (!isErrno(l)) e.target = l;
			}
			entries.push(e);
		}
		await t.sys.close(fd);
		const sorted = this.sort(entries);
		await this.print(sorted, true);
		if (this.o.recursive) {
			for (const e of sorted) {
				if (e.name === '.' || e.name === '..' || !e.st || (e.st.mode & S_IFMT) !== S_IFDIR) {
					continue;
				}
				await this.listDir(e.path, true);
			}
		}
	}

	private sort(list: Entry[]): Entry[] {
		const o = this.o;
		if (o.sort === 'none') return list;
		const byName = (a: Entry, b: Entry) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
		const time = (e: Entry) =>
			e.st ? (o.time === 'ctime' ? e.st.ctime : o.time === 'atime' ? e.st.atime : e.st.mtime) : 0;
		const cmp =
			o.sort === 'time'
				? (a: Entry, b: Entry) => time(b) - time(a) || byName(a, b)
				: o.sort === 'size'
					? (a: Entry, b: Entry) => (b.st?.size ?? 0) - (a.st?.size ?? 0) || byName(a, b)
					: byName;
		const sorted = [...list].sort(cmp);
		return o.reverse ? sorted.reverse() : sorted;
	}

	private async print(entries: Entry[], isDirListing: boolean): Promise<void> {
		const t = this.t;
		const o = this.o;
		if (o.format === 'long' || o.size) {
			if (isDirListing) {
				let blocks = 0;
				for (const e of entries) blocks += e.st ? e.st.blocks : 0;
				await t.out(`total ${this.blocks(blocks)}\n`);
			}
		}
		if (o.format === 'long') {
			for (const e of entries) await t.out((await this.longLine(e)) + '\n');
			return;
		}
		const cells = entries.map((e) => this.prefix(e) + this.quote(e.name) + this.indicator(e));
		if (o.format === 'single') {
			for (const c of cells) await t.out(c + '\n');
			return;
		}
		const lengths = cells.map((c) => c.length);
		await t.out(columns(cells, lengths, o.lineLength, o.format === 'across'));
	}

	/** Inode and block-count columns in the short formats. */
	private prefix(e: Entry): string {
		let s = '';
		if (this.o.inode) s += `${String(e.st?.ino ?? '?').padStart(INODE_DIGITS)} `;
		if (this.o.size) s += `${this.blocks(e.st?.blocks ?? 0).padStart(this.o.human ? 4 : 3)} `;
		return s;
	}

	/** st_blocks (512-byte units) as 1K blocks, or human-readable with -h. */
	private blocks(n512: number): string {
		const k = Math.ceil(n512 / 2);
		return this.o.human ? humanSize(k * 1024) : String(k);
	}

	/** On a terminal, ls -q is the default: non-printing characters show as `?`. */
	private quote(name: string): string {
		return this.o.tty ? name.replace(/[\x00-\x1f\x7f]/g, '?') : name;
	}

	private indicator(e: Entry): string {
		if (this.o.indicator === 'none' || !e.st) return '';
		switch (e.st.mode & S_IFMT) {
			case S_IFDIR:
				return '/';
			case S_IFLNK:
				return this.o.indicator === 'classify' ? '@' : '';
			case S_IFIFO:
				return '|';
			case S_IFSOCK:
				return '=';
			case S_IFREG:
				return this.o.indicator === 'classify' && e.st.mode & 0o111 ? '*' : '';
			default:
				return '';
		}
	}

	private async longLine(e: Entry): Promise<string> {
		const o = this.o;
		const st = e.st;
		if (!st) return `?????????? ? ? ? ? ? ${e.name}`;
		let s = this.prefix(e);
		s += `${modeString(st.mode)}  ${String(st.nlink).padStart(3)} `;
		const user = o.numeric ? null : await this.users.userName(st.uid);
		s += user !== null ? `${user.slice(0, 8).padEnd(8)} ` : `${String(st.uid).padEnd(8)} `;
		if (o.group) {
			const group = o.numeric ? null : await this.users.groupName(st.gid);
			s += group !== null ? `${group.slice(0, 8).padEnd(8)} ` : `${String(st.gid).padEnd(8)} `;
		}
		const type = st.mode & S_IFMT;
		if (type === S_IFCHR || type === S_IFBLK) {
			s += `${String(st.rdev >> 8).padStart(3)}, ${String(st.rdev & 0xff).padStart(3)} `;
		} else s += `${(o.human ? humanSize(st.size) : String(st.size)).padStart(8)} `;
		const when = o.time === 'ctime' ? st.ctime : o.time === 'atime' ? st.atime : st.mtime;
		// Recent: within the last six months (half a Gregorian year) and not in the future.
		const recent = when >= this.now - 31556952 / 2 && when <= this.now;
		s += strftime(recent ? '%b %e %H:%M' : '%b %e  %Y', when) + ' ';
		s += this.quote(e.name);
		if (type === S_IFLNK && e.target !== undefined) {
			s += ` -> ${this.quote(e.target)}`;
			if (o.indicator !== 'none') {
				const target = await this.t.sys.stat(e.path);
				if (!isErrno(target)) s += this.indicator({ ...e, st: target });
			}
		} else s += this.indicator(e);
		return s;
	}
}
