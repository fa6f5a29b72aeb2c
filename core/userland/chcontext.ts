// /usr/sbin/chcontext (vserver 0.22): runs a command in a new or chosen security context, with
// its own host and domain names and a lowered capability ceiling; options, order of operations,
// messages and exit statuses are the 2003 tool's (reference §10.1).
import {
	CAP_NAMES,
	CAP_SECURE_REMOVE,
	CTX_NEW,
	CTX_SAME,
	errno,
	flagByName,
	isErrno,
	S_IFMT,
	type Errno,
	S_IFREG,
	type Sys
} from '../syscalls/index.ts';

/** The names `--cap` knows: every 2.4 capability but CAP_SYS_PTRACE, which its table lacks. */
const CAP_OPTIONS = CAP_NAMES.filter((name) => name !== 'CAP_SYS_PTRACE');

/** The flags `--flag` knows (reducecap's list plus fakeinit and ulimit). */
const FLAG_OPTIONS = ['lock', 'sched', 'nproc', 'private', 'fakeinit', 'hideinfo', 'ulimit'];

const USAGE = `chcontext version 0.22
chcontext [ options ] command arguments ...

Runs a command in a security context: a new, unused one by default.

--cap CAP_NAME
	Give back one capability that --secure would remove (repeatable).
	The names are those of /usr/include/linux/capability.h.
--cap !CAP_NAME
	Remove one more capability from the ceiling (repeatable).
--ctx num
	Enter context num instead of a new one. Only root in context 0
	may choose a number. Context 1 sees the processes of every
	context but may not signal them.
--disconnect
	Run the command in the background, as a child of process 1.
--domainname new_domainname
	Set the NIS domain name of the new context ("none" empties it).
--flag lock|sched|nproc|private|fakeinit|hideinfo|ulimit
	Set a flag on the new or current context (repeatable).
--hostname new_hostname
	Set the host name of the new context, before the capabilities
	are lowered (a context without CAP_SYS_ADMIN cannot rename itself).
--secure
	Remove the capabilities a virtual server must not have.
--silent
	Do not print the context number and the names set.

Information about the context is in /proc/self/status
`;

interface Options {
	ctxs: number[];
	disconnect: boolean;
	silent: boolean;
	flags: number;
	remove: number;
	keep: number;
	hostname: string | null;
	domainname: string | null;
	/** Index in argv of the command. */
	command: number;
}

/** Reads the options in order, as the C loop does: exact names, the first other word ends them. */
async function parse(sys: Sys, argv: string[]): Promise<Options | null> {
	const o: Options = {
		ctxs: [],
		disconnect: false,
		silent: false,
		flags: 0,
		remove: 0,
		keep: 0,
		hostname: null,
		domainname: null,
		command: argv.length
	};
	let i = 1;
	for (; i < argv.length; i++) {
		const arg = argv[i]!;
		const takesValue = ['--ctx', '--flag', '--cap', '--hostname', '--domainname'].includes(arg);
		const value = argv[i + 1];
		// CHOICE: an option missing its value shows the usage (the C tool dereferenced NULL).
		if (takesValue && value === undefined) return null;
		if (arg === '--ctx') {
			if (o.ctxs.length >= 16) await say(sys, 2, 'Too many context, max 16, ignored.\n');
			else o.ctxs.push(atoi(value!));
			i++;
		} else if (arg === '--disconnect') o.disconnect = true;
		else if (arg === '--silent') o.silent = true;
		else if (arg === '--flag') {
			const bit = FLAG_OPTIONS.includes(value!) ? flagByName(value!) : null;
			if (bit === null) await say(sys, 2, `Unknown flag ${value}\n`);
			else o.flags |= bit;
			i++;
		} else if (arg === '--cap') {
			const remove = value!.startsWith('!');
			const name = remove ? value!.slice(1) : value!;
			const found = CAP_OPTIONS.find((n) => n === name.toUpperCase());
			if (found === undefined) await say(sys, 2, `Unknown capability ${name}\n`);
			else if (remove) o.remove |= 1 << CAP_NAMES.indexOf(found);
			else o.keep |= 1 << CAP_NAMES.indexOf(found);
			i++;
		} else if (arg === '--secure') o.remove |= CAP_SECURE_REMOVE;
		else if (arg === '--hostname') {
			o.hostname = value!;
			i++;
		} else if (arg === '--domainname') {
			o.domainname = value === 'none' ? '' : value!;
			i++;
		} else break;
	}
	if (i >= argv.length || argv[i]!.startsWith('-')) return null;
	o.command = i;
	return o;
}

