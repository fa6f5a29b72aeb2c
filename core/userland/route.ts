// route (net-tools 1.60) and ip (iproute2 ss020116) for display. SIMPLIFIED: the model keeps no
// routing table of its own and has no netlink, so both derive what they show from the
// interfaces (SIOCGIFCONF and the SIOCGIF* ioctls): one connected route per address, no gateway.
import {
	AF_INET,
	IFF_BROADCAST,
	IFF_LOOPBACK,
	IFF_MULTICAST,
	IFF_UP,
	isErrno,
	SIOCGIFBRDADDR,
	SIOCGIFCONF,
	SIOCGIFFLAGS,
	SIOCGIFHWADDR,
	SIOCGIFMTU,
	SIOCGIFNETMASK,
	SIOCGIFTXQLEN,
	SOCK_DGRAM,
	type Ifreq,
	type Sys
} from '../syscalls/index.ts';
import { Tool } from './lib/tool.ts';
import { readText } from './lib/procps.ts';

interface Iface {
	label: string;
	dev: string;
	addr: string;
	mask: string;
	bcast: string;
	flags: number;
}

const toInt = (ip: string): number =>
	ip.split('.').reduce((n, o) => ((n << 8) | Number(o)) >>> 0, 0);
const toIp = (n: number): string =>
	[n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff].join('.');
const prefix = (mask: string): number => toInt(mask).toString(2).replace(/0+$/, '').length;

async function interfaces(sys: Sys, fd: number): Promise<Iface[]> {
	const conf = await sys.ioctl(fd, SIOCGIFCONF);
	if (isErrno(conf)) return [];
	const out: Iface[] = [];
	for (const r of conf as Ifreq[]) {
		const q = async (req: number): Promise<Ifreq> => {
			const v = await sys.ioctl(fd, req, { name: r.name });
			return isErrno(v) ? { name: r.name } : (v as Ifreq);
		};
		out.push({
			label: r.name,
			dev: r.name.split(':')[0]!,
			addr: r.addr ?? '0.0.0.0',
			mask: (await q(SIOCGIFNETMASK)).netmask ?? '0.0.0.0',
			bcast: (await q(SIOCGIFBRDADDR)).broadaddr ?? '0.0.0.0',
			flags: (await q(SIOCGIFFLAGS)).flags ?? 0
		});
	}
	return out;
}

export async function route(
	sys: Sys,
	argv: string[],
	env: Record<string, string>
): Promise<number> {
	const t = new Tool(sys, argv, env);
	let numeric = false;
	for (const a of argv.slice(1)) {
		if (/^-[ne]+$/.test(a)) numeric = numeric || a.includes('n');
		else {
			await t.errRaw(
				`route: changing the routing table is not modelled\nUsage: route [-nNvee] [-FC] [<AF>]           List kernel routing tables\n`
			);
			return 1;
		}
	}
	const fd = await sys.socket(AF_INET, SOCK_DGRAM);
	if (isErrno(fd)) return 1;
	const hosts = await readText(sys, '/etc/networks');
	const named = new Map<string, string>();
	if (!isErrno(hosts)) {
		for (const line of hosts.split('\n')) {
			const f = line.trim().split(/\s+/);
			if (f.length >= 2) named.set(f[1]!, f[0]!);
		}
	}
	await t.out(
		'Kernel IP routing table\nDestination     Gateway         Genmask         Flags Metric Ref    Use Iface\n'
	);
	const seen = new Set<string>();
	// Newest routes first, as fib_hash lists a zone: the longest masks come first.
	const list = (await interfaces(sys, fd))
		.filter((i) => i.flags & IFF_UP)
		.sort((a, b) => prefix(b.mask) - prefix(a.mask));
	for (const i of list) {
		const net = toIp((toInt(i.addr) & toInt(i.mask)) >>> 0);
		if (seen.has(`${net}/${i.mask}`)) continue;
		seen.add(`${net}/${i.mask}`);
		const dest = numeric ? net : (named.get(net) ?? net);
		const gw = numeric ? '0.0.0.0' : '*';
		await t.out(
			`${dest.padEnd(15)} ${gw.padEnd(15)} ${i.mask.padEnd(15)} ${'U'.padEnd(5)} ${'0'.padEnd(6)} ${'0'.padEnd(3)} ${'0'.padStart(6)} ${i.dev}\n`
		);
	}
	return t.exit(0);
}

