// Open file descriptions and the operations each kind of file provides (regular, pipe, tty, device).
import type { Errno } from './errno.ts';
import type { Inode } from './vfs.ts';
import type { Block, WaitQueue } from './wait.ts';
import type { Process } from './process.ts';

export const O_RDONLY = 0,
	O_WRONLY = 1,
	O_RDWR = 2,
	O_ACCMODE = 3,
	O_CREAT = 0o100,
	O_EXCL = 0o200,
	O_NOCTTY = 0o400,
	O_TRUNC = 0o1000,
	O_APPEND = 0o2000,
	O_NONBLOCK = 0o4000,
	O_DIRECTORY = 0o200000,
	O_NOFOLLOW = 0o400000,
	O_CLOEXEC = 0o2000000;

/** What a file kind implements; a missing operation answers EINVAL (read/write) or ENOTTY (ioctl). */
export interface FileOps {
	read?(file: OpenFile, count: number, proc: Process): string | Errno | Block;
	write?(file: OpenFile, data: string, proc: Process): number | Errno | Block;
	ioctl?(file: OpenFile, request: number, arg: unknown, proc: Process): unknown;
	/** Readiness for select/poll, and the queues that signal a change. */
	poll?(file: OpenFile): { readable: boolean; writable: boolean; queues: WaitQueue[] };
	/** The last reference to the description went away. */
	release?(file: OpenFile): void;
	/** Seeking is allowed (regular files and directories). */
	seekable?: boolean;
}

export interface OpenFile {
	inode: Inode | null;
	flags: number;
	pos: number;
	ops: FileOps;
	/** Number of fd slots (in any process) pointing here. */
	refs: number;
	/** Path at open time, for /proc/PID/fd and strace. */
	path: string;
	/** Per-kind state (a pipe end, a tty, a socket). */
	priv?: unknown;
}

export function readable(file: OpenFile): boolean {
	return (file.flags & O_ACCMODE) !== O_WRONLY;
}

export function writable(file: OpenFile): boolean {
	return (file.flags & O_ACCMODE) !== O_RDONLY;
}
