// The socket system calls and set_ipv4root: argument checks, capabilities (CAP_NET_BIND_SERVICE,
// CAP_NET_RAW, CAP_NET_ADMIN) and the ctx kernel's ipv4root rules on bind, connect and send;
// the kernel's network stack (core/kernel/net) does the delivery.
import { errno, isErrno, type Errno } from '../kernel/errno.ts';
import type { Kernel } from '../kernel/kernel.ts';
import type { Process } from '../kernel/process.ts';
import type { OpenFile } from '../kernel/file.ts';
import { O_NONBLOCK, O_RDWR } from '../kernel/file.ts';
import { MAY_EXEC, MAY_WRITE, S_IFSOCK, kindOf, type FileSystem } from '../kernel/vfs.ts';
import { block, Block } from '../kernel/wait.ts';
import { FIONREAD } from '../kernel/tty.ts';
import {
	AF_INET,
	AF_UNIX,
	IFF_LOOPBACK,
	IPPROTO_ICMP,
	IF_REQUESTS,
	IPPROTO_IP,
	IPPROTO_TCP,
	IPPROTO_UDP,
	SHUT_RD,
	SHUT_RDWR,
	SHUT_WR,
	SOCK_DGRAM,
	SOCK_RAW,
	SOCK_STREAM,
	SOL_SOCKET,
	SO_BROADCAST,
	SO_ERROR,
	SO_REUSEADDR,
	SO_TYPE,
	TCP_CLOSE,
	TCP_ESTABLISHED,
	TCP_LISTEN,
	TCP_SYN_SENT,
	isInet,
	type SockAddr
} from '../kernel/net/abi.ts';
import {
	formatIp,
	ipv4rootOf,
	parseIp,
	setIpv4root,
	type Ipv4Root
} from '../kernel/net/ipv4root.ts';
import {
	ARP_TIMEOUT_US,
	type NetStack,
	Socket,
	netOf,
	socketOf,
	socketOps,
	streamRead,
	streamWrite,
	tcpSendFin,
	type Datagram
} from '../kernel/net/stack.ts';
import {
	broadcastAllowed,
	dgramRecv,
	icmpSend,
	isBroadcast,
	udpSend,
	unixDgramSend
} from '../kernel/net/dgram.ts';
import type * as IfconfModule from '../kernel/net/ifconf.ts';
import { fdAllowed } from '../kernel/later-switch.ts';
import { IP_FW_APPEND, IP_FW_POLICY, fwCheck, type FwChange } from '../kernel/net/filter.ts';
import type * as FilterSetModule from '../kernel/net/filter-set.ts';

// Interface ioctls and the calls that change the packet filter are chunks of their own; Sys
// imports each before the first call that needs it (inside the caller's slice), so the socket
// code below finds it here.
let ifconf: typeof IfconfModule | null = null;
let filterSet: typeof FilterSetModule | null = null;

/** Brings what a socket ioctl `request` needs (ifconf.ts for the interface requests). */
export async function ioctlCode(request: number): Promise<void> {
	if (IF_REQUESTS.has(request)) ifconf ??= await import('../kernel/net/ifconf.ts');
}

/** Brings what setsockopt(level, name) needs (filter-set.ts for IP_FW_*). */
export async function sockoptCode(level: number, name: number): Promise<void> {
	if (level === IPPROTO_IP && name >= IP_FW_APPEND && name <= IP_FW_POLICY) {
		filterSet ??= await import('../kernel/net/filter-set.ts');
	}
}

/** capabilities(7) bits the network checks. */
export const CAP_NET_BIND_SERVICE = 10,
	CAP_NET_RAW = 13;
/** Linux: ports below PROT_SOCK need CAP_NET_BIND_SERVICE. */
export const PROT_SOCK = 1024;

/** sockfs: where socket inodes live (fstat says S_IFSOCK; /proc/PID/fd says socket:[N]). */
const SOCKFS: FileSystem = { dev: 0, type: 'sockfs', blocks: 0, readOnly: false };

/** An address as the caller sees it: getsockname, accept, recvfrom. */
function nameOf(s: Socket, remote: boolean): SockAddr {
	if (s.kind === 'unix') return { path: (remote ? s.peer?.path : s.path) ?? '' };
	return remote
		? { addr: formatIp(s.raddr), port: s.rport }
		: { addr: formatIp(s.laddr), port: s.kind === 'raw' ? 0 : s.lport };
}

