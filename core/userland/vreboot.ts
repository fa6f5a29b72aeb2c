// /sbin/vreboot and /sbin/vhalt inside a vserver (vserver 0.22, reference §5.9): one program,
// argv[0] decides. It cannot reboot the kernel; it asks the host's rebootmgr, over the Unix
// socket /dev/reboot that rebootmgr listens on, to restart (or stop) this vserver.
import { AF_UNIX, SOCK_STREAM, isErrno, type Sys } from '../syscalls/index.ts';

const USAGE = (prog: string): string => `${prog} version 0.22
${prog} [ --socket path ]

Asks the reboot manager of the main server to ${prog === 'vhalt' ? 'stop' : 'restart'} this
virtual server, over the Unix socket /dev/reboot (or the one --socket names).
`;

export async function vreboot(sys: Sys, argv: string[]): Promise<number> {
	const prog = (argv[0] ?? 'vreboot').replace(/.*\//, '');
	const request = prog === 'vhalt' ? 'halt' : 'reboot';
	let path = '/dev/reboot';
	for (let i = 1; i < argv.length; i++) {
		const a = argv[i]!;
		if (a === '--socket' && i + 1 < argv.length) path = argv[++i]!;
		else {
			await sys.write(2, USAGE(prog));
			return 1;
		}
	}
	const fd = await sys.socket(AF_UNIX, SOCK_STREAM);
	if (isErrno(fd)) {
		await sys.write(2, `${prog}: socket: ${fd.message}\n`);
		return 1;
	}
	const c = await sys.connect(fd, { path });
	if (isErrno(c)) {
		await sys.write(2, `${prog}: can't connect to ${path} (${c.message})\n`);
		return 1;
	}
	const w = await sys.write(fd, `${request}\n`);
	await sys.close(fd);
	if (isErrno(w)) {
		await sys.write(2, `${prog}: can't send the request (${w.message})\n`);
		return 1;
	}
	return 0;
}
