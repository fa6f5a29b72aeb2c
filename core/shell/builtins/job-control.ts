// Job-control builtins: jobs, fg, bg, wait, kill (with -l, -SIG, -s, -n and %job), disown and
// suspend.
import type { Job } from '../jobs.ts';
import type { Shell } from '../interpreter.ts';
import {
	NSIG,
	SIGCONT,
	SIGKILL,
	SIGSTOP,
	SIGTERM,
	TIOCSPGRP,
	isErrno,
	parseSignal,
	signalNames
} from '../../syscalls/index.ts';

/** `kill -l`: four to a line, as bash prints them. */
export function signalList(): string {
	let text = '';
	let col = 0;
	for (let i = 1; i < NSIG; i++) {
		text += `${String(i).padStart(2)}) SIG${signalNames[i]}`;
		if (++col < 4) text += '\t';
		else {
			text += '\n';
			col = 0;
		}
	}
	return col ? text + '\n' : text;
}

async function jobArg(sh: Shell, name: string, spec: string | undefined): Promise<Job | null> {
	if (!sh.jobControl && (name === 'fg' || name === 'bg')) {
		await sh.error(`${name}: no job control`);
		return null;
	}
	const r = sh.jobs.resolve(spec ?? '%+');
	if (typeof r === 'string') {
		await sh.error(spec === undefined ? `${name}: ${r}` : `${name}: ${spec}: ${r}`);
		return null;
	}
	return r;
}

export async function jobs(sh: Shell, argv: string[]): Promise<number> {
	let long = false;
	let pids = false;
	let running = false;
	let stopped = false;
	const specs: string[] = [];
	for (const a of argv.slice(1)) {
		if (/^-[lnprs]+$/.test(a)) {
			if (a.includes('l')) long = true;
			if (a.includes('p')) pids = true;
			if (a.includes('r')) running = true;
			if (a.includes('s')) stopped = true;
		} else specs.push(a);
	}
	await sh.reap(false);
	let list = sh.jobs.jobs.filter((j) => !j.fg);
	if (specs.length) {
		list = [];
		for (const s of specs) {
			const j = sh.jobs.resolve(s);
			if (typeof j === 'string') {
				await sh.error(`jobs: ${s}: ${j}`);
				return 1;
			}
			list.push(j);
		}
	}
	let text = '';
	for (const j of list) {
		const st = sh.jobs.state(j);
		if ((running && st !== 'running') || (stopped && st !== 'stopped')) continue;
		text += pids ? `${j.procs[0]!.pid}\n` : sh.jobs.line(j, long) + '\n';
		j.changed = false;
		if (st === 'done' && sh.interactive) sh.jobs.remove(j);
	}
	return sh.out(text, 'jobs');
}

async function continueJob(sh: Shell, job: Job): Promise<void> {
	for (const p of job.procs) if (p.state === 'stopped') p.state = 'running';
	const r = job.pgid ? await sh.sys.kill(-job.pgid, SIGCONT) : null;
	if (r === null || isErrno(r)) for (const p of job.procs) await sh.sys.kill(p.pid, SIGCONT);
}

export async function fg(sh: Shell, argv: string[]): Promise<number> {
	const job = await jobArg(sh, 'fg', argv[1]);
	if (!job) return 1;
	if (sh.jobs.state(job) === 'done') {
		await sh.error(`fg: job has terminated`);
		sh.jobs.remove(job);
		return 1;
	}
	await sh.out(job.text + '\n');
	sh.jobs.setCurrent(job);
	job.fg = true;
	job.changed = false;
	if (sh.ttyFd >= 0) await sh.sys.ioctl(sh.ttyFd, TIOCSPGRP, job.pgid);
	await continueJob(sh, job);
	return sh.waitForeground(job);
}

export async function bg(sh: Shell, argv: string[]): Promise<number> {
	const specs = argv.length > 1 ? argv.slice(1) : [undefined];
	let status = 0;
	for (const spec of specs) {
		const job = await jobArg(sh, 'bg', spec);
		if (!job) {
			status = 1;
			continue;
		}
		if (sh.jobs.state(job) === 'running') {
			await sh.error(`bg: job ${job.id} already in background`);
			continue;
		}
		job.fg = false;
		await sh.out(`[${job.id}]${sh.jobs.mark(job)} ${job.text} &\n`);
		await continueJob(sh, job);
	}
	return status;
}

export async function wait(sh: Shell, argv: string[]): Promise<number> {
	const args = argv.slice(1);
	if (args.length === 0) {
		await sh.reap(
			true,
			() =>
				sh.interrupted ||
				sh.pendingTraps.length > 0 ||
				sh.jobs.jobs.every((j) => j.fg || sh.jobs.state(j) !== 'running')
		);
		if (sh.interrupted) return 130;
		if (!sh.interactive) {
			for (const j of [...sh.jobs.jobs]) {
				if (!j.fg && sh.jobs.state(j) === 'done') sh.jobs.remove(j);
			}
		}
		return 0;
	}
	let status = 0;
	for (const a of args) {
		let job: Job | null;
		if (a.startsWith('%')) {
			const r = sh.jobs.resolve(a);
			if (typeof r === 'string') {
				await sh.error(`wait: ${a}: ${r}`);
				status = 127;
				continue;
			}
			job = r;
		} else if (/^[0-9]+$/.test(a)) {
			job = sh.jobs.byPid(Number(a));
			if (!job) {
				const stray = sh.jobs.takeStray(Number(a));
				if (stray !== undefined) {
					status = stray >> 8;
					continue;
				}
				await sh.error(`wait: pid ${a} is not a child of this shell`);
				status = 127;
				continue;
			}
		} else {
			await sh.error(`wait: \`${a}': not a pid or valid job spec`);
			status = 1;
			continue;
		}
		const j = job;
		await sh.reap(
			true,
			() => sh.interrupted || sh.pendingTraps.length > 0 || sh.jobs.state(j) !== 'running'
		);
		if (sh.interrupted) return 130;
		status = sh.jobs.state(j) === 'running' ? 127 : sh.jobs.exitCode(j);
		if (sh.jobs.state(j) === 'done' && !sh.interactive) sh.jobs.remove(j);
	}
	return status;
}

