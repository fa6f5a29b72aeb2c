// setsockopt(IP_FW_*): the calls that change the packet filter's chains (filter.ts), what
// ipchains -A/-I/-D/-F/-Z/-P make. The syscall layer imports this module at the first such call.
import { errno, type Errno } from '../errno.ts';
import type { Kernel } from '../kernel.ts';
import type { Process } from '../process.ts';
import { requireCap } from '../caps.ts';
import { CAP_NET_ADMIN, parseIp } from './ipv4root.ts';
import { netOf } from './stack.ts';
import {
	IP_FW_APPEND,
	IP_FW_CREATECHAIN,
	IP_FW_DELETE,
	IP_FW_DELETE_NUM,
	IP_FW_FLUSH,
	IP_FW_INSERT,
	IP_FW_POLICY,
	IP_FW_ZERO,
	chainsOf,
	type FwChainName,
	type FwChange,
	type FwRule,
	type Rule
} from './filter.ts';

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
