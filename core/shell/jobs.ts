// The job table of job control: jobs and their processes, current and previous job (`+`/`-`),
// job specs (%1 %+ %- %name %?text), and the lines `jobs` and the notices print, in bash's format.
import {
	WCOREDUMP,
	WEXITSTATUS,
	WIFSIGNALED,
	WIFSTOPPED,
	WSTOPSIG,
	WTERMSIG,
	signalDescriptions
} from '../syscalls/index.ts';

export type ProcState = 'running' | 'stopped' | 'done';

export interface JobProc {
	pid: number;
	/** The last wait status reported for the process. */
	status: number;
	state: ProcState;
}

export interface Job {
	id: number;
	pgid: number;
	procs: JobProc[];
	/** The command as bash prints it (no trailing `&`); worked out when first shown. */
	readonly text: string;
	/** Each process's own command (the stages of a pipeline), for `jobs -l`. */
	readonly stages: readonly string[];
	/** Running in the foreground (waited for by the shell). */
	fg: boolean;
	/** A state change not yet reported before a prompt. */
	changed: boolean;
}

/** bash's LONGEST_SIGNAL_DESC: the width of the status column. */
const STATUS_WIDTH = 24;
/** Finished background jobs a non-interactive shell remembers for `wait PID`. */
const MAX_REMEMBERED = 256;

