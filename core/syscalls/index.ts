// The system call surface programs use: one `Sys` per process, each method one Linux call that
// goes through the kernel's trampoline (events, CPU accounting, preemption, signals). Programs
// import only this module; it re-exports the constants and types they need.
import { errno, isErrno, Errno, strerror, type ErrnoName } from '../kernel/errno.ts';
import type { Kernel } from '../kernel/kernel.ts';
import type { Process } from '../kernel/process.ts';
import { Pipe, pipeOps } from '../kernel/pipe.ts';
import { O_RDONLY, O_WRONLY, O_NONBLOCK, writable } from '../kernel/file.ts';
import { block, WaitQueue } from '../kernel/wait.ts';
import { kindOf, S_IFMT } from '../kernel/vfs.ts';
import { NSIG, SIGKILL, SIGSTOP, type DefaultAction } from '../kernel/signals.ts';
import type { SignalHandler } from '../kernel/process.ts';
import * as fs from './fs.ts';
import type { Statfs } from './fs.ts';
import { UTS_RELEASE, UTS_VERSION } from '../kernel/version.ts';
import * as net from './net.ts';
import type { SockAddr } from '../kernel/net/abi.ts';
import * as cred from '../kernel/cred.ts';
import * as ctx from '../kernel/context.ts';
import type * as IpcModule from '../kernel/ipc.ts';
import type { IpcObject } from '../kernel/ipc-abi.ts';
import { getrlimit, RLIMIT_NOFILE, setrlimit, type Rlimit } from '../kernel/rlimit.ts';
import { dlimitCall, setCtxlimit } from '../kernel/later-switch.ts';
import type { Dlimit, DlimitOp } from '../kernel/later.ts';
import type * as TraceModule from '../kernel/trace.ts';
import * as prio from '../kernel/priority.ts';
import { syslog as klogSyslog } from '../kernel/klog.ts';

export { Errno, errno, isErrno, strerror, type ErrnoName };
export type { Stat, Dirent, Statfs } from './fs.ts';
export * from '../kernel/net/abi.ts';
export {
	IP_FW_APPEND,
	IP_FW_DELETE,
	IP_FW_DELETE_NUM,
	IP_FW_FLUSH,
	IP_FW_INSERT,
	IP_FW_POLICY,
	IP_FW_ZERO,
	type FwChange,
	type FwRule
} from '../kernel/net/filter.ts';
import type { FwChange } from '../kernel/net/filter.ts';
export * from '../kernel/signals.ts';
export {
	O_RDONLY,
	O_WRONLY,
	O_RDWR,
	O_CREAT,
	O_EXCL,
	O_TRUNC,
	O_APPEND,
	O_NONBLOCK,
	O_DIRECTORY,
	O_NOFOLLOW,
	O_CLOEXEC,
	O_NOCTTY
} from '../kernel/file.ts';
export {
	S_IFMT,
	S_IFDIR,
	S_IFREG,
	S_IFLNK,
	S_IFCHR,
	S_IFBLK,
	S_IFIFO,
	S_IFSOCK,
	S_ISUID,
	S_ISGID,
	S_ISVTX,
	EXT2_IMMUTABLE_FL,
	EXT2_IMMUTABLE_LINK_FL,
	EXT2_APPEND_FL,
	MS_RDONLY,
	MS_NOSUID,
	MS_NODEV,
	MS_NOEXEC,
	MS_REMOUNT,
	MS_BIND
} from '../kernel/vfs.ts';
export {
	MNT_FORCE,
	MNT_DETACH,
	EXT2_SUPER_MAGIC,
	PROC_SUPER_MAGIC,
	DEVPTS_SUPER_MAGIC,
	TMPFS_MAGIC
} from '../kernel/mount.ts';
export * from '../kernel/tty.ts';
export {
	CAPABILITIES,
	CAP_NAMES,
	CAP_SECURE_REMOVE,
	CAP_LAST_CAP,
	capByName,
	capName,
	capNames,
	capHex
} from '../kernel/caps.ts';
export {
	S_CTX_INFO_LOCK,
	S_CTX_INFO_SCHED,
	S_CTX_INFO_NPROC,
	S_CTX_INFO_PRIVATE,
	S_CTX_INFO_INIT,
	S_CTX_INFO_HIDEINFO,
	S_CTX_INFO_ULIMIT,
	CTX_FLAG_NAMES,
	CTX_NEW,
	CTX_SAME,
	flagByName,
	flagNames
} from '../kernel/context.ts';
export {
	RLIMIT_CPU,
	RLIMIT_FSIZE,
	RLIMIT_DATA,
	RLIMIT_STACK,
	RLIMIT_CORE,
	RLIMIT_RSS,
	RLIMIT_NPROC,
	RLIMIT_NOFILE,
	RLIMIT_MEMLOCK,
	RLIMIT_AS,
	RLIMIT_LOCKS,
	RLIM_INFINITY,
	type Rlimit
} from '../kernel/rlimit.ts';
export {
	IPC_PRIVATE,
	IPC_CREAT,
	IPC_EXCL,
	IPC_RMID,
	IPC_STAT,
	IPC_INFO,
	SHM_STAT,
	SEM_STAT,
	MSG_STAT,
	SHM_RDONLY,
	type IpcObject
} from '../kernel/ipc-abi.ts';
export type { CapData } from '../kernel/cred.ts';
export type { SignalHandler, DefaultAction };

/** A syscall's result: the value, or the errno it failed with. */
export type Result<T> = T | Errno;

/** A result given at once, or the promise of it when the call sleeps or ends the slice. */
export type Now<T> = Result<T> | Promise<Result<T>>;

/** A result given at once as a resolved promise, as the ordinary calls answer. */
function settled<T>(r: Now<T>): Promise<Result<T>> {
	return r instanceof Promise ? r : Promise.resolve(r);
}

export const WNOHANG = 1,
	WUNTRACED = 2,
	WCONTINUED = 8;
