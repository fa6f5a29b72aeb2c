import { describe, expect, it } from 'vitest';
import {
	asProgram,
	bareMachine,
	must,
	outcome,
	readAll,
	writeAll
} from '../syscalls/fs-testing.ts';
import { O_RDONLY, O_WRONLY, type Sys } from '../syscalls/index.ts';
import { run } from '../test-helpers.ts';

async function names(sys: Sys, dir: string): Promise<string[]> {
	const fd = must(await sys.open(dir));
	const list = must(await sys.getdents(fd));
	await sys.close(fd);
	return list.map((e) => e.name);
}

describe('/proc/PID/status', () => {
	it("follows 2.4's layout, then CapBset and the ctx patch's lines", async () => {
		const [pid, text] = await asProgram(
			async (sys) => [await sys.getpid(), await readAll(sys, '/proc/self/status')],
			{ user: 'user' }
		);
		expect(text).toBe(
			[
				'Name:\tfstest1',
				'State:\tR (running)',
				`Tgid:\t${pid}`,
				`Pid:\t${pid}`,
				'PPid:\t1',
				'TracerPid:\t0',
				'Uid:\t500\t500\t500\t500',
				'Gid:\t500\t500\t500\t500',
				'FDSize:\t32',
				'Groups:\t500 ',
				'VmSize:\t    1388 kB',
				'VmLck:\t       0 kB',
				'VmRSS:\t     482 kB',
				'VmData:\t      64 kB',
				'VmStk:\t      12 kB',
				'VmExe:\t      16 kB',
				'VmLib:\t    1296 kB',
				'SigPnd:\t0000000000000000',
				'SigBlk:\t0000000000000000',
				'SigIgn:\t0000000000000000',
				'SigCgt:\t0000000000000000',
				'CapInh:\t0000000000000000',
				'CapPrm:\t0000000000000000',
				'CapEff:\t0000000000000000',
				'CapBset:\t00000000fffffeff',
				's_context: 0',
				'ctxflags: 0',
				'initpid: none',
				'ipv4root: 0.0.0.0',
				'ipv4root_bcast: 0.0.0.0',
				'__NR_new_s_context: 226 rev0',
				'__NR_set_ipv4root: 227 rev3',
				''
			].join('\n')
		);
	});

	it("shows root's capabilities, signal masks with signal n at bit n-1, and a zombie without memory", async () => {
		await asProgram(async (sys) => {
			await sys.signal(15, 'ignore');
			await sys.signal(2, () => {});
			const child = must(await sys.fork(async () => 3));
			await sys.sleep(10);
			const mine = String(await readAll(sys, '/proc/self/status'));
			expect(mine).toContain('\nSigIgn:\t0000000000004000\nSigCgt:\t0000000000000002\n');
			expect(mine).toContain(
				'\nCapPrm:\t00000000fffffeff\nCapEff:\t00000000fffffeff\nCapBset:\t00000000fffffeff\n'
			);
			const zombie = String(await readAll(sys, `/proc/${child}/status`));
			expect(zombie).toContain('State:\tZ (zombie)\n');
			expect(zombie).not.toMatch(/FDSize|VmSize/);
			expect(await readAll(sys, `/proc/${child}/cmdline`)).toBe('');
		});
	});
});

describe('/proc/PID/status and stat read in a row', () => {
	it('show each process its own signal dispositions, a forked child keeping the table it got', async () => {
		await asProgram(async (sys) => {
			const child = must(await sys.fork(async (c) => (await c.pause(), 0)));
			const ignored = async (pid: number | 'self') => {
				const status = String(await readAll(sys, `/proc/${pid}/status`));
				const stat = String(await readAll(sys, `/proc/${pid}/stat`)).split(' ');
				return `${/SigIgn:\t(\w+)/.exec(status)![1]} ${stat[32]}`;
			};
			const before = await ignored('self');
			await sys.signal(15, 'ignore');
			expect([before, await ignored('self'), await ignored(child), await ignored('self')]).toEqual([
				'0000000000000000 0',
				'0000000000004000 16384',
				'0000000000000000 0',
				'0000000000004000 16384'
			]);
			await sys.kill(child, 9);
		});
	});
});

