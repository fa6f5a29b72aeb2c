// A minimal ipchains-style packet filter (2.2's ip_fw, which 2.4 kept as the ipchains module):
// the built-in chains input, output and forward of one machine, rules matching source and
// destination address/mask, protocol, ports and interface, the setsockopt(IP_FW_*) calls that
// change them, and /proc/net/ip_fwnames and ip_fwchains that ipchains -L reads.
// SIMPLIFIED: only TCP connection attempts (the SYN) are judged, on the sender's output chain
// and the receiver's input chain; established traffic, UDP, ICMP and forwarding pass untouched.
// There are no user-defined chains, MASQ, REDIRECT, marks or logging.
// The calls that change the chains are filter-set.ts, a chunk of its own (no boot script uses them).
import type { Kernel } from '../kernel.ts';
import { parseIp } from './ipv4root.ts';
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

export interface Rule extends FwRule {
	pkts: number;
	bytes: number;
}

export interface Chain {
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

export function chainsOf(st: NetStack): Map<FwChainName, Chain> {
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
