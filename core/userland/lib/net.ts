// Client-side networking the base tools share: gethostbyname(3) over /etc/hosts, connecting a
// TCP socket, and running a program on a fresh pty (the server half of telnetd, sshd and xterm).
import {
	AF_INET,
	O_RDWR,
	SOCK_STREAM,
	isErrno,
	type Errno,
	type Sys
} from '../../syscalls/index.ts';
import { readFile } from './daemon.ts';

/** ioctl numbers of the pty master (kernel/pty.ts): TIOCGPTN and the display request. */
export const TIOCGPTN = 0x80045430,
	VSLAB_DISPLAY = 0x5601;

const DOTTED = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

export interface HostEntry {
	/** The official name (first name on the /etc/hosts line), or the address as given. */
	name: string;
	addr: string;
}

/**
 * gethostbyname(3) with `hosts: files` in nsswitch.conf: a dotted quad stands for itself,
 * otherwise the first /etc/hosts line naming the host. SIMPLIFIED: there is no DNS.
 */
export async function resolveHost(sys: Sys, host: string): Promise<HostEntry | null> {
	if (DOTTED.test(host)) {
		return host.split('.').every((n) => Number(n) <= 255) ? { name: host, addr: host } : null;
	}
	const hosts = (await readFile(sys, '/etc/hosts')) ?? '';
	for (const raw of hosts.split('\n')) {
		const f = raw.replace(/#.*/, '').trim().split(/\s+/);
		if (f.length < 2) continue;
		if (f.slice(1).some((n) => n.toLowerCase() === host.toLowerCase())) {
			return { name: f[1]!, addr: f[0]! };
		}
	}
	return null;
}

/** gethostbyaddr(3) over /etc/hosts: the first name of the address, or the address itself. */
export async function hostName(sys: Sys, addr: string): Promise<string> {
	const hosts = (await readFile(sys, '/etc/hosts')) ?? '';
	for (const raw of hosts.split('\n')) {
		const f = raw.replace(/#.*/, '').trim().split(/\s+/);
		if (f.length >= 2 && f[0] === addr) return f[1]!;
	}
	return addr;
}

/** A connected TCP socket to addr:port (bound first to `source` when given), or the errno. */
export async function tcpConnect(
	sys: Sys,
	addr: string,
	port: number,
	source: string | null = null
): Promise<number | Errno> {
	const fd = await sys.socket(AF_INET, SOCK_STREAM);
	if (isErrno(fd)) return fd;
	if (source !== null) {
		const b = await sys.bind(fd, { addr: source, port: 0 });
		if (isErrno(b)) {
			await sys.close(fd);
			return b;
		}
	}
	const c = await sys.connect(fd, { addr, port });
	if (isErrno(c)) {
		await sys.close(fd);
		return c;
	}
	return fd;
}

/** A listening TCP socket on addr:port, with SO_REUSEADDR as daemons set it. */
export async function tcpListen(sys: Sys, addr: string, port: number): Promise<number | Errno> {
	const fd = await sys.socket(AF_INET, SOCK_STREAM);
	if (isErrno(fd)) return fd;
	await sys.setsockopt(fd, 1, 2, 1);
	const b = await sys.bind(fd, { addr, port });
	if (isErrno(b)) {
		await sys.close(fd);
		return b;
	}
	const l = await sys.listen(fd, 5);
	if (isErrno(l)) {
		await sys.close(fd);
		return l;
	}
	return fd;
}

/**
 * Opens /dev/ptmx and forks a child that becomes a session leader, takes the slave as its
 * controlling terminal on 0, 1 and 2, and execs `path`. The child closes the master and the
 * caller's descriptors listed in `close` (the rest are close-on-exec in spirit: none are left).
 */
export async function spawnOnPty(
	sys: Sys,
	path: string,
	argv: string[],
	env: Record<string, string>,
	close: number[] = []
): Promise<{ master: number; pid: number; pts: string } | Errno> {
	const master = await sys.open('/dev/ptmx', O_RDWR);
	if (isErrno(master)) return master;
	const n = await sys.ioctl(master, TIOCGPTN);
	if (isErrno(n)) return n;
	const pts = `/dev/pts/${String(n)}`;
	const pid = await sys.fork(async (c) => {
		await c.setsid();
		const slave = await c.open(pts, O_RDWR);
		if (isErrno(slave)) return 1;
		for (const fd of [0, 1, 2]) await c.dup2(slave, fd);
		if (slave > 2) await c.close(slave);
		for (const fd of [master, ...close]) if (fd > 2) await c.close(fd);
		const e = await c.execve(path, argv, env);
		await c.write(2, `${argv[0]}: ${path}: ${e.message}\r\n`);
		return 127;
	});
	if (isErrno(pid)) {
		await sys.close(master);
		return pid;
	}
	return { master, pid, pts };
}
