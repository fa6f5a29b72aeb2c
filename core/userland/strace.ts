// strace (4.4): runs a command (or attaches to -p PID) and prints each system call it makes in
// strace's layout, `name(args) = result` with the result at column 40, errors as
// `= -1 EPERM (Operation not permitted)`, from the records the kernel's trace descriptor gives.
import {
	isErrno,
	O_CREAT,
	O_TRUNC,
	O_WRONLY,
	SIGINT,
	signalNames,
	strerror,
	WEXITSTATUS,
	WIFSIGNALED,
	WTERMSIG,
	type ErrnoName,
	type Sys
} from '../syscalls/index.ts';
import { Tool } from './lib/tool.ts';

const usage = `usage: strace [-dffhiqrtttTvVxx] [-a column] [-e expr] ... [-o file]
              [-p pid] ... [-s strsize] [-u username] [-E var=val] ...
              [command [arg ...]]
   or: strace -c [-e expr] ... [-O overhead] [-S sortby] [-E var=val] ...
              [command [arg ...]]
-c -- count time, calls, and errors for each syscall and report summary
-f -- follow forks, -ff -- with output into separate files
-F -- attempt to follow vforks, -h -- print help message
-i -- print instruction pointer at time of syscall
-q -- suppress messages about attaching, detaching, etc.
-r -- print relative timestamp, -t -- absolute timestamp, -tt -- with usecs
-T -- print time spent in each syscall, -V -- print version
-v -- verbose mode: print unabbreviated argv, stat, termio[s], etc. args
-x -- print non-ascii strings in hex, -xx -- print all strings in hex
-a column -- alignment COLUMN for printing syscall results (default 40)
-e expr -- a qualifying expression: option=[!]all or option=[!]val1[,val2]...
   options: trace, abbrev, verbose, raw, signal, read, or write
-o file -- send trace output to FILE instead of stderr
-O overhead -- set overhead for tracing syscalls to OVERHEAD usecs
-p pid -- trace process with process id PID, may be repeated
-s strsize -- limit length of print strings to STRSIZE chars (default 32)
-S sortby -- sort syscall counts by: time, calls, name, nothing (default time)
-u username -- run command as username handling setuid and/or setgid
-E var=val -- put var=val in the environment for command
-E var -- remove var from the environment for command
`;

/** strace's -e trace= classes, reduced to the calls the model has. */
const classes: Record<string, string[]> = {
	file: [
		'open',
		'stat',
		'lstat',
		'chmod',
		'chown',
		'lchown',
		'access',
		'chdir',
		'chroot',
		'mkdir',
		'rmdir',
		'unlink',
		'link',
		'symlink',
		'readlink',
		'rename',
		'truncate',
		'utimes',
		'mknod',
		'execve',
		'mount',
		'umount',
		'statfs'
	],
	process: [
		'fork',
		'clone',
		'execve',
		'wait4',
		'exit',
		'_exit',
		'exit_group',
		'kill',
		'new_s_context'
	],
	network: [
		'socket',
		'bind',
		'connect',
		'listen',
		'accept',
		'send',
		'sendto',
		'recv',
		'recvfrom',
		'shutdown',
		'setsockopt',
		'getsockopt',
		'getsockname',
		'getpeername',
		'set_ipv4root'
	],
	signal: ['rt_sigaction', 'rt_sigprocmask', 'kill', 'pause', 'alarm', 'sigreturn'],
	ipc: [
		'msgget',
		'msgsnd',
		'msgrcv',
		'msgctl',
		'semget',
		'semop',
		'semctl',
		'shmget',
		'shmat',
		'shmdt',
		'shmctl'
	],
	desc: [
		'read',
		'write',
		'close',
		'dup',
		'dup2',
		'fcntl',
		'ioctl',
		'pipe',
		'poll',
		'getdents',
		'lseek',
		'fstat'
	]
};

interface Record_ {
	type: 'syscall' | 'fork' | 'exec' | 'exit';
	pid: number;
	name?: string;
	args?: string[];
	result?: string;
	errno?: string;
	value?: number;
	path?: string;
	argv?: string[];
	envc?: number;
}

