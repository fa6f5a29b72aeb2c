// System V IPC, minimal: shared memory segments, semaphore sets and message queues whose keys
// are qualified by the security context (the ctx patch), with 2.4's ipcperms, get and ctl rules,
// enough for `ipcs`, `ipcrm` and the paper's "another context cannot attach" test. No boot
// script uses IPC, so this module is its own chunk: the syscall layer imports it at a process's
// first IPC call (inside that process's slice, so runs stay deterministic).
import { errno, isErrno, type Errno } from './errno.ts';
import type { Kernel } from './kernel.ts';
import type { Process } from './process.ts';
import { CAP_IPC_OWNER, CAP_SYS_ADMIN, requireCap } from './caps.ts';

import {
	IPC_CREAT,
	IPC_EXCL,
	IPC_INFO,
	IPC_PRIVATE,
	IPC_RMID,
	IPC_STAT,
	IPCMNI,
	MSG_STAT,
	SEM_STAT,
	SEMMSL,
	SHM_RDONLY,
	SHM_STAT,
	SHMMAX,
	SHMMIN,
	type IpcKind,
	type IpcObject
} from './ipc-abi.ts';

/** Linux ipc ids: index + sequence × IPCMNI... as 2.4 computes them (SEQ_MULTIPLIER = 32768). */
const SEQ_MULTIPLIER = 32768;

interface Space {
	slots: (IpcObject | null)[];
	seq: number;
}

const spaces = new WeakMap<Kernel, Record<IpcKind, Space>>();
const attachments = new WeakMap<Process, (IpcObject | null)[]>();

function space(k: Kernel, kind: IpcKind): Space {
	let s = spaces.get(k);
	if (!s) {
		s = { shm: { slots: [], seq: 0 }, sem: { slots: [], seq: 0 }, msg: { slots: [], seq: 0 } };
		spaces.set(k, s);
	}
	return s[kind];
}

/**
 * 2.4 ipcperms: `flag` is a mode (its three triads are folded into one request); the owner,
 * group or other bits of the object's mode grant it; CAP_IPC_OWNER bypasses them.
 */
function ipcperms(k: Kernel, p: Process, o: IpcObject, flag: number): boolean {
	const want = ((flag >> 6) | (flag >> 3) | flag) & 0o7;
	const c = p.creds;
	let granted = o.mode;
	if (c.euid === o.cuid || c.euid === o.uid) granted >>= 6;
	else if (
		c.groups.includes(o.cgid) ||
		c.groups.includes(o.gid) ||
		c.egid === o.gid ||
		c.egid === o.cgid
	) {
		granted >>= 3;
	}
	if ((want & ~granted & 0o7) === 0) return true;
	if (p.capable(CAP_IPC_OWNER)) return true;
	k.deny(p, {
		kind: 'mode',
		text: `the ${o.kind} object's mode ${(o.mode & 0o777).toString(8)} does not allow this, and CAP_IPC_OWNER is missing`
	});
	return false;
}

/** An id as the caller names it: objects of other contexts do not exist (EINVAL, as a bad id). */
function byId(k: Kernel, p: Process, kind: IpcKind, id: number): IpcObject | Errno {
	const s = space(k, kind);
	const o = id >= 0 ? s.slots[id % SEQ_MULTIPLIER] : undefined;
	if (!o) return errno('EINVAL');
	if (o.ctx !== p.ctx) {
		k.deny(p, { kind: 'context', text: `IPC object ${id} belongs to context ${o.ctx}` });
		return errno('EINVAL');
	}
	if (o.id !== id) return errno('EIDRM');
	return o;
}

/** shmget/semget/msgget: the key is looked up within the caller's context only. */
export function ipcGet(
	k: Kernel,
	p: Process,
	kind: IpcKind,
	key: number,
	flags: number,
	size: number
): number | Errno {
	const s = space(k, kind);
	if (key !== IPC_PRIVATE) {
		const o = s.slots.find((x) => x && x.key === key && x.ctx === p.ctx);
		if (o) {
			if (flags & IPC_CREAT && flags & IPC_EXCL) return errno('EEXIST');
			if (!ipcperms(k, p, o, flags & 0o777)) return errno('EACCES');
			if (kind === 'shm' && size > o.size) return errno('EINVAL');
			if (kind === 'sem' && size > o.size) return errno('EINVAL');
			return o.id;
		}
		if (!(flags & IPC_CREAT)) return errno('ENOENT');
	}
	if (kind === 'shm' && (size < SHMMIN || size > SHMMAX)) return errno('EINVAL');
	if (kind === 'sem' && (size <= 0 || size > SEMMSL)) return errno('EINVAL');
	let index = s.slots.findIndex((x) => x === null);
	if (index === -1) index = s.slots.length;
	if (index >= IPCMNI) return errno('ENOSPC');
	const id = s.seq * SEQ_MULTIPLIER + index;
	s.seq++;
	const c = p.creds;
	s.slots[index] = {
		kind,
		id,
		key,
		ctx: p.ctx,
		uid: c.euid,
		gid: c.egid,
		cuid: c.euid,
		cgid: c.egid,
		mode: flags & 0o777,
		size: kind === 'msg' ? 0 : size,
		nattch: 0,
		cpid: p.pid,
		lpid: 0,
		ctime: k.now()
	};
	return id;
}

