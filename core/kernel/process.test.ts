import { describe, expect, it } from 'vitest';
import { bootWith, runProgram } from '../test-helpers.ts';
import {
	isErrno,
	SIGCHLD,
	SIGCONT,
	SIGKILL,
	SIGSTOP,
	SIGTERM,
	SIGUSR1,
	WEXITSTATUS,
	WIFEXITED,
	WIFSIGNALED,
	WIFSTOPPED,
	WNOHANG,
	WSTOPSIG,
	WTERMSIG,
	WUNTRACED,
	type Sys
} from '../syscalls/index.ts';

const say = (sys: Sys, text: string) => sys.write(1, text + '\n');

describe('processes', () => {
	it('fork gives the child a new pid and the parent gets it back from wait with the exit status', async () => {
		const r = await runProgram(async (sys) => {
			const me = await sys.getpid();
			const pid = await sys.fork(async (child) => ((await child.getppid()) === me ? 7 : 1));
			if (isErrno(pid)) return 99;
			const w = await sys.waitpid(pid);
			if (isErrno(w)) return 98;
			await say(sys, `${w.pid === pid} ${WIFEXITED(w.status)} ${WEXITSTATUS(w.status)}`);
			return 0;
		});
		expect(r).toEqual({ stdout: 'true true 7\n', stderr: '', exitCode: 0 });
	});

	it('exec keeps the pid and runs the new program with its arguments', async () => {
		const m = await bootWith({
			showpid: async (sys, argv) => (await say(sys, `${await sys.getpid()} ${argv.join(',')}`), 0),
			execer: async (sys) => {
				await say(sys, String(await sys.getpid()));
				const e = await sys.execve('/usr/bin/showpid', ['showpid', 'a', 'b'], {});
				await say(sys, 'not reached ' + e.name);
				return 1;
			}
		});
		const r = await m.run({ command: '/usr/bin/execer' });
		const [before, after] = r.stdout.trim().split('\n');
		expect(after).toBe(`${before} showpid,a,b`);
		expect(r.exitCode).toBe(0);
		m.dispose();
	});

	it('exec reports ENOENT, EACCES and ENOEXEC as Linux does', async () => {
		const r = await runProgram(async (sys) => {
			const { O_CREAT, O_WRONLY } = await import('../syscalls/index.ts');
			const fd = await sys.open('/tmp/data', O_CREAT | O_WRONLY, 0o644);
			if (isErrno(fd)) return 1;
			await sys.write(fd, 'plain text\n');
			await sys.close(fd);
			const a = await sys.execve('/nonexistent', ['x'], {});
			const b = await sys.execve('/tmp/data', ['x'], {});
			await sys.chmod('/tmp/data', 0o755);
			const c = await sys.execve('/tmp/data', ['x'], {});
			const d = await sys.execve('/tmp', ['x'], {});
			await say(sys, [a, b, c, d].map((e) => e.name).join(' '));
			return 0;
		});
		expect(r.stdout).toBe('ENOENT EACCES ENOEXEC EACCES\n');
	});

	it('a child that exits stays a zombie until waited for, and wait without children is ECHILD', async () => {
		const m = await bootWith({
			zombie: async (sys) => {
				const pid = await sys.fork(async () => 3);
				if (isErrno(pid)) return 1;
				await sys.sleep(10);
				await say(sys, `state ${await state(sys, pid)}`);
				await sys.waitpid(pid);
				const again = await sys.waitpid(-1);
				await say(sys, `again ${isErrno(again) ? again.name : 'ok'}`);
				return 0;
			}
		});
		const r = await m.run({ command: '/usr/bin/zombie' });
		expect(r.stdout).toBe('state Z\nagain ECHILD\n');
		m.dispose();
		async function state(_sys: Sys, pid: number): Promise<string> {
			return m.kernel.procs.get(pid)?.state ?? 'gone';
		}
	});

	it('orphans are re-parented to init, which reaps them', async () => {
		const m = await bootWith({
			orphaner: async (sys) => {
				const pid = await sys.fork(async (child) => {
					const g = await child.fork(async (gc) => (await gc.sleep(50), 0));
					if (isErrno(g)) return 1;
					await child.write(1, `${g}\n`);
					return 0;
				});
				if (isErrno(pid)) return 1;
				await sys.waitpid(pid);
				return 0;
			}
		});
		const r = await m.run({ command: '/usr/bin/orphaner' });
		const grandchild = Number(r.stdout.trim());
		expect(m.kernel.procs.get(grandchild)?.ppid).toBe(1);
		m.dispose();
	});

	it('fork fails with EAGAIN at the system-wide limit of 16384 processes, and never hangs', async () => {
		const m = await bootWith({
			spawner: async (sys) => {
				let n = 0;
				for (;;) {
					const pid = await sys.fork(async (c) => (await c.pause(), 0));
					if (isErrno(pid)) {
						await say(sys, `${pid.name} after ${n}`);
						await sys.kill(-1, SIGKILL);
						return 0;
					}
					n++;
				}
			}
		});
		// What the boot left running: init and the services of the fixed facts.
		const booted = m.kernel.procs.size;
		const r = await m.run({ command: '/usr/bin/spawner' });
		const live = [...m.kernel.procs.values()].filter((p) => p.state !== 'Z').length;
		expect(r.stdout).toMatch(/^EAGAIN after \d+\n$/);
		// Those, spawner itself (sh -c execs a lone command) and its children fill the table to 16384.
		expect(Number(/after (\d+)/.exec(r.stdout)![1]) + booted + 1).toBe(16384);
		expect(live).toBeLessThan(16384);
		m.dispose();
	});
});