describe('/proc/PID/status of processes with other capabilities, read in a row', () => {
	it('shows each its own sets', async () => {
		await asProgram(async (sys) => {
			// A child that becomes an ordinary user loses its capabilities (2.4's setuid rule).
			const child = must(
				await sys.fork(async (c) => {
					await c.setuid(500);
					await c.pause();
					return 0;
				})
			);
			await sys.sleep(10);
			const eff = async (pid: number | 'self') =>
				/CapEff:\t(\w+)/.exec(String(await readAll(sys, `/proc/${pid}/status`)))![1];
			expect([await eff('self'), await eff(child), await eff('self')]).toEqual([
				'00000000fffffeff',
				'0000000000000000',
				'00000000fffffeff'
			]);
			await sys.kill(child, 9);
		});
	});
});

describe('/proc/PID/cmdline of processes with other command lines, read in a row', () => {
	it('shows each its own argv', async () => {
		const r = await run(
			'sleep 100 & cat /proc/$!/cmdline; echo; cat /proc/$$/cmdline; echo; cat /proc/$!/cmdline; kill $!'
		);
		const [child, shell, again] = r.stdout.split('\n');
		expect(child).toBe('sleep\x00100\x00');
		expect(shell!.split('\x00').slice(0, 2)).toEqual(['sh', '-c']);
		expect(again).toBe(child);
	});
});

describe('/proc/PID/stat and friends', () => {
	it('give the 39 fields of 2.4 with CPU time and start time in jiffies', async () => {
		await asProgram(async (sys) => {
			for (let i = 0; i < 30; i++) await sys.yield();
			const pid = await sys.getpid();
			const f = String(await readAll(sys, '/proc/self/stat'))
				.trimEnd()
				.split(' ');
			expect(f).toHaveLength(39);
			expect(f.slice(0, 8)).toEqual([
				String(pid),
				'(fstest1)',
				'R',
				'1',
				String(pid),
				String(pid),
				'0',
				'-1'
			]);
			// 30 yields charge 30 ms of user time (3 jiffies); the few syscalls, under one jiffy.
			expect([f[13], f[14]]).toEqual(['3', '0']);
			expect(Number(f[21])).toBeGreaterThanOrEqual(0);
			expect(f[22]).toBe(String(1388 * 1024));
			expect(f[37]).toBe('17');
		});
	});

	it('name the program in cmdline, keep environ for its owner, and count pages in statm', async () => {
		const m = bareMachine();
		const pid = await asProgram(
			async (sys) => {
				expect(await readAll(sys, '/proc/self/cmdline')).toBe('fstest1\0');
				expect(await readAll(sys, '/proc/self/environ')).toBe(
					'PATH=/bin:/usr/bin:/sbin:/usr/sbin\0'
				);
				expect(await readAll(sys, '/proc/self/statm')).toBe('347 121 105 4 324 19 0\n');
				return sys.getpid();
			},
			{ m }
		);
		expect(pid).toBeGreaterThan(1);
		await asProgram(
			async (sys) => {
				expect(outcome(await readAll(sys, '/proc/1/environ'))).toBe('EACCES');
				expect(await readAll(sys, '/proc/1/cmdline')).toBe('init\0');
			},
			{ m, user: 'user' }
		);
		m.dispose();
	});

	it('are made at each lookup, timed then, as 2.4 makes them (the directory stays)', async () => {
		await asProgram(async (sys) => {
			const before = must(await sys.stat('/proc/1/stat'));
			const dir = must(await sys.stat('/proc/1'));
			await sys.sleep(120_000);
			const after = must(await sys.stat('/proc/1/stat'));
			expect(after.ino).toBe(before.ino);
			expect(after.mtime - before.mtime).toBeGreaterThanOrEqual(120);
			expect(must(await sys.stat('/proc/1')).mtime).toBe(dir.mtime);
		});
	});
});

