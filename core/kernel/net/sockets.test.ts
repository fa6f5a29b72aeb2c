import { describe, expect, it } from 'vitest';
import { bootWith, runProgram } from '../../test-helpers.ts';
import {
	AF_INET,
	AF_UNIX,
	IFF_UP,
	IPPROTO_ICMP,
	SIOCGIFADDR,
	SIOCGIFBRDADDR,
	SIOCGIFCONF,
	SIOCGIFFLAGS,
	SIOCGIFHWADDR,
	SIOCGIFNETMASK,
	SIOCSIFADDR,
	SIOCSIFFLAGS,
	SIOCSIFNETMASK,
	SOCK_DGRAM,
	SOCK_RAW,
	SOCK_STREAM,
	S_IFMT,
	S_IFSOCK,
	isErrno,
	type Sys
} from '../../syscalls/index.ts';
import { procNetDev, procNetUnix } from './procnet.ts';
import { netOf } from './stack.ts';

const say = (sys: Sys, text: string) => sys.write(1, text + '\n');
const show = (r: unknown) => (isErrno(r) ? r.name : JSON.stringify(r));

describe('interface ioctls', () => {
	it('SIOCGIFCONF lists lo and eth0, and the SIOCGIF* requests read the fixed facts', async () => {
		const r = await runProgram(
			async (sys) => {
				const s = await sys.socket(AF_INET, SOCK_DGRAM);
				if (isErrno(s)) return 1;
				await say(sys, show(await sys.ioctl(s, SIOCGIFCONF)));
				for (const req of [
					SIOCGIFFLAGS,
					SIOCGIFADDR,
					SIOCGIFNETMASK,
					SIOCGIFBRDADDR,
					SIOCGIFHWADDR
				]) {
					await say(sys, show(await sys.ioctl(s, req, { name: 'eth0' })));
				}
				await say(sys, show(await sys.ioctl(s, SIOCGIFFLAGS, { name: 'lo' })));
				await say(
					sys,
					show(await sys.ioctl(s, SIOCGIFFLAGS, { name: 'eth1' })) +
						' ' +
						show(await sys.ioctl(s, SIOCGIFADDR, { name: 'eth0:x' }))
				);
				return 0;
			},
			{ user: 'user' }
		);
		expect(r.stdout).toBe(
			[
				'[{"name":"lo","addr":"127.0.0.1"},{"name":"eth0","addr":"192.168.1.1"}]',
				'{"name":"eth0","flags":4163}',
				'{"name":"eth0","addr":"192.168.1.1"}',
				'{"name":"eth0","netmask":"255.255.255.0"}',
				'{"name":"eth0","broadaddr":"192.168.1.255"}',
				'{"name":"eth0","hwaddr":"00:50:56:A8:01:01","hwtype":1}',
				'{"name":"lo","flags":73}',
				'ENODEV EADDRNOTAVAIL',
				''
			].join('\n')
		);
	});

	it('setting needs CAP_NET_ADMIN: a user gets EPERM and the denial names the capability', async () => {
		const m = await bootWith({
			ifdown: async (sys) => {
				const s = await sys.socket(AF_INET, SOCK_DGRAM);
				if (isErrno(s)) return 1;
				await say(sys, show(await sys.ioctl(s, SIOCSIFFLAGS, { name: 'eth0', flags: 0 })));
				return 0;
			}
		});
		const reasons: (string | undefined)[] = [];
		m.kernel.onEvent((e) => {
			if (e.type === 'syscall' && e.name === 'ioctl' && e.comm === 'ifdown') {
				reasons.push(e.reason?.capability);
			}
		});
		const r = await m.run({ command: '/usr/bin/ifdown', user: 'user' });
		const up = netOf(m.kernel).device('eth0')!.flags & IFF_UP;
		m.dispose();
		expect(r.stdout).toBe('EPERM\n');
		expect(reasons).toEqual(['CAP_NET_ADMIN']);
		expect(up).toBe(IFF_UP);
	});

	it('root adds an alias with a classful mask, narrows it, and takes it down again', async () => {
		const m = await bootWith({
			alias: async (sys) => {
				const s = await sys.socket(AF_INET, SOCK_DGRAM);
				if (isErrno(s)) return 1;
				await sys.ioctl(s, SIOCSIFADDR, { name: 'eth0:v1', addr: '10.0.0.5' });
				await say(
					sys,
					show(await sys.ioctl(s, SIOCGIFNETMASK, { name: 'eth0:v1' })) +
						show(await sys.ioctl(s, SIOCGIFBRDADDR, { name: 'eth0:v1' }))
				);
				await sys.ioctl(s, SIOCSIFNETMASK, { name: 'eth0:v1', netmask: '255.255.255.0' });
				await say(sys, show(await sys.ioctl(s, SIOCGIFBRDADDR, { name: 'eth0:v1' })));
				await say(sys, show(await sys.ioctl(s, SIOCGIFCONF)));
				await sys.ioctl(s, SIOCSIFFLAGS, { name: 'eth0:v1', flags: 0 });
				await say(sys, show(await sys.ioctl(s, SIOCGIFCONF)));
				return 0;
			}
		});
		const r = await m.run({ command: '/usr/bin/alias' });
		m.dispose();
		expect(r.stdout).toBe(
			[
				'{"name":"eth0:v1","netmask":"255.0.0.0"}{"name":"eth0:v1","broadaddr":"10.255.255.255"}',
				'{"name":"eth0:v1","broadaddr":"10.0.0.255"}',
				'[{"name":"lo","addr":"127.0.0.1"},{"name":"eth0","addr":"192.168.1.1"},{"name":"eth0:v1","addr":"10.0.0.5"}]',
				'[{"name":"lo","addr":"127.0.0.1"},{"name":"eth0","addr":"192.168.1.1"}]',
				''
			].join('\n')
		);
	});

	it('/proc/net/dev counts loopback traffic in the 2.4 layout', async () => {
		const m = await bootWith({});
		const k = m.kernel;
		const st = netOf(k);
		st.traffic(st.route(0x7f000001) as Exclude<ReturnType<typeof st.route>, { name: string }>, 100);
		const text = procNetDev(k, null);
		m.dispose();
		expect(text).toBe(
			'Inter-|   Receive                                                |  Transmit\n' +
				' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n' +
				'    lo:     100       1    0    0    0     0          0         0      100       1    0    0    0     0       0          0\n' +
				'  eth0:       0       0    0    0    0     0          0         0        0       0    0    0    0     0       0          0\n'
		);
	});
});