export const F_DUPFD = 0,
	F_GETFD = 1,
	F_SETFD = 2,
	F_GETFL = 3,
	F_SETFL = 4,
	FD_CLOEXEC = 1;
export const SIG_BLOCK = 0,
	SIG_UNBLOCK = 1,
	SIG_SETMASK = 2;
export const SEEK_SET = 0,
	SEEK_CUR = 1,
	SEEK_END = 2;
export const F_OK = 0,
	X_OK = 1,
	W_OK = 2,
	R_OK = 4;
export const EXT2_IOC_GETFLAGS = 0x80046601,
	EXT2_IOC_SETFLAGS = 0x40046602;
/** ioctl(dst, FICLONE, srcFd): share a file's contents copy-on-write (the model's reflink). */
export const FICLONE = 0x40049409;

// Wait-status helpers, as <sys/wait.h> defines them.
export const WIFEXITED = (s: number): boolean => (s & 0x7f) === 0;
export const WEXITSTATUS = (s: number): number => (s >> 8) & 0xff;
export const WIFSIGNALED = (s: number): boolean => (s & 0x7f) !== 0 && (s & 0x7f) !== 0x7f;
export const WTERMSIG = (s: number): number => s & 0x7f;
export const WCOREDUMP = (s: number): boolean => (s & 0x80) !== 0;
export const WIFSTOPPED = (s: number): boolean => (s & 0xff) === 0x7f;
export const WSTOPSIG = (s: number): number => (s >> 8) & 0xff;
export const WIFCONTINUED = (s: number): boolean => s === 0xffff;

export interface Utsname {
	sysname: string;
	nodename: string;
	release: string;
	version: string;
	machine: string;
	domainname: string;
}

export interface Tms {
	/** Clock ticks (USER_HZ = 100). */
	utime: number;
	stime: number;
	cutime: number;
	cstime: number;
}

/** A program as the kernel runs it. */
export type Program = (sys: Sys, argv: string[], env: Record<string, string>) => Promise<number>;

export const RELEASE = UTS_RELEASE;
export const VERSION = UTS_VERSION;

/** Bytes for the machine from a JS string: UTF-8 encoded, one char per byte. */
export function toBytes(text: string): string {
	if (/^[\x00-\x7f]*$/.test(text)) return text;
	return String.fromCharCode(...new TextEncoder().encode(text));
}

/** A JS string from machine bytes (UTF-8 decoded; invalid sequences become U+FFFD). */
export function fromBytes(bytes: string): string {
	if (/^[\x00-\x7f]*$/.test(bytes)) return bytes;
	const a = new Uint8Array(bytes.length);
	for (let i = 0; i < bytes.length; i++) a[i] = bytes.charCodeAt(i) & 0xff;
	return new TextDecoder().decode(a);
}

// Kernel parts no boot script or login uses are chunks of their own, imported at a process's first
// call that needs them. The process waits for the import inside its slice (no other process runs
// meanwhile and no system call is made), so runs stay deterministic.
let ipcModule: typeof IpcModule | null = null;
let traceModule: typeof TraceModule | null = null;
/** System V IPC (kernel/ipc.ts). */
async function sysvIpc(): Promise<typeof IpcModule> {
	return (ipcModule ??= await import('../kernel/ipc.ts'));
}
/** ptrace's attach for strace (kernel/trace.ts). */
async function tracing(): Promise<typeof TraceModule> {
	return (traceModule ??= await import('../kernel/trace.ts'));
}

export class Sys {
	private readonly k: Kernel;
	private readonly p: Process;

	constructor(k: Kernel, p: Process) {
		this.k = k;
		this.p = p;
	}

	private call<T>(
		name: string,
		args: unknown[],
		fn: () => T | Errno | ReturnType<typeof block>
	): Promise<Result<T>> {
		return settled(this.k.call(this.p, name, args, fn));
	}

	// ---- Identity ------------------------------------------------------------------------------

