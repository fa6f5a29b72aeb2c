// /bin/kill (util-linux 2.11): signals by pid, process group (-N) or name, `-l` lists the
// signals; `chcontext --ctx N kill PID` execs this program rather than the shell's builtin.
import { isErrno, type Sys } from '../syscalls/index.ts';
import { basename, Tool } from './lib/tool.ts';
import { readAll, signalNumber } from './lib/procps.ts';

/** util-linux's sys_signame table: the kernel's names in number order, with old aliases. */
export const killSignals: [string, number][] = [
	['HUP', 1],
	['INT', 2],
	['QUIT', 3],
	['ILL', 4],
	['TRAP', 5],
	['ABRT', 6],
	['IOT', 6],
	['BUS', 7],
	['FPE', 8],
	['KILL', 9],
	['USR1', 10],
	['SEGV', 11],
	['USR2', 12],
	['PIPE', 13],
	['ALRM', 14],
	['TERM', 15],
	['STKFLT', 16],
	['CHLD', 17],
	['CLD', 17],
	['CONT', 18],
	['STOP', 19],
	['TSTP', 20],
	['TTIN', 21],
	['TTOU', 22],
	['URG', 23],
	['XCPU', 24],
	['XFSZ', 25],
	['VTALRM', 26],
	['PROF', 27],
	['WINCH', 28],
	['IO', 29],
	['POLL', 29],
	['PWR', 30],
	['SYS', 31]
];

/** Names on lines of at most 72 columns, as util-linux's printsignals. */
export function signalList(names: readonly string[], limit = 72): string {
	let out = '';
	let pos = 0;
	for (const name of names) {
		const len = name.length + 1;
		if (pos + len > limit) {
			out += '\n';
			pos = 0;
		} else if (pos) out += ' ';
		pos += len;
		out += name;
	}
	return out + '\n';
}

const usageText = 'usage: kill [ -s signal | -p ] [ -a ] pid ...\n       kill -l [ signal ]\n';

export async function kill(sys: Sys, argv: string[], env: Record<string, string>): Promise<number> {
	const t = new Tool(sys, argv, env);
	const who = 'kill';
	let sig = 15;
	let sigGiven = false;
	let printPids = false;
	let all = false;
	let i = 1;
	const usage = async (status: number): Promise<number> => {
		await t.errRaw(usageText);
		return status;
	};
	const toSignal = (s: string): number | undefined => {
		const n = signalNumber(s);
		return n === undefined || (/^[0-9]+$/.test(s) && n === 0 && s !== '0') ? undefined : n;
	};
	for (; i < argv.length; i++) {
		const a = argv[i]!;
		if (!a.startsWith('-') || a === '-') break;
		if (a === '--') {
			i++;
			break;
		}
		if (a === '-a') all = true;
		else if (a === '-p') printPids = true;
		else if (a === '-l') {
			const rest = argv.slice(i + 1);
			if (rest.length === 0) {
				await t.out(signalList(killSignals.map(([n]) => n)));
				return t.exit(0);
			}
			if (rest.length > 1) return usage(1);
			let n = /^[0-9]+$/.test(rest[0]!) ? Number(rest[0]) & 127 : signalNumber(rest[0]!);
			if (n === undefined || (n as number) >= 32) n = undefined;
			if (n === undefined) {
				await t.errRaw(`${who}: unknown signal ${rest[0]}\n`);
				return 1;
			}
			const name = killSignals.find(([, v]) => v === n)?.[0];
			await t.out(`${name ?? n}\n`);
			return t.exit(0);
		} else if (a === '-s') {
			const s = argv[++i];
			if (s === undefined) return usage(1);
			const n = toSignal(s);
			if (n === undefined) return noSignal(t, who, s);
			sig = n;
			sigGiven = true;
		} else if (sigGiven && /^-[0-9]+$/.test(a)) {
			// A signal is already known: -N is a process group.
			break;
		} else {
			const n = toSignal(a.slice(1));
			if (n === undefined) return noSignal(t, who, a.slice(1));
			sig = n;
			sigGiven = true;
		}
	}
	const targets = argv.slice(i);
	if (targets.length === 0) return usage(1);
	let errors = 0;
	const me = await sys.getpid();
	const uid = await sys.getuid();
	for (const arg of targets) {
		let pids: number[];
		if (/^-?[0-9]/.test(arg)) {
			if (!/^-?[0-9]+$/.test(arg)) {
				await t.errRaw(`${who}: can't find process "${arg}"\n`);
				errors++;
				continue;
			}
			pids = [Number(arg)];
		} else {
			// util-linux's get_pids: argv[0]'s base name, the caller's own processes unless -a.
			pids = (await readAll(sys))
				.filter(
					(p) => p.pid !== me && (all || p.uid === uid) && basename(p.cmdline[0] ?? p.comm) === arg
				)
				.map((p) => p.pid);
			if (pids.length === 0) {
				await t.errRaw(`${who}: can't find process "${arg}"\n`);
				errors++;
				continue;
			}
		}
		for (const pid of pids) {
			if (printPids) {
				await t.out(`${pid}\n`);
				continue;
			}
			const r = await sys.kill(pid, sig);
			if (isErrno(r)) {
				await t.errRaw(`${who} ${arg}: ${r.message}\n`);
				errors++;
			}
		}
	}
	return t.exit(Math.min(errors, 255));
}

async function noSignal(t: Tool, who: string, name: string): Promise<number> {
	await t.errRaw(
		`${who}: unknown signal ${name}; valid signals:\n` + signalList(killSignals.map(([n]) => n))
	);
	return 1;
}
