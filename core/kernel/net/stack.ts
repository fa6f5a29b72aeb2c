// One machine's network stack: its devices and addresses, its sockets and port tables, routing by
// address onto loopback or a Segment shared with other machines, and the socket file operations.
// The syscall layer (core/syscalls/net.ts) applies the permission and ipv4root rules on top.
import { errno, isErrno, type Errno } from '../errno.ts';
import type { FileOps, OpenFile } from '../file.ts';
import { O_NONBLOCK } from '../file.ts';
import type { Inode } from '../vfs.ts';
import type { Kernel } from '../kernel.ts';
import type { Process } from '../process.ts';
import { block, WaitQueue, type Block } from '../wait.ts';
import {
	AF_INET,
	AF_UNIX,
	ARPHRD_ETHER,
	ARPHRD_LOOPBACK,
	IFF_BROADCAST,
	IFF_LOOPBACK,
	IFF_MULTICAST,
	IFF_RUNNING,
	IFF_UP,
	SOCK_DGRAM,
	SOCK_RAW,
	SOCK_STREAM,
	TCP_CLOSE,
	TCP_CLOSE_WAIT,
	TCP_ESTABLISHED,
	TCP_FIN_WAIT2,
	TCP_LAST_ACK,
	TCP_LISTEN,
	TCP_TIME_WAIT
} from './abi.ts';
import { formatIp, inheritIpv4root, isLoopback, parseIp, prefixMask } from './ipv4root.ts';

/** 2.4's default ephemeral range on a machine with enough memory (ip_local_port_range). */
export const EPHEMERAL_LOW = 32768;
export const EPHEMERAL_HIGH = 61000;
/** TCP_TIMEWAIT_LEN and tcp_fin_timeout: 60 s (µs of virtual time). */
export const TIME_WAIT_US = 60_000_000;
/** Receive buffer per stream socket (2.4's tcp_rmem default is 87380; a round figure here). */
export const STREAM_RCVBUF = 65536;
/** A datagram socket's queue: 2.4 unix max_dgram_qlen is 10; UDP we bound by bytes. */
export const DGRAM_QLEN = 10;
export const UDP_RCVBUF = 65535;
/** How long a connect to a silent address on the segment waits for ARP (µs). */
export const ARP_TIMEOUT_US = 3_000_000;

export interface DeviceStats {
	rxBytes: number;
	rxPackets: number;
	txBytes: number;
	txPackets: number;
}

/** A network device (`lo`, `eth0`); aliases are addresses labelled `eth0:NAME` on it. */
export interface NetDevice {
	name: string;
	index: number;
	flags: number;
	hwaddr: string;
	hwtype: number;
	mtu: number;
	metric: number;
	txqlen: number;
	stats: DeviceStats;
}

/** An IPv4 address on a device; its label is the device name or an alias `eth0:NAME`. */
export interface IfAddr {
	label: string;
	dev: NetDevice;
	local: number;
	mask: number;
	bcast: number;
}

export type SockKind = 'tcp' | 'udp' | 'raw' | 'unix';

export interface Datagram {
	data: string;
	/** Sender: an inet address, or a unix path ('' when unnamed). */
	from: { addr: number; port: number } | { path: string };
}

/** A socket: the state behind a socket fd (and behind connections no fd holds any more). */
export class Socket {
	readonly stack: NetStack;
	readonly kind: SockKind;
	readonly family: number;
	readonly type: number;
	readonly protocol: number;
	readonly ino: number;
	state = TCP_CLOSE;
	/** Local address (0 = any) and port (0 = unbound) of an inet socket. */
	laddr = 0;
	lport = 0;
	/** A restricted process's bind to 0.0.0.0 with several ipv4root addresses: only these. */
	bindSet: number[] | null = null;
	raddr = 0;
	rport = 0;
	/** Unix: the bound path and its inode; the peer's name for getpeername. */
	path: string | null = null;
	inode: Inode | null = null;
	peer: Socket | null = null;
	rcv = '';
	dgrams: Datagram[] = [];
	acceptQ: Socket[] = [];
	backlog = 0;
	/** The listener a not-yet-accepted connection belongs to. */
	listener: Socket | null = null;
	readonly wq = new WaitQueue();
	/** The peer sent FIN: reads return end of file once the buffer is empty. */
	eof = false;
	rdShut = false;
	wrShut = false;
	/** A pending error (ECONNRESET, ECONNREFUSED) for the next call, as sk->err. */
	error: Errno | null = null;
	reuse = false;
	/** Set once a connection was made (an unconnected stream socket reads ENOTCONN). */
	connected = false;
	/** No open file refers to it any more (orphaned TCP state, or gone). */
	orphan = false;
	/** Virtual time at which a TIME_WAIT or orphaned FIN_WAIT2 entry disappears. */
	expires: number | null = null;
	/** A connect waiting for ARP on the segment gives up at this time. */
	connectDeadline: number | null = null;
	uid: number;
	pid: number;
	ctx: number;

