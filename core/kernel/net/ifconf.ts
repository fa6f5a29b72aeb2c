// Interface ioctls on a socket fd (what ifconfig and chbind use): SIOCGIF* read a device or an
// address label, SIOCSIF* change them and need CAP_NET_ADMIN, as dev_ioctl/devinet_ioctl in 2.4.
// Since ctx-6 a process with an ipv4root sees only the devices and addresses carrying its IPs
// (procnet.ts deviceVisible/addrVisible): SIOCGIFCONF lists only its own addresses, an alias
// of another address answers ENODEV and a device's foreign address reads as none. CHOICE: a
// device asked for by name still answers (flags, MTU, hardware address), so what keeps a
// vserver off the host's cards stays CAP_NET_ADMIN, as the paper teaches: hiding is about
// what a vserver can learn of its neighbours' addresses, not about which cards exist. No boot
// script asks for these, so this module is a chunk of its own: Sys.ioctl imports it before the
// first such request (IF_REQUESTS in abi.ts).
import { errno, type Errno } from '../errno.ts';
import type { Process } from '../process.ts';
import {
	IFF_ALLMULTI,
	IFF_BROADCAST,
	IFF_DEBUG,
	IFF_LOOPBACK,
	IFF_MULTICAST,
	IFF_NOARP,
	IFF_NOTRAILERS,
	IFF_PROMISC,
	IFF_RUNNING,
	IFF_UP,
	SIOCGIFADDR,
	SIOCGIFBRDADDR,
	SIOCGIFCONF,
	SIOCGIFDSTADDR,
	SIOCGIFFLAGS,
	SIOCGIFHWADDR,
	SIOCGIFINDEX,
	SIOCGIFMETRIC,
	SIOCGIFMTU,
	SIOCGIFNAME,
	SIOCGIFNETMASK,
	SIOCGIFTXQLEN,
	SIOCSIFADDR,
	SIOCSIFBRDADDR,
	SIOCSIFFLAGS,
	SIOCSIFMTU,
	SIOCSIFNETMASK,
	type Ifreq
} from './abi.ts';
import { CAP_NET_ADMIN, formatIp, parseIp, prefixMask } from './ipv4root.ts';
import { addrVisible } from './procnet.ts';
import type { IfAddr, NetStack } from './stack.ts';

/** Flags SIOCSIFFLAGS may change (dev_change_flags); RUNNING follows UP on our devices. */
const SETTABLE =
	IFF_UP | IFF_DEBUG | IFF_NOTRAILERS | IFF_NOARP | IFF_PROMISC | IFF_ALLMULTI | IFF_MULTICAST;

const SETTERS = new Set([SIOCSIFFLAGS, SIOCSIFADDR, SIOCSIFBRDADDR, SIOCSIFNETMASK, SIOCSIFMTU]);

/** The prefix length of a classful address (inet_abc_len): what a fresh SIOCSIFADDR assumes. */
function classfulLen(ip: number): number {
	const top = ip >>> 24;
	if (top < 128) return 8;
	if (top < 192) return 16;
	if (top < 224) return 24;
	return 32;
}

function setAddress(a: IfAddr, ip: number): void {
	a.local = ip;
	a.mask = prefixMask(classfulLen(ip));
	a.bcast = a.dev.flags & IFF_BROADCAST ? (ip | ~a.mask) >>> 0 : 0;
}

