// Builtins on variables and parameters that scripts run all the time: export, unset, set and
// shift, with bash's listings (`declare -x NAME="value"`, `set -o`). readonly, declare/typeset/
// local, let and getopts are in declare.ts, loaded on first use.
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

export function declareLine(name: string, v: Var): string {
	return `declare ${attrs(v)} ${name}${v.value === undefined ? '' : '=' + dquote(v.value)}\n`;
}

export function sortedVars(sh: Shell, pick: (v: Var) => boolean): [string, Var][] {
	return [...sh.vars].filter(([, v]) => pick(v)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Splits `name=value` (value undefined when there is no `=`). */
export function nameValue(arg: string): [string, string | undefined] {
	const eq = arg.indexOf('=');
	return eq === -1 ? [arg, undefined] : [arg.slice(0, eq), arg.slice(eq + 1)];
}

export async function invalidName(sh: Shell, cmd: string, name: string): Promise<number> {
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
