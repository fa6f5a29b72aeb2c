// The copy engine of cp and mv (fileutils 4.1 copy.c, in our words): files, trees, symlinks,
// device nodes and FIFOs, with -p's ownership/mode/times, hard links kept within a -d/-a copy,
// and -x staying on one filesystem.
import {
	FICLONE,
	O_CREAT,
	O_RDONLY,
	O_TRUNC,
	O_WRONLY,
	S_IFBLK,
	S_IFCHR,
	S_IFDIR,
	S_IFIFO,
	S_IFLNK,
	S_IFMT,
	S_IFREG,
	S_IFSOCK,
	isErrno,
	type Stat
} from '../../syscalls/index.ts';
import { type Tool, joinPath, quote } from './tool.ts';
import { entries } from './walk.ts';

export interface CopyOptions {
	/** Never follow symlinks (-d, -a, -R under mv), or follow only operands, or always (-L). */
	deref: 'never' | 'args' | 'always';
	recursive: boolean;
	preserve: boolean;
	oneFileSystem: boolean;
	force: boolean;
	interactive: boolean;
	verbose: boolean;
	update: boolean;
	/** -l and -s: make links instead of copies. */
	link: 'none' | 'hard' | 'symbolic';
	/** mv's copy across filesystems: messages say `move`, and every attribute is kept. */
	moveMode: boolean;
}

interface State {
	/** dev:ino of the source → the first destination copied from it (kept as hard links). */
	copied: Map<string, string>;
	/** dev:ino of directories this copy created, so a tree is never copied into itself. */
	created: Set<string>;
	euid: number;
	umask: number;
}

const key = (s: Stat) => `${s.dev}:${s.ino}`;

export class Copier {
	private t: Tool;
	private o: CopyOptions;
	private st: State | null = null;

	constructor(t: Tool, o: CopyOptions) {
		this.t = t;
		this.o = o;
	}

	private async state(): Promise<State> {
		if (!this.st) {
			const umask = await this.t.sys.umask(0);
			await this.t.sys.umask(umask);
			this.st = { copied: new Map(), created: new Set(), euid: await this.t.sys.geteuid(), umask };
		}
		return this.st;
	}

	/** Copies `src` to `dst` (both full names). True on success. */
	async copy(src: string, dst: string): Promise<boolean> {
		return this.copyInternal(src, dst, true, null, src, dst);
	}

	private async copyInternal(
		src: string,
		dst: string,
		top: boolean,
		parentDev: number | null,
		topSrc: string,
		topDst: string
	): Promise<boolean> {
		const t = this.t;
		const sys = t.sys;
		const o = this.o;
		const state = await this.state();
		const follow = o.deref === 'always' || (o.deref === 'args' && top);
		const s = follow ? await sys.stat(src) : await sys.lstat(src);
		if (isErrno(s)) {
			await t.fail(`cannot stat ${quote(src)}`, s);
			return false;
		}
		const type = s.mode & S_IFMT;
		if (type === S_IFDIR && !o.recursive) {
			await t.error(`omitting directory ${quote(src)}`);
			return false;
		}
		if (type === S_IFDIR && state.created.has(key(s))) {
			await t.error(`cannot copy a directory, ${quote(topSrc)}, into itself, ${quote(topDst)}`);
			return false;
		}
		const d = await sys.lstat(dst);
		const exists = !isErrno(d);
		if (exists) {
			if (d.dev === s.dev && d.ino === s.ino && o.link !== 'symbolic') {
				await t.error(`${quote(src)} and ${quote(dst)} are the same file`);
				return false;
			}
			const dIsDir = (d.mode & S_IFMT) === S_IFDIR;
			if (type === S_IFDIR && !dIsDir) {
				await t.error(`cannot overwrite non-directory ${quote(dst)} with directory ${quote(src)}`);
				return false;
			}
			if (type !== S_IFDIR && dIsDir) {
				await t.error(`cannot overwrite directory ${quote(dst)} with non-directory`);
				return false;
			}
			if (type !== S_IFDIR) {
				if (o.update && d.mtime >= s.mtime) return true;
				if (o.interactive) {
					await t.errRaw(`${t.prog}: overwrite ${quote(dst)}? `);
					if (!(await t.yesno())) return true;
				}
			}
		}
		// A second name of a file already copied becomes a hard link to the first copy.
		if (o.deref === 'never' && type !== S_IFDIR && s.nlink > 1) {
			const earlier = state.copied.get(key(s));
			if (earlier !== undefined) {
				if (exists) await sys.unlink(dst);
				const r = await sys.link(earlier, dst);
				if (isErrno(r)) {
					await t.fail(`cannot create hard link ${quote(dst)} to ${quote(earlier)}`, r);
					return false;
				}
				return true;
			}
			state.copied.set(key(s), dst);
		}
		if (o.link === 'hard' && type !== S_IFDIR) {
			if (exists) await sys.unlink(dst);
			const r = await sys.link(src, dst);
			if (isErrno(r)) {
				await t.fail(`cannot create link ${quote(dst)}`, r);
				return false;
			}
			return this.verbose(src, dst);
		}
		if (o.link === 'symbolic' && type !== S_IFDIR) {
			if (exists) await sys.unlink(dst);
			const r = await sys.symlink(src, dst);
			if (isErrno(r)) {
				await t.fail(`cannot create symbolic link ${quote(dst)} to ${quote(src)}`, r);
				return false;
			}
			return this.verbose(src, dst);
		}
		let ok = true;
		switch (type) {
			case S_IFDIR: {
				if (!exists) {
					// Made writable and searchable for us; the real mode is set after its contents.
					const r = await sys.mkdir(dst, (s.mode & 0o777) | 0o700);
					if (isErrno(r)) {
						await t.fail(`cannot create directory ${quote(dst)}`, r);
						return false;
					}
					const made = await sys.stat(dst);
					if (!isErrno(made)) state.created.add(key(made));
					await this.verbose(src, dst);
				}
				const dev = parentDev ?? s.dev;
				if (o.oneFileSystem && s.dev !== dev) break;
				const names = await entries(t, src);
				if (isErrno(names)) {
					await t.fail(`cannot access ${quote(src)}`, names);
					ok = false;
					break;
				}
				for (const n of names) {
					if (
						!(await this.copyInternal(
							joinPath(src, n),
							joinPath(dst, n),
							false,
							dev,
							topSrc,
							topDst
						))
					) {
						ok = false;
					}
				}
				if (!exists && !o.preserve && !o.moveMode) {
					const r = await sys.chmod(dst, s.mode & 0o7777 & ~state.umask);
					if (isErrno(r)) ok = false;
				}
				break;
			}
			case S_IFLNK: {
				const target = await sys.readlink(src);
				if (isErrno(target)) {
					await t.fail(`cannot read symbolic link ${quote(src)}`, target);
					return false;
				}
				if (exists) await sys.unlink(dst);
				const r = await sys.symlink(target, dst);
				if (isErrno(r)) {
					await t.fail(`cannot create symbolic link ${quote(dst)}`, r);
					return false;
				}
				if (o.preserve || o.moveMode) {
					await sys.chown(dst, state.euid === 0 ? s.uid : -1, s.gid, false);
				}
				return this.verbose(src, dst);
			}
			case S_IFCHR:
			case S_IFBLK:
			case S_IFSOCK:
			case S_IFIFO: {
				if (exists) await sys.unlink(dst);
				const r = await sys.mknod(dst, s.mode, s.rdev);
				if (isErrno(r)) {
					await t.fail(
						`cannot create ${type === S_IFIFO ? 'fifo' : 'special file'} ${quote(dst)}`,
						r
					);
					return false;
				}
				await this.verbose(src, dst);
				break;
			}
			case S_IFREG:
				if (!(await this.copyData(src, dst, s, exists))) return false;
				await this.verbose(src, dst);
				break;
			default:
				await t.error(`${quote(src)} has unknown file type`);
				return false;
		}
		if (o.preserve || o.moveMode) ok = (await this.preserve(dst, s, state)) && ok;
		return ok;
	}