function fromName(d: Datagram): SockAddr {
	return 'path' in d.from
		? { path: d.from.path }
		: { addr: formatIp(d.from.addr), port: d.from.port };
}

const denyCap = (k: Kernel, p: Process, capability: string, text: string) =>
	k.deny(p, { kind: 'capability', capability, text });

// ---- Socket files ------------------------------------------------------------------------------

const ops = socketOps({
	read(s, count, _proc, nb) {
		const r = dgramRecv(s, count, nb);
		return isErrno(r) || r instanceof Block ? r : r.data;
	},
	write(s, data, proc, nb) {
		return sendDgram(s, proc, data, null, nb);
	},
	ioctl(s, request, arg, proc) {
		if (request === FIONREAD) return s.stream ? s.rcv.length : (s.dgrams[0]?.data.length ?? 0);
		if (IF_REQUESTS.has(request)) {
			return ifconf!.ifIoctl(s.stack, proc, request, arg, (text) =>
				denyCap(s.stack.k, proc, 'CAP_NET_ADMIN', text)
			);
		}
		return request >= 0x8900 && request <= 0x89ff ? errno('EINVAL') : errno('ENOTTY');
	}
});

function installSocket(k: Kernel, p: Process, s: Socket): number | Errno {
	const inode = k.vfs.newInode(SOCKFS, S_IFSOCK | 0o777, p.creds.fsuid, p.creds.fsgid);
	inode.ino = s.ino;
	inode.nlink = 1;
	const f = k.newFile(ops, O_RDWR, `socket:[${s.ino}]`, inode, s);
	f.refs = 1;
	return k.installFd(p, f);
}

function sockFd(p: Process, fd: number): { f: OpenFile; s: Socket } | Errno {
	const e = p.fds.get(fd);
	if (!e) return errno('EBADF');
	const s = socketOf(e.file);
	return s ? { f: e.file, s } : errno('ENOTSOCK');
}

const nonblock = (f: OpenFile) => (f.flags & O_NONBLOCK) !== 0;

/** socket(2). */
export function sysSocket(
	k: Kernel,
	p: Process,
	domain: number,
	type: number,
	protocol: number
): number | Errno {
	const st = netOf(k);
	if (domain === AF_UNIX) {
		if (type !== SOCK_STREAM && type !== SOCK_DGRAM) return errno('EPROTONOSUPPORT');
		if (protocol !== 0) return errno('EPROTONOSUPPORT');
		return installSocket(k, p, st.newSocket('unix', type, 0, p));
	}
	if (domain !== AF_INET) return errno('EAFNOSUPPORT');
	if (type === SOCK_STREAM && (protocol === 0 || protocol === IPPROTO_TCP)) {
		return installSocket(k, p, st.newSocket('tcp', type, IPPROTO_TCP, p));
	}
	if (type === SOCK_DGRAM && (protocol === 0 || protocol === IPPROTO_UDP)) {
		return installSocket(k, p, st.newSocket('udp', type, IPPROTO_UDP, p));
	}
	if (type === SOCK_RAW) {
		// Linux: raw sockets need CAP_NET_RAW (inet_create).
		if (!p.capable(CAP_NET_RAW)) {
			denyCap(k, p, 'CAP_NET_RAW', 'a raw socket needs CAP_NET_RAW');
			return errno('EPERM');
		}
		// SIMPLIFIED: ICMP is the only raw protocol the model carries (ping).
		if (protocol !== IPPROTO_ICMP) return errno('EPROTONOSUPPORT');
		return installSocket(k, p, st.newSocket('raw', type, protocol, p));
	}
	return errno('EPROTONOSUPPORT');
}