/** Handles an interface ioctl; `deny` records why a change was refused. */
export function ifIoctl(
	st: NetStack,
	proc: Process,
	request: number,
	arg: unknown,
	deny: (text: string) => void
): unknown {
	if (request === SIOCGIFCONF) {
		// One entry per address, device by device (dev_ifconf over inet_gifconf).
		const out: Ifreq[] = [];
		for (const d of st.devices) {
			for (const a of st.addrs) {
				if (a.dev === d && addrVisible(proc, a)) {
					out.push({ name: a.label, addr: formatIp(a.local) });
				}
			}
		}
		return out;
	}
	const req = (arg ?? {}) as Ifreq;
	if (request === SIOCGIFNAME) {
		const d = st.devices.find((x) => x.index === req.index);
		return d ? { name: d.name, index: d.index } : errno('ENODEV');
	}
	if (typeof req.name !== 'string') return errno('EFAULT');
	if (SETTERS.has(request) && !proc.capable(CAP_NET_ADMIN)) {
		deny('changing a network interface needs CAP_NET_ADMIN');
		return errno('EPERM');
	}
	const colon = req.name.indexOf(':');
	const dev = st.device(colon === -1 ? req.name : req.name.slice(0, colon));
	if (!dev) return errno('ENODEV');
	const found = st.addrs.find((a) => a.label === req.name);
	// A hidden alias does not exist for the caller; a visible device's own address that is not
	// one of the caller's IPs reads as "no address" (ifconfig then omits the inet line); a
	// change (already past the CAP_NET_ADMIN test) acts on the real one.
	if (colon !== -1 && found && !addrVisible(proc, found)) return errno('ENODEV');
	const addr = found && (SETTERS.has(request) || addrVisible(proc, found)) ? found : undefined;
	const ip = (text: string | undefined): number | Errno => {
		const v = text === undefined ? null : parseIp(text);
		return v === null ? errno('EINVAL') : v;
	};
	switch (request) {
		case SIOCGIFFLAGS:
			return { name: req.name, flags: dev.flags };
		case SIOCGIFHWADDR:
			return { name: req.name, hwaddr: dev.hwaddr, hwtype: dev.hwtype };
		case SIOCGIFMTU:
			return { name: req.name, mtu: dev.mtu };
		case SIOCGIFMETRIC:
			return { name: req.name, metric: dev.metric };
		case SIOCGIFTXQLEN:
			return { name: req.name, txqlen: dev.txqlen };
		case SIOCGIFINDEX:
			return { name: req.name, index: dev.index };
		case SIOCGIFADDR:
		case SIOCGIFDSTADDR:
			return addr ? { name: req.name, addr: formatIp(addr.local) } : errno('EADDRNOTAVAIL');
		case SIOCGIFNETMASK:
			return addr ? { name: req.name, netmask: formatIp(addr.mask) } : errno('EADDRNOTAVAIL');
		case SIOCGIFBRDADDR:
			return addr ? { name: req.name, broadaddr: formatIp(addr.bcast) } : errno('EADDRNOTAVAIL');
		case SIOCSIFFLAGS: {
			const flags = req.flags ?? 0;
			if (colon !== -1) {
				// An alias is an address label: "down" deletes it (devinet_ioctl).
				if (!addr) return errno('EADDRNOTAVAIL');
				if (!(flags & IFF_UP)) st.addrs.splice(st.addrs.indexOf(addr), 1);
				return 0;
			}
			dev.flags = (dev.flags & ~SETTABLE & ~IFF_RUNNING) | (flags & SETTABLE);
			if (dev.flags & IFF_UP) dev.flags |= IFF_RUNNING;
			return 0;
		}
		case SIOCSIFADDR: {
			const v = ip(req.addr);
			if (typeof v !== 'number') return v;
			if (dev.flags & IFF_LOOPBACK && colon !== -1) return errno('EINVAL');
			if (addr) setAddress(addr, v);
			else {
				const a: IfAddr = { label: req.name, dev, local: 0, mask: 0, bcast: 0 };
				setAddress(a, v);
				// Keep a device's addresses together, aliases after the primary.
				let at = st.addrs.length;
				for (let i = st.addrs.length - 1; i >= 0; i--) {
					if (st.addrs[i]!.dev === dev) {
						at = i + 1;
						break;
					}
				}
				st.addrs.splice(at, 0, a);
			}
			return 0;
		}
		case SIOCSIFNETMASK: {
			if (!addr) return errno('EADDRNOTAVAIL');
			const v = ip(req.netmask ?? req.addr);
			if (typeof v !== 'number') return v;
			const old = addr.mask;
			addr.mask = v;
			// 2.4 recomputes the broadcast only when it was the one the old mask implied.
			if (dev.flags & IFF_BROADCAST && addr.bcast === (addr.local | ~old) >>> 0) {
				addr.bcast = (addr.local | ~v) >>> 0;
			}
			return 0;
		}
		case SIOCSIFBRDADDR: {
			if (!addr) return errno('EADDRNOTAVAIL');
			const v = ip(req.broadaddr ?? req.addr);
			if (typeof v !== 'number') return v;
			addr.bcast = v;
			return 0;
		}
		case SIOCSIFMTU: {
			const mtu = req.mtu ?? 0;
			if (mtu < 68 || mtu > 65535) return errno('EINVAL');
			dev.mtu = mtu;
			return 0;
		}
	}
	return errno('EINVAL');
}
