// Linux 2.4 capabilities by number and name, the ctx patch's well-known masks, and the one
// capability check of the permission-decision path (it records which set lacked the bit).
import type { Kernel } from './kernel.ts';
import type { Process } from './process.ts';

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

/**
 * capable() with a reason: true when `cap` is in the effective set; otherwise records for the
 * "why was this denied?" view which set lacks it, the deepest first (the ceiling explains all).
 */
export function requireCap(k: Kernel, p: Process, cap: number, what: string): boolean {
	if (p.capable(cap)) return true;
	const name = capName(cap);
	const bit = (1 << cap) >>> 0;
	let where: string;
	if (!(p.caps.bset & bit)) {
		where = `${name} was removed from this process's bounding set (cap_bset)`;
	} else if (!(p.caps.prm & bit)) where = `${name} is not in the permitted set`;
	else where = `${name} is not in the effective set`;
	k.deny(p, { kind: 'capability', capability: name, text: `${what} needs ${name}: ${where}` });
	return false;
}