	/** getpid(2): a context's fake init is 1 to itself. */
	getpid(): Promise<number> {
		return this.call('getpid', [], () => ctx.pidSeenBy(this.k, this.p, this.p)) as Promise<number>;
	}
	/** getppid(2): 1 under a fake init, and 1 when the parent is in another context. */
	getppid(): Promise<number> {
		return this.call('getppid', [], () =>
			ctx.ppidSeenBy(this.k, this.p, this.p)
		) as Promise<number>;
	}
	getuid(): Promise<number> {
		return this.call('getuid', [], () => this.p.creds.uid) as Promise<number>;
	}
	geteuid(): Promise<number> {
		return this.call('geteuid', [], () => this.p.creds.euid) as Promise<number>;
	}
	getgid(): Promise<number> {
		return this.call('getgid', [], () => this.p.creds.gid) as Promise<number>;
	}
	getegid(): Promise<number> {
		return this.call('getegid', [], () => this.p.creds.egid) as Promise<number>;
	}
	getgroups(): Promise<number[]> {
		return this.call('getgroups', [], () => [...this.p.creds.groups]) as Promise<number[]>;
	}
	getpgrp(): Promise<number> {
		return this.call('getpgrp', [], () => this.p.pgid) as Promise<number>;
	}
	getpgid(pid: number): Promise<Result<number>> {
		return this.call('getpgid', [pid], () => {
			const t = pid === 0 ? this.p : ctx.findProcess(this.k, this.p, pid);
			return t ? t.pgid : errno('ESRCH');
		});
	}
	getsid(pid: number): Promise<Result<number>> {
		return this.call('getsid', [pid], () => {
			const t = pid === 0 ? this.p : ctx.findProcess(this.k, this.p, pid);
			return t ? t.sid : errno('ESRCH');
		});
	}
	setsid(): Promise<Result<number>> {
		return this.call('setsid', [], () => {
			if (this.k.groupExists(this.p.pid) && this.p.pgid === this.p.pid) return errno('EPERM');
			this.p.sid = this.p.pid;
			this.p.pgid = this.p.pid;
			this.p.ttyDev = null;
			return this.p.pid;
		});
	}
	setpgid(pid: number, pgid: number): Promise<Result<0>> {
		return this.call('setpgid', [pid, pgid], () => {
			const t = pid === 0 ? this.p : ctx.findProcess(this.k, this.p, pid);
			if (!t || (t !== this.p && t.ppid !== this.p.pid)) return errno('ESRCH');
			if (t.sid !== this.p.sid) return errno('EPERM');
			if (t.pid === t.sid) return errno('EPERM');
			const g = pgid === 0 ? t.pid : pgid;
			if (g < 0) return errno('EINVAL');
			if (g !== t.pid) {
				let ok = false;
				for (const q of this.k.procs.values()) if (q.pgid === g && q.sid === this.p.sid) ok = true;
				if (!ok) return errno('EPERM');
			}
			t.pgid = g;
			return 0;
		});
	}
	/** setuid(2), 2.4 rules with cap_emulate_setxuid (kernel/cred.ts). */
	setuid(uid: number): Promise<Result<0>> {
		return this.call('setuid', [uid], () => cred.setuid(this.k, this.p, uid));
	}
	setgid(gid: number): Promise<Result<0>> {
		return this.call('setgid', [gid], () => cred.setgid(this.k, this.p, gid));
	}
	setgroups(groups: number[]): Promise<Result<0>> {
		return this.call('setgroups', [groups], () => cred.setgroups(this.k, this.p, groups));
	}
	setreuid(ruid: number, euid: number): Promise<Result<0>> {
		return this.call('setreuid', [ruid, euid], () => cred.setreuid(this.k, this.p, ruid, euid));
	}
	setresuid(ruid: number, euid: number, suid: number): Promise<Result<0>> {
		return this.call('setresuid', [ruid, euid, suid], () =>
			cred.setresuid(this.k, this.p, ruid, euid, suid)
		);
	}
	/** setfsuid(2): returns the previous fsuid, and never fails. */
	setfsuid(uid: number): Promise<number> {
		return this.call('setfsuid', [uid], () =>
			cred.setfsuid(this.k, this.p, uid)
		) as Promise<number>;
	}
	setregid(rgid: number, egid: number): Promise<Result<0>> {
		return this.call('setregid', [rgid, egid], () => cred.setregid(this.k, this.p, rgid, egid));
	}
	setresgid(rgid: number, egid: number, sgid: number): Promise<Result<0>> {
		return this.call('setresgid', [rgid, egid, sgid], () =>
			cred.setresgid(this.k, this.p, rgid, egid, sgid)
		);
	}
	setfsgid(gid: number): Promise<number> {
		return this.call('setfsgid', [gid], () =>
			cred.setfsgid(this.k, this.p, gid)
		) as Promise<number>;
	}
	getresuid(): Promise<[number, number, number]> {
		return this.call('getresuid', [], () => {
			const c = this.p.creds;
			return [c.uid, c.euid, c.suid] as [number, number, number];
		}) as Promise<[number, number, number]>;
	}
	getresgid(): Promise<[number, number, number]> {
		return this.call('getresgid', [], () => {
			const c = this.p.creds;
			return [c.gid, c.egid, c.sgid] as [number, number, number];
		}) as Promise<[number, number, number]>;
	}
	/** capget(2) of a process the caller sees (0 = itself). */
	capget(pid = 0): Promise<Result<cred.CapData>> {
		return this.call('capget', [pid], () => {
			const t = pid === 0 ? this.p : ctx.findProcess(this.k, this.p, pid);
			return t ? cred.capget(t) : errno('ESRCH');
		});
	}
	/** capset(2): 2.4 rules, never above the caller's cap_bset. */
	capset(data: cred.CapData, pid = 0): Promise<Result<0>> {
		return this.call('capset', [pid, data.effective, data.permitted, data.inheritable], () => {
			const t = pid === 0 ? this.p : ctx.findProcess(this.k, this.p, pid);
			return t ? cred.capset(this.k, this.p, t, data) : errno('ESRCH');
		});
	}
	/**
	 * The ctx patch's new_s_context(ctx, remove_cap, flags): -1 a new context, -2 stay, N join
	 * (root in context 0 with CAP_SYS_ADMIN). Returns the context the process is now in.
	 */
	new_s_context(context: number, removeCap = 0, flags = 0): Promise<Result<number>> {
		return this.call('new_s_context', [context, '0x' + (removeCap >>> 0).toString(16), flags], () =>
			ctx.newSContext(this.k, this.p, context, removeCap, flags)
		);
	}
	/**
	 * The later kernel's set_ctxlimit(resource, limit): a limit on the caller's whole context
	 * (RLIMIT_NOFILE only; -1 lifts it). ENOSYS on the 2003 kernel.
	 */
	set_ctxlimit(resource: number, limit: number): Promise<Result<0>> {
		return this.call('set_ctxlimit', [resource, limit], () =>
			setCtxlimit(this.k, this.p, resource, limit)
		);
	}
	/**
	 * The later kernel's per-context disk limit on the file system holding `path`: add, remove,
	 * set fields of, or get the record of context `xid`. ENOSYS on the 2003 kernel.
	 */
	dlimit(
		op: DlimitOp,
		path: string,
		xid: number,
		fields: Partial<Dlimit> = {}
	): Promise<Result<Dlimit | 0>> {
		return this.call('dlimit', [op, path, xid], () => {
			const r = this.k.vfs.resolve(this.p, path);
			if (isErrno(r)) return r;
			return dlimitCall(this.k, this.p, op, r.inode!.fs, xid, fields);
		});
	}
	getrlimit(resource: number): Promise<Result<Rlimit>> {
		return this.call('getrlimit', [resource], () => getrlimit(this.p, resource));
	}
	setrlimit(resource: number, lim: Rlimit): Promise<Result<0>> {
		return this.call('setrlimit', [resource, lim.cur, lim.max], () =>
			setrlimit(this.k, this.p, resource, lim)
		);
	}
	/** shmget(2): keys are private to the caller's security context. */
	async shmget(key: number, size: number, flags = 0): Promise<Result<number>> {
		const ipc = await sysvIpc();
		return this.call('shmget', [key, size, flags.toString(8)], () =>
			ipc.ipcGet(this.k, this.p, 'shm', key, flags, size)
		);
	}
	async semget(key: number, nsems: number, flags = 0): Promise<Result<number>> {
		const ipc = await sysvIpc();
		return this.call('semget', [key, nsems, flags.toString(8)], () =>
			ipc.ipcGet(this.k, this.p, 'sem', key, flags, nsems)
		);
	}
	async msgget(key: number, flags = 0): Promise<Result<number>> {
		const ipc = await sysvIpc();
		return this.call('msgget', [key, flags.toString(8)], () =>
			ipc.ipcGet(this.k, this.p, 'msg', key, flags, 0)
		);
	}
	/** shmctl(2): IPC_STAT and SHM_STAT give the object, IPC_INFO the highest index, IPC_RMID 0. */
	async shmctl(id: number, cmd: number): Promise<Result<IpcObject | number>> {
		const ipc = await sysvIpc();
		return this.call('shmctl', [id, cmd], () => ipc.ipcCtl(this.k, this.p, 'shm', id, cmd));
	}
	async semctl(id: number, cmd: number): Promise<Result<IpcObject | number>> {
		const ipc = await sysvIpc();
		return this.call('semctl', [id, 0, cmd], () => ipc.ipcCtl(this.k, this.p, 'sem', id, cmd));
	}
	async msgctl(id: number, cmd: number): Promise<Result<IpcObject | number>> {
		const ipc = await sysvIpc();
		return this.call('msgctl', [id, cmd], () => ipc.ipcCtl(this.k, this.p, 'msg', id, cmd));
	}
	async shmat(id: number, flags = 0): Promise<Result<number>> {
		const ipc = await sysvIpc();
		return this.call('shmat', [id, flags.toString(8)], () => ipc.shmat(this.k, this.p, id, flags));
	}
	async shmdt(addr: number): Promise<Result<0>> {
		const ipc = await sysvIpc();
		return this.call('shmdt', ['0x' + addr.toString(16)], () => ipc.shmdt(this.p, addr));
	}
	umask(mask: number): Promise<number> {
		return this.call('umask', [mask.toString(8)], () => {
			const old = this.p.umask;
			this.p.umask = mask & 0o777;
			return old;
		}) as Promise<number>;
	}
	uname(): Promise<Utsname> {
		return this.call('uname', [], () => ({
			sysname: 'Linux',
			nodename: ctx.hostnameOf(this.k, this.p),
			release: RELEASE,
			version: VERSION,
			machine: 'i686',
			domainname: ctx.domainnameOf(this.k, this.p)
		})) as Promise<Utsname>;
	}
	/** sethostname(2): CAP_SYS_ADMIN; inside a context it renames that context only. */
	sethostname(name: string): Promise<Result<0>> {
		return this.call('sethostname', [name], () => ctx.setName(this.k, this.p, 'hostname', name));
	}
	setdomainname(name: string): Promise<Result<0>> {
		return this.call('setdomainname', [name], () =>
			ctx.setName(this.k, this.p, 'domainname', name)
		);
	}

