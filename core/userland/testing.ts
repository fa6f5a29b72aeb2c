// Test support for the userland (imported only by *.test.ts): a booted machine on which a test
// runs programs directly by argv, with chosen standard input and, if asked, a terminal on stdout.
// It drives the kernel itself so the tests need neither the shell's quoting nor its redirections.
import { ModelMachine } from '../model-machine.ts';
import type { Kernel } from '../kernel/kernel.ts';
import { O_RDONLY, O_WRONLY } from '../kernel/file.ts';
import { rootCreds, userCreds } from '../kernel/process.ts';
import { isErrno } from '../kernel/errno.ts';
import { fromBytes } from '../syscalls/index.ts';
import type { BootOptions, ExecResult } from '../machine.ts';
import type { Tty } from '../kernel/tty.ts';

export interface RunOptions {
	/** Bytes on standard input (else an empty input, as /dev/null). */
	stdin?: string;
	user?: 'root' | 'user';
	/** Put a terminal of this size on standard output (and on stderr or stdin too, if asked). */
	tty?: { cols: number; rows?: number; stderr?: boolean; stdin?: boolean };
	env?: Record<string, string>;
	/** Working directory (default: the user's home). */
	cwd?: string;
	/** Virtual time the command may take, in ms (default 60 s). */
	limitMs?: number;
	/** Things to do to the machine at given virtual times (ms after the start), e.g. grow a file. */
	at?: { ms: number; run: () => void }[];
}

const PATH = '/usr/sbin:/sbin:/usr/bin:/bin';

export class Lab {
	readonly machine: ModelMachine;
	/** The terminal of the last run with `tty`, so timed actions can type on it. */
	tty: Tty | null = null;

	constructor(machine: ModelMachine) {
		this.machine = machine;
	}

	get kernel(): Kernel {
		return this.machine.kernel;
	}

	/** Creates a file as root (mode and owner optional). */
	write(path: string, data: string, mode = 0o644, uid = 0, gid = 0): void {
		this.kernel.writeFile(path, data, mode, uid, gid);
	}

	mkdir(path: string, mode = 0o755, uid = 0, gid = 0): void {
		this.kernel.mkdirp(path, mode, uid, gid);
	}

	read(path: string): string | null {
		const i = this.kernel.lookup(path);
		return i ? i.data : null;
	}

	/** Runs `argv` (argv[0] looked up in PATH unless it has a slash), or `sh -c` for a string. */
	async run(command: string[] | string, opts: RunOptions = {}): Promise<ExecResult> {
		const argv = typeof command === 'string' ? ['sh', '-c', command] : command;
		const k = this.kernel;
		const path = argv[0]!.includes('/') ? argv[0]! : resolveInPath(k, argv[0]!);
		if (!path) throw new Error(`no program ${argv[0]} in ${PATH}`);
		const root = (opts.user ?? 'root') === 'root';
		const home = root ? '/root' : '/home/user';
		const out = { stdout: '', stderr: '' };
		const capture = (key: 'stdout' | 'stderr') =>
			k.newFile({ write: (_f, d) => ((out[key] += d), d.length) }, O_WRONLY, `pipe:[${key}]`);
		const input = opts.stdin ?? '';
		let stdinFile = k.newFile(
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
		let stdout = capture('stdout');
		let stderr = capture('stderr');
		if (opts.tty) {
			const tty = k.openPty((d) => (out.stdout += d));
			tty.resize(opts.tty.cols, opts.tty.rows ?? 24);
			stdout = k.ttyFile(tty);
			if (opts.tty.stderr) stderr = stdout;
			if (opts.tty.stdin) stdinFile = stdout;
			this.tty = tty;
		}
		const p = k.spawn({
			parent: k.procs.get(1)!,
			path,
			argv,
			env: {
				PATH,
				HOME: home,
				USER: root ? 'root' : 'user',
				LOGNAME: root ? 'root' : 'user',
				...opts.env
			},
			creds: root ? rootCreds() : userCreds(500, 500),
			files: [stdinFile, stdout, stderr],
			cwd: k.lookup(opts.cwd ?? home) ?? k.root
		});
		if (isErrno(p)) throw new Error(`cannot run ${path}: ${p.name}`);
		const start = k.clock;
		const deadline = start + (opts.limitMs ?? 60_000) * 1000;
		const actions = [...(opts.at ?? [])].sort((a, b) => a.ms - b.ms);
		while (p.state !== 'Z' && k.clock < deadline) {
			while (actions.length > 0 && k.clock >= start + actions[0]!.ms * 1000) actions.shift()!.run();
			if (await k.runSlice()) continue;
			const next = k.nextTimer();
			let to = next !== null ? Math.min(next, deadline) : deadline;
			if (actions.length > 0) to = Math.min(to, start + actions[0]!.ms * 1000);
			if (to <= k.clock) break;
			k.advanceClock(to);
		}
		if (k.faults.length > 0) throw new Error('internal fault:\n' + k.faults.join('\n'));
		if (p.state !== 'Z') {
			k.postSignal(p, 9);
			while (await k.runSlice());
			return {
				stdout: fromBytes(out.stdout),
				stderr: fromBytes(out.stderr) + 'TIMEOUT\n',
				exitCode: 124
			};
		}
		const s = p.exitStatus;
		const exitCode = (s & 0x7f) === 0 ? (s >> 8) & 0xff : 128 + (s & 0x7f);
		return { stdout: fromBytes(out.stdout), stderr: fromBytes(out.stderr), exitCode };
	}

	dispose(): void {
		this.machine.dispose();
	}
}

function resolveInPath(k: Kernel, name: string): string | null {
	for (const dir of PATH.split(':')) if (k.lookup(`${dir}/${name}`)) return `${dir}/${name}`;
	return null;
}

/** Boots a machine for a test; call `dispose()` when done. */
export async function lab(boot: BootOptions = {}): Promise<Lab> {
	return new Lab(await ModelMachine.create(boot));
}

/** Boots, runs one command, disposes. `files` are created first (path → contents). */
export async function run1(
	command: string[] | string,
	opts: RunOptions & { files?: Record<string, string> } = {}
): Promise<ExecResult> {
	const l = await lab();
	try {
		for (const [path, data] of Object.entries(opts.files ?? {})) l.write(path, data);
		return await l.run(command, opts);
	} finally {
		l.dispose();
	}
}

/** The expected result with defaults, for `toEqual`. */
export function ok(stdout: string, stderr = '', exitCode = 0): ExecResult {
	return { stdout, stderr, exitCode };
}
