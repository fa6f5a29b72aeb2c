// killall (psmisc 20) and pidof (sysvinit 2.84): processes found by name in /proc, so a
// security context can neither see nor signal what lives in another one.
import { isErrno, SIGKILL, type Sys } from '../syscalls/index.ts';
import { basename, Tool } from './lib/tool.ts';
import { readAll, signalNumber, type ProcInfo } from './lib/procps.ts';
import { killSignals } from './kill.ts';

/** psmisc's list: names without aliases' duplicates, wrapped at 80 columns. */
function listSignals(): string {
	let out = '';
	let col = 0;
	for (const [name] of killSignals.filter(([n]) => n !== 'CLD')) {
		if (col + name.length + 1 > 80) {
			out += '\n';
			col = 0;
		}
		out += (col ? ' ' : '') + name;
		col += name.length + 1;
	}
	return out + '\n';
}

const usage =
	'usage: killall [ -e ] [ -g ] [ -i ] [ -q ] [ -v ] [ -w ] [ -signal ] name ...\n' +
	'       killall -l\n' +
	'       killall -V\n';

/** psmisc compares the 15-character comm of stat unless -e asks for the whole name. */
function matches(p: ProcInfo, name: string, exact: boolean): boolean {
	const base = basename(name);
	if (p.comm === base) return true;
	if (!exact && base.length > 15 && p.comm.length === 15 && base.startsWith(p.comm)) return true;
	return false;
}

export async function killall(
	sys: Sys,
	argv: string[],
	env: Record<string, string>
): Promise<number> {
	const t = new Tool(sys, argv, env);
	let sig = 15;
	let exact = false;
	let quiet = false;
	let verbose = false;
	let wait = false;
	let i = 1;
	for (; i < argv.length; i++) {
		const a = argv[i]!;
		if (!a.startsWith('-') || a === '-') break;
		if (a === '--') {
			i++;
			break;
		}
		if (a === '-l') {
			await t.out(listSignals());
			return t.exit(0);
		}
		if (a === '-V') {
			await t.errRaw('killall (psmisc) 20.2\n');
			return 0;
		}
		if (/^-[egiqvw]+$/.test(a)) {
			for (const c of a.slice(1)) {
				if (c === 'e') exact = true;
				else if (c === 'q') quiet = true;
				else if (c === 'v') verbose = true;
				else if (c === 'w') wait = true;
			}
			continue;
		}
		const n = signalNumber(a.slice(1));
		if (n === undefined || n === 0) {
			await t.errRaw(`${a.slice(1)}: unknown signal; killall -l lists signals.\n`);
			return 1;
		}
		sig = n;
	}
	const names = argv.slice(i);
	if (names.length === 0) {
		await t.errRaw(usage);
		return 1;
	}
	const me = await sys.getpid();
	const procs = (await readAll(sys)).filter((p) => p.pid !== me && p.state !== 'Z');
	const found = new Array<boolean>(names.length).fill(false);
	let error = false;
	const killed: number[] = [];
	for (const p of procs) {
		for (let j = 0; j < names.length; j++) {
			if (!matches(p, names[j]!, exact)) continue;
			const r = await sys.kill(p.pid, sig);
			if (!isErrno(r)) {
				found[j] = true;
				killed.push(p.pid);
				if (verbose) await t.errRaw(`Killed ${p.comm}(${p.pid}) with signal ${sig}\n`);
			} else if (r.name !== 'ESRCH') {
				error = true;
				await t.errRaw(`${names[j]}(${p.pid}): ${r.message}\n`);
			}
			break;
		}
	}
	if (!quiet) {
		for (let j = 0; j < names.length; j++) {
			if (!found[j]) await t.errRaw(`${names[j]}: no process killed\n`);
		}
	}
	// -w: wait until every signalled process is gone (kill(pid, 0) fails).
	while (wait && killed.length > 0) {
		await sys.sleep(1000);
		for (let k = killed.length - 1; k >= 0; k--) {
			if (isErrno(await sys.kill(killed[k]!, 0))) killed.splice(k, 1);
		}
		if (sig === SIGKILL && killed.length === 0) break;
	}
	return t.exit(error || found.some((f) => !f) ? 1 : 0);
}

/** pidof: newest first, as sysvinit's list is built by prepending. */
export async function pidof(
	sys: Sys,
	argv: string[],
	env: Record<string, string>
): Promise<number> {
	const t = new Tool(sys, argv, env);
	let single = false;
	const omit = new Set<number>();
	const names: string[] = [];
	const me = await sys.getpid();
	for (let i = 1; i < argv.length; i++) {
		const a = argv[i]!;
		if (a === '-s') single = true;
		else if (a === '-x') continue;
		else if (a === '-o' || a.startsWith('-o')) {
			const v = a === '-o' ? argv[++i] : a.slice(2);
			for (const o of (v ?? '').split(',')) {
				omit.add(o === '%PPID' ? await sys.getppid() : Number(o));
			}
		} else names.push(a);
	}
	const procs = (await readAll(sys))
		.filter((p) => p.pid !== me && !omit.has(p.pid) && p.state !== 'Z')
		.reverse();
	const out: number[] = [];
	for (const name of names) {
		for (const p of procs) {
			const argv0 = p.cmdline[0] ?? '';
			if (argv0 === name || basename(argv0) === name || p.comm === name) {
				out.push(p.pid);
				if (single) break;
			}
		}
	}
	if (out.length === 0) return 1;
	await t.out(out.join(' ') + '\n');
	return t.exit(0);
}
