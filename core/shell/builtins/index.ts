// The builtin table: every builtin by name, registered into the interpreter's map on import.
import { builtins, type Builtin } from '../interpreter.ts';
import { cd, dirs, popd, pushd, pwd, ulimit, umask } from './dirs.ts';
import { echo, printf, read } from './io.ts';
import { bg, disown, fg, jobs, kill, suspend, wait } from './job-control.ts';
import {
	alias,
	breakBuiltin,
	builtin,
	command,
	evalBuiltin,
	exec,
	exit,
	falseBuiltin,
	hash,
	history,
	returnBuiltin,
	shopt,
	source,
	times,
	trap,
	trueBuiltin,
	type,
	unalias
} from './misc.ts';
import { test } from './test.ts';
import {
	declare,
	exportBuiltin,
	getopts,
	letBuiltin,
	readonly,
	set,
	shift,
	unset
} from './vars.ts';

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
