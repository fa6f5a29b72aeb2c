// Redirections and here-documents: opening, duplicating and closing descriptors for a command,
// with copies kept (above 9, close-on-exec) when a builtin's redirections must be undone.
import type { Redir } from './ast.ts';
import type { Shell } from './interpreter.ts';
import {
	F_DUPFD,
	F_SETFD,
	FD_CLOEXEC,
	O_APPEND,
	O_CREAT,
	O_RDONLY,
	O_RDWR,
	O_TRUNC,
	O_WRONLY,
	S_IFMT,
	S_IFREG,
	isErrno
} from '../syscalls/index.ts';

/** A descriptor replaced by a redirection. */
export interface SavedFd {
	fd: number;
	/** Where the original was kept, or -1 when the descriptor was closed. */
	saved: number;
}

/**
 * Applies redirections. With `save`, the replaced descriptors are kept (above 9, close-on-exec)
 * so they can be restored. Returns null after printing bash's error.
 */
export async function applyRedirections(
	sh: Shell,
	list: readonly Redir[],
	save: boolean
): Promise<SavedFd[] | null> {
	const saved: SavedFd[] = [];
	for (const r of list) {
		const ok = await redirectOne(sh, r, save ? saved : null);
		if (!ok) {
			if (save) await restoreRedirections(sh, saved);
			return null;
		}
	}
	return saved;
}

/** Keeps a copy of `fd` (once) before it is replaced. */
async function keep(sh: Shell, fd: number, saved: SavedFd[] | null): Promise<void> {
	if (!saved || saved.some((s) => s.fd === fd)) return;
	const copy = await sh.sys.fcntl(fd, F_DUPFD, 10);
	if (isErrno(copy)) {
		saved.push({ fd, saved: -1 });
		return;
	}
	await sh.sys.fcntl(copy, F_SETFD, FD_CLOEXEC);
	saved.push({ fd, saved: copy });
}

/** Puts back the descriptors a redirection replaced, last first. */
export async function restoreRedirections(sh: Shell, saved: readonly SavedFd[]): Promise<void> {
	for (let i = saved.length - 1; i >= 0; i--) {
		const s = saved[i]!;
		if (s.saved >= 0) {
			await sh.sys.dup2(s.saved, s.fd);
			await sh.sys.close(s.saved);
		} else await sh.sys.close(s.fd);
	}
}

async function redirectOne(sh: Shell, r: Redir, saved: SavedFd[] | null): Promise<boolean> {
	let fd = r.fd ?? (r.op[0] === '<' ? 0 : 1);
	if (r.heredoc) {
		let text: string;
		try {
			text = await sh.expander.word(r.heredoc);
		} catch (e) {
			await sh.expansionFailed(e);
			return false;
		}
		await keep(sh, fd, saved);
		return heredoc(sh, fd, text);
	}
	let target: string;
	try {
		const words = await sh.expander.words([r.target]);
		if (words.length !== 1) {
			await sh.error(`${r.target.raw}: ambiguous redirect`);
			return false;
		}
		target = words[0]!;
	} catch (e) {
		await sh.expansionFailed(e);
		return false;
	}
	if (r.op === '<&' || r.op === '>&') {
		if (target === '-') {
			await keep(sh, fd, saved);
			await sh.sys.close(fd);
			return true;
		}
		if (/^[0-9]+$/.test(target)) {
			const from = Number(target);
			if (from === fd) return true;
			await keep(sh, fd, saved);
			const d = await sh.sys.dup2(from, fd);
			if (isErrno(d)) {
				await sh.error(`${target}: ${d.message}`);
				return false;
			}
			return true;
		}
		if (r.op === '<&') {
			await sh.error(`${target}: ambiguous redirect`);
			return false;
		}
		// `>&file` is `&>file`.
		fd = -1;
	}
	let flags: number;
	switch (r.op) {
		case '<':
			flags = O_RDONLY;
			break;
		case '<>':
			flags = O_RDWR | O_CREAT;
			break;
		case '>>':
			flags = O_WRONLY | O_CREAT | O_APPEND;
			break;
		default:
			flags = O_WRONLY | O_CREAT | O_TRUNC;
	}
	if ((r.op === '>' || r.op === '>&') && sh.opts.noclobber) {
		const st = await sh.sys.stat(target);
		if (!isErrno(st) && (st.mode & S_IFMT) === S_IFREG) {
			await sh.error(`${target}: cannot overwrite existing file`);
			return false;
		}
	}
	const opened = await sh.sys.open(target, flags, 0o666);
	if (isErrno(opened)) {
		await sh.error(`${target}: ${opened.message}`);
		return false;
	}
	const targets = fd === -1 ? [1, 2] : [fd];
	for (const t of targets) {
		if (t === opened) continue;
		await keep(sh, t, saved);
		await sh.sys.dup2(opened, t);
	}
	if (!targets.includes(opened)) await sh.sys.close(opened);
	return true;
}

/** A here-document on `fd`: a pipe filled now, or by a child when it is bigger than the pipe. */
async function heredoc(sh: Shell, fd: number, text: string): Promise<boolean> {
	const fds = await sh.sys.pipe();
	if (isErrno(fds)) {
		await sh.error(`cannot make pipe for here-document: ${fds.message}`);
		return false;
	}
	const [rd, wr] = fds;
	if (text.length <= 4096) {
		await sh.sys.write(wr, text);
		await sh.sys.close(wr);
	} else {
		const pid = await sh.sys.fork(async (c) => {
			await c.close(rd);
			await c.write(wr, text);
			return 0;
		});
		await sh.sys.close(wr);
		if (isErrno(pid)) {
			await sh.sys.close(rd);
			await sh.error(`fork: ${pid.message}`);
			return false;
		}
	}
	if (rd !== fd) {
		await sh.sys.dup2(rd, fd);
		await sh.sys.close(rd);
	}
	return true;
}
