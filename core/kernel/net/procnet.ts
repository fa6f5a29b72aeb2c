// What /proc/net shows (dev, tcp, udp, raw, unix in 2.4.20's exact layout), who may see which
// socket, and the KernelSnapshot's `sockets` and `interfaces`.
import type { Kernel } from '../kernel.ts';
import type { Process } from '../process.ts';
import type { InterfaceView, SocketView } from '../snapshot.ts';
import {
	IFF_UP,
	TCP_CLOSE,
	TCP_ESTABLISHED,
	TCP_LISTEN,
	TCP_STATE_NAMES,
	TCP_TIME_WAIT
} from './abi.ts';
import { formatIp, ipv4rootOf } from './ipv4root.ts';
import { procIpFwchains, procIpFwnames } from './filter.ts';
import {
	endpoint,
	netOf,
	type IfAddr,
	type NetDevice,
	type NetStack,
	type Socket
} from './stack.ts';

/**
 * May `viewer` see socket `s` (in /proc/net and so in netstat)? A context sees its own
 * sockets; context 1, the spectator, sees all. The contexts engineer's rules may refine this.
 */
export function socketVisible(viewer: Process | null, s: Socket): boolean {
	return viewer === null || viewer.ctx === 1 || viewer.ctx === s.ctx;
}

/**
 * May `viewer` see address `a` (an address label: `eth0`, `eth0:v1`, `lo`)? Since ctx-6 a
 * process with an ipv4root sees only the addresses that are among its own IPs; a process
 * without one (the host, the spectator context 1 unless chbind'ed) sees every address.
 * The test is the ipv4root, not the context, as the kernel filtered by the process's box.
 */
export function addrVisible(viewer: Process | null, a: IfAddr): boolean {
	if (viewer === null) return true;
	const r = ipv4rootOf(viewer);
	return !r || r.ips.some((e) => e.ip === a.local);
}

/**
 * May `viewer` see device `d` (in /proc/net/dev, and by name in the SIOCGIF* ioctls)? Since
 * ctx-6 a vserver sees only the device or devices carrying one of its IPs, on the device's own
 * address or on an alias of it; without an ipv4root every device is visible.
 */
export function deviceVisible(st: NetStack, viewer: Process | null, d: NetDevice): boolean {
	if (viewer === null || !ipv4rootOf(viewer)) return true;
	return st.addrs.some((a) => a.dev === d && addrVisible(viewer, a));
}

/** A 2.4 kernel pointer for `%p`: made up from the inode number, so stable per boot. */
function kptr(ino: number): string {
	return ((0xc1000000 + ino * 0x2a0) >>> 0).toString(16).padStart(8, '0');
}

/** An address as /proc/net prints it: the network-order word read as a little-endian int. */
function hexAddr(ip: number): string {
	const le =
		((ip & 255) << 24) | (((ip >>> 8) & 255) << 16) | (((ip >>> 16) & 255) << 8) | (ip >>> 24);
	return hex(le >>> 0, 8);
}

function hex(v: number, width: number): string {
	return v.toString(16).toUpperCase().padStart(width, '0');
}

const pad = (s: string, n: number) => s.padStart(n, ' ');

/** TCP sockets that sit in a hash table and so appear in /proc/net/tcp. */
function listedTcp(s: Socket): boolean {
	return s.kind === 'tcp' && (s.state === TCP_LISTEN || s.connected) && s.state !== TCP_CLOSE;
}

function visibleSockets(k: Kernel, viewer: Process | null): Socket[] {
	const st = netOf(k);
	st.reap();
	return [...st.sockets].filter((s) => socketVisible(viewer, s));
}

const TCP_HEADER =
	'  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode';

/** /proc/net/tcp: listeners by listening-hash bucket, then connections, each line 149 wide. */
export function procNetTcp(k: Kernel, viewer: Process | null): string {
	const all = visibleSockets(k, viewer).filter(listedTcp);
	const listen = all
		.filter((s) => s.state === TCP_LISTEN)
		.sort((a, b) => (a.lport & 31) - (b.lport & 31));
	const rest = all.filter((s) => s.state !== TCP_LISTEN);
	const lines = [TCP_HEADER.padEnd(149) + '\n'];
	let num = 0;
	for (const s of [...listen, ...rest]) {
		const head = `${pad(String(num++), 4)}: ${hexAddr(s.laddr)}:${hex(s.lport, 4)} ${hexAddr(s.raddr)}:${hex(s.rport, 4)} ${hex(s.state, 2)}`;
		let line: string;
		if (s.state === TCP_TIME_WAIT) {
			const ttd = Math.max(0, Math.ceil(((s.expires ?? k.clock) - k.clock) / 10000));
			line = `${head} 00000000:00000000 03:${hex(ttd, 8)} 00000000 ${pad('0', 5)} ${pad('0', 8)} 0 1 ${kptr(s.ino)}`;
		} else {
			const rx = s.state === TCP_LISTEN ? 0 : s.rcv.length;
			const tail =
				s.state === TCP_LISTEN ? `1 ${kptr(s.ino)} 300 0 0 2 -1` : `2 ${kptr(s.ino)} 20 4 1 2 -1`;
			line = `${head} 00000000:${hex(rx, 8)} 00:00000000 00000000 ${pad(String(s.uid), 5)} ${pad('0', 8)} ${s.orphan ? 0 : s.ino} ${tail}`;
		}
		lines.push(line.padEnd(149) + '\n');
	}
	return lines.join('');
}

