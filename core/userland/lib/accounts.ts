// The account files as shadow-utils and passwd edit them: /etc/passwd, /etc/shadow and /etc/group
// read and rewritten whole through syscalls, a password typed with echo off, and the home tree
// copied from /etc/skel or removed.
import {
	ECHO,
	ECHONL,
	isErrno,
	O_CREAT,
	O_RDONLY,
	O_TRUNC,
	O_WRONLY,
	S_IFDIR,
	S_IFLNK,
	S_IFMT,
	S_IFREG,
	TCGETS,
	TCSETSF,
	type Errno,
	type Sys,
	type Termios
} from '../../syscalls/index.ts';

/** A file's text, or the errno that stopped reading it. */
export async function readText(sys: Sys, path: string): Promise<string | Errno> {
	const fd = await sys.open(path, O_RDONLY);
	if (isErrno(fd)) return fd;
	let text = '';
	for (;;) {
		const r = await sys.read(fd, 65536);
		if (isErrno(r)) {
			await sys.close(fd);
			return r;
		}
		if (r === '') break;
		text += r;
	}
	await sys.close(fd);
	return text;
}

/** Replaces a file's contents (its mode and owner stay; a new file gets `mode`). */
export async function writeText(
	sys: Sys,
	path: string,
	text: string,
	mode = 0o644
): Promise<0 | Errno> {
	const fd = await sys.open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	if (isErrno(fd)) return fd;
	const r = await sys.write(fd, text);
	await sys.close(fd);
	return isErrno(r) ? r : 0;
}

/** A colon-separated account file as rows of fields (blank lines dropped). */
export function parseTable(text: string): string[][] {
	return text
		.split('\n')
		.filter((l) => l !== '')
		.map((l) => l.split(':'));
}

export function formatTable(rows: string[][]): string {
	return rows.map((r) => r.join(':') + '\n').join('');
}

/** Days since the epoch, as shadow's lastchg field counts them. */
export const daysSinceEpoch = (seconds: number): number => Math.floor(seconds / 86400);

/**
 * A shadow row's password as su and login read it. SIMPLIFIED: the image keeps clear text behind
 * a `plain` marker (`name:plain:TEXT:lastchg:...`), so those rows have one field more.
 */
export function shadowFields(row: string[]): { hash: string; rest: string[] } {
	if (row[1] === 'plain') return { hash: `plain:${row[2] ?? ''}`, rest: row.slice(3) };
	return { hash: row[1] ?? '', rest: row.slice(2) };
}

/** Rebuilds a shadow row with a new password field (`plain:TEXT` or a marker such as `!!`). */
export function shadowRow(name: string, hash: string, rest: string[]): string[] {
	return [name, ...hash.split(':'), ...rest];
}

/**
 * Reads a line from standard input with echo off, as Linux-PAM's misc_conv does: the prompt on
 * stderr, ECHONL so the Enter still moves the cursor; without a terminal the newline is written.
 * Null at end of input.
 */
export async function readSecret(sys: Sys, prompt: string): Promise<string | null> {
	const saved = await sys.ioctl(0, TCGETS);
	const tty = !isErrno(saved);
	if (tty) {
		const t = saved as Termios;
		await sys.ioctl(0, TCSETSF, { ...t, lflag: (t.lflag & ~ECHO) | ECHONL, cc: [...t.cc] });
	}
	await sys.write(2, prompt);
	let line = '';
	let ended = false;
	for (;;) {
		const r = await sys.read(0, 1);
		if (isErrno(r) || r === '') break;
		if (r === '\n') {
			ended = true;
			break;
		}
		line += r;
	}
	if (tty) await sys.ioctl(0, TCSETSF, saved);
	else await sys.write(2, '\n');
	return ended || line !== '' ? line : null;
}

/** Copies the tree under `from` into the existing directory `to`, owned by uid:gid. */
export async function copyTree(
	sys: Sys,
	from: string,
	to: string,
	uid: number,
	gid: number
): Promise<void> {
	const dir = await sys.open(from, O_RDONLY);
	if (isErrno(dir)) return;
	const names: string[] = [];
	for (;;) {
		const r = await sys.getdents(dir);
		if (isErrno(r) || r.length === 0) break;
		for (const d of r) if (d.name !== '.' && d.name !== '..') names.push(d.name);
	}
	await sys.close(dir);
	for (const name of names) {
		const src = `${from}/${name}`;
		const dst = `${to}/${name}`;
		const st = await sys.lstat(src);
		if (isErrno(st)) continue;
		const kind = st.mode & S_IFMT;
		if (kind === S_IFDIR) {
			await sys.mkdir(dst, st.mode & 0o7777);
			await copyTree(sys, src, dst, uid, gid);
		} else if (kind === S_IFLNK) {
			const target = await sys.readlink(src);
			if (!isErrno(target)) await sys.symlink(target, dst);
		} else if (kind === S_IFREG) {
			const text = await readText(sys, src);
			if (isErrno(text)) continue;
			await writeText(sys, dst, text, st.mode & 0o7777);
		} else continue;
		await sys.chown(dst, uid, gid, false);
	}
}

/** rm -rf of a tree (userdel -r); false when something stayed. */
export async function removeTree(sys: Sys, path: string): Promise<boolean> {
	const st = await sys.lstat(path);
	if (isErrno(st)) return st.name === 'ENOENT';
	if ((st.mode & S_IFMT) !== S_IFDIR) return !isErrno(await sys.unlink(path));
	const dir = await sys.open(path, O_RDONLY);
	if (isErrno(dir)) return false;
	const names: string[] = [];
	for (;;) {
		const r = await sys.getdents(dir);
		if (isErrno(r) || r.length === 0) break;
		for (const d of r) if (d.name !== '.' && d.name !== '..') names.push(d.name);
	}
	await sys.close(dir);
	let ok = true;
	for (const name of names) ok = (await removeTree(sys, `${path}/${name}`)) && ok;
	return !isErrno(await sys.rmdir(path)) && ok;
}