	constructor(stack: NetStack, kind: SockKind, type: number, protocol: number, owner: Process) {
		this.stack = stack;
		this.kind = kind;
		this.family = kind === 'unix' ? AF_UNIX : AF_INET;
		this.type = type;
		this.protocol = protocol;
		this.ino = stack.nextIno++;
		this.uid = owner.creds.euid;
		this.pid = owner.pid;
		this.ctx = owner.ctx;
	}

	get stream(): boolean {
		return this.type === SOCK_STREAM;
	}

	/** Wakes everyone sleeping on this socket or its peer: any state change can matter to both. */
	notify(): void {
		this.wq.wakeAll();
		this.peer?.wq.wakeAll();
		this.listener?.wq.wakeAll();
	}
}

/** A broadcast segment several machines' stacks join; delivery is by address, without ARP. */
export class Segment {
	readonly stacks = new Set<NetStack>();

	/** The stack whose up, non-loopback device answers for `ip`. */
	owner(ip: number): NetStack | null {
		for (const s of this.stacks) {
			if (
				s.addrs.some((a) => a.local === ip && a.dev.flags & IFF_UP && !(a.dev.flags & IFF_LOOPBACK))
			) {
				return s;
			}
		}
		return null;
	}
}

/** Where a packet to an address goes: this machine (over `lo`) or another on the segment. */
export interface Route {
	/** The receiving machine; null when nobody on the segment answers (ARP would fail). */
	stack: NetStack | null;
	/** The outgoing device, charged for the traffic. */
	dev: NetDevice;
	/** The source address Linux would pick for an unbound socket. */
	src: number;
}

export interface NetOptions {
	/** eth0's address and prefix, `192.168.1.1/24`. */
	eth0?: string;
	/** The segment to join; a machine alone gets a segment of its own. */
	segment?: Segment;
}

const stacks = new WeakMap<Kernel, NetStack>();

/** The kernel's network stack, created with the fixed facts' defaults on first use. */
export function netOf(k: Kernel): NetStack {
	let s = stacks.get(k);
	if (!s) s = attachNet(k);
	return s;
}

/** Gives a kernel its network stack (the Machine calls this at boot). */
export function attachNet(k: Kernel, opts: NetOptions = {}): NetStack {
	const s = new NetStack(k, opts);
	stacks.set(k, s);
	k.forkHooks.push(inheritIpv4root);
	return s;
}

export class NetStack {
	readonly k: Kernel;
	readonly devices: NetDevice[] = [];
	readonly addrs: IfAddr[] = [];
	readonly sockets = new Set<Socket>();
	segment: Segment;
	nextIno = 1021;
	private rover: Record<'tcp' | 'udp', number> = { tcp: EPHEMERAL_LOW - 1, udp: EPHEMERAL_LOW - 1 };