/** socketpair(2): two connected AF_UNIX sockets. */
export function sysSocketpair(
	k: Kernel,
	p: Process,
	domain: number,
	type: number
): [number, number] | Errno {
	if (domain !== AF_UNIX) return errno('EOPNOTSUPP');
	if (type !== SOCK_STREAM && type !== SOCK_DGRAM) return errno('EPROTONOSUPPORT');
	const st = netOf(k);
	const a = st.newSocket('unix', type, 0, p);
	const b = st.newSocket('unix', type, 0, p);
	a.peer = b;
	b.peer = a;
	a.connected = b.connected = true;
	a.state = b.state = TCP_ESTABLISHED;
	const fa = installSocket(k, p, a);
	if (isErrno(fa)) return fa;
	const fb = installSocket(k, p, b);
	if (isErrno(fb)) {
		k.closeFd(p, fa);
		return fb;
	}
	return [fa, fb];
}

// ---- The ipv4root box ----------------------------------------------------------------------

/** The addresses a socket of `p` bound to 0.0.0.0 really gets: one ipv4root IP, or a set. */
function boxedAny(root: Ipv4Root | null): { addr: number; set: number[] | null } {
	if (!root) return { addr: 0, set: null };
	// ctx kernel: with one ipv4root address, 0.0.0.0 becomes that address (netstat shows it).
	if (root.ips.length === 1) return { addr: root.ips[0]!.ip, set: null };
	return { addr: 0, set: root.ips.map((e) => e.ip) };
}

/** The source address a connect or send from `p` uses: forced into the ipv4root. */
function sourceFor(p: Process, s: Socket, routeSrc: number): number {
	if (s.laddr !== 0) return s.laddr;
	const root = ipv4rootOf(p);
	if (!root) return routeSrc;
	const set = s.bindSet ?? root.ips.map((e) => e.ip);
	return set.includes(routeSrc) ? routeSrc : set[0]!;
}

/** Gives an unbound inet socket its ephemeral port (inet_autobind) at `addr`. */
function autobind(st: NetStack, s: Socket, addr: number): 0 | Errno {
	if (s.lport !== 0 || s.kind === 'raw') {
		if (s.kind === 'raw' && s.laddr === 0) s.laddr = addr;
		return 0;
	}
	const port = st.ephemeral(s.kind === 'udp' ? 'udp' : 'tcp', addr, s.bindSet);
	if (isErrno(port)) return port;
	s.laddr = addr;
	s.lport = port;
	autobound.add(s);
	return 0;
}
const autobound = new WeakSet<Socket>();

// ---- bind, listen, accept, connect -------------------------------------------------------------

/** bind(2). */
export function sysBind(k: Kernel, p: Process, fd: number, addr: SockAddr): 0 | Errno {
	const r = sockFd(p, fd);
	if (isErrno(r)) return r;
	const s = r.s;
	if (s.kind === 'unix') {
		if (isInet(addr)) return errno('EINVAL');
		return bindUnix(k, p, s, addr.path);
	}
	if (!isInet(addr)) return errno('EINVAL');
	if (s.lport !== 0 || (s.kind === 'raw' && s.laddr !== 0)) return errno('EINVAL');
	let ip = parseIp(addr.addr);
	const port = addr.port;
	if (ip === null || !Number.isInteger(port) || port < 0 || port > 65535) return errno('EINVAL');
	const st = netOf(k);
	const root = ipv4rootOf(p);
	let set: number[] | null = null;
	if (root) {
		if (ip === 0) ({ addr: ip, set } = boxedAny(root));
		else if (!root.ips.some((e) => e.ip === ip)) {
			k.deny(p, {
				kind: 'ipv4root',
				text: `${addr.addr} is not one of the process's ipv4root addresses (${root.ips.map((e) => formatIp(e.ip)).join(', ')})`
			});
			return errno('EADDRNOTAVAIL');
		}
	}
	if (ip !== 0 && !st.isLocal(ip) && !(s.kind === 'udp' && isBroadcast(st, ip))) {
		return errno('EADDRNOTAVAIL');
	}
	if (s.kind === 'raw') {
		s.laddr = ip;
		s.bindSet = set;
		return 0;
	}
	// Linux: ports < 1024 need CAP_NET_BIND_SERVICE (inet_bind).
	if (port !== 0 && port < PROT_SOCK && !p.capable(CAP_NET_BIND_SERVICE)) {
		denyCap(
			k,
			p,
			'CAP_NET_BIND_SERVICE',
			`port ${port} is below 1024 and CAP_NET_BIND_SERVICE is missing`
		);
		return errno('EACCES');
	}
	const kind = s.kind === 'udp' ? 'udp' : 'tcp';
	let chosen = port;
	if (port === 0) {
		const e = st.ephemeral(kind, ip, set);
		if (isErrno(e)) return e;
		chosen = e;
	} else if (st.portBusy(kind, port, ip, set, s.reuse, s)) return errno('EADDRINUSE');
	s.laddr = ip;
	s.lport = chosen;
	s.bindSet = set;
	return 0;
}

