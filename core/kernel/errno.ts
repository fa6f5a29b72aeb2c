// Linux errno names, numbers and strerror texts (glibc wording), and the error value syscalls return.

const table = {
	EPERM: [1, 'Operation not permitted'],
	ENOENT: [2, 'No such file or directory'],
	ESRCH: [3, 'No such process'],
	EINTR: [4, 'Interrupted system call'],
	EIO: [5, 'Input/output error'],
	ENXIO: [6, 'No such device or address'],
	E2BIG: [7, 'Argument list too long'],
	ENOEXEC: [8, 'Exec format error'],
	EBADF: [9, 'Bad file descriptor'],
	ECHILD: [10, 'No child processes'],
	EAGAIN: [11, 'Resource temporarily unavailable'],
	ENOMEM: [12, 'Cannot allocate memory'],
	EACCES: [13, 'Permission denied'],
	EFAULT: [14, 'Bad address'],
	ENOTBLK: [15, 'Block device required'],
	EBUSY: [16, 'Device or resource busy'],
	EEXIST: [17, 'File exists'],
	EXDEV: [18, 'Invalid cross-device link'],
	ENODEV: [19, 'No such device'],
	ENOTDIR: [20, 'Not a directory'],
	EISDIR: [21, 'Is a directory'],
	EINVAL: [22, 'Invalid argument'],
	ENFILE: [23, 'Too many open files in system'],
	EMFILE: [24, 'Too many open files'],
	ENOTTY: [25, 'Inappropriate ioctl for device'],
	ETXTBSY: [26, 'Text file busy'],
	EFBIG: [27, 'File too large'],
	ENOSPC: [28, 'No space left on device'],
	ESPIPE: [29, 'Illegal seek'],
	EROFS: [30, 'Read-only file system'],
	EMLINK: [31, 'Too many links'],
	EPIPE: [32, 'Broken pipe'],
	EDOM: [33, 'Numerical argument out of domain'],
	ERANGE: [34, 'Numerical result out of range'],
	EDEADLK: [35, 'Resource deadlock avoided'],
	ENAMETOOLONG: [36, 'File name too long'],
	ENOSYS: [38, 'Function not implemented'],
	ENOTEMPTY: [39, 'Directory not empty'],
	ELOOP: [40, 'Too many levels of symbolic links'],
	ENOMSG: [42, 'No message of desired type'],
	EIDRM: [43, 'Identifier removed'],
	ENOTSOCK: [88, 'Socket operation on non-socket'],
	EDESTADDRREQ: [89, 'Destination address required'],
	EMSGSIZE: [90, 'Message too long'],
	EPROTOTYPE: [91, 'Protocol wrong type for socket'],
	ENOPROTOOPT: [92, 'Protocol not available'],
	EPROTONOSUPPORT: [93, 'Protocol not supported'],
	EOPNOTSUPP: [95, 'Operation not supported'],
	EAFNOSUPPORT: [97, 'Address family not supported by protocol'],
	EADDRINUSE: [98, 'Address already in use'],
	EADDRNOTAVAIL: [99, 'Cannot assign requested address'],
	ENETDOWN: [100, 'Network is down'],
	ENETUNREACH: [101, 'Network is unreachable'],
	ECONNABORTED: [103, 'Software caused connection abort'],
	ECONNRESET: [104, 'Connection reset by peer'],
	ENOBUFS: [105, 'No buffer space available'],
	EISCONN: [106, 'Transport endpoint is already connected'],
	ENOTCONN: [107, 'Transport endpoint is not connected'],
	ETIMEDOUT: [110, 'Connection timed out'],
	ECONNREFUSED: [111, 'Connection refused'],
	EHOSTUNREACH: [113, 'No route to host'],
	EALREADY: [114, 'Operation already in progress'],
	EINPROGRESS: [115, 'Operation now in progress'],
	EDQUOT: [122, 'Disk quota exceeded']
} as const;

export type ErrnoName = keyof typeof table;

/** The error a syscall returns instead of a value. Never thrown for expected failures. */
export class Errno {
	readonly name: ErrnoName;
	constructor(name: ErrnoName) {
		this.name = name;
	}
	get code(): number {
		return table[this.name][0];
	}
	/** strerror(3) text, e.g. `No such file or directory`. */
	get message(): string {
		return table[this.name][1];
	}
	toString(): string {
		return this.name;
	}
}

/** Shared instances: errors carry no per-call state, so one object per name is enough. */
const cache = new Map<ErrnoName, Errno>();
export function errno(name: ErrnoName): Errno {
	let e = cache.get(name);
	if (!e) {
		e = new Errno(name);
		cache.set(name, e);
	}
	return e;
}

export function isErrno(value: unknown): value is Errno {
	// Most results are numbers and strings: they are answered before the prototype chain is asked.
	return typeof value === 'object' && value instanceof Errno;
}

/** strerror(3) for a name. */
export function strerror(name: ErrnoName): string {
	return table[name][1];
}

/** The name of an errno number, for decoding. */
export function errnoName(code: number): ErrnoName | undefined {
	for (const [name, [n]] of Object.entries(table)) if (n === code) return name as ErrnoName;
	return undefined;
}
