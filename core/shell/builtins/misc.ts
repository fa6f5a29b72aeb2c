// The builtins scripts run all the time: true false : exit logout return break continue eval exec
// . source. The rarer ones (trap, type, command...) are in session.ts, loaded on first use.
import {
	CTL_BREAK,
	CTL_CONTINUE,
	CTL_RETURN,
	MAX_EVAL_DEPTH,
	MAX_SOURCE_DEPTH,
	type Shell,
	type St
} from '../interpreter.ts';
import { O_RDONLY, isErrno } from '../../syscalls/index.ts';

export const trueBuiltin = (): St => 0;
export const falseBuiltin = (): St => 1;

async function numericArg(
	sh: Shell,
	name: string,
	arg: string | undefined
): Promise<number | null> {
	if (arg === undefined) return null;
	if (!/^\s*[-+]?[0-9]+\s*$/.test(arg)) {
		await sh.error(`${name}: ${arg}: numeric argument required`);
		return NaN;
	}
	return Number(arg);
}

export async function exit(sh: Shell, argv: string[]): Promise<number> {
	const name = argv[0]!;
	if (name === 'logout' && !sh.login) {
		await sh.error("logout: not login shell: use `exit'");
		return 1;
	}
	if (sh.interactive && !sh.isSubshell) {
		const stopped = sh.jobs.jobs.some((j) => sh.jobs.state(j) === 'stopped');
		if (stopped && !sh.warnedStopped) {
			sh.warnedStopped = true;
			await sh.write(2, 'There are stopped jobs.\n');
			return 1;
		}
		await sh.write(2, sh.login ? 'logout\n' : 'exit\n');
	}
	const n = await numericArg(sh, name, argv[1]);
	sh.requestExit(n === null ? sh.status : Number.isNaN(n) ? 255 : n & 0xff);
	return sh.status;
}

export async function returnBuiltin(sh: Shell, argv: string[]): Promise<number> {
	if (sh.funcDepth === 0 && sh.sourceDepth === 0) {
		await sh.error("return: can only `return' from a function or sourced script");
		return 1;
	}
	const n = await numericArg(sh, 'return', argv[1]);
	sh.ctl = CTL_RETURN;
	return sh.setStatus(n === null ? sh.status : Number.isNaN(n) ? 255 : n & 0xff);
}

export async function breakBuiltin(sh: Shell, argv: string[]): Promise<number> {
	const name = argv[0]!;
	const n = await numericArg(sh, name, argv[1]);
	if (Number.isNaN(n)) return 1;
	if (n !== null && n < 1) {
		await sh.error(`${name}: ${argv[1]}: loop count out of range`);
		return 1;
	}
	if (sh.loopDepth === 0) {
		await sh.error(`${name}: only meaningful in a \`for', \`while', or \`until' loop`);
		return 0;
	}
	sh.ctl = name === 'break' ? CTL_BREAK : CTL_CONTINUE;
	sh.ctlCount = Math.min(n ?? 1, sh.loopDepth);
	return 0;
}

export async function evalBuiltin(sh: Shell, argv: string[]): Promise<number> {
	const text = argv.slice(1).join(' ');
	if (text.trim() === '') return 0;
	if (sh.evalDepth >= MAX_EVAL_DEPTH) {
		return sh.nestingTooDeep(`eval: maximum eval nesting level exceeded (${MAX_EVAL_DEPTH})`);
	}
	// Continue from the microtask queue now and then, so deep nesting uses no JavaScript stack.
	if (sh.evalDepth % 64 === 63) await Promise.resolve();
	sh.setStatus(0);
	const outermost = sh.evalDepth === 0;
	sh.evalDepth++;
	let st: number;
	try {
		st = await sh.runText(text, sh.interactive ? null : 'eval: ');
	} finally {
		sh.evalDepth--;
	}
	return outermost ? sh.endNesting(st) : st;
}

/** `exec`: its redirections were made permanent by the caller; with a command, replace the shell. */
export async function exec(sh: Shell, argv: string[]): Promise<number> {
	let i = 1;
	let clear = false;
	let login = false;
	let name: string | null = null;
	for (; i < argv.length; i++) {
		const a = argv[i]!;
		if (a === '--') {
			i++;
			break;
		}
		if (a === '-c') clear = true;
		else if (a === '-l') login = true;
		else if (a === '-a') name = argv[++i] ?? null;
		else if (/^-[cl]+$/.test(a)) {
			clear ||= a.includes('c');
			login ||= a.includes('l');
		} else break;
	}
	const args = argv.slice(i);
	if (args.length === 0) return 0;
	const path = await sh.findCommand(args[0]!);
	if (path === null) {
		await sh.error(`exec: ${args[0]}: not found`);
		if (!sh.interactive) sh.requestExit(127);
		return 127;
	}
	const av = [...args];
	if (name !== null) av[0] = name;
	if (login) av[0] = '-' + av[0]!;
	await sh.prepareExec();
	const st = await sh.execProgram(path, av, clear ? {} : sh.environment());
	if (!sh.interactive) sh.requestExit(st);
	return st;
}

export async function source(sh: Shell, argv: string[]): Promise<number> {
	const name = argv[0]!;
	const file = argv[1];
	if (file === undefined) {
		await sh.error(`${name}: filename argument required`);
		await sh.write(2, `${name}: usage: ${name} filename\n`);
		return 2;
	}
	let path = file;
	if (!file.includes('/')) path = (await sh.searchPath(file)) ?? file;
	const fd = await sh.sys.open(path, O_RDONLY);
	if (isErrno(fd)) {
		await sh.error(`${file}: ${fd.message}`);
		return 1;
	}
	let text = '';
	for (;;) {
		const r = await sh.sys.read(fd, 65536);
		if (isErrno(r)) {
			if (r.name === 'EINTR') continue;
			await sh.sys.close(fd);
			await sh.error(`${file}: ${r.message}`);
			return 1;
		}
		if (r === '') break;
		text += r;
	}
	await sh.sys.close(fd);
	if (text.slice(0, 80).includes('\0')) {
		await sh.error(`${name}: ${path}: cannot execute binary file`);
		return 126;
	}
	if (sh.sourceDepth >= MAX_SOURCE_DEPTH) {
		return sh.nestingTooDeep(
			`${file}: maximum source nesting level exceeded (${MAX_SOURCE_DEPTH})`
		);
	}
	if (sh.sourceDepth % 64 === 63) await Promise.resolve();
	const outermost = sh.sourceDepth === 0;
	const savedParams = sh.params;
	if (argv.length > 2) sh.params = argv.slice(2);
	sh.sourceDepth++;
	let st: number;
	try {
		st = await sh.runText(text, null);
	} finally {
		sh.sourceDepth--;
		if (argv.length > 2) sh.params = savedParams;
	}
	if (sh.ctl === CTL_RETURN) {
		sh.ctl = 0;
		st = sh.status;
	}
	return outermost ? sh.endNesting(st) : st;
}
