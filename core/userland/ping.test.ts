import { describe, expect, it } from 'vitest';
import { lab, ok, run1 } from './testing.ts';
import { isErrno, type Sys } from '../syscalls/index.ts';
import { checksum } from './ping.ts';

describe('ping', () => {
	it('gets echo replies from the machine itself', async () => {
		const r = await run1(['ping', '-c', '2', '127.0.0.1'], { user: 'user' });
		const lines = r.stdout.split('\n');
		expect(lines[0]).toBe('PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.');
		expect(lines[1]).toMatch(/^64 bytes from 127\.0\.0\.1: icmp_seq=1 ttl=64 time=\d+\.\d{3} ms$/);
		expect(lines[2]).toMatch(/^64 bytes from 127\.0\.0\.1: icmp_seq=2 ttl=64 time=\d+\.\d{3} ms$/);
		expect(lines.slice(3, 6)).toEqual([
			'',
			'--- 127.0.0.1 ping statistics ---',
			expect.stringMatching(/^2 packets transmitted, 2 received, 0% loss, time 1\d{3}ms$/)
		]);
		expect(lines[6]).toMatch(/^rtt min\/avg\/max\/mdev = [\d.]+\/[\d.]+\/[\d.]+\/[\d.]+ ms$/);
		expect(r.exitCode).toBe(0);
	});

	it('fails, even setuid root, once CAP_NET_RAW has left the ceiling', async () => {
		const l = await lab();
		try {
			const prog = async (
				sys: Sys,
				argv: string[],
				env: Record<string, string>
			): Promise<number> => {
				// What reducecap does: stay in this context, drop CAP_NET_RAW (bit 13) from cap_bset.
				if (isErrno(await sys.new_s_context(-2, 1 << 13, 0))) return 3;
				await sys.execve('/bin/ping', argv, env);
				return 4;
			};
			l.kernel.registerProgram('noraw', prog as never);
			l.kernel.installProgram('/usr/bin/noraw', 'noraw');
			expect(await l.run(['noraw', '-c', '1', '127.0.0.1'], { user: 'user' })).toEqual(
				ok('', 'ping: icmp open socket: Operation not permitted\n', 2)
			);
		} finally {
			l.dispose();
		}
	});

	it('names an unknown host', async () => {
		expect(await run1(['ping', '-c', '1', 'nowhere'])).toEqual(
			ok('', 'ping: unknown host nowhere\n', 2)
		);
	});

	it('computes the Internet checksum', () => {
		expect(checksum('\x08\x00\x00\x00\x00\x01\x00\x01')).toBe(0xf7fd);
	});
});