	// ---- Files ---------------------------------------------------------------------------------

	open(path: string, flags = O_RDONLY, mode = 0o666): Promise<Result<number>> {
		return settled(this.openNow(path, flags, mode));
	}
	close(fd: number): Promise<Result<0>> {
		return settled(this.closeNow(fd));
	}
	/** read(2): '' at end of file. */
	read(fd: number, count = 4096): Promise<Result<string>> {
		return settled(this.readNow(fd, count));
	}
	// The same three calls answering at once when they can (Kernel.call), else with the promise
	// to await: for a program that reads thousands of files in a row (ps, top).
	openNow(path: string, flags = O_RDONLY, mode = 0o666): Now<number> {
		return this.k.call(this.p, 'open', [path, flags, mode], () =>
			fs.sysOpen(this.k, this.p, path, flags, mode)
		);
	}
	closeNow(fd: number): Now<0> {
		return this.k.call(this.p, 'close', [fd], () =>
			this.k.closeFd(this.p, fd) ? 0 : errno('EBADF')
		);
	}
	readNow(fd: number, count = 4096): Now<string> {
		return this.k.call(this.p, 'read', [fd, count], () => fs.sysRead(this.k, this.p, fd, count));
	}
	/** write(2) of all of `data` (blocking writes continue until everything is written). */
	write(fd: number, data: string): Promise<Result<number>> {
		let done = 0;
		return this.call('write', [fd, data], () => {
			const f = fs.fdFile(this.p, fd);
			if (isErrno(f)) return f;
			if (!writable(f)) return errno('EBADF');
			if (!f.ops.write) return errno('EINVAL');
			while (done < data.length || data.length === 0) {
				const r = f.ops.write(f, done === 0 ? data : data.slice(done), this.p);
				if (typeof r === 'number') {
					done += r;
					if (data.length === 0) break;
					continue;
				}
				if (isErrno(r) && done > 0) return done;
				return r;
			}
			if (f.inode && kindOf(f.inode.mode) === 'file') f.inode.mtime = f.inode.ctime = this.k.now();
			return done;
		});
	}
	lseek(fd: number, offset: number, whence: number): Promise<Result<number>> {
		return this.call('lseek', [fd, offset, whence], () => fs.sysLseek(this.p, fd, offset, whence));
	}
	dup(fd: number): Promise<Result<number>> {
		return this.call('dup', [fd], () => {
			const f = fs.fdFile(this.p, fd);
			if (isErrno(f)) return f;
			f.refs++;
			return this.k.installFd(this.p, f);
		});
	}
	dup2(fd: number, to: number): Promise<Result<number>> {
		return this.call('dup2', [fd, to], () => {
			const f = fs.fdFile(this.p, fd);
			if (isErrno(f)) return f;
			if (to < 0 || to >= 1024) return errno('EBADF');
			if (fd === to) return to;
			f.refs++;
			this.k.closeFd(this.p, to);
			this.p.fds.set(to, { file: f, cloexec: false });
			return to;
		});
	}
	fcntl(fd: number, cmd: number, arg = 0): Promise<Result<number>> {
		return this.call('fcntl', [fd, cmd, arg], () => {
			const e = this.p.fds.get(fd);
			if (!e) return errno('EBADF');
			switch (cmd) {
				case F_DUPFD: {
					// Linux: a start at or past RLIMIT_NOFILE is EINVAL (beyond it EMFILE).
					const lim = getrlimit(this.p, RLIMIT_NOFILE);
					if (arg < 0 || (!isErrno(lim) && arg >= lim.cur)) return errno('EINVAL');
					e.file.refs++;
					return this.k.installFd(this.p, e.file, false, arg);
				}
				case F_GETFD:
					return e.cloexec ? FD_CLOEXEC : 0;
				case F_SETFD:
					e.cloexec = (arg & FD_CLOEXEC) !== 0;
					return 0;
				case F_GETFL:
					return e.file.flags;
				case F_SETFL:
					e.file.flags = (e.file.flags & ~(O_NONBLOCK | 0o2000)) | (arg & (O_NONBLOCK | 0o2000));
					return 0;
				default:
					return errno('EINVAL');
			}
		});
	}
	pipe(): Promise<Result<[number, number]>> {
		return this.call('pipe', [], () => {
			const pipe = new Pipe();
			pipe.readers = 1;
			pipe.writers = 1;
			const { readEnd, writeEnd } = pipeOps((proc) => this.k.sendSigpipe(proc));
			const r = this.k.newFile(readEnd, O_RDONLY, 'pipe:', null, pipe);
			const w = this.k.newFile(writeEnd, O_WRONLY, 'pipe:', null, pipe);
			r.refs = w.refs = 1;
			const rfd = this.k.installFd(this.p, r);
			if (isErrno(rfd)) {
				this.k.release(w);
				return rfd;
			}
			const wfd = this.k.installFd(this.p, w);
			if (isErrno(wfd)) {
				this.k.closeFd(this.p, rfd);
				return wfd;
			}
			return [rfd, wfd] as [number, number];
		});
	}
	stat(path: string): Promise<Result<fs.Stat>> {
		return this.call('stat', [path], () => fs.sysStat(this.k, this.p, path, true));
	}
	lstat(path: string): Promise<Result<fs.Stat>> {
		return this.call('lstat', [path], () => fs.sysStat(this.k, this.p, path, false));
	}
	fstat(fd: number): Promise<Result<fs.Stat>> {
		return this.call('fstat', [fd], () => fs.sysFstat(this.k, this.p, fd));
	}
	getdents(fd: number): Promise<Result<fs.Dirent[]>> {
		return this.call('getdents', [fd], () => fs.sysGetdents(this.k, this.p, fd));
	}
	mkdir(path: string, mode = 0o777): Promise<Result<0>> {
		return this.call('mkdir', [path, mode], () => fs.sysMkdir(this.k, this.p, path, mode));
	}
	rmdir(path: string): Promise<Result<0>> {
		return this.call('rmdir', [path], () => fs.sysRmdir(this.k, this.p, path));
	}
	unlink(path: string): Promise<Result<0>> {
		return this.call('unlink', [path], () => fs.sysUnlink(this.k, this.p, path));
	}
	link(oldPath: string, newPath: string): Promise<Result<0>> {
		return this.call('link', [oldPath, newPath], () =>
			fs.sysLink(this.k, this.p, oldPath, newPath)
		);
	}
	symlink(target: string, path: string): Promise<Result<0>> {
		return this.call('symlink', [target, path], () => fs.sysSymlink(this.k, this.p, target, path));
	}
	readlink(path: string): Promise<Result<string>> {
		return this.call('readlink', [path], () => fs.sysReadlink(this.k, this.p, path));
	}
	rename(from: string, to: string): Promise<Result<0>> {
		return this.call('rename', [from, to], () => fs.sysRename(this.k, this.p, from, to));
	}
	chmod(path: string, mode: number): Promise<Result<0>> {
		return this.call('chmod', [path, mode.toString(8)], () => {
			const r = this.k.vfs.resolve(this.p, path);
			return isErrno(r) ? r : fs.sysChmod(this.k, this.p, r.inode!, mode);
		});
	}
	fchmod(fd: number, mode: number): Promise<Result<0>> {
		return this.call('fchmod', [fd, mode.toString(8)], () => {
			const f = fs.fdFile(this.p, fd);
			if (isErrno(f)) return f;
			return f.inode ? fs.sysChmod(this.k, this.p, f.inode, mode) : errno('EINVAL');
		});
	}
	chown(path: string, uid: number, gid: number, follow = true): Promise<Result<0>> {
		return this.call(follow ? 'chown' : 'lchown', [path, uid, gid], () => {
			const r = this.k.vfs.resolve(this.p, path, { follow });
			return isErrno(r) ? r : fs.sysChown(this.k, this.p, r.inode!, uid, gid);
		});
	}
	access(path: string, mode: number): Promise<Result<0>> {
		return this.call('access', [path, mode], () => fs.sysAccess(this.k, this.p, path, mode));
	}
	chdir(path: string): Promise<Result<0>> {
		return this.call('chdir', [path], () => fs.sysChdir(this.k, this.p, path));
	}
	getcwd(): Promise<Result<string>> {
		return this.call('getcwd', [], () => fs.sysGetcwd(this.k, this.p));
	}
	chroot(path: string): Promise<Result<0>> {
		return this.call('chroot', [path], () => fs.sysChroot(this.k, this.p, path));
	}
	mknod(path: string, mode: number, dev = 0): Promise<Result<0>> {
		return this.call('mknod', [path, mode.toString(8), dev], () =>
			fs.sysMknod(this.k, this.p, path, mode, dev)
		);
	}
	truncate(path: string, length: number): Promise<Result<0>> {
		return this.call('truncate', [path, length], () =>
			fs.sysTruncatePath(this.k, this.p, path, length)
		);
	}
	ftruncate(fd: number, length: number): Promise<Result<0>> {
		return this.call('ftruncate', [fd, length], () => fs.sysFtruncate(this.k, this.p, fd, length));
	}
	/** statfs(2): the figures df prints for the filesystem holding `path`. */
	statfs(path: string): Promise<Result<Statfs>> {
		return this.call('statfs', [path], () => fs.sysStatfs(this.k, this.p, path));
	}
	fstatfs(fd: number): Promise<Result<Statfs>> {
		return this.call('fstatfs', [fd], () => fs.sysFstatfs(this.k, this.p, fd));
	}
	/** mount(2): a filesystem type (proc, devpts, tmpfs), MS_BIND or MS_REMOUNT; CAP_SYS_ADMIN. */
	mount(source: string, target: string, type: string, flags = 0, data = ''): Promise<Result<0>> {
		return this.call('mount', [source, target, type, flags, data], () =>
			fs.sysMount(this.k, this.p, source, target, type, flags, data)
		);
	}
	/** umount2(2): MNT_DETACH (2) detaches even a busy mount; CAP_SYS_ADMIN. */
	umount(target: string, flags = 0): Promise<Result<0>> {
		return this.call('umount', [target, flags], () => fs.sysUmount(this.k, this.p, target, flags));
	}
	utimes(path: string, atime: number, mtime: number): Promise<Result<0>> {
		return this.call('utimes', [path, atime, mtime], () => {
			const r = this.k.vfs.resolve(this.p, path);
			if (isErrno(r)) return r;
			const i = r.inode!;
			if (
				this.p.creds.fsuid !== i.uid &&
				!this.p.capable(3) &&
				!this.k.vfs.permission(this.p, i, 2)
			) {
				return errno('EACCES');
			}
			if (fs.isImmutable(i)) return errno('EPERM');
			i.atime = atime;
			i.mtime = mtime;
			i.ctime = this.k.now();
			return 0;
		});
	}
	/** ioctl(2): tty requests, ext2 attribute flags, FICLONE; devices add theirs. */
	async ioctl(fd: number, request: number, arg?: unknown): Promise<Result<unknown>> {
		await net.ioctlCode(request);
		return this.call('ioctl', [fd, '0x' + request.toString(16), arg ?? null], () => {
			const f = fs.fdFile(this.p, fd);
			if (isErrno(f)) return f;
			if (request === EXT2_IOC_GETFLAGS || request === EXT2_IOC_SETFLAGS) {
				return fs.ext2Ioctl(this.k, this.p, f, request, arg);
			}
			if (request === FICLONE) return fs.cloneIoctl(this.k, this.p, f, arg);
			if (!f.ops.ioctl) return errno('ENOTTY');
			return f.ops.ioctl(f, request, arg, this.p);
		});
	}
	/** Which of the fds are ready (select/poll); blocks until one is, or until `timeoutMs`. */
	poll(
		fds: { fd: number; read?: boolean; write?: boolean }[],
		timeoutMs = -1
	): Promise<Result<{ fd: number; read: boolean; write: boolean }[]>> {
		const until = timeoutMs >= 0 ? this.k.clock + timeoutMs * 1000 : null;
		return this.call('poll', [fds.map((f) => f.fd), timeoutMs], () => {
			const ready: { fd: number; read: boolean; write: boolean }[] = [];
			const queues: WaitQueue[] = [];
			for (const q of fds) {
				const f = fs.fdFile(this.p, q.fd);
				if (isErrno(f)) return f;
				const st = f.ops.poll ? f.ops.poll(f) : { readable: true, writable: true, queues: [] };
				const r = !!q.read && st.readable;
				const w = !!q.write && st.writable;
				if (r || w) ready.push({ fd: q.fd, read: r, write: w });
				queues.push(...st.queues);
			}
			if (ready.length > 0 || (until !== null && this.k.clock >= until)) return ready;
			return block(queues, until);
		});
	}
	isatty(fd: number): Promise<boolean> {
		return this.call('ioctl', [fd, 'TCGETS'], () => {
			const f = fs.fdFile(this.p, fd);
			if (isErrno(f) || !f.ops.ioctl) return false;
			return !isErrno(f.ops.ioctl(f, 0x5401, undefined, this.p));
		}) as Promise<boolean>;
	}
	/** The name of the tty on fd (ttyname(3)), or ENOTTY. */
	ttyname(fd: number): Promise<Result<string>> {
		return this.call('readlink', [`/proc/self/fd/${fd}`], () => {
			const f = fs.fdFile(this.p, fd);
			if (isErrno(f)) return f;
			const tty = f.priv as { name?: string } | undefined;
			if (!f.ops.ioctl || !tty || typeof tty.name !== 'string') return errno('ENOTTY');
			return '/dev/' + tty.name;
		});
	}

