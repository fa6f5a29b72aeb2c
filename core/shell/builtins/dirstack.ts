// The directory stack (pushd, popd, dirs) and ulimit (over getrlimit/setrlimit): builtins no boot
// script and no login runs, loaded with later.ts the first time one is used.
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
import { cd } from './dirs.ts';

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
