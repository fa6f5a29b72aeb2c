// The kernel log (printk's ring buffer) and syslog(2) for dmesg: the boot messages a 2.4.20
// kernel prints, built from this machine's own facts (release, memory, network devices), then
// whatever the kernel logs later. Reading is open to all (2.4 had no dmesg_restrict); clearing
// needs CAP_SYS_ADMIN.
import { errno, type Errno } from './errno.ts';
import type { Kernel } from './kernel.ts';
import type { Process } from './process.ts';
import { requireCap } from './caps.ts';
import { LINUX_COMPILE_BY, LINUX_COMPILER, UTS_RELEASE, UTS_VERSION } from './version.ts';
import { MEM_TOTAL_KB } from './mount.ts';
import { netOf } from './net/stack.ts';

/** 2.4's LOG_BUF_LEN: the ring keeps the last 16 kB. */
const LOG_BUF_LEN = 16384;
const CAP_SYS_ADMIN = 21;

const logs = new WeakMap<Kernel, { text: string }>();

function bootLog(k: Kernel): string {
	const memKb = MEM_TOTAL_KB + 3668;
	const lines = [
		`Linux version ${UTS_RELEASE} (${LINUX_COMPILE_BY}) (${LINUX_COMPILER}) ${UTS_VERSION}`,
		'BIOS-provided physical RAM map:',
		` BIOS-e820: 0000000000000000 - 000000000009fc00 (usable)`,
		` BIOS-e820: 0000000000100000 - ${(memKb * 1024).toString(16).padStart(16, '0')} (usable)`,
		`${Math.floor(memKb / 1024)}MB LOWMEM available.`,
		'Kernel command line: ro root=/dev/hda1',
		'Console: colour VGA+ 80x25',
		`Memory: ${MEM_TOTAL_KB}k/${memKb}k available (1234k kernel code, ${memKb - MEM_TOTAL_KB}k reserved)`,
		'Security contexts (vserver 0.22): new_s_context, set_ipv4root, cap_bset',
		'NET4: Linux TCP/IP 1.0 for NET4.0',
		'IP Protocols: ICMP, UDP, TCP',
		'hda: QEMU HARDDISK, ATA DISK drive',
		'hda: hda1',
		'VFS: Mounted root (ext2 filesystem) readonly.',
		'Freeing unused kernel memory: 220k freed'
	];
	for (const d of netOf(k).devices) {
		if (d.name === 'lo') continue;
		lines.push(`${d.name}: NE2000 Compatible at 0x1000, ${d.hwaddr}, IRQ 10.`);
	}
	return lines.join('\n') + '\n';
}

function buffer(k: Kernel): { text: string } {
	let b = logs.get(k);
	if (!b) logs.set(k, (b = { text: bootLog(k) }));
	return b;
}

/** printk: appends a line to the ring. */
export function printk(k: Kernel, line: string): void {
	const b = buffer(k);
	b.text = (b.text + line + '\n').slice(-LOG_BUF_LEN);
}

/** syslog(2): 3 reads the whole ring, 4 reads and clears, 5 clears, 10 gives the ring size. */
export function syslog(k: Kernel, p: Process, type: number): string | number | Errno {
	const b = buffer(k);
	switch (type) {
		case 3:
			return b.text;
		case 4:
		case 5: {
			if (!requireCap(k, p, CAP_SYS_ADMIN, 'clearing the kernel log')) return errno('EPERM');
			const text = b.text;
			b.text = '';
			return type === 4 ? text : 0;
		}
		case 10:
			return LOG_BUF_LEN;
		default:
			return errno('EINVAL');
	}
}
