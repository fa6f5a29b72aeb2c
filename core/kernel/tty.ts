// Terminals: the line discipline (canonical editing, echo, signals from keys, raw mode) and pty
// pairs. The slave side is what programs open as /dev/pts/N; the master side is the Machine's
// terminal (or a process holding /dev/ptmx, for the model's xterm).
import { errno } from './errno.ts';
import type { FileOps, OpenFile } from './file.ts';
import type { Process } from './process.ts';
import { SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGWINCH, SIGHUP, SIGCONT } from './signals.ts';
import { block, WaitQueue } from './wait.ts';

// termios flag bits (Linux values).
export const ICRNL = 0o400,
	IXON = 0o2000,
	OPOST = 0o1,
	ONLCR = 0o4,
	ISIG = 0o1,
	ICANON = 0o2,
	ECHO = 0o10,
	ECHOE = 0o20,
	ECHOK = 0o40,
	ECHONL = 0o100,
	ECHOCTL = 0o1000,
	ECHOKE = 0o4000,
	IEXTEN = 0o100000;

// Control character indexes in c_cc.
export const VINTR = 0,
	VQUIT = 1,
	VERASE = 2,
	VKILL = 3,
	VEOF = 4,
	VTIME = 5,
	VMIN = 6,
	VSUSP = 10,
	VWERASE = 14;

// ioctl requests (Linux i386 values).
export const TCGETS = 0x5401,
	TCSETS = 0x5402,
	TCSETSW = 0x5403,
	TCSETSF = 0x5404,
	TIOCSCTTY = 0x540e,
	TIOCGPGRP = 0x540f,
	TIOCSPGRP = 0x5410,
	TIOCGWINSZ = 0x5413,
	TIOCSWINSZ = 0x5414,
	TIOCNOTTY = 0x5422,
	FIONREAD = 0x541b;

export interface Termios {
	iflag: number;
	oflag: number;
	cflag: number;
	lflag: number;
	cc: number[];
}

export function defaultTermios(): Termios {
	const cc = new Array<number>(19).fill(0);
	cc[VINTR] = 3;
	cc[VQUIT] = 0x1c;
	cc[VERASE] = 0x7f;
	cc[VKILL] = 0x15;
	cc[VEOF] = 4;
	cc[VMIN] = 1;
	cc[VSUSP] = 0x1a;
	cc[VWERASE] = 0x17;
	return {
		iflag: ICRNL | IXON,
		oflag: OPOST | ONLCR,
		cflag: 0o277,
		lflag: ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN,
		cc
	};
}

/** What a tty needs from the kernel: signalling process groups and sessions. */
export interface TtyHost {
	signalGroup(pgid: number, sig: number): void;
	/** Whether any process of group `pgid` exists. */
	groupExists(pgid: number): boolean;
	/** The virtual clock (µs); without one, output is never paced. */
	readonly clock?: number;
}

/**
 * CHOICE: the terminal on the master side shows output at 256 KiB/s of virtual time and buffers
 * up to 64 KiB, as a real xterm is a reader that takes time; past that a writer sleeps. Ordinary
 * commands never come near it, but `yes` or `cat /dev/zero` on a terminal can no longer outrun
 * the clock: without it, five seconds of virtual time were gigabytes of output for the page or
 * the runner to draw.
 */
export const TTY_OUTPUT_RATE = 256 * 1024;
export const TTY_OUTPUT_BURST = 64 * 1024;

export class Tty {
	readonly index: number;
	termios = defaultTermios();
	cols = 80;
	rows = 24;
	/** Foreground process group and owning session (0 when none). */
	fgPgrp = 0;
	session = 0;
	/** The line being edited in canonical mode. */
	private line = '';
	/** Input ready for read(): completed lines, or raw bytes. EOF marks are kept as `eofs`. */
	private ready: string[] = [];
	readonly readQueue = new WaitQueue();
	/** Bytes for the master side. */
	private sink: (data: string) => void;
	private host: TtyHost;
	/** Processes blocked reading this tty, by pid (for the runner's idle rule). */
	readonly readers = new Set<number>();
	hungUp = false;
	/** Open files on the slave side, and whether the master side is gone: a pty is freed (its
	 * number reused) only when both are over, as devpts frees it on the last close. */
	slaveFiles = 0;
	masterClosed = false;
	/** Output written but not yet shown by the display's pace, as of `pendingAt` (µs). */
	private pending = 0;
	private pendingAt = 0;

