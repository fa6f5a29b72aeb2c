// telnet (netkit-telnet 0.17) client: connects, answers the server's option requests (server
// echo and suppress-go-ahead put the terminal in character mode), relays the terminal and the
// connection, and offers the `telnet>` prompt on ^].
import {
	ECHO,
	ICANON,
	ICRNL,
	ISIG,
	TCGETS,
	TCSETSF,
	isErrno,
	type Sys,
	type Termios
} from '../syscalls/index.ts';
import { resolveHost, tcpConnect } from './lib/net.ts';
import { servicePort } from './xinetd.ts';
import { DO, DONT, IAC, OPT_ECHO, OPT_SGA, SB, SE, WILL, WONT } from './telnetd.ts';

const ESCAPE = '\x1d';

export async function telnet(sys: Sys, argv: string[]): Promise<number> {
	const args = argv.slice(1).filter((a) => !a.startsWith('-'));
	if (args.length === 0) {
		// SIMPLIFIED: no interactive `telnet>` session without a host.
		await sys.write(
			2,
			'usage: telnet [-8] [-E] [-L] [-a] [-d] [-e char] [-l user] [-n tracefile] [ -b addr ]\n\t[-r] [host-name [port]]\n'
		);
		return 1;
	}
	const hostArg = args[0]!;
	const portArg = args[1] ?? '23';
	const port = /^\d+$/.test(portArg) ? Number(portArg) : await servicePort(sys, portArg);
	if (port === null) {
		await sys.write(2, `telnet: ${portArg}: bad port\n`);
		return 1;
	}
	const host = await resolveHost(sys, hostArg);
	if (!host) {
		await sys.write(2, `telnet: ${hostArg}: Unknown host\n`);
		return 1;
	}
	await sys.write(1, `Trying ${host.addr}...\n`);
	const sock = await tcpConnect(sys, host.addr, port);
	if (isErrno(sock)) {
		await sys.write(2, `telnet: connect to address ${host.addr}: ${sock.message}\n`);
		await sys.write(2, 'telnet: Unable to connect to remote host: ' + sock.message + '\n');
		return 1;
	}
	await sys.write(1, `Connected to ${host.name}.\nEscape character is '^]'.\n`);
	const saved = await sys.ioctl(0, TCGETS);
	const tty = isErrno(saved) ? null : (saved as Termios);
	let charMode = false;
	const setMode = async (on: boolean) => {
		if (!tty || on === charMode) return;
		charMode = on;
		if (on) {
			await sys.ioctl(0, TCSETSF, {
				...tty,
				lflag: tty.lflag & ~(ICANON | ECHO | ISIG),
				iflag: tty.iflag & ~ICRNL,
				cc: [...tty.cc]
			});
		} else await sys.ioctl(0, TCSETSF, tty);
	};
	const answered = new Set<string>();
	let rest = '';
	/** Takes the telnet commands out of what the server sent and answers them once each. */
	const fromServer = async (data: string): Promise<string> => {
		const s = rest + data;
		rest = '';
		let out = '';
		let reply = '';
		for (let i = 0; i < s.length; i++) {
			if (s[i] !== IAC) {
				out += s[i];
				continue;
			}
			const cmd = s[i + 1];
			if (cmd === undefined || (cmd >= WILL && cmd <= DONT && i + 2 >= s.length)) {
				rest = s.slice(i);
				break;
			}
			if (cmd === IAC) {
				out += IAC;
				i++;
			} else if (cmd === SB) {
				const end = s.indexOf(IAC + SE, i);
				if (end < 0) {
					rest = s.slice(i);
					break;
				}
				i = end + 1;
			} else if (cmd >= WILL && cmd <= DONT) {
				const opt = s[i + 2]!;
				i += 2;
				const key = cmd + opt;
				if (answered.has(key)) continue;
				answered.add(key);
				const known = opt === OPT_ECHO || opt === OPT_SGA;
				if (cmd === WILL) reply += IAC + (known ? DO : DONT) + opt;
				else if (cmd === DO) reply += IAC + (opt === OPT_SGA ? WILL : WONT) + opt;
				if (cmd === WILL && opt === OPT_ECHO) await setMode(true);
				if (cmd === WONT && opt === OPT_ECHO) await setMode(false);
			} else i++;
		}
		if (reply) await sys.write(sock, reply);
		return out;
	};
	let stdinOpen = true;
	for (;;) {
		const fds = stdinOpen
			? [
					{ fd: sock, read: true },
					{ fd: 0, read: true }
				]
			: [{ fd: sock, read: true }];
		const ready = await sys.poll(fds);
		if (isErrno(ready)) continue;
		let closed = false;
		for (const r of ready) {
			const d = await sys.read(r.fd, 4096);
			if (r.fd === sock) {
				if (isErrno(d) || d === '') {
					closed = true;
					break;
				}
				const text = await fromServer(d);
				if (text) await sys.write(1, text);
				continue;
			}
			if (isErrno(d) || d === '') {
				stdinOpen = false;
				continue;
			}
			if (d.includes(ESCAPE)) {
				const before = d.slice(0, d.indexOf(ESCAPE));
				if (before) await sys.write(sock, before.replace(/\r/g, '\r\0'));
				const wasChar = charMode;
				await setMode(false);
				await sys.write(1, '\ntelnet> ');
				const cmd = await sys.read(0, 256);
				const word = isErrno(cmd) ? 'quit' : cmd.trim();
				if (word === 'quit' || word === 'q' || word === 'close' || word === 'c') {
					await sys.write(1, 'Connection closed.\n');
					await sys.close(sock);
					return 0;
				}
				if (word !== '') await sys.write(1, `?Invalid command\n`);
				await setMode(wasChar);
				continue;
			}
			// NVT: a bare CR goes out as CR NUL; a line-mode newline as CR LF.
			await sys.write(sock, charMode ? d.replace(/\r/g, '\r\0') : d.replace(/\n/g, '\r\n'));
		}
		if (closed) {
			break;
		}
	}
	await setMode(false);
	await sys.close(sock);
	await sys.write(1, 'Connection closed by foreign host.\n');
	// netkit exits 1 when the other side ends the session.
	return 1;
}
