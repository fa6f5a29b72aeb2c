// Helpers for unit tests: run a command on a freshly booted model machine and get its result.
import type { BootOptions, ExecResult } from './machine.ts';
import { ModelMachine } from './model-machine.ts';
import type { Program } from './syscalls/index.ts';
import type { Program as KernelProgram } from './kernel/kernel.ts';

/**
 * Boots a machine and runs `command` with `sh -c` as `user` (root by default), the way
 * `Machine.exec` does. Internal faults (a program or kernel handler that threw) fail the test.
 */
export async function run(
	command: string,
	opts: { user?: string; ctx?: number; boot?: BootOptions } = {}
): Promise<ExecResult> {
	const m = await ModelMachine.create(opts.boot ?? {});
	try {
		const r = await m.run({ command, user: opts.user, ctx: opts.ctx });
		if (m.faults.length > 0) throw new Error('internal fault:\n' + m.faults.join('\n'));
		return r;
	} finally {
		m.dispose();
	}
}

/** Boots a machine for a test that drives it step by step; call `dispose()` at the end. */
export function boot(opts: BootOptions = {}): Promise<ModelMachine> {
	return ModelMachine.create(opts);
}

/**
 * Boots a machine (at run level 1 unless `opts` says otherwise) with extra test programs
 * installed as /usr/bin/<name>, so kernel tests can exercise syscalls directly without
 * depending on the shell, the userland or the boot services.
 */
export async function bootWith(
	programs: Record<string, Program>,
	opts: BootOptions = {}
): Promise<ModelMachine> {
	// Run level 1 starts no service, so a kernel test sees only the processes and ports it makes.
	const m = await ModelMachine.create({ runlevel: '1', ...opts });
	for (const [name, run] of Object.entries(programs)) {
		m.kernel.registerProgram(name, run as KernelProgram);
		m.kernel.installProgram(`/usr/bin/${name}`, name);
	}
	return m;
}

/** Runs one test program on a fresh machine and returns its result. */
export async function runProgram(
	main: Program,
	opts: { user?: string; args?: string[] } = {}
): Promise<ExecResult> {
	const m = await bootWith({ testprog: main });
	try {
		const r = await m.run({
			command: ['/usr/bin/testprog', ...(opts.args ?? [])].join(' '),
			user: opts.user
		});
		if (m.faults.length > 0) throw new Error('internal fault:\n' + m.faults.join('\n'));
		return r;
	} finally {
		m.dispose();
	}
}
