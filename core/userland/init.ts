// /sbin/init (SysV init 2.84): reads /etc/inittab, runs sysinit, then the entries of the default
// run level (`l3:3:wait:/etc/rc.d/rc 3`), keeps `respawn` entries alive, reaps every orphan, and
// changes level on requests from telinit over the /dev/initctl FIFO. Run by anyone but pid 1
// (or a context's fake init) it is telinit. Also telinit and runlevel themselves.
import {
	O_RDWR,
	O_WRONLY,
	O_NONBLOCK,
	S_IFIFO,
	SIGCHLD,
	SIGTERM,
	WNOHANG,
	isErrno,
	type Sys
} from '../syscalls/index.ts';
import { readFile, utmpLine, utmpRunlevel, writeFile } from './lib/daemon.ts';

export interface InittabEntry {
	id: string;
	levels: string;
	action: string;
	process: string;
}

export function parseInittab(text: string): InittabEntry[] {
	const out: InittabEntry[] = [];
	for (const raw of text.split('\n')) {
		if (raw.trim() === '' || raw.trimStart().startsWith('#')) continue;
		const f = raw.split(':');
		if (f.length < 4) continue;
		out.push({ id: f[0]!, levels: f[1]!, action: f[2]!, process: f.slice(3).join(':').trim() });
	}
	return out;
}

const INITCTL = '/dev/initctl';
const LEVELS = '0123456Ss';
const USAGE = 'Usage: init 0123456SsQqAaBbCcUu\n';

/** What init and its children write to: the console, or /dev/null inside a vserver without one. */
async function openConsole(sys: Sys): Promise<number> {
	const c = await sys.open('/dev/console', O_RDWR);
	if (!isErrno(c)) return c;
	const n = await sys.open('/dev/null', O_RDWR);
	return isErrno(n) ? -1 : n;
}