const KILL_USAGE =
	'kill: usage: kill [-s sigspec | -n signum | -sigspec] [pid | job]... or kill -l [sigspec]\n';

export async function kill(sh: Shell, argv: string[]): Promise<number> {
	let sig = SIGTERM;
	let i = 1;
	const a1 = argv[1];
	if (a1 === undefined) {
		await sh.write(2, `${sh.errorName()}: ${KILL_USAGE}`);
		return 2;
	}
	if (a1 === '-l' || a1 === '-L') {
		if (argv.length === 2) return sh.out(signalList(), 'kill');
		let text = '';
		let status = 0;
		for (const a of argv.slice(2)) {
			if (/^[0-9]+$/.test(a)) {
				let n = Number(a);
				if (n > 128) n -= 128;
				if (n > 0 && n < NSIG) text += signalNames[n] + '\n';
				else {
					await sh.error(`kill: ${a}: invalid signal specification`);
					status = 1;
				}
			} else {
				const n = parseSignal(a);
				if (n === undefined || n === 0) {
					await sh.error(`kill: ${a}: invalid signal specification`);
					status = 1;
				} else text += n + '\n';
			}
		}
		await sh.out(text, 'kill');
		return status;
	}
	if (a1 === '-s' || a1 === '-n') {
		const spec = argv[2];
		const n = spec === undefined ? undefined : parseSignal(spec);
		if (n === undefined) {
			await sh.error(`kill: ${spec ?? ''}: invalid signal specification`);
			return 1;
		}
		sig = n;
		i = 3;
	} else if (a1.startsWith('-') && a1 !== '-' && a1 !== '--') {
		const n = parseSignal(a1.slice(1));
		if (n === undefined) {
			await sh.error(`kill: ${a1.slice(1)}: invalid signal specification`);
			return 1;
		}
		sig = n;
		i = 2;
	} else if (a1 === '--') i = 2;
	const targets = argv.slice(i);
	if (targets.length === 0) {
		await sh.write(2, `${sh.errorName()}: ${KILL_USAGE}`);
		return 2;
	}
	let status = 0;
	for (const t of targets) {
		const st = await killOne(sh, t, sig);
		if (st) status = st;
	}
	// A signal sent to ourselves is delivered on the way back from a system call: let it arrive
	// now, so its trap runs before the next command (as in bash).
	await sh.sys.getpid();
	return status;
}

async function killOne(sh: Shell, t: string, sig: number): Promise<number> {
	let status = 0;
	{
		if (t.startsWith('%')) {
			const job = sh.jobs.resolve(t);
			if (typeof job === 'string') {
				await sh.error(`kill: ${t}: ${job}`);
				return 1;
			}
			const stopped = sh.jobs.state(job) === 'stopped';
			let r = job.pgid ? await sh.sys.kill(-job.pgid, sig) : null;
			if (r === null) for (const p of job.procs) r = await sh.sys.kill(p.pid, sig);
			if (r && isErrno(r)) {
				await sh.error(`kill: (${job.pgid || job.procs[0]!.pid}) - ${r.message}`);
				status = 1;
			} else if (stopped && sig !== SIGKILL && sig !== SIGCONT && sig !== SIGSTOP) {
				// A stopped job must run to act on the signal (bash sends SIGCONT too).
				if (job.pgid) await sh.sys.kill(-job.pgid, SIGCONT);
			}
			return status;
		}
		if (!/^-?[0-9]+$/.test(t)) {
			await sh.error(`kill: ${t}: arguments must be process or job IDs`);
			return 1;
		}
		const r = await sh.sys.kill(Number(t), sig);
		if (isErrno(r)) {
			await sh.error(`kill: (${t}) - ${r.message}`);
			status = 1;
		}
	}
	return status;
}

export async function disown(sh: Shell, argv: string[]): Promise<number> {
	const specs = argv.slice(1).filter((a) => !a.startsWith('-') || a.startsWith('%'));
	if (argv.includes('-a')) {
		for (const j of [...sh.jobs.jobs]) sh.jobs.remove(j);
		return 0;
	}
	for (const s of specs.length ? specs : ['%+']) {
		const j = sh.jobs.resolve(s);
		if (typeof j === 'string') {
			await sh.error(`disown: ${s}: ${j}`);
			return 1;
		}
		sh.jobs.remove(j);
	}
	return 0;
}

export async function suspend(sh: Shell, argv: string[]): Promise<number> {
	if (sh.login && !argv.includes('-f')) {
		await sh.error('suspend: cannot suspend a login shell');
		return 1;
	}
	await sh.sys.kill(await sh.sys.getpid(), SIGSTOP);
	return 0;
}