/**
 * The switch itself: the context call with the flags, the names while CAP_SYS_ADMIN is still
 * there, then a second call (ctx -2) that lowers the ceiling, the message, and the exec.
 * Returns only when the command could not be run.
 */
async function enter(
	sys: Sys,
	argv: string[],
	env: Record<string, string>,
	o: Options
): Promise<void> {
	// SIMPLIFIED: this kernel has rev0 of new_s_context (one context), so of several --ctx
	// options only the first is used.
	const wanted = o.ctxs[0] ?? CTX_NEW;
	const now = await sys.new_s_context(wanted, 0, o.flags);
	if (isErrno(now)) {
		// perror() with a message that ends in a newline, as the 2003 tool called it.
		await say(sys, 2, `Can't set the new security context\n: ${now.message}\n`);
		return;
	}
	if (o.hostname !== null) {
		const r = await sys.sethostname(o.hostname);
		if (isErrno(r)) await say(sys, 2, `Can't set the host name (${r.message})\n`);
		else if (!o.silent) await say(sys, 1, `Host name is now ${o.hostname}\n`);
	}
	if (o.domainname !== null) {
		// The 2003 tool did not check this call: the message follows whatever happened.
		await sys.setdomainname(o.domainname);
		if (!o.silent) await say(sys, 1, `Domain name is now ${o.domainname}\n`);
	}
	const remove = (o.remove & ~o.keep) >>> 0;
	if (remove !== 0) await sys.new_s_context(CTX_SAME, remove, 0);
	const shown = wanted === CTX_NEW ? now : wanted;
	if (!o.silent) await say(sys, 1, `New security context is ${shown}\n`);
	const e = await execvp(sys, argv.slice(o.command), env);
	await say(sys, 2, `Can't exec ${argv[o.command]} (${e.message})\n`);
}

export async function chcontext(
	sys: Sys,
	argv: string[],
	env: Record<string, string>
): Promise<number> {
	const o = await parse(sys, argv);
	if (o === null) {
		await say(sys, 2, USAGE);
		return FAILED;
	}
	if (o.disconnect) {
		// Fork first: fakeinit makes the caller the context's init, and that must be the child.
		await sys.fork(async (child) => {
			await enter(child, argv, env, o);
			return 0;
		});
		return FAILED;
	}
	await enter(sys, argv, env, o);
	return FAILED;
}

// ---- What the 2003 vserver tools share (chbind, reducecap and capchroot import these) -------

/** The tools' `return -1` from main: what the shell sees whenever the command did not run. */
export const FAILED = 255;

/** Writes at once to fd 1 or 2, so messages keep their order with the command's own output. */
export async function say(sys: Sys, fd: 1 | 2, text: string): Promise<void> {
	await sys.write(fd, text);
}

/** atoi(3): optional blanks and sign, then digits; anything else gives 0. */
export function atoi(text: string): number {
	const m = /^[ \t\n]*([-+]?\d+)/.exec(text);
	return m ? Number.parseInt(m[1]!, 10) | 0 : 0;
}

/**
 * execvp(3): a name without a slash is searched along PATH (the first executable regular file).
 * Returns only on failure, with the errno the caller reports.
 */
export async function execvp(
	sys: Sys,
	command: string[],
	env: Record<string, string>
): Promise<Errno> {
	const name = command[0]!;
	let path: string | null = name;
	if (!name.includes('/')) {
		path = null;
		for (const dir of (env.PATH ?? '/bin:/usr/bin').split(':')) {
			const full = `${dir || '.'}/${name}`;
			const st = await sys.stat(full);
			if (!isErrno(st) && (st.mode & S_IFMT) === S_IFREG && st.mode & 0o111) {
				path = full;
				break;
			}
		}
	}
	return path === null ? errno('ENOENT') : sys.execve(path, command, env);
}
