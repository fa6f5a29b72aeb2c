import { describe, expect, it } from 'vitest';
import { lab, ok, run1 } from './testing.ts';

describe('dmesg', () => {
	it('prints the boot messages built from the machine', async () => {
		const r = await run1(['dmesg'], { user: 'user' });
		const lines = r.stdout.split('\n');
		expect(lines[0]).toBe(
			'Linux version 2.4.20ctx-17 (root@localhost.localdomain) (gcc version 2.96 20000731 (Red Hat Linux 7.3 2.96-110)) #1 Sat Mar 1 12:00:00 EST 2003'
		);
		expect(lines).toContain(
			'Memory: 127404k/131072k available (1234k kernel code, 3668k reserved)'
		);
		expect(lines.find((l) => l.startsWith('eth0:'))).toMatch(
			/^eth0: NE2000 Compatible at 0x1000, [0-9A-F:]{17}, IRQ 10\.$/
		);
		expect(r.exitCode).toBe(0);
	});

	it('clears the ring with -c only with CAP_SYS_ADMIN', async () => {
		expect(await run1(['dmesg', '-c'], { user: 'user' })).toEqual(
			ok('', 'klogctl: Operation not permitted\n', 1)
		);
		const l = await lab();
		try {
			expect((await l.run(['dmesg', '-c'])).stdout).toContain('Linux version');
			expect(await l.run(['dmesg'])).toEqual(ok(''));
		} finally {
			l.dispose();
		}
	});
});
