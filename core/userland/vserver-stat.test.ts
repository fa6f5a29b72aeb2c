import { describe, expect, it } from 'vitest';
import { lab, ok } from './testing.ts';
import { formatSize, formatTime } from './vserver-stat.ts';

const HEADER = 'CTX  PROC    VSZ    RSS  userTIME   sysTIME    UPTIME NAME     DESCRIPTION';

describe('vserver-stat', () => {
	it("prints times with the C format strings' quirks: a zero leading field is blanks", () => {
		expect(formatTime(52)).toBe('   m00.52');
		expect(formatTime((5 * 60 + 3) * 100 + 2)).toBe('  5m03.02');
		expect(formatTime((3600 + 2 * 60 + 3) * 100)).toBe('  1h02m03');
		expect(formatTime((2 * 86400 + 5 * 3600 + 3 * 60) * 100)).toBe('  2d05h03');
		// The day form folds the hours modulo 12.
		expect(formatTime((86400 + 17 * 3600 + 60) * 100)).toBe('  1d05h01');
	});

	it('prints sizes divided by 1024 for each unit', () => {
		expect(
			[0, 1023, 1024, 5 * 1024 * 1024 + 7, 3 * 1024 ** 3, 2 * 1024 ** 4].map(formatSize)
		).toEqual(['0B', '1023B', '1kB', '5MB', '3GB', '2TB']);
	});

	it('prints a help and exits 0 on any argument', async () => {
		const l = await lab();
		try {
			const r = await l.run(['vserver-stat', 'x']);
			expect(r.exitCode).toBe(0);
			expect(r.stdout).toMatch(/^vserver-stat: /);
			expect(r.stdout).toContain('DESCRIPTION');
		} finally {
			l.dispose();
		}
	});

	it('refuses a normal user, who cannot switch to context 1', async () => {
		const l = await lab();
		try {
			expect(await l.run(['/usr/sbin/vserver-stat'], { user: 'user' })).toEqual(
				ok('', '/usr/sbin/vserver-stat: unable to switch in context security #1\n', 1)
			);
		} finally {
			l.dispose();
		}
	});

	it('has a row per context, sorted, with the vserver name and description, itself left out', async () => {
		const l = await lab();
		try {
			await l.run('vserver v1 build');
			await l.run('chroot /vservers/v1 /sbin/chkconfig --level 3 crond on');
			await l.run('chroot /vservers/v1 /sbin/chkconfig --level 3 syslog on');
			await l.run(
				'sed "s/^# Description: .*/# Description: Test web server/" /etc/vservers/v1.conf > /tmp/c; cp /tmp/c /etc/vservers/v1.conf'
			);
			await l.run('vserver --silent v1 start');
			const r = await l.run(['vserver-stat']);
			const lines = r.stdout.split('\n');
			expect(lines[0]).toBe(HEADER);
			const hostProcs = [...l.kernel.procs.values()].filter((p) => p.ctx === 0).length;
			// Everything of context 0 but vserver-stat itself, which ran in context 1.
			expect(lines[1]).toMatch(
				new RegExp(
					`^0    ${String(hostProcs).padStart(4)} +\\d+[kM]?B +\\d+[kM]?B .{9} .{9} .{9} root server $`
				)
			);
			expect(lines[2]).toMatch(
				/^2 {7}2 +\d+[kM]?B +\d+[kM]?B .{9} .{9} .{9} v1 {7}Test web server$/
			);
			expect(lines.slice(3)).toEqual(['']);
			// Context 1 has a row only while something else runs there.
			const m = await l.run('chcontext --silent --ctx 1 sleep 100 & sleep 1; vserver-stat');
			expect(m.stdout).toMatch(/^1 {7}1 .* monitoring server $/m);
		} finally {
			l.dispose();
		}
	});
});