describe('unix-domain sockets', () => {
	it('a stream listener on a path makes a socket node; a client connects and talks', async () => {
		const m = await bootWith({
			unixsrv: async (sys) => {
				const l = await sys.socket(AF_UNIX, SOCK_STREAM);
				if (isErrno(l)) return 1;
				await say(
					sys,
					show(await sys.bind(l, { path: '/tmp/reboot' })) + ' ' + show(await sys.listen(l))
				);
				const st = await sys.stat('/tmp/reboot');
				if (isErrno(st)) return 2;
				await say(sys, `${(st.mode & S_IFMT) === S_IFSOCK} ${(st.mode & 0o777).toString(8)}`);
				const c = await sys.socket(AF_UNIX, SOCK_STREAM);
				if (isErrno(c)) return 3;
				await say(sys, show(await sys.connect(c, { path: '/tmp/reboot' })));
				const a = await sys.accept(l);
				if (isErrno(a)) return 4;
				await sys.write(c, 'reboot');
				await say(sys, show(await sys.read(a.fd, 64)) + ' ' + show(a.addr));
				await sys.write(
					1,
					procNetUnix(m.kernel, null).replace(
						/^c[0-9a-f]{7}: (\S+ \S+ \S+ \S+ \S+) +\d+/gm,
						'PTR: $1 INO'
					)
				);
				await sys.close(l);
				await say(
					sys,
					show(
						await sys.connect((await sys.socket(AF_UNIX, SOCK_STREAM)) as number, {
							path: '/tmp/reboot'
						})
					)
				);
				await say(
					sys,
					show(
						await sys.bind((await sys.socket(AF_UNIX, SOCK_STREAM)) as number, {
							path: '/tmp/reboot'
						})
					)
				);
				return 0;
			}
		});
		const r = await m.run({ command: '/usr/bin/unixsrv' });
		m.dispose();
		expect(r.stdout).toBe(
			[
				'0 0',
				'true 755',
				'0',
				'"reboot" {"path":""}',
				'Num       RefCount Protocol Flags    Type St Inode Path',
				'PTR: 00000002 00000000 00010000 0001 01 INO /tmp/reboot',
				'PTR: 00000002 00000000 00000000 0001 03 INO',
				'PTR: 00000002 00000000 00000000 0001 03 INO /tmp/reboot',
				'ECONNREFUSED',
				'EADDRINUSE',
				''
			].join('\n')
		);
	});

	it('datagrams to /dev/log arrive whole with the sender, and a closed receiver refuses', async () => {
		const r = await runProgram(async (sys) => {
			// The booted syslogd holds /dev/log: this test takes its place, as a restarted syslogd would.
			await sys.unlink('/dev/log');
			const log = await sys.socket(AF_UNIX, SOCK_DGRAM);
			const c = await sys.socket(AF_UNIX, SOCK_DGRAM);
			if (isErrno(log) || isErrno(c)) return 1;
			await sys.bind(log, { path: '/dev/log' });
			await say(
				sys,
				show(await sys.sendto(c, '<13>hello', { path: '/dev/log' })) +
					' ' +
					show(await sys.sendto(c, '<13>again', { path: '/dev/log' }))
			);
			await say(sys, show(await sys.recvfrom(log, 100)) + ' ' + show(await sys.read(log, 5)));
			await sys.close(log);
			await say(
				sys,
				show(await sys.sendto(c, 'x', { path: '/dev/log' })) +
					' ' +
					show(await sys.sendto(c, 'x', { path: '/nonexistent' }))
			);
			return 0;
		});
		expect(r.stdout).toBe(
			'9 9\n{"data":"<13>hello","addr":{"path":""}} "<13>a"\nECONNREFUSED ENOENT\n'
		);
	});

	it('socketpair gives two connected ends', async () => {
		const r = await runProgram(async (sys) => {
			const p = await sys.socketpair(AF_UNIX, SOCK_STREAM);
			if (isErrno(p)) return 1;
			await sys.write(p[0], 'a');
			await sys.write(p[1], 'b');
			await say(sys, show(await sys.read(p[1])) + show(await sys.read(p[0])));
			return 0;
		});
		expect(r.stdout).toBe('"a""b"\n');
	});
});

