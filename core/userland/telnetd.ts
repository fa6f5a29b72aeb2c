// in.telnetd (netkit-telnet 0.17), run by xinetd with the connection on 0, 1 and 2: negotiates
// server echo, prints /etc/issue.net, and relays between the connection and /bin/login on a new
// pty. The relay loop is shared with sshd, which speaks no telnet.
import { SIGCHLD, WNOHANG, isErrno, type Sys } from '../syscalls/index.ts';
import { readFile } from './lib/daemon.ts';
import { hostName, spawnOnPty } from './lib/net.ts';

// RFC 854 command bytes and the options we negotiate.
export const IAC = '\xff',
	DONT = '\xfe',
	DO = '\xfd',
	WONT = '\xfc',
	WILL = '\xfb',
	SB = '\xfa',
	SE = '\xf0',
	OPT_ECHO = '\x01',
	OPT_SGA = '\x03';

/** Removes telnet commands from what the client sent; CR NUL and CR LF become CR, as a key. */
export function telnetIn(state: { rest: string }, data: string): string {
	const s = state.rest + data;
	state.rest = '';
	let out = '';
	for (let i = 0; i < s.length; i++) {
		const c = s[i]!;
		if (c === IAC) {
			const cmd = s[i + 1];
			if (cmd === undefined) {
				state.rest = s.slice(i);
				break;
			}
			if (cmd === IAC) {
				out += IAC;
				i++;
			} else if (cmd === SB) {
				const end = s.indexOf(IAC + SE, i);
				if (end === -1) {
					state.rest = s.slice(i);
					break;
				}
				i = end + 1;
			} else if (cmd >= WILL && cmd <= DONT) {
				if (i + 2 >= s.length) {
					state.rest = s.slice(i);
					break;
				}
				i += 2;
			} else i++;
			continue;
		}
		if (c === '\r' && (s[i + 1] === '\0' || s[i + 1] === '\n')) i++;
		out += c;
	}
	return out;
}

/**
 * Relays until the program on the pty ends or the peer hangs up: bytes from `sock` go through
 * `filter` into the master, the master's output goes to the socket (with 0xff doubled when
 * `escapeIac`). On exit the master is closed, which hangs up whatever still uses the slave.
 */
export async function relayPty(
	sys: Sys,
	sock: number,
	master: number,
	child: number,
	filter: (d: string) => string,
	escapeIac: boolean
): Promise<number> {
	let childDone = false;
	await sys.signal(SIGCHLD, () => {});
	for (;;) {
		const w = await sys.waitpid(child, WNOHANG);
		if (!isErrno(w) && w.pid === child) childDone = true;
		if (isErrno(w) && w.name === 'ECHILD') childDone = true;
		if (childDone) {
			// What the program wrote last (a `logout`) still goes out before the hang-up.
			const r = await sys.poll([{ fd: master, read: true }], 0);
			if (!isErrno(r) && r.length > 0) {
				const d = await sys.read(master, 4096);
				if (!isErrno(d) && d !== '') {
					await sys.write(sock, escapeIac ? d.replace(/\xff/g, '\xff\xff') : d);
				}
			}
			break;
		}
		const ready = await sys.poll([
			{ fd: sock, read: true },
			{ fd: master, read: true }
		]);
		if (isErrno(ready)) continue;
		let hup = false;
		for (const r of ready) {
			const d = await sys.read(r.fd, 4096);
			if (isErrno(d) || d === '') {
				if (r.fd === sock) hup = true;
				continue;
			}
			if (r.fd === sock) {
				const text = filter(d);
				if (text !== '') await sys.write(master, text);
			} else await sys.write(sock, escapeIac ? d.replace(/\xff/g, '\xff\xff') : d);
		}
		if (hup) break;
	}
	await sys.close(master);
	await sys.close(sock);
	return 0;
}

/** /etc/issue.net with netkit's escapes: %h host, %m machine, %r release, %s system, %t tty. */
export async function issueNet(sys: Sys, pts: string): Promise<string> {
	const text = (await readFile(sys, '/etc/issue.net')) ?? '';
	const u = await sys.uname();
	const map: Record<string, string> = {
		h: `${u.nodename}`,
		m: u.machine,
		r: u.release,
		s: u.sysname,
		v: u.version,
		t: pts.replace('/dev/', ''),
		d: '',
		'%': '%'
	};
	return text.replace(/%(.)/g, (all, c: string) => map[c] ?? all);
}

export async function telnetd(
	sys: Sys,
	_argv: string[],
	env: Record<string, string>
): Promise<number> {
	const peer = await sys.getpeername(0);
	const host = !isErrno(peer) && 'addr' in peer ? await hostName(sys, peer.addr) : 'unknown';
	// The connection stays on 0 only, so closing it at the end really ends it.
	const sock = 0;
	await sys.close(1);
	await sys.close(2);
	await sys.write(sock, IAC + WILL + OPT_ECHO + IAC + WILL + OPT_SGA + IAC + DO + OPT_SGA);
	const termEnv = { TERM: env.TERM ?? 'vt100' };
	const s = await spawnOnPty(sys, '/bin/login', ['login', '-h', host, '-p'], termEnv);
	if (isErrno(s)) {
		await sys.write(sock, `telnetd: all network ports in use.\r\n`);
		return 1;
	}
	const issue = await issueNet(sys, s.pts);
	await sys.write(sock, '\r\n' + issue.replace(/\n/g, '\r\n'));
	const state = { rest: '' };
	return relayPty(sys, sock, s.master, s.pid, (d) => telnetIn(state, d), true);
}
