// Linux 2.4 capabilities by number and name, the ctx patch's well-known masks, and the one
// capability check of the permission-decision path (it records which set lacked the bit).
import type { Kernel } from './kernel.ts';
import type { Process } from './process.ts';
import type { BsetDrop, DenialReason } from './events.ts';

/** Linux 2.4's capabilities, bits 0-28, in order (include/linux/capability.h). */
export const CAP_CHOWN = 0,
	CAP_DAC_OVERRIDE = 1,
	CAP_DAC_READ_SEARCH = 2,
	CAP_FOWNER = 3,
	CAP_FSETID = 4,
	CAP_KILL = 5,
	CAP_SETGID = 6,
	CAP_SETUID = 7,
	CAP_SETPCAP = 8,
	CAP_LINUX_IMMUTABLE = 9,
	CAP_NET_BIND_SERVICE = 10,
	CAP_NET_BROADCAST = 11,
	CAP_NET_ADMIN = 12,
	CAP_NET_RAW = 13,
	CAP_IPC_LOCK = 14,
	CAP_IPC_OWNER = 15,
	CAP_SYS_MODULE = 16,
	CAP_SYS_RAWIO = 17,
	CAP_SYS_CHROOT = 18,
	CAP_SYS_PTRACE = 19,
	CAP_SYS_PACCT = 20,
	CAP_SYS_ADMIN = 21,
	CAP_SYS_BOOT = 22,
	CAP_SYS_NICE = 23,
	CAP_SYS_RESOURCE = 24,
	CAP_SYS_TIME = 25,
	CAP_SYS_TTY_CONFIG = 26,
	CAP_MKNOD = 27,
	CAP_LEASE = 28;

/** The highest capability number 2.4 knows; bit 29 is not used by this kernel. */
export const CAP_LAST_CAP = CAP_LEASE;

/** Names indexed by bit number, as tools print them (reducecap --show, chcontext --cap). */
export const CAP_NAMES: readonly string[] = [
	'CAP_CHOWN',
	'CAP_DAC_OVERRIDE',
	'CAP_DAC_READ_SEARCH',
	'CAP_FOWNER',
	'CAP_FSETID',
	'CAP_KILL',
	'CAP_SETGID',
	'CAP_SETUID',
	'CAP_SETPCAP',
	'CAP_LINUX_IMMUTABLE',
	'CAP_NET_BIND_SERVICE',
	'CAP_NET_BROADCAST',
	'CAP_NET_ADMIN',
	'CAP_NET_RAW',
	'CAP_IPC_LOCK',
	'CAP_IPC_OWNER',
	'CAP_SYS_MODULE',
	'CAP_SYS_RAWIO',
	'CAP_SYS_CHROOT',
	'CAP_SYS_PTRACE',
	'CAP_SYS_PACCT',
	'CAP_SYS_ADMIN',
	'CAP_SYS_BOOT',
	'CAP_SYS_NICE',
	'CAP_SYS_RESOURCE',
	'CAP_SYS_TIME',
	'CAP_SYS_TTY_CONFIG',
	'CAP_MKNOD',
	'CAP_LEASE'
];

/** One row per capability: the table tools and the inspector read. */
export const CAPABILITIES: readonly { name: string; bit: number; mask: number }[] = CAP_NAMES.map(
	(name, bit) => ({
		name,
		bit,
		mask: (1 << bit) >>> 0
	})
);

/** The bit of a capability name (case-insensitive, with or without `CAP_`), or null. */
export function capByName(name: string): number | null {
	const n = name.toUpperCase();
	const i = CAP_NAMES.indexOf(n.startsWith('CAP_') ? n : 'CAP_' + n);
	return i === -1 ? null : i;
}

/** `CAP_NET_ADMIN` for 12; bits above 28 print as `CAP_29`, as there is no name for them. */
export function capName(bit: number): string {
	return CAP_NAMES[bit] ?? `CAP_${bit}`;
}

/** The names of the bits set in a word, lowest first (bits 0-28 only). */
export function capNames(word: number): string[] {
	return CAP_NAMES.filter((_, bit) => (word >>> bit) & 1);
}