	constructor(k: Kernel, opts: NetOptions) {
		this.k = k;
		const [ip, len] = (opts.eth0 ?? '192.168.1.1/24').split('/');
		const eth = parseIp(ip ?? '') ?? parseIp('192.168.1.1')!;
		const mask = prefixMask(Number(len ?? 24));
		const lo = this.addDevice(
			'lo',
			IFF_UP | IFF_LOOPBACK | IFF_RUNNING,
			'00:00:00:00:00:00',
			ARPHRD_LOOPBACK,
			16436,
			0
		);
		// CHOICE: the MAC address is VMware's prefix with the low three bytes of the IP, so each
		// machine on the segment has its own and transcripts stay deterministic.
		const mac = [
			'00',
			'50',
			'56',
			...[(eth >>> 16) & 255, (eth >>> 8) & 255, eth & 255].map((b) =>
				b.toString(16).toUpperCase().padStart(2, '0')
			)
		].join(':');
		const eth0 = this.addDevice(
			'eth0',
			IFF_UP | IFF_BROADCAST | IFF_RUNNING | IFF_MULTICAST,
			mac,
			ARPHRD_ETHER,
			1500,
			100
		);
		this.addrs.push({
			label: 'lo',
			dev: lo,
			local: parseIp('127.0.0.1')!,
			mask: prefixMask(8),
			bcast: 0
		});
		this.addrs.push({ label: 'eth0', dev: eth0, local: eth, mask, bcast: (eth | ~mask) >>> 0 });
		this.segment = opts.segment ?? new Segment();
		this.segment.stacks.add(this);
	}

	private addDevice(
		name: string,
		flags: number,
		hwaddr: string,
		hwtype: number,
		mtu: number,
		txqlen: number
	): NetDevice {
		const d: NetDevice = {
			name,
			index: this.devices.length + 1,
			flags,
			hwaddr,
			hwtype,
			mtu,
			metric: 0,
			txqlen,
			stats: { rxBytes: 0, rxPackets: 0, txBytes: 0, txPackets: 0 }
		};
		this.devices.push(d);
		return d;
	}

	/** Moves this machine onto another segment (the Machine wires `backup` this way). */
	join(seg: Segment): void {
		this.segment.stacks.delete(this);
		this.segment = seg;
		seg.stacks.add(this);
	}

	device(name: string): NetDevice | undefined {
		return this.devices.find((d) => d.name === name);
	}

	get lo(): NetDevice {
		return this.devices[0]!;
	}

	/** An address is this machine's: 127/8 while lo is up, or an address on an up device. */
	isLocal(ip: number): boolean {
		if (isLoopback(ip)) return (this.lo.flags & IFF_UP) !== 0;
		return this.addrs.some((a) => a.local === ip && a.dev.flags & IFF_UP);
	}

	/** Routing without a table: local, or on the subnet of an up device, else unreachable. */
	route(dst: number): Route | Errno {
		if (this.isLocal(dst)) {
			return { stack: this, dev: this.lo, src: isLoopback(dst) ? parseIp('127.0.0.1')! : dst };
		}
		for (const a of this.addrs) {
			if (a.dev.flags & IFF_LOOPBACK || !(a.dev.flags & IFF_UP)) continue;
			if (((dst ^ a.local) & a.mask) !== 0 && dst !== 0xffffffff) continue;
			return { stack: this.segment.owner(dst), dev: a.dev, src: a.local };
		}
		return errno('ENETUNREACH');
	}

	/** Counts a packet leaving through `dev` and arriving at `to` (loopback counts once each way). */
	traffic(r: Route, bytes: number): void {
		const wire = r.dev.flags & IFF_LOOPBACK ? bytes : bytes + 14;
		r.dev.stats.txBytes += wire;
		r.dev.stats.txPackets++;
		if (!r.stack) return;
		const inDev =
			r.stack === this
				? r.dev
				: r.stack.devices.find((d) => !(d.flags & IFF_LOOPBACK) && d.flags & IFF_UP);
		if (inDev) {
			inDev.stats.rxBytes += wire;
			inDev.stats.rxPackets++;
		}
	}

	// ---- Sockets and ports ---------------------------------------------------------------------

	newSocket(kind: SockKind, type: number, protocol: number, owner: Process): Socket {
		const s = new Socket(this, kind, type, protocol, owner);
		this.sockets.add(s);
		return s;
	}

	/** Drops TIME_WAIT and orphaned FIN_WAIT2 entries whose time is up. */
	reap(): void {
		for (const s of this.sockets) {
			if (s.expires !== null && s.expires <= this.k.clock) {
				s.state = TCP_CLOSE;
				this.sockets.delete(s);
			}
		}
	}

