import { describe, expect, it } from 'vitest';
import { bootWith } from '../test-helpers.ts';
import {
	CAP_SECURE_REMOVE,
	CTX_NEW,
	F_DUPFD,
	isErrno,
	O_CREAT,
	O_RDONLY,
	O_WRONLY,
	RLIMIT_NOFILE,
	type Program,
	type Sys
} from '../syscalls/index.ts';
import type { BootOptions } from '../machine.ts';

const say = (sys: Sys, text: string) => sys.write(1, text + '\n');
const res = (r: unknown): string => (isErrno(r) ? r.name : String(r));

async function runOn(boot: BootOptions, main: Program): Promise<string> {
	const m = await bootWith({ testprog: main }, boot);
	try {
		const r = await m.run({ command: '/usr/bin/testprog' });
		if (m.faults.length > 0) throw new Error('internal fault:\n' + m.faults.join('\n'));
		return r.stdout + r.stderr;
	} finally {
		m.dispose();
	}
}

const later: BootOptions = { kernel: 'later' };

/** Opens /etc/passwd until a refusal; returns how many opened and the error. */
async function openMany(sys: Sys, max: number): Promise<string> {
	for (let i = 0; i < max; i++) {
		const fd = await sys.open('/etc/passwd', O_RDONLY);
		if (isErrno(fd)) return `${i} ${fd.name}`;
	}
	return `${max} none`;
}

describe('the 2003 kernel has none of the later pieces', () => {
	it('answers ENOSYS to set_ctxlimit and the disk limit, and lists neither call', async () => {
		const out = await runOn({}, async (sys) => {
			await sys.new_s_context(CTX_NEW);
			await say(sys, res(await sys.set_ctxlimit(RLIMIT_NOFILE, 10)));
			await say(sys, res(await sys.dlimit('get', '/', 2)));
			const fd = await sys.open('/proc/self/status');
			const text = isErrno(fd) ? '' : String(await sys.read(fd, 4096));
			await say(sys, String(text.includes('set_ctxlimit')));
			await say(sys, res(await sys.stat('/usr/sbin/setctxlimit')));
			return 0;
		});
		expect(out).toBe('ENOSYS\nENOSYS\nfalse\nENOENT\n');
	});
});

describe('set_ctxlimit (later kernel)', () => {
	it('caps the open files of a whole context with ENFILE, fork children included', async () => {
		const out = await runOn(later, async (sys) => {
			await say(sys, 'ctx 0: ' + res(await sys.set_ctxlimit(RLIMIT_NOFILE, 10)));
			await sys.new_s_context(CTX_NEW);
			await say(sys, 'bad resource: ' + res(await sys.set_ctxlimit(3, 10)));
			// This program holds fds 0, 1 and 2: seven more make ten.
			await say(sys, res(await sys.set_ctxlimit(RLIMIT_NOFILE, 10)));
			await say(sys, await openMany(sys, 20));
			await sys.close(3);
			const pid = await sys.fork(async (c) => {
				// The child's copies count for the context: it cannot open even one.
				await say(c, 'child ' + (await openMany(c, 5)));
				return 0;
			});
			if (!isErrno(pid)) await sys.waitpid(pid);
			await say(sys, 'pipe ' + res(await sys.pipe()));
			await say(sys, 'after ' + (await openMany(sys, 5)));
			return 0;
		});
		expect(out).toBe(
			'ctx 0: EINVAL\nbad resource: EINVAL\n0\n7 ENFILE\nchild 0 ENFILE\npipe ENFILE\nafter 1 ENFILE\n'
		);
	});

	it('lets anyone lower the cap but only CAP_SYS_RESOURCE raise or lift it', async () => {
		const out = await runOn(later, async (sys) => {
			await sys.new_s_context(CTX_NEW);
			await say(sys, res(await sys.set_ctxlimit(RLIMIT_NOFILE, 50)));
			await sys.new_s_context(-2, CAP_SECURE_REMOVE);
			const steps = [
				await sys.set_ctxlimit(RLIMIT_NOFILE, 40),
				await sys.set_ctxlimit(RLIMIT_NOFILE, 60),
				await sys.set_ctxlimit(RLIMIT_NOFILE, -1),
				await sys.set_ctxlimit(RLIMIT_NOFILE, -5)
			];
			await say(sys, steps.map(res).join(' '));
			return 0;
		});
		expect(out).toBe('0\n0 EPERM EPERM EINVAL\n');
	});

	it('enforces the per-process RLIMIT_NOFILE with EMFILE', async () => {
		const out = await runOn({}, async (sys) => {
			await sys.setrlimit(RLIMIT_NOFILE, { cur: 6, max: 6 });
			await say(sys, await openMany(sys, 10));
			await say(
				sys,
				`${res(await sys.fcntl(0, F_DUPFD, 6))} ${res(await sys.fcntl(0, F_DUPFD, 1))}`
			);
			return 0;
		});
		expect(out).toBe('3 EMFILE\nEINVAL EMFILE\n');
	});

	it('shows the later call in /proc/self/status', async () => {
		const out = await runOn(later, async (sys) => {
			const fd = await sys.open('/proc/self/status');
			const text = isErrno(fd) ? '' : String(await sys.read(fd, 4096));
			await say(
				sys,
				text
					.split('\n')
					.filter((l) => l.startsWith('__NR_'))
					.join('\n')
			);
			return 0;
		});
		expect(out).toBe(
			'__NR_new_s_context: 226 rev0\n__NR_set_ipv4root: 227 rev3\n__NR_set_ctxlimit: 229 rev0\n'
		);
	});
});

