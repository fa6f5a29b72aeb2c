import { describe, expect, it } from 'vitest';
import { bootWith, runProgram } from '../../test-helpers.ts';
import {
	AF_INET,
	SHUT_WR,
	SOCK_STREAM,
	SOL_SOCKET,
	SO_REUSEADDR,
	O_NONBLOCK,
	F_SETFL,
	isErrno,
	type InetAddr,
	type Sys
} from '../../syscalls/index.ts';
import { procNetTcp } from './procnet.ts';

const say = (sys: Sys, text: string) => sys.write(1, text + '\n');
const show = (r: unknown) => (isErrno(r) ? r.name : JSON.stringify(r));

/** A listening TCP socket on addr:port, or the errno. */
async function listener(sys: Sys, addr: string, port: number): Promise<number | string> {
	const fd = await sys.socket(AF_INET, SOCK_STREAM);
	if (isErrno(fd)) return fd.name;
	const b = await sys.bind(fd, { addr, port });
	if (isErrno(b)) return b.name;
	const l = await sys.listen(fd, 5);
	return isErrno(l) ? l.name : fd;
}

describe('TCP over loopback', () => {
	it('connect, accept and data both ways with the first ephemeral port 32768', async () => {
		const r = await runProgram(async (sys) => {
			const lfd = await listener(sys, '127.0.0.1', 7000);
			if (typeof lfd !== 'number') return 1;
			const c = await sys.socket(AF_INET, SOCK_STREAM);
			if (isErrno(c)) return 2;
			await say(sys, 'connect ' + show(await sys.connect(c, { addr: '127.0.0.1', port: 7000 })));
			await say(sys, 'client ' + show(await sys.getsockname(c)));
			const a = await sys.accept(lfd);
			if (isErrno(a)) return 3;
			await say(sys, 'peer ' + show(a.addr) + ' server ' + show(await sys.getsockname(a.fd)));
			await sys.write(c, 'ping');
			await say(sys, 'server read ' + show(await sys.read(a.fd, 100)));
			await sys.write(a.fd, 'pong');
			await say(sys, 'client read ' + show(await sys.read(c, 100)));
			await sys.shutdown(c, SHUT_WR);
			await say(sys, 'eof ' + show(await sys.read(a.fd, 100)));
			return 0;
		});
		expect(r.stdout).toBe(
			[
				'connect 0',
				'client {"addr":"127.0.0.1","port":32768}',
				'peer {"addr":"127.0.0.1","port":32768} server {"addr":"127.0.0.1","port":7000}',
				'server read "ping"',
				'client read "pong"',
				'eof ""',
				''
			].join('\n')
		);
	});

	it('a blocking accept sleeps until a child process connects', async () => {
		const r = await runProgram(async (sys) => {
			const lfd = await listener(sys, '0.0.0.0', 8080);
			if (typeof lfd !== 'number') return 1;
			const pid = await sys.fork(async (child) => {
				await child.sleep(100);
				const c = await child.socket(AF_INET, SOCK_STREAM);
				if (isErrno(c) || isErrno(await child.connect(c, { addr: '192.168.1.1', port: 8080 }))) {
					return 1;
				}
				await child.write(c, 'hello from the child');
				return 0;
			});
			if (isErrno(pid)) return 2;
			const t0 = await sys.uptime();
			const a = await sys.accept(lfd);
			if (isErrno(a)) return 3;
			const waited = (await sys.uptime()) - t0;
			await say(sys, `${show(a.addr)} after ${waited >= 100} ${show(await sys.read(a.fd, 100))}`);
			await sys.waitpid(pid);
			return 0;
		});
		expect(r.stdout).toBe(
			'{"addr":"192.168.1.1","port":32768} after true "hello from the child"\n'
		);
	});

	it('connect to a port nobody listens on is ECONNREFUSED, and an unknown network ENETUNREACH', async () => {
		const r = await runProgram(async (sys) => {
			const c = await sys.socket(AF_INET, SOCK_STREAM);
			if (isErrno(c)) return 1;
			await say(sys, show(await sys.connect(c, { addr: '127.0.0.1', port: 9 })));
			await say(sys, show(await sys.connect(c, { addr: '10.1.2.3', port: 80 })));
			return 0;
		});
		expect(r.stdout).toBe('ECONNREFUSED\nENETUNREACH\n');
	});

	it('a non-blocking accept with nothing queued is EAGAIN, and reads on an idle connection too', async () => {
		const r = await runProgram(async (sys) => {
			const lfd = await listener(sys, '127.0.0.1', 7001);
			if (typeof lfd !== 'number') return 1;
			await sys.fcntl(lfd, F_SETFL, O_NONBLOCK);
			await say(sys, show(await sys.accept(lfd)));
			const c = await sys.socket(AF_INET, SOCK_STREAM);
			if (isErrno(c)) return 2;
			await sys.connect(c, { addr: '127.0.0.1', port: 7001 });
			await sys.fcntl(c, F_SETFL, O_NONBLOCK);
			await say(sys, show(await sys.read(c, 10)));
			const ready = await sys.poll(
				[
					{ fd: lfd, read: true },
					{ fd: c, read: true, write: true }
				],
				0
			);
			await say(sys, show(ready));
			return 0;
		});
		expect(r.stdout).toBe(
			'EAGAIN\nEAGAIN\n[{"fd":3,"read":true,"write":false},{"fd":4,"read":false,"write":true}]\n'
		);
	});

	it('writing to a connection whose peer closed is EPIPE; reading after the peer closed is end of file', async () => {
		const r = await runProgram(async (sys) => {
			await sys.signal(13, 'ignore');
			const lfd = await listener(sys, '127.0.0.1', 7002);
			const c = await sys.socket(AF_INET, SOCK_STREAM);
			if (typeof lfd !== 'number' || isErrno(c)) return 1;
			await sys.connect(c, { addr: '127.0.0.1', port: 7002 });
			const a = await sys.accept(lfd);
			if (isErrno(a)) return 2;
			await sys.close(a.fd);
			await say(sys, show(await sys.read(c, 10)) + ' ' + show(await sys.write(c, 'x')));
			return 0;
		});
		expect(r.stdout).toBe('"" EPIPE\n');
	});
});