/** Starts one inittab process in a new session, on the console; returns its pid. */
async function spawn(
	sys: Sys,
	console: number,
	e: InittabEntry,
	fifo: number
): Promise<number | null> {
	const pid = await sys.fork(async (c) => {
		await c.setsid();
		if (console >= 0) for (const n of [0, 1, 2]) await c.dup2(console, n);
		if (console > 2) await c.close(console);
		if (fifo > 2) await c.close(fifo);
		const env = {
			PATH: '/sbin:/usr/sbin:/bin:/usr/bin',
			INIT_VERSION: 'sysvinit-2.84',
			CONSOLE: '/dev/console',
			RUNLEVEL: '',
			PREVLEVEL: ''
		};
		// init(8): a command with shell metacharacters is run by `sh -c "exec ..."`.
		const argv = /[~`!$^&*()=|\\{}[\];"'<>?]/.test(e.process)
			? ['/bin/sh', '-c', `exec ${e.process}`]
			: e.process.split(/\s+/);
		const r = await c.execve(argv[0]!, argv, env);
		await c.write(2, `INIT: cannot execute "${argv[0]}": ${r.message}\n`);
		return 127;
	});
	return isErrno(pid) ? null : pid;
}

export async function init(sys: Sys, argv: string[], env: Record<string, string>): Promise<number> {
	if ((await sys.getpid()) !== 1) return telinit(sys, argv, env);
	let childExited = false;
	await sys.signal(SIGCHLD, () => (childExited = true));
	const console = await openConsole(sys);
	const say = (text: string) => (console >= 0 ? sys.write(console, text) : Promise.resolve(0));
	await say('INIT: version 2.84 booting\r\n');
	let tab = parseInittab((await readFile(sys, '/etc/inittab')) ?? '');
	// A level on the command line (the kernel's `init 1`) wins over initdefault.
	const asked = argv.slice(1).find((a) => a.length === 1 && LEVELS.includes(a));
	let level = asked ?? tab.find((e) => e.action === 'initdefault')?.levels[0] ?? '3';
	let prev = 'N';

	// The control channel telinit writes to; init keeps it open for reading and writing, so a
	// read waits for a request instead of seeing end of file.
	if (isErrno(await sys.stat(INITCTL))) await sys.mknod(INITCTL, S_IFIFO | 0o600);
	const fifo = await sys.open(INITCTL, O_RDWR);

	const respawn = new Map<number, InittabEntry>();
	/** Reaps whatever has exited; returns the pids. Respawn entries of this level come back. */
	const reap = async (): Promise<number[]> => {
		const done: number[] = [];
		for (;;) {
			const w = await sys.waitpid(-1, WNOHANG);
			// A SIGCHLD arriving now interrupts the call itself: ask again.
			if (isErrno(w) && w.name === 'EINTR') continue;
			if (isErrno(w) || w.pid === 0) break;
			done.push(w.pid);
			const e = respawn.get(w.pid);
			if (e) {
				respawn.delete(w.pid);
				if (e.levels.includes(level)) {
					const pid = await spawn(sys, console, e, isErrno(fifo) ? -1 : fifo);
					if (pid !== null) respawn.set(pid, e);
				}
			}
		}
		return done;
	};
	/** Runs an entry and waits for it, reaping others meanwhile. */
	const runWait = async (e: InittabEntry): Promise<void> => {
		const pid = await spawn(sys, console, e, isErrno(fifo) ? -1 : fifo);
		if (pid === null) return;
		for (;;) {
			if ((await reap()).includes(pid)) return;
			// Only SIGCHLD ends this pause; the handler makes it return EINTR.
			if (!childExited) await sys.pause();
			childExited = false;
		}
	};
	const enter = async (next: string): Promise<void> => {
		if (prev !== 'N' || level !== next) await say(`INIT: Switching to runlevel: ${next}\r\n`);
		prev = level === next && prev === 'N' ? 'N' : level;
		level = next;
		// Leaving a level: what respawned there and has no place in the new one is stopped.
		for (const [pid, e] of respawn) if (!e.levels.includes(level)) await sys.kill(pid, SIGTERM);
		await writeFile(sys, '/var/run/utmp', utmpLine(prev, level), 0o664);
		for (const e of tab) {
			if (!e.levels.includes(level) || e.process === '') continue;
			if (e.action === 'wait') await runWait(e);
			else if (
				e.action === 'once' ||
				(e.action === 'respawn' && ![...respawn.values()].includes(e))
			) {
				const pid = await spawn(sys, console, e, isErrno(fifo) ? -1 : fifo);
				if (pid !== null && e.action === 'respawn') respawn.set(pid, e);
			}
		}
	};

	for (const e of tab) if (e.action === 'sysinit' || e.action === 'bootwait') await runWait(e);
	await say(`INIT: Entering runlevel: ${level}\r\n`);
	await enter(level);

	for (;;) {
		await reap();
		childExited = false;
		if (isErrno(fifo)) {
			await sys.pause();
			continue;
		}
		const r = await sys.read(fifo, 512);
		if (isErrno(r) || r === '') continue;
		for (const line of r.split('\n')) {
			const m = /^runlevel (\S)$/.exec(line.trim());
			if (!m) continue;
			const want = m[1]!;
			if (want === 'q' || want === 'Q') {
				tab = parseInittab((await readFile(sys, '/etc/inittab')) ?? '');
				await say('INIT: Re-reading inittab\r\n');
			} else if (LEVELS.includes(want)) {
				// SIMPLIFIED: levels 0 and 6 stop the services (rc 0 / rc 6) but the model never powers off.
				await enter(want === 's' || want === 'S' ? '1' : want);
			}
		}
	}
}

/** telinit (and `init N` run by a user): sends the request down /dev/initctl. */
export async function telinit(
	sys: Sys,
	argv: string[],
	_env: Record<string, string> = {}
): Promise<number> {
	const want = argv[1];
	const prog = (argv[0] ?? 'telinit').replace(/.*\//, '');
	if (argv.length !== 2 || !want || want.length !== 1 || !'0123456SsQqAaBbCcUu'.includes(want)) {
		await sys.write(2, USAGE);
		return 1;
	}
	if ((await sys.geteuid()) !== 0) {
		await sys.write(2, `${prog}: must be superuser.\n`);
		return 1;
	}
	const fd = await sys.open(INITCTL, O_WRONLY | O_NONBLOCK);
	if (isErrno(fd)) {
		await sys.write(2, `${prog}: timeout opening/writing control channel ${INITCTL}\n`);
		return 1;
	}
	await sys.write(fd, `runlevel ${want}\n`);
	await sys.close(fd);
	return 0;
}

/** runlevel: the previous and current level from utmp's run-level record. */
export async function runlevel(sys: Sys, argv: string[]): Promise<number> {
	const r = utmpRunlevel(await readFile(sys, argv[1] ?? '/var/run/utmp'));
	if (!r) {
		await sys.write(1, 'unknown\n');
		return 1;
	}
	await sys.write(1, `${r.prev} ${r.cur}\n`);
	return 0;
}