function bindUnix(k: Kernel, p: Process, s: Socket, path: string): 0 | Errno {
	if (s.path !== null) return errno('EINVAL');
	// SIMPLIFIED: no abstract namespace; an empty name is refused.
	if (path === '') return errno('EINVAL');
	const r = k.vfs.resolve(p, path, { parentOk: true, follow: false });
	if (isErrno(r)) return r;
	if (r.inode) return errno('EADDRINUSE');
	if (!k.vfs.permission(p, r.parent, MAY_WRITE | MAY_EXEC)) return errno('EACCES');
	if (r.parent.fs.readOnly) return errno('EROFS');
	// Linux: the node's mode is 0777 less the umask (unix_bind), so `ls -l` shows srwxr-xr-x.
	const inode = k.vfs.newInode(
		r.parent.fs,
		S_IFSOCK | (0o777 & ~p.umask),
		p.creds.fsuid,
		p.creds.fsgid
	);
	inode.attached = s;
	k.vfs.link(r.parent, r.name, inode);
	s.path = path;
	s.inode = inode;
	return 0;
}

/** listen(2). */
export function sysListen(k: Kernel, p: Process, fd: number, backlog: number): 0 | Errno {
	const r = sockFd(p, fd);
	if (isErrno(r)) return r;
	const s = r.s;
	if (!s.stream) return errno('EOPNOTSUPP');
	if (s.connected) return errno('EINVAL');
	if (s.kind === 'unix') {
		if (s.path === null) return errno('EINVAL');
	} else if (s.lport === 0) {
		const any = boxedAny(ipv4rootOf(p));
		s.bindSet = any.set;
		const e = autobind(netOf(k), s, any.addr);
		if (isErrno(e)) return e;
	}
	s.state = TCP_LISTEN;
	// 2.4 clamps the backlog to SOMAXCONN (128).
	s.backlog = Math.max(0, Math.min(backlog, 128));
	return 0;
}

/** accept(2): the next established connection, as a new fd, and the peer's address. */
export function sysAccept(
	k: Kernel,
	p: Process,
	fd: number
): { fd: number; addr: SockAddr } | Errno | Block {
	const r = sockFd(p, fd);
	if (isErrno(r)) return r;
	const s = r.s;
	if (!s.stream) return errno('EOPNOTSUPP');
	if (s.state !== TCP_LISTEN) return errno('EINVAL');
	if (s.acceptQ.length > 0) {
		// Without a free descriptor the connection stays queued, as in Linux.
		const refused = fdAllowed(k, p, p.freeFd(0));
		if (refused) return refused;
	}
	const c = s.acceptQ.shift();
	if (!c) return nonblock(r.f) ? errno('EAGAIN') : block(s.wq);
	c.listener = null;
	c.orphan = false;
	c.pid = p.pid;
	const cfd = installSocket(k, p, c);
	return isErrno(cfd) ? cfd : { fd: cfd, addr: nameOf(c, true) };
}

