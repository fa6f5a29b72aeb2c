// The "later kernel" pieces of the paper's chapter 6, behind the boot switch `kernel: 'later'`
// (the 2003 kernel, 2.4.20ctx-17, has none of them): set_ctxlimit(resource, limit), a
// per-context cap on open files (6.2.2), and a per-context disk limit on a file system (6.2.1).
// With the switch off both calls answer ENOSYS, as a new tool on the old kernel would see; that
// answer, and the switch, are in later-switch.ts, which loads this module for a later kernel.
import { CAP_SYS_ADMIN, CAP_SYS_RESOURCE, requireCap } from './caps.ts';
import { contextOf, type ContextInfo } from './context.ts';
import { errno, type Errno } from './errno.ts';
import type { Kernel } from './kernel.ts';
import type { Process } from './process.ts';
import { RLIMIT_NOFILE } from './rlimit.ts';
import type { FileSystem, Inode } from './vfs.ts';

/**
 * The status lines the later kernel adds for the tools' syscall discovery (reference §3.3.2).
 * CHOICE: the number is ours; the tools have no built-in one for set_ctxlimit and read it here.
 */
export const LATER_SYSCALL_TEXT = '__NR_set_ctxlimit: 229 rev0\n';

// ---- set_ctxlimit and the open-files cap ---------------------------------------------------

/** RLIM_INFINITY as the call's `long` argument. */
const UNLIMITED = -1;

const nofile = new WeakMap<ContextInfo, number>();

/** The open-files cap of a context, or null when it has none. */
export function ctxNofile(k: Kernel, ctx: number): number | null {
	const info = contextOf(k, ctx);
	return info ? (nofile.get(info) ?? null) : null;
}

/** Open files held by the living processes of context `ctx` (one per descriptor). */
export function ctxOpenFiles(k: Kernel, ctx: number): number {
	let n = 0;
	for (const q of k.procs.values()) if (q.ctx === ctx && q.state !== 'Z') n += q.fds.size;
	return n;
}

/**
 * set_ctxlimit(resource, limit): a limit on the caller's whole context. Only RLIMIT_NOFILE is
 * known (the tool's only option, `setctxlimit -n`). Contexts 0 and 1 have no context record to
 * hold a limit: EINVAL. Lowering is free; raising it (or lifting it with -1) needs
 * CAP_SYS_RESOURCE, as raising an rlimit does, so a vserver's root cannot undo what the host set.
 */
export function setCtxlimit(k: Kernel, p: Process, resource: number, limit: number): 0 | Errno {
	if (resource !== RLIMIT_NOFILE || limit < UNLIMITED || !Number.isInteger(limit)) {
		return errno('EINVAL');
	}
	const info = contextOf(k, p.ctx);
	if (!info) {
		k.deny(p, { kind: 'limit', text: `context ${p.ctx} has no context record to hold a limit` });
		return errno('EINVAL');
	}
	const cur = nofile.get(info) ?? UNLIMITED;
	const raising = cur !== UNLIMITED && (limit === UNLIMITED || limit > cur);
	if (raising && !requireCap(k, p, CAP_SYS_RESOURCE, 'raising a context limit')) {
		return errno('EPERM');
	}
	if (limit === UNLIMITED) nofile.delete(info);
	else nofile.set(info, limit);
	return 0;
}

/**
 * ENFILE when `p`'s context already holds as many open files as its cap allows (past its own
 * RLIMIT_NOFILE it is EMFILE first: fdAllowed in later-switch.ts). CHOICE: the cap is the
 * vserver's share of the file table, shared by all its processes, so the model answers as a full
 * system table does ("Too many open files in system"); the paper names the limit but not the
 * error.
 */
export function ctxCapRefusal(k: Kernel, p: Process): Errno | null {
	const cap = ctxNofile(k, p.ctx);
	if (cap === null) return null;
	const n = ctxOpenFiles(k, p.ctx);
	if (n < cap) return null;
	k.deny(p, {
		kind: 'limit',
		text: `context ${p.ctx} already has ${n} open files, its limit (set_ctxlimit) is ${cap}`
	});
	return errno('ENFILE');
}

// ---- The per-context disk limit (6.2.1) ----------------------------------------------------

/** One context's limit on one file system; space in KiB, -1 for none (vdlimit's fields). */
export interface Dlimit {
	spaceUsed: number;
	spaceTotal: number;
	inodesUsed: number;
	inodesTotal: number;
	/** SIMPLIFIED: kept and shown, not enforced (later kernels kept it back for the admin). */
	reserved: number;
}

/** A limit as the kernel keeps it: with its machine and context, for refusals. */
interface Rec extends Dlimit {
	readonly k: Kernel;
	readonly ctx: number;
}

const dlimits = new WeakMap<Kernel, Map<FileSystem, Map<number, Rec>>>();
/** The limit an inode is charged to: the one of the context that created it, if any. */
const charged = new WeakMap<Inode, Rec>();

function limitsOn(k: Kernel, fs: FileSystem): Map<number, Rec> {
	let byFs = dlimits.get(k);
	if (!byFs) dlimits.set(k, (byFs = new Map()));
	let m = byFs.get(fs);
	if (!m) byFs.set(fs, (m = new Map()));
	return m;
}

export type DlimitOp = 'add' | 'remove' | 'set' | 'get';

