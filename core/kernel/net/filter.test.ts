import { describe, expect, it } from 'vitest';
import { boot, run } from '../../test-helpers.ts';

/** Two aliases on eth0, as the per-user firewall gives each user an address. */
const ALIASES =
	'ifconfig eth0:a 192.168.1.21 netmask 255.255.255.0; ifconfig eth0:b 192.168.1.22 netmask 255.255.255.0; ';
const FROM = (ip: string, cmd: string) => `chbind --silent --ip ${ip} ${cmd}`;

describe('the ipchains packet filter', () => {
	it('rejects connections by source address on the input chain, others pass', async () => {
		const r = await run(
			ALIASES +
				'ipchains -A input -s 192.168.1.22 -p tcp -d 0/0 80 -j REJECT; ' +
				FROM('192.168.1.22', 'telnet 192.168.1.1 80') +
				'; echo "b: $?"; ' +
				FROM('192.168.1.21', 'wget -q -O /dev/null http://192.168.1.1/') +
				'; echo "a: $?"; ' +
				FROM('192.168.1.22', 'wget -q -O /dev/null http://127.0.0.1/') +
				'; echo "b to lo: $?"'
		);
		expect(r.stdout).toContain('b: 1\n');
		expect(r.stderr).toContain('telnet: connect to address 192.168.1.1: Connection refused');
		expect(r.stdout).toContain('a: 0\n');
		// The rule names destination 0/0: loopback is judged too, and 127.0.0.1 still sees .22.
		expect(r.stdout).toContain('b to lo: 1\n');
	});

	it('DENY drops the SYN: the connect gives up after the SYN retries (189 s)', async () => {
		// Longer than exec's limit: typed on a terminal, which waits as long as it is told.
		const m = await boot();
		try {
			const id = await m.openTerminal({ user: 'root', cols: 200, rows: 24 });
			let screen = '';
			m.attach(id, (c) => (screen += String.fromCharCode(...c)));
			await m.settle(id, 5000);
			m.input(
				id,
				'ipchains -A input -p tcp -d 0/0 23 -j DENY; date +%s; telnet 127.0.0.1 23; date +%s; ' +
					'ipchains -P input REJECT; telnet 127.0.0.1 80\r'
			);
			await m.settle(id, 300_000);
			const [t0, t1] = screen.match(/^\d+\r?$/gm)!.map((l) => Number(l.trim()));
			expect(t1! - t0!).toBe(189);
			expect(screen).toContain('telnet: connect to address 127.0.0.1: Connection timed out');
			expect(screen).toContain('telnet: connect to address 127.0.0.1: Connection refused');
		} finally {
			m.dispose();
		}
	});

	it("a refusal on the sender's output chain is EPERM", async () => {
		const r = await run('ipchains -A output -d 192.168.1.1 -j DENY; telnet 192.168.1.1 80');
		expect(r.stderr).toContain('telnet: connect to address 192.168.1.1: Operation not permitted');
	});

	it('lists, deletes by number and by rule, flushes and sets policies', async () => {
		const r = await run(
			'ipchains -A input -s 192.168.1.0/24 -j ACCEPT; ipchains -I input -s ! 10.0.0.1 -p udp -j DENY; ' +
				'ipchains -A output -p tcp -s 0/0 1024:65535 -j REJECT; ipchains -P forward DENY; ' +
				'ipchains -L -n; ipchains -D input -s 192.168.1.0/24 -j ACCEPT; ipchains -D input 1; ' +
				'ipchains -D input 1; echo "status $?"; ipchains -F; ipchains -L output; ipchains -L nosuch'
		);
		expect(r.stdout).toBe(
			'Chain input (policy ACCEPT):\n' +
				'target     prot opt     source                destination           ports\n' +
				'DENY       udp  ------  !10.0.0.1             0.0.0.0/0             * ->   *\n' +
				'ACCEPT     all  ------  192.168.1.0/24        0.0.0.0/0             n/a\n' +
				'Chain forward (policy DENY):\n' +
				'Chain output (policy ACCEPT):\n' +
				'target     prot opt     source                destination           ports\n' +
				'REJECT     tcp  ------  0.0.0.0/0             0.0.0.0/0             1024:65535 ->   *\n' +
				'status 1\n' +
				'Chain output (policy ACCEPT):\n'
		);
		expect(r.stderr).toBe(
			'ipchains: Bad rule (does a matching rule exist in that chain?)\n' +
				'ipchains: No chain by that name\n'
		);
	});

	it('root in a --secure context may not change it, nor may a user', async () => {
		const vs = await run(
			'chcontext --silent --secure /sbin/ipchains -A input -j DENY; echo $?; ipchains -L input'
		);
		expect(vs.stdout).toBe('3\nChain input (policy ACCEPT):\n');
		expect(vs.stderr).toBe('/sbin/ipchains: Permission denied (you must be root)\n');
		const user = await run('/sbin/ipchains -F', { user: 'user' });
		expect(user.stderr).toBe('/sbin/ipchains: Permission denied (you must be root)\n');
	});

	it('answers bad arguments with a usage hint and status 2', async () => {
		const r = await run(
			'ipchains -A input -p gre; echo $?; ipchains -A input -j MASQ; ipchains -A input -s 1.2.3.4 80; ipchains'
		);
		expect(r.stdout).toBe('2\n');
		expect(r.stderr).toBe(
			"ipchains: invalid protocol `gre' specified\nTry `ipchains -h' or 'ipchains --help' for more information.\n" +
				"ipchains: invalid target `MASQ' specified\nTry `ipchains -h' or 'ipchains --help' for more information.\n" +
				"ipchains: can only specify ports with TCP or UDP\nTry `ipchains -h' or 'ipchains --help' for more information.\n" +
				"ipchains: no command specified\nTry `ipchains -h' or 'ipchains --help' for more information.\n"
		);
	});
});