/** connect(2). */
export function sysConnect(k: Kernel, p: Process, fd: number, addr: SockAddr): 0 | Errno | Block {
	const r = sockFd(p, fd);
	if (isErrno(r)) return r;
	const s = r.s;
	if (s.kind === 'unix') return isInet(addr) ? errno('EINVAL') : connectUnix(k, p, s, addr.path);
	if (!isInet(addr)) return errno('EINVAL');
	const st = netOf(k);
	if (s.stream && s.state === TCP_SYN_SENT && s.connectDeadline !== null) {
		// A connect waiting for an ARP answer that never comes (the host is not on the segment),
		// or for the SYN-ACK to a SYN a firewall dropped.
		if (k.clock < s.connectDeadline) return block([], s.connectDeadline);
		s.connectDeadline = null;
		unbind(s);
		return synDropped.delete(s) ? errno('ETIMEDOUT') : errno('EHOSTUNREACH');
	}
	if (s.stream && s.connected) return errno('EISCONN');
	if (s.state === TCP_LISTEN) return errno('EISCONN');
	let dst = parseIp(addr.addr);
	if (dst === null || !Number.isInteger(addr.port) || addr.port < 0 || addr.port > 65535) {
		return errno('EINVAL');
	}
	// Linux: connecting to 0.0.0.0 means this machine.
	if (dst === 0) dst = parseIp('127.0.0.1')!;
	const route = st.route(dst);
	if (isErrno(route)) return route;
	const e = autobind(st, s, sourceFor(p, s, route.src));
	if (isErrno(e)) return e;
	if (s.laddr === 0) s.laddr = sourceFor(p, s, route.src);
	if (!s.stream) {
		s.raddr = dst;
		s.rport = addr.port;
		return 0;
	}
	if (!route.stack) {
		s.state = TCP_SYN_SENT;
		s.raddr = dst;
		s.rport = addr.port;
		if (nonblock(r.f)) return errno('EINPROGRESS');
		s.connectDeadline = k.clock + ARP_TIMEOUT_US;
		return block([], s.connectDeadline);
	}
	const verdict = firewall(st, s, route.dev.name, route.stack, dst, addr.port);
	if (verdict === 'DENY') {
		// The SYN is dropped: the connect retries until tcp_syn_retries give up.
		s.state = TCP_SYN_SENT;
		s.raddr = dst;
		s.rport = addr.port;
		synDropped.add(s);
		if (nonblock(r.f)) return errno('EINPROGRESS');
		s.connectDeadline = k.clock + SYN_RETRIES_US;
		return block([], s.connectDeadline);
	}
	if (verdict !== 'ACCEPT') {
		unbind(s);
		return verdict;
	}
	const c = st.tcpConnect(s, { ...route, stack: route.stack }, dst, addr.port);
	if (isErrno(c)) unbind(s);
	return c;
}

/** Connects whose SYN a firewall dropped: they end in ETIMEDOUT rather than EHOSTUNREACH. */
const synDropped = new WeakSet<Socket>();
/** 2.4's tcp_syn_retries (5) with the RTO doubling from 3 s: 3+6+12+24+48+96 s. */
const SYN_RETRIES_US = 189_000_000;

/**
 * The packet filter's say on a connection attempt: the sender's output chain (a refusal there
 * is EPERM, as ip_build_xmit returns), then the receiver's input chain: REJECT answers with an
 * ICMP port unreachable (ECONNREFUSED), DENY drops the SYN.
 */
function firewall(
	st: NetStack,
	s: Socket,
	dev: string,
	to: NetStack,
	dst: number,
	port: number
): 'ACCEPT' | 'DENY' | Errno {
	const pkt = { src: s.laddr, dst, proto: IPPROTO_TCP, sport: s.lport, dport: port, bytes: 60 };
	if (fwCheck(st, 'output', { ...pkt, iface: dev }) !== 'ACCEPT') return errno('EPERM');
	const inDev =
		to === st ? dev : (to.devices.find((d) => !(d.flags & IFF_LOOPBACK))?.name ?? 'eth0');
	const v = fwCheck(to, 'input', { ...pkt, iface: inDev });
	if (v === 'REJECT') return errno('ECONNREFUSED');
	return v;
}

/** A failed connect gives back the port it took (tcp_set_state(TCP_CLOSE) → tcp_put_port). */
function unbind(s: Socket): void {
	s.state = TCP_CLOSE;
	s.raddr = 0;
	s.rport = 0;
	if (autobound.has(s)) {
		autobound.delete(s);
		s.laddr = 0;
		s.lport = 0;
	}
}

function lookupUnix(k: Kernel, p: Process, path: string): Socket | Errno {
	const r = k.vfs.resolve(p, path);
	if (isErrno(r)) return r;
	const inode = r.inode!;
	if (kindOf(inode.mode) !== 'sock') return errno('ECONNREFUSED');
	// Linux: connecting needs write permission on the socket node.
	if (!k.vfs.permission(p, inode, MAY_WRITE)) return errno('EACCES');
	const t = inode.attached;
	return t instanceof Socket && !t.orphan ? t : errno('ECONNREFUSED');
}

