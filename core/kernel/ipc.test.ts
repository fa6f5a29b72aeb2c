import { describe, expect, it } from 'vitest';
import { runProgram } from '../test-helpers.ts';
import { IPC_CREAT, IPC_STAT, isErrno, type IpcObject, type Sys } from '../syscalls/index.ts';

/** The attach count of shared memory segment `id`, as IPC_STAT gives it. */
async function nattch(sys: Sys, id: number): Promise<string> {
	const o = await sys.shmctl(id, IPC_STAT);
	return isErrno(o) ? o.name : String((o as IpcObject).nattch);
}

describe('SysV shared memory attachments', () => {
	it('pass to a forked child and go when a process exits', async () => {
		const r = await runProgram(async (sys) => {
			const id = await sys.shmget(0x51, 4096, IPC_CREAT | 0o600);
			if (isErrno(id)) return 1;
			const seen: string[] = [await nattch(sys, id)];
			// A child forked before the first attach has nothing to inherit.
			const early = await sys.fork(async () => 0);
			if (isErrno(early)) return 1;
			await sys.waitpid(early);
			const addr = await sys.shmat(id);
			if (isErrno(addr)) return 1;
			seen.push(await nattch(sys, id));
			const child = await sys.fork(async (c) => {
				await c.write(1, `child ${await nattch(c, id)}\n`);
				return 0;
			});
			if (isErrno(child)) return 1;
			await sys.waitpid(child);
			seen.push(await nattch(sys, id));
			seen.push(String(await sys.shmdt(addr)), await nattch(sys, id));
			await sys.write(1, seen.join(' ') + '\n');
			return 0;
		});
		expect(r).toEqual({ stdout: 'child 2\n0 1 1 0 0\n', stderr: '', exitCode: 0 });
	});
});
