// /bin/sh, seed version: reads lines from the terminal, runs simple commands in the foreground
// with job control's process groups, and knows cd, pwd, echo and exit. The shell issue replaces
// this file with the full POSIX shell; its entry point keeps this signature.
import {
	isErrno,
	SIGINT,
	SIGQUIT,
	SIGTSTP,
	SIGTTOU,
	TIOCSPGRP,
	WIFSIGNALED,
	WTERMSIG,
	WEXITSTATUS,
	signalDescriptions,
	type Sys
} from '../syscalls/index.ts';

interface ShellState {
	env: Record<string, string>;
	status: number;
	interactive: boolean;
	user: string;
	host: string;
}

export async function sh(sys: Sys, argv: string[], env: Record<string, string>): Promise<number> {
	const st: ShellState = { env: { ...env }, status: 0, interactive: false, user: env.USER ?? 'root', host: 'localhost' };
	if (argv[1] === '-c' && argv[2] !== undefined) {
		await runLine(sys, st, argv[2]);
		return st.status;
	}
	st.interactive = await sys.isatty(0);
	const uts = await sys.uname();
	st.host = uts.nodename.split('.')[0]!;
	if (st.interactive) {
		for (const s of [SIGINT, SIGQUIT, SIGTSTP, SIGTTOU]) await sys.signal(s, 'ignore');
	}
	let pending = '';
	for (;;) {
		if (st.interactive && !pending) await sys.write(2, await prompt(sys, st));
		const chunk = await sys.read(0, 4096);
		if (isErrno(chunk)) {
			if (chunk.name === 'EINTR') continue;
			return st.status;
		}
		if (chunk === '') {
			if (st.interactive) await sys.write(2, 'exit\n');
			return st.status;
		}
		pending += chunk;
		let nl: number;
		while ((nl = pending.indexOf('\n')) !== -1) {
			const line = pending.slice(0, nl);
			pending = pending.slice(nl + 1);
			const done = await runLine(sys, st, line);
			if (done !== null) return done;
		}
	}
}

/** bash's PS1 `[\u@\h \W]\$ `. */
async function prompt(sys: Sys, st: ShellState): Promise<string> {
	const cwd = await sys.getcwd();
	const home = st.env.HOME ?? '/';
	const dir = isErrno(cwd) ? '?' : cwd === home ? '~' : cwd === '/' ? '/' : cwd.slice(cwd.lastIndexOf('/') + 1);
	const euid = await sys.geteuid();
	return `[${st.user}@${st.host} ${dir}]${euid === 0 ? '#' : '$'} `;
}

/** Splits on blanks with single and double quotes; enough for the seed. */
function words(line: string): string[] {
	const out: string[] = [];
	let cur = '';
	let has = false;
	let q: string | null = null;
	for (const c of line) {
		if (q) {
			if (c === q) q = null;
			else cur += c;
		} else if (c === "'" || c === '"') {
			q = c;
			has = true;
		} else if (c === ' ' || c === '\t') {
			if (has || cur) out.push(cur);
			cur = '';
			has = false;
		} else {
			cur += c;
		}
	}
	if (has || cur) out.push(cur);
	return out;
}

async function runLine(sys: Sys, st: ShellState, line: string): Promise<number | null> {
	const argv = words(line.replace(/(^|\s)#.*$/, ''));
	if (argv.length === 0) return null;
	const [cmd, ...args] = argv as [string, ...string[]];
	switch (cmd) {
		case 'exit':
			return args[0] ? Number(args[0]) & 0xff : st.status;
		case 'cd': {
			const r = await sys.chdir(args[0] ?? st.env.HOME ?? '/');
			if (isErrno(r)) await sys.write(2, `sh: cd: ${args[0]}: ${r.message}\n`);
			st.status = isErrno(r) ? 1 : 0;
			return null;
		}
		case 'pwd': {
			const r = await sys.getcwd();
			await sys.write(1, isErrno(r) ? '' : r + '\n');
			st.status = 0;
			return null;
		}
	}
	const path = cmd.includes('/') ? cmd : await findInPath(sys, cmd, st.env.PATH ?? '/bin:/usr/bin');
	if (!path) {
		await sys.write(2, `sh: ${cmd}: command not found\n`);
		st.status = 127;
		return null;
	}
	const pid = await sys.fork(async (child) => {
		if (st.interactive) {
			await child.setpgid(0, 0);
			await child.ioctl(0, TIOCSPGRP, await child.getpid());
			for (const s of [SIGINT, SIGQUIT, SIGTSTP, SIGTTOU]) await child.signal(s, 'default');
		}
		const e = await child.execve(path, argv, st.env);
		await child.write(2, `sh: ${cmd}: ${e.message}\n`);
		return e.name === 'ENOENT' ? 127 : 126;
	});
	if (isErrno(pid)) {
		await sys.write(2, `sh: fork: ${pid.message}\n`);
		st.status = 2;
		return null;
	}
	if (st.interactive) await sys.setpgid(pid, pid);
	const w = await sys.waitpid(pid, 0);
	if (st.interactive) await sys.ioctl(0, TIOCSPGRP, await sys.getpgrp());
	if (!isErrno(w)) {
		if (WIFSIGNALED(w.status)) {
			const sig = WTERMSIG(w.status);
			if (sig !== SIGINT) await sys.write(2, `${signalDescriptions[sig]}\n`);
			st.status = 128 + sig;
		} else st.status = WEXITSTATUS(w.status);
	}
	return null;
}

async function findInPath(sys: Sys, name: string, path: string): Promise<string | null> {
	for (const dir of path.split(':')) {
		const full = `${dir || '.'}/${name}`;
		const s = await sys.stat(full);
		if (!isErrno(s) && (s.mode & 0o170000) === 0o100000 && s.mode & 0o111) return full;
	}
	return null;
}
