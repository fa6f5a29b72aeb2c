// A minimal ipchains-style packet filter (2.2's ip_fw, which 2.4 kept as the ipchains module):
// the built-in chains input, output and forward of one machine, rules matching source and
// destination address/mask, protocol, ports and interface, the setsockopt(IP_FW_*) calls that
// change them, and /proc/net/ip_fwnames and ip_fwchains that ipchains -L reads.
// SIMPLIFIED: only TCP connection attempts (the SYN) are judged, on the sender's output chain
// and the receiver's input chain; established traffic, UDP, ICMP and forwarding pass untouched.
// There are no user-defined chains, MASQ, REDIRECT, marks or logging.
import { errno, type Errno } from '../errno.ts';
import type { Kernel } from '../kernel.ts';
import type { Process } from '../process.ts';
import { requireCap } from '../caps.ts';
import { CAP_NET_ADMIN, parseIp } from './ipv4root.ts';
import { netOf, type NetStack } from './stack.ts';

/** setsockopt(IPPROTO_IP) names of 2.2's linux/ip_fw.h. */
export const IP_FW_APPEND = 64,
	IP_FW_DELETE_NUM = 66,
	IP_FW_DELETE = 67,
	IP_FW_INSERT = 68,
	IP_FW_FLUSH = 69,
	IP_FW_ZERO = 70,
	IP_FW_CREATECHAIN = 73,
	IP_FW_POLICY = 75;

export type FwTarget = 'ACCEPT' | 'DENY' | 'REJECT';
export const FW_CHAINS = ['input', 'forward', 'output'] as const;
export type FwChainName = (typeof FW_CHAINS)[number];

/** One rule as ipchains passes it (struct ip_fw, in plain fields). */
export interface FwRule {
	/** Source and destination address and mask, dotted. */
	src: string;
	smsk: string;
	dst: string;
	dmsk: string;
	/** `!` before -s or -d: the address test is inverted. */
	invSrc?: boolean;
	invDst?: boolean;
	/** 0 for all, else IPPROTO_TCP, IPPROTO_UDP, IPPROTO_ICMP. */
	proto: number;
	/** Inclusive port ranges (0-65535 when not given). */
	sport: [number, number];
	dport: [number, number];
	/** Interface name; '' for any (a trailing + matches a prefix). */
	iface: string;
	target: FwTarget;
}

/** The argument of an IP_FW_* setsockopt (struct ip_fwchange, ip_fwnew, ip_fwdelnum...). */
export interface FwChange {
	chain: string;
	rule?: FwRule;
	/** 1-based rule number for INSERT and DELETE_NUM. */
	num?: number;
	policy?: string;
}

interface Rule extends FwRule {
	pkts: number;
	bytes: number;
}

interface Chain {
	policy: FwTarget;
	rules: Rule[];
	pkts: number;
	bytes: number;
}

/** A connection attempt as the filter sees it. */
export interface Packet {
	src: number;
	dst: number;
	proto: number;
	sport: number;
	dport: number;
	iface: string;
	bytes: number;
}

const tables = new WeakMap<NetStack, Map<FwChainName, Chain>>();

function chainsOf(st: NetStack): Map<FwChainName, Chain> {
	let t = tables.get(st);
	if (!t) {
		t = new Map(FW_CHAINS.map((n) => [n, { policy: 'ACCEPT', rules: [], pkts: 0, bytes: 0 }]));
		tables.set(st, t);
	}
	return t;
}

function matches(r: FwRule, p: Packet): boolean {
	const net = (a: string) => parseIp(a) ?? 0;
	const inSrc = ((p.src ^ net(r.src)) & net(r.smsk)) === 0;
	const inDst = ((p.dst ^ net(r.dst)) & net(r.dmsk)) === 0;
	if (inSrc === !!r.invSrc || inDst === !!r.invDst) return false;
	if (r.proto !== 0 && r.proto !== p.proto) return false;
	if (r.proto !== 0) {
		if (p.sport < r.sport[0] || p.sport > r.sport[1]) return false;
		if (p.dport < r.dport[0] || p.dport > r.dport[1]) return false;
	}
	if (r.iface) {
		const prefix = r.iface.endsWith('+');
		const name = prefix ? r.iface.slice(0, -1) : r.iface;
		if (prefix ? !p.iface.startsWith(name) : p.iface !== name) return false;
	}
	return true;
}

/** Runs `p` through a chain of `st`: the first matching rule's target, else the policy. */
export function fwCheck(st: NetStack, chain: FwChainName, p: Packet): FwTarget {
	const c = chainsOf(st).get(chain)!;
	for (const r of c.rules) {
		if (!matches(r, p)) continue;
		r.pkts++;
		r.bytes += p.bytes;
		return r.target;
	}
	c.pkts++;
	c.bytes += p.bytes;
	return c.policy;
}