	constructor(index: number, host: TtyHost, sink: (data: string) => void) {
		this.index = index;
		this.host = host;
		this.sink = sink;
	}

	get name(): string {
		return `pts/${this.index}`;
	}

	setSink(sink: (data: string) => void): void {
		this.sink = sink;
	}

	/** Output from programs, with output processing (ONLCR). */
	output(data: string): void {
		const t = this.termios;
		if (t.oflag & OPOST && t.oflag & ONLCR) data = data.replace(/\n/g, '\r\n');
		this.sink(data);
	}

	/**
	 * Paces program output (TTY_OUTPUT_RATE): null when the terminal takes `bytes` more now (and
	 * counts them), else the time (µs) at which to try again.
	 */
	pace(bytes: number): number | null {
		const now = this.host.clock;
		if (now === undefined) return null;
		this.pending = Math.max(0, this.pending - ((now - this.pendingAt) * TTY_OUTPUT_RATE) / 1e6);
		this.pendingAt = now;
		if (this.pending >= TTY_OUTPUT_BURST) {
			return now + Math.ceil(((this.pending - TTY_OUTPUT_BURST + 1) * 1e6) / TTY_OUTPUT_RATE);
		}
		this.pending += bytes;
		return null;
	}

	private echo(data: string): void {
		if (this.termios.lflag & ECHO) this.output(data);
	}

	private echoCtl(c: number): void {
		if (!(this.termios.lflag & ECHO)) return;
		if (this.termios.lflag & ECHOCTL && c < 32 && c !== 10 && c !== 9) {
			this.output('^' + String.fromCharCode(c + 64));
		} else {
			this.output(String.fromCharCode(c));
		}
	}

	/** Keys from the master side, one byte at a time through the line discipline. */
	input(data: string): void {
		if (this.hungUp) return;
		const t = this.termios;
		for (let i = 0; i < data.length; i++) {
			let c = data.charCodeAt(i);
			if (t.iflag & ICRNL && c === 13) c = 10;
			if (t.lflag & ISIG) {
				const sig =
					c === t.cc[VINTR]
						? SIGINT
						: c === t.cc[VQUIT]
							? SIGQUIT
							: c === t.cc[VSUSP]
								? SIGTSTP
								: 0;
				if (sig) {
					this.echoCtl(c);
					this.line = '';
					this.ready = [];
					if (this.fgPgrp) this.host.signalGroup(this.fgPgrp, sig);
					this.readQueue.wakeAll();
					continue;
				}
			}
			if (!(t.lflag & ICANON)) {
				this.ready.push(String.fromCharCode(c));
				this.echoCtl(c);
				continue;
			}
			if (c === t.cc[VERASE] || c === 8) {
				if (this.line.length > 0) {
					const last = this.line.charCodeAt(this.line.length - 1);
					this.line = this.line.slice(0, -1);
					const width = last < 32 && t.lflag & ECHOCTL ? 2 : 1;
					if (t.lflag & ECHO && t.lflag & ECHOE) this.output('\b \b'.repeat(width));
				}
				continue;
			}
			if (c === t.cc[VKILL]) {
				if (t.lflag & ECHO && t.lflag & ECHOKE) this.output('\b \b'.repeat(this.line.length));
				this.line = '';
				continue;
			}
			if (c === t.cc[VWERASE] && t.lflag & IEXTEN) {
				const m = /\S*\s*$/.exec(this.line);
				const n = m ? m[0].length : 0;
				this.line = this.line.slice(0, this.line.length - n);
				if (t.lflag & ECHO) this.output('\b \b'.repeat(n));
				continue;
			}
			if (c === t.cc[VEOF]) {
				this.ready.push(this.line);
				this.line = '';
				this.readQueue.wakeAll();
				continue;
			}
			if (c === 10) {
				this.ready.push(this.line + '\n');
				this.line = '';
				if (t.lflag & (ECHO | ECHONL)) this.output('\n');
				this.readQueue.wakeAll();
				continue;
			}
			this.line += String.fromCharCode(c);
			this.echoCtl(c);
		}
		if (!(t.lflag & ICANON)) this.readQueue.wakeAll();
	}

	/** Data waiting for read(), for FIONREAD and poll. */
	get available(): number {
		return this.ready.reduce((n, s) => n + s.length, 0);
	}

