// Builtins on the process's place and limits: cd (logical paths, CDPATH, `cd -`), pwd, the
// directory stack (pushd, popd, dirs), umask and ulimit (over getrlimit/setrlimit).
import type { Shell } from '../interpreter.ts';
import { tildeDir } from '../prompt.ts';
import {
	RLIMIT_AS,
	RLIMIT_CORE,
	RLIMIT_CPU,
	RLIMIT_DATA,
	RLIMIT_FSIZE,
	RLIMIT_MEMLOCK,
	RLIMIT_NOFILE,
	RLIMIT_NPROC,
	RLIMIT_RSS,
	RLIMIT_STACK,
	RLIM_INFINITY,
	isErrno
} from '../../syscalls/index.ts';

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

/** The directory stack as `dirs` prints it: the current directory first, $HOME as ~. */
function stackText(sh: Shell, argv: string[]): string {
	const long = argv.includes('-l');
	const home = sh.lookup('HOME');
	const list = [sh.lookup('PWD') ?? '', ...sh.dirStack].map((d) => (long ? d : tildeDir(d, home)));
	if (argv.includes('-v')) return list.map((d, i) => `${String(i).padStart(2)}  ${d}\n`).join('');
	if (argv.includes('-p')) return list.map((d) => d + '\n').join('');
	return list.join(' ') + '\n';
}

export async function dirs(sh: Shell, argv: string[]): Promise<number> {
	if (argv.includes('-c')) {
		sh.dirStack = [];
		return 0;
	}
	return sh.out(stackText(sh, argv), 'dirs');
}

export async function pushd(sh: Shell, argv: string[]): Promise<number> {
	const old = sh.lookup('PWD') ?? '';
	const dir = argv[1];
	if (dir === undefined) {
		const top = sh.dirStack[0];
		if (top === undefined) {
			await sh.error('pushd: no other directory');
			return 1;
		}
		if ((await cd(sh, ['cd', top])) !== 0) return 1;
		sh.dirStack = [old, ...sh.dirStack.slice(1)];
	} else {
		if ((await cd(sh, ['cd', dir])) !== 0) return 1;
		sh.dirStack = [old, ...sh.dirStack];
	}
	return sh.out(stackText(sh, []), 'pushd');
}

export async function popd(sh: Shell): Promise<number> {
	const top = sh.dirStack[0];
	if (top === undefined) {
		await sh.error('popd: directory stack empty');
		return 1;
	}
	if ((await cd(sh, ['cd', top])) !== 0) return 1;
	sh.dirStack = sh.dirStack.slice(1);
	return sh.out(stackText(sh, []), 'popd');
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

interface LimitSpec {
	letter: string;
	desc: string;
	/** The rlimit resource, or null for the fixed pipe size. */
	resource: number | null;
	/** Bytes per unit shown. */
	unit: number;
}

/** The limits bash 2.05's ulimit knows, in its `-a` order and words. */
const LIMITS: LimitSpec[] = [
	{ letter: 'c', desc: 'core file size (blocks)', resource: RLIMIT_CORE, unit: 1024 },
	{ letter: 'd', desc: 'data seg size (kbytes)', resource: RLIMIT_DATA, unit: 1024 },
	{ letter: 'f', desc: 'file size (blocks)', resource: RLIMIT_FSIZE, unit: 1024 },
	{ letter: 'l', desc: 'max locked memory (kbytes)', resource: RLIMIT_MEMLOCK, unit: 1024 },
	{ letter: 'm', desc: 'max memory size (kbytes)', resource: RLIMIT_RSS, unit: 1024 },
	{ letter: 'n', desc: 'open files', resource: RLIMIT_NOFILE, unit: 1 },
	{ letter: 'p', desc: 'pipe size (512 bytes)', resource: null, unit: 512 },
	{ letter: 's', desc: 'stack size (kbytes)', resource: RLIMIT_STACK, unit: 1024 },
	{ letter: 't', desc: 'cpu time (seconds)', resource: RLIMIT_CPU, unit: 1 },
	{ letter: 'u', desc: 'max user processes', resource: RLIMIT_NPROC, unit: 1 },
	{ letter: 'v', desc: 'virtual memory (kbytes)', resource: RLIMIT_AS, unit: 1024 }
];

async function current(sh: Shell, l: LimitSpec, hard: boolean): Promise<string> {
	if (l.resource === null) return '8';
	const r = await sh.sys.getrlimit(l.resource);
	if (isErrno(r)) return 'unlimited';
	const v = hard ? r.max : r.cur;
	return v === RLIM_INFINITY ? 'unlimited' : String(Math.floor(v / l.unit));
}

export async function ulimit(sh: Shell, argv: string[]): Promise<number> {
	let hard = false;
	let soft = false;
	let all = false;
	const letters: LimitSpec[] = [];
	let value: string | undefined;
	for (const a of argv.slice(1)) {
		if (a.startsWith('-') && a.length > 1) {
			for (const c of a.slice(1)) {
				const spec = LIMITS.find((l) => l.letter === c);
				if (c === 'H') hard = true;
				else if (c === 'S') soft = true;
				else if (c === 'a') all = true;
				else if (spec) letters.push(spec);
				else {
					await sh.error(`ulimit: -${c}: invalid option`);
					await sh.write(2, 'ulimit: usage: ulimit [-SHacdflmnpstuv] [limit]\n');
					return 2;
				}
			}
		} else value = a;
	}
	if (all) {
		let text = '';
		for (const l of LIMITS) text += `${l.desc.padEnd(28)}${await current(sh, l, hard)}\n`;
		return sh.out(text, 'ulimit');
	}
	if (letters.length === 0) letters.push(LIMITS.find((l) => l.letter === 'f')!);
	if (value === undefined) {
		let text = '';
		for (const l of letters) {
			const v = await current(sh, l, hard);
			text += letters.length > 1 ? `${l.desc.padEnd(28)}${v}\n` : v + '\n';
		}
		return sh.out(text, 'ulimit');
	}
	for (const l of letters) {
		const what = l.desc.replace(/ \(.*\)$/, '');
		let n: number;
		if (value === 'unlimited') n = RLIM_INFINITY;
		else if (/^[0-9]+$/.test(value)) n = Number(value) * l.unit;
		else {
			await sh.error(`ulimit: ${value}: invalid number`);
			return 1;
		}
		if (l.resource === null) {
			await sh.error(`ulimit: ${what}: cannot modify limit: Invalid argument`);
			return 1;
		}
		const old = await sh.sys.getrlimit(l.resource);
		if (isErrno(old)) return 1;
		const next = { cur: soft || !hard ? n : old.cur, max: hard || !soft ? n : old.max };
		const r = await sh.sys.setrlimit(l.resource, next);
		if (isErrno(r)) {
			await sh.error(`ulimit: ${what}: cannot modify limit: ${r.message}`);
			return 1;
		}
	}
	return 0;
}
