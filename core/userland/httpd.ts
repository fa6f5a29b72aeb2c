// httpd (Apache 1.3.23 as Red Hat 7.3 ships it): reads a lite /etc/httpd/conf/httpd.conf, binds
// Listen (0.0.0.0:80 by default) as root, and serves files under DocumentRoot as User, one child
// per connection, with the common log format in /var/log/httpd/access_log.
import {
	O_APPEND,
	O_CREAT,
	O_WRONLY,
	SIGCHLD,
	SIGTERM,
	WNOHANG,
	isErrno,
	type Sys
} from '../syscalls/index.ts';
import { daemonize, readFile } from './lib/daemon.ts';
import { strftime } from './lib/time.ts';
import { tcpListen } from './lib/net.ts';
import { Users } from './lib/users.ts';

export const SERVER = 'Apache/1.3.23 (Unix)  (Red-Hat/Linux)';

export interface HttpdConf {
	addr: string;
	port: number;
	documentRoot: string;
	user: string;
	group: string;
	serverName: string | null;
	directoryIndex: string[];
	accessLog: string;
	errorLog: string;
}

/** The directives the model honours; others are accepted and ignored. */
export function parseHttpdConf(text: string): HttpdConf {
	const c: HttpdConf = {
		addr: '0.0.0.0',
		port: 80,
		documentRoot: '/var/www/html',
		user: 'apache',
		group: 'apache',
		serverName: null,
		directoryIndex: ['index.html'],
		accessLog: '/var/log/httpd/access_log',
		errorLog: '/var/log/httpd/error_log'
	};
	for (const raw of text.split('\n')) {
		const line = raw.trim();
		if (line === '' || line.startsWith('#')) continue;
		const [key, ...rest] = line.split(/\s+/);
		const v = rest.join(' ').replace(/^"(.*)"$/, '$1');
		switch (key?.toLowerCase()) {
			case 'listen': {
				const m = /^(?:([\d.]+):)?(\d+)$/.exec(v);
				if (m) {
					c.addr = m[1] ?? '0.0.0.0';
					c.port = Number(m[2]);
				}
				break;
			}
			case 'port':
				c.port = Number(v);
				break;
			case 'bindaddress':
				c.addr = v === '*' ? '0.0.0.0' : v;
				break;
			case 'documentroot':
				c.documentRoot = v;
				break;
			case 'user':
				c.user = v;
				break;
			case 'group':
				c.group = v;
				break;
			case 'servername':
				c.serverName = v;
				break;
			case 'directoryindex':
				c.directoryIndex = rest;
				break;
			case 'customlog':
			case 'transferlog':
				c.accessLog = rest[0]!;
				break;
			case 'errorlog':
				c.errorLog = v;
				break;
		}
	}
	return c;
}

async function appendLine(sys: Sys, path: string, line: string): Promise<void> {
	const fd = await sys.open(path, O_WRONLY | O_APPEND | O_CREAT, 0o644);
	if (isErrno(fd)) return;
	await sys.write(fd, line);
	await sys.close(fd);
}

export async function httpd(sys: Sys, argv: string[]): Promise<number> {
	let confPath = '/etc/httpd/conf/httpd.conf';
	const fi = argv.indexOf('-f');
	if (fi > 0 && argv[fi + 1]) confPath = argv[fi + 1]!;
	const text = await readFile(sys, confPath);
	if (text === null) {
		await sys.write(
			2,
			`fopen: No such file or directory\nhttpd: could not open document config file ${confPath}\n`
		);
		return 1;
	}
	const conf = parseHttpdConf(text);
	const lfd = await tcpListen(sys, conf.addr, conf.port);
	if (isErrno(lfd)) {
		// Apache 1.3's ap_log_error with APLOG_ERRNO: "(errno)strerror: " before the message.
		await sys.write(
			2,
			`(${lfd.code})${lfd.message}: make_sock: could not bind to address ${conf.addr} port ${conf.port}\n`
		);
		return 1;
	}
	const pw = await new Users(sys).byName(conf.user);
	return daemonize(sys, 'httpd', async (d) => {
		const stamp = strftime('%a %b %e %H:%M:%S %Y', await d.time());
		await appendLine(
			d,
			conf.errorLog,
			`[${stamp}] [notice] ${SERVER} configured -- resuming normal operations\n`
		);
		// Apache opens its logs as root before the children drop to User, which cannot write there.
		const logFd = await d.open(conf.accessLog, O_WRONLY | O_APPEND | O_CREAT, 0o644);
		let exiting = false;
		await d.signal(SIGTERM, () => (exiting = true));
		await d.signal(SIGCHLD, () => {});
		for (;;) {
			while (true) {
				const w = await d.waitpid(-1, WNOHANG);
				if (isErrno(w) && w.name === 'EINTR') continue;
				if (isErrno(w) || w.pid === 0) break;
			}
			if (exiting) {
				const s2 = strftime('%a %b %e %H:%M:%S %Y', await d.time());
				await appendLine(d, conf.errorLog, `[${s2}] [notice] caught SIGTERM, shutting down\n`);
				await d.unlink('/var/run/httpd.pid');
				return 0;
			}
			const a = await d.accept(lfd);
			if (isErrno(a)) continue;
			const peer = 'addr' in a.addr ? a.addr.addr : '-';
			const child = await d.fork(async (c) => {
				await c.close(lfd);
				if (pw) {
					await c.setgid(pw.gid);
					await c.setuid(pw.uid);
				}
				// The request handling is a chunk of its own, fetched when the first request comes.
				const { serve } = await import('./httpd-serve.ts');
				return serve(c, a.fd, conf, peer, isErrno(logFd) ? -1 : logFd);
			});
			await d.close(a.fd);
			if (isErrno(child)) continue;
		}
	});
}
