// xterm (XFree86 4.2's): opens a pty master, asks the display to show it as a window (the page's
// new terminal pane), runs a login shell (or -e's command) on the slave in the caller's context,
// and waits for it. Killing the xterm closes the master, which hangs up the shell, as on X.
import { O_RDWR, isErrno, type Sys } from '../syscalls/index.ts';
import { TIOCGPTN, VSLAB_DISPLAY } from './lib/net.ts';
import { Users } from './lib/users.ts';

export async function xterm(
	sys: Sys,
	argv: string[],
	env: Record<string, string>
): Promise<number> {
	let title = 'xterm';
	let command: string[] | null = null;
	let login = true;
	for (let i = 1; i < argv.length; i++) {
		const a = argv[i]!;
		if (a === '-e') {
			command = argv.slice(i + 1);
			break;
		} else if (a === '-T' || a === '-title') title = argv[++i] ?? title;
		else if (a === '-ls') login = true;
		else if (a === '+ls') login = false;
		else {
			await sys.write(2, `xterm:  bad command line option "${a}"\n\n`);
			return 1;
		}
	}
	const master = await sys.open('/dev/ptmx', O_RDWR);
	if (isErrno(master)) {
		await sys.write(
			2,
			`xterm: Error 32, errno 2: No such file or directory\nReason: get_pty: not enough ptys\n`
		);
		return 1;
	}
	const n = await sys.ioctl(master, TIOCGPTN);
	if (isErrno(await sys.ioctl(master, VSLAB_DISPLAY, title)) || isErrno(n)) {
		await sys.write(2, `xterm Xt error: Can't open display: ${env.DISPLAY ?? ''}\n`);
		return 1;
	}
	const users = new Users(sys);
	const uid = await sys.getuid();
	const pw = (await users.users()).find((u) => u.uid === uid);
	const shell = env.SHELL ?? pw?.shell ?? '/bin/sh';
	const base = shell.slice(shell.lastIndexOf('/') + 1);
	const childEnv: Record<string, string> = {
		...env,
		TERM: 'xterm',
		WINDOWID: String(0x1800002 + Number(n)),
		SHELL: shell
	};
	const pid = await sys.fork(async (c) => {
		await c.setsid();
		await c.close(master);
		const slave = await c.open(`/dev/pts/${String(n)}`, O_RDWR);
		if (isErrno(slave)) return 1;
		for (const fd of [0, 1, 2]) await c.dup2(slave, fd);
		if (slave > 2) await c.close(slave);
		const args = command ?? [login ? `-${base}` : base];
		let path = command ? command[0]! : shell;
		// execvp(3): a bare name is looked for along PATH.
		if (!path.includes('/')) {
			for (const dir of (env.PATH ?? '/bin:/usr/bin').split(':')) {
				if (!isErrno(await c.stat(`${dir}/${path}`))) {
					path = `${dir}/${path}`;
					break;
				}
			}
		}
		const e = await c.execve(path, args, childEnv);
		await c.write(2, `xterm: Can't execvp ${path}: ${e.message}\r\n`);
		return 1;
	});
	if (isErrno(pid)) return 1;
	for (;;) {
		const w = await sys.waitpid(pid);
		if (!isErrno(w) || w.name !== 'EINTR') break;
	}
	await sys.close(master);
	return 0;
}
