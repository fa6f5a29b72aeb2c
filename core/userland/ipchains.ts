// ipchains (1.3.10, the 2.2 firewall tool 2.4 kept as a module), reduced to what a per-user
// firewall needs: -A/-I/-D/-R-less rule editing, -F, -Z, -P and -L on the built-in chains,
// rules by source and destination address/mask, protocol, ports and interface. Changes go to
// the kernel with setsockopt(IP_FW_*) on a raw socket; -L reads /proc/net/ip_fwnames and
// ip_fwchains. SIMPLIFIED: no user-defined chains, -C, -M, MASQ or REDIRECT; the -L layout is
// reconstructed from memory of 1.3.10's output, not copied from it.
import {
	AF_INET,
	IPPROTO_ICMP,
	IPPROTO_IP,
	IP_FW_APPEND,
	IP_FW_DELETE,
	IP_FW_DELETE_NUM,
	IP_FW_FLUSH,
	IP_FW_INSERT,
	IP_FW_POLICY,
	IP_FW_ZERO,
	SOCK_RAW,
	isErrno,
	type Errno,
	type FwChange,
	type FwRule,
	type Sys
} from '../syscalls/index.ts';
import { Tool } from './lib/tool.ts';
import { readText } from './lib/procps.ts';
import { hostName, resolveHost } from './lib/net.ts';

const CHAINS = ['input', 'forward', 'output'];
const TARGETS = ['ACCEPT', 'DENY', 'REJECT'];
const PROTOS: Record<string, number> = { all: 0, icmp: 1, tcp: 6, udp: 17 };
const PROTO_NAMES: Record<number, string> = { 0: 'all', 1: 'icmp', 6: 'tcp', 17: 'udp' };

class Usage extends Error {}

const toInt = (ip: string): number =>
	ip.split('.').reduce((n, o) => ((n << 8) | Number(o)) >>> 0, 0);
