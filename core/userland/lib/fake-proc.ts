// Test support for the process tools (imported only by *.test.ts): writes /proc files in the
// 2.4 layouts, so the tools' parsing and formatting are tested on known text independently of
// the kernel's procfs. End-to-end tests against the kernel's /proc live beside them.
import { isErrno, type Sys } from '../../syscalls/index.ts';

export interface FakeProc {
	pid: number;
	comm: string;
	ppid?: number;
	state?: 'R' | 'S' | 'T' | 'Z' | 'D';
	uid?: number;
	gid?: number;
	/** Device number of the controlling tty (136 << 8 | n for pts/n), 0 for none. */
	tty?: number;
	args?: string[];
	/** CPU ticks (HZ = 100). */
	utime?: number;
	stime?: number;
	/** Start in ticks since boot. */
	start?: number;
	nice?: number;
	vsizeKb?: number;
	rssPages?: number;
	pgrp?: number;
	session?: number;
	tpgid?: number;
	ctx?: number;
}

export const PTS = (n: number): number => (136 << 8) | n;

const stateNames: Record<string, string> = {
	R: 'R (running)',
	S: 'S (sleeping)',
	T: 'T (stopped)',
	Z: 'Z (zombie)',
	D: 'D (disk sleep)'
};

/** The 2.4 stat line (fs/proc/array.c proc_pid_stat): 39 fields. */
export function statLine(p: FakeProc): string {
	const f = [
		p.pid,
		`(${p.comm})`,
		p.state ?? 'S',
		p.ppid ?? 0,
		p.pgrp ?? p.pid,
		p.session ?? p.pid,
		p.tty ?? 0,
		p.tpgid ?? -1,
		256,
		0,
		0,
		0,
		0,
		p.utime ?? 0,
		p.stime ?? 0,
		0,
		0,
		15 - (p.nice ?? 0),
		p.nice ?? 0,
		0,
		0,
		p.start ?? 0,
		(p.vsizeKb ?? 1000) * 1024,
		p.rssPages ?? 100,
		4294967295,
		134512640,
		134868000,
		3221224000,
		3221223000,
		1074000000,
		0,
		0,
		0,
		0,
		0,
		0,
		0,
		17,
		0
	];
	return f.join(' ') + '\n';
}

export function statusText(p: FakeProc): string {
	const uid = p.uid ?? 0;
	const gid = p.gid ?? uid;
	return (
		`Name:\t${p.comm}\nState:\t${stateNames[p.state ?? 'S']}\nTgid:\t${p.pid}\nPid:\t${p.pid}\nPPid:\t${p.ppid ?? 0}\n` +
		`TracerPid:\t0\nUid:\t${uid}\t${uid}\t${uid}\t${uid}\nGid:\t${gid}\t${gid}\t${gid}\t${gid}\n` +
		`s_context: ${p.ctx ?? 0}\nctxflags: 0\ninitpid: none\n`
	);
}

/** Writes a /proc tree of these processes with `write(path, data)` (e.g. Lab.write). */
export function fakeProc(
	write: (path: string, data: string) => void,
	procs: FakeProc[],
	sys: { uptime?: number; memTotalKb?: number; memFreeKb?: number } = {}
): void {
	for (const p of procs) {
		write(`/proc/${p.pid}/stat`, statLine(p));
		write(`/proc/${p.pid}/status`, statusText(p));
		write(
			`/proc/${p.pid}/cmdline`,
			p.state === 'Z' ? '' : (p.args ?? [p.comm]).map((a) => a + '\0').join('')
		);
	}
	write('/proc/uptime', `${(sys.uptime ?? 100).toFixed(2)} ${(sys.uptime ?? 100).toFixed(2)}\n`);
	const total = sys.memTotalKb ?? 65536;
	const free = sys.memFreeKb ?? 40000;
	write(
		'/proc/meminfo',
		'        total:    used:    free:  shared: buffers:  cached:\n' +
			`Mem:  ${total * 1024} ${(total - free) * 1024} ${free * 1024}        0  2048000  8192000\n` +
			'Swap: 133885952        0 133885952\n' +
			`MemTotal:        ${total} kB\nMemFree:         ${free} kB\nMemShared:           0 kB\n` +
			'Buffers:          2000 kB\nCached:           8000 kB\nSwapCached:          0 kB\n' +
			'SwapTotal:      130748 kB\nSwapFree:       130748 kB\n'
	);
	write(
		'/proc/loadavg',
		`0.08 0.03 0.01 1/${procs.length} ${Math.max(...procs.map((p) => p.pid))}\n`
	);
}

/** What fakeProcOn needs of a test machine (testing.ts's Lab). */
interface TestMachine {
	kernel: {
		registerProgram(name: string, program: never): void;
		installProgram(path: string, name: string): unknown;
	};
	run(argv: string[]): Promise<{ exitCode: number }>;
	write(path: string, data: string): void;
}

/**
 * Detaches the kernel's /proc (as root, with umount2 MNT_DETACH) and writes these processes in
 * its place, so a test controls every byte the tools read.
 */
export async function fakeProcOn(
	l: TestMachine,
	procs: FakeProc[],
	sys: Parameters<typeof fakeProc>[2] = {}
): Promise<void> {
	const hide = async (s: Sys): Promise<number> => {
		const r = await s.umount('/proc', 2);
		return isErrno(r) && r.name !== 'EINVAL' ? 1 : 0;
	};
	l.kernel.registerProgram('hide-proc', hide as never);
	l.kernel.installProgram('/usr/bin/hide-proc', 'hide-proc');
	const r = await l.run(['/usr/bin/hide-proc']);
	if (r.exitCode !== 0) throw new Error('cannot detach /proc');
	fakeProc((p, d) => l.write(p, d), procs, sys);
}
