// Builtins on variables and parameters: export, readonly, unset, local, declare/typeset, set,
// shift, let and getopts, with bash's listings (`declare -x NAME="value"`, `set -o`).
import { ArithError, evaluate } from '../arith.ts';
import { functionText } from '../printer.ts';
import {
	FLAG_LETTERS,
	NAME,
	OPTION_NAMES,
	type OptionName,
	type Shell,
	type Var,
	xquote
} from '../interpreter.ts';

/** `declare -x NAME="value"` quoting: backslash before " \ $ and `. */
function dquote(s: string): string {
	return '"' + s.replace(/["\\$`]/g, '\\$&') + '"';
}

function attrs(v: Var): string {
	let a = '';
	if (v.integer) a += 'i';
	if (v.readonly) a += 'r';
	if (v.exported) a += 'x';
	return a ? '-' + a : '--';
}

function declareLine(name: string, v: Var): string {
	return `declare ${attrs(v)} ${name}${v.value === undefined ? '' : '=' + dquote(v.value)}\n`;
}

function sortedVars(sh: Shell, pick: (v: Var) => boolean): [string, Var][] {
	return [...sh.vars].filter(([, v]) => pick(v)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Splits `name=value` (value undefined when there is no `=`). */
function nameValue(arg: string): [string, string | undefined] {
	const eq = arg.indexOf('=');
	return eq === -1 ? [arg, undefined] : [arg.slice(0, eq), arg.slice(eq + 1)];
}

async function invalidName(sh: Shell, cmd: string, name: string): Promise<number> {
	await sh.error(`${cmd}: \`${name}': not a valid identifier`);
	return 1;
}

export async function exportBuiltin(sh: Shell, argv: string[]): Promise<number> {
	let remove = false;
	let funcs = false;
	let i = 1;
	for (; i < argv.length && argv[i]!.startsWith('-') && argv[i] !== '-'; i++) {
		if (argv[i] === '--') {
			i++;
			break;
		}
		for (const c of argv[i]!.slice(1)) {
			if (c === 'n') remove = true;
			else if (c === 'f') funcs = true;
			else if (c !== 'p') {
				await sh.error(`export: -${c}: invalid option`);
				await sh.write(2, 'export: usage: export [-nf] [name[=value] ...] or export -p\n');
				return 2;
			}
		}
	}
	if (i >= argv.length) {
		let text = '';
		for (const [name, v] of sortedVars(sh, (x) => x.exported)) text += declareLine(name, v);
		return sh.out(text, 'export');
	}
	let status = 0;
	for (const arg of argv.slice(i)) {
		const [name, value] = nameValue(arg);
		if (!NAME.test(name)) {
			status = await invalidName(sh, 'export', arg);
			continue;
		}
		if (funcs) continue;
		if (value !== undefined) {
			const err = sh.setVar(name, value);
			if (err) {
				await sh.error(err);
				status = 1;
				continue;
			}
		}
		sh.exportVar(name, !remove);
	}
	return status;
}

export async function readonly(sh: Shell, argv: string[]): Promise<number> {
	const args = argv.slice(1).filter((a) => a !== '-p' && a !== '--');
	if (args.length === 0) {
		let text = '';
		for (const [name, v] of sortedVars(sh, (x) => x.readonly)) text += declareLine(name, v);
		return sh.out(text, 'readonly');
	}
	let status = 0;
	for (const arg of args) {
		const [name, value] = nameValue(arg);
		if (!NAME.test(name)) {
			status = await invalidName(sh, 'readonly', arg);
			continue;
		}
		if (value !== undefined) {
			const err = sh.setVar(name, value);
			if (err) {
				await sh.error(err);
				status = 1;
				continue;
			}
		}
		sh.setAttrs(name, { readonly: true });
	}
	return status;
}

export async function unset(sh: Shell, argv: string[]): Promise<number> {
	let mode: 'v' | 'f' | '' = '';
	let i = 1;
	for (; i < argv.length && /^-[fv]+$/.test(argv[i]!); i++) {
		mode = argv[i]!.endsWith('f') ? 'f' : 'v';
	}
	let status = 0;
	for (const name of argv.slice(i)) {
		if (mode === 'f') {
			sh.funcs.delete(name);
			continue;
		}
		if (!NAME.test(name)) {
			status = await invalidName(sh, 'unset', name);
			continue;
		}
		if (!sh.vars.has(name) && mode === '' && sh.funcs.has(name)) {
			sh.funcs.delete(name);
			continue;
		}
		const err = sh.unsetVar(name);
		if (err) {
			await sh.error(`unset: ${err}`);
			status = 1;
		}
	}
	return status;
}

/** declare/typeset/local: attributes -x -r -i -f -F -p and their + forms. */
export async function declare(sh: Shell, argv: string[]): Promise<number> {
	const cmd = argv[0]!;
	const isLocal = cmd === 'local';
	if (isLocal && sh.funcDepth === 0) {
		await sh.error('local: can only be used in a function');
		return 1;
	}
	const on = new Set<string>();
	const off = new Set<string>();
	let i = 1;
	for (; i < argv.length; i++) {
		const a = argv[i]!;
		if (a === '--') {
			i++;
			break;
		}
		if (!/^[-+][a-zA-Z]+$/.test(a)) break;
		for (const c of a.slice(1)) {
			if (!'xrifFpa'.includes(c)) {
				await sh.error(`${cmd}: -${c}: invalid option`);
				await sh.write(2, `${cmd}: usage: ${cmd} [-afFirtx] [-p] name[=value] ...\n`);
				return 2;
			}
			(a[0] === '-' ? on : off).add(c);
		}
	}
	const names = argv.slice(i);
	if (on.has('f') || on.has('F')) {
		let text = '';
		const list = names.length ? names : [...sh.funcs.keys()].sort();
		let status = 0;
		for (const n of list) {
			const f = sh.funcs.get(n);
			if (!f) {
				status = 1;
				continue;
			}
			text += on.has('F') ? `declare -f ${n}\n` : functionText(f) + '\n';
		}
		await sh.out(text, cmd);
		return status;
	}
	if (names.length === 0) {
		let text = '';
		const filter = (v: Var): boolean =>
			(!on.has('x') || v.exported) && (!on.has('r') || v.readonly) && (!on.has('i') || v.integer);
		for (const [name, v] of sortedVars(sh, filter)) {
			text += on.size ? declareLine(name, v) : `${name}=${xquote(v.value ?? '')}\n`;
		}
		return sh.out(text, cmd);
	}
	if (on.has('p')) {
		let text = '';
		let status = 0;
		for (const n of names) {
			const v = sh.vars.get(n);
			if (v) text += declareLine(n, v);
			else {
				await sh.error(`${cmd}: ${n}: not found`);
				status = 1;
			}
		}
		await sh.out(text, cmd);
		return status;
	}
	let status = 0;
	for (const arg of names) {
		const [name, value] = nameValue(arg);
		if (!NAME.test(name)) {
			status = await invalidName(sh, cmd, arg);
			continue;
		}
		if (isLocal) sh.makeLocal(name);
		const v = sh.vars.get(name);
		if (off.has('r') && v?.readonly) {
			await sh.error(`${cmd}: ${name}: readonly variable`);
			status = 1;
			continue;
		}
		if (on.has('i') || off.has('i') || !v) {
			sh.setAttrs(name, on.has('i') || off.has('i') ? { integer: on.has('i') } : {});
		}
		if (value !== undefined) {
			const err = sh.setVar(name, value);
			if (err) {
				await sh.error(`${cmd}: ${err}`);
				status = 1;
				continue;
			}
		}
		if (on.has('x')) sh.exportVar(name, true);
		if (off.has('x')) sh.exportVar(name, false);
		if (on.has('r')) sh.setAttrs(name, { readonly: true });
	}
	return status;
}

function optionsListing(sh: Shell, plus: boolean): string {
	let text = '';
	for (const name of OPTION_NAMES) {
		const on = sh.opts[name];
		text += plus
			? `set ${on ? '-' : '+'}o ${name}\n`
			: `${name.padEnd(15)}\t${on ? 'on' : 'off'}\n`;
	}
	return text;
}

/** Turns an option on or off; false when the name is unknown. */
function setOption(sh: Shell, name: string, on: boolean): boolean {
	if (!(OPTION_NAMES as readonly string[]).includes(name)) return false;
	if (name === 'emacs' || name === 'vi') {
		sh.opts.emacs = name === 'emacs' ? on : !on;
		sh.opts.vi = name === 'vi' ? on : !on;
		return true;
	}
	sh.opts[name as OptionName] = on;
	if (name === 'monitor' && !sh.interactive) sh.jobControl = false;
	return true;
}

export async function set(sh: Shell, argv: string[]): Promise<number> {
	if (argv.length === 1) {
		let text = '';
		for (const [name, v] of sortedVars(sh, (x) => x.value !== undefined)) {
			text += `${name}=${xquote(v.value!)}\n`;
		}
		for (const name of [...sh.funcs.keys()].sort()) {
			text += functionText(sh.funcs.get(name)!) + '\n';
		}
		return sh.out(text, 'set');
	}
	let i = 1;
	for (; i < argv.length; i++) {
		const a = argv[i]!;
		if (a === '--') {
			sh.params = argv.slice(i + 1);
			return 0;
		}
		if (a === '-') {
			sh.opts.xtrace = false;
			sh.opts.verbose = false;
			sh.params = argv.slice(i + 1);
			return 0;
		}
		if ((a[0] !== '-' && a[0] !== '+') || a.length < 2) break;
		const on = a[0] === '-';
		for (let j = 1; j < a.length; j++) {
			const c = a[j]!;
			if (c === 'o') {
				const name = argv[i + 1];
				if (name === undefined || name.startsWith('-') || name.startsWith('+')) {
					await sh.out(optionsListing(sh, !on));
					continue;
				}
				i++;
				if (!setOption(sh, name, on)) {
					await sh.error(`set: ${name}: invalid option name`);
					return 1;
				}
				continue;
			}
			const name = FLAG_LETTERS[c];
			if (!name || c === 'i') {
				await sh.error(`set: ${a[0]}${c}: invalid option`);
				await sh.write(2, 'set: usage: set [--abefhkmnptuvxBCHP] [-o option] [arg ...]\n');
				return 2;
			}
			setOption(sh, name, on);
		}
	}
	if (i < argv.length) sh.params = argv.slice(i);
	return 0;
}

export async function shift(sh: Shell, argv: string[]): Promise<number> {
	const arg = argv[1] ?? '1';
	if (!/^[0-9]+$/.test(arg)) {
		await sh.error(`shift: ${arg}: numeric argument required`);
		return 1;
	}
	const n = Number(arg);
	if (n > sh.params.length) return 1;
	sh.params = sh.params.slice(n);
	return 0;
}

export async function letBuiltin(sh: Shell, argv: string[]): Promise<number> {
	if (argv.length < 2) {
		await sh.error('let: expression expected');
		return 1;
	}
	let v = 0;
	for (const expr of argv.slice(1)) {
		try {
			v = evaluate(expr, sh);
		} catch (e) {
			if (!(e instanceof ArithError)) throw e;
			await sh.error(`let: ${e.text}`);
			return 1;
		}
	}
	return v === 0 ? 1 : 0;
}

/** getopts: OPTIND/OPTARG, with the position inside grouped options (`-ab`) kept in the shell. */
export async function getopts(sh: Shell, argv: string[]): Promise<number> {
	if (argv.length < 3) {
		await sh.error('getopts: usage: getopts optstring name [arg]');
		return 2;
	}
	const spec = argv[1]!;
	const name = argv[2]!;
	const args = argv.length > 3 ? argv.slice(3) : [...sh.params];
	const silent = spec.startsWith(':');
	let optind = Number(sh.lookup('OPTIND') ?? '1') || 1;
	if (optind !== getoptsState.get(sh)?.ind) getoptsState.set(sh, { ind: optind, pos: 1 });
	const state = getoptsState.get(sh)!;
	const finish = (ch: string, arg: string | undefined): number => {
		sh.setVar(name, ch);
		if (arg === undefined) sh.unsetVar('OPTARG');
		else sh.setVar('OPTARG', arg);
		sh.setVar('OPTIND', String(state.ind));
		return 0;
	};
	const cur = args[optind - 1];
	if (
		cur === undefined ||
		(state.pos === 1 && (cur === '-' || !cur.startsWith('-') || cur === '--'))
	) {
		if (cur === '--' && state.pos === 1) optind++;
		sh.setVar(name, '?');
		sh.unsetVar('OPTARG');
		sh.setVar('OPTIND', String(optind));
		getoptsState.delete(sh);
		return 1;
	}
	const c = cur[state.pos]!;
	state.pos++;
	const advance = (): void => {
		state.ind++;
		state.pos = 1;
	};
	if (state.pos >= cur.length) advance();
	const at = spec.indexOf(c);
	if (c === ':' || at === -1) {
		if (!silent) {
			await sh.write(2, `${sh.arg0}: illegal option -- ${c}\n`);
			return finish('?', undefined);
		}
		return finish('?', c);
	}
	if (spec[at + 1] === ':') {
		let arg: string | undefined;
		if (state.pos > 1 && state.pos < cur.length) {
			arg = cur.slice(state.pos);
			advance();
		} else {
			arg = args[state.ind - 1];
			if (arg === undefined) {
				if (!silent) {
					await sh.write(2, `${sh.arg0}: option requires an argument -- ${c}\n`);
					return finish('?', undefined);
				}
				return finish(':', c);
			}
			state.ind++;
		}
		return finish(c, arg);
	}
	return finish(c, undefined);
}

const getoptsState = new WeakMap<Shell, { ind: number; pos: number }>();