const toIp = (n: number): string =>
	[n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
const maskOf = (len: number): string => toIp(len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0);

/** A prefix length when `mask` is contiguous, else null. */
function prefixOf(mask: string): number | null {
	const bits = toInt(mask).toString(2).padStart(32, '0');
	return /^1*0*$/.test(bits) ? (bits.indexOf('0') === -1 ? 32 : bits.indexOf('0')) : null;
}

interface Parsed {
	command: string;
	chain: string | null;
	num: number | null;
	policy: string | null;
	rule: FwRule;
	numeric: boolean;
}

/** The kernel's answer as ipchains words it (ipfwc_strerror). */
function why(e: Errno, command: string): string {
	switch (e.name) {
		case 'EPERM':
			return 'Permission denied (you must be root)';
		case 'ENOENT':
			return 'No chain by that name';
		case 'EINVAL':
			return command === '-D'
				? 'Bad rule (does a matching rule exist in that chain?)'
				: 'Invalid argument';
		case 'ENOSYS':
			return 'Will be implemented real soon.  I promise ;)';
		default:
			return e.message;
	}
}

async function address(sys: Sys, spec: string): Promise<{ addr: string; mask: string }> {
	const [host, mask] = spec.split('/');
	// inet_aton: "0" (as in 0/0) is a whole address.
	const h = /^\d+$/.test(host ?? '')
		? { addr: toIp(Number(host) >>> 0) }
		: await resolveHost(sys, host ?? '');
	if (!h) throw new Usage(`host/network \`${host}' not found`);
	let m = '255.255.255.255';
	if (mask !== undefined) {
		if (/^\d+$/.test(mask) && Number(mask) <= 32) m = maskOf(Number(mask));
		else if ((await resolveHost(sys, mask)) && /^[\d.]+$/.test(mask)) m = mask;
		else throw new Usage(`invalid mask \`${mask}' specified`);
	}
	return { addr: toIp(toInt(h.addr) & toInt(m)), mask: m };
}

function portRange(spec: string): [number, number] {
	const [a, b] = spec.includes(':') ? spec.split(':') : [spec, spec];
	const lo = a === '' ? 0 : Number(a);
	const hi = b === '' ? 65535 : Number(b);
	const named: Record<string, number> = { www: 80, http: 80, telnet: 23, ssh: 22, smtp: 25 };
	const v = (s: string | undefined, d: number) =>
		s && /^\d+$/.test(s) ? d : (named[s ?? ''] ?? NaN);
	const l = v(a, lo);
	const h = v(b, hi);
	if (!(l >= 0 && h <= 65535 && l <= h)) {
		throw new Usage(`invalid port/service \`${spec}' specified`);
	}
	return [l, h];
}

async function parse(sys: Sys, args: string[]): Promise<Parsed> {
	const p: Parsed = {
		command: '',
		chain: null,
		num: null,
		policy: null,
		numeric: false,
		rule: {
			src: '0.0.0.0',
			smsk: '0.0.0.0',
			dst: '0.0.0.0',
			dmsk: '0.0.0.0',
			proto: 0,
			sport: [0, 65535],
			dport: [0, 65535],
			iface: '',
			target: 'ACCEPT'
		}
	};
	let target: string | null = null;
	const optional = (i: number) =>
		args[i] !== undefined && !args[i]!.startsWith('-') ? args[i] : undefined;
	for (let i = 0; i < args.length; i++) {
		const a = args[i]!;
		const take = (): string => {
			const v = args[++i];
			if (v === undefined) throw new Usage(`option \`${a}' requires an argument`);
			return v;
		};
		const command = (c: string) => {
			if (p.command) throw new Usage('Can only specify one command');
			p.command = c;
		};
		switch (a) {
			case '-A':
			case '-D':
			case '-I':
				command(a);
				p.chain = take();
				if (a !== '-A' && optional(i + 1) !== undefined && /^\d+$/.test(args[i + 1]!)) {
					p.num = Number(args[++i]);
				}
				break;
			case '-F':
			case '-L':
			case '-Z':
				command(a);
				if (optional(i + 1) !== undefined) p.chain = args[++i]!;
				break;
			case '-P':
				command(a);
				p.chain = take();
				p.policy = take();
				break;
			case '-N':
			case '-X':
			case '-C':
			case '-M':
				throw new Usage(`\`${a}' is not supported by this ipchains`);
			case '-s':
			case '-d': {
				let v = take();
				let inv = false;
				if (v === '!') {
					inv = true;
					v = take();
				}
				const { addr, mask } = await address(sys, v);
				let port = optional(i + 1);
				if (port === '!') throw new Usage('inverted ports are not supported by this ipchains');
				if (port !== undefined && /^[\w:]+$/.test(port)) i++;
				else port = undefined;
				if (a === '-s') {
					p.rule.src = addr;
					p.rule.smsk = mask;
					p.rule.invSrc = inv;
					if (port) p.rule.sport = portRange(port);
				} else {
					p.rule.dst = addr;
					p.rule.dmsk = mask;
					p.rule.invDst = inv;
					if (port) p.rule.dport = portRange(port);
				}
				break;
			}
			case '-p': {
				const v = take().toLowerCase();
				const n = PROTOS[v] ?? (/^\d+$/.test(v) ? Number(v) : undefined);
				if (n === undefined || PROTO_NAMES[n] === undefined) {
					throw new Usage(`invalid protocol \`${v}' specified`);
				}
				p.rule.proto = n;
				break;
			}
			case '-j':
				target = take();
				break;
			case '-i':
				p.rule.iface = take();
				break;
			case '-n':
				p.numeric = true;
				break;
			default:
				if (/^-[nL]+$/.test(a) && a.includes('L')) {
					command('-L');
					p.numeric = true;
					if (optional(i + 1) !== undefined) p.chain = args[++i]!;
					break;
				}
				throw new Usage(`Unknown arg \`${a}'`);
		}
	}
	if (!p.command) throw new Usage('no command specified');
	if (target !== null) {
		if (!TARGETS.includes(target)) throw new Usage(`invalid target \`${target}' specified`);
		p.rule.target = target as FwRule['target'];
	}
	if (
		(p.rule.sport.join() !== '0,65535' || p.rule.dport.join() !== '0,65535') &&
		p.rule.proto !== 6 &&
		p.rule.proto !== 17
	) {
		throw new Usage('can only specify ports with TCP or UDP');
	}
	return p;
}

async function list(t: Tool, sys: Sys, only: string | null, numeric: boolean): Promise<number> {
	const names = await readText(sys, '/proc/net/ip_fwnames');
	const rules = await readText(sys, '/proc/net/ip_fwchains');
	if (isErrno(names) || isErrno(rules)) {
		await t.error('Incompatible with this kernel');
		return 1;
	}
	const chains = names
		.split('\n')
		.filter(Boolean)
		.map((l) => l.trim().split(/\s+/));
	if (only !== null && !chains.some((c) => c[0] === only)) {
		await t.error('No chain by that name');
		return 1;
	}
	const addr = async (a: string, m: string, inv: boolean): Promise<string> => {
		const ip = toIp(parseInt(a, 16));
		const mask = toIp(parseInt(m, 16));
		let s: string;
		if (mask === '0.0.0.0') s = numeric ? '0.0.0.0/0' : 'anywhere';
		else if (mask === '255.255.255.255') s = numeric ? ip : await hostName(sys, ip);
		else s = `${ip}/${prefixOf(mask) ?? mask}`;
		return (inv ? '!' : '') + s;
	};
	for (const c of chains) {
		if (only !== null && c[0] !== only) continue;
		await t.out(`Chain ${c[0]} (policy ${c[1]}):\n`);
		const mine = rules
			.split('\n')
			.filter(Boolean)
			.map((l) => l.trim().split(/\s+/))
			.filter((f) => f[0] === c[0]);
		if (mine.length === 0) continue;
		await t.out('target     prot opt     source                destination           ports\n');
		for (const f of mine) {
			const m = /^(\w+)\/(\w+)->(\w+)\/(\w+)$/.exec(f[1]!);
			if (!m) continue;
			const inv = parseInt(f[4]!, 16);
			const proto = Number(f[5]);
			const ports = (r: string) =>
				r === '0-65535' ? '*' : r.replace(/^(\d+)-\1$/, '$1').replace('-', ':');
			const portCol =
				proto === 6 || proto === 17 ? `${ports(f[10]!)} ->   ${ports(f[11]!)}` : 'n/a';
			const src = await addr(m[1]!, m[2]!, (inv & 8) !== 0);
			const dst = await addr(m[3]!, m[4]!, (inv & 16) !== 0);
			await t.out(
				`${f[f.length - 1]!.padEnd(10)} ${(PROTO_NAMES[proto] ?? String(proto)).padEnd(5)}${'------'.padEnd(8)}${src.padEnd(21)} ${dst.padEnd(21)} ${portCol}\n`
			);
		}
	}
	return t.exit(0);
}

export async function ipchains(
	sys: Sys,
	argv: string[],
	env: Record<string, string>
): Promise<number> {
	const t = new Tool(sys, argv, env);
	let p: Parsed;
	try {
		p = await parse(sys, argv.slice(1));
	} catch (err) {
		if (!(err instanceof Usage)) throw err;
		await t.error(err.message);
		await t.errRaw("Try `ipchains -h' or 'ipchains --help' for more information.\n");
		return 2;
	}
	if (p.command === '-L') return list(t, sys, p.chain, p.numeric);
	// CHOICE: a raw ICMP socket (the model's one raw protocol) carries the setsockopt calls;
	// 1.3.10 opened an IPPROTO_RAW one. Either needs CAP_NET_RAW, as the real tool did.
	const fd = await sys.socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
	if (isErrno(fd)) {
		await t.error(why(fd, p.command));
		return 3;
	}
	const chains =
		p.chain === null && (p.command === '-F' || p.command === '-Z') ? CHAINS : [p.chain!];
	for (const chain of chains) {
		const change: FwChange = { chain };
		let name: number;
		switch (p.command) {
			case '-A':
				name = IP_FW_APPEND;
				change.rule = p.rule;
				break;
			case '-I':
				name = IP_FW_INSERT;
				change.rule = p.rule;
				change.num = p.num ?? 1;
				break;
			case '-D':
				name = p.num !== null ? IP_FW_DELETE_NUM : IP_FW_DELETE;
				if (p.num !== null) change.num = p.num;
				else change.rule = p.rule;
				break;
			case '-F':
				name = IP_FW_FLUSH;
				break;
			case '-Z':
				name = IP_FW_ZERO;
				break;
			default:
				name = IP_FW_POLICY;
				change.policy = p.policy ?? '';
		}
		const r = await sys.setsockopt(fd, IPPROTO_IP, name, change);
		if (isErrno(r)) {
			await t.error(why(r, p.command));
			return 1;
		}
	}
	return t.exit(0);
}
