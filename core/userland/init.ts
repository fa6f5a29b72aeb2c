// /sbin/init (seed): pid 1 adopts orphans and reaps them for ever. The base-distribution issue
// grows it into SysV init with inittab and runlevels.
import { isErrno, type Sys } from '../syscalls/index.ts';

export async function init(sys: Sys): Promise<number> {
	for (;;) {
		const r = await sys.waitpid(-1, 0);
		// No children yet: sleep until one appears (a terminal's shell is re-parented here).
		if (isErrno(r)) await sys.sleep(1000);
	}
}
