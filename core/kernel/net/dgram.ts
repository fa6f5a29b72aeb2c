// Datagram delivery: UDP between machines on a segment (and over loopback), raw ICMP with the
// kernel's own echo replies (what ping needs), and the receive side both share.
import { errno, isErrno, type Errno } from '../errno.ts';
import { block, type Block } from '../wait.ts';
import { IPPROTO_ICMP } from './abi.ts';
import { NetStack, UDP_RCVBUF, type Datagram, type Route, type Socket } from './stack.ts';

/** ICMP message types ping uses. */
export const ICMP_ECHOREPLY = 0,
	ICMP_ECHO = 8;

/** The Internet checksum (RFC 1071) over a byte string. */
export function inetChecksum(bytes: string): number {
	let sum = 0;
	for (let i = 0; i < bytes.length; i += 2) {
		sum += (bytes.charCodeAt(i) << 8) + (i + 1 < bytes.length ? bytes.charCodeAt(i + 1) : 0);
	}
	while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
	return ~sum & 0xffff;
}

const u16 = (v: number) => String.fromCharCode((v >>> 8) & 255, v & 255);
const u32 = (v: number) => u16(v >>> 16) + u16(v & 0xffff);

const ipIds = new WeakMap<NetStack, number>();

/** A 20-byte IPv4 header as raw sockets receive it (TTL 64, Linux's default). */
export function ipHeader(
	st: NetStack,
	src: number,
	dst: number,
	proto: number,
	payloadLen: number
): string {
	const id = (ipIds.get(st) ?? 0) + 1;
	ipIds.set(st, id & 0xffff);
	const head =
		'\x45\x00' + u16(20 + payloadLen) + u16(id) + '\x00\x00' + '\x40' + String.fromCharCode(proto);
	const rest = u32(src) + u32(dst);
	const sum = inetChecksum(head + '\x00\x00' + rest);
	return head + u16(sum) + rest;
}

/** Limited broadcast or the directed broadcast of one of the stack's subnets. */
export function isBroadcast(st: NetStack, ip: number): boolean {
	return ip === 0xffffffff || st.addrs.some((a) => a.bcast !== 0 && a.bcast === ip);
}

/** Queues a datagram on `s`, as far as its receive buffer allows; false when dropped. */
function enqueue(s: Socket, d: Datagram, limit: number): boolean {
	const used = s.dgrams.reduce((n, x) => n + x.data.length, 0);
	if (s.dgrams.length >= limit || used + d.data.length > UDP_RCVBUF) return false;
	s.dgrams.push(d);
	s.notify();
	return true;
}

/**
 * Sends one UDP datagram from `s` (already bound; `src` is its source address) to dst:port.
 * A datagram to nobody earns an ICMP port unreachable that a connected socket reports as
 * ECONNREFUSED on its next call, as Linux does.
 */
export function udpSend(
	s: Socket,
	src: number,
	data: string,
	dst: number,
	port: number
): number | Errno {
	const st = s.stack;
	if (isBroadcast(st, dst)) {
		if (!broadcastAllowed.has(s)) return errno('EACCES');
		for (const target of st.segment.stacks.has(st) ? st.segment.stacks : [st]) {
			udpDeliver(target, src, s.lport, dst, port, data);
		}
		return data.length;
	}
	const r = st.route(dst);
	if (isErrno(r)) return r;
	st.traffic(r, data.length + 28);
	if (!r.stack) return data.length; // lost on the wire, as UDP may be
	if (!udpDeliver(r.stack, src, s.lport, dst, port, data) && s.raddr !== 0) {
		s.error = errno('ECONNREFUSED');
	}
	return data.length;
}

/** SO_BROADCAST, recorded per socket. */
export const broadcastAllowed = new WeakSet<Socket>();

function udpDeliver(
	st: NetStack,
	src: number,
	sport: number,
	dst: number,
	port: number,
	data: string
): boolean {
	let any: Socket | null = null;
	const bcast = isBroadcast(st, dst);
	for (const s of st.sockets) {
		if (s.kind !== 'udp' || s.lport !== port) continue;
		if (!bcast && !NetStack.accepts(s, dst)) continue;
		if (s.raddr !== 0 && (s.raddr !== src || s.rport !== sport)) continue;
		if (s.laddr === dst) {
			any = s;
			break;
		}
		any ??= s;
	}
	if (!any) return false;
	enqueue(any, { data, from: { addr: src, port: sport } }, Infinity);
	return true;
}

/**
 * Sends an ICMP message (type, code, checksum, rest) from a raw socket. The receiving kernel
 * hands every ICMP packet to its raw ICMP sockets and answers an echo request itself.
 */
export function icmpSend(s: Socket, src: number, data: string, dst: number): number | Errno {
	const st = s.stack;
	const r = st.route(dst);
	if (isErrno(r)) return r;
	const from = src !== 0 ? src : r.src;
	transmitIcmp(st, r, from, dst, data);
	return data.length;
}

function transmitIcmp(st: NetStack, r: Route, src: number, dst: number, icmp: string): void {
	const packet = ipHeader(st, src, dst, IPPROTO_ICMP, icmp.length) + icmp;
	st.traffic(r, packet.length);
	const target = r.stack;
	if (!target) return;
	for (const s of target.sockets) {
		if (s.kind === 'raw' && s.protocol === IPPROTO_ICMP && NetStack.accepts(s, dst)) {
			enqueue(s, { data: packet, from: { addr: src, port: 0 } }, Infinity);
		}
	}
	if (icmp.charCodeAt(0) === ICMP_ECHO && icmp.length >= 8) {
		// The kernel answers echo requests itself (icmp_echo), from the address that was pinged.
		const body = String.fromCharCode(ICMP_ECHOREPLY, 0) + '\x00\x00' + icmp.slice(4);
		const sum = inetChecksum(body);
		const reply = body.slice(0, 2) + u16(sum) + body.slice(4);
		const back = target.route(src);
		if (!isErrno(back)) transmitIcmp(target, back, dst, src, reply);
	}
}

/** recvfrom(2) on a datagram or raw socket. */
export function dgramRecv(s: Socket, count: number, nb: boolean): Datagram | Errno | Block {
	if (s.error) {
		const e = s.error;
		s.error = null;
		return e;
	}
	const d = s.dgrams.shift();
	if (d) {
		s.notify();
		// A datagram is read whole or truncated; the rest is discarded.
		return { data: d.data.slice(0, count), from: d.from };
	}
	if (s.rdShut) return { data: '', from: { path: '' } };
	if (nb) return errno('EAGAIN');
	return block(s.wq);
}

/** Unix datagram: queue on the receiver (max_dgram_qlen 10), waiting while it is full. */
export function unixDgramSend(
	s: Socket,
	target: Socket,
	data: string,
	nb: boolean
): number | Errno | Block {
	if (target.orphan) return errno('ECONNREFUSED');
	if (target.dgrams.length >= 10) {
		if (nb) return errno('EAGAIN');
		return block(target.wq);
	}
	target.dgrams.push({ data, from: { path: s.path ?? '' } });
	target.notify();
	return data.length;
}
