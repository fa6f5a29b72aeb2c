import { describe, expect, it } from 'vitest';
import { lab, ok } from './testing.ts';
import { fakeProcOn } from './lib/fake-proc.ts';
import { boot } from '../test-helpers.ts';

describe('top', () => {
	it('writes one plain frame with -b -n 1', async () => {
		const l = await lab();
		try {
			await fakeProcOn(
				l,
				[
					{ pid: 1, comm: 'init', utime: 300, stime: 104, rssPages: 119, vsizeKb: 1368 },
					{ pid: 400, comm: 'bash', ppid: 1, uid: 500, rssPages: 300, vsizeKb: 2400, nice: 5 },
					{ pid: 401, comm: 'yes', ppid: 400, state: 'R', uid: 500 }
				],
				{ uptime: 100 }
			);
			expect(await l.run(['top', '-b', '-n', '1'])).toEqual(
				ok(
					' 12:00:00  up 1 min,  0 users,  load average: 0.08, 0.03, 0.01\n' +
						'3 processes: 2 sleeping, 1 running, 0 zombie, 0 stopped\n' +
						'CPU states:   0.0% user,   0.0% system,   0.0% nice, 100.0% idle\n' +
						'Mem:    65536K av,   25536K used,   40000K free,       0K shrd,    2000K buff\n' +
						'Swap:  130748K av,       0K used,  130748K free                    8000K cached\n' +
						'\n' +
						'  PID USER     PRI  NI  SIZE  RSS SHARE STAT %CPU %MEM   TIME COMMAND\n' +
						'  401 user      15   0  1000  400   320 R     0.0  0.6   0:00 yes\n' +
						'  400 user      10   5  2400 1200   960 S     0.0  1.8   0:00 bash\n' +
						'    1 root      15   0  1368  476   380 S     0.0  0.7   0:04 init\n\n'
				)
			);
		} finally {
			l.dispose();
		}
	});

	it('refuses to run full-screen without a terminal', async () => {
		const l = await lab();
		try {
			expect(await l.run(['top'])).toEqual(
				ok('', 'top: not a terminal, use -b for batch mode\n', 1)
			);
		} finally {
			l.dispose();
		}
	});

	it('draws full screen on a terminal, refreshes, and quits on q', async () => {
		const m = await boot();
		try {
			const id = await m.openTerminal({ user: 'root', cols: 80, rows: 24 });
			let out = '';
			m.attach(id, (c) => (out += String.fromCharCode(...c)));
			await m.settle(id, 5000);
			m.input(id, 'top -d 1\n');
			await m.settle(id, 2500);
			// top waits on the keyboard, which counts as idle: move the clock past its delay, as a
			// logged tick does in the browser, and let it draw again.
			m.kernel.advanceClock(m.kernel.clock + 1_100_000);
			await m.settle(id, 2500);
			expect(out).toContain('\x1b[H');
			expect(out).toContain(
				'\x1b[7m  PID USER     PRI  NI  SIZE  RSS SHARE STAT %CPU %MEM   TIME COMMAND\x1b[0m'
			);
			const frames = out.split('\x1b[H').length - 1;
			expect(frames).toBeGreaterThanOrEqual(2);
			m.input(id, 'q');
			expect(await m.settle(id, 5000)).toBe('idle');
			expect(out).toMatch(/\x1b\[K\x1b\[J\r\n\[root@main [^\]]+\]# $/);
		} finally {
			m.dispose();
		}
	});
});
