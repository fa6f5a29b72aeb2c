// A terminal session on a model machine for the hardening suites: type a line (or a control
// character), wait as the runner does, and get what the terminal showed since the last line.
import { afterEach, expect } from 'vitest';
import { ModelMachine } from '../../core/model-machine.ts';
import type { SettleResult, TerminalOptions } from '../../core/machine.ts';
import { fromBytes } from '../../core/syscalls/index.ts';

export class Session {
	readonly machine: ModelMachine;
	readonly id: number;
	private out = '';
	private seen = 0;

	private constructor(machine: ModelMachine, id: number) {
		this.machine = machine;
		this.id = id;
		machine.attach(id, (chunk) => {
			this.out += Buffer.from(chunk).toString('latin1');
		});
	}

	static async open(opts: Partial<TerminalOptions> = {}): Promise<Session> {
		const m = await ModelMachine.create({});
		const id = await m.openTerminal({ user: 'root', cols: 80, rows: 24, ...opts });
		const s = new Session(m, id);
		await m.settle(id, 5000);
		s.seen = s.out.length;
		return s;
	}

	/**
	 * Types `line` and Enter (`^C`, `^Z`, `^\` alone send that key), waits until the machine is idle
	 * or `boundMs` of virtual time have passed, and returns the new output with CRs removed.
	 */
	async type(line: string, boundMs = 5000): Promise<string> {
		const keys: Record<string, string> = { '^C': '\x03', '^Z': '\x1a', '^\\': '\x1c' };
		this.machine.input(this.id, keys[line] ?? line + '\r');
		this.lastSettle = await this.machine.settle(this.id, boundMs);
		const text = this.out.slice(this.seen);
		this.seen = this.out.length;
		return fromBytes(text).replace(/\r/g, '');
	}

	/** How the last wait ended: 'idle' (the shell reads the terminal again) or 'bound'. */
	lastSettle: SettleResult = 'idle';

	/** The output of a command that must leave the machine as usable as before. */
	async typeOk(line: string): Promise<string> {
		const out = await this.type(line);
		if (this.lastSettle !== 'idle') throw new Error(`${line}: the machine did not settle`);
		return out;
	}

	get faults(): readonly string[] {
		return this.machine.faults;
	}

	dispose(): void {
		this.machine.dispose();
	}
}

/**
 * One session per test: the function returned opens it; after the test it is disposed, and the
 * machine must have recorded no fault.
 */
export function sessionPerTest(): () => Promise<Session> {
	let current: Session | null = null;
	afterEach(() => {
		if (!current) return;
		const faults = current.faults;
		current.dispose();
		current = null;
		expect(faults).toEqual([]);
	});
	return async () => (current = await Session.open());
}