describe('signals', () => {
	it('SIGTERM by default ends a process and wait reports the signal', async () => {
		const r = await runProgram(async (sys) => {
			const pid = await sys.fork(async (c) => (await c.pause(), 0));
			if (isErrno(pid)) return 1;
			await sys.kill(pid, SIGTERM);
			const w = await sys.waitpid(pid);
			if (isErrno(w)) return 1;
			await say(sys, `${WIFSIGNALED(w.status)} ${WTERMSIG(w.status)}`);
			return 0;
		});
		expect(r.stdout).toBe('true 15\n');
	});

	it('a handler runs and interrupts a sleeping call with EINTR', async () => {
		const r = await runProgram(async (sys) => {
			let got = 0;
			await sys.signal(SIGUSR1, (s) => (got = s));
			const me = await sys.getpid();
			const pid = await sys.fork(async (c) => (await c.sleep(5), await c.kill(me, SIGUSR1), 0));
			if (isErrno(pid)) return 1;
			const p = await sys.pause();
			await say(sys, `${isErrno(p) ? p.name : 'returned'} ${got}`);
			return 0;
		});
		expect(r.stdout).toBe('EINTR 10\n');
	});

	it('SIGSTOP stops a child, wait with WUNTRACED sees it, SIGCONT resumes it', async () => {
		const r = await runProgram(async (sys) => {
			const pid = await sys.fork(async (c) => (await c.sleep(100), 4));
			if (isErrno(pid)) return 1;
			await sys.kill(pid, SIGSTOP);
			const w = await sys.waitpid(pid, WUNTRACED);
			if (isErrno(w)) return 1;
			const none = await sys.waitpid(pid, WNOHANG);
			await sys.kill(pid, SIGCONT);
			const end = await sys.waitpid(pid);
			if (isErrno(end) || isErrno(none)) return 1;
			await say(
				sys,
				`${WIFSTOPPED(w.status)} ${WSTOPSIG(w.status)} ${none.pid} ${WEXITSTATUS(end.status)}`
			);
			return 0;
		});
		expect(r.stdout).toBe('true 19 0 4\n');
	});

	it('an ignored SIGCHLD leaves no zombie to wait for', async () => {
		const r = await runProgram(async (sys) => {
			await sys.signal(SIGCHLD, 'ignore');
			const pid = await sys.fork(async () => 0);
			if (isErrno(pid)) return 1;
			await sys.sleep(10);
			const w = await sys.waitpid(pid);
			await say(sys, isErrno(w) ? w.name : 'reaped');
			return 0;
		});
		expect(r.stdout).toBe('ECHILD\n');
	});

	it('kill checks the sender: a user cannot signal root processes (EPERM), and ESRCH for no process', async () => {
		const r = await runProgram(
			async (sys) => {
				const a = await sys.kill(1, SIGTERM);
				const b = await sys.kill(30000, SIGTERM);
				await say(sys, `${isErrno(a) ? a.name : a} ${isErrno(b) ? b.name : b}`);
				return 0;
			},
			{ user: 'user' }
		);
		expect(r.stdout).toBe('EPERM ESRCH\n');
	});
});

describe('signals and system calls', () => {
	it('a handled signal runs its handler before the next call, which still completes', async () => {
		const r = await runProgram(async (sys) => {
			let got = 0;
			await sys.signal(SIGUSR1, (s) => (got = s));
			await sys.kill(await sys.getpid(), SIGUSR1);
			const w = await sys.write(1, 'written\n');
			await say(sys, `${isErrno(w) ? w.name : w} ${got}`);
			return 0;
		});
		expect(r.stdout).toBe('written\n8 10\n');
	});

	it('a background read of the terminal stops the job, and the read resumes once it is continued', async () => {
		const m = await bootWith({});
		const id = await m.openTerminal({ user: 'root', cols: 80, rows: 24 });
		let screen = '';
		m.attach(id, (c) => (screen += String.fromCharCode(...c)));
		await m.settle(id, 5000);
		m.input(id, 'cat &\r');
		await m.settle(id, 5000);
		const cat = [...m.kernel.procs.values()].find((p) => p.comm === 'cat')!;
		expect(cat.state).toBe('T');
		m.input(id, 'fg\r');
		await m.settle(id, 5000);
		m.input(id, 'typed\r\x04');
		await m.settle(id, 5000);
		expect(screen).toContain('typed\r\ntyped\r\n');
		expect(screen).not.toContain('Interrupted system call');
		m.dispose();
	});
});

describe('time', () => {
	it('sleep takes virtual time, not wall time, and the clock only moves forward', async () => {
		const r = await runProgram(async (sys) => {
			const t0 = await sys.uptime();
			await sys.sleep(10_000);
			const t1 = await sys.uptime();
			await say(sys, String(Math.round((t1 - t0) / 1000)));
			return 0;
		});
		expect(r.stdout).toBe('10\n');
	});

	it('alarm delivers SIGALRM, which ends a process by default', async () => {
		const r = await runProgram(async (sys) => {
			const pid = await sys.fork(async (c) => (await c.alarm(2), await c.pause(), 0));
			if (isErrno(pid)) return 1;
			const w = await sys.waitpid(pid);
			if (isErrno(w)) return 1;
			await say(sys, `signal ${WTERMSIG(w.status)}`);
			return 0;
		});
		expect(r.stdout).toBe('signal 14\n');
	});

	it('CPU time is charged to the process that runs', async () => {
		const r = await runProgram(async (sys) => {
			for (let i = 0; i < 200; i++) await sys.yield();
			const t = await sys.times();
			await say(sys, `${t.utime >= 20}`);
			return 0;
		});
		expect(r.stdout).toBe('true\n');
	});
});
