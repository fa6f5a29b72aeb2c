import { describe, expect, it } from 'vitest';
import { lab, ok, run1 } from './testing.ts';

describe('ifconfig', () => {
	it('shows one interface in the net-tools 1.60 layout', async () => {
		const r = await run1(['ifconfig', 'eth0']);
		expect(r.stdout.replace(/HWaddr \S+/, 'HWaddr X')).toBe(
			'eth0      Link encap:Ethernet  HWaddr X  \n' +
				'          inet addr:192.168.1.1  Bcast:192.168.1.255  Mask:255.255.255.0\n' +
				'          UP BROADCAST RUNNING MULTICAST  MTU:1500  Metric:1\n' +
				'          RX packets:0 errors:0 dropped:0 overruns:0 frame:0\n' +
				'          TX packets:0 errors:0 dropped:0 overruns:0 carrier:0\n' +
				'          collisions:0 txqueuelen:100 \n' +
				'          RX bytes:0 (0.0 b)  TX bytes:0 (0.0 b)\n' +
				'          Interrupt:10 Base address:0x1000 \n\n'
		);
	});

	it('lists the interfaces that are up, loopback included', async () => {
		const r = await run1(['ifconfig'], { user: 'user' });
		expect(r.stdout.split('\n').filter((l) => /^\S/.test(l))).toEqual([
			expect.stringMatching(/^eth0 {6}Link encap:Ethernet/),
			'lo        Link encap:Local Loopback  '
		]);
		expect(r.stdout).toContain(
			'          inet addr:127.0.0.1  Mask:255.0.0.0\n          UP LOOPBACK RUNNING  MTU:16436  Metric:1\n'
		);
	});

	it('may not take an interface down without CAP_NET_ADMIN', async () => {
		expect(await run1(['ifconfig', 'eth0', 'down'], { user: 'user' })).toEqual(
			ok('', 'SIOCSIFFLAGS: Operation not permitted\n', 255)
		);
	});

	it('adds an alias as root and shows it without counters, and takes eth0 down', async () => {
		const l = await lab();
		try {
			expect(
				await l.run(['ifconfig', 'eth0:1', '192.168.1.10', 'netmask', '255.255.255.0'])
			).toEqual(ok(''));
			expect((await l.run(['ifconfig', 'eth0:1'])).stdout.replace(/HWaddr \S+/, 'HWaddr X')).toBe(
				'eth0:1    Link encap:Ethernet  HWaddr X  \n' +
					'          inet addr:192.168.1.10  Bcast:192.168.1.255  Mask:255.255.255.0\n' +
					'          UP BROADCAST RUNNING MULTICAST  MTU:1500  Metric:1\n\n'
			);
			expect(await l.run(['ifconfig', 'eth0', 'down'])).toEqual(ok(''));
			expect((await l.run(['ifconfig'])).stdout.split('\n')[0]).toBe(
				'lo        Link encap:Local Loopback  '
			);
		} finally {
			l.dispose();
		}
	});

	it('names a missing interface', async () => {
		expect(await run1(['ifconfig', 'eth9'])).toEqual(
			ok('', 'eth9: error fetching interface information: Device not found\n', 1)
		);
	});
});