/** $? for a wait status. */
export function exitCodeOf(status: number): number {
	if (WIFSTOPPED(status)) return 128 + WSTOPSIG(status);
	if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

/** The signal description bash prints for a killed process, e.g. `Segmentation fault (core dumped)`. */
export function signalText(status: number): string {
	const sig = WTERMSIG(status);
	const desc = signalDescriptions[sig] ?? `Unknown signal ${sig}`;
	return desc + (WCOREDUMP(status) ? ' (core dumped)' : '');
}

export class JobTable {
	jobs: Job[] = [];
	current: Job | null = null;
	previous: Job | null = null;
	/** Exit statuses of reaped processes that belong to no job (command substitutions...). */
	private strays = new Map<number, number>();

	add(
		pgid: number,
		pids: number[],
		text: string | (() => string),
		fg: boolean,
		stages: (() => string[]) | null = null
	): Job {
		const id = this.jobs.length === 0 ? 1 : Math.max(...this.jobs.map((j) => j.id)) + 1;
		let shown = typeof text === 'string' ? text : null;
		let parts: string[] | null = null;
		const job: Job = {
			id,
			pgid,
			procs: pids.map((pid) => ({ pid, status: 0, state: 'running' })),
			get text() {
				return (shown ??= (text as () => string)());
			},
			get stages() {
				return (parts ??= stages ? stages() : [this.text]);
			},
			fg,
			changed: false
		};
		this.jobs.push(job);
		if (!fg) this.becomeCurrentAsBackground(job);
		this.trim();
		return job;
	}

	private trim(): void {
		if (this.jobs.length <= MAX_REMEMBERED) return;
		const old = this.jobs.find((j) => this.state(j) === 'done');
		if (old) this.remove(old);
	}

	state(job: Job): ProcState {
		let stopped = false;
		for (const p of job.procs) {
			if (p.state === 'running') return 'running';
			if (p.state === 'stopped') stopped = true;
		}
		return stopped ? 'stopped' : 'done';
	}

	/** $? of a finished or stopped job: its last process's. */
	exitCode(job: Job): number {
		const stopped = job.procs.find((p) => p.state === 'stopped');
		return exitCodeOf(stopped ? stopped.status : job.procs[job.procs.length - 1]!.status);
	}

	/** Records a wait status; returns the job it belongs to, if any. */
	record(pid: number, status: number): Job | null {
		for (const job of this.jobs) {
			const p = job.procs.find((q) => q.pid === pid);
			if (!p) continue;
			p.status = status;
			if (status === 0xffff) p.state = 'running';
			else p.state = WIFSTOPPED(status) ? 'stopped' : 'done';
			const st = this.state(job);
			if (st === 'stopped') this.setCurrent(job);
			if (!job.fg) job.changed = true;
			return job;
		}
		if (!WIFSTOPPED(status) && status !== 0xffff) {
			this.strays.set(pid, status);
			if (this.strays.size > MAX_REMEMBERED) this.strays.delete(this.strays.keys().next().value!);
		}
		return null;
	}

	/** A reaped process that was no job's (for `wait PID` after it was collected). */
	takeStray(pid: number): number | undefined {
		const s = this.strays.get(pid);
		this.strays.delete(pid);
		return s;
	}

	remove(job: Job): void {
		this.jobs = this.jobs.filter((j) => j !== job);
		if (this.current === job) {
			this.current = this.previous;
			this.previous = null;
		} else if (this.previous === job) this.previous = null;
		if (this.current === null) this.current = this.pick(null);
		if (this.previous === null) this.previous = this.pick(this.current);
	}

	/** The most recent job other than `not`, stopped ones first (bash's reset_current). */
	private pick(not: Job | null): Job | null {
		const others = this.jobs.filter((j) => j !== not);
		for (let i = others.length - 1; i >= 0; i--) {
			if (this.state(others[i]!) === 'stopped') return others[i]!;
		}
		return others[others.length - 1] ?? null;
	}

	setCurrent(job: Job): void {
		if (this.current === job) return;
		this.previous = this.current;
		this.current = job;
	}

	private becomeCurrentAsBackground(job: Job): void {
		if (this.current && this.state(this.current) === 'stopped') {
			if (!this.previous || this.state(this.previous) !== 'stopped') this.previous = job;
			return;
		}
		this.setCurrent(job);
	}

	byPid(pid: number): Job | null {
		return this.jobs.find((j) => j.procs.some((p) => p.pid === pid)) ?? null;
	}

	/** Resolves a job spec (`%1`, `%+`, `%%`, `%-`, `%name`, `%?text`); a string is bash's error. */
	resolve(spec: string): Job | string {
		const s = spec.startsWith('%') ? spec.slice(1) : spec;
		if (s === '' || s === '%' || s === '+') return this.current ?? 'no current job';
		if (s === '-') return this.previous ?? 'no previous job';
		if (/^[0-9]+$/.test(s)) return this.jobs.find((j) => j.id === Number(s)) ?? 'no such job';
		const matches = s.startsWith('?')
			? this.jobs.filter((j) => j.text.includes(s.slice(1)))
			: this.jobs.filter((j) => j.text.startsWith(s));
		if (matches.length > 1) return 'ambiguous job spec';
		return matches[0] ?? 'no such job';
	}

	mark(job: Job): string {
		return job === this.current ? '+' : job === this.previous ? '-' : ' ';
	}

	/** The status column: Running, Stopped, Done, Exit N, Terminated... */
	statusText(job: Job): string {
		const st = this.state(job);
		if (st === 'running') return 'Running';
		if (st === 'stopped') {
			const p = job.procs.find((q) => q.state === 'stopped')!;
			return signalDescriptions[WSTOPSIG(p.status)] ?? 'Stopped';
		}
		const last = job.procs[job.procs.length - 1]!.status;
		if (WIFSIGNALED(last)) return signalText(last);
		const code = WEXITSTATUS(last);
		return code === 0 ? 'Done' : `Exit ${code}`;
	}

	/** One `jobs` line: `[1]+  Running                 sleep 100 &`; with `long`, the pid too. */
	line(job: Job, long = false): string {
		const st = this.state(job);
		const status = this.statusText(job).padEnd(STATUS_WIDTH);
		const amp = st === 'running' && !job.fg ? ' &' : '';
		if (!long) return `[${job.id}]${this.mark(job)}  ${status}${job.text}${amp}`;
		// bash's jobs -l: one line per process, the later stages under the first after `| `.
		const stages = job.stages;
		return job.procs
			.map((p, i) => {
				const pid = String(p.pid).padStart(5);
				const cmd = stages[i] ?? '';
				const end = i === job.procs.length - 1 ? amp : '';
				if (i === 0) return `[${job.id}]${this.mark(job)} ${pid} ${status}${cmd}${end}`;
				return `     ${pid} ${' '.repeat(STATUS_WIDTH - 2)}| ${cmd}${end}`;
			})
			.join('\n');
	}
}
