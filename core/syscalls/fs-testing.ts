// Test harness for the filesystem: runs a test body as a program in its own process on a booted
// model machine (no shell involved), so kernel tests call the real Sys and see exact errnos.
import { BOOT_TIME } from '../model-machine.ts';
import { buildImage, defaultUsers } from '../image/index.ts';
import { Kernel, type Program as KernelProgram } from '../kernel/kernel.ts';
import type { Process } from '../kernel/process.ts';
import { rootCreds, userCreds } from '../kernel/process.ts';
import { attachSyscalls, isErrno, type Errno, type Sys } from './index.ts';

/** A machine as the filesystem tests need it: a kernel, and a way to let it go. */
export interface TestMachine {
	readonly kernel: Kernel;
	dispose(): void;
}

/**
 * A kernel booted with the image (its files, mounts and devices) but whose init runs nothing:
 * no services start, so the filesystem tests see only what they do, and boot is quick.
 */
export function bareMachine(): TestMachine {
	const k = new Kernel({
		hostname: 'main',
		domainname: 'example.org',
		seed: 1,
		bootTime: BOOT_TIME
	});
	attachSyscalls(k);
	buildImage(k, { hostname: 'main', domainname: 'example.org', users: defaultUsers });
	k.registerProgram('fsinit', (async (sys: Sys) => {
		for (;;) await sys.pause();
	}) as KernelProgram);
	k.installProgram('/sbin/fsinit', 'fsinit');
	k.spawnInit('/sbin/fsinit', ['init'], {});
	return { kernel: k, dispose: () => {} };
}

export interface AsOptions {
	/** Run as root (default) or as `user` (uid 500). */
	user?: 'root' | 'user';
	/** The machine to run on (a fresh bare machine when absent). */
	m?: TestMachine;
	/** Adjusts the process before it runs (a chroot, capabilities, a context). */
	setup?: (p: Process, k: Kernel) => void;
}

/**
 * Runs `body` as a program on `m` (or a fresh machine) and returns what it returned; an exception
 * in the body (a failed expect) is rethrown here, as are internal faults of the kernel.
 */
export async function asProgram<T>(
	body: (sys: Sys, p: Process) => Promise<T>,
	opts: AsOptions = {}
): Promise<T> {
	const m = opts.m ?? bareMachine();
	const k = m.kernel;
	// Numbered per machine, so a test sees the same name (and /proc text) whatever ran before.
	const name = `fstest${[...k.programs.keys()].filter((n) => n.startsWith('fstest')).length + 1}`;
	type Outcome = { ok: true; value: T } | { ok: false; error: unknown };
	const box: { result: Outcome | null } = { result: null };
	let proc: Process | null = null;
	k.registerProgram(name, (async (sys: Sys) => {
		try {
			box.result = { ok: true, value: await body(sys, proc!) };
		} catch (error) {
			box.result = { ok: false, error };
		}
		return 0;
	}) as KernelProgram);
	k.installProgram(`/sbin/${name}`, name);
	const init = k.procs.get(1)!;
	const spawned = k.spawn({
		parent: init,
		path: `/sbin/${name}`,
		argv: [name],
		env: { PATH: '/bin:/usr/bin:/sbin:/usr/sbin' },
		creds: opts.user === 'user' ? userCreds(500, 500) : rootCreds()
	});
	if (isErrno(spawned)) throw new Error(`cannot start the test program: ${spawned.name}`);
	proc = spawned;
	opts.setup?.(spawned, k);
	while (spawned.state !== 'Z') {
		if (await k.runSlice()) continue;
		const next = k.nextTimer();
		if (next === null) break;
		k.advanceClock(next);
	}
	if (!opts.m) m.dispose();
	if (k.faults.length > 0) throw new Error('internal fault:\n' + k.faults.join('\n'));
	const r = box.result;
	if (r === null) throw new Error('the test program never finished');
	if (!r.ok) throw r.error;
	return r.value;
}

/** An errno's name, or 'ok' for a success: what tests compare. */
export function outcome(r: unknown): string {
	return isErrno(r) ? r.name : 'ok';
}

/** The value of a successful call; throws the errno's name otherwise (for setup steps). */
export function must<T>(r: T | Errno): T {
	if (isErrno(r)) throw new Error(`unexpected ${r.name}`);
	return r;
}

/** Reads a whole file through the syscalls. */
export async function readAll(sys: Sys, path: string): Promise<string | Errno> {
	const fd = await sys.open(path);
	if (isErrno(fd)) return fd;
	let out = '';
	for (;;) {
		const chunk = await sys.read(fd, 65536);
		if (isErrno(chunk)) return chunk;
		if (chunk === '') break;
		out += chunk;
	}
	await sys.close(fd);
	return out;
}

/** Writes a whole file through the syscalls (created 0644, truncated). */
export async function writeAll(sys: Sys, path: string, data: string): Promise<number | Errno> {
	const fd = await sys.open(path, 0o1101 /* O_WRONLY | O_CREAT | O_TRUNC */, 0o644);
	if (isErrno(fd)) return fd;
	const n = await sys.write(fd, data);
	await sys.close(fd);
	return n;
}