describe('the per-context disk limit (later kernel)', () => {
	it('is managed by root in context 0 only, and a missing record is ESRCH', async () => {
		const out = await runOn(later, async (sys) => {
			const a = [
				await sys.dlimit('get', '/', 2),
				await sys.dlimit('set', '/', 2, { spaceTotal: 8 }),
				await sys.dlimit('add', '/', 2),
				await sys.dlimit('add', '/', 2),
				await sys.dlimit('set', '/', 2, { spaceTotal: -7 })
			];
			await say(sys, a.map(res).join(' '));
			await sys.new_s_context(CTX_NEW);
			await say(sys, res(await sys.dlimit('get', '/', 2)));
			return 0;
		});
		expect(out).toBe('ESRCH ESRCH 0 EEXIST EINVAL\nEPERM\n');
	});

	it('refuses blocks past space_total and inodes past inodes_total with EDQUOT', async () => {
		const out = await runOn(later, async (sys) => {
			await sys.dlimit('add', '/', 2);
			await sys.dlimit('set', '/', 2, { spaceTotal: 8, inodesTotal: 2 });
			const pid = await sys.fork(async (c) => {
				await c.new_s_context(2);
				const fd = await c.open('/tmp/f', O_WRONLY | O_CREAT, 0o644);
				if (isErrno(fd)) return 1;
				// Two 4 KiB blocks fit; the write is cut there, and the next one refused.
				await say(c, `${res(await c.write(fd, 'x'.repeat(10000)))} ${res(await c.write(fd, 'y'))}`);
				await say(c, res(await c.mkdir('/tmp/d')));
				await say(c, res(await c.open('/tmp/g', O_WRONLY | O_CREAT, 0o644)));
				await c.close(fd);
				await say(c, res(await c.unlink('/tmp/f')));
				await say(c, res(await c.mkdir('/tmp/e')));
				return 0;
			});
			if (!isErrno(pid)) await sys.waitpid(pid);
			const g = await sys.dlimit('get', '/', 2);
			await say(sys, JSON.stringify(g));
			// The host is not charged.
			const fd = await sys.open('/tmp/h', O_WRONLY | O_CREAT, 0o644);
			if (!isErrno(fd)) await say(sys, res(await sys.write(fd, 'z'.repeat(20000))));
			return 0;
		});
		expect(out).toBe(
			'8192 EDQUOT\n0\nEDQUOT\n0\n0\n' +
				'{"spaceUsed":0,"spaceTotal":8,"inodesUsed":2,"inodesTotal":2,"reserved":0}\n20000\n'
		);
	});
});
