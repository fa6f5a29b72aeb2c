import { describe, expect, it } from 'vitest';
import { ok, run1 } from './testing.ts';

const box = ['grep', '^ipv4root', '/proc/self/status'];
const usage =
	'chbind version 0.22\nchbind [ --silent ] [ --ip ip_num[/mask] ] [ --bcast broadcast ] command argument\n';

describe('chbind', () => {
	it("takes a device's address, mask and broadcast for --ip eth0, even as a normal user", async () => {
		expect(await run1(['chbind', '--ip', 'eth0', ...box], { user: 'user' })).toEqual(
			ok(
				'ipv4root is now 192.168.1.1\nipv4root: 192.168.1.1/255.255.255.0\nipv4root_bcast: 192.168.1.255\n'
			)
		);
	});

	it('reads an address with a prefix length or a dotted mask, 255.255.255.0 by default, and --bcast', async () => {
		expect(
			await run1(['chbind', '--ip', '10.1.2.3/16', '--bcast', '10.1.255.255', ...box])
		).toEqual(
			ok('ipv4root is now 10.1.2.3\nipv4root: 10.1.2.3/255.255.0.0\nipv4root_bcast: 10.1.255.255\n')
		);
		expect(await run1(['chbind', '--ip', '10.1.2.3/255.0.0.0', ...box])).toEqual(
			ok(
				'ipv4root is now 10.1.2.3\nipv4root: 10.1.2.3/255.0.0.0\nipv4root_bcast: 255.255.255.255\n'
			)
		);
		expect(await run1(['chbind', '--ip', '10.1.2.3', '--bcast', 'eth0', ...box])).toEqual(
			ok(
				'ipv4root is now 10.1.2.3\nipv4root: 10.1.2.3/255.255.255.0\nipv4root_bcast: 192.168.1.255\n'
			)
		);
	});

	it('looks host names up in /etc/hosts and lists every address it was given', async () => {
		expect(await run1(['chbind', '--ip', 'eth0', '--ip', 'localhost', ...box])).toEqual(
			ok(
				'ipv4root is now 192.168.1.1 127.0.0.1\nipv4root: 192.168.1.1/255.255.255.0\nipv4root: 127.0.0.1/255.255.255.0\n' +
					'ipv4root_bcast: 192.168.1.255\n'
			)
		);
	});

	it('refuses a bad address or netmask with the usage and exit status 255', async () => {
		expect(await run1(['chbind', '--ip', 'nowhere/24', 'true'])).toEqual(
			ok('', `Invalid IP number or host name: nowhere\n${usage}`, 255)
		);
		expect(await run1(['chbind', '--ip', '10.0.0.1/nomask.', 'true'])).toEqual(
			ok('', `Invalid netmask: nomask.\n${usage}`, 255)
		);
		expect(await run1(['chbind', '--bcast', '300.1.1.1', 'true'])).toEqual(
			ok('', `Invalid broadcast number: 300.1.1.1\n${usage}`, 255)
		);
		expect(await run1(['chbind', '--ip', 'eth0'])).toEqual(ok('', usage, 255));
		expect(await run1(['chbind', '--ip', 'eth0', '--verbose', 'true'])).toEqual(ok('', usage, 255));
	});

	it('is one-way: a boxed user cannot move to another address, nor lift the box', async () => {
		expect(
			await run1(['chbind', '--silent', '--ip', 'eth0', 'chbind', '--ip', '10.0.0.1', 'true'], {
				user: 'user'
			})
		).toEqual(ok('', "Can't set the ipv4 root (Operation not permitted)\n", 255));
		expect(
			await run1(['chbind', '--silent', '--ip', 'eth0', 'chbind', '--ip', '0.0.0.0', 'true'], {
				user: 'user'
			})
		).toEqual(ok('', "Can't set the ipv4 root (Operation not permitted)\n", 255));
	});

	it('lets root with CAP_NET_ADMIN lift the box with 0.0.0.0, as rootshell does', async () => {
		expect(
			await run1(['chbind', '--silent', '--ip', 'eth0', 'chbind', '--ip', '0.0.0.0', ...box])
		).toEqual(ok('ipv4root is now 0.0.0.0\nipv4root: 0.0.0.0\nipv4root_bcast: 255.255.255.255\n'));
	});

	it('reports a command it cannot exec', async () => {
		expect(await run1(['chbind', '--silent', '--ip', 'eth0', 'nosuch'])).toEqual(
			ok('', "Can't exec nosuch (No such file or directory)\n", 255)
		);
	});
});
