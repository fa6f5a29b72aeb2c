// File modes as the GNU tools write and read them: `drwxr-xr-x` strings (filemode.c) and
// chmod's octal or symbolic changes (`u+x,go=r`, `a-w`, `g=u`), umask rules included.
import {
	S_IFMT,
	S_IFDIR,
	S_IFLNK,
	S_IFCHR,
	S_IFBLK,
	S_IFIFO,
	S_IFSOCK,
	S_ISUID,
	S_ISGID,
	S_ISVTX
} from '../../syscalls/index.ts';

export function typeChar(mode: number): string {
	switch (mode & S_IFMT) {
		case S_IFDIR:
			return 'd';
		case S_IFLNK:
			return 'l';
		case S_IFCHR:
			return 'c';
		case S_IFBLK:
			return 'b';
		case S_IFIFO:
			return 'p';
		case S_IFSOCK:
			return 's';
		default:
			return '-';
	}
}

/** `-rwsr-xr-t` style: ten characters. */
export function modeString(mode: number): string {
	const rwx = (bits: number, special: boolean, on: string, off: string): string =>
		(bits & 4 ? 'r' : '-') +
		(bits & 2 ? 'w' : '-') +
		(special ? (bits & 1 ? on : off) : bits & 1 ? 'x' : '-');
	return (
		typeChar(mode) +
		rwx((mode >> 6) & 7, (mode & S_ISUID) !== 0, 's', 'S') +
		rwx((mode >> 3) & 7, (mode & S_ISGID) !== 0, 's', 'S') +
		rwx(mode & 7, (mode & S_ISVTX) !== 0, 't', 'T')
	);
}

interface Change {
	op: '=' | '+' | '-';
	/** Bits this change may touch. */
	affected: number;
	/** Permission letters, applied at change time (X and u/g/o copies depend on the file). */
	perms: string;
}

/** A compiled mode: apply it to a file's current mode (and whether it is a directory). */
export type ModeChange = (mode: number, isDir: boolean) => number;

const ALL = 0o7777;

/**
 * Compiles a chmod mode operand, or returns null when it is invalid. `umask` limits the bits of a
 * change that names no `who` (as chmod does; mkdir -m passes 0 so nothing is masked).
 */
export function compileMode(text: string, umask: number): ModeChange | null {
	if (/^[0-7]+$/.test(text)) {
		const v = parseInt(text, 8);
		if (v > ALL) return null;
		return (mode) => (mode & ~ALL) | v;
	}
	const changes: Change[] = [];
	for (const clause of text.split(',')) {
		const m = /^([ugoa]*)((?:[-+=][rwxXstugo]*)+)$/.exec(clause);
		if (!m) return null;
		let who = 0;
		for (const c of m[1]!) {
			who |=
				c === 'u'
					? S_ISUID | 0o700
					: c === 'g'
						? S_ISGID | 0o070
						: c === 'o'
							? S_ISVTX | 0o007
							: ALL;
		}
		const implicit = who === 0;
		for (const action of m[2]!.match(/[-+=][rwxXstugo]*/g)!) {
			const op = action[0] as Change['op'];
			const perms = action.slice(1);
			// u/g/o copy another class; they cannot be mixed with letters.
			if (/[ugo]/.test(perms) && perms.length > 1) return null;
			// SUS: `=` without a who first clears everything (the umask then limits what is set).
			if (implicit && op === '=') changes.push({ op: '=', affected: ALL, perms: '' });
			changes.push({ op, affected: implicit ? ALL & ~umask : who, perms });
		}
	}
	return (mode, isDir) => {
		let m = mode & ALL;
		for (const c of changes) {
			let value = 0;
			for (const p of c.perms) {
				if (p === 'r') value |= 0o444;
				else if (p === 'w') value |= 0o222;
				else if (p === 'x') value |= 0o111;
				else if (p === 'X') value |= isDir || m & 0o111 ? 0o111 : 0;
				else if (p === 's') value |= S_ISUID | S_ISGID;
				else if (p === 't') value |= S_ISVTX;
				else {
					const shift = p === 'u' ? 6 : p === 'g' ? 3 : 0;
					const bits = (m >> shift) & 7;
					value |= (bits << 6) | (bits << 3) | bits;
				}
			}
			value &= c.affected;
			if (c.op === '=') m = (m & ~c.affected) | value;
			else if (c.op === '+') m |= value;
			else m &= ~value;
		}
		return (mode & ~ALL) | m;
	};
}