	/**
	 * Linux's bind conflict test (tcp_v4_get_port/udp_v4_get_port): the same port and overlapping
	 * addresses, where 0.0.0.0 overlaps everything: so a host listener on 0.0.0.0 blocks the port
	 * for every vserver. Both sides asking SO_REUSEADDR share a port unless one listens.
	 */
	portBusy(
		kind: 'tcp' | 'udp' | 'raw',
		port: number,
		addr: number,
		set: number[] | null,
		reuse: boolean,
		self: Socket | null
	): boolean {
		this.reap();
		const mine = set ?? (addr === 0 ? null : [addr]);
		for (const s of this.sockets) {
			if (s === self || s.kind !== kind || s.lport !== port) continue;
			if (kind === 'tcp' && reuse && s.reuse && s.state !== TCP_LISTEN) continue;
			if (kind === 'tcp' && reuse && s.state === TCP_TIME_WAIT) continue;
			if (kind === 'udp' && reuse && s.reuse) continue;
			const theirs = s.bindSet ?? (s.laddr === 0 ? null : [s.laddr]);
			if (mine === null || theirs === null || mine.some((a) => theirs.includes(a))) return true;
		}
		return false;
	}

	/** The next free ephemeral port, deterministic: a rover walks 32768-61000 as 2.4 does. */
	ephemeral(kind: 'tcp' | 'udp', addr: number, set: number[] | null): number | Errno {
		const span = EPHEMERAL_HIGH - EPHEMERAL_LOW + 1;
		for (let i = 0; i < span; i++) {
			let p = this.rover[kind] + 1;
			if (p < EPHEMERAL_LOW || p > EPHEMERAL_HIGH) p = EPHEMERAL_LOW;
			this.rover[kind] = p;
			if (!this.portBusy(kind, p, addr, set, false, null)) return p;
		}
		return errno('EAGAIN');
	}

	/** True when `s`, bound as it is, receives traffic addressed to `ip`. */
	static accepts(s: Socket, ip: number): boolean {
		if (s.bindSet) return s.bindSet.includes(ip);
		return s.laddr === 0 || s.laddr === ip;
	}

	/** The listener for a connection to ip:port; an exact address wins over 0.0.0.0. */
	findListener(ip: number, port: number): Socket | null {
		let any: Socket | null = null;
		for (const s of this.sockets) {
			if (
				s.kind !== 'tcp' ||
				s.state !== TCP_LISTEN ||
				s.lport !== port ||
				!NetStack.accepts(s, ip)
			) {
				continue;
			}
			if (s.laddr === ip) return s;
			any ??= s;
		}
		return any;
	}

	// ---- TCP -----------------------------------------------------------------------------------

	/**
	 * Completes a TCP connection from `c` (bound to its source) to ip:port, as the three-way
	 * handshake would on a quiet network: at once, or ECONNREFUSED when nobody listens.
	 */
	tcpConnect(c: Socket, r: Route & { stack: NetStack }, ip: number, port: number): 0 | Errno {
		const target = r.stack;
		target.reap();
		const l = target.findListener(ip, port);
		this.traffic(r, 60);
		if (!l) {
			// The RST comes straight back.
			target.traffic(backRoute(target, this), 40);
			return errno('ECONNREFUSED');
		}
		target.traffic(backRoute(target, this), 60);
		this.traffic(r, 52);
		const child = new Socket(target, 'tcp', SOCK_STREAM, 0, fakeOwner(l));
		target.sockets.add(child);
		child.laddr = ip;
		child.lport = port;
		child.raddr = c.laddr;
		child.rport = c.lport;
		child.state = TCP_ESTABLISHED;
		child.connected = true;
		child.listener = l;
		child.peer = c;
		child.uid = l.uid;
		c.raddr = ip;
		c.rport = port;
		c.state = TCP_ESTABLISHED;
		c.connected = true;
		c.peer = child;
		l.acceptQ.push(child);
		l.wq.wakeAll();
		return 0;
	}
}

