// IPv4 address arithmetic and the ctx kernel's per-process ipv4root: storage, inheritance, the
// one-way rules of set_ipv4root, the /proc status lines and the snapshot view.
import { errno, type Errno } from '../errno.ts';
import type { Process } from '../process.ts';

/** CAP_NET_ADMIN (capabilities(7) bit 12). */
export const CAP_NET_ADMIN = 12;
/** Rev3 of set_ipv4root takes at most NB_IPV4ROOT addresses. */
export const NB_IPV4ROOT = 16;

/** Parses a dotted quad into a host-order unsigned number; null when malformed. */
export function parseIp(text: string): number | null {
	const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
	if (!m) return null;
	let v = 0;
	for (let i = 1; i <= 4; i++) {
		const b = Number(m[i]);
		if (b > 255) return null;
		v = v * 256 + b;
	}
	return v >>> 0;
}

export function formatIp(v: number): string {
	return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
}

/** The mask of a prefix length: 24 → 255.255.255.0. */
export function prefixMask(len: number): number {
	return len <= 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
}

/** Loopback net 127/8: always local while `lo` is up. */
export function isLoopback(ip: number): boolean {
	return ip >>> 24 === 127;
}

export interface Ipv4RootEntry {
	ip: number;
	mask: number;
}

/** A process's network box: the addresses it may use and its broadcast. */
export interface Ipv4Root {
	ips: readonly Ipv4RootEntry[];
	bcast: number;
}

const roots = new WeakMap<Process, Ipv4Root>();

/** The process's ipv4root, or null when unrestricted (no call yet, or 0.0.0.0). */
export function ipv4rootOf(p: Process): Ipv4Root | null {
	const r = roots.get(p);
	return r && r.ips.length > 0 ? r : null;
}

/** Broadcast address recorded by set_ipv4root, also when the list is 0.0.0.0. */
export function ipv4rootBcast(p: Process): number {
	return roots.get(p)?.bcast ?? 0;
}

/** True when `ip` is one of the process's ipv4root addresses (or it has none). */
export function ipAllowed(p: Process, ip: number): boolean {
	const r = ipv4rootOf(p);
	return !r || r.ips.some((e) => e.ip === ip);
}

/** fork(2) hook: the box is inherited; the parent is never affected by the child's later calls. */
export function inheritIpv4root(child: Process, parent: Process): void {
	const r = roots.get(parent);
	if (r) roots.set(child, r);
}

/**
 * set_ipv4root(ip[], nb, bcast, mask[]) rev3. Anyone may call it while unrestricted; once
 * restricted, a change needs CAP_NET_ADMIN, otherwise only a subset of the current addresses
 * with the same broadcast is accepted (the 2.6 re-implementation's rule, see the reference §3.3.7).
 * An address 0.0.0.0 in the list means "unrestricted" (rootshell's `chbind --ip 0.0.0.0`).
 */
export function setIpv4root(
	p: Process,
	ips: readonly Ipv4RootEntry[],
	bcast: number,
	deny: (text: string) => void
): 0 | Errno {
	if (ips.length > NB_IPV4ROOT) return errno('EINVAL');
	const open = ips.length === 0 || ips.some((e) => e.ip === 0);
	const next: Ipv4Root = {
		ips: open ? [] : ips.map((e) => ({ ip: e.ip >>> 0, mask: e.mask >>> 0 })),
		bcast: bcast >>> 0
	};
	const cur = ipv4rootOf(p);
	if (cur && !p.capable(CAP_NET_ADMIN)) {
		const subset =
			!open &&
			next.ips.every((e) => cur.ips.some((c) => c.ip === e.ip)) &&
			next.bcast === cur.bcast;
		if (!subset) {
			deny('an ipv4root can only be narrowed to a subset of its addresses without CAP_NET_ADMIN');
			return errno('EPERM');
		}
	}
	roots.set(p, next);
	return 0;
}

/** The ipv4root lines of /proc/PID/status (the contract's rendering). */
export function ipv4rootLines(p: Process): string {
	// Most processes never called set_ipv4root (ps reads the status of every one).
	if (!roots.has(p)) return 'ipv4root: 0.0.0.0\nipv4root_bcast: 0.0.0.0\n';
	const r = ipv4rootOf(p);
	const ips = r
		? r.ips.map((e) => `ipv4root: ${formatIp(e.ip)}/${formatIp(e.mask)}\n`).join('')
		: 'ipv4root: 0.0.0.0\n';
	return ips + `ipv4root_bcast: ${formatIp(ipv4rootBcast(p))}\n`;
}

/** The KernelSnapshot's `ipv4root` and `bcast` of a process. */
export function ipv4rootView(p: Process): {
	ipv4root: { ip: string; mask: string }[];
	bcast: string;
} {
	const r = ipv4rootOf(p);
	return {
		ipv4root: r ? r.ips.map((e) => ({ ip: formatIp(e.ip), mask: formatIp(e.mask) })) : [],
		bcast: formatIp(ipv4rootBcast(p))
	};
}
