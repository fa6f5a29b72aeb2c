// sshd (OpenSSH 3.1p1's banner) as a password login service on port 22: each connection gets
// the version line, then /bin/login on a new pty, relayed as telnetd does.
// SIMPLIFIED: no key exchange or encryption; the lab shows the service, not the cryptography.
import { SIGCHLD, SIGTERM, WNOHANG, isErrno, type Sys } from '../syscalls/index.ts';
import { LOG_AUTHPRIV, LOG_INFO, daemonize, syslog } from './lib/daemon.ts';
import { hostName, spawnOnPty, tcpListen } from './lib/net.ts';
import { relayPty } from './telnetd.ts';

export const SSH_BANNER = 'SSH-1.99-OpenSSH_3.1p1';

export async function sshd(sys: Sys): Promise<number> {
	const lfd = await tcpListen(sys, '0.0.0.0', 22);
	if (isErrno(lfd)) {
		await sys.write(
			2,
			`Bind to port 22 on 0.0.0.0 failed: ${lfd.message}.\nCannot bind any address.\n`
		);
		return 255;
	}
	return daemonize(sys, 'sshd', async (d) => {
		await syslog(d, LOG_AUTHPRIV | LOG_INFO, 'sshd', 'Server listening on 0.0.0.0 port 22.');
		let exiting = false;
		await d.signal(SIGTERM, () => (exiting = true));
		await d.signal(SIGCHLD, () => {});
		for (;;) {
			for (;;) {
				const w = await d.waitpid(-1, WNOHANG);
				if (isErrno(w) && w.name === 'EINTR') continue;
				if (isErrno(w) || w.pid === 0) break;
			}
			if (exiting) {
				await syslog(d, LOG_AUTHPRIV | LOG_INFO, 'sshd', 'Received signal 15; terminating.');
				await d.unlink('/var/run/sshd.pid');
				return 0;
			}
			const a = await d.accept(lfd);
			if (isErrno(a)) continue;
			const peer = 'addr' in a.addr ? a.addr.addr : '';
			await d.fork(async (c) => {
				await c.close(lfd);
				await c.write(a.fd, SSH_BANNER + '\r\n');
				const host = await hostName(c, peer);
				const s = await spawnOnPty(
					c,
					'/bin/login',
					['login', '-h', host, '-p'],
					{ TERM: 'vt100' },
					[a.fd]
				);
				if (isErrno(s)) return 1;
				return relayPty(c, a.fd, s.master, s.pid, (x) => x.replace(/\r\n/g, '\r'), false);
			});
			await d.close(a.fd);
		}
	});
}
