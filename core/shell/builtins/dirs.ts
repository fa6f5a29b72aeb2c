// Builtins on the process's place: cd (logical paths, CDPATH, `cd -`), pwd and umask. The
// directory stack (pushd, popd, dirs) and ulimit are in dirstack.ts, loaded on first use.
import type { Shell } from '../interpreter.ts';
import { isErrno } from '../../syscalls/index.ts';

/** Resolves `.` and `..` in an absolute path textually (bash's logical view of symlinks). */
export function canonical(path: string): string {
	const out: string[] = [];
	for (const part of path.split('/')) {
		if (part === '' || part === '.') continue;
		if (part === '..') out.pop();
		else out.push(part);
	}
	return '/' + out.join('/');
}

export async function cd(sh: Shell, argv: string[]): Promise<number> {
	let physical = sh.opts.physical;
	let i = 1;
	for (; i < argv.length; i++) {
		const a = argv[i]!;
		if (a === '-L') physical = false;
		else if (a === '-P') physical = true;
		else if (a === '--') {
			i++;
			break;
		} else break;
	}
	let dir = argv[i];
	let print = false;
	if (dir === undefined) {
		dir = sh.lookup('HOME');
		if (dir === undefined) {
			await sh.error('cd: HOME not set');
			return 1;
		}
	} else if (dir === '-') {
		dir = sh.lookup('OLDPWD');
		if (dir === undefined) {
			await sh.error('cd: OLDPWD not set');
			return 1;
		}
		print = true;
	}
	if (dir === '') return 0;
	const candidates: { path: string; show: boolean }[] = [];
	const cdpath = sh.lookup('CDPATH');
	if (cdpath && !dir.startsWith('/') && !/^\.\.?(\/|$)/.test(dir)) {
		for (const base of cdpath.split(':')) {
			if (base === '') candidates.push({ path: dir, show: false });
			else candidates.push({ path: base.replace(/\/$/, '') + '/' + dir, show: true });
		}
	}
	candidates.push({ path: dir, show: false });
	const oldPwd = sh.lookup('PWD');
	let firstError: string | null = null;
	for (const c of candidates) {
		const r = await changeTo(sh, c.path, physical, oldPwd);
		if (r === null) {
			if (c.show) print = true;
			if (oldPwd !== undefined) sh.setVar('OLDPWD', oldPwd);
			if (print) await sh.out((sh.lookup('PWD') ?? '') + '\n', 'cd');
			return 0;
		}
		firstError ??= r;
	}
	await sh.error(`cd: ${dir}: ${firstError}`);
	return 1;
}

/** chdir to `path`, then PWD; null on success, else the error text. */
async function changeTo(
	sh: Shell,
	path: string,
	physical: boolean,
	oldPwd: string | undefined
): Promise<string | null> {
	if (!physical) {
		const base = oldPwd && oldPwd.startsWith('/') ? oldPwd : null;
		const logical = path.startsWith('/')
			? canonical(path)
			: base
				? canonical(base + '/' + path)
				: null;
		if (logical !== null) {
			const r = await sh.sys.chdir(logical);
			if (!isErrno(r)) {
				sh.setVar('PWD', logical);
				return null;
			}
		}
	}
	const r = await sh.sys.chdir(path);
	if (isErrno(r)) return r.message;
	const cwd = await sh.sys.getcwd();
	sh.setVar('PWD', isErrno(cwd) ? path : cwd);
	return null;
}

export async function pwd(sh: Shell, argv: string[]): Promise<number> {
	const physical = argv.includes('-P') || sh.opts.physical;
	let dir = physical ? undefined : sh.lookup('PWD');
	if (dir === undefined || !dir.startsWith('/')) {
		const cwd = await sh.sys.getcwd();
		if (isErrno(cwd)) {
			await sh.error(`pwd: ${cwd.message}`);
			return 1;
		}
		dir = cwd;
	}
	return sh.out(dir + '\n', 'pwd');
}

const PERM: Record<string, number> = { r: 4, w: 2, x: 1 };
const WHO: Record<string, number> = { u: 6, g: 3, o: 0 };

/** A symbolic mode (`u=rwx,g=rx,o=`) applied to the permissions a mask leaves. */
function symbolicMask(spec: string, mask: number): number | null {
	let perms = ~mask & 0o777;
	for (const clause of spec.split(',')) {
		const m = /^([ugoa]*)([-+=])([rwx]*)$/.exec(clause);
		if (!m) return null;
		const who = m[1] === '' || m[1]!.includes('a') ? 'ugo' : m[1]!;
		let bits = 0;
		for (const p of m[3]!) bits |= PERM[p]!;
		for (const w of who) {
			const shift = WHO[w]!;
			if (m[2] === '=') perms = (perms & ~(7 << shift)) | (bits << shift);
			else if (m[2] === '+') perms |= bits << shift;
			else perms &= ~(bits << shift);
		}
	}
	return ~perms & 0o777;
}

function symbolic(mask: number): string {
	const part = (shift: number): string => {
		const p = (~mask >> shift) & 7;
		return (p & 4 ? 'r' : '') + (p & 2 ? 'w' : '') + (p & 1 ? 'x' : '');
	};
	return `u=${part(6)},g=${part(3)},o=${part(0)}`;
}

export async function umask(sh: Shell, argv: string[]): Promise<number> {
	const args = argv.slice(1);
	const sym = args.includes('-S');
	const p = args.includes('-p');
	const value = args.find((a) => !a.startsWith('-'));
	const current = await sh.sys.umask(0);
	await sh.sys.umask(current);
	if (value === undefined) {
		const text = sym
			? symbolic(current)
			: (p ? 'umask ' : '') + current.toString(8).padStart(4, '0');
		return sh.out(text + '\n', 'umask');
	}
	let mask: number | null;
	if (/^[0-7]+$/.test(value)) mask = parseInt(value, 8) & 0o777;
	else if (/^[0-9]+$/.test(value)) {
		await sh.error(`umask: ${value}: octal number out of range`);
		return 1;
	} else mask = symbolicMask(value, current);
	if (mask === null) {
		await sh.error(`umask: \`${value[0]}': invalid symbolic mode operator`);
		return 1;
	}
	await sh.sys.umask(mask);
	if (sym) await sh.out(symbolic(mask) + '\n');
	return 0;
}