/**
 * The disk-limit call on the file system holding `inode`, for context `ctx`: add a record,
 * remove it, set some fields, or read it. Host root only (context 0 with CAP_SYS_ADMIN);
 * a missing record is ESRCH.
 */
export function dlimitCall(
	k: Kernel,
	p: Process,
	op: DlimitOp,
	fs: FileSystem,
	ctx: number,
	fields: Partial<Dlimit> = {}
): Dlimit | 0 | Errno {
	if (p.ctx !== 0) {
		k.deny(p, { kind: 'context', text: 'only context 0 may manage disk limits' });
		return errno('EPERM');
	}
	if (!requireCap(k, p, CAP_SYS_ADMIN, 'managing disk limits')) return errno('EPERM');
	if (!Number.isInteger(ctx) || ctx < 0 || ctx > 65535) return errno('EINVAL');
	const m = limitsOn(k, fs);
	const rec = m.get(ctx);
	switch (op) {
		case 'add':
			if (rec) return errno('EEXIST');
			m.set(ctx, {
				k,
				ctx,
				spaceUsed: 0,
				spaceTotal: -1,
				inodesUsed: 0,
				inodesTotal: -1,
				reserved: 0
			});
			return 0;
		case 'remove':
			if (!rec) return errno('ESRCH');
			m.delete(ctx);
			return 0;
		case 'get':
			if (!rec) return errno('ESRCH');
			return {
				spaceUsed: rec.spaceUsed,
				spaceTotal: rec.spaceTotal,
				inodesUsed: rec.inodesUsed,
				inodesTotal: rec.inodesTotal,
				reserved: rec.reserved
			};
		case 'set':
			if (!rec) return errno('ESRCH');
			for (const key of Object.keys(fields) as (keyof Dlimit)[]) {
				const v = fields[key];
				if (v === undefined) continue;
				if (!Number.isInteger(v) || v < -1) return errno('EINVAL');
			}
			if (fields.spaceUsed !== undefined) rec.spaceUsed = fields.spaceUsed;
			if (fields.spaceTotal !== undefined) rec.spaceTotal = fields.spaceTotal;
			if (fields.inodesUsed !== undefined) rec.inodesUsed = fields.inodesUsed;
			if (fields.inodesTotal !== undefined) rec.inodesTotal = fields.inodesTotal;
			if (fields.reserved !== undefined) rec.reserved = fields.reserved;
			return 0;
	}
}

/** KiB an ext2 file of `length` bytes takes (whole 4 KiB blocks, as stat's st_blocks). */
function kib(length: number): number {
	return Math.ceil(length / 4096) * 4;
}

function quotaRefusal(k: Kernel, p: Process, ctx: number, what: string): Errno {
	k.deny(p, { kind: 'limit', text: `context ${ctx} is at its disk limit (${what})` });
	return errno('EDQUOT');
}

/**
 * Before `p` creates an inode on `fs`: the limit of its context there, charged one inode, or
 * EDQUOT when inodes_total is reached. Returns the limit to tag the new inode with (or null).
 */
export function chargeNewInode(k: Kernel, p: Process, fs: FileSystem): Rec | null | Errno {
	const rec = dlimits.get(k)?.get(fs)?.get(p.ctx);
	if (!rec) return null;
	if (rec.inodesTotal !== -1 && rec.inodesUsed + 1 > rec.inodesTotal) {
		return quotaRefusal(k, p, p.ctx, `inodes_total=${rec.inodesTotal}`);
	}
	rec.inodesUsed++;
	return rec;
}

/** Ties a new inode to the limit `chargeNewInode` charged. */
export function tagInode(inode: Inode, rec: Rec | null): void {
	if (rec) charged.set(inode, rec);
}

/**
 * How many of `length` bytes written at `pos` the inode's limit lets through (whole blocks):
 * the rest would pass space_total. SIMPLIFIED: a file is charged to the context that created
 * it while the limit existed; files made before, or by the host, are not counted (the admin
 * sets space_used for them, as later tools expected).
 */
export function quotaFits(inode: Inode, pos: number, length: number): number {
	const rec = charged.get(inode);
	if (!rec || rec.spaceTotal === -1) return length;
	const grow = kib(pos + length) - kib(inode.data.length);
	if (grow <= 0) return length;
	const room = Math.max(0, rec.spaceTotal - rec.spaceUsed);
	if (room >= grow) return length;
	const end = (kib(inode.data.length) + Math.floor(room / 4) * 4) * 1024;
	return Math.max(0, Math.min(length, end - pos));
}

/** EDQUOT for a write that the inode's limit lets nothing through. */
export function quotaFull(p: Process, inode: Inode): Errno {
	const rec = charged.get(inode);
	if (!rec) return errno('EDQUOT');
	return quotaRefusal(rec.k, p, rec.ctx, `space_total=${rec.spaceTotal}`);
}

/** Accounts a size change of an inode (write, truncate) to its limit. */
export function quotaResize(inode: Inode, before: number, after: number): void {
	const rec = charged.get(inode);
	if (rec) rec.spaceUsed = Math.max(0, rec.spaceUsed + kib(after) - kib(before));
}

/** Gives back an inode's charge when its last name goes. */
export function quotaFree(inode: Inode): void {
	const rec = charged.get(inode);
	if (!rec) return;
	rec.inodesUsed = Math.max(0, rec.inodesUsed - 1);
	rec.spaceUsed = Math.max(0, rec.spaceUsed - kib(inode.data.length));
	charged.delete(inode);
}
