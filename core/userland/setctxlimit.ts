// /usr/sbin/setctxlimit: a later tool (reference §7 "Related later pieces"): sets a limit on a
// whole security context through set_ctxlimit(2), for the caller's context or, with --ctx N
// first, for context N (the tool enters it, so only root in context 0 may name one). Its only
// limit is -n, open files. Installed with the later kernel; on the 2003 kernel the call is
// missing and the tool says so (ENOSYS).
import { RLIMIT_NOFILE, isErrno, type Sys } from '../syscalls/index.ts';

const USAGE = `setctxlimit version 0.22
setctxlimit [ --ctx context ] limits

-n max opened files
`;

/** atoi(3): leading blanks, a sign and digits; anything else reads as 0. */
function atoi(s: string): number {
	const m = /^\s*([+-]?\d+)/.exec(s);
	return m ? Number(m[1]) | 0 : 0;
}

export async function setctxlimit(sys: Sys, argv: string[]): Promise<number> {
	if (argv.length < 2) {
		await sys.write(2, USAGE);
		return 255;
	}
	// Every word is looked at in turn, values too: a value that is not an option is passed over.
	for (let i = 1; i < argv.length; i++) {
		const arg = argv[i]!;
		const val = atoi(argv[i + 1] ?? '');
		if (arg === '--help') {
			await sys.write(2, USAGE);
		} else if (arg === '--ctx') {
			const r = await sys.new_s_context(val);
			if (isErrno(r)) {
				await sys.write(2, `Can't select context ${val} (${r.message})\n`);
				return 255;
			}
		} else if (arg === '-n') {
			const r = await sys.set_ctxlimit(RLIMIT_NOFILE, val);
			if (isErrno(r)) {
				await sys.write(2, `Error setting limit "Number of opened files": ${r.message}\n`);
				return 255;
			}
		}
	}
	return 0;
}
