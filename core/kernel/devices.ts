// Character devices: the memory devices (null, zero, full, random, urandom), the console and the
// device numbers of ttys and ptys. Device nodes in /dev point here through their rdev.
import { errno } from './errno.ts';
import type { FileOps } from './file.ts';

export const makedev = (major: number, minor: number): number => (major << 8) | minor;
export const major = (dev: number): number => dev >> 8;
export const minor = (dev: number): number => dev & 0xff;

export const DEV_NULL = makedev(1, 3),
	DEV_ZERO = makedev(1, 5),
	DEV_FULL = makedev(1, 7),
	DEV_RANDOM = makedev(1, 8),
	DEV_URANDOM = makedev(1, 9),
	DEV_TTY = makedev(5, 0),
	DEV_CONSOLE = makedev(5, 1),
	DEV_PTMX = makedev(5, 2),
	PTS_MAJOR = 136;

/** A small deterministic generator (xorshift32): the machine's only source of randomness. */
export class Random {
	private state: number;
	constructor(seed: number) {
		this.state = seed >>> 0 || 0x9e3779b9;
	}
	next(): number {
		let x = this.state;
		x ^= x << 13;
		x ^= x >>> 17;
		x ^= x << 5;
		this.state = x >>> 0;
		return this.state;
	}
	bytes(n: number): string {
		let s = '';
		for (let i = 0; i < n; i++) s += String.fromCharCode(this.next() & 0xff);
		return s;
	}
}

/** Reads of /dev/zero and /dev/random return at most this many bytes per call. */
const CHUNK = 4096;

export function memoryDeviceOps(rdev: number, random: Random): FileOps | null {
	switch (rdev) {
		case DEV_NULL:
			return { read: () => '', write: (_f, data) => data.length };
		case DEV_ZERO:
			return { read: (_f, n) => '\0'.repeat(Math.min(n, CHUNK)), write: (_f, data) => data.length };
		case DEV_FULL:
			return { read: (_f, n) => '\0'.repeat(Math.min(n, CHUNK)), write: () => errno('ENOSPC') };
		case DEV_RANDOM:
		case DEV_URANDOM:
			return { read: (_f, n) => random.bytes(Math.min(n, CHUNK)), write: (_f, data) => data.length };
		default:
			return null;
	}
}
