import { describe, expect, it } from 'vitest';
import { bootWith, run, runProgram } from '../test-helpers.ts';
import {
	CAP_SECURE_REMOVE,
	isErrno,
	S_CTX_INFO_INIT,
	S_CTX_INFO_LOCK,
	S_CTX_INFO_PRIVATE,
	SIGTERM,
	type Sys
} from '../syscalls/index.ts';
import { fillProcHooks, ptyVisible, type ProcHooks } from './context.ts';

const say = (sys: Sys, text: string) => sys.write(1, text + '\n');
const res = (r: unknown): string => (isErrno(r) ? r.name : String(r));
const CAP_SYS_ADMIN_BIT = 1 << 21;

/** Forks `child`, waits for it, and returns nothing: the child's output is the result. */
async function inChild(sys: Sys, child: (c: Sys) => Promise<number>): Promise<void> {
	const pid = await sys.fork(child);
	if (!isErrno(pid)) await sys.waitpid(pid);
}

/** Forks a child that sleeps until killed; returns its pid. */
async function sleeper(sys: Sys): Promise<number> {
	const pid = await sys.fork(async (c) => (await c.sleep(100_000), 0));
	if (isErrno(pid)) throw new Error(pid.name);
	return pid;
}

describe('new_s_context', () => {
	it('-1 moves any user into the smallest unused context number from 2 up', async () => {
		const r = await runProgram(
			async (sys) => {
				await inChild(sys, async (c) => (await say(c, res(await c.new_s_context(-1))), 0));
				const a = await sys.fork(async (c) => (await c.new_s_context(-1), await c.sleep(1000), 0));
				await sys.sleep(10);
				await inChild(sys, async (c) => (await say(c, res(await c.new_s_context(-1))), 0));
				await say(sys, res(await sys.new_s_context(-2)));
				if (!isErrno(a)) await sys.waitpid(a);
				return 0;
			},
			{ user: 'user' }
		);
		expect(r.stdout).toBe('2\n3\n0\n');
	});

	it('only root in context 0 with CAP_SYS_ADMIN may choose a number; others get EPERM', async () => {
		const r = await runProgram(async (sys) => {
			await inChild(
				sys,
				async (c) => (
					await say(c, `root ${res(await c.new_s_context(7))} ${res(await c.new_s_context(-2))}`),
					0
				)
			);
			await inChild(sys, async (c) => {
				await c.setresuid(-1, 500, -1);
				await say(c, `euid500 ${res(await c.new_s_context(7))}`);
				return 0;
			});
			await inChild(sys, async (c) => {
				await c.new_s_context(-2, CAP_SYS_ADMIN_BIT);
				await say(c, `no-admin ${res(await c.new_s_context(7))}`);
				return 0;
			});
			await inChild(sys, async (c) => {
				await c.new_s_context(-1);
				await say(
					c,
					`in-ctx-2 ${res(await c.new_s_context(7))} ${res(await c.new_s_context(0))} ${res(await c.new_s_context(1))}`
				);
				return 0;
			});
			await say(
				sys,
				`range ${res(await sys.new_s_context(-3))} ${res(await sys.new_s_context(65536))} ${res(await sys.new_s_context(-2, 0, 128))}`
			);
			return 0;
		});
		expect(r.stdout).toBe(
			'root 7 7\neuid500 EPERM\nno-admin EPERM\nin-ctx-2 EPERM EPERM EPERM\nrange EINVAL EINVAL EINVAL\n'
		);
	});

	it('a locked context cannot create or join another, but -2 still lowers its ceiling', async () => {
		const r = await runProgram(async (sys) => {
			await inChild(sys, async (c) => {
				await c.new_s_context(-1, 0, S_CTX_INFO_LOCK);
				const a = await c.new_s_context(-1);
				const b = await c.new_s_context(-2, CAP_SECURE_REMOVE, 0);
				const caps = await c.capget();
				await say(
					c,
					`${res(a)} ${res(b)} ${isErrno(caps) ? '' : (caps.effective >>> 0).toString(16)}`
				);
				return 0;
			});
			return 0;
		});
		expect(r.stdout).toBe('EPERM 2 f40c04ff\n');
	});

	it('nobody joins a private context, not even root in context 0', async () => {
		const r = await runProgram(async (sys) => {
			const v = await sys.fork(
				async (c) => (await c.new_s_context(5, 0, S_CTX_INFO_PRIVATE), await c.sleep(1000), 0)
			);
			await sys.sleep(10);
			await inChild(
				sys,
				async (c) => (
					await say(c, `${res(await c.new_s_context(5))} ${res(await c.new_s_context(6))}`),
					0
				)
			);
			if (!isErrno(v)) await sys.waitpid(v);
			return 0;
		});
		expect(r.stdout).toBe('EPERM 6\n');
	});

	it('flags accumulate and never clear; the snapshot names them', async () => {
		const m = await bootWith({
			flagger: async (sys) => {
				await sys.new_s_context(-1, 0, S_CTX_INFO_PRIVATE);
				await sys.new_s_context(-2, 0, 0);
				await sys.new_s_context(-2, 0, 32);
				await sys.sleep(1000);
				return 0;
			}
		});
		const flags: string[][] = [];
		m.onEvent((e) => {
			if (e.type === 'syscall' && e.name === 'new_s_context') {
				flags.push(m.kernel.snapshot().contexts.find((c) => c.id === 2)?.flags ?? []);
			}
		});
		await m.run({ command: '/usr/bin/flagger', user: 'user' });
		expect(flags).toEqual([['private'], ['private'], ['private', 'hideinfo']]);
		m.dispose();
	});
});

