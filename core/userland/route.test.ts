import { describe, expect, it } from 'vitest';
import { lab, ok, run1 } from './testing.ts';

describe('route and ip', () => {
	it('route -n shows a connected route per interface address', async () => {
		expect(await run1(['route', '-n'])).toEqual(
			ok(
				'Kernel IP routing table\n' +
					'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n' +
					'192.168.1.0     0.0.0.0         255.255.255.0   U     0      0        0 eth0\n' +
					'127.0.0.0       0.0.0.0         255.0.0.0       U     0      0        0 lo\n'
			)
		);
		expect((await run1(['route'])).stdout.split('\n')[2]).toBe(
			'192.168.1.0     *               255.255.255.0   U     0      0        0 eth0'
		);
	});

	it('ip addr lists devices with their addresses, aliases as secondary', async () => {
		const l = await lab();
		try {
			await l.run(['ifconfig', 'eth0:1', '192.168.1.10']);
			const r = await l.run(['ip', 'addr']);
			expect(r.stdout.replace(/link\/ether \S+/, 'link/ether X')).toBe(
				'1: lo: <LOOPBACK,UP> mtu 16436 qdisc noqueue \n' +
					'    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n' +
					'    inet 127.0.0.1/8 brd 127.255.255.255 scope host lo\n' +
					'2: eth0: <BROADCAST,MULTICAST,UP> mtu 1500 qdisc pfifo_fast qlen 100\n' +
					'    link/ether X brd ff:ff:ff:ff:ff:ff\n' +
					'    inet 192.168.1.1/24 brd 192.168.1.255 scope global eth0\n' +
					'    inet 192.168.1.10/24 brd 192.168.1.255 scope global secondary eth0:1\n'
			);
		} finally {
			l.dispose();
		}
	});

	it('ip link show dev names one device, or says it cannot', async () => {
		expect((await run1(['ip', 'link', 'show', 'lo'])).stdout).toBe(
			'1: lo: <LOOPBACK,UP> mtu 16436 qdisc noqueue \n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n'
		);
		expect(await run1(['ip', 'link', 'show', 'dev', 'eth7'])).toEqual(
			ok('', 'Cannot find device "eth7"\n', 1)
		);
		expect(await run1(['ip', 'foo'])).toEqual(
			ok('', 'Object "foo" is unknown, try "ip help".\n', 1)
		);
	});
});
