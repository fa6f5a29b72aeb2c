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
	describe('device hiding (ctx-6)', () => {
		it('shows a chbind-ed process only the device and alias carrying its IP', async () => {
			const l = await lab();
			try {
				await l.run(['ifconfig', 'eth0:v1', '192.168.1.10', 'netmask', '255.255.255.0']);
				await l.run(['ifconfig', 'eth0:v2', '192.168.1.11', 'netmask', '255.255.255.0']);
				const inBox = (cmd: string) =>
					l.run(['chbind', '--silent', '--ip', '192.168.1.10', 'sh', '-c', cmd]);
				const heads = (out: string) => out.split('\n').filter((x) => /^\S/.test(x));
				const all = await inBox('ifconfig');
				expect(heads(all.stdout)).toEqual([
					expect.stringMatching(/^eth0 {6}Link encap:Ethernet/),
					expect.stringMatching(/^eth0:v1 {3}Link encap:Ethernet/)
				]);
				// eth0 itself: its device part, not the host's address.
				expect(all.stdout).not.toContain('192.168.1.1 ');
				expect(all.stdout).toContain('inet addr:192.168.1.10  Bcast:192.168.1.255');
				expect((await inBox('cat /proc/net/dev')).stdout.split('\n').slice(2)).toEqual([
					expect.stringMatching(/^ {2}eth0:/),
					''
				]);
				// A card asked for by name answers, without an address that is not the box's own.
				expect(await inBox('ifconfig lo')).toEqual(
					ok(
						'lo        Link encap:Local Loopback  \n          UP LOOPBACK RUNNING  MTU:16436  Metric:1\n\n'
					)
				);
				expect(await inBox('ifconfig eth0:v2')).toEqual(
					ok('', 'eth0:v2: error fetching interface information: Device not found\n', 1)
				);
				// The host, and the spectator context without an ipv4root, see everything.
				expect(heads((await l.run(['ifconfig'])).stdout)).toHaveLength(4);
				const spect = await l.run(['chcontext', '--silent', '--ctx', '1', 'cat', '/proc/net/dev']);
				expect(spect.stdout).toContain('    lo:');
			} finally {
				l.dispose();
			}
		});

		it('lists nothing to an IP no device carries; a change still needs CAP_NET_ADMIN', async () => {
			const l = await lab();
			try {
				const box = ['chbind', '--silent', '--ip', '10.9.9.9'];
				expect(await l.run([...box, 'ifconfig', '-a'])).toEqual(ok(''));
				const e = await l.run([...box, 'ifconfig', 'eth0']);
				expect(e.stdout).not.toContain('inet addr');
				const down = await l.run([...box, 'reducecap', '--secure', 'ifconfig', 'eth0', 'down']);
				expect(down.stderr).toBe('Executing\nSIOCSIFFLAGS: Operation not permitted\n');
			} finally {
				l.dispose();
			}
		});
	});
});