describe('visibility and signals across contexts', () => {
	it('a process in another context does not exist for kill and getsid (ESRCH)', async () => {
		const r = await runProgram(async (sys) => {
			const host = await sleeper(sys);
			await inChild(sys, async (c) => {
				await c.new_s_context(-1);
				await say(
					c,
					`${res(await c.kill(host, SIGTERM))} ${res(await c.kill(host, 0))} ${res(await c.getsid(host))} ${res(await c.capget(host))}`
				);
				await say(c, `kill-1 ${res(await c.kill(-1, SIGTERM))}`);
				return 0;
			});
			await say(sys, `host alive ${res(await sys.kill(host, 0))}`);
			await sys.kill(host, 9);
			return 0;
		});
		expect(r.stdout).toBe('ESRCH ESRCH ESRCH ESRCH\nkill-1 ESRCH\nhost alive 0\n');
	});

	it('context 1 sees every process but may signal none of another context (EPERM)', async () => {
		const r = await runProgram(async (sys) => {
			const host = await sleeper(sys);
			await inChild(sys, async (c) => {
				await say(c, `ctx ${res(await c.new_s_context(1))}`);
				const sid = await c.getsid(host);
				await say(
					c,
					`${isErrno(sid) ? sid.name : 'seen'} ${res(await c.kill(host, SIGTERM))} ${res(await c.kill(host, 0))} ${res(await c.kill(-1, SIGTERM))}`
				);
				return 0;
			});
			await say(sys, `alive ${res(await sys.kill(host, 0))}`);
			await sys.kill(host, 9);
			return 0;
		});
		expect(r.stdout).toBe('ctx 1\nseen EPERM EPERM EPERM\nalive 0\n');
	});

	it('root in context N signals the processes of N only after switching there', async () => {
		const r = await runProgram(async (sys) => {
			const v = await sys.fork(async (c) => (await c.new_s_context(4), await c.sleep(100_000), 0));
			if (isErrno(v)) return 1;
			await sys.sleep(10);
			await say(sys, `from 0 ${res(await sys.kill(v, SIGTERM))}`);
			await inChild(
				sys,
				async (c) => (
					await c.new_s_context(4),
					await say(c, `from 4 ${res(await c.kill(v, SIGTERM))}`),
					0
				)
			);
			const w = await sys.waitpid(v);
			await say(sys, `status ${isErrno(w) ? w.name : w.status}`);
			return 0;
		});
		expect(r.stdout).toBe(`from 0 ESRCH\nfrom 4 0\nstatus ${SIGTERM}\n`);
	});

	it('pid 1 is visible from every context but only context 0 may signal it', async () => {
		const r = await runProgram(async (sys) => {
			await inChild(sys, async (c) => {
				await c.new_s_context(-1);
				await say(c, `${res(await c.getsid(1))} ${res(await c.kill(1, 0))}`);
				return 0;
			});
			await say(sys, `host ${res(await sys.kill(1, 0))}`);
			return 0;
		});
		expect(r.stdout).toBe('1 EPERM\nhost 0\n');
	});
});