	private async verbose(src: string, dst: string): Promise<boolean> {
		if (this.o.verbose) await this.t.out(`${quote(src)} -> ${quote(dst)}\n`);
		return true;
	}

	private async copyData(src: string, dst: string, s: Stat, exists: boolean): Promise<boolean> {
		const t = this.t;
		const sys = t.sys;
		const inFd = await sys.open(src, O_RDONLY);
		if (isErrno(inFd)) {
			await t.fail(`cannot open ${quote(src)} for reading`, inFd);
			return false;
		}
		let outFd = await sys.open(dst, O_WRONLY | O_CREAT | O_TRUNC, s.mode & 0o777);
		if (isErrno(outFd) && exists && this.o.force) {
			const u = await sys.unlink(dst);
			if (isErrno(u)) {
				await t.fail(`cannot remove ${quote(dst)}`, u);
				await sys.close(inFd);
				return false;
			}
			outFd = await sys.open(dst, O_WRONLY | O_CREAT | O_TRUNC, s.mode & 0o777);
		}
		if (isErrno(outFd)) {
			await t.fail(`cannot create regular file ${quote(dst)}`, outFd);
			await sys.close(inFd);
			return false;
		}
		let ok = true;
		// CHOICE: as coreutils 9 (--reflink=auto), first ask for a copy-on-write clone, which the
		// model always grants on one filesystem: the copy is a new inode that shares the bytes
		// until either side writes. fileutils 4.1 read and wrote every byte; nothing a program
		// can see differs. Across filesystems (EXDEV) or on refusal, the bytes are copied.
		const cloned = await sys.ioctl(outFd, FICLONE, inFd);
		while (isErrno(cloned)) {
			const data = await sys.read(inFd, 65536);
			if (isErrno(data)) {
				await t.fail(`reading ${quote(src)}`, data);
				ok = false;
				break;
			}
			if (data === '') break;
			const w = await sys.write(outFd, data);
			if (isErrno(w)) {
				await t.fail(`writing ${quote(dst)}`, w);
				ok = false;
				break;
			}
		}
		await sys.close(inFd);
		await sys.close(outFd);
		return ok;
	}

	/** -p: times, then owner (root only changes the user), then the mode (chown clears setuid). */
	private async preserve(dst: string, s: Stat, state: State): Promise<boolean> {
		const t = this.t;
		const sys = t.sys;
		let ok = true;
		const r = await sys.utimes(dst, s.atime, s.mtime);
		if (isErrno(r)) {
			await t.fail(`preserving times for ${quote(dst)}`, r);
			ok = false;
		}
		const c = await sys.chown(dst, state.euid === 0 ? s.uid : -1, s.gid);
		if (isErrno(c) && state.euid === 0) {
			await t.fail(`preserving ownership for ${quote(dst)}`, c);
			ok = false;
		}
		const m = await sys.chmod(dst, s.mode & 0o7777);
		if (isErrno(m)) {
			await t.fail(`preserving permissions for ${quote(dst)}`, m);
			ok = false;
		}
		return ok;
	}
}