/** A string as strace quotes it: C escapes, at most 32 characters, then `...`. */
export function quoteString(s: string, max = 32): string {
	const cut = s.length > max;
	const body = (cut ? s.slice(0, max) : s).replace(/[\\"\n\t\r\0-\x1f\x7f-\xff]/g, (c) => {
		const map: Record<string, string> = {
			'\\': '\\\\',
			'"': '\\"',
			'\n': '\\n',
			'\t': '\\t',
			'\r': '\\r'
		};
		if (map[c]) return map[c]!;
		return '\\' + c.charCodeAt(0).toString(8);
	});
	return `"${body}"${cut ? '...' : ''}`;
}

/** The kernel's argument text in strace's spelling: JSON strings become C strings. */
function fixArg(a: string): string {
	if (!a.startsWith('"')) return a;
	try {
		const s = JSON.parse(a) as string;
		if (s.endsWith('...') && s.length === 35) return quoteString(s.slice(0, 32)) + '...';
		return quoteString(s);
	} catch {
		return a;
	}
}

/** `call` padded to the result column, then `= result`. */
export function resultLine(call: string, result: string): string {
	return (call.length < 39 ? call.padEnd(39) : call) + ' = ' + result;
}

export async function strace(
	sys: Sys,
	argv: string[],
	env: Record<string, string>
): Promise<number> {
	const t = new Tool(sys, argv, env);
	let follow = false;
	let quiet = false;
	let outFile: string | null = null;
	let attach: number | null = null;
	let only: Set<string> | null = null;
	let i = 1;
	for (; i < argv.length; i++) {
		const a = argv[i]!;
		if (!a.startsWith('-') || a === '-') break;
		if (a === '--') {
			i++;
			break;
		}
		for (let j = 1; j < a.length; j++) {
			const c = a[j]!;
			if (c === 'f' || c === 'F') follow = true;
			else if (c === 'q') quiet = true;
			else if ('dirtTvx'.includes(c)) continue;
			else if (c === 'h') {
				await t.out(usage);
				return t.exit(0);
			} else if (c === 'V') {
				await t.out('strace -- version 4.4\n');
				return t.exit(0);
			} else if ('eopsaESuO'.includes(c)) {
				const v = j + 1 < a.length ? a.slice(j + 1) : argv[++i];
				if (v === undefined) {
					await t.errRaw(`strace: option requires an argument -- ${c}\n${usage}`);
					return 1;
				}
				if (c === 'o') outFile = v;
				else if (c === 'p') {
					if (!/^[0-9]+$/.test(v) || Number(v) <= 0) {
						await t.errRaw(`strace: Invalid process id: ${v}\n`);
						return 1;
					}
					attach = Number(v);
				} else if (c === 'e') {
					const m = /^(?:trace=)?(.*)$/.exec(v)!;
					if (/^(abbrev|verbose|raw|signal|read|write)=/.test(v)) break;
					only = new Set();
					for (const n of m[1]!.split(',')) for (const x of classes[n] ?? [n]) only.add(x);
				}
				break;
			} else {
				await t.errRaw(`strace: invalid option -- ${c}\n${usage}`);
				return 1;
			}
		}
	}
	const command = argv.slice(i);
	if (command.length === 0 && attach === null) {
		await t.errRaw(usage);
		return 1;
	}
	let out = 2;
	if (outFile !== null) {
		const fd = await sys.open(outFile, O_WRONLY | O_CREAT | O_TRUNC, 0o644);
		if (isErrno(fd)) {
			await t.errRaw(`strace: can't fopen '${outFile}': ${fd.message}\n`);
			return 1;
		}
		out = fd;
	}

	let first: number;
	let sync: [number, number] | null = null;
	if (attach !== null) {
		first = attach;
	} else {
		const path = await findProgram(sys, command[0]!, env.PATH ?? '/bin:/usr/bin');
		if (path === null) {
			await t.errRaw(`strace: ${command[0]}: command not found\n`);
			return 1;
		}
		const p = await sys.pipe();
		if (isErrno(p)) return 1;
		sync = p;
		const child = await sys.fork(async (c) => {
			// Wait until the tracer is attached, then run the command: its execve is the first call shown.
			await c.close(p[1]);
			await c.read(p[0], 1);
			await c.close(p[0]);
			if (out !== 2) await c.close(out);
			const e = await c.execve(path, command, env);
			await c.write(2, `strace: exec: ${e.message}\n`);
			return 1;
		});
		if (isErrno(child)) {
			await t.errRaw(`strace: fork: ${child.message}\n`);
			return 1;
		}
		first = child;
	}
	const fd = await sys.trace(first, follow);
	if (isErrno(fd)) {
		await t.errRaw(`attach: ptrace(PTRACE_ATTACH, ...): ${fd.message}\n`);
		if (sync) {
			await sys.close(sync[0]);
			await sys.close(sync[1]);
		}
		return 1;
	}
	if (sync) {
		await sys.close(sync[0]);
		await sys.write(sync[1], 'x');
		await sys.close(sync[1]);
	} else if (!quiet) await t.errRaw(`Process ${attach} attached - interrupt to quit\n`);
	let interrupted = false;
	if (attach !== null) await sys.signal(SIGINT, () => (interrupted = true));

	const seen = new Set<number>([first]);
	let started = attach !== null;
	let pending = '';
	let status = 0;
	const emit = async (pid: number, text: string): Promise<void> => {
		await sys.write(out, (seen.size > 1 ? `[pid ${String(pid).padStart(5)}] ` : '') + text + '\n');
	};
	for (;;) {
		const r = await sys.read(fd, 65536);
		if (isErrno(r)) {
			if (interrupted) break;
			continue;
		}
		if (r === '') break;
		pending += r;
		let nl: number;
		while ((nl = pending.indexOf('\n')) !== -1) {
			const rec = JSON.parse(pending.slice(0, nl)) as Record_;
			pending = pending.slice(nl + 1);
			if (rec.type === 'exec') {
				if (rec.pid === first) started = true;
				if (!only || only.has('execve')) {
					const args = `[${(rec.argv ?? []).map((a) => quoteString(a)).join(', ')}]`;
					await emit(
						rec.pid,
						resultLine(
							`execve(${quoteString(rec.path ?? rec.argv?.[0] ?? '')}, ${args}, [/* ${rec.envc ?? 0} vars */])`,
							'0'
						)
					);
				}
				continue;
			}
			if (!started) continue;
			if (rec.type === 'fork') {
				if (follow) {
					seen.add(rec.value!);
					if (!quiet) await t.errRaw(`Process ${rec.value} attached\n`);
				}
				continue;
			}
			if (rec.type === 'exit') {
				const s = rec.value ?? 0;
				if (rec.pid === first) status = WIFSIGNALED(s) ? 128 + WTERMSIG(s) : WEXITSTATUS(s);
				if (WIFSIGNALED(s)) await emit(rec.pid, `+++ killed by SIG${signalNames[WTERMSIG(s)]} +++`);
				else if (!only || only.has('_exit') || only.has('exit')) {
					await emit(rec.pid, resultLine(`_exit(${WEXITSTATUS(s)})`, '?'));
				}
				continue;
			}
			const name = rec.name!;
			if (name === 'exit_group' || name === 'ptrace') continue;
			// A successful execve is printed from the exec record, which also counts the environment.
			if (name === 'execve' && !rec.errno) continue;
			if (only && !only.has(name)) continue;
			const args = (rec.args ?? []).map(fixArg);
			// The kernel records the buffer; strace also shows the length the C call passed.
			if ((name === 'sethostname' || name === 'setdomainname') && rec.args?.[0]?.startsWith('"')) {
				args.push(String((JSON.parse(rec.args[0]) as string).length));
			}
			if (name === 'write' && args.length === 2) args.push(rec.errno ? '?' : rec.result!);
			const call = `${name}(${args.join(', ')})`;
			const result = rec.errno
				? `-1 ${rec.errno} (${strerror(rec.errno as ErrnoName)})`
				: rec.result!;
			await emit(rec.pid, resultLine(call, result));
		}
	}
	await sys.close(fd);
	if (attach !== null) {
		if (!quiet) await t.errRaw(`Process ${attach} detached\n`);
		return 0;
	}
	await sys.waitpid(first);
	return status;
}

async function findProgram(sys: Sys, name: string, path: string): Promise<string | null> {
	if (name.includes('/')) return name;
	for (const dir of path.split(':')) {
		const p = `${dir || '.'}/${name}`;
		const st = await sys.stat(p);
		if (!isErrno(st)) return p;
	}
	return null;
}