describe('host names and fake init', () => {
	it("a context gets its own host and domain names; the host keeps the kernel's", async () => {
		const r = await runProgram(async (sys) => {
			await inChild(sys, async (c) => {
				await c.new_s_context(-1);
				const before = await c.uname();
				await c.sethostname('v1');
				await c.setdomainname('');
				const u = await c.uname();
				await c.new_s_context(-2, CAP_SECURE_REMOVE);
				await say(
					c,
					`${before.nodename} ${u.nodename} [${u.domainname}] ${res(await c.sethostname('v2'))}`
				);
				return 0;
			});
			const u = await sys.uname();
			await say(sys, `${u.nodename} ${u.domainname}`);
			return 0;
		});
		expect(r.stdout).toBe('main v1 [] EPERM\nmain example.org\n');
	});

	it('fakeinit: the process is 1 to itself, its children see ppid 1, and it adopts orphans', async () => {
		const m = await bootWith({
			vinit: async (sys) => {
				await inChild(sys, async (c) => {
					await c.new_s_context(-1, 0, S_CTX_INFO_INIT);
					await say(c, `pid ${await c.getpid()}`);
					const kid = await c.fork(async (k) => {
						await say(k, `ppid ${await k.getppid()}`);
						// An orphan: its parent (kid) exits at once.
						await k.fork(
							async (g) => (await g.sleep(50), await say(g, `adopted ${await g.getppid()}`), 0)
						);
						return 0;
					});
					if (isErrno(kid)) return 1;
					await c.waitpid(kid);
					await c.sleep(20);
					await say(
						c,
						`snapshot initpid ${m.kernel.snapshot().contexts.find((x) => x.id === 2)?.initpid === m.kernel.current?.pid}`
					);
					await c.sleep(100);
					return 0;
				});
				return 0;
			}
		});
		const r = await m.run({ command: '/usr/bin/vinit' });
		expect(r.stdout).toBe('pid 1\nppid 1\nsnapshot initpid true\nadopted 1\n');
		m.dispose();
	});

	it('the Machine opens a terminal or runs a command in context N through the context table', async () => {
		const m = await bootWith({
			where: async (sys) => (await say(sys, res(await sys.new_s_context(-2))), 0)
		});
		const r = await m.run({ command: '/usr/bin/where', ctx: 3 });
		expect(r.stdout).toBe('3\n');
		m.dispose();
	});
});