describe('the links of a pid directory', () => {
	it('point at the working directory, the root and the executable', async () => {
		await asProgram(async (sys) => {
			const pid = await sys.getpid();
			expect(await sys.readlink('/proc/self')).toBe(String(pid));
			expect(await sys.readlink('/proc/self/exe')).toBe('/sbin/fstest1');
			expect(await sys.readlink('/proc/self/root')).toBe('/');
			await sys.chdir('/tmp');
			expect(await sys.readlink(`/proc/${pid}/cwd`)).toBe('/tmp');
			await writeAll(sys, '/tmp/here', 'found');
			expect(await readAll(sys, '/proc/self/cwd/here')).toBe('found');
		});
	});

	it("refuse another user's process (EACCES), as proc_pid_follow_link does", async () => {
		await asProgram(
			async (sys) => {
				expect(outcome(await sys.readlink('/proc/1/cwd'))).toBe('EACCES');
				expect(outcome(await sys.stat('/proc/1/root/etc'))).toBe('EACCES');
				expect(outcome(await sys.open('/proc/1/fd'))).toBe('EACCES');
			},
			{ user: 'user' }
		);
	});

	it("never lead out of a chroot: a root outside the viewer's answers EACCES even to root", async () => {
		await asProgram(async (sys) => {
			await sys.mkdir('/vservers/a');
			await sys.mkdir('/vservers/a/proc');
			await sys.mount('none', '/vservers/a/proc', 'proc');
			await sys.chroot('/vservers/a');
			await sys.chdir('/');
			expect(outcome(await sys.readlink('/proc/1/root'))).toBe('EACCES');
			expect(outcome(await sys.stat('/proc/1/root/etc/passwd'))).toBe('EACCES');
			expect(outcome(await sys.stat('/proc/1/cwd/etc'))).toBe('EACCES');
			expect(outcome(await sys.open('/proc/1/fd'))).toBe('EACCES');
			expect(await sys.readlink('/proc/self/root')).toBe('/');
			expect(must(await sys.stat('/proc/self/root/..')).ino).toBe(must(await sys.stat('/')).ino);
		});
	});

	it('list open files by path, pipes by inode, and removed files as (deleted)', async () => {
		await asProgram(async (sys) => {
			const file = must(await sys.open('/etc/passwd'));
			const [r, w] = must(await sys.pipe());
			await writeAll(sys, '/tmp/doomed', '');
			const doomed = must(await sys.open('/tmp/doomed'));
			await sys.unlink('/tmp/doomed');
			expect(await sys.readlink(`/proc/self/fd/${file}`)).toBe('/etc/passwd');
			expect(await sys.readlink(`/proc/self/fd/${r}`)).toBe(
				`pipe:[${must(await sys.fstat(r)).ino}]`
			);
			expect(await sys.readlink(`/proc/self/fd/${doomed}`)).toBe('/tmp/doomed (deleted)');
			expect(await names(sys, '/proc/self/fd')).toEqual([
				'.',
				'..',
				String(file),
				String(r),
				String(w),
				String(doomed),
				String(doomed + 1)
			]);
			// Opening the link of a pipe's end joins that pipe (`echo x > /dev/stdout` in a pipeline).
			const again = must(await sys.open(`/proc/self/fd/${w}`, O_WRONLY));
			await sys.write(again, 'via proc');
			expect(await sys.read(r, 100)).toBe('via proc');
		});
	});
});

describe('the /proc directory', () => {
	it('lists its files and one directory per process, numbered as 2.4 does', async () => {
		await asProgram(async (sys) => {
			const pid = await sys.getpid();
			const list = await names(sys, '/proc');
			expect(list).toEqual(
				expect.arrayContaining([
					'self',
					'uptime',
					'loadavg',
					'meminfo',
					'mounts',
					'version',
					'stat',
					'1',
					String(pid)
				])
			);
			expect(must(await sys.stat('/proc/1')).ino).toBe(65538);
			expect(must(await sys.stat('/proc/1/status')).ino).toBe(65539);
			expect(await sys.readlink('/proc/mounts')).toBe('self/mounts');
		});
	});

	it('drops a process once it is reaped, even for a directory still open', async () => {
		await asProgram(async (sys) => {
			const child = must(await sys.fork(async (c) => (await c.pause(), 0)));
			await sys.sleep(10);
			await sys.chdir(`/proc/${child}`);
			expect(await readAll(sys, 'cmdline')).toBe('fstest1\0');
			await sys.kill(child, 9);
			await sys.waitpid(child);
			expect(outcome(await sys.stat(`/proc/${child}`))).toBe('ENOENT');
			expect(outcome(await readAll(sys, 'status'))).toBe('ENOENT');
			expect(await names(sys, '/proc')).not.toContain(String(child));
		});
	});

	it('asks the procVisible hook about every listing and lookup', async () => {
		const m = bareMachine();
		m.kernel.procfs.procVisible = (viewer, target) => target.pid !== 1 || viewer.pid === 1;
		await asProgram(
			async (sys) => {
				expect(await names(sys, '/proc')).not.toContain('1');
				expect(outcome(await sys.stat('/proc/1'))).toBe('ENOENT');
				expect(outcome(await readAll(sys, '/proc/1/status'))).toBe('ENOENT');
			},
			{ m }
		);
		m.dispose();
	});

	it('refuses writes to its files', async () => {
		await asProgram(async (sys) => {
			const fd = must(await sys.open('/proc/uptime', O_WRONLY));
			expect(outcome(await sys.write(fd, '0'))).toBe('EINVAL');
		});
		await asProgram(
			async (sys) => expect(outcome(await sys.open('/proc/uptime', O_WRONLY))).toBe('EACCES'),
			{ user: 'user' }
		);
	});
});

