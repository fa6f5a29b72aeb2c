// /usr/lib/vserver/capchroot (vserver 0.22): chroot into a vserver's directory, optionally drop
// CAP_SYS_CHROOT from the ceiling so nobody inside can chroot again, optionally become one of the
// vserver's users, then exec (reference §10.4).
import { CAP_NAMES, CTX_SAME, isErrno, type Sys } from '../syscalls/index.ts';
import { Users } from './lib/users.ts';
import { FAILED, execvp, say } from './chcontext.ts';

const USAGE = `capchroot version 0.22
capchroot [ --nochroot ] [ --suid user ] directory command argument

--nochroot remove the CAP_SYS_CHROOT capability from the ceiling
           once the chroot is done.
--suid     become this user of the vserver before running the command.
`;

const CAP_SYS_CHROOT = CAP_NAMES.indexOf('CAP_SYS_CHROOT');

export async function capchroot(
	sys: Sys,
	argv: string[],
	env: Record<string, string>
): Promise<number> {
	if (argv.length < 3) {
		await say(sys, 2, USAGE);
		return FAILED;
	}
	let nochroot = false;
	let user: string | null = null;
	let dir = 1;
	for (; dir < argv.length; dir++) {
		const arg = argv[dir]!;
		if (!arg.startsWith('-')) break;
		if (arg === '--nochroot') nochroot = true;
		else if (arg === '--suid') user = argv[++dir] ?? null;
		// Other words starting with a dash are skipped, as the 2003 tool did.
	}
	const directory = argv[dir];
	if (directory === undefined) {
		await say(sys, 2, USAGE);
		return FAILED;
	}
	// SIMPLIFIED: the kernel has no chrootsafe(), so capchroot uses chroot() as it did then.
	const r = await sys.chroot(directory);
	if (isErrno(r)) {
		await say(sys, 2, `Can't chroot to directory ${directory} (${r.message})\n`);
		return FAILED;
	}
	if (nochroot) await sys.new_s_context(CTX_SAME, 1 << CAP_SYS_CHROOT, 0);
	if (user !== null && user !== 'root') {
		// CHOICE: the user is one of the vserver's, read from its own /etc/passwd after the chroot
		// (the help says "in the vserver context"); the tool's look-up before the chroot only
		// loaded the host's NSS libraries, which this model does not have.
		const pw = await new Users(sys).byName(user);
		if (!pw) {
			await say(sys, 2, `User not found: ${user}\n`);
			return FAILED;
		}
		await sys.setgroups([]);
		await sys.setgid(pw.gid);
		await sys.setuid(pw.uid);
	}
	const command = argv.slice(dir + 1);
	if (command.length === 0) {
		await say(sys, 2, 'capchroot: No command to execute, do nothing\n');
		return FAILED;
	}
	const e = await execvp(sys, command, env);
	await say(sys, 2, `Can't execute ${command[0]} (${e.message})\n`);
	return FAILED;
}
