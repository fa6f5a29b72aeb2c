import { describe, expect, it } from 'vitest';
import { runProgram } from '../test-helpers.ts';
import {
	IPC_CREAT,
	IPC_EXCL,
	IPC_INFO,
	IPC_RMID,
	IPC_STAT,
	isErrno,
	RLIMIT_NOFILE,
	RLIMIT_NPROC,
	RLIMIT_STACK,
	RLIM_INFINITY,
	S_CTX_INFO_NPROC,
	SHM_STAT,
	type IpcObject,
	type Sys
} from '../syscalls/index.ts';

const say = (sys: Sys, text: string) => sys.write(1, text + '\n');
const res = (r: unknown): string => (isErrno(r) ? r.name : String(r));

/** Forks children that sleep until `n` are running or fork fails; returns how many were made. */
async function forkMany(sys: Sys, n: number): Promise<{ made: number; err: string }> {
	let made = 0;
	for (let i = 0; i < n; i++) {
		const pid = await sys.fork(async (c) => (await c.sleep(1000), 0));
		if (isErrno(pid)) return { made, err: pid.name };
		made++;
	}
	return { made, err: 'none' };
}

describe('rlimits', () => {
	it('start from 2.4 init values and are inherited across fork', async () => {
		const r = await runProgram(async (sys) => {
			const nproc = await sys.getrlimit(RLIMIT_NPROC);
			const stack = await sys.getrlimit(RLIMIT_STACK);
			await sys.setrlimit(RLIMIT_NOFILE, { cur: 256, max: 512 });
			const pid = await sys.fork(
				async (c) => (await say(c, JSON.stringify(await c.getrlimit(RLIMIT_NOFILE))), 0)
			);
			if (!isErrno(pid)) await sys.waitpid(pid);
			await say(
				sys,
				`${JSON.stringify(nproc)} ${JSON.stringify(stack)} ${res(await sys.getrlimit(11))}`
			);
			return 0;
		});
		expect(r.stdout).toBe(
			`{"cur":256,"max":512}\n{"cur":8192,"max":8192} {"cur":8388608,"max":${RLIM_INFINITY}} EINVAL\n`
		);
	});

	it("a child's change stays its own, and so does its parent's after the fork", async () => {
		const r = await runProgram(async (sys) => {
			const pid = await sys.fork(async (c) => {
				await c.setrlimit(RLIMIT_NOFILE, { cur: 64, max: 1024 });
				await c.sleep(20);
				await say(c, `child ${JSON.stringify(await c.getrlimit(RLIMIT_NOFILE))}`);
				return 0;
			});
			await sys.sleep(10);
			await say(sys, `parent ${JSON.stringify(await sys.getrlimit(RLIMIT_NOFILE))}`);
			await sys.setrlimit(RLIMIT_NOFILE, { cur: 128, max: 1024 });
			if (!isErrno(pid)) await sys.waitpid(pid);
			return 0;
		});
		expect(r.stdout).toBe('parent {"cur":1024,"max":1024}\nchild {"cur":64,"max":1024}\n');
	});

	it('raising a hard limit needs CAP_SYS_RESOURCE; soft above hard is EINVAL', async () => {
		const r = await runProgram(
			async (sys) => {
				const a = await sys.setrlimit(RLIMIT_NOFILE, { cur: 100, max: 200 });
				const b = await sys.setrlimit(RLIMIT_NOFILE, { cur: 100, max: 300 });
				const c = await sys.setrlimit(RLIMIT_NOFILE, { cur: 250, max: 200 });
				await say(sys, [a, b, c].map(res).join(' '));
				return 0;
			},
			{ user: 'user' }
		);
		expect(r.stdout).toBe('0 EPERM EINVAL\n');
	});

	it('RLIMIT_NPROC caps the processes of a user (EAGAIN), and root is exempt', async () => {
		const r = await runProgram(
			async (sys) => {
				await sys.setrlimit(RLIMIT_NPROC, { cur: 5, max: 5 });
				const { made, err } = await forkMany(sys, 10);
				await say(sys, `${made} ${err}`);
				return 0;
			},
			{ user: 'user' }
		);
		// This program counts too (sh -c execs a lone command in place, as bash does).
		expect(r.stdout).toBe('4 EAGAIN\n');
		const root = await runProgram(async (sys) => {
			await sys.setrlimit(RLIMIT_NPROC, { cur: 5, max: 5 });
			const { made, err } = await forkMany(sys, 10);
			await say(sys, `${made} ${err}`);
			return 0;
		});
		expect(root.stdout).toBe('10 none\n');
	});

	it('the nproc flag turns the hard RLIMIT_NPROC into a cap on the whole context, root included', async () => {
		const r = await runProgram(async (sys) => {
			await sys.setrlimit(RLIMIT_NPROC, { cur: 4, max: 4 });
			await sys.new_s_context(-1, 0, S_CTX_INFO_NPROC);
			const { made, err } = await forkMany(sys, 10);
			await say(sys, `${made} ${err}`);
			return 0;
		});
		expect(r.stdout).toBe('3 EAGAIN\n');
	});
});

