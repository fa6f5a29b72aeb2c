// Property tests of the ipv4root box (fast-check, fixed seed; FC_RUNS raises the run count).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Kernel } from '../kernel.ts';
import { Process, rootCreds } from '../process.ts';
import { isErrno } from '../errno.ts';
import { AF_INET, SOCK_DGRAM, SOCK_STREAM } from './abi.ts';
import { CAP_NET_ADMIN, ipv4rootOf, type Ipv4Root } from './ipv4root.ts';
import { attachNet, type Socket } from './stack.ts';
import { ifIoctl } from './ifconf.ts';
import * as net from '../../syscalls/net.ts';

const runs = Number(process.env.FC_RUNS ?? 200);
const CANDIDATES = ['192.168.1.1', '127.0.0.1', '192.168.1.10', '10.0.0.1', '0.0.0.0'];
const PORTS = [0, 80, 7000, 8080];

const op = fc.oneof(
	fc.record({
		op: fc.constant('chbind' as const),
		ips: fc.subarray(CANDIDATES, { minLength: 1, maxLength: 4 }),
		bcast: fc.constantFrom('192.168.1.255', '255.255.255.255')
	}),
	fc.record({
		op: fc.constant('bind' as const),
		addr: fc.constantFrom(...CANDIDATES),
		port: fc.constantFrom(...PORTS),
		udp: fc.boolean(),
		listen: fc.boolean()
	}),
	fc.record({
		op: fc.constant('connect' as const),
		addr: fc.constantFrom('127.0.0.1', '192.168.1.1', '192.168.1.10'),
		port: fc.constantFrom(7000, 7001),
		udp: fc.boolean()
	}),
	fc.record({ op: fc.constant('fork' as const) })
);

function boot(): { k: Kernel; host: Process } {
	const k = new Kernel({ hostname: 'main', domainname: 'example.org', seed: 1, bootTime: 0 });
	const caps = { eff: 0xfffffeff, prm: 0xfffffeff, inh: 0, bset: 0xfffffeff };
	const host = new Process(2, 1, rootCreds(), caps, k.root, k.root, 0);
	k.procs.set(2, host);
	return { k, host };
}

const within = (root: Ipv4Root, ip: number) => root.ips.some((e) => e.ip === ip);

describe('ipv4root properties', () => {
	it('never widens without CAP_NET_ADMIN, and a boxed socket is never bound or connected outside the box', () => {
		fc.assert(
			fc.property(fc.array(op, { maxLength: 25 }), fc.boolean(), (ops, netAdmin) => {
				const { k, host } = boot();
				// An alias the boxes may use, and unrestricted host listeners to connect to.
				ifIoctl(attachNet(k), host, 0x8916, { name: 'eth0:v', addr: '192.168.1.10' }, () => {});
				for (const port of [7000, 7001]) {
					const fd = net.sysSocket(k, host, AF_INET, SOCK_STREAM, 0) as number;
					net.sysBind(k, host, fd, { addr: '0.0.0.0', port });
					net.sysListen(k, host, fd, 128);
				}
				const caps = {
					eff: 0xfffffeff & (netAdmin ? ~0 : ~(1 << CAP_NET_ADMIN)),
					prm: 0xfffffeff,
					inh: 0,
					bset: 0xfffffeff
				};
				let p = new Process(3, 2, rootCreds(), caps, k.root, k.root, 0);
				k.procs.set(3, p);
				let pid = 3;
				for (const o of ops) {
					const before = ipv4rootOf(p);
					if (o.op === 'fork') {
						const c = new Process(++pid, p.pid, rootCreds(), { ...p.caps }, k.root, k.root, 0);
						for (const h of k.forkHooks) h(c, p);
						expect(ipv4rootOf(c)).toEqual(before);
						p = c;
						continue;
					}
					if (o.op === 'chbind') {
						const r = net.sysSetIpv4root(
							k,
							p,
							o.ips.map((ip) => ({ ip, mask: '255.255.255.0' })),
							o.bcast
						);
						const after = ipv4rootOf(p);
						if (before && !netAdmin) {
							// Never wider: still boxed, and every address was already in the box.
							expect(after).not.toBeNull();
							for (const e of after!.ips) expect(within(before, e.ip)).toBe(true);
							if (isErrno(r)) expect(after).toBe(before);
						}
						continue;
					}
					const fd = net.sysSocket(k, p, AF_INET, o.udp ? SOCK_DGRAM : SOCK_STREAM, 0);
					if (isErrno(fd)) continue;
					const s = p.fds.get(fd)!.file.priv as Socket;
					const r =
						o.op === 'bind'
							? net.sysBind(k, p, fd, { addr: o.addr, port: o.port })
							: net.sysConnect(k, p, fd, { addr: o.addr, port: o.port });
					if (o.op === 'bind' && !isErrno(r) && o.listen && !o.udp) net.sysListen(k, p, fd, 5);
					const root = ipv4rootOf(p);
					if (!root || isErrno(r)) continue;
					// Bound to a box address, or to "any" limited to the box's addresses.
					if (s.laddr !== 0) expect(within(root, s.laddr)).toBe(true);
					else {
						expect(s.bindSet).not.toBeNull();
						for (const a of s.bindSet!) expect(within(root, a)).toBe(true);
					}
					// The other end sees a source inside the box.
					if (s.peer) expect(within(root, s.peer.raddr)).toBe(true);
				}
			}),
			{ numRuns: runs, seed: 6 }
		);
	});
});
