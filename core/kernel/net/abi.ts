// The network ABI programs see: address families, socket types, ioctl numbers, interface flags,
// TCP states and the address records that stand in for struct sockaddr and struct ifreq.

export const AF_UNIX = 1,
	AF_INET = 2;
export const PF_UNIX = AF_UNIX,
	PF_INET = AF_INET;
export const SOCK_STREAM = 1,
	SOCK_DGRAM = 2,
	SOCK_RAW = 3;
export const IPPROTO_IP = 0,
	IPPROTO_ICMP = 1,
	IPPROTO_TCP = 6,
	IPPROTO_UDP = 17;
export const SHUT_RD = 0,
	SHUT_WR = 1,
	SHUT_RDWR = 2;
export const SOL_SOCKET = 1,
	SO_REUSEADDR = 2,
	SO_TYPE = 3,
	SO_ERROR = 4,
	SO_BROADCAST = 6;
export const INADDR_ANY = '0.0.0.0';

// Linux <linux/sockios.h> request numbers.
export const SIOCGIFNAME = 0x8910,
	SIOCGIFCONF = 0x8912,
	SIOCGIFFLAGS = 0x8913,
	SIOCSIFFLAGS = 0x8914,
	SIOCGIFADDR = 0x8915,
	SIOCSIFADDR = 0x8916,
	SIOCGIFDSTADDR = 0x8917,
	SIOCGIFBRDADDR = 0x8919,
	SIOCSIFBRDADDR = 0x891a,
	SIOCGIFNETMASK = 0x891b,
	SIOCSIFNETMASK = 0x891c,
	SIOCGIFMETRIC = 0x891d,
	SIOCGIFMTU = 0x8921,
	SIOCSIFMTU = 0x8922,
	SIOCGIFHWADDR = 0x8927,
	SIOCGIFINDEX = 0x8933,
	SIOCGIFTXQLEN = 0x8942;
/** The interface requests (answered by kernel/net/ifconf.ts). */
export const IF_REQUESTS = new Set([
	SIOCGIFNAME,
	SIOCGIFCONF,
	SIOCGIFFLAGS,
	SIOCSIFFLAGS,
	SIOCGIFADDR,
	SIOCSIFADDR,
	SIOCGIFDSTADDR,
	SIOCGIFBRDADDR,
	SIOCSIFBRDADDR,
	SIOCGIFNETMASK,
	SIOCSIFNETMASK,
	SIOCGIFMETRIC,
	SIOCGIFMTU,
	SIOCSIFMTU,
	SIOCGIFHWADDR,
	SIOCGIFINDEX,
	SIOCGIFTXQLEN
]);

// <linux/if.h> interface flags.
export const IFF_UP = 0x1,
	IFF_BROADCAST = 0x2,
	IFF_DEBUG = 0x4,
	IFF_LOOPBACK = 0x8,
	IFF_POINTOPOINT = 0x10,
	IFF_NOTRAILERS = 0x20,
	IFF_RUNNING = 0x40,
	IFF_NOARP = 0x80,
	IFF_PROMISC = 0x100,
	IFF_ALLMULTI = 0x200,
	IFF_MULTICAST = 0x1000;

/** ARPHRD_* hardware types returned by SIOCGIFHWADDR. */
export const ARPHRD_ETHER = 1,
	ARPHRD_LOOPBACK = 772;

/** TCP states as <linux/tcp.h> numbers them (the `st` column of /proc/net/tcp). */
export const TCP_ESTABLISHED = 1,
	TCP_SYN_SENT = 2,
	TCP_SYN_RECV = 3,
	TCP_FIN_WAIT1 = 4,
	TCP_FIN_WAIT2 = 5,
	TCP_TIME_WAIT = 6,
	TCP_CLOSE = 7,
	TCP_CLOSE_WAIT = 8,
	TCP_LAST_ACK = 9,
	TCP_LISTEN = 10,
	TCP_CLOSING = 11;

export const TCP_STATE_NAMES: Record<number, string> = {
	[TCP_ESTABLISHED]: 'ESTABLISHED',
	[TCP_SYN_SENT]: 'SYN_SENT',
	[TCP_SYN_RECV]: 'SYN_RECV',
	[TCP_FIN_WAIT1]: 'FIN_WAIT1',
	[TCP_FIN_WAIT2]: 'FIN_WAIT2',
	[TCP_TIME_WAIT]: 'TIME_WAIT',
	[TCP_CLOSE]: 'CLOSE',
	[TCP_CLOSE_WAIT]: 'CLOSE_WAIT',
	[TCP_LAST_ACK]: 'LAST_ACK',
	[TCP_LISTEN]: 'LISTEN',
	[TCP_CLOSING]: 'CLOSING'
};

/** struct sockaddr_in, as dotted quad and host-order port. */
export interface InetAddr {
	addr: string;
	port: number;
}

/** struct sockaddr_un: a filesystem path ('' for an unnamed socket). */
export interface UnixAddr {
	path: string;
}

export type SockAddr = InetAddr | UnixAddr;

/**
 * struct ifreq: the interface name and whichever member the request reads or writes. A SIOCG*
 * request answers a filled copy; a SIOCS* request reads the member it sets.
 */
export interface Ifreq {
	name: string;
	addr?: string;
	netmask?: string;
	broadaddr?: string;
	flags?: number;
	mtu?: number;
	metric?: number;
	txqlen?: number;
	index?: number;
	/** SIOCGIFHWADDR: `00:50:56:A8:01:01` and the ARPHRD_* family. */
	hwaddr?: string;
	hwtype?: number;
}

/** Tells an AF_INET address record from an AF_UNIX one. */
export function isInet(a: SockAddr): a is InetAddr {
	return (a as InetAddr).addr !== undefined;
}
