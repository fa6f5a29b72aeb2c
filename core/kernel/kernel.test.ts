import { describe, expect, it } from 'vitest';
import { run, boot, bootWith } from '../test-helpers.ts';
import { isErrno, O_RDONLY, type Sys } from '../syscalls/index.ts';

describe('the seed kernel', () => {
	it('runs a command and returns its output and status', async () => {
		const r = await run('echo hello');
		expect(r).toEqual({ stdout: 'hello\n', stderr: '', exitCode: 0 });
	});

	it('reports a missing command with status 127', async () => {
		const r = await run('nosuchcommand');
		expect(r.exitCode).toBe(127);
		expect(r.stderr).toBe('sh: nosuchcommand: command not found\n');
	});

	it('restores a machine by replaying its input log to the same terminal output', async () => {
		const m = await boot();
		const id = await m.openTerminal({ user: 'root', cols: 80, rows: 24 });
		let first = '';
		m.attach(id, (c) => (first += String.fromCharCode(...c)));
		await m.settle(id, 5000);
		m.input(id, 'echo one\r');
		await m.settle(id, 5000);
		const saved = await m.save();
		m.dispose();
		const copy = await boot();
		await copy.restore(saved);
		let second = '';
		copy.attach(id, (c) => (second += String.fromCharCode(...c)));
		expect(second).toBe(first);
		expect(first).toContain('one\r\n');
		copy.dispose();
	});
});

describe('system calls answered at once (Sys.openNow, readNow, closeNow)', () => {
	it('make the same calls in the same slices, at the same virtual times, as awaited ones', async () => {
		// Each run records, after every call, the slice it is in and the virtual clock, counted
		// from its first call; the calls answered at once must land exactly where awaited ones do.
		const marks: Record<string, string[]> = { awaited: [], now: [] };
		let promises = 0;
		const m = await bootWith({
			awaited: async (sys: Sys) => {
				for (let i = 0; i < 120; i++) {
					const fd = await sys.open('/proc/self/stat', O_RDONLY);
					if (isErrno(fd)) return 1;
					await sys.read(fd, 65536);
					note('awaited');
					await sys.close(fd);
					note('awaited');
				}
				return 0;
			},
			now: async (sys: Sys) => {
				for (let i = 0; i < 120; i++) {
					let fd = sys.openNow('/proc/self/stat', O_RDONLY);
					if (fd instanceof Promise) {
						promises++;
						fd = await fd;
					}
					if (isErrno(fd)) return 1;
					const r = sys.readNow(fd, 65536);
					if (r instanceof Promise) {
						promises++;
						await r;
					}
					note('now');
					const c = sys.closeNow(fd);
					if (c instanceof Promise) {
						promises++;
						await c;
					}
					note('now');
				}
				return 0;
			}
		});
		const k = m.kernel;
		let base: [number, number] = [0, 0];
		const note = (which: string) => {
			if (marks[which]!.length === 0) base = [k.slice, k.clock];
			marks[which]!.push(`${k.slice - base[0]}@${k.clock - base[1]}`);
		};
		expect((await m.run({ command: '/usr/bin/awaited' })).exitCode).toBe(0);
		expect((await m.run({ command: '/usr/bin/now' })).exitCode).toBe(0);
		m.dispose();
		expect(marks.now).toEqual(marks.awaited);
		// 360 calls: a slice of 100 calls ends with a promise, the others answer at once.
		expect(new Set(marks.now!.map((mark) => mark.split('@')[0])).size).toBeGreaterThanOrEqual(4);
		expect(promises).toBeGreaterThanOrEqual(3);
		expect(promises).toBeLessThan(10);
	});
});
