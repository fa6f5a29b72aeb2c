import { describe, expect, it } from 'vitest';
import { lab, ok, type Lab } from './testing.ts';
import { isErrno, type Sys } from '../syscalls/index.ts';
import { AF_INET, SOCK_STREAM, SOCK_DGRAM } from '../kernel/net/abi.ts';
import { parseHexAddr, parseNetTable } from './netstat.ts';

/** /usr/bin/listen-then: listens on TCP 0.0.0.0:8080 and UDP 127.0.0.1:5353, then execs argv[1..]. */
function installListener(l: Lab): void {
	const prog = async (sys: Sys, argv: string[], env: Record<string, string>): Promise<number> => {
		const s = await sys.socket(AF_INET, SOCK_STREAM);
		const u = await sys.socket(AF_INET, SOCK_DGRAM);
		if (isErrno(s) || isErrno(u)) return 2;
		if (
			isErrno(await sys.bind(s, { addr: '0.0.0.0', port: 8080 })) ||
			isErrno(await sys.listen(s))
		) {
			return 3;
		}
		if (isErrno(await sys.bind(u, { addr: '127.0.0.1', port: 5353 }))) return 4;
		await sys.execve(argv[1]!, argv.slice(1), env);
		return 5;
	};
	l.kernel.registerProgram('listen-then', prog as never);
	l.kernel.installProgram('/usr/bin/listen-then', 'listen-then');
}

async function withLab(fn: (l: Lab) => Promise<void>): Promise<void> {
	const l = await lab();
	try {
		installListener(l);
		await fn(l);
	} finally {
		l.dispose();
	}
}

describe('netstat', () => {
	it('lists listening TCP sockets numerically with their program', () =>
		withLab(async (l) => {
			const r = await l.run(['listen-then', '/bin/netstat', '-atnp']);
			// The booted daemons listen too; this test looks at its own socket.
			r.stdout = r.stdout
				.split('\n')
				.filter((x) => !/:(80|23) /.test(x))
				.join('\n');
			const pid = /(\d+)\/netstat/.exec(r.stdout)?.[1];
			expect(r).toEqual(
				ok(
					'Active Internet connections (servers and established)\n' +
						'Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name\n' +
						`tcp        0      0 0.0.0.0:8080            0.0.0.0:*               LISTEN      ${`${pid}/netstat`.padEnd(20)}\n`
				)
			);
		}));

	it('shows UDP with -u, only servers with -l, and nothing connected by default', () =>
		withLab(async (l) => {
			expect((await l.run(['listen-then', '/bin/netstat', '-lun'])).stdout).toBe(
				'Active Internet connections (only servers)\n' +
					'Proto Recv-Q Send-Q Local Address           Foreign Address         State      \n' +
					'udp        0      0 127.0.0.1:5353          0.0.0.0:*                           \n'
			);
			expect((await l.run(['listen-then', '/bin/netstat', '-tn'])).stdout).toBe(
				'Active Internet connections (w/o servers)\nProto Recv-Q Send-Q Local Address           Foreign Address         State      \n'
			);
		}));

	it('names addresses and ports from /etc/hosts and /etc/services without -n', () =>
		withLab(async (l) => {
			l.write('/etc/services', 'webcache\t8080/tcp\nmdns\t\t5353/udp\n');
			l.write('/etc/hosts', '127.0.0.1\tlocalhost.localdomain localhost\n');
			const r = await l.run(['listen-then', '/bin/netstat', '-atu']);
			expect(r.stdout.split('\n').filter((x) => /webcache|mdns/.test(x))).toEqual([
				'tcp        0      0 *:webcache              *:*                     LISTEN      ',
				'udp        0      0 localhost.localdom:mdns *:*                                 '
			]);
		}));

	it("decodes the kernel's hexadecimal addresses", () => {
		expect(parseHexAddr('0101A8C0:0017')).toEqual({ addr: '192.168.1.1', port: 23 });
		expect(
			parseNetTable(
				'  sl  local_address rem_address   st tx_queue rx_queue\n   0: 0100007F:0050 00000000:0000 0A 00000002:00000001 00:00000000 00000000     0        0 1234 1\n'
			)
		).toEqual([
			{
				local: { addr: '127.0.0.1', port: 80 },
				remote: { addr: '0.0.0.0', port: 0 },
				state: 10,
				tx: 2,
				rx: 1,
				inode: 1234
			}
		]);
	});
});
