import { describe, expect, it } from 'vitest';
import { bootWith, runProgram } from '../../test-helpers.ts';
import {
	AF_INET,
	SOCK_DGRAM,
	SOCK_STREAM,
	isErrno,
	O_RDONLY,
	type Sys
} from '../../syscalls/index.ts';

const say = (sys: Sys, text: string) => sys.write(1, text + '\n');
const show = (r: unknown) => (isErrno(r) ? r.name : JSON.stringify(r));
const eth0 = [{ ip: '192.168.1.1', mask: '255.255.255.0' }];

async function listen(sys: Sys, addr: string, port: number): Promise<string> {
	const fd = await sys.socket(AF_INET, SOCK_STREAM);
	if (isErrno(fd)) return fd.name;
	const b = await sys.bind(fd, { addr, port });
	if (isErrno(b)) return b.name;
	await sys.listen(fd);
	return show(await sys.getsockname(fd));
}

describe('set_ipv4root', () => {
	it('bind to 0.0.0.0 becomes the single ipv4root address; other addresses are EADDRNOTAVAIL', async () => {
		const r = await runProgram(async (sys) => {
			await say(sys, show(await sys.set_ipv4root(eth0, '192.168.1.255')));
			await say(sys, await listen(sys, '0.0.0.0', 8000));
			await say(sys, await listen(sys, '127.0.0.1', 8001));
			await say(sys, await listen(sys, '192.168.1.1', 8002));
			return 0;
		});
		expect(r.stdout).toBe(
			'0\n{"addr":"192.168.1.1","port":8000}\nEADDRNOTAVAIL\n{"addr":"192.168.1.1","port":8002}\n'
		);
	});

	it('connect from a boxed process uses the ipv4root address as source, even towards 127.0.0.1', async () => {
		const r = await runProgram(async (sys) => {
			await listen(sys, '127.0.0.1', 23);
			const pid = await sys.fork(async (child) => {
				await child.set_ipv4root(eth0, '192.168.1.255');
				const c = await child.socket(AF_INET, SOCK_STREAM);
				if (isErrno(c)) return 1;
				await say(
					child,
					show(await child.connect(c, { addr: '127.0.0.1', port: 23 })) +
						' ' +
						show(await child.getsockname(c))
				);
				return 0;
			});
			if (!isErrno(pid)) await sys.waitpid(pid);
			return 0;
		});
		expect(r.stdout).toBe('0 {"addr":"192.168.1.1","port":32768}\n');
	});

	it('a host listener on 0.0.0.0 blocks the port for a boxed process, which can take another port', async () => {
		const r = await runProgram(async (sys) => {
			await listen(sys, '0.0.0.0', 80);
			await sys.set_ipv4root(eth0, '192.168.1.255');
			await say(sys, (await listen(sys, '0.0.0.0', 80)) + ' ' + (await listen(sys, '0.0.0.0', 81)));
			return 0;
		});
		expect(r.stdout).toBe('EADDRINUSE {"addr":"192.168.1.1","port":81}\n');
	});

	it('with several addresses a 0.0.0.0 bind stays any but two boxes share a port', async () => {
		const m = await bootWith({
			two: async (sys) => {
				// Root adds two aliases (CAP_NET_ADMIN), then two boxes bind port 80 each.
				const s = await sys.socket(AF_INET, SOCK_DGRAM);
				if (isErrno(s)) return 1;
				await sys.ioctl(s, 0x8916, { name: 'eth0:a', addr: '192.168.1.10' });
				await sys.ioctl(s, 0x8916, { name: 'eth0:b', addr: '192.168.1.11' });
				const out: string[] = [];
				for (const ips of [['192.168.1.10'], ['192.168.1.11', '192.168.1.12']]) {
					const pid = await sys.fork(async (c) => {
						await c.set_ipv4root(
							ips.map((ip) => ({ ip, mask: '255.255.255.0' })),
							'192.168.1.255'
						);
						await say(c, await listen(c, '0.0.0.0', 80));
						await c.pause();
						return 0;
					});
					if (isErrno(pid)) return 2;
					out.push(String(pid));
					await sys.sleep(10);
				}
				await say(
					sys,
					(await listen(sys, '192.168.1.11', 80)) +
						' ' +
						(await listen(sys, '192.168.1.12', 80)) +
						' ' +
						(await listen(sys, '192.168.1.1', 80))
				);
				return 0;
			}
		});
		const r = await m.run({ command: '/usr/bin/two' });
		m.dispose();
		expect(r.stdout).toBe(
			'{"addr":"192.168.1.10","port":80}\n{"addr":"0.0.0.0","port":80}\nEADDRINUSE EADDRNOTAVAIL {"addr":"192.168.1.1","port":80}\n'
		);
	});

	it('once boxed, widening is EPERM without CAP_NET_ADMIN; a subset with the same broadcast is fine', async () => {
		const r = await runProgram(
			async (sys) => {
				const two = [...eth0, { ip: '127.0.0.1', mask: '255.0.0.0' }];
				const out = [await sys.set_ipv4root(two, '192.168.1.255')];
				out.push(await sys.set_ipv4root([{ ip: '10.0.0.1', mask: '255.0.0.0' }], '192.168.1.255'));
				out.push(await sys.set_ipv4root([{ ip: '0.0.0.0', mask: '0.0.0.0' }], '0.0.0.0'));
				out.push(await sys.set_ipv4root(eth0, '255.255.255.255'));
				out.push(await sys.set_ipv4root(eth0, '192.168.1.255'));
				out.push(await sys.set_ipv4root(two, '192.168.1.255'));
				await say(sys, out.map(show).join(' '));
				return 0;
			},
			{ user: 'user' }
		);
		expect(r.stdout).toBe('0 EPERM EPERM EPERM 0 EPERM\n');
	});

	it('root with CAP_NET_ADMIN may re-box, and 0.0.0.0 lifts the box (rootshell)', async () => {
		const r = await runProgram(async (sys) => {
			const out = [await sys.set_ipv4root(eth0, '192.168.1.255')];
			out.push(await sys.set_ipv4root([{ ip: '127.0.0.1', mask: '255.0.0.0' }], '127.255.255.255'));
			out.push(await sys.set_ipv4root([{ ip: '0.0.0.0', mask: '0.0.0.0' }], '0.0.0.0'));
			await say(sys, out.map(show).join(' ') + ' ' + (await listen(sys, '0.0.0.0', 9000)));
			return 0;
		});
		expect(r.stdout).toBe('0 0 0 {"addr":"0.0.0.0","port":9000}\n');
	});

	it('more than 16 addresses is EINVAL', async () => {
		const r = await runProgram(async (sys) => {
			const ips = Array.from({ length: 17 }, (_, i) => ({
				ip: `10.0.0.${i + 1}`,
				mask: '255.0.0.0'
			}));
			await say(sys, show(await sys.set_ipv4root(ips, '10.255.255.255')));
			return 0;
		});
		expect(r.stdout).toBe('EINVAL\n');
	});

	it('the box is inherited at fork and the parent stays free; the snapshot shows both', async () => {
		const m = await bootWith({
			boxkid: async (sys) => {
				const pid = await sys.fork(async (c) => {
					await c.set_ipv4root(eth0, '192.168.1.255');
					const g = await c.fork(async (gc) => (await gc.pause(), 0));
					if (isErrno(g)) return 1;
					await c.pause();
					return 0;
				});
				if (isErrno(pid)) return 1;
				await sys.sleep(50);
				await say(sys, await listen(sys, '127.0.0.1', 9100));
				return 0;
			}
		});
		const r = await m.run({ command: '/usr/bin/boxkid' });
		const snap = m.kernel.snapshot();
		m.dispose();
		expect(r.stdout).toBe('{"addr":"127.0.0.1","port":9100}\n');
		const boxed = snap.processes.filter((p) => p.comm === 'boxkid' && p.ipv4root.length > 0);
		expect(boxed.map((p) => [p.ipv4root, p.bcast])).toEqual([
			[[{ ip: '192.168.1.1', mask: '255.255.255.0' }], '192.168.1.255'],
			[[{ ip: '192.168.1.1', mask: '255.255.255.0' }], '192.168.1.255']
		]);
	});

	it('/proc/self/status shows the ipv4root lines', async () => {
		const r = await runProgram(async (sys) => {
			await sys.set_ipv4root(eth0, '192.168.1.255');
			const fd = await sys.open('/proc/self/status', O_RDONLY);
			if (isErrno(fd)) return 1;
			let text = '';
			for (
				let d = await sys.read(fd, 4096);
				typeof d === 'string' && d !== '';
				d = await sys.read(fd, 4096)
			) {
				text += d;
			}
			await sys.write(
				1,
				text
					.split('\n')
					.filter((l) => l.startsWith('ipv4root'))
					.join('\n') + '\n'
			);
			return 0;
		});
		expect(r.stdout).toBe('ipv4root: 192.168.1.1/255.255.255.0\nipv4root_bcast: 192.168.1.255\n');
	});
});
