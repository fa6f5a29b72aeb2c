// The builtins loaded on first use, as one chunk: job control, readonly/declare/let/getopts, read,
// the directory stack and ulimit, and the session ones (trap, type, command...).
// Boot and login run none of them, so the worker reaches its first prompt without them.
export { bg, disown, fg, jobs, kill, suspend, wait } from './job-control.ts';
export { declare, getopts, letBuiltin, readonly } from './declare.ts';
export { dirs, popd, pushd, ulimit } from './dirstack.ts';
export { read } from './read.ts';
export {
	alias,
	builtin,
	command,
	hash,
	history,
	shopt,
	times,
	trap,
	type,
	unalias
} from './session.ts';
