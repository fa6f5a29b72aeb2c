// Pipes: a bounded byte queue between a read end and a write end (PIPE_BUF 4096, as on 2.4 i386).
import { errno } from './errno.ts';
import type { FileOps, OpenFile } from './file.ts';
import { block, WaitQueue } from './wait.ts';
import type { Process } from './process.ts';

/** A 2.4 pipe holds one page. */
export const PIPE_SIZE = 4096;

export class Pipe {
	data = '';
	readers = 0;
	writers = 0;
	readonly readQueue = new WaitQueue();
	readonly writeQueue = new WaitQueue();
}

/** How a write to a pipe with no reader ends: the kernel sends SIGPIPE, then EPIPE. */
export type SigpipeSender = (proc: Process) => void;

export function pipeOps(sigpipe: SigpipeSender): { readEnd: FileOps; writeEnd: FileOps } {
	const readEnd: FileOps = {
		read(file: OpenFile, count: number) {
			const p = file.priv as Pipe;
			if (p.data.length === 0) {
				if (p.writers === 0) return '';
				if (file.flags & 0o4000) return errno('EAGAIN');
				return block(p.readQueue);
			}
			const out = p.data.slice(0, count);
			p.data = p.data.slice(out.length);
			p.writeQueue.wakeAll();
			return out;
		},
		poll(file: OpenFile) {
			const p = file.priv as Pipe;
			return {
				readable: p.data.length > 0 || p.writers === 0,
				writable: false,
				queues: [p.readQueue]
			};
		},
		release(file: OpenFile) {
			const p = file.priv as Pipe;
			p.readers--;
			p.writeQueue.wakeAll();
		}
	};
	const writeEnd: FileOps = {
		write(file: OpenFile, data: string, proc: Process) {
			const p = file.priv as Pipe;
			if (p.readers === 0) {
				sigpipe(proc);
				return errno('EPIPE');
			}
			const room = PIPE_SIZE - p.data.length;
			if (room <= 0 || (data.length <= PIPE_SIZE && room < data.length)) {
				// Writes of at most PIPE_BUF bytes are atomic: wait for room for all of it.
				if (file.flags & 0o4000) return errno('EAGAIN');
				return block([p.writeQueue]);
			}
			const chunk = data.slice(0, room);
			p.data += chunk;
			p.readQueue.wakeAll();
			return chunk.length;
		},
		poll(file: OpenFile) {
			const p = file.priv as Pipe;
			return {
				readable: false,
				writable: p.data.length < PIPE_SIZE || p.readers === 0,
				queues: [p.writeQueue]
			};
		},
		release(file: OpenFile) {
			const p = file.priv as Pipe;
			p.writers--;
			p.readQueue.wakeAll();
		}
	};
	return { readEnd, writeEnd };
}
