// The builtin table: every builtin by name, registered into the interpreter's map on import.
import { builtins, type Builtin } from '../interpreter.ts';
import type * as LaterModule from './later.ts';
import { cd, pwd, umask } from './dirs.ts';
import { echo, printf } from './io.ts';
import {
	breakBuiltin,
	evalBuiltin,
	exec,
	exit,
	falseBuiltin,
	returnBuiltin,
	source,
	trueBuiltin
} from './misc.ts';
import { test } from './test.ts';
import { exportBuiltin, set, shift, unset } from './vars.ts';

type Later = typeof LaterModule;
let later: Promise<Later> | null = null;

/** A builtin of later.ts: the chunk is imported when one of them first runs. */
function onDemand(pick: (m: Later) => Builtin): Builtin {
	let fn: Builtin | null = null;
	return async (sh, argv) => {
		fn ??= pick(await (later ??= import('./later.ts')));
		return fn(sh, argv);
	};
}

const alias = onDemand((m) => m.alias);
const bg = onDemand((m) => m.bg);
const builtin = onDemand((m) => m.builtin);
const command = onDemand((m) => m.command);
const disown = onDemand((m) => m.disown);
const fg = onDemand((m) => m.fg);
const hash = onDemand((m) => m.hash);
const history = onDemand((m) => m.history);
const jobs = onDemand((m) => m.jobs);
const kill = onDemand((m) => m.kill);
const shopt = onDemand((m) => m.shopt);
const suspend = onDemand((m) => m.suspend);
const times = onDemand((m) => m.times);
const trap = onDemand((m) => m.trap);
const type = onDemand((m) => m.type);
const unalias = onDemand((m) => m.unalias);
const wait = onDemand((m) => m.wait);
const declare = onDemand((m) => m.declare);
const getopts = onDemand((m) => m.getopts);
const letBuiltin = onDemand((m) => m.letBuiltin);
const readonly = onDemand((m) => m.readonly);
const dirs = onDemand((m) => m.dirs);
const popd = onDemand((m) => m.popd);
const pushd = onDemand((m) => m.pushd);
const ulimit = onDemand((m) => m.ulimit);
const read = onDemand((m) => m.read);

const table: Record<string, Builtin> = {
	':': trueBuiltin,
	'.': source,
	'[': test,
	alias,
	bg,
	break: breakBuiltin,
	builtin,
	cd,
	command,
	continue: breakBuiltin,
	declare,
	dirs,
	disown,
	echo,
	eval: evalBuiltin,
	exec,
	exit,
	export: exportBuiltin,
	false: falseBuiltin,
	fg,
	getopts,
	hash,
	history,
	jobs,
	kill,
	let: letBuiltin,
	local: declare,
	logout: exit,
	printf,
	popd,
	pushd,
	pwd,
	read,
	readonly,
	return: returnBuiltin,
	set,
	shift,
	shopt,
	source,
	suspend,
	test,
	times,
	trap,
	true: trueBuiltin,
	type,
	typeset: declare,
	ulimit,
	umask,
	unalias,
	unset,
	wait
};

for (const [name, fn] of Object.entries(table)) builtins.set(name, fn);

export { builtins };
