// The boot switch `kernel: 'later'` and the calls the 2003 kernel's own code makes into the later
// kernel's pieces (later.ts). later.ts is a chunk of its own: a machine booted with the switch
// loads it before it boots (loadLater), so the worker's first chunk carries only these few lines.
// Until some machine loaded it no context has a cap or a disk limit and no inode is charged, so
// every call below answers as later.ts itself would with nothing set.
import { errno, type Errno } from './errno.ts';
import type { Kernel } from './kernel.ts';
import type { Process } from './process.ts';
import { RLIMIT_NOFILE, rlimitsOf } from './rlimit.ts';
import type { FileSystem, Inode } from './vfs.ts';
import type * as LaterModule from './later.ts';
import type { Dlimit, DlimitOp } from './later.ts';

type Later = typeof LaterModule;
/** A disk limit an inode is charged to (opaque outside later.ts). */
type Charge = Exclude<ReturnType<Later['chargeNewInode']>, Errno | null>;

let parts: Later | null = null;

/** Imports later.ts, once; ModelMachine awaits it before booting a later-kernel machine. */
export async function loadLater(): Promise<void> {
	parts ??= await import('./later.ts');
}

/** later.ts for a kernel booted with the switch (which loadLater must have preceded). */
export function laterParts(k: Kernel): Later | null {
	if (k.opts.later !== true) return null;
	if (!parts) throw new Error('later kernel: loadLater() must finish before such a kernel boots');
	return parts;
}

/** Is the machine running the later kernel (BootOptions `kernel: 'later'`)? */
export function laterKernel(k: Kernel): boolean {
	return k.opts.later === true;
}

/**
 * May `p` take one more file descriptor, the lowest free one being `fd`? Past its own
 * RLIMIT_NOFILE: EMFILE, as Linux's get_unused_fd; past its context's cap (later kernel): ENFILE.
 */
export function fdAllowed(k: Kernel, p: Process, fd: number): Errno | null {
	if (fd >= rlimitsOf(p)[RLIMIT_NOFILE]!.cur) return errno('EMFILE');
	return laterParts(k)?.ctxCapRefusal(k, p) ?? null;
}

/** set_ctxlimit(2): ENOSYS on the 2003 kernel. */
export function setCtxlimit(k: Kernel, p: Process, resource: number, limit: number): 0 | Errno {
	const l = laterParts(k);
	return l ? l.setCtxlimit(k, p, resource, limit) : errno('ENOSYS');
}

/** The disk-limit call: ENOSYS on the 2003 kernel. */
export function dlimitCall(
	k: Kernel,
	p: Process,
	op: DlimitOp,
	fs: FileSystem,
	ctx: number,
	fields: Partial<Dlimit> = {}
): Dlimit | 0 | Errno {
	const l = laterParts(k);
	return l ? l.dlimitCall(k, p, op, fs, ctx, fields) : errno('ENOSYS');
}

/** Before `p` creates an inode on `fs`: its context's disk limit there, charged, or EDQUOT. */
export function chargeNewInode(k: Kernel, p: Process, fs: FileSystem): Charge | null | Errno {
	return laterParts(k)?.chargeNewInode(k, p, fs) ?? null;
}

/** Ties a new inode to the limit `chargeNewInode` charged. */
export function tagInode(inode: Inode, rec: Charge | null): void {
	if (rec) parts!.tagInode(inode, rec);
}

/** How many of `length` bytes written at `pos` the inode's disk limit lets through. */
export function quotaFits(inode: Inode, pos: number, length: number): number {
	return parts ? parts.quotaFits(inode, pos, length) : length;
}

/** EDQUOT for a write that the inode's limit lets nothing through. */
export function quotaFull(p: Process, inode: Inode): Errno {
	return parts ? parts.quotaFull(p, inode) : errno('EDQUOT');
}

/** Accounts a size change of an inode (write, truncate) to its limit. */
export function quotaResize(inode: Inode, before: number, after: number): void {
	parts?.quotaResize(inode, before, after);
}

/** Gives back an inode's charge when its last name goes. */
export function quotaFree(inode: Inode): void {
	parts?.quotaFree(inode);
}