describe('the system files', () => {
	it('name the kernel in /proc/version', async () => {
		const text = await asProgram((sys) => readAll(sys, '/proc/version'));
		expect(text).toBe(
			'Linux version 2.4.20ctx-17 (root@localhost.localdomain) (gcc version 2.96 20000731 (Red Hat Linux 7.3 2.96-110)) #1 Sat Mar 1 12:00:00 EST 2003\n'
		);
	});

	it('count uptime and idle time in hundredths from the virtual clock', async () => {
		await asProgram(async (sys) => {
			await sys.sleep(2500);
			const [up, idle] = String(await readAll(sys, '/proc/uptime'))
				.trimEnd()
				.split(' ')
				.map(Number);
			expect(String(await readAll(sys, '/proc/uptime'))).toMatch(/^\d+\.\d\d \d+\.\d\d\n$/);
			expect(up).toBeGreaterThanOrEqual(2.5);
			expect(up).toBeLessThan(2.6);
			expect(idle).toBeGreaterThan(2.4);
		});
	});

	it('raise the load average while a process keeps the CPU busy', async () => {
		await asProgram(async (sys) => {
			expect(await readAll(sys, '/proc/loadavg')).toMatch(/^0\.00 0\.00 0\.00 1\/\d+ \d+\n$/);
			const busy = must(
				await sys.fork(async (c) => {
					for (;;) await c.yield();
				})
			);
			await sys.sleep(60_000);
			const [one, five, fifteen] = String(await readAll(sys, '/proc/loadavg'))
				.split(' ')
				.map(Number);
			expect(one).toBeGreaterThan(0.5);
			expect(one).toBeLessThan(0.75);
			expect(five).toBeLessThan(one!);
			expect(fifteen).toBeLessThan(five!);
			await sys.kill(busy, 9);
		});
	});

	it('take tmpfs contents from MemFree in /proc/meminfo', async () => {
		await asProgram(async (sys) => {
			const free = async () =>
				Number(/MemFree:\s+(\d+) kB/.exec(String(await readAll(sys, '/proc/meminfo')))![1]);
			const text = String(await readAll(sys, '/proc/meminfo'));
			expect(text).toMatch(
				/^ {8}total: {4}used: {4}free: {2}shared: buffers: {2}cached:\nMem: {2}130461696 /
			);
			expect(text).toContain('\nMemTotal:       127404 kB\n');
			const before = await free();
			await writeAll(sys, '/dev/shm/mb', 'm'.repeat(1 << 20));
			expect(before - (await free())).toBe(1024);
		});
	});

	it('give the boot time and the fork count in /proc/stat', async () => {
		await asProgram(async (sys) => {
			const text = String(await readAll(sys, '/proc/stat'));
			expect(text).toMatch(/^cpu {2}\d+ 0 \d+ \d+\ncpu0 /);
			expect(text).toContain('\nbtime 1046520000\n');
			expect(await readAll(sys, '/proc/filesystems')).toBe(
				'nodev\tproc\nnodev\ttmpfs\n\text2\nnodev\tdevpts\n'
			);
			const fd = must(await sys.open('/proc/stat', O_RDONLY));
			expect(must(await sys.fstat(fd)).size).toBe(0);
		});
	});
});
