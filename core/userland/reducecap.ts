// /usr/sbin/reducecap (vserver 0.22): lowers the capability ceiling of a command and adds flags
// to the current context (new_s_context -2), optionally showing the capability sets first; the
// behaviour the 2003 tool meant (reference §10.3), not its C port's inverted option test.
import {
	CAP_NAMES,
	CAP_SECURE_REMOVE,
	CTX_SAME,
	capByName,
	flagByName,
	isErrno,
	type CapData,
	type Sys
} from '../syscalls/index.ts';
import { FAILED, execvp, say } from './chcontext.ts';

const USAGE = `reducecap version 0.22
reducecap [ options ] command argument
`;

/** The `--NAME` options: the capabilities a virtual server is not normally given. */
const RISKY = [
	'LINUX_IMMUTABLE',
	'NET_BIND_SERVICE',
	'NET_BROADCAST',
	'NET_ADMIN',
	'NET_RAW',
	'IPC_LOCK',
	'IPC_OWNER',
	'SYS_MODULE',
	'SYS_RAWIO',
	'SYS_PACCT',
	'SYS_ADMIN',
	'SYS_BOOT',
	'SYS_NICE',
	'SYS_RESOURCE',
	'SYS_TIME',
	'MKNOD'
];

/** reducecap's `--flag` words: chcontext's without fakeinit and ulimit. */
const FLAG_OPTIONS = ['lock', 'sched', 'nproc', 'private', 'hideinfo'];

/** The `--show` table: a header, then one row per capability of bits 0-28 with an X per set. */
export function capTable(c: CapData): string {
	const col = (text: string, width: number): string => text.padStart(width);
	const mark = (word: number, bit: number): string => ((word >>> bit) & 1 ? 'X    ' : ' ');
	let out = `${col('Capability', 22)} ${col('Effective', 9)} ${col('Permitted', 9)} ${col('Inheritable', 9)}\n`;
	CAP_NAMES.forEach((name, bit) => {
		out += `${col(name, 22)} ${col(mark(c.effective, bit), 9)} ${col(mark(c.permitted, bit), 9)} ${col(mark(c.inheritable, bit), 9)}\n`;
	});
	return out;
}

export async function reducecap(
	sys: Sys,
	argv: string[],
	env: Record<string, string>
): Promise<number> {
	const usage = async (): Promise<number> => {
		await say(sys, 2, USAGE);
		return FAILED;
	};
	let remove = 0;
	let flags = 0;
	let show = false;
	let i = 1;
	for (; i < argv.length; i++) {
		const arg = argv[i]!;
		const value = argv[i + 1];
		if (arg === '--secure') {
			// CHOICE: --secure adds to the removal set (the C port assigned it, so a --NAME given
			// before it was forgotten; the man page only promised --NAME after --secure).
			remove |= CAP_SECURE_REMOVE;
		} else if (arg === '--show') show = true;
		else if (arg === '--flag' || arg === '--cap') {
			if (value === undefined) return usage();
			i++;
			if (arg === '--flag') {
				const bit = FLAG_OPTIONS.includes(value) ? flagByName(value) : null;
				if (bit === null) await say(sys, 2, `Unknown flag ${value}\n`);
				else flags |= bit;
			} else {
				// CHOICE: later util-vserver's `--cap NAME` (any capability, CAP_ optional) is
				// accepted too, so the --show names can be used as they are printed.
				const bit = capByName(value);
				if (bit === null) {
					await say(sys, 2, `Unknown capability ${value}\n`);
					return usage();
				}
				remove |= 1 << bit;
			}
		} else if (arg.startsWith('--')) {
			// The intended test: a known --NAME removes that capability, an unknown one is an error.
			const name = RISKY.find((n) => n === arg.slice(2).toUpperCase());
			if (name === undefined) return usage();
			remove |= 1 << capByName(name)!;
		} else break;
	}
	if (i >= argv.length) {
		if (!show) return usage();
		const caps = await sys.capget(0);
		if (isErrno(caps)) await say(sys, 2, `capget: ${caps.message}\n`);
		else await say(sys, 1, capTable(caps));
		// The 2003 tool returned -1 from main on every path, the show-only one included.
		return FAILED;
	}
	if (argv[i]!.startsWith('-')) return usage();
	const caps = await sys.capget(0);
	if (isErrno(caps)) {
		await say(sys, 2, `capget: ${caps.message}\n`);
		return FAILED;
	}
	if (show) await say(sys, 1, capTable(caps));
	const r = await sys.new_s_context(CTX_SAME, remove >>> 0, flags);
	if (isErrno(r)) {
		await say(sys, 2, `new_s_context -2: ${r.message}\n`);
		return FAILED;
	}
	await say(sys, 2, 'Executing\n');
	await execvp(sys, argv.slice(i), env);
	await say(sys, 2, `Can't execute command ${argv[i]}\n`);
	return FAILED;
}
