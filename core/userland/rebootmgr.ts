// /usr/sbin/rebootmgr (vserver 0.22, reference §5.9): the host's reboot manager. It listens on
// the Unix socket /vservers/NAME/dev/reboot of every vserver named on its command line; vreboot
// or vhalt inside a vserver writes `reboot` or `halt` there, and rebootmgr runs `vserver NAME
// restart` or `vserver NAME stop` on the host, its output appended to /var/log/boot.log.
import {
	AF_UNIX,
	O_APPEND,
	O_CREAT,
	O_WRONLY,
	SIGCHLD,
	SIGTERM,
	SOCK_STREAM,
	WNOHANG,
	isErrno,
	type Sys
} from '../syscalls/index.ts';
import {
	LOG_DAEMON,
	LOG_ERR,
	LOG_NOTICE,
	daemonize,
	nullStdio,
	syslog,
	writeFile
} from './lib/daemon.ts';

const USAGE = `rebootmgr version 0.22
rebootmgr [ --pidfile file ] vserver-name [ vserver-name ... ]

Listens on /vservers/NAME/dev/reboot for each vserver and restarts
(reboot) or stops (halt) it when asked by vreboot or vhalt.
`;

const VSERVER = '/usr/sbin/vserver';
const BOOT_LOG = '/var/log/boot.log';

/** Runs `vserver NAME ACTION` in the background with its output appended to the boot log. */
async function act(sys: Sys, name: string, action: string): Promise<void> {
	await sys.fork(async (c) => {
		await c.setsid();
		await nullStdio(c);
		const log = await c.open(BOOT_LOG, O_WRONLY | O_CREAT | O_APPEND, 0o600);
		if (!isErrno(log)) {
			await c.dup2(log, 1);
			await c.dup2(log, 2);
			if (log > 2) await c.close(log);
		}
		const e = await c.execve(VSERVER, [VSERVER, name, action], {
			PATH: '/sbin:/usr/sbin:/bin:/usr/bin'
		});
		await c.write(2, `rebootmgr: can't execute ${VSERVER} (${e.message})\n`);
		return 1;
	});
}

export async function rebootmgr(sys: Sys, argv: string[]): Promise<number> {
	let pidfile = '/var/run/rebootmgr.pid';
	const names: string[] = [];
	for (let i = 1; i < argv.length; i++) {
		const a = argv[i]!;
		if (a === '--pidfile' && i + 1 < argv.length) pidfile = argv[++i]!;
		else if (a.startsWith('-')) {
			await sys.write(2, USAGE);
			return 1;
		} else names.push(a);
	}
	if (names.length === 0) {
		await sys.write(2, USAGE);
		return 1;
	}
	// The sockets are made before going to the background, so a failure is seen by the caller.
	const listeners: { fd: number; name: string }[] = [];
	for (const name of names) {
		const path = `/vservers/${name}/dev/reboot`;
		const fd = await sys.socket(AF_UNIX, SOCK_STREAM);
		if (isErrno(fd)) return 1;
		await sys.unlink(path);
		const b = await sys.bind(fd, { path });
		const l = isErrno(b) ? b : await sys.listen(fd, 5);
		if (isErrno(l)) {
			await sys.write(2, `rebootmgr: can't listen on ${path} (${l.message})\n`);
			await sys.close(fd);
			continue;
		}
		await sys.chmod(path, 0o600);
		listeners.push({ fd, name });
	}
	if (listeners.length === 0) return 1;
	return daemonize(sys, null, async (d) => {
		await writeFile(d, pidfile, `${await d.getpid()}\n`);
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
				for (const l of listeners) {
					await d.close(l.fd);
					await d.unlink(`/vservers/${l.name}/dev/reboot`);
				}
				await d.unlink(pidfile);
				return 0;
			}
			const ready = await d.poll(listeners.map((l) => ({ fd: l.fd, read: true })));
			if (isErrno(ready)) continue;
			for (const r of ready) {
				const l = listeners.find((x) => x.fd === r.fd)!;
				const a = await d.accept(l.fd);
				if (isErrno(a)) continue;
				let line = '';
				while (!line.includes('\n') && line.length < 100) {
					const got = await d.read(a.fd, 100);
					if (isErrno(got) || got === '') break;
					line += got;
				}
				await d.close(a.fd);
				const request = line.split('\n')[0]!.trim();
				if (request === 'reboot' || request === 'halt') {
					const action = request === 'reboot' ? 'restart' : 'stop';
					const doing = request === 'reboot' ? 'restarting' : 'stopping';
					await syslog(
						d,
						LOG_DAEMON | LOG_NOTICE,
						'rebootmgr',
						`${doing} vserver ${l.name} (${request} request)`
					);
					await act(d, l.name, action);
				} else {
					await syslog(
						d,
						LOG_DAEMON | LOG_ERR,
						'rebootmgr',
						`invalid request (${request}) from vserver ${l.name}`
					);
				}
			}
		}
	});
}
