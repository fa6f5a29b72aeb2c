// Pty masters held by processes (/dev/ptmx): the master side reads what programs on the slave
// write and writes what they will read. A master can also be shown on the Machine's display (a
// pane in the page), which is how the model's `xterm` opens a window.
import { errno } from './errno.ts';
import type { FileOps, OpenFile } from './file.ts';
import type { Process } from './process.ts';
import type { Tty } from './tty.ts';
import { block, WaitQueue } from './wait.ts';

/** ioctl: the pty number of a master (TIOCGPTN). */
export const TIOCGPTN = 0x80045430;
/** ioctl: unlock the slave (TIOCSPTLCK); accepted and ignored. */
export const TIOCSPTLCK = 0x40045431;
/**
 * ioctl (ours): show this master on the machine's display with a label, as an X server would map
 * xterm's window. The Machine turns it into a terminal pane; closing the master closes the pane.
 */
export const VSLAB_DISPLAY = 0x5601;

/** What a master remembers: output not read yet, and whether the display shows it. */
export interface PtyMaster {
	tty: Tty;
	buffer: string;
	readonly readQueue: WaitQueue;
	/** Set while the display shows this pty: output goes there instead of `buffer`. */
	display: ((data: string) => void) | null;
	/** Called when the last reference to the master goes away. */
	onClose: (() => void) | null;
}

export function newMaster(tty: Tty): PtyMaster {
	const m: PtyMaster = {
		tty,
		buffer: '',
		readQueue: new WaitQueue(),
		display: null,
		onClose: null
	};
	tty.setSink((data) => {
		if (m.display) m.display(data);
		else {
			m.buffer += data;
			m.readQueue.wakeAll();
		}
	});
	return m;
}

export interface DisplayHost {
	/** Shows `master` as a pane labelled `label`; returns false when there is no display. */
	showPane(master: PtyMaster, proc: Process, label: string): boolean;
	/** A side of the pair closed: free the pty once neither side is open. */
	ptyClosed(tty: Tty): void;
}

export function masterOps(host: DisplayHost): FileOps {
	return {
		read(file: OpenFile, count: number) {
			const m = file.priv as PtyMaster;
			if (m.buffer.length === 0) {
				// The slave side closed for good: EIO, as Linux answers on a master.
				if (m.tty.hungUp) return errno('EIO');
				if (file.flags & 0o4000) return errno('EAGAIN');
				return block(m.readQueue);
			}
			const out = m.buffer.slice(0, count);
			m.buffer = m.buffer.slice(out.length);
			return out;
		},
		write(file: OpenFile, data: string) {
			(file.priv as PtyMaster).tty.input(data);
			return data.length;
		},
		ioctl(file: OpenFile, request: number, arg: unknown, proc: Process) {
			const m = file.priv as PtyMaster;
			switch (request) {
				case TIOCGPTN:
					return m.tty.index;
				case TIOCSPTLCK:
					return 0;
				case VSLAB_DISPLAY:
					return host.showPane(m, proc, String(arg ?? '')) ? 0 : errno('ENXIO');
				default:
					// Window size and termios requests act on the pair's tty, as on Linux.
					return m.tty.ioctl(request, arg, proc);
			}
		},
		poll(file: OpenFile) {
			const m = file.priv as PtyMaster;
			return {
				readable: m.buffer.length > 0 || m.tty.hungUp,
				writable: true,
				queues: [m.readQueue]
			};
		},
		release(file: OpenFile) {
			const m = file.priv as PtyMaster;
			m.tty.hangup();
			m.tty.masterClosed = true;
			m.onClose?.();
			host.ptyClosed(m.tty);
		}
	};
}