/** The bits `--secure` removes (9, 11-17, 20-25, 27): what a vserver's root must not do. */
export const CAP_SECURE_REMOVE = 0x0bf3fa00;

/** File-system capabilities that setfsuid grants and takes away (2.4 CAP_FS_MASK). */
export const CAP_FS_MASK = 0x1f;

/** Capability set as /proc prints it: 16 hex digits. */
export function capHex(word: number): string {
	return (word >>> 0).toString(16).padStart(16, '0');
}

// ---- Where a bounding-set bit went -------------------------------------------------------------

const drops = new WeakMap<Process, readonly BsetDrop[]>();

/**
 * Records that `p` (its command line as now) lowered its own bounding set by `removed` in `call`.
 * Only bits it still had count, so each bit names the first call that took it away.
 */
export function recordBsetDrop(p: Process, removed: number, call: string, clockMs: number): void {
	const bits = (removed & p.caps.bset) >>> 0;
	if (bits === 0) return;
	const drop: BsetDrop = { bits, pid: p.pid, command: p.args.join(' '), call, clock: clockMs };
	drops.set(p, [...(drops.get(p) ?? []), drop]);
}

/** fork(2) hook: the child's ceiling is its parent's, and so is the story of how it got there. */
export function inheritBsetDrops(child: Process, parent: Process): void {
	const d = drops.get(parent);
	if (d) drops.set(child, d);
}

/** The call that removed `cap` from `p`'s bounding set, or null (never there, or still there). */
export function bsetDropOf(p: Process, cap: number): BsetDrop | null {
	const bit = (1 << cap) >>> 0;
	if (p.caps.bset & bit) return null;
	return drops.get(p)?.find((d) => d.bits & bit) ?? null;
}

/** The deepest of a process's sets that lacks `cap`, or null when it holds it. */
export function missingFrom(p: Process, cap: number): DenialReason['set'] | null {
	const bit = (1 << cap) >>> 0;
	if (!(p.caps.bset & bit)) return 'bset';
	if (!(p.caps.prm & bit)) return 'permitted';
	if (!(p.caps.eff & bit)) return 'effective';
	return null;
}

/** Where `cap` is missing, in plain words: the set, and for cap_bset which command removed it. */
export function whyMissing(p: Process, cap: number): string {
	const name = capName(cap);
	const set = missingFrom(p, cap);
	if (set === 'bset') {
		const d = bsetDropOf(p, cap);
		return d
			? `${name} was removed from this process's bounding set (cap_bset) by \`${d.command}\` (pid ${d.pid}, ${d.call})`
			: `${name} is not in this process's bounding set (cap_bset): the boot set never has it`;
	}
	if (set === 'permitted') {
		return p.creds.euid !== 0 && p.creds.uid !== 0
			? `${name} is not in the permitted set: uid ${p.creds.uid} is not root, and only root's exec fills it`
			: `${name} is not in the permitted set`;
	}
	return `${name} is not in the effective set`;
}

/**
 * Adds to a capability refusal which set lacks the bit and, for cap_bset, the call that removed
 * it (Kernel.deny runs every refusal through here, whoever wrote its text).
 */
export function explainCapability(p: Process, reason: DenialReason): DenialReason {
	if (!reason.capability || reason.set) return reason;
	const cap = capByName(reason.capability);
	if (cap === null) return reason;
	const set = missingFrom(p, cap);
	if (!set) return reason;
	const d = set === 'bset' ? bsetDropOf(p, cap) : null;
	return { ...reason, set, ...(d ? { removedBy: d } : {}) };
}

/**
 * capable() with a reason: true when `cap` is in the effective set; otherwise records for the
 * "why was this denied?" view which set lacks it, the deepest first (the ceiling explains all).
 */
export function requireCap(k: Kernel, p: Process, cap: number, what: string): boolean {
	if (p.capable(cap)) return true;
	const name = capName(cap);
	k.deny(p, {
		kind: 'capability',
		capability: name,
		text: `${what} needs ${name}: ${whyMissing(p, cap)}`
	});
	return false;
}