function connectUnix(k: Kernel, p: Process, s: Socket, path: string): 0 | Errno {
	if (s.stream && s.connected) return errno('EISCONN');
	const t = lookupUnix(k, p, path);
	if (isErrno(t)) return t;
	if (t.type !== s.type) return errno('EPROTOTYPE');
	if (!s.stream) {
		s.peer = t;
		return 0;
	}
	if (t.state !== TCP_LISTEN) return errno('ECONNREFUSED');
	const child = t.stack.newSocket('unix', SOCK_STREAM, 0, p);
	child.ctx = t.ctx;
	child.pid = t.pid;
	child.uid = t.uid;
	child.path = t.path;
	child.listener = t;
	child.orphan = true;
	child.peer = s;
	child.connected = true;
	child.state = TCP_ESTABLISHED;
	s.peer = child;
	s.connected = true;
	s.state = TCP_ESTABLISHED;
	t.acceptQ.push(child);
	t.wq.wakeAll();
	return 0;
}

/** shutdown(2). */
export function sysShutdown(_k: Kernel, p: Process, fd: number, how: number): 0 | Errno {
	const r = sockFd(p, fd);
	if (isErrno(r)) return r;
	const s = r.s;
	if (how !== SHUT_RD && how !== SHUT_WR && how !== SHUT_RDWR) return errno('EINVAL');
	if (s.stream ? !s.connected : s.raddr === 0 && !s.peer) return errno('ENOTCONN');
	if (how !== SHUT_WR) {
		s.rdShut = true;
		s.notify();
	}
	if (how !== SHUT_RD) {
		if (s.kind === 'tcp') tcpSendFin(s);
		else {
			s.wrShut = true;
			if (s.stream && s.peer) s.peer.eof = true;
			s.notify();
		}
	}
	return 0;
}

// ---- Data ------------------------------------------------------------------------------------

function sendDgram(
	s: Socket,
	p: Process,
	data: string,
	to: SockAddr | null,
	nb: boolean
): number | Errno | Block {
	if (s.error) {
		const e = s.error;
		s.error = null;
		return e;
	}
	if (s.wrShut) {
		s.stack.k.sendSigpipe(p);
		return errno('EPIPE');
	}
	const k = s.stack.k;
	if (s.kind === 'unix') {
		let target: Socket | Errno;
		if (to) target = isInet(to) ? errno('EINVAL') : lookupUnix(k, p, to.path);
		else target = s.peer ?? errno('ENOTCONN');
		if (isErrno(target)) return target;
		if (target.type !== SOCK_DGRAM) return errno('EPROTOTYPE');
		return unixDgramSend(s, target, data, nb);
	}
	let dst = s.raddr;
	let port = s.rport;
	if (to) {
		if (!isInet(to)) return errno('EINVAL');
		const ip = parseIp(to.addr);
		if (ip === null) return errno('EINVAL');
		dst = ip;
		port = to.port;
	} else if (dst === 0) return errno('EDESTADDRREQ');
	if (s.kind === 'udp' && data.length > 65507) return errno('EMSGSIZE');
	const st = s.stack;
	const route = st.route(dst);
	const routeSrc = isErrno(route) ? 0 : route.src;
	if (s.lport === 0 && s.kind === 'udp') {
		const any = s.laddr === 0 ? boxedAny(ipv4rootOf(p)) : { addr: s.laddr, set: null };
		s.bindSet = any.set;
		const e = autobind(st, s, any.addr);
		if (isErrno(e)) return e;
	}
	const src = sourceFor(p, s, routeSrc);
	if (s.kind === 'raw') return icmpSend(s, src, data, dst);
	return udpSend(s, src, data, dst, port);
}