function validRule(r: unknown): r is FwRule {
	const x = r as FwRule;
	return (
		typeof x === 'object' &&
		x !== null &&
		[x.src, x.smsk, x.dst, x.dmsk].every((a) => typeof a === 'string' && parseIp(a) !== null) &&
		[0, 1, 6, 17].includes(x.proto) &&
		['ACCEPT', 'DENY', 'REJECT'].includes(x.target) &&
		typeof x.iface === 'string' &&
		[x.sport, x.dport].every(
			(p) => Array.isArray(p) && p.length === 2 && p[0] >= 0 && p[0] <= p[1] && p[1] <= 65535
		)
	);
}

function sameRule(a: FwRule, b: FwRule): boolean {
	return (
		a.src === b.src &&
		a.smsk === b.smsk &&
		a.dst === b.dst &&
		a.dmsk === b.dmsk &&
		!!a.invSrc === !!b.invSrc &&
		!!a.invDst === !!b.invDst &&
		a.proto === b.proto &&
		a.sport.join() === b.sport.join() &&
		a.dport.join() === b.dport.join() &&
		a.iface === b.iface &&
		a.target === b.target
	);
}

/**
 * setsockopt(fd, IPPROTO_IP, IP_FW_*, change) on a raw socket: changes the firewall of the
 * caller's machine. Linux: ip_fw_ctl needs CAP_NET_ADMIN, so a vserver's root cannot touch it.
 */
export function fwSetsockopt(k: Kernel, p: Process, name: number, arg: unknown): 0 | Errno {
	if (!requireCap(k, p, CAP_NET_ADMIN, 'changing the firewall')) return errno('EPERM');
	const ch = (arg ?? {}) as FwChange;
	if (name === IP_FW_CREATECHAIN) return errno('ENOSYS');
	const c = chainsOf(netOf(k)).get(ch.chain as FwChainName);
	// Linux: an unknown chain label is ENOENT ("No chain by that name").
	if (!c) return errno('ENOENT');
	switch (name) {
		case IP_FW_APPEND:
		case IP_FW_INSERT: {
			if (!validRule(ch.rule)) return errno('EINVAL');
			const r: Rule = { ...ch.rule, pkts: 0, bytes: 0 };
			if (name === IP_FW_APPEND) c.rules.push(r);
			else {
				const at = (ch.num ?? 1) - 1;
				if (at < 0 || at > c.rules.length) return errno('EINVAL');
				c.rules.splice(at, 0, r);
			}
			return 0;
		}
		case IP_FW_DELETE_NUM: {
			const at = (ch.num ?? 0) - 1;
			if (at < 0 || at >= c.rules.length) return errno('EINVAL');
			c.rules.splice(at, 1);
			return 0;
		}
		case IP_FW_DELETE: {
			if (!validRule(ch.rule)) return errno('EINVAL');
			const at = c.rules.findIndex((r) => sameRule(r, ch.rule!));
			// Linux: "Bad rule (does a matching rule exist in that chain?)".
			if (at === -1) return errno('EINVAL');
			c.rules.splice(at, 1);
			return 0;
		}
		case IP_FW_FLUSH:
			c.rules = [];
			return 0;
		case IP_FW_ZERO:
			c.pkts = c.bytes = 0;
			for (const r of c.rules) r.pkts = r.bytes = 0;
			return 0;
		case IP_FW_POLICY:
			if (ch.policy !== 'ACCEPT' && ch.policy !== 'DENY' && ch.policy !== 'REJECT') {
				return errno('EINVAL');
			}
			c.policy = ch.policy;
			return 0;
	}
	return errno('ENOPROTOOPT');
}

const hex = (ip: string) => (parseIp(ip) ?? 0).toString(16).toUpperCase().padStart(8, '0');

/** /proc/net/ip_fwnames: one line per chain: name, policy, references, packets, bytes. */
export function procIpFwnames(k: Kernel): string {
	let out = '';
	for (const [name, c] of chainsOf(netOf(k))) {
		out += `${name.padStart(8)} ${c.policy.padEnd(6)} 0 0 ${c.pkts} 0 ${c.bytes}\n`;
	}
	return out;
}

/**
 * /proc/net/ip_fwchains: one line per rule: chain, src/mask->dst/mask (hex), interface (`-`
 * for any), flags and inverse flags, protocol, packets and bytes (high and low words), the port
 * ranges, then TOS masks, redirect port, mark and output size (all 0 here) and the target.
 * SIMPLIFIED: the field order follows 2.2's dump_rule as far as ipchains needs it.
 */
export function procIpFwchains(k: Kernel): string {
	let out = '';
	for (const [name, c] of chainsOf(netOf(k))) {
		for (const r of c.rules) {
			const inv = (r.invSrc ? 8 : 0) | (r.invDst ? 16 : 0);
			out +=
				`${name.padStart(8)} ${hex(r.src)}/${hex(r.smsk)}->${hex(r.dst)}/${hex(r.dmsk)} ` +
				`${r.iface || '-'} 0 ${inv.toString(16).toUpperCase()} ${r.proto} ` +
				`0 ${r.pkts} 0 ${r.bytes} ${r.sport[0]}-${r.sport[1]} ${r.dport[0]}-${r.dport[1]} ` +
				`A3 00 0 0 0 ${r.target}\n`;
		}
	}
	return out;
}