describe('bind rules', () => {
	it('a second bind to a port in use is EADDRINUSE, and a 0.0.0.0 listener blocks the port on every address', async () => {
		const r = await runProgram(async (sys) => {
			const out: string[] = [];
			out.push(String(await listener(sys, '0.0.0.0', 5000)));
			out.push(String(await listener(sys, '192.168.1.1', 5000)));
			out.push(String(await listener(sys, '127.0.0.1', 5000)));
			out.push(String(await listener(sys, '127.0.0.1', 5001)));
			out.push(String(await listener(sys, '192.168.1.1', 5001)));
			out.push(String(await listener(sys, '0.0.0.0', 5001)));
			out.push(String(await listener(sys, '192.168.9.9', 5002)));
			await say(sys, out.join(' '));
			return 0;
		});
		expect(r.stdout).toBe('3 EADDRINUSE EADDRINUSE 6 7 EADDRINUSE EADDRNOTAVAIL\n');
	});

	it('ports below 1024 need CAP_NET_BIND_SERVICE: EACCES for a user, fine for root', async () => {
		const prog = async (sys: Sys) => {
			await say(
				sys,
				`${await listener(sys, '0.0.0.0', 1023)} ${await listener(sys, '0.0.0.0', 1024)}`
			);
			return 0;
		};
		expect((await runProgram(prog, { user: 'user' })).stdout).toBe('EACCES 4\n');
		expect((await runProgram(prog)).stdout).toBe('3 4\n');
	});

	it('the refusal of a privileged port records the missing capability', async () => {
		const m = await bootWith({
			lowport: async (sys) => ((await listener(sys, '0.0.0.0', 80)) === 'EACCES' ? 0 : 1)
		});
		const events: { name: string; reason?: { capability?: string } }[] = [];
		m.kernel.onEvent((e) => {
			if (e.type === 'syscall' && e.name === 'bind') events.push(e);
		});
		const r = await m.run({ command: '/usr/bin/lowport', user: 'user' });
		m.dispose();
		expect(r.exitCode).toBe(0);
		expect(events.map((e) => e.reason?.capability)).toEqual(['CAP_NET_BIND_SERVICE']);
	});

	it('SO_REUSEADDR lets a new listener take a port whose old connection is in TIME_WAIT', async () => {
		const r = await runProgram(async (sys) => {
			const lfd = await listener(sys, '127.0.0.1', 7100);
			const c = await sys.socket(AF_INET, SOCK_STREAM);
			if (typeof lfd !== 'number' || isErrno(c)) return 1;
			await sys.connect(c, { addr: '127.0.0.1', port: 7100 });
			const a = await sys.accept(lfd);
			if (isErrno(a)) return 2;
			// The server closes first: its end of the connection lingers in TIME_WAIT on port 7100.
			await sys.close(a.fd);
			await sys.close(c);
			await sys.close(lfd);
			const again = await listener(sys, '127.0.0.1', 7100);
			const s = await sys.socket(AF_INET, SOCK_STREAM);
			if (isErrno(s)) return 3;
			await sys.setsockopt(s, SOL_SOCKET, SO_REUSEADDR, 1);
			const b = await sys.bind(s, { addr: '127.0.0.1', port: 7100 });
			await say(sys, `${again} ${show(b)}`);
			return 0;
		});
		expect(r.stdout).toBe('EADDRINUSE 0\n');
	});
});