	// ---- Processes -----------------------------------------------------------------------------

	/**
	 * fork(2). JavaScript cannot copy a running function, so the child's code is given as a
	 * function of its own `sys`; everything else (files, credentials, signals) is copied.
	 */
	fork(child: (sys: Sys) => Promise<number>): Promise<Result<number>> {
		return this.call('fork', [], () => {
			const c = this.k.fork(this.p, child as (sys: unknown) => Promise<number>);
			return isErrno(c) ? c : c.pid;
		});
	}
	/** execve(2): on success it never returns; the process runs the new program. */
	execve(path: string, argv: string[], env: Record<string, string>): Promise<Errno> {
		return this.call('execve', [path, argv], () => {
			const r = this.k.execInto(this.p, path, argv, env);
			return r === true ? 0 : r;
		}) as Promise<Errno>;
	}
	/** _exit(2). */
	exit(status: number): Promise<never> {
		this.k.call(this.p, 'exit_group', [status], () => {
			this.k.exitProcess(this.p, (status & 0xff) << 8);
			return 0;
		});
		return new Promise<never>(() => {});
	}
	/** wait4(2): `pid` -1 any child, >0 that child, 0 own group, < -1 group -pid. */
	waitpid(pid: number, options = 0): Promise<Result<{ pid: number; status: number }>> {
		return this.call('wait4', [pid, options], () => {
			let any = false;
			for (const c of this.p.children) {
				if (pid > 0 && c.pid !== pid) continue;
				if (pid === 0 && c.pgid !== this.p.pgid) continue;
				if (pid < -1 && c.pgid !== -pid) continue;
				any = true;
				if (c.state === 'Z') {
					this.k.reap(this.p, c);
					return { pid: c.pid, status: c.exitStatus };
				}
				if (options & WUNTRACED && c.state === 'T' && c.reportStop) {
					c.reportStop = false;
					return { pid: c.pid, status: c.exitStatus };
				}
				if (options & WCONTINUED && c.reportCont) {
					c.reportCont = false;
					return { pid: c.pid, status: 0xffff };
				}
			}
			if (!any) return errno('ECHILD');
			if (options & WNOHANG) return { pid: 0, status: 0 };
			return block(this.p.childWait);
		});
	}
	/** kill(2): 2.4's permission rules after the context rules (kernel/context.ts). */
	kill(pid: number, sig: number): Promise<Result<0>> {
		return this.call('kill', [pid, sig], () => ctx.kill(this.k, this.p, pid, sig));
	}
	/** sigaction(2) reduced to the disposition: 'default', 'ignore' or a handler. */
	signal(sig: number, handler: SignalHandler): Promise<Result<SignalHandler>> {
		return this.call(
			'rt_sigaction',
			[sig, typeof handler === 'function' ? 'handler' : handler],
			() => {
				if (sig <= 0 || sig >= NSIG || sig === SIGKILL || sig === SIGSTOP) return errno('EINVAL');
				const old = this.p.handlers[sig]!;
				// A process's table may be shared with its parent's or children's (fork shares it).
				const own = this.p.handlers.slice();
				own[sig] = handler;
				this.p.handlers = own;
				if (handler === 'ignore') this.p.pending &= ~(1 << sig);
				return old;
			}
		);
	}
	sigprocmask(how: number, mask: number): Promise<Result<number>> {
		return this.call('rt_sigprocmask', [how, mask], () => {
			const old = this.p.blocked;
			const m = mask & ~((1 << SIGKILL) | (1 << SIGSTOP));
			if (how === SIG_BLOCK) this.p.blocked |= m;
			else if (how === SIG_UNBLOCK) this.p.blocked &= ~m;
			else if (how === SIG_SETMASK) this.p.blocked = m;
			else return errno('EINVAL');
			return old;
		});
	}
	/** nanosleep(2) in milliseconds of virtual time; EINTR when a handler ran. */
	sleep(ms: number): Promise<Result<0>> {
		const until = this.k.clock + Math.max(0, ms) * 1000;
		return this.call('nanosleep', [ms], () => (this.k.clock >= until ? 0 : block([], until)));
	}
	/** alarm(2): seconds; returns the seconds left of the previous alarm. */
	alarm(seconds: number): Promise<number> {
		return this.call('alarm', [seconds], () => {
			const left = this.p.alarmAt === null ? 0 : Math.ceil((this.p.alarmAt - this.k.clock) / 1e6);
			this.k.setAlarm(this.p, seconds > 0 ? this.k.clock + seconds * 1e6 : null);
			return left;
		}) as Promise<number>;
	}
	/** pause(2): sleeps until a signal is delivered. */
	pause(): Promise<Result<never>> {
		return this.call('pause', [], () => block(new WaitQueue())) as Promise<Result<never>>;
	}
	/** sched_yield(2): long loops call this so the machine stays responsive. */
	yield(): Promise<number> {
		return this.k.yield(this.p);
	}
	times(): Promise<Tms> {
		return this.call('times', [], () => {
			const t = (us: number) => Math.floor(us / 10000);
			return {
				utime: t(this.p.rusage.utime),
				stime: t(this.p.rusage.stime),
				cutime: t(this.p.cusage.utime),
				cstime: t(this.p.cusage.stime)
			};
		}) as Promise<Tms>;
	}
	/** gettimeofday(2) in milliseconds since the epoch. */
	gettimeofday(): Promise<number> {
		return this.call(
			'gettimeofday',
			[],
			() => this.k.opts.bootTime * 1000 + Math.floor(this.k.clock / 1000)
		) as Promise<number>;
	}
	/** time(2). */
	time(): Promise<number> {
		return this.call('time', [], () => this.k.now()) as Promise<number>;
	}
	/** settimeofday(2) in milliseconds since the epoch (`date -s`): needs CAP_SYS_TIME. */
	settimeofday(ms: number): Promise<Result<0>> {
		return this.call('settimeofday', [ms], () => {
			if (!this.p.capable(25 /* CAP_SYS_TIME */)) {
				this.k.deny(this.p, {
					kind: 'capability',
					capability: 'CAP_SYS_TIME',
					text: 'setting the clock needs CAP_SYS_TIME'
				});
				return errno('EPERM');
			}
			// The wall clock is boot time plus uptime; moving it moves the boot time (as btime does).
			this.k.opts.bootTime = Math.floor(ms / 1000) - Math.floor(this.k.clock / 1e6);
			return 0;
		});
	}
	/** Milliseconds since boot (CLOCK_MONOTONIC). */
	uptime(): Promise<number> {
		return this.call(
			'clock_gettime',
			['CLOCK_MONOTONIC'],
			() => this.k.clock / 1000
		) as Promise<number>;
	}
	sync(): Promise<number> {
		return this.call('sync', [], () => 0) as Promise<number>;
	}
	/**
	 * Starts tracing `pid` (and its later children with `follow`) for strace: returns a descriptor
	 * whose reads give one JSON record (kernel/trace.ts TraceRecord) per line, at EOF once every
	 * tracee is gone. Same ids as the target or CAP_SYS_PTRACE; only processes the caller sees.
	 */
	/** syslog(2) (klogctl): 3 reads the kernel log, 4 reads and clears, 5 clears (CAP_SYS_ADMIN). */
	syslog(type: number): Promise<Result<string | number>> {
		return this.call('syslog', [type], () => klogSyslog(this.k, this.p, type));
	}
	/** setpriority(2): `which` 0 process, 1 process group, 2 user; `who` 0 is the caller's. */
	setpriority(which: number, who: number, nice: number): Promise<Result<0>> {
		return this.call('setpriority', [which, who, nice], () =>
			prio.setpriority(this.k, this.p, which, who, nice)
		);
	}
	/** getpriority(2) as glibc returns it: the nice value (-20..19), not the kernel's 20 - nice. */
	getpriority(which: number, who: number): Promise<Result<number>> {
		return this.call('getpriority', [which, who], () =>
			prio.getpriority(this.k, this.p, which, who)
		);
	}
	async trace(pid: number, follow = false): Promise<Result<number>> {
		const { traceAttach } = await tracing();
		return this.call('ptrace', ['PTRACE_ATTACH', pid, follow ? 'follow' : 0], () => {
			const r = traceAttach(
				this.k,
				this.p,
				ctx.findProcess(this.k, this.p, pid) ?? undefined,
				follow
			);
			if (isErrno(r)) return r;
			const f = this.k.newFile(r.ops, O_RDONLY, 'trace:[' + pid + ']', null, r.priv);
			f.refs = 1;
			return this.k.installFd(this.p, f);
		});
	}

