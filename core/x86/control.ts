// The host end of the control channel on ttyS1: parses the guest's `A`/`E`/`R` lines and runs
// scripts through the guest agent (tools/x86/rootfs/sbin/lab-agent), one at a time; no v86 or Node
// APIs here.
import type { ExecResult } from '../machine.ts';

/** A line the guest wrote on ttyS1. */
export type ControlEvent = { kind: 'ready' } | { kind: 'exit'; tty: string; status: number };

/** How long one agent command may take before the channel gives up (wall clock). */
export const CONTROL_TIMEOUT_MS = 20000;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function fromBase64(field: string): string {
	const binary = atob(field);
	const bytes = new Uint8Array(binary.length);
	for (let i = 0; i < binary.length; i++) {
		bytes[i] = binary.charCodeAt(i);
	}
	return decoder.decode(bytes);
}

interface Pending {
	id: number;
	resolve: (result: ExecResult) => void;
	reject: (error: Error) => void;
	timer: ReturnType<typeof setTimeout>;
}

export class ControlChannel {
	private line = '';
	/** An answer being received: its status line, then base64 stdout and stderr, each ended by `.`. */
	private answer: { id: number; status: number; parts: string[][] } | null = null;
	private nextId = 1;
	private pending: Pending | null = null;
	/** Commands run strictly one after another: the agent is a single shell loop. */
	private queue: Promise<unknown> = Promise.resolve();

	constructor(
		private readonly send: (bytes: Uint8Array) => void,
		private readonly onEvent: (event: ControlEvent) => void
	) {}

	/** Feeds one byte the guest wrote on ttyS1. */
	byte(b: number): void {
		if (b === 10) {
			this.parse(this.line.replace(/\r$/, ''));
			this.line = '';
		} else if (this.line.length < 1 << 24) {
			this.line += String.fromCharCode(b);
		}
	}

	/** Forgets a half-received line, e.g. after the machine's state was replaced. */
	reset(): void {
		this.line = '';
		this.answer = null;
	}

	/** Runs `command` with `sh` in the guest as `user` and returns its output and exit status. */
	run(command: string, user = 'root'): Promise<ExecResult> {
		const result = this.queue.then(() => this.runNow(command, user));
		this.queue = result.catch(() => undefined);
		return result;
	}

	/**
	 * Runs one line of the host's own set-up (the clock, stty) in the agent's shell itself, as root:
	 * no script file and no subshell, so one fork fewer than `run`. Its stdout is dropped. The line
	 * must not change the agent's shell (no `cd`, `exit`, assignments).
	 */
	quick(line: string): Promise<ExecResult> {
		const result = this.queue.then(() => this.quickNow(line));
		this.queue = result.catch(() => undefined);
		return result;
	}

	/** Runs `fn` with the channel to itself: no other command starts until it settles. */
	exclusive<T>(
		fn: (
			run: (command: string, user?: string) => Promise<ExecResult>,
			quick: (line: string) => Promise<ExecResult>
		) => Promise<T>
	): Promise<T> {
		const result = this.queue.then(() =>
			fn(
				(command, user = 'root') => this.runNow(command, user),
				(line) => this.quickNow(line)
			)
		);
		this.queue = result.catch(() => undefined);
		return result;
	}

	private runNow(command: string, user: string): Promise<ExecResult> {
		if (!/^[a-z_][a-z0-9_-]*$/.test(user)) {
			return Promise.reject(new Error(`control: bad user name ${user}`));
		}
		const body = command.endsWith('\n') ? command : `${command}\n`;
		return this.ask((id) => `X ${id} ${user}\n${body}.${id}\n`);
	}

	private quickNow(line: string): Promise<ExecResult> {
		if (line.includes('\n')) {
			return Promise.reject(new Error('control: a quick command is one line'));
		}
		return this.ask((id) => `Q ${id}\n${line}\n`);
	}

	/** Sends the message `text(id)` and waits for the agent's answer to command `id`. */
	private ask(text: (id: number) => string): Promise<ExecResult> {
		const id = this.nextId++;
		return new Promise<ExecResult>((resolve, reject) => {
			const timer = setTimeout(() => {
				this.pending = null;
				reject(new Error(`control: no answer to command ${id} after ${CONTROL_TIMEOUT_MS} ms`));
			}, CONTROL_TIMEOUT_MS);
			this.pending = { id, resolve, reject, timer };
			this.send(encoder.encode(text(id)));
		});
	}

	private parse(line: string): void {
		if (this.answer) {
			const answer = this.answer;
			if (line === '.') {
				answer.parts.push([]);
				if (answer.parts.length === 3) {
					this.answer = null;
					this.finish(answer.id, answer.status, answer.parts[0] ?? [], answer.parts[1] ?? []);
				}
			} else {
				answer.parts[answer.parts.length - 1]?.push(line);
			}
			return;
		}
		const fields = line.split(' ');
		switch (fields[0]) {
			case 'A':
				this.onEvent({ kind: 'ready' });
				break;
			case 'E':
				if (fields.length >= 3) {
					this.onEvent({ kind: 'exit', tty: fields[1] ?? '', status: Number(fields[2]) });
				}
				break;
			case 'R':
				if (fields.length === 3) {
					this.answer = { id: Number(fields[1]), status: Number(fields[2]), parts: [[]] };
				}
				break;
		}
	}

	private finish(id: number, status: number, stdout: string[], stderr: string[]): void {
		const pending = this.pending;
		if (!pending || pending.id !== id) {
			return;
		}
		clearTimeout(pending.timer);
		this.pending = null;
		try {
			pending.resolve({
				exitCode: status,
				stdout: fromBase64(stdout.join('')),
				stderr: fromBase64(stderr.join(''))
			});
		} catch (error) {
			pending.reject(new Error(`control: garbled answer to command ${id}: ${String(error)}`));
		}
	}
}