describe('/proc/net/tcp', () => {
	it('prints listeners then connections in 2.4 layout, addresses little-endian hex', async () => {
		const lines: string[] = [];
		const m = await bootWith({
			netsrv: async (sys) => {
				// Port 8080: the booted machine's httpd already listens on 80.
				const lfd = await listener(sys, '0.0.0.0', 8080);
				const c = await sys.socket(AF_INET, SOCK_STREAM);
				if (typeof lfd !== 'number' || isErrno(c)) return 1;
				await sys.connect(c, { addr: '127.0.0.1', port: 8080 });
				await sys.write(c, 'abc');
				const a = await sys.accept(lfd);
				if (isErrno(a)) return 2;
				lines.push(
					...procNetTcp(m.kernel, m.kernel.procs.get(await sys.getpid())!)
						.split('\n')
						.filter((l) => !/:00(50|17) 00000000:0000 0A/.test(l))
				);
				return 0;
			}
		});
		const r = await m.run({ command: '/usr/bin/netsrv' });
		m.dispose();
		expect(r.exitCode).toBe(0);
		expect(lines.map((l) => l.trimEnd())).toEqual([
			'  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
			expect.stringMatching(
				/^ {3}\d: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000 {5}0 {8}0 \d+ 1 c[0-9a-f]{7} 300 0 0 2 -1$/
			),
			expect.stringMatching(
				/^ {3}\d: 0100007F:8000 0100007F:1F90 01 00000000:00000000 00:00000000 00000000 {5}0 {8}0 \d+ 2 c[0-9a-f]{7} 20 4 1 2 -1$/
			),
			expect.stringMatching(
				/^ {3}\d: 0100007F:1F90 0100007F:8000 01 00000000:00000003 00:00000000 00000000 {5}0 {8}0 \d+ 2 c[0-9a-f]{7} 20 4 1 2 -1$/
			),
			''
		]);
		expect(lines[0]!.length).toBe(149);
	});
});

export type { InetAddr };