describe('SysV IPC keyed by context', () => {
	it('the same key names different objects in two contexts, and a foreign id cannot be attached', async () => {
		const r = await runProgram(async (sys) => {
			const id = await sys.shmget(1, 4096, IPC_CREAT | 0o600);
			if (isErrno(id)) return 1;
			await say(
				sys,
				`host ${id} ${res(await sys.shmget(1, 4096, 0))} ${res(await sys.shmget(1, 4096, IPC_CREAT | IPC_EXCL | 0o600))}`
			);
			const pid = await sys.fork(async (c) => {
				await c.new_s_context(-1);
				const other = await c.shmget(1, 4096, IPC_CREAT | 0o600);
				await say(
					c,
					`ctx ${res((await c.shmget(1, 4096, 0)) === other)} ${other !== id} ${res(await c.shmat(id))} ${res(await c.shmctl(id, IPC_STAT))}`
				);
				return 0;
			});
			if (!isErrno(pid)) await sys.waitpid(pid);
			return 0;
		});
		expect(r.stdout).toBe('host 0 0 EEXIST\nctx true true EINVAL EINVAL\n');
	});

	it('ipcs walks indexes with SHM_STAT and sees only its own context; IPC_RMID needs the owner', async () => {
		const r = await runProgram(async (sys) => {
			const id = await sys.shmget(0x1234, 100, IPC_CREAT | 0o644);
			await sys.semget(7, 2, IPC_CREAT | 0o600);
			await sys.msgget(8, IPC_CREAT | 0o600);
			if (isErrno(id)) return 1;
			const a = await sys.shmat(id);
			const st = (await sys.shmctl(0, SHM_STAT)) as IpcObject;
			await say(
				sys,
				`${res(await sys.shmctl(0, IPC_INFO))} ${st.key.toString(16)} ${st.size} ${st.nattch} ${(st.mode & 0o777).toString(8)}`
			);
			await sys.shmdt(a as number);
			const pid = await sys.fork(async (c) => {
				await c.setuid(500);
				await say(
					c,
					`user ${res(await c.shmctl(id, IPC_RMID))} ${res(await c.shmget(0x1234, 100, 0o666))}`
				);
				await c.new_s_context(-1);
				await say(c, `ctx ${res(await c.shmctl(0, SHM_STAT))}`);
				return 0;
			});
			if (!isErrno(pid)) await sys.waitpid(pid);
			const after = (await sys.shmctl(id, IPC_STAT)) as IpcObject;
			await say(
				sys,
				`nattch ${after.nattch} rm ${res(await sys.shmctl(id, IPC_RMID))} ${res(await sys.shmget(0x1234, 100, 0))}`
			);
			return 0;
		});
		expect(r.stdout).toBe(
			'0 1234 100 1 644\nuser EPERM EACCES\nctx EINVAL\nnattch 0 rm 0 ENOENT\n'
		);
	});
});
