import { describe, expect, it } from 'vitest';
import { lab, ok, type Lab } from './testing.ts';
import { fakeProcOn, PTS } from './lib/fake-proc.ts';

async function withProc(fn: (l: Lab) => Promise<void>, uptime = 100): Promise<void> {
	const l = await lab();
	try {
		await fakeProcOn(
			l,
			[
				{ pid: 1, comm: 'init' },
				{ pid: 400, comm: 'bash', tty: PTS(0), tpgid: 420, args: ['-bash'], utime: 5 },
				{ pid: 420, comm: 'vi', tty: PTS(0), tpgid: 420, args: ['vi', 'notes'], utime: 2 }
			],
			{ uptime }
		);
		await fn(l);
	} finally {
		l.dispose();
	}
}

describe('uptime, free, who, w', () => {
	it('uptime prints the clock, the time up, the users and the load', () =>
		withProc(async (l) => {
			expect(await l.run(['uptime'])).toEqual(
				ok(' 12:00:00  up 1 min,  0 users,  load average: 0.08, 0.03, 0.01\n')
			);
		}));

	it('uptime counts days and hours', () =>
		withProc(
			async (l) => {
				expect(await l.run(['uptime'])).toEqual(
					ok(' 12:00:00  up 2 days,  3:04,  0 users,  load average: 0.08, 0.03, 0.01\n')
				);
			},
			2 * 86400 + 3 * 3600 + 4 * 60
		));

	it('free shows memory from /proc/meminfo in kB, MB, and with a total', () =>
		withProc(async (l) => {
			expect(await l.run(['free'])).toEqual(
				ok(
					'             total       used       free     shared    buffers     cached\n' +
						'Mem:        65536      25536      40000          0       2000       8000\n' +
						'-/+ buffers/cache:      15536      50000\n' +
						'Swap:      130748          0     130748\n'
				)
			);
			expect((await l.run(['free', '-m', '-o', '-t'])).stdout).toBe(
				'             total       used       free     shared    buffers     cached\n' +
					'Mem:           64         24         39          0          1          7\n' +
					'Swap:         127          0        127\n' +
					'Total:        191         24        166\n'
			);
			expect(await l.run(['free', '-x'])).toEqual(
				ok(
					'',
					'usage: free [-b|-k|-m] [-o] [-s delay] [-t] [-V]\n  -b,-k,-m  show output in bytes, KB, or MB\n  -o        use old format (no -/+buffers/cache line)\n  -t        display total for RAM + swap\n  -s        update every [delay] seconds\n  -V        display version information and exit\n',
					1
				)
			);
		}));

	it('who lists the owner of each terminal', () =>
		withProc(async (l) => {
			expect((await l.run(['who'], { tty: { cols: 80 } })).stdout).toBe(
				'root     pts/0    Mar  1 12:00\r\n'
			);
		}));

	it("w shows what each terminal's foreground job runs", () =>
		withProc(async (l) => {
			const r = await l.run(['w'], { tty: { cols: 80 } });
			expect(r.stdout.split('\r\n').slice(0, 3)).toEqual([
				' 12:00:00  up 1 min,  1 user,  load average: 0.08, 0.03, 0.01',
				'USER     TTY      FROM              LOGIN@   IDLE   JCPU   PCPU  WHAT',
				'root     pts/0    -                12:00    0.00s  0.07s  0.02s  vi notes'
			]);
		}));
});