describe('the /proc hooks', () => {
	it('hide other contexts, show pid 1 everywhere, a foreign parent as 1, and the context lines', async () => {
		const m = await bootWith({
			probe: async (sys) => {
				await inChild(
					sys,
					async (c) => (await c.new_s_context(-1, 0, S_CTX_INFO_LOCK), await c.sleep(50), 0)
				);
				return 0;
			}
		});
		const none = () => {
			throw new Error('default hook called');
		};
		const hooks: ProcHooks = {
			procVisible: none,
			pidSeen: none,
			findPid: none,
			shownPpid: none,
			ctxText: none
		};
		fillProcHooks(m.kernel, hooks);
		const seen: string[] = [];
		m.onEvent((e) => {
			if (e.type !== 'syscall' || e.name !== 'nanosleep' || e.ctx !== 2) return;
			const k = m.kernel;
			const me = k.procs.get(e.pid)!;
			const parent = k.procs.get(me.ppid)!;
			seen.push(
				[
					hooks.procVisible!(me, parent),
					hooks.procVisible!(parent, me),
					hooks.procVisible!(me, k.procs.get(1)!),
					hooks.findPid!(me, parent.pid) === null,
					hooks.findPid!(me, me.pid) === me,
					hooks.shownPpid!(me, me),
					hooks.shownPpid!(parent, parent) === parent.ppid,
					hooks.ctxText!(parent, me).trimEnd().replaceAll('\n', ',')
				].join(' ')
			);
		});
		await m.run({ command: '/usr/bin/probe' });
		expect(seen).toEqual([
			'false false true true true 1 true s_context: 2,ctxflags: 1,initpid: none'
		]);
		m.dispose();
	});

	it('inside a fakeinit context the fake init is /proc/1 and the real init is hidden', async () => {
		const m = await bootWith({
			probe: async (sys) => {
				await inChild(
					sys,
					async (c) => (await c.new_s_context(-1, 0, S_CTX_INFO_INIT), await c.sleep(50), 0)
				);
				return 0;
			}
		});
		const hooks: ProcHooks = {
			procVisible: () => true,
			pidSeen: () => 0,
			findPid: () => null,
			ctxText: () => ''
		};
		fillProcHooks(m.kernel, hooks);
		const seen: string[] = [];
		m.onEvent((e) => {
			if (e.type !== 'syscall' || e.name !== 'nanosleep' || e.ctx !== 2) return;
			const k = m.kernel;
			const me = k.procs.get(e.pid)!;
			const init = k.procs.get(1)!;
			seen.push(
				`${hooks.pidSeen!(me, me)} ${hooks.findPid!(me, 1) === me} ${hooks.procVisible!(me, init)} ${hooks.ctxText!(me, me).trimEnd().replaceAll('\n', ',')} ${me.pid}`
			);
		});
		await m.run({ command: '/usr/bin/probe' });
		const pid = seen[0]!.split(' ').at(-1);
		expect(seen).toEqual([`1 true false s_context: 2,ctxflags: 16,initpid: ${pid} ${pid}`]);
		m.dispose();
	});
});

describe('ptys per context', () => {
	it("a pty belongs to its session leader's context; context 1 sees them all", async () => {
		const m = await bootWith({});
		await m.openTerminal({ user: 'root', cols: 80, rows: 24 });
		await m.openTerminal({ user: 'root', ctx: 3, cols: 80, rows: 24 });
		await m.settle(2, 5000);
		const k = m.kernel;
		const shells = [...k.procs.values()].filter((p) => p.ttyDev !== null && p.sid === p.pid);
		const host = shells.find((p) => p.ctx === 0)!;
		const guest = shells.find((p) => p.ctx === 3)!;
		const watcher = { ...host, ctx: 1 } as typeof host;
		const indexes = [...k.ttys.keys()].sort();
		const view = (p: typeof host) => indexes.map((i) => (ptyVisible(k, p, i) ? 'y' : 'n')).join('');
		expect([view(host), view(guest), view(watcher)]).toEqual(['yn', 'ny', 'yy']);
		m.dispose();
	});
});

describe('the sched and hideinfo flags', () => {
	const spin = async (sys: Sys) => {
		for (let i = 0; i < 3000; i++) await sys.getpid();
		return 0;
	};

	/** The budgets the scheduler gave `spin` processes while `command` ran. */
	async function budgets(command: string): Promise<number[]> {
		const m = await bootWith({ spin });
		const seen: number[] = [];
		const orig = m.kernel.sliceBudget;
		m.kernel.sliceBudget = (p) => {
			const b = orig(p);
			if (p.comm === 'spin') seen.push(b);
			return b;
		};
		const r = await m.run({ command });
		m.dispose();
		expect(r.exitCode).toBe(0);
		return seen;
	}

	it('sched makes the busy processes of a context share one slice, so together they weigh as one', async () => {
		const host = await budgets('/usr/bin/spin & /usr/bin/spin & wait');
		expect(Math.min(...host)).toBe(100);
		const boxed = await budgets(
			'chcontext --silent --flag sched sh -c "/usr/bin/spin & /usr/bin/spin & wait"'
		);
		expect(Math.min(...boxed)).toBe(50);
	});

	it('hideinfo hides the context lines of status from the context itself, not from the host', async () => {
		const inside = await run(
			'chcontext --silent --flag hideinfo grep -c ^s_context /proc/self/status'
		);
		expect(inside.stdout).toBe('0\n');
		const plain = await run('chcontext --silent grep ^s_context /proc/self/status');
		expect(plain.stdout).toBe('s_context: 2\n');
	});
});