/** sendto(2) (send(2) with no address): streams write all of `data` unless non-blocking. */
export function sysSendto(
	_k: Kernel,
	p: Process,
	fd: number,
	data: string,
	to: SockAddr | null,
	done: { n: number }
): number | Errno | Block {
	const r = sockFd(p, fd);
	if (isErrno(r)) return r;
	const s = r.s;
	if (!s.stream) return sendDgram(s, p, data, to, nonblock(r.f));
	while (done.n < data.length) {
		const w = streamWrite(s, data.slice(done.n), p, nonblock(r.f));
		if (typeof w !== 'number') return isErrno(w) && done.n > 0 ? done.n : w;
		done.n += w;
	}
	return done.n;
}

/** recvfrom(2): data and the sender's address (the peer's for a stream). */
export function sysRecvfrom(
	_k: Kernel,
	p: Process,
	fd: number,
	count: number
): { data: string; addr: SockAddr | null } | Errno | Block {
	const r = sockFd(p, fd);
	if (isErrno(r)) return r;
	const s = r.s;
	if (s.stream) {
		const d = streamRead(s, count, nonblock(r.f));
		return typeof d === 'string' ? { data: d, addr: s.peer ? nameOf(s, true) : null } : d;
	}
	const d = dgramRecv(s, count, nonblock(r.f));
	if (isErrno(d) || d instanceof Block) return d;
	return { data: d.data, addr: fromName(d) };
}

export function sysGetsockname(_k: Kernel, p: Process, fd: number): SockAddr | Errno {
	const r = sockFd(p, fd);
	return isErrno(r) ? r : nameOf(r.s, false);
}

export function sysGetpeername(_k: Kernel, p: Process, fd: number): SockAddr | Errno {
	const r = sockFd(p, fd);
	if (isErrno(r)) return r;
	const s = r.s;
	if (s.kind === 'unix' ? !s.peer : s.raddr === 0 || (s.stream && !s.connected)) {
		return errno('ENOTCONN');
	}
	return nameOf(s, true);
}

/** setsockopt(2): SO_REUSEADDR and SO_BROADCAST matter; other SOL_SOCKET options are accepted. */
export function sysSetsockopt(
	_k: Kernel,
	p: Process,
	fd: number,
	level: number,
	name: number,
	value: number | FwChange
): 0 | Errno {
	const r = sockFd(p, fd);
	if (isErrno(r)) return r;
	if (level === IPPROTO_IP && name >= IP_FW_APPEND && name <= IP_FW_POLICY && r.s.kind !== 'unix') {
		return filterSet!.fwSetsockopt(_k, p, name, value);
	}
	if (level !== SOL_SOCKET) return level === IPPROTO_TCP || level === 0 ? 0 : errno('ENOPROTOOPT');
	if (name === SO_REUSEADDR) r.s.reuse = value !== 0;
	else if (name === SO_BROADCAST) {
		if (value !== 0) broadcastAllowed.add(r.s);
		else broadcastAllowed.delete(r.s);
	}
	return 0;
}

export function sysGetsockopt(
	_k: Kernel,
	p: Process,
	fd: number,
	level: number,
	name: number
): number | Errno {
	const r = sockFd(p, fd);
	if (isErrno(r)) return r;
	if (level !== SOL_SOCKET) return errno('ENOPROTOOPT');
	switch (name) {
		case SO_ERROR: {
			const e = r.s.error;
			r.s.error = null;
			return e ? e.code : 0;
		}
		case SO_TYPE:
			return r.s.type;
		case SO_REUSEADDR:
			return r.s.reuse ? 1 : 0;
		case SO_BROADCAST:
			return broadcastAllowed.has(r.s) ? 1 : 0;
	}
	return errno('ENOPROTOOPT');
}

/** set_ipv4root(ip[], nb, bcast, mask[]) rev3, with dotted quads. */
export function sysSetIpv4root(
	k: Kernel,
	p: Process,
	ips: readonly { ip: string; mask: string }[],
	bcast: string
): 0 | Errno {
	const parsed: { ip: number; mask: number }[] = [];
	for (const e of ips) {
		const ip = parseIp(e.ip);
		const mask = parseIp(e.mask);
		if (ip === null || mask === null) return errno('EINVAL');
		parsed.push({ ip, mask });
	}
	const b = parseIp(bcast);
	if (b === null) return errno('EINVAL');
	return setIpv4root(p, parsed, b, (text) =>
		k.deny(p, { kind: 'ipv4root', capability: 'CAP_NET_ADMIN', text })
	);
}
