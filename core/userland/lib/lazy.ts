// Programs loaded on first use: the worker ships the shell, init and the boot daemons in its
// first chunk, and each rarer program as its own chunk that arrives the first time it is run.
import type { Program } from '../../syscalls/index.ts';

/**
 * A program whose module is imported when it first runs. The process simply waits for the
 * import inside its first slice: no other process runs meanwhile, so runs stay deterministic.
 */
export function lazy<M>(load: () => Promise<M>, pick: (m: M) => Program): Program {
	let program: Program | null = null;
	return async (sys, argv, env) => {
		program ??= pick(await load());
		return program(sys, argv, env);
	};
}