function dgramTable(
	k: Kernel,
	viewer: Process | null,
	kind: 'udp' | 'raw',
	buckets: number
): string {
	const socks = visibleSockets(k, viewer).filter(
		(s) => s.kind === kind && (kind === 'raw' || s.lport !== 0)
	);
	const slot = (s: Socket) => (kind === 'udp' ? s.lport : s.protocol) & (buckets - 1);
	// Each bucket is a chain with the newest socket first, as the kernel links them.
	const order = socks.map((s, i) => ({ s, i })).sort((a, b) => slot(a.s) - slot(b.s) || b.i - a.i);
	const lines = [TCP_HEADER.padEnd(127) + '\n'];
	for (const { s } of order) {
		const port = kind === 'udp' ? s.lport : s.protocol;
		const state = s.raddr !== 0 ? TCP_ESTABLISHED : TCP_CLOSE;
		const rx = s.dgrams.reduce((n, d) => n + d.data.length, 0);
		const line =
			`${pad(String(slot(s)), 4)}: ${hexAddr(s.laddr)}:${hex(port, 4)} ${hexAddr(s.raddr)}:${hex(s.rport, 4)} ${hex(state, 2)} ` +
			`00000000:${hex(rx, 8)} 00:00000000 00000000 ${pad(String(s.uid), 5)} ${pad('0', 8)} ${s.ino} 2 ${kptr(s.ino)}`;
		lines.push(line.padEnd(127) + '\n');
	}
	return lines.join('');
}

/** /proc/net/udp: sockets by hash bucket (port & 127), lines 127 wide. */
export function procNetUdp(k: Kernel, viewer: Process | null): string {
	return dgramTable(k, viewer, 'udp', 128);
}

/** /proc/net/raw: raw sockets by protocol bucket. */
export function procNetRaw(k: Kernel, viewer: Process | null): string {
	return dgramTable(k, viewer, 'raw', 32);
}

/** /proc/net/unix: every AF_UNIX socket, with __SO_ACCEPTCON on listeners and the bound path. */
export function procNetUnix(k: Kernel, viewer: Process | null): string {
	const lines = ['Num       RefCount Protocol Flags    Type St Inode Path\n'];
	for (const s of visibleSockets(k, viewer)) {
		if (s.kind !== 'unix') continue;
		const flags = s.state === TCP_LISTEN ? 0x10000 : 0;
		// SS_UNCONNECTED 1, SS_CONNECTING 2 (not yet accepted), SS_CONNECTED 3.
		const st = s.connected && s.peer ? (s.listener && s.orphan ? 2 : 3) : 1;
		const path = s.path ? ' ' + s.path : '';
		lines.push(
			`${kptr(s.ino)}: ${hex(2, 8)} ${hex(0, 8)} ${hex(flags, 8)} ${hex(s.type, 4)} ${hex(st, 2)} ${pad(String(s.ino), 5)}${path}\n`
		);
	}
	return lines.join('');
}

/** /proc/net/dev: the receive and transmit counters of each device. */
export function procNetDev(k: Kernel, viewer: Process | null): string {
	const lines = [
		'Inter-|   Receive                                                |  Transmit\n',
		' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n'
	];
	const st = netOf(k);
	for (const d of st.devices) {
		if (!deviceVisible(st, viewer, d)) continue;
		const c = d.stats;
		const cols: [number, number][] = [
			[c.rxBytes, 8],
			[c.rxPackets, 7],
			[0, 4],
			[0, 4],
			[0, 4],
			[0, 5],
			[0, 10],
			[0, 9],
			[c.txBytes, 8],
			[c.txPackets, 7],
			[0, 4],
			[0, 4],
			[0, 4],
			[0, 5],
			[0, 7],
			[0, 10]
		];
		lines.push(`${pad(d.name, 6)}:${cols.map(([v, w]) => pad(String(v), w)).join(' ')}\n`);
	}
	return lines.join('');
}

/** The generators /proc/net holds, by file name (procfs registers these). */
export const procNetFiles: Record<string, (k: Kernel, viewer: Process | null) => string> = {
	dev: procNetDev,
	raw: procNetRaw,
	tcp: procNetTcp,
	udp: procNetUdp,
	unix: procNetUnix,
	ip_fwnames: procIpFwnames,
	ip_fwchains: procIpFwchains
};

/** KernelSnapshot `sockets`: every socket of the machine, whatever its context. */
export function socketViews(k: Kernel): SocketView[] {
	const out: SocketView[] = [];
	for (const s of visibleSockets(k, null)) {
		const pid = s.orphan ? 0 : s.pid;
		if (s.kind === 'unix') {
			const state = s.state === TCP_LISTEN ? 'LISTENING' : s.connected ? 'CONNECTED' : '';
			out.push({
				proto: 'unix',
				local: s.path ?? '',
				remote: s.peer?.path ?? '',
				state,
				pid,
				ctx: s.ctx
			});
			continue;
		}
		if (s.kind === 'tcp' && !listedTcp(s)) continue;
		if (s.kind === 'udp' && s.lport === 0) continue;
		const state = s.kind === 'tcp' ? TCP_STATE_NAMES[s.state]! : s.raddr !== 0 ? 'ESTABLISHED' : '';
		out.push({
			proto: s.kind,
			local: endpoint(s.laddr, s.kind === 'raw' ? s.protocol : s.lport),
			remote: endpoint(s.raddr, s.rport),
			state,
			pid,
			ctx: s.ctx
		});
	}
	return out;
}

/** KernelSnapshot `interfaces`: one entry per address label (`lo`, `eth0`, `eth0:v1`). */
export function interfaceViews(k: Kernel): InterfaceView[] {
	return netOf(k).addrs.map((a) => ({
		name: a.label,
		addr: formatIp(a.local),
		mask: formatIp(a.mask),
		bcast: formatIp(a.bcast),
		up: (a.dev.flags & IFF_UP) !== 0
	}));
}
