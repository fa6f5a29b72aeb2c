// ifconfig (net-tools 1.60): interfaces through the SIOCGIF* ioctls on an AF_INET socket and
// their counters from /proc/net/dev; changes through SIOCSIF*, which need CAP_NET_ADMIN (the
// paper's example of what root inside a reduced ceiling cannot do).
import {
	AF_INET,
	IFF_ALLMULTI,
	IFF_BROADCAST,
	IFF_DEBUG,
	IFF_LOOPBACK,
	IFF_MULTICAST,
	IFF_NOARP,
	IFF_NOTRAILERS,
	IFF_POINTOPOINT,
	IFF_PROMISC,
	IFF_RUNNING,
	IFF_UP,
	isErrno,
	SIOCGIFADDR,
	SIOCGIFBRDADDR,
	SIOCGIFCONF,
	SIOCGIFFLAGS,
	SIOCGIFHWADDR,
	SIOCGIFMETRIC,
	SIOCGIFMTU,
	SIOCGIFNETMASK,
	SIOCGIFTXQLEN,
	SIOCSIFADDR,
	SIOCSIFBRDADDR,
	SIOCSIFFLAGS,
	SIOCSIFMTU,
	SIOCSIFNETMASK,
	SOCK_DGRAM,
	type Ifreq,
	type Sys
} from '../syscalls/index.ts';
import { Tool } from './lib/tool.ts';
import { readText } from './lib/procps.ts';

const flagNames: [number, string][] = [
	[IFF_UP, 'UP'],
	[IFF_BROADCAST, 'BROADCAST'],
	[IFF_DEBUG, 'DEBUG'],
	[IFF_LOOPBACK, 'LOOPBACK'],
	[IFF_POINTOPOINT, 'POINTOPOINT'],
	[IFF_NOTRAILERS, 'NOTRAILERS'],
	[IFF_RUNNING, 'RUNNING'],
	[IFF_NOARP, 'NOARP'],
	[IFF_PROMISC, 'PROMISC'],
	[IFF_ALLMULTI, 'ALLMULTI'],
	[IFF_MULTICAST, 'MULTICAST']
];

const usage = `Usage:
  ifconfig [-a] [-i] [-v] [-s] <interface> [[<AF>] <address>]
  [add <address>[/<prefixlen>]]
  [del <address>[/<prefixlen>]]
  [[-]broadcast [<address>]]  [[-]pointopoint [<address>]]
  [netmask <address>]  [dstaddr <address>]  [tunnel <address>]
  [hw <HW> <address>]  [metric <NN>]  [mtu <NN>]
  [[-]trailers]  [[-]arp]  [[-]allmulti]
  [multicast]  [[-]promisc]
  [mem_start <NN>]  [io_addr <NN>]  [irq <NN>]  [media <type>]
  [txqueuelen <NN>]
  [[-]dynamic]
  [up|down] ...
`;

/** `(1.2 Kb)`: net-tools 1.60's human figure beside the byte counters. */
function human(bytes: number): string {
	const units = ['b', 'Kb', 'Mb', 'Gb'];
	let v = bytes;
	let i = 0;
	while (v >= 1024 && i < units.length - 1) {
		v /= 1024;
		i++;
	}
	return `${(Math.floor(v * 10) / 10).toFixed(1)} ${units[i]}`;
}

interface Stats {
	rxBytes: number;
	rxPackets: number;
	txBytes: number;
	txPackets: number;
}

async function devStats(sys: Sys): Promise<Map<string, Stats>> {
	const m = new Map<string, Stats>();
	const text = await readText(sys, '/proc/net/dev');
	if (isErrno(text)) return m;
	for (const line of text.split('\n').slice(2)) {
		const c = line.indexOf(':');
		if (c === -1) continue;
		const f = line
			.slice(c + 1)
			.trim()
			.split(/\s+/)
			.map(Number);
		m.set(line.slice(0, c).trim(), {
			rxBytes: f[0] ?? 0,
			rxPackets: f[1] ?? 0,
			txBytes: f[8] ?? 0,
			txPackets: f[9] ?? 0
		});
	}
	return m;
}

async function get(sys: Sys, fd: number, request: number, name: string): Promise<Ifreq | null> {
	const r = await sys.ioctl(fd, request, { name });
	return isErrno(r) ? null : (r as Ifreq);
}

/** One interface's block, as net-tools' ife_print. */
async function describe(
	sys: Sys,
	fd: number,
	name: string,
	stats: Map<string, Stats>
): Promise<string | null> {
	const flags = (await get(sys, fd, SIOCGIFFLAGS, name))?.flags;
	if (flags === undefined) return null;
	const hw = await get(sys, fd, SIOCGIFHWADDR, name);
	const loop = (flags & IFF_LOOPBACK) !== 0;
	let out = name.padEnd(9).slice(0, Math.max(9, name.length)) + ' ';
	out += loop
		? 'Link encap:Local Loopback  \n'
		: `Link encap:Ethernet  HWaddr ${hw?.hwaddr ?? '00:00:00:00:00:00'}  \n`;
	const addr = (await get(sys, fd, SIOCGIFADDR, name))?.addr;
	if (addr !== undefined) {
		const mask = (await get(sys, fd, SIOCGIFNETMASK, name))?.netmask ?? '0.0.0.0';
		const bcast =
			flags & IFF_BROADCAST ? (await get(sys, fd, SIOCGIFBRDADDR, name))?.broadaddr : undefined;
		out += `          inet addr:${addr}  ${bcast ? `Bcast:${bcast}  ` : ''}Mask:${mask}\n`;
	}
	const mtu = (await get(sys, fd, SIOCGIFMTU, name))?.mtu ?? 0;
	const metric = (await get(sys, fd, SIOCGIFMETRIC, name))?.metric ?? 0;
	out +=
		'          ' +
		flagNames
			.filter(([b]) => flags & b)
			.map(([, n]) => n + ' ')
			.join('') +
		` MTU:${mtu}  Metric:${metric || 1}\n`;
	// An alias (eth0:1) is only an address: /proc/net/dev has no counters for it.
	const s = name.includes(':') ? undefined : stats.get(name);
	if (s) {
		const txq = (await get(sys, fd, SIOCGIFTXQLEN, name))?.txqlen ?? 0;
		out += `          RX packets:${s.rxPackets} errors:0 dropped:0 overruns:0 frame:0\n`;
		out += `          TX packets:${s.txPackets} errors:0 dropped:0 overruns:0 carrier:0\n`;
		out += `          collisions:0 txqueuelen:${txq} \n`;
		out += `          RX bytes:${s.rxBytes} (${human(s.rxBytes)})  TX bytes:${s.txBytes} (${human(s.txBytes)})\n`;
	}
	if (!loop && !name.includes(':')) out += '          Interrupt:10 Base address:0x1000 \n';
	return out + '\n';
}