	hasInput(): boolean {
		return this.ready.length > 0 || this.hungUp;
	}

	/** read(2) on the slave side. */
	read(
		count: number,
		proc: Process,
		nonblock: boolean
	): string | ReturnType<typeof errno> | ReturnType<typeof block> {
		// Job control: a background process reading its controlling tty gets SIGTTIN.
		if (
			proc.ttyDev !== null &&
			proc.sid === this.session &&
			this.fgPgrp &&
			proc.pgid !== this.fgPgrp
		) {
			if (proc.handlers[SIGTTIN] === 'ignore' || proc.blocked & (1 << SIGTTIN)) return errno('EIO');
			// The read waits: SIGTTIN stops the group, and once continued the read is tried
			// again (restarted, as Linux does when no handler ran); a handler makes it EINTR.
			this.host.signalGroup(proc.pgid, SIGTTIN);
			return block(this.readQueue);
		}
		if (this.hungUp) return '';
		if (this.ready.length === 0) {
			if (nonblock) return errno('EAGAIN');
			this.readers.add(proc.pid);
			return block(this.readQueue);
		}
		this.readers.delete(proc.pid);
		if (this.termios.lflag & ICANON) {
			const first = this.ready[0]!;
			if (first.length <= count) {
				this.ready.shift();
				return first;
			}
			this.ready[0] = first.slice(count);
			return first.slice(0, count);
		}
		const out = this.ready.splice(0, count).join('');
		return out;
	}

	resize(cols: number, rows: number): void {
		if (cols === this.cols && rows === this.rows) return;
		this.cols = cols;
		this.rows = rows;
		if (this.fgPgrp) this.host.signalGroup(this.fgPgrp, SIGWINCH);
	}

	/** The master side went away: SIGHUP (and SIGCONT) to the session's foreground group. */
	hangup(): void {
		if (this.hungUp) return;
		this.hungUp = true;
		if (this.fgPgrp) {
			this.host.signalGroup(this.fgPgrp, SIGHUP);
			this.host.signalGroup(this.fgPgrp, SIGCONT);
		}
		this.readQueue.wakeAll();
	}

	ioctl(request: number, arg: unknown, proc: Process): unknown {
		switch (request) {
			case TCGETS:
				return { ...this.termios, cc: [...this.termios.cc] };
			case TCSETS:
			case TCSETSW:
			case TCSETSF: {
				const t = arg as Termios;
				const wasCanon = this.termios.lflag & ICANON;
				this.termios = { ...t, cc: [...t.cc] };
				if (request === TCSETSF) this.ready = [];
				if (wasCanon && !(t.lflag & ICANON) && this.line) {
					this.ready.push(...this.line.split(''));
					this.line = '';
				}
				this.readQueue.wakeAll();
				return 0;
			}
			case TIOCGWINSZ:
				return { cols: this.cols, rows: this.rows };
			case TIOCSWINSZ: {
				const w = arg as { cols: number; rows: number };
				this.resize(w.cols, w.rows);
				return 0;
			}
			case TIOCGPGRP:
				if (proc.sid !== this.session) return errno('ENOTTY');
				return this.fgPgrp;
			case TIOCSPGRP: {
				if (proc.sid !== this.session) return errno('ENOTTY');
				const pgid = arg as number;
				if (!this.host.groupExists(pgid)) return errno('EPERM');
				this.fgPgrp = pgid;
				return 0;
			}
			case FIONREAD:
				return this.available;
			default:
				return errno('ENOTTY');
		}
	}
}

/** FileOps of a tty slave (/dev/pts/N, /dev/tty resolved to the controlling one). */
export function ttyOps(): FileOps {
	return {
		read(file: OpenFile, count: number, proc: Process) {
			return (file.priv as Tty).read(count, proc, (file.flags & 0o4000) !== 0);
		},
		write(file: OpenFile, data: string) {
			const tty = file.priv as Tty;
			if (tty.hungUp) return errno('EIO');
			const later = tty.pace(data.length);
			if (later !== null) return block([], later);
			tty.output(data);
			return data.length;
		},
		ioctl(file: OpenFile, request: number, arg: unknown, proc: Process) {
			return (file.priv as Tty).ioctl(request, arg, proc);
		},
		poll(file: OpenFile) {
			const tty = file.priv as Tty;
			return { readable: tty.hasInput(), writable: true, queues: [tty.readQueue] };
		}
	};
}