/** The route from `from` back to the stack `to` (replies, RSTs), for counting traffic. */
function backRoute(from: NetStack, to: NetStack): Route {
	if (from === to) return { stack: to, dev: from.lo, src: 0 };
	const dev = from.devices.find((d) => !(d.flags & IFF_LOOPBACK)) ?? from.lo;
	return { stack: to, dev, src: 0 };
}

/** Owner fields for a socket the kernel creates (an incoming connection): the listener's. */
function fakeOwner(l: Socket): Process {
	return { creds: { euid: l.uid }, pid: l.pid, ctx: l.ctx } as unknown as Process;
}

// ---- Closing --------------------------------------------------------------------------------

/** Aborts a connection: the peer sees ECONNRESET, both ends are gone. */
export function resetConnection(s: Socket): void {
	const p = s.peer;
	if (p) {
		p.error = errno('ECONNRESET');
		p.eof = true;
		p.state = TCP_CLOSE;
		p.peer = null;
		if (p.orphan) p.stack.sockets.delete(p);
		p.notify();
	}
	s.state = TCP_CLOSE;
	s.peer = null;
	s.stack.sockets.delete(s);
	s.notify();
}

/** The last file reference went away: close(2) semantics per kind. */
export function closeSocket(s: Socket): void {
	s.orphan = true;
	const st = s.stack;
	if (s.state === TCP_LISTEN) {
		for (const c of s.acceptQ) resetConnection(c);
		s.acceptQ = [];
		s.state = TCP_CLOSE;
		st.sockets.delete(s);
		s.notify();
		return;
	}
	if (s.kind === 'unix') {
		if (s.inode && s.inode.attached === s) s.inode.attached = undefined;
		const p = s.peer;
		if (p) {
			p.eof = true;
			p.notify();
		}
		s.state = TCP_CLOSE;
		st.sockets.delete(s);
		s.notify();
		return;
	}
	if (s.kind !== 'tcp' || !s.peer) {
		s.state = TCP_CLOSE;
		st.sockets.delete(s);
		s.notify();
		return;
	}
	// Linux: closing with unread data sends a RST instead of a FIN (tcp_close).
	if (s.rcv.length > 0) {
		resetConnection(s);
		return;
	}
	tcpSendFin(s);
}

/** Sends our FIN (close or shutdown(SHUT_WR)) and moves both ends along the state diagram. */
export function tcpSendFin(s: Socket): void {
	if (s.wrShut && s.state !== TCP_ESTABLISHED && s.state !== TCP_CLOSE_WAIT) {
		if (s.orphan && s.state === TCP_FIN_WAIT2 && s.expires === null) {
			s.expires = s.stack.k.clock + TIME_WAIT_US;
		}
		return;
	}
	s.wrShut = true;
	const p = s.peer;
	if (s.state === TCP_CLOSE_WAIT) {
		// LAST_ACK, and on a quiet network the ACK is immediate: this end is gone.
		s.state = TCP_LAST_ACK;
		if (p) {
			p.eof = true;
			p.state = TCP_TIME_WAIT;
			p.expires = p.stack.k.clock + TIME_WAIT_US;
			p.peer = null;
			p.notify();
		}
		s.state = TCP_CLOSE;
		s.peer = null;
		s.stack.sockets.delete(s);
		s.notify();
		return;
	}
	s.state = TCP_FIN_WAIT2;
	if (s.orphan) s.expires = s.stack.k.clock + TIME_WAIT_US;
	if (p) {
		p.eof = true;
		if (p.state === TCP_ESTABLISHED) p.state = TCP_CLOSE_WAIT;
		p.notify();
	}
	s.notify();
}

// ---- File operations --------------------------------------------------------------------------

function nonblock(f: OpenFile): boolean {
	return (f.flags & O_NONBLOCK) !== 0;
}

export function socketOf(f: OpenFile): Socket | null {
	return f.priv instanceof Socket ? f.priv : null;
}