/** IPC_STAT, IPC_RMID, IPC_INFO (highest used index) and the *_STAT index walk `ipcs` does. */
export function ipcCtl(
	k: Kernel,
	p: Process,
	kind: IpcKind,
	id: number,
	cmd: number
): IpcObject | number | Errno {
	const s = space(k, kind);
	if (cmd === IPC_INFO) {
		let max = -1;
		s.slots.forEach((o, i) => {
			if (o) max = i;
		});
		return max;
	}
	if (cmd === SHM_STAT || cmd === MSG_STAT || cmd === SEM_STAT) {
		// The argument is an index; what the caller's context cannot see is not there.
		const o = s.slots[id];
		if (!o || o.ctx !== p.ctx) return errno('EINVAL');
		if (!ipcperms(k, p, o, 4)) return errno('EACCES');
		return { ...o };
	}
	const o = byId(k, p, kind, id);
	if (isErrno(o)) return o;
	if (cmd === IPC_STAT) return ipcperms(k, p, o, 4) ? { ...o } : errno('EACCES');
	if (cmd === IPC_RMID) {
		const c = p.creds;
		if (
			c.euid !== o.cuid &&
			c.euid !== o.uid &&
			!requireCap(k, p, CAP_SYS_ADMIN, `removing ${kind} ${id} owned by uid ${o.uid}`)
		) {
			return errno('EPERM');
		}
		s.slots[id % SEQ_MULTIPLIER] = null;
		return 0;
	}
	return errno('EINVAL');
}

/** shmat(2): returns the (model) address; the attach count is what `ipcs` shows. */
export function shmat(k: Kernel, p: Process, id: number, flags: number): number | Errno {
	const o = byId(k, p, 'shm', id);
	if (isErrno(o)) return o;
	if (!ipcperms(k, p, o, flags & SHM_RDONLY ? 4 : 6)) return errno('EACCES');
	o.nattch++;
	o.lpid = p.pid;
	installIpc(k);
	const list = attachments.get(p) ?? [];
	list.push(o);
	attachments.set(p, list);
	return 0x40000000 + (id % SEQ_MULTIPLIER) * 0x100000 + (list.length - 1) * 0x1000;
}

/** shmdt(2) of the address shmat returned. */
export function shmdt(p: Process, addr: number): 0 | Errno {
	const list = attachments.get(p) ?? [];
	const i = ((addr - 0x40000000) % 0x100000) / 0x1000;
	const o = addr >= 0x40000000 && Number.isInteger(i) ? list[i] : null;
	if (!o) return errno('EINVAL');
	list[i] = null;
	o.nattch--;
	o.lpid = p.pid;
	return 0;
}

const hooked = new WeakSet<Kernel>();

/**
 * Fork and exit hooks: a child inherits attachments; exit detaches them. Installed at a machine's
 * first shmat: before it no process has an attachment to pass on or drop.
 */
function installIpc(k: Kernel): void {
	if (hooked.has(k)) return;
	hooked.add(k);
	k.forkHooks.push((child, parent) => {
		const list = attachments.get(parent);
		if (!list) return;
		const copy = [...list];
		for (const o of copy) if (o) o.nattch++;
		attachments.set(child, copy);
	});
	k.exitHooks.push((p) => {
		for (const o of attachments.get(p) ?? []) if (o) o.nattch--;
		attachments.delete(p);
	});
}

/** Every live object of a kind, whatever the context (the inspector, tests). */
export function ipcObjects(k: Kernel, kind: IpcKind): IpcObject[] {
	return space(k, kind).slots.filter((o): o is IpcObject => o !== null);
}