describe('UDP and ICMP', () => {
	it('UDP datagrams carry the sender address; a connected socket learns ECONNREFUSED', async () => {
		const r = await runProgram(async (sys) => {
			const srv = await sys.socket(AF_INET, SOCK_DGRAM);
			const cli = await sys.socket(AF_INET, SOCK_DGRAM);
			if (isErrno(srv) || isErrno(cli)) return 1;
			await sys.bind(srv, { addr: '0.0.0.0', port: 514 });
			await say(sys, show(await sys.sendto(cli, 'hi', { addr: '127.0.0.1', port: 514 })));
			const got = await sys.recvfrom(srv, 100);
			await say(sys, show(got));
			if (!isErrno(got) && got.addr) await sys.sendto(srv, 'back', got.addr);
			await say(sys, show(await sys.recvfrom(cli, 100)));
			await sys.connect(cli, { addr: '127.0.0.1', port: 999 });
			await say(
				sys,
				show(await sys.sendto(cli, 'lost')) + ' ' + show(await sys.sendto(cli, 'lost'))
			);
			return 0;
		});
		expect(r.stdout).toBe(
			'2\n{"data":"hi","addr":{"addr":"127.0.0.1","port":32768}}\n{"data":"back","addr":{"addr":"127.0.0.1","port":514}}\n4 ECONNREFUSED\n'
		);
	});

	it('raw ICMP sockets need CAP_NET_RAW; the kernel answers an echo request', async () => {
		const prog = async (sys: Sys) => {
			const s = await sys.socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
			if (isErrno(s)) return (await say(sys, s.name), 0);
			// type 8, code 0, checksum (filled below), id 0x1234, seq 1, payload
			const body = '\x08\x00\x00\x00\x12\x34\x00\x01ping';
			await sys.sendto(s, body, { addr: '192.168.1.1', port: 0 });
			const types: string[] = [];
			for (let i = 0; i < 2; i++) {
				const got = await sys.recvfrom(s, 200);
				if (isErrno(got)) return 2;
				const ihl = (got.data.charCodeAt(0) & 15) * 4;
				types.push(
					`type=${got.data.charCodeAt(ihl)} ttl=${got.data.charCodeAt(8)} from=${show(got.addr)} ${got.data.slice(ihl + 8)}`
				);
			}
			await say(sys, types.join('\n'));
			return 0;
		};
		expect((await runProgram(prog, { user: 'user' })).stdout).toBe('EPERM\n');
		expect((await runProgram(prog)).stdout).toBe(
			'type=8 ttl=64 from={"addr":"192.168.1.1","port":0} ping\ntype=0 ttl=64 from={"addr":"192.168.1.1","port":0} ping\n'
		);
	});
});
