import { describe, expect, it } from 'vitest';
import { bootWith } from '../test-helpers.ts';
import { isErrno, O_RDWR, type Sys } from '../syscalls/index.ts';
import { TIOCGPTN, VSLAB_DISPLAY } from './pty.ts';
import type { TerminalInfo } from '../machine.ts';
import type { KernelEvent } from './events.ts';

/** A tiny xterm: opens a pty, runs a shell on the slave, shows the master as a pane. */
async function miniXterm(sys: Sys): Promise<number> {
	const master = await sys.open('/dev/ptmx', O_RDWR);
	if (isErrno(master)) return 1;
	const n = await sys.ioctl(master, TIOCGPTN);
	const shown = await sys.ioctl(master, VSLAB_DISPLAY, 'xterm');
	if (isErrno(shown)) return 2;
	const pid = await sys.fork(async (c) => {
		await c.setsid();
		const slave = await c.open(`/dev/pts/${String(n)}`, O_RDWR);
		if (isErrno(slave)) return 3;
		for (const fd of [0, 1, 2]) await c.dup2(slave, fd);
		await c.execve('/bin/sh', ['-bash'], { HOME: '/root', USER: 'root' });
		return 127;
	});
	if (isErrno(pid)) return 4;
	await sys.waitpid(pid);
	return 0;
}

describe('pty masters', () => {
	it('an xterm-like program opens a pane whose keys reach a shell on the slave', async () => {
		const m = await bootWith({ xterm: miniXterm });
		const panes: TerminalInfo[][] = [];
		m.onTerminals((list) => panes.push(list));
		const id = await m.openTerminal({ user: 'root', cols: 80, rows: 24 });
		await m.settle(id, 5000);
		m.input(id, '/usr/bin/xterm\r');
		await m.settle(id, 5000);
		const last = panes.at(-1)!;
		expect(last.map((t) => [t.id, t.label, t.open])).toEqual([
			[1, 'root@main, context 0', true],
			[2, 'root@main, context 0', true]
		]);
		let pane = '';
		m.attach(2, (c) => (pane += String.fromCharCode(...c)));
		expect(await m.settle(2, 5000)).toBe('idle');
		m.input(2, 'echo in the pane\r');
		await m.settle(2, 5000);
		expect(pane).toContain('echo in the pane\r\nin the pane\r\n');
		m.input(2, 'exit\r');
		await m.settle(1, 5000);
		expect(panes.at(-1)!.find((t) => t.id === 2)?.open).toBe(false);
		expect(m.faults).toEqual([]);
		m.dispose();
	});
});

describe('the syscall event stream', () => {
	it('records every call with its decoded arguments, result or errno, and a refusal reason', async () => {
		const m = await bootWith({
			tryit: async (sys) => {
				await sys.open('/nonexistent', 0);
				await sys.chroot('/tmp');
				return 0;
			}
		});
		const events: KernelEvent[] = [];
		m.onEvent((e) => events.push(e));
		await m.run({ command: '/usr/bin/tryit', user: 'user' });
		const calls = events.filter((e) => e.type === 'syscall' && e.comm === 'tryit');
		expect(
			calls.map((e) => e.type === 'syscall' && [e.name, e.args[0], e.result, e.errno])
		).toEqual([
			['execve', '"/usr/bin/tryit"', '0', undefined],
			['open', '"/nonexistent"', '-1', 'ENOENT'],
			['chroot', '"/tmp"', '-1', 'EPERM'],
			['exit_group', '0', '0', undefined]
		]);
		const chroot = calls[2];
		expect(chroot?.type === 'syscall' && chroot.reason?.capability).toBe('CAP_SYS_CHROOT');
		expect(events.some((e) => e.type === 'exec' && e.comm === 'tryit')).toBe(true);
		m.dispose();
	});
});
