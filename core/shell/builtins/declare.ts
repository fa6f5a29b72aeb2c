// The rarer builtins on variables: readonly, declare/typeset/local, let and getopts. Boot and login
// run none of them, so they load with later.ts the first time one is used.
import { ArithError, evaluate, loadArith } from '../arith-load.ts';
import { functionText } from '../printer.ts';
import { NAME, type Shell, type Var, xquote } from '../interpreter.ts';
import { declareLine, invalidName, nameValue, sortedVars } from './vars.ts';

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
	// An integer variable's assignments are evaluated from now on.
	if (on.has('i')) await loadArith();
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

export async function letBuiltin(sh: Shell, argv: string[]): Promise<number> {
	if (argv.length < 2) {
		await sh.error('let: expression expected');
		return 1;
	}
	await loadArith();
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
