// /usr/sbin/chbind (vserver 0.22): locks a command and its children to one or more IP addresses
// (a device's, or given with a mask) and a broadcast with set_ipv4root, then execs it; options,
// messages and exit statuses are the 2003 tool's (reference §10.2).
import {
	AF_INET,
	SOCK_DGRAM,
	SIOCGIFADDR,
	SIOCGIFBRDADDR,
	SIOCGIFNETMASK,
	isErrno,
	type Ifreq,
	type Sys
} from '../syscalls/index.ts';
import { readText } from './lib/procps.ts';
import { FAILED, atoi, execvp, say } from './chcontext.ts';

const USAGE = `chbind version 0.22
chbind [ --silent ] [ --ip ip_num[/mask] ] [ --bcast broadcast ] command argument
`;

/** A device's address, mask and broadcast, each when its SIOCGIF* request answered. */
interface DeviceAddr {
	addr: string;
	mask: string | null;
	bcast: string;
}

/**
 * Whether /proc/net/dev lists `dev` (the tool looks there first so that asking the kernel about
 * an unknown name never loads a module): the first occurrence on a line must be followed by `:`.
 */
async function deviceListed(sys: Sys, dev: string): Promise<boolean> {
	const text = await readText(sys, '/proc/net/dev');
	if (isErrno(text)) return false;
	for (const line of text.split('\n').slice(1)) {
		const at = line.indexOf(dev);
		if (at !== -1 && line[at + dev.length] === ':') return true;
	}
	return false;
}

/**
 * The address, netmask and broadcast of a listed device, or null (not a device, or no request
 * answered). As in the tool, the broadcast is all ones unless the device has one.
 */
async function deviceAddr(sys: Sys, dev: string): Promise<DeviceAddr | null> {
	if (!(await deviceListed(sys, dev))) return null;
	const fd = await sys.socket(AF_INET, SOCK_DGRAM);
	if (isErrno(fd)) return null;
	const ask = async (request: number): Promise<Ifreq | null> => {
		const r = await sys.ioctl(fd, request, { name: dev });
		return isErrno(r) ? null : (r as Ifreq);
	};
	const a = await ask(SIOCGIFADDR);
	const m = await ask(SIOCGIFNETMASK);
	const b = await ask(SIOCGIFBRDADDR);
	await sys.close(fd);
	if (!a && !m && !b) return null;
	return {
		addr: a?.addr ?? '0.0.0.0',
		mask: m?.netmask ?? null,
		bcast: b?.broadaddr ?? '255.255.255.255'
	};
}

/**
 * gethostbyname(3) as the image configures it (`hosts: files`): a dotted quad stands for itself,
 * a name is looked up in /etc/hosts. Returns the address, or null.
 */
async function resolveHost(sys: Sys, name: string): Promise<{ addr: string } | null> {
	const quad = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(name);
	if (quad) return quad.slice(1).every((b) => Number(b) <= 255) ? { addr: name } : null;
	const hosts = await readText(sys, '/etc/hosts');
	if (isErrno(hosts)) return null;
	for (const line of hosts.split('\n')) {
		const f = line.replace(/#.*/, '').trim().split(/\s+/);
		if (f.length >= 2 && f.slice(1).includes(name)) return { addr: f[0]! };
	}
	return null;
}

/** A prefix length as a dotted mask: 24 → 255.255.255.0. */
function prefixMask(bits: number): string {
	const n = Math.max(0, Math.min(32, bits));
	const v = n === 0 ? 0 : (0xffffffff << (32 - n)) >>> 0;
	return [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join('.');
}

export async function chbind(
	sys: Sys,
	argv: string[],
	env: Record<string, string>
): Promise<number> {
	const usage = async (): Promise<number> => {
		await say(sys, 2, USAGE);
		return FAILED;
	};
	const ips: { ip: string; mask: string }[] = [];
	let bcast = '255.255.255.255';
	let silent = false;
	let i = 1;
	for (; i < argv.length; i++) {
		const arg = argv[i]!;
		const value = argv[i + 1];
		if ((arg === '--ip' || arg === '--bcast') && value === undefined) return usage();
		if (arg === '--ip') {
			i++;
			if (ips.length === 16) {
				await say(sys, 2, 'Too many IP numbers, max 16, ignored\n');
				continue;
			}
			const dev = await deviceAddr(sys, value!);
			if (dev) {
				// A device also gives the process its broadcast address.
				bcast = dev.bcast;
				ips.push({ ip: dev.addr, mask: dev.mask ?? '255.255.255.0' });
				continue;
			}
			const slash = value!.indexOf('/');
			const host = slash === -1 ? value! : value!.slice(0, slash);
			let mask = '255.255.255.0';
			if (slash !== -1) {
				const m = value!.slice(slash + 1);
				if (!m.includes('.')) mask = prefixMask(atoi(m));
				else {
					const h = await resolveHost(sys, m);
					if (!h) {
						await say(sys, 2, `Invalid netmask: ${m}\n`);
						return usage();
					}
					mask = h.addr;
				}
			}
			const h = await resolveHost(sys, host);
			if (!h) {
				await say(sys, 2, `Invalid IP number or host name: ${host}\n`);
				return usage();
			}
			ips.push({ ip: h.addr, mask });
		} else if (arg === '--bcast') {
			i++;
			const dev = await deviceAddr(sys, value!);
			if (dev) bcast = dev.bcast;
			else {
				const h = await resolveHost(sys, value!);
				if (!h) {
					await say(sys, 2, `Invalid broadcast number: ${value}\n`);
					return usage();
				}
				bcast = h.addr;
			}
		} else if (arg === '--silent') silent = true;
		else break;
	}
	if (i >= argv.length || argv[i]!.startsWith('-')) return usage();
	const r = await sys.set_ipv4root(ips, bcast);
	if (isErrno(r)) {
		await say(sys, 2, `Can't set the ipv4 root (${r.message})\n`);
		return FAILED;
	}
	if (!silent) await say(sys, 1, `ipv4root is now${ips.map((e) => ' ' + e.ip).join('')}\n`);
	const e = await execvp(sys, argv.slice(i), env);
	await say(sys, 2, `Can't exec ${argv[i]} (${e.message})\n`);
	return FAILED;
}