/** Reads from a stream socket: data, then end of file after the peer's FIN. */
export function streamRead(s: Socket, count: number, nb: boolean): string | Errno | Block {
	if (s.state === TCP_LISTEN) return errno('ENOTCONN');
	if (s.rcv.length > 0) {
		const out = s.rcv.slice(0, count);
		s.rcv = s.rcv.slice(out.length);
		s.notify();
		return out;
	}
	if (s.error) {
		const e = s.error;
		s.error = null;
		return e;
	}
	if (s.eof || s.rdShut) return '';
	if (!s.connected) return errno('ENOTCONN');
	if (nb) return errno('EAGAIN');
	return block(s.wq);
}

/** Writes to a stream socket: into the peer's receive buffer, as far as it has room. */
export function streamWrite(
	s: Socket,
	data: string,
	proc: Process,
	nb: boolean
): number | Errno | Block {
	if (s.error) {
		const e = s.error;
		s.error = null;
		return e;
	}
	const p = s.peer;
	if (!s.connected) {
		if (s.kind === 'unix') return errno('ENOTCONN');
		s.stack.k.sendSigpipe(proc);
		return errno('EPIPE');
	}
	// A peer still in its listener's accept queue is no closed one: it takes the data (Linux
	// queues it for the server's accept).
	const closed = p !== null && p.orphan && p.listener === null;
	if (s.wrShut || !p || (closed && p.kind === 'unix')) {
		s.stack.k.sendSigpipe(proc);
		return errno('EPIPE');
	}
	if (closed) {
		// SIMPLIFIED: the peer's RST to data after its close arrives before we return.
		resetConnection(p);
		s.stack.k.sendSigpipe(proc);
		return errno('EPIPE');
	}
	const room = STREAM_RCVBUF - p.rcv.length;
	if (room <= 0) {
		if (nb) return errno('EAGAIN');
		return block(s.wq);
	}
	const chunk = data.slice(0, room);
	if (p.rdShut && p.kind === 'tcp') return chunk.length;
	p.rcv += chunk;
	if (s.kind === 'tcp') {
		const r = s.stack.route(s.raddr);
		if (!isErrno(r)) s.stack.traffic(r, chunk.length + 52);
	}
	p.notify();
	return chunk.length;
}

/** Readiness for poll/select. */
export function socketPoll(s: Socket): {
	readable: boolean;
	writable: boolean;
	queues: WaitQueue[];
} {
	s.stack.reap();
	const readable =
		s.rcv.length > 0 ||
		s.dgrams.length > 0 ||
		s.acceptQ.length > 0 ||
		s.error !== null ||
		s.eof ||
		s.rdShut;
	let writable: boolean;
	if (s.stream) {
		const p = s.peer;
		writable =
			s.error !== null ||
			s.wrShut ||
			(s.connected && (!p || p.orphan || p.rcv.length < STREAM_RCVBUF));
	} else writable = true;
	return { readable, writable, queues: [s.wq] };
}

/** The FileOps of a socket fd; datagram reads and writes go through the syscall layer's hooks. */
export function socketOps(dgram: {
	read(s: Socket, count: number, proc: Process, nb: boolean): string | Errno | Block;
	write(s: Socket, data: string, proc: Process, nb: boolean): number | Errno | Block;
	ioctl(s: Socket, request: number, arg: unknown, proc: Process): unknown;
}): FileOps {
	return {
		read(f, count, proc) {
			const s = socketOf(f)!;
			if (s.stream) return streamRead(s, count, nonblock(f));
			return dgram.read(s, count, proc, nonblock(f));
		},
		write(f, data, proc) {
			const s = socketOf(f)!;
			if (s.stream) return streamWrite(s, data, proc, nonblock(f));
			return dgram.write(s, data, proc, nonblock(f));
		},
		ioctl(f, request, arg, proc) {
			return dgram.ioctl(socketOf(f)!, request, arg, proc);
		},
		poll(f) {
			return socketPoll(socketOf(f)!);
		},
		release(f) {
			closeSocket(socketOf(f)!);
		}
	};
}

/** Formats a socket's local or remote inet endpoint as netstat does: `A.B.C.D:port`. */
export function endpoint(addr: number, port: number): string {
	return `${formatIp(addr)}:${port}`;
}

export { SOCK_DGRAM, SOCK_RAW, SOCK_STREAM };
