import { describe, expect, it } from 'vitest';
import { lab, ok, type Lab } from './testing.ts';
import { fakeProcOn, PTS, type FakeProc } from './lib/fake-proc.ts';

// A machine seen from ctx 0: the fake /proc/uptime says 60 s while the machine's clock says 12:00
// at boot, so start times read 11:59.
/** init, two daemons, a root shell, a user shell with a niced job, a zombie. */
const table: FakeProc[] = [
	{ pid: 1, comm: 'init', utime: 300, stime: 104, start: 1, rssPages: 119, vsizeKb: 1368 },
	{ pid: 210, comm: 'syslogd', ppid: 1, args: ['syslogd', '-m', '0'], start: 500 },
	{ pid: 230, comm: 'crond', ppid: 1, start: 600 },
	{ pid: 400, comm: 'bash', ppid: 1, tty: PTS(0), args: ['-bash'], start: 1000, utime: 3 },
	{ pid: 401, comm: 'bash', ppid: 1, tty: PTS(1), uid: 500, args: ['-bash'], start: 1100 },
	{
		pid: 450,
		comm: 'sleep',
		ppid: 401,
		tty: PTS(1),
		uid: 500,
		args: ['sleep', '100'],
		nice: 10,
		start: 5000
	},
	{ pid: 460, comm: 'sh', ppid: 400, tty: PTS(0), state: 'Z', start: 5100 }
];

async function withProc(fn: (l: Lab) => Promise<void>): Promise<void> {
	const l = await lab();
	try {
		await fakeProcOn(l, table, { uptime: 60 });
		await fn(l);
	} finally {
		l.dispose();
	}
}

describe('ps', () => {
	it('lists every process with ax in the procps 2.0.7 BSD layout', () =>
		withProc(async (l) => {
			expect(await l.run(['ps', 'ax'])).toEqual(
				ok(
					'  PID TTY      STAT   TIME COMMAND\n' +
						'    1 ?        S      0:04 init\n' +
						'  210 ?        S      0:00 syslogd -m 0\n' +
						'  230 ?        S      0:00 crond\n' +
						'  400 pts/0    S      0:00 -bash\n' +
						'  401 pts/1    S      0:00 -bash\n' +
						'  450 pts/1    SN     0:00 sleep 100\n' +
						'  460 pts/0    Z      0:00 [sh <defunct>]\n'
				)
			);
		}));

	it('shows users, %CPU, %MEM, sizes and start times with aux', () =>
		withProc(async (l) => {
			const r = await l.run(['ps', 'aux']);
			expect(r.stdout.split('\n').slice(0, 2).join('\n')).toBe(
				'USER       PID %CPU %MEM   VSZ  RSS TTY      STAT START   TIME COMMAND\n' +
					'root         1  6.7  0.7  1368  476 ?        S    11:59   0:04 init'
			);
			expect(r.stdout.split('\n')[5]).toBe(
				'user       401  0.0  0.6  1000  400 pts/1    S    11:59   0:00 -bash'
			);
		}));

	it('prints the full Unix format with -ef', () =>
		withProc(async (l) => {
			const r = await l.run(['ps', '-ef']);
			expect(r.stdout.split('\n').slice(0, 3).join('\n')).toBe(
				'UID        PID  PPID  C STIME TTY          TIME CMD\n' +
					'root         1     0  6 11:59 ?        00:00:04 init\n' +
					'root       210     1  0 11:59 ?        00:00:00 syslogd -m 0'
			);
		}));

	it('selects by command name with -C and by user with -u', () =>
		withProc(async (l) => {
			expect(await l.run(['ps', '-C', 'bash'])).toEqual(
				ok(
					'  PID TTY          TIME CMD\n  400 pts/0    00:00:00 bash\n  401 pts/1    00:00:00 bash\n'
				)
			);
			expect(await l.run(['ps', '-u', 'user', '-o', 'pid,ni,comm'])).toEqual(
				ok('  PID  NI COMMAND\n  401   0 bash\n  450  10 sleep\n')
			);
			expect(await l.run(['ps', '-C', 'xterm'])).toEqual(
				ok('  PID TTY          TIME CMD\n', '', 1)
			);
		}));

	it('takes user-defined columns and headers with -o', () =>
		withProc(async (l) => {
			expect(await l.run(['ps', '-p', '1,450', '-o', 'pid,ppid,user,stat,args'])).toEqual(
				ok(
					'  PID  PPID USER     STAT COMMAND\n    1     0 root     S    init\n  450   401 user     SN   sleep 100\n'
				)
			);
			expect(await l.run(['ps', '-p', '1', '-o', 'pid=PROCESS,comm'])).toEqual(
				ok('PROCESS COMMAND\n    1 init\n')
			);
		}));

	it('rejects an unknown format specifier with the procps usage', () =>
		withProc(async (l) => {
			const r = await l.run(['ps', '-o', 'bogus']);
			expect(r.exitCode).toBe(1);
			expect(r.stderr.split('\n')[0]).toBe('ERROR: Unknown user-defined format specifier.');
			expect(r.stderr.split('\n')[1]).toBe(
				'********* simple selection *********  ********* selection by list *********'
			);
		}));
});

describe("ps on the kernel's /proc", () => {
	it('lists init and itself with ax', async () => {
		const l = await lab();
		try {
			const r = await l.run(['ps', 'ax']);
			const lines = r.stdout.trimEnd().split('\n');
			expect(lines[0]).toBe('  PID TTY      STAT   TIME COMMAND');
			expect(lines[1]).toMatch(/^ {4}1 \? {8}S {6}0:0\d init$/);
			expect(lines[lines.length - 1]).toMatch(/^ +\d+ \? {8}R {6}0:00 ps ax$/);
			expect(r.exitCode).toBe(0);
		} finally {
			l.dispose();
		}
	});
});
