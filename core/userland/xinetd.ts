// xinetd 2.3.4: reads /etc/xinetd.conf and the files of /etc/xinetd.d, listens for every service
// that is not disabled, and on each connection forks the service's server with the socket on
// 0, 1 and 2 (stream, nowait). SIGHUP re-reads the configuration.
import {
	O_DIRECTORY,
	SIGCHLD,
	SIGHUP,
	SIGTERM,
	WNOHANG,
	isErrno,
	type Sys
} from '../syscalls/index.ts';
import { LOG_DAEMON, LOG_INFO, LOG_NOTICE, daemonize, readFile, syslog } from './lib/daemon.ts';
import { tcpListen } from './lib/net.ts';
import { Users } from './lib/users.ts';

export interface XinetdService {
	name: string;
	attrs: Map<string, string>;
}

/** The `service NAME { key = value }` blocks of a configuration text (`+=` appends). */
export function parseXinetd(text: string): {
	services: XinetdService[];
	includedir: string | null;
} {
	const services: XinetdService[] = [];
	let includedir: string | null = null;
	let cur: XinetdService | null = null;
	let pendingName: string | null = null;
	for (const raw of text.split('\n')) {
		const line = raw.replace(/#.*/, '').trim();
		if (line === '') continue;
		const inc = /^includedir\s+(\S+)$/.exec(line);
		if (inc) {
			includedir = inc[1]!;
			continue;
		}
		const svc = /^(service|defaults)\s*(\S*)\s*(\{)?$/.exec(line);
		if (svc && !cur) {
			pendingName = svc[1] === 'defaults' ? '' : svc[2]!;
			if (svc[3]) cur = { name: pendingName, attrs: new Map() };
			continue;
		}
		if (line === '{' && pendingName !== null) {
			cur = { name: pendingName, attrs: new Map() };
			continue;
		}
		if (line === '}' && cur) {
			if (cur.name !== '') services.push(cur);
			cur = null;
			pendingName = null;
			continue;
		}
		const kv = /^(\S+)\s*(\+?=)\s*(.*)$/.exec(line);
		if (kv && cur) {
			const old = cur.attrs.get(kv[1]!);
			cur.attrs.set(kv[1]!, kv[2] === '+=' && old ? `${old} ${kv[3]}` : kv[3]!);
		}
	}
	return { services, includedir };
}

/** The port of a service name in /etc/services (`telnet 23/tcp`). */
export async function servicePort(sys: Sys, name: string, proto = 'tcp'): Promise<number | null> {
	const text = (await readFile(sys, '/etc/services')) ?? '';
	for (const raw of text.split('\n')) {
		const f = raw.replace(/#.*/, '').trim().split(/\s+/);
		const m = /^(\d+)\/(\w+)$/.exec(f[1] ?? '');
		if (m && m[2] === proto && (f[0] === name || f.slice(2).includes(name))) return Number(m[1]);
	}
	return null;
}

/** getservbyport(3): the official name of a port in /etc/services, or null. */
export async function serviceName(sys: Sys, port: number, proto = 'tcp'): Promise<string | null> {
	const text = (await readFile(sys, '/etc/services')) ?? '';
	for (const raw of text.split('\n')) {
		const f = raw.replace(/#.*/, '').trim().split(/\s+/);
		if (f[1] === `${port}/${proto}`) return f[0]!;
	}
	return null;
}

/** Every enabled service of the configuration, with its port. */
async function loadServices(sys: Sys): Promise<{ svc: XinetdService; port: number }[]> {
	const main = parseXinetd(
		(await readFile(sys, '/etc/xinetd.conf')) ?? 'includedir /etc/xinetd.d\n'
	);
	const all = [...main.services];
	if (main.includedir) {
		const dfd = await sys.open(main.includedir, O_DIRECTORY);
		if (!isErrno(dfd)) {
			const ents = await sys.getdents(dfd);
			await sys.close(dfd);
			const names = isErrno(ents)
				? []
				: ents
						.map((e) => e.name)
						.filter(
							(n) =>
								!n.startsWith('.') &&
								!n.includes('~') &&
								!n.endsWith('.rpmsave') &&
								!n.endsWith('.rpmorig')
						);
			for (const n of names.sort()) {
				all.push(...parseXinetd((await readFile(sys, `${main.includedir}/${n}`)) ?? '').services);
			}
		}
	}
	const out: { svc: XinetdService; port: number }[] = [];
	for (const svc of all) {
		if (svc.attrs.get('disable') === 'yes') continue;
		const port = Number(svc.attrs.get('port')) || (await servicePort(sys, svc.name));
		if (port) out.push({ svc, port });
	}
	return out;
}

export async function xinetd(sys: Sys, argv: string[]): Promise<number> {
	const body = async (d: Sys): Promise<number> => {
		let reload = false;
		let exiting = false;
		await d.signal(SIGHUP, () => (reload = true));
		await d.signal(SIGTERM, () => (exiting = true));
		await d.signal(SIGCHLD, () => {});
		const users = new Users(d);
		const running = new Map<number, string>();
		let listeners: { fd: number; svc: XinetdService }[] = [];
		const open = async () => {
			for (const { svc, port } of await loadServices(d)) {
				const fd = await tcpListen(d, svc.attrs.get('bind') ?? '0.0.0.0', port);
				if (isErrno(fd)) {
					await syslog(
						d,
						LOG_DAEMON | LOG_NOTICE,
						'xinetd',
						`bind failed (${fd.message}). service = ${svc.name}`
					);
					continue;
				}
				listeners.push({ fd, svc });
			}
			await syslog(
				d,
				LOG_DAEMON | LOG_NOTICE,
				'xinetd',
				`Started working: ${listeners.length} available service${listeners.length === 1 ? '' : 's'}`
			);
		};
		await syslog(
			d,
			LOG_DAEMON | LOG_NOTICE,
			'xinetd',
			'xinetd Version 2.3.4 started with libwrap options compiled in.'
		);
		await open();
		for (;;) {
			for (;;) {
				const w = await d.waitpid(-1, WNOHANG);
				if (isErrno(w) && w.name === 'EINTR') continue;
				if (isErrno(w) || w.pid === 0) break;
				const name = running.get(w.pid);
				running.delete(w.pid);
				if (name) await syslog(d, LOG_DAEMON | LOG_INFO, 'xinetd', `EXIT: ${name} pid=${w.pid}`);
			}
			if (exiting) {
				await syslog(d, LOG_DAEMON | LOG_NOTICE, 'xinetd', 'Exiting...');
				await d.unlink('/var/run/xinetd.pid');
				return 0;
			}
			if (reload) {
				reload = false;
				for (const l of listeners) await d.close(l.fd);
				listeners = [];
				await syslog(d, LOG_DAEMON | LOG_NOTICE, 'xinetd', 'Starting reconfiguration');
				await open();
			}
			const ready = await d.poll(listeners.map((l) => ({ fd: l.fd, read: true })));
			if (isErrno(ready)) continue;
			for (const r of ready) {
				const l = listeners.find((x) => x.fd === r.fd)!;
				const a = await d.accept(l.fd);
				if (isErrno(a)) continue;
				const from = 'addr' in a.addr ? a.addr.addr : '';
				const server = l.svc.attrs.get('server') ?? '';
				const args = (l.svc.attrs.get('server_args') ?? '').split(/\s+/).filter(Boolean);
				const pw = await users.byName(l.svc.attrs.get('user') ?? 'root');
				const fds = listeners.map((x) => x.fd);
				const pid = await d.fork(async (c) => {
					for (const n of [0, 1, 2]) await c.dup2(a.fd, n);
					for (const fd of [...fds, a.fd]) if (fd > 2) await c.close(fd);
					if (pw && pw.uid !== 0) {
						await c.setgid(pw.gid);
						await c.setuid(pw.uid);
					}
					const e = await c.execve(server, [server.slice(server.lastIndexOf('/') + 1), ...args], {
						PATH: '/sbin:/bin:/usr/sbin:/usr/bin'
					});
					await syslog(
						c,
						LOG_DAEMON | LOG_NOTICE,
						'xinetd',
						`execv( ${server} ) failed: ${e.message}`
					);
					return 1;
				});
				await d.close(a.fd);
				if (isErrno(pid)) continue;
				running.set(pid, l.svc.name);
				await syslog(
					d,
					LOG_DAEMON | LOG_INFO,
					'xinetd',
					`START: ${l.svc.name} pid=${pid} from=${from}`
				);
			}
		}
	};
	// -stayalive and -reuse are Red Hat's defaults; -dontfork keeps it in the foreground.
	if (argv.includes('-dontfork')) return body(sys);
	return daemonize(sys, 'xinetd', body);
}
