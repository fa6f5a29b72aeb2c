// Runs one program of the image by argv on a booted model machine, for the fuzz suite: chosen
// bytes on standard input, output captured up to a cap (yes and cat /dev/zero never end), a bound
// on virtual time, and the kernel's fault list checked after each run.
import { ModelMachine } from '../../core/model-machine.ts';
import type { Kernel } from '../../core/kernel/kernel.ts';
import { O_RDONLY, O_WRONLY } from '../../core/kernel/file.ts';
import { rootCreds, userCreds } from '../../core/kernel/process.ts';
import { isErrno } from '../../core/kernel/errno.ts';

/** Output kept per stream; a program may write more, which is counted and dropped. */
const OUTPUT_CAP = 16 * 1024;

export interface FuzzResult {
	stdout: string;
	stderr: string;
	/** Exit status, 128+N for a signal, or null when the time bound ended the run. */
	exitCode: number | null;
	/** Faults the kernel recorded during this run (a program or handler that threw). */
	faults: string[];
}

export class Harness {
	readonly machine: ModelMachine;

	private constructor(machine: ModelMachine) {
		this.machine = machine;
	}

	static async boot(): Promise<Harness> {
		// Run level 1: no services whose logs and timers would cost every run time.
		// The later kernel, so its tools (setctxlimit, vdlimit) are installed and fuzzed too.
		return new Harness(await ModelMachine.create({ runlevel: '1', kernel: 'later' }));
	}

	get kernel(): Kernel {
		return this.machine.kernel;
	}

	async run(
		path: string,
		argv: string[],
		opts: { stdin?: string; user?: 'root' | 'user'; limitMs?: number; cwd?: string } = {}
	): Promise<FuzzResult> {
		const k = this.kernel;
		const before = k.faults.length;
		const root = opts.user === 'root';
		const out = { stdout: '', stderr: '' };
		const capture = (key: 'stdout' | 'stderr') =>
			k.newFile(
				{
					write: (_f, d) => {
						if (out[key].length < OUTPUT_CAP) out[key] += d.slice(0, OUTPUT_CAP - out[key].length);
						return d.length;
					}
				},
				O_WRONLY,
				`pipe:[${key}]`
			);
		const input = opts.stdin ?? '';
		const stdin = k.newFile(
			{
				read: (f, n) => {
					const chunk = input.slice(f.pos, f.pos + n);
					f.pos += chunk.length;
					return chunk;
				}
			},
			O_RDONLY,
			'pipe:[stdin]'
		);
		const home = root ? '/root' : '/home/user';
		const p = k.spawn({
			parent: k.procs.get(1)!,
			path,
			argv,
			env: {
				PATH: '/usr/sbin:/sbin:/usr/bin:/bin',
				HOME: home,
				USER: root ? 'root' : 'user',
				LOGNAME: root ? 'root' : 'user',
				TERM: 'xterm'
			},
			creds: root ? rootCreds() : userCreds(500, 500),
			files: [stdin, capture('stdout'), capture('stderr')],
			cwd: k.lookup(opts.cwd ?? home) ?? k.root
		});
		if (isErrno(p)) throw new Error(`cannot run ${path}: ${p.name}`);
		const deadline = k.clock + (opts.limitMs ?? 3000) * 1000;
		while (p.state !== 'Z' && k.clock < deadline) {
			if (await k.runSlice()) continue;
			const next = k.nextTimer();
			const to = next !== null ? Math.min(next, deadline) : deadline;
			if (to <= k.clock) break;
			k.advanceClock(to);
		}
		let exitCode: number | null = null;
		if (p.state === 'Z') {
			const s = p.exitStatus;
			exitCode = (s & 0x7f) === 0 ? (s >> 8) & 0xff : 128 + (s & 0x7f);
		}
		// Whatever is left of this run (the program, its children, daemons it started) goes, so
		// the next run starts on a quiet machine.
		for (const q of [...k.procs.values()]) {
			if (q.pid !== 1 && q.state !== 'Z') k.postSignal(q, 9);
		}
		for (let i = 0; i < 10_000 && (await k.runSlice()); i++);
		return { ...out, exitCode, faults: k.faults.slice(before) };
	}

	dispose(): void {
		this.machine.dispose();
	}
}
