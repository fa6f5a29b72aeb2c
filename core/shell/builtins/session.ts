// Builtins about the shell session rather than the script at hand: trap, type, command, builtin,
// alias, unalias, hash, history, times and shopt. No boot script and no login runs them, so they
// load with the job-control builtins the first time one is used (later.ts).
import { RESERVED } from '../ast.ts';
import { functionText } from '../printer.ts';
import { builtins, type Shell } from '../interpreter.ts';
import { isErrno, parseSignal, signalNames } from '../../syscalls/index.ts';
import { signalList } from './job-control.ts';

/**
 * A trap condition: 0 for EXIT, a signal number, or null.
 * SIMPLIFIED: ERR and DEBUG traps are accepted and listed, never run.
 */
function condition(spec: string): number | null {
	const up = spec.toUpperCase();
	if (up === 'EXIT' || spec === '0') return 0;
	if (up === 'ERR') return -1;
	if (up === 'DEBUG') return -2;
	const n = parseSignal(spec);
	return n === undefined || n === 0 ? null : n;
}

function conditionName(n: number): string {
	if (n === 0) return 'EXIT';
	if (n === -1) return 'ERR';
	if (n === -2) return 'DEBUG';
	return 'SIG' + signalNames[n];
}

function quote(s: string): string {
	return "'" + s.replace(/'/g, "'\\''") + "'";
}

export async function trap(sh: Shell, argv: string[]): Promise<number> {
	let args = argv.slice(1);
	if (args[0] === '--') args = args.slice(1);
	if (args.length === 0 || args[0] === '-p') {
		const only = args.slice(1).map(condition);
		let text = '';
		for (const n of [...sh.traps.keys()].sort((a, b) => a - b)) {
			if (only.length && !only.includes(n)) continue;
			text += `trap -- ${quote(sh.traps.get(n)!)} ${conditionName(n)}\n`;
		}
		return sh.out(text, 'trap');
	}
	if (args[0] === '-l') return sh.out(signalList(), 'trap');
	let action: string | null;
	let specs: string[];
	if (args.length === 1 || /^[0-9]+$/.test(args[0]!)) {
		action = null;
		specs = args;
	} else {
		action = args[0] === '-' ? null : args[0]!;
		specs = args.slice(1);
	}
	let status = 0;
	for (const spec of specs) {
		const n = condition(spec);
		if (n === null) {
			await sh.error(`trap: ${spec}: invalid signal specification`);
			status = 1;
			continue;
		}
		if (action === null) {
			sh.traps.delete(n);
			if (n > 0) await sh.sys.signal(n, sh.defaultDisposition(n));
		} else {
			sh.traps.set(n, action);
			if (n > 0 && action !== '') sh.guarded = true;
			if (n > 0) await sh.sys.signal(n, action === '' ? 'ignore' : sh.trapHandler);
		}
	}
	return status;
}

type Kind = 'alias' | 'keyword' | 'function' | 'builtin' | 'file';

async function describe(
	sh: Shell,
	name: string,
	all: boolean,
	skipFunctions: boolean,
	pathOnly: boolean
): Promise<{ kind: Kind; text: string; value: string }[]> {
	const found: { kind: Kind; text: string; value: string }[] = [];
	const add = (kind: Kind, text: string, value: string): boolean => {
		found.push({ kind, text, value });
		return !all;
	};
	if (!pathOnly) {
		const alias = sh.aliases.get(name);
		if (alias !== undefined && add('alias', `${name} is aliased to \`${alias}'`, alias)) {
			return found;
		}
		if (RESERVED.has(name) && add('keyword', `${name} is a shell keyword`, name)) return found;
		const f = sh.funcs.get(name);
		if (f && !skipFunctions && add('function', `${name} is a function\n${functionText(f)}`, name)) {
			return found;
		}
		if (builtins.has(name) && add('builtin', `${name} is a shell builtin`, name)) return found;
	}
	if (name.includes('/')) {
		const st = await sh.sys.stat(name);
		if (!isErrno(st) && st.mode & 0o111) add('file', `${name} is ${name}`, name);
		return found;
	}
	const hashed = sh.hash.get(name);
	if (hashed && !all) {
		add('file', `${name} is hashed (${hashed.path})`, hashed.path);
		return found;
	}
	const PATH = sh.lookup('PATH') ?? '';
	for (const dir of PATH.split(':')) {
		const full = `${dir || '.'}/${name}`;
		const st = await sh.sys.stat(full);
		if (isErrno(st) || (st.mode & 0o170000) !== 0o100000 || !(st.mode & 0o111)) continue;
		if (add('file', `${name} is ${full}`, full)) break;
	}
	return found;
}

export async function type(sh: Shell, argv: string[]): Promise<number> {
	let all = false;
	let terse = false;
	let path = false;
	let forcePath = false;
	let noFunctions = false;
	let i = 1;
	for (; i < argv.length && argv[i]!.startsWith('-') && argv[i]!.length > 1; i++) {
		const a = argv[i]!;
		if (a === '--') {
			i++;
			break;
		}
		for (const c of a.slice(1)) {
			if (c === 'a') all = true;
			else if (c === 't') terse = true;
			else if (c === 'p') path = true;
			else if (c === 'P') forcePath = true;
			else if (c === 'f') noFunctions = true;
			else {
				await sh.error(`type: -${c}: invalid option`);
				await sh.write(2, 'type: usage: type [-afptP] name [name ...]\n');
				return 2;
			}
		}
	}
	let status = 0;
	let text = '';
	for (const name of argv.slice(i)) {
		const found = await describe(sh, name, all, noFunctions, forcePath);
		if (found.length === 0) {
			if (!terse && !path && !forcePath) {
				await sh.out(text);
				text = '';
				await sh.error(`type: ${name}: not found`);
			}
			status = 1;
			continue;
		}
		for (const f of found) {
			if (terse) text += f.kind + '\n';
			else if (path || forcePath) {
				if (f.kind === 'file') text += f.value + '\n';
			} else text += f.text + '\n';
		}
	}
	await sh.out(text, 'type');
	return status;
}

export async function command(sh: Shell, argv: string[]): Promise<number> {
	let verbose = 0;
	let defaultPath = false;
	let i = 1;
	for (; i < argv.length && /^-[pvV]+$/.test(argv[i]!); i++) {
		const a = argv[i]!;
		if (a.includes('V')) verbose = 2;
		else if (a.includes('v')) verbose = Math.max(verbose, 1);
		if (a.includes('p')) defaultPath = true;
	}
	if (argv[i] === '--') i++;
	const args = argv.slice(i);
	if (args.length === 0) return 0;
	if (verbose) {
		let status = 0;
		for (const name of args) {
			const found = await describe(sh, name, false, false, false);
			const f = found[0];
			if (!f) {
				if (verbose === 2) await sh.error(`command: ${name}: not found`);
				status = 1;
				continue;
			}
			if (verbose === 2) await sh.out(f.text + '\n');
			else if (f.kind === 'alias') await sh.out(`alias ${name}=${quote(f.value)}\n`);
			else await sh.out(f.value + '\n');
		}
		return status;
	}
	if (defaultPath) {
		const saved = sh.lookup('PATH');
		sh.setVar('PATH', '/bin:/usr/bin');
		try {
			return await sh.runArgv(args, true);
		} finally {
			if (saved === undefined) sh.unsetVar('PATH');
			else sh.setVar('PATH', saved);
		}
	}
	return sh.runArgv(args, true);
}

export async function builtin(sh: Shell, argv: string[]): Promise<number> {
	const name = argv[1];
	if (name === undefined) return 0;
	const b = builtins.get(name);
	if (!b) {
		await sh.error(`builtin: ${name}: not a shell builtin`);
		return 1;
	}
	return b(sh, argv.slice(1));
}

export async function alias(sh: Shell, argv: string[]): Promise<number> {
	const args = argv.slice(1).filter((a) => a !== '-p');
	if (args.length === 0) {
		let text = '';
		for (const name of [...sh.aliases.keys()].sort()) {
			text += `alias ${name}=${quote(sh.aliases.get(name)!)}\n`;
		}
		return sh.out(text, 'alias');
	}
	let status = 0;
	for (const a of args) {
		const eq = a.indexOf('=');
		if (eq > 0) {
			sh.aliases.set(a.slice(0, eq), a.slice(eq + 1));
			continue;
		}
		const v = sh.aliases.get(a);
		if (v === undefined) {
			await sh.error(`alias: ${a}: not found`);
			status = 1;
		} else await sh.out(`alias ${a}=${quote(v)}\n`);
	}
	return status;
}

export async function unalias(sh: Shell, argv: string[]): Promise<number> {
	if (argv[1] === '-a') {
		sh.aliases.clear();
		return 0;
	}
	if (argv.length < 2) {
		await sh.write(2, 'unalias: usage: unalias [-a] [name ...]\n');
		return 2;
	}
	let status = 0;
	for (const a of argv.slice(1)) {
		if (!sh.aliases.delete(a)) {
			await sh.error(`unalias: ${a}: not found`);
			status = 1;
		}
	}
	return status;
}

export async function hash(sh: Shell, argv: string[]): Promise<number> {
	const args = argv.slice(1);
	if (args[0] === '-r') {
		sh.hash.clear();
		return 0;
	}
	if (args.length === 0) {
		if (sh.hash.size === 0) {
			await sh.error('hash: hash table empty');
			return 0;
		}
		let text = 'hits\tcommand\n';
		for (const h of sh.hash.values()) text += `${String(h.hits).padStart(4)}\t${h.path}\n`;
		return sh.out(text, 'hash');
	}
	let status = 0;
	for (const name of args) {
		if (name.includes('/')) continue;
		const path = await sh.searchPath(name);
		if (path === null) {
			await sh.error(`hash: ${name}: not found`);
			status = 1;
		} else sh.hash.set(name, { path, hits: 0 });
	}
	return status;
}

export async function history(sh: Shell, argv: string[]): Promise<number> {
	if (argv[1] === '-c') {
		sh.historyBase += sh.history.length;
		sh.history.length = 0;
		return 0;
	}
	let list = sh.history.map((line, i) => [i + sh.historyBase, line] as const);
	if (argv[1] !== undefined) {
		if (!/^[0-9]+$/.test(argv[1])) {
			await sh.error(`history: ${argv[1]}: numeric argument required`);
			return 1;
		}
		list = list.slice(-Number(argv[1]) || list.length);
	}
	return sh.out(list.map(([n, line]) => `${String(n).padStart(5)}  ${line}\n`).join(''), 'history');
}

export async function times(sh: Shell): Promise<number> {
	const t = await sh.sys.times();
	const f = (ticks: number): string => {
		const s = ticks / 100;
		return `${Math.floor(s / 60)}m${(s % 60).toFixed(3)}s`;
	};
	return sh.out(`${f(t.utime)} ${f(t.stime)}\n${f(t.cutime)} ${f(t.cstime)}\n`, 'times');
}

const SHOPT_NAMES = [
	'cdable_vars',
	'cdspell',
	'checkhash',
	'checkwinsize',
	'cmdhist',
	'dotglob',
	'execfail',
	'expand_aliases',
	'extglob',
	'histreedit',
	'histappend',
	'histverify',
	'hostcomplete',
	'huponexit',
	'interactive_comments',
	'lithist',
	'mailwarn',
	'no_empty_cmd_completion',
	'nocaseglob',
	'nullglob',
	'progcomp',
	'promptvars',
	'restricted_shell',
	'shift_verbose',
	'sourcepath',
	'xpg_echo'
];
const SHOPT_DEFAULT_ON = new Set([
	'cmdhist',
	'expand_aliases',
	'hostcomplete',
	'interactive_comments',
	'progcomp',
	'promptvars',
	'sourcepath'
]);
const shoptState = new WeakMap<Shell, Set<string>>();

/** shopt: the options are remembered and listed. SIMPLIFIED: they change nothing else. */
export async function shopt(sh: Shell, argv: string[]): Promise<number> {
	let on = shoptState.get(sh);
	if (!on) shoptState.set(sh, (on = new Set(SHOPT_DEFAULT_ON)));
	let mode: 's' | 'u' | 'p' | '' = '';
	let quiet = false;
	let i = 1;
	for (; i < argv.length && argv[i]!.startsWith('-'); i++) {
		for (const c of argv[i]!.slice(1)) {
			if (c === 's' || c === 'u' || c === 'p') mode = c;
			else if (c === 'q') quiet = true;
		}
	}
	const names = argv.slice(i);
	for (const n of names) {
		if (!SHOPT_NAMES.includes(n)) {
			await sh.error(`shopt: ${n}: invalid shell option name`);
			return 1;
		}
	}
	if (mode === 's' || mode === 'u') {
		for (const n of names) {
			if (mode === 's') on.add(n);
			else on.delete(n);
		}
		if (names.length) return 0;
	}
	const list = names.length
		? names
		: SHOPT_NAMES.filter((n) => mode === '' || mode === 'p' || on.has(n) === (mode === 's'));
	if (quiet) return list.every((n) => on.has(n)) ? 0 : 1;
	const text = list
		.map((n) =>
			mode === 'p'
				? `shopt ${on.has(n) ? '-s' : '-u'} ${n}\n`
				: `${n.padEnd(15)}\t${on.has(n) ? 'on' : 'off'}\n`
		)
		.join('');
	await sh.out(text, 'shopt');
	return names.length ? (names.every((n) => on.has(n)) ? 0 : 1) : 0;
}