	// ---- Sockets (handlers in ./net.ts) --------------------------------------------------------

	socket(domain: number, type: number, protocol = 0): Promise<Result<number>> {
		return this.call('socket', [domain, type, protocol], () =>
			net.sysSocket(this.k, this.p, domain, type, protocol)
		);
	}
	socketpair(domain: number, type: number): Promise<Result<[number, number]>> {
		return this.call('socketpair', [domain, type], () =>
			net.sysSocketpair(this.k, this.p, domain, type)
		);
	}
	bind(fd: number, addr: SockAddr): Promise<Result<0>> {
		return this.call('bind', [fd, addr], () => net.sysBind(this.k, this.p, fd, addr));
	}
	listen(fd: number, backlog = 5): Promise<Result<0>> {
		return this.call('listen', [fd, backlog], () => net.sysListen(this.k, this.p, fd, backlog));
	}
	accept(fd: number): Promise<Result<{ fd: number; addr: SockAddr }>> {
		return this.call('accept', [fd], () => net.sysAccept(this.k, this.p, fd));
	}
	connect(fd: number, addr: SockAddr): Promise<Result<0>> {
		return this.call('connect', [fd, addr], () => net.sysConnect(this.k, this.p, fd, addr));
	}
	shutdown(fd: number, how: number): Promise<Result<0>> {
		return this.call('shutdown', [fd, how], () => net.sysShutdown(this.k, this.p, fd, how));
	}
	/** sendto(2); without an address it is send(2). Streams send all of `data` unless O_NONBLOCK. */
	sendto(fd: number, data: string, to: SockAddr | null = null): Promise<Result<number>> {
		const done = { n: 0 };
		return this.call('sendto', [fd, data, to], () =>
			net.sysSendto(this.k, this.p, fd, data, to, done)
		);
	}
	recvfrom(fd: number, count = 4096): Promise<Result<{ data: string; addr: SockAddr | null }>> {
		return this.call('recvfrom', [fd, count], () => net.sysRecvfrom(this.k, this.p, fd, count));
	}
	getsockname(fd: number): Promise<Result<SockAddr>> {
		return this.call('getsockname', [fd], () => net.sysGetsockname(this.k, this.p, fd));
	}
	getpeername(fd: number): Promise<Result<SockAddr>> {
		return this.call('getpeername', [fd], () => net.sysGetpeername(this.k, this.p, fd));
	}
	/** setsockopt(2); IPPROTO_IP's IP_FW_* options (ipchains) take a FwChange. */
	async setsockopt(
		fd: number,
		level: number,
		name: number,
		value: number | FwChange
	): Promise<Result<0>> {
		await net.sockoptCode(level, name);
		return this.call('setsockopt', [fd, level, name, value], () =>
			net.sysSetsockopt(this.k, this.p, fd, level, name, value)
		);
	}
	getsockopt(fd: number, level: number, name: number): Promise<Result<number>> {
		return this.call('getsockopt', [fd, level, name], () =>
			net.sysGetsockopt(this.k, this.p, fd, level, name)
		);
	}
	/** set_ipv4root rev3: up to 16 addresses with masks and one broadcast (0.0.0.0 lifts the box). */
	set_ipv4root(ips: readonly { ip: string; mask: string }[], bcast: string): Promise<Result<0>> {
		return this.call('set_ipv4root', [ips.map((e) => `${e.ip}/${e.mask}`), bcast], () =>
			net.sysSetIpv4root(this.k, this.p, ips, bcast)
		);
	}
}

/** Attaches the syscall layer to a kernel: every process gets its own `Sys`. */
export function attachSyscalls(k: Kernel): void {
	k.makeSys = (p) => new Sys(k, p);
}

/** Formats an errno as perror(3) would: `prefix: message`. */
export function perror(prefix: string, e: Errno): string {
	return `${prefix}: ${e.message}\n`;
}

export const fileType = (mode: number): number => mode & S_IFMT;