export async function ifconfig(
	sys: Sys,
	argv: string[],
	env: Record<string, string>
): Promise<number> {
	const t = new Tool(sys, argv, env);
	let args = argv.slice(1);
	let all = false;
	while (args[0]?.startsWith('-') && args[0] !== '-') {
		if (args[0] === '-a') all = true;
		else if (args[0] === '-v' || args[0] === '-s' || args[0] === '-i') {
			/* accepted */
		} else {
			await t.errRaw(usage);
			return 1;
		}
		args = args.slice(1);
	}
	const fd = await sys.socket(AF_INET, SOCK_DGRAM);
	if (isErrno(fd)) {
		await t.errRaw(`socket: ${fd.message}\n`);
		return 1;
	}
	const stats = await devStats(sys);
	if (args.length === 0) {
		// Devices in /proc/net/dev order, then the aliases SIOCGIFCONF lists.
		const conf = await sys.ioctl(fd, SIOCGIFCONF);
		const names = [...stats.keys()];
		if (!isErrno(conf)) {
			for (const r of conf as Ifreq[]) if (!names.includes(r.name)) names.push(r.name);
		}
		// net-tools sorts by name within the list it builds: eth0, eth0:1, lo.
		names.sort();
		for (const n of names) {
			const flags = (await get(sys, fd, SIOCGIFFLAGS, n))?.flags ?? 0;
			if (!all && !(flags & IFF_UP)) continue;
			const text = await describe(sys, fd, n, stats);
			if (text) await t.out(text);
		}
		return t.exit(0);
	}
	const name = args[0]!;
	if (args.length === 1) {
		const text = await describe(sys, fd, name, stats);
		if (text === null) {
			await t.errRaw(`${name}: error fetching interface information: Device not found\n`);
			return 1;
		}
		await t.out(text);
		return t.exit(0);
	}
	let status = 0;
	const fail = async (what: string, e: { message: string }): Promise<void> => {
		await t.errRaw(`${what}: ${e.message}\n`);
		status = 1;
	};
	const setFlags = async (on: number, off: number): Promise<void> => {
		const cur = await sys.ioctl(fd, SIOCGIFFLAGS, { name });
		if (isErrno(cur)) {
			await t.errRaw(`${name}: unknown interface: ${cur.message}\n`);
			status = 1;
			return;
		}
		const r = await sys.ioctl(fd, SIOCSIFFLAGS, {
			name,
			flags: (((cur as Ifreq).flags ?? 0) | on) & ~off
		});
		if (isErrno(r)) await fail('SIOCSIFFLAGS', r);
	};
	for (let i = 1; i < args.length && status === 0; i++) {
		const a = args[i]!;
		const next = (): string | undefined => args[++i];
		if (a === 'up') await setFlags(IFF_UP | IFF_RUNNING, 0);
		else if (a === 'down') await setFlags(0, IFF_UP);
		else if (a === 'promisc' || a === '-promisc') {
			await setFlags(a[0] === '-' ? 0 : IFF_PROMISC, a[0] === '-' ? IFF_PROMISC : 0);
		} else if (a === 'arp' || a === '-arp') {
			await setFlags(a[0] === '-' ? IFF_NOARP : 0, a[0] === '-' ? 0 : IFF_NOARP);
		} else if (a === 'netmask' || a === 'broadcast' || a === 'mtu') {
			const v = next();
			if (v === undefined) {
				await t.errRaw(usage);
				return 1;
			}
			const [req, key, label] =
				a === 'netmask'
					? [SIOCSIFNETMASK, 'netmask', 'SIOCSIFNETMASK']
					: a === 'broadcast'
						? [SIOCSIFBRDADDR, 'broadaddr', 'SIOCSIFBRDADDR']
						: [SIOCSIFMTU, 'mtu', 'SIOCSIFMTU'];
			const r = await sys.ioctl(fd, req as number, {
				name,
				[key as string]: a === 'mtu' ? Number(v) : v
			});
			if (isErrno(r)) await fail(label as string, r);
		} else if (/^[0-9.]+$/.test(a)) {
			const r = await sys.ioctl(fd, SIOCSIFADDR, { name, addr: a });
			if (isErrno(r)) await fail('SIOCSIFADDR', r);
			// Setting an address brings the interface up, as net-tools does for aliases.
			else await setFlags(IFF_UP | IFF_RUNNING, 0);
		} else {
			await t.errRaw(`${a}: Unknown host\nifconfig: \`--help' gives usage information.\n`);
			return 1;
		}
	}
	return t.exit(status === 0 ? 0 : 255);
}