export async function ip(sys: Sys, argv: string[], env: Record<string, string>): Promise<number> {
	const t = new Tool(sys, argv, env);
	const usage =
		'Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }\nwhere  OBJECT := { link | addr | route | rule | neigh | tunnel |\n                   maddr | mroute | monitor }\n       OPTIONS := { -V[ersion] | -s[tatistics] | -r[esolve] |\n                    -f[amily] { inet | inet6 | ipx | dnet | link } | -o[neline] }\n';
	const object = argv[1];
	const command = argv[2] ?? 'show';
	const isObj = (full: string, o: string | undefined): boolean =>
		o !== undefined && o.length > 0 && full.startsWith(o);
	if (!object || (!isObj('address', object) && !isObj('link', object))) {
		await t.errRaw(object ? `Object "${object}" is unknown, try "ip help".\n` : usage);
		return object ? 1 : 255;
	}
	if (!['show', 'list', 'lst', 'sh', 'ls', 'l', 's'].includes(command)) {
		await t.errRaw(
			`Command "${command}" is unknown, try "ip ${isObj('link', object) ? 'link' : 'addr'} help".\n`
		);
		return 255;
	}
	const only = argv[3] === 'dev' ? argv[4] : argv[3];
	const fd = await sys.socket(AF_INET, SOCK_DGRAM);
	if (isErrno(fd)) return 1;
	const addrs = await interfaces(sys, fd);
	const devs = [...new Set(addrs.map((a) => a.dev))];
	const dev = await readText(sys, '/proc/net/dev');
	if (!isErrno(dev)) {
		for (const line of dev.split('\n').slice(2)) {
			const n = line.split(':')[0]!.trim();
			if (n && !devs.includes(n)) devs.push(n);
		}
	}
	// Devices in index order: lo first, as the kernel registers it first.
	devs.sort((a, b) => (a === 'lo' ? -1 : b === 'lo' ? 1 : a.localeCompare(b)));
	if (only !== undefined && !devs.includes(only)) {
		await t.errRaw(`Cannot find device "${only}"\n`);
		return 1;
	}
	let index = 0;
	for (const d of devs) {
		index++;
		if (only !== undefined && d !== only) continue;
		const g = async (req: number): Promise<Ifreq> => {
			const v = await sys.ioctl(fd, req, { name: d });
			return isErrno(v) ? { name: d } : (v as Ifreq);
		};
		const flags = (await g(SIOCGIFFLAGS)).flags ?? 0;
		const names = [
			flags & IFF_BROADCAST ? 'BROADCAST' : '',
			flags & IFF_LOOPBACK ? 'LOOPBACK' : '',
			flags & IFF_MULTICAST ? 'MULTICAST' : '',
			flags & IFF_UP ? 'UP' : ''
		].filter(Boolean);
		const loop = (flags & IFF_LOOPBACK) !== 0;
		const qlen = (await g(SIOCGIFTXQLEN)).txqlen ?? 0;
		await t.out(
			`${index}: ${d}: <${names.join(',')}> mtu ${(await g(SIOCGIFMTU)).mtu ?? 0} qdisc ${loop ? 'noqueue' : 'pfifo_fast'} ${qlen ? `qlen ${qlen}` : ''}\n`
		);
		const hw = ((await g(SIOCGIFHWADDR)).hwaddr ?? '00:00:00:00:00:00').toLowerCase();
		await t.out(
			loop
				? '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n'
				: `    link/ether ${hw} brd ff:ff:ff:ff:ff:ff\n`
		);
		if (isObj('link', object)) continue;
		for (const a of addrs.filter((x) => x.dev === d)) {
			const bcast = loop ? toIp((toInt(a.addr) | ~toInt(a.mask)) >>> 0) : a.bcast;
			const scope = loop ? 'host' : 'global';
			const sec = addrs.filter((x) => x.dev === d).indexOf(a) > 0 ? 'secondary ' : '';
			await t.out(
				`    inet ${a.addr}/${prefix(a.mask)} brd ${bcast} scope ${scope} ${sec}${a.label}\n`
			);
		}
	}
	return t.exit(0);
}
