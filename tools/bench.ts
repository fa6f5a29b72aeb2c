// `npm run bench`: every figure as one line `name value unit` on standard output (medians after a
// warm-up); spreads and the comparison with the previous run go to standard error. The previous
// run is kept in bench/last.json (ignored by git).
import { existsSync, mkdirSync, readFileSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { runLines, scriptHosts, scriptKernel, scriptLines } from '../core/runner.ts';
import { exercises, loadTutorialTree } from '../core/tutorial/index.ts';
import { exerciseBoot, Player } from '../core/replay/player.ts';
import { webBrowserFigures } from './bench-web.ts';
import { ModelMachine } from '../core/model-machine.ts';
import type { Sys } from '../core/syscalls/index.ts';
import { O_CREAT, O_TRUNC, O_WRONLY, isErrno } from '../core/syscalls/index.ts';
import type { Inode } from '../core/kernel/vfs.ts';
import {
	fillStatus,
	parseCmdline,
	procInfoOf,
	type ProcInfo
} from '../core/userland/lib/procps.ts';
import { tcpRoundtripsPerSecond } from '../core/kernel/net/net.bench.ts';
import { benchX86, type X86Bench } from '../core/x86/bench.ts';
import { startEventFeed } from '../core/worker/event-feed.ts';
import type { WorkerAsk, WorkerReport } from './bench-worker.ts';

type Unit = 'ms' | '/s' | 'kB' | 'MB' | 'x';
interface Figure {
	name: string;
	value: number;
	unit: Unit;
	spread?: string;
}

const LAST = 'bench/last.json';
const figures: Figure[] = [];
const only = process.argv.slice(2);

function wanted(name: string): boolean {
	return only.length === 0 || only.some((o) => name.startsWith(o));
}

function median(xs: number[]): number {
	const s = [...xs].sort((a, b) => a - b);
	const m = s.length >> 1;
	return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Runs `fn` `warmup` times unmeasured, then `runs` times; records the median. */
async function measure(
	name: string,
	unit: Unit,
	runs: number,
	fn: () => Promise<number>,
	warmup = 1
): Promise<number | null> {
	if (!wanted(name)) return null;
	const xs: number[] = [];
	try {
		for (let i = 0; i < warmup; i++) await fn();
		for (let i = 0; i < runs; i++) xs.push(await fn());
	} catch (err) {
		// One broken figure must not cost the others of a long run.
		console.error(`bench: ${name} failed: ${err instanceof Error ? err.stack : String(err)}`);
		return null;
	}
	const value = median(xs);
	figures.push({
		name,
		value,
		unit,
		spread: spreadOf(xs)
	});
	return value;
}

function record(name: string, value: number, unit: Unit, spread?: string): void {
	if (wanted(name)) figures.push({ name, value, unit, spread });
}

/** A figure's spread for standard error: `min … max … of N`. */
function spreadOf(xs: number[]): string {
	return `min ${fmt(Math.min(...xs))} max ${fmt(Math.max(...xs))} of ${xs.length}`;
}

function fmt(v: number): string {
	return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2);
}

async function bootToPrompt(): Promise<number> {
	const t0 = performance.now();
	const m = await ModelMachine.create();
	const id = await m.openTerminal({ user: 'root', cols: 80, rows: 24 });
	await m.settle(id, 5000);
	const t = performance.now() - t0;
	m.dispose();
	return t;
}

const FORKS = 2000;

/** fork + exec of /bin/true + wait, FORKS times, from a program inside the machine. */
async function forkExecRate(): Promise<number> {
	const m = await ModelMachine.create();
	const k = m.kernel;
	k.registerProgram('forkbench', (async (sys: Sys) => {
		for (let i = 0; i < FORKS; i++) {
			const pid = await sys.fork(async (child) => {
				await child.execve('/bin/true', ['true'], {});
				return 127;
			});
			if (isErrno(pid)) return 1;
			await sys.waitpid(pid, 0);
		}
		return 0;
	}) as never);
	k.installProgram('/usr/bin/forkbench', 'forkbench');
	const t0 = performance.now();
	const r = await m.run({ command: '/usr/bin/forkbench' });
	const ms = performance.now() - t0;
	m.dispose();
	if (r.exitCode !== 0) throw new Error('forkbench failed: ' + r.stderr);
	return (FORKS / ms) * 1000;
}

/** Restore by replay of a 100-command input log. */
async function snapshotRestore(): Promise<number> {
	const m = await ModelMachine.create();
	const id = await m.openTerminal({ user: 'root', cols: 80, rows: 24 });
	await m.settle(id, 5000);
	for (let i = 0; i < 100; i++) {
		m.input(id, `echo line ${i}\r`);
		await m.settle(id, 5000);
	}
	const saved = await m.save();
	m.dispose();
	if (saved.backend !== 'model' || saved.log.length !== 101) throw new Error('unexpected log');
	const t0 = performance.now();
	const copy = await ModelMachine.create(saved.boot, saved.log);
	const ms = performance.now() - t0;
	copy.dispose();
	return ms;
}

/** A machine with `n` more processes asleep in pause(2), and the root shell's terminal. */
async function sleepersMachine(n: number): Promise<{ m: ModelMachine; id: number }> {
	const m = await ModelMachine.create();
	const k = m.kernel;
	k.registerProgram('sleepers', (async (sys: Sys) => {
		for (let i = 0; i < n; i++) {
			const pid = await sys.fork(async (child) => {
				await child.pause();
				return 0;
			});
			if (isErrno(pid)) return 1;
		}
		return 0;
	}) as never);
	k.installProgram('/usr/bin/sleepers', 'sleepers');
	const id = await m.openTerminal({ user: 'root', cols: 80, rows: 24 });
	await m.settle(id, 5000);
	m.input(id, '/usr/bin/sleepers\r');
	await m.settle(id, 600_000);
	if (k.procs.size < n) throw new Error(`only ${k.procs.size} processes`);
	return { m, id };
}

/** `ps aux` typed at a prompt with `n` more processes asleep in the table: a full /proc scan. */
async function psWith(n: number): Promise<number> {
	const { m, id } = await sleepersMachine(n);
	const t0 = performance.now();
	m.input(id, 'ps aux >/dev/null\r');
	const how = await m.settle(id, 600_000);
	const ms = performance.now() - t0;
	m.dispose();
	if (how !== 'idle') throw new Error(`ps ended as ${how}`);
	return ms;
}

/**
 * The texts `ps aux` reads for `n` sleeping processes (stat, status, cmdline) in one plain loop:
 * /proc's own lookups of each pid directory and its three files, their generators with the login
 * shell as viewer, and procps's own parsing. No system call, walk from /, descriptor or
 * scheduling: this is the part of model.ps_10000_procs that no faster system-call path removes.
 */
async function psTextsWith(n: number): Promise<number> {
	const { m } = await sleepersMachine(n);
	const k = m.kernel;
	const viewer = [...k.procs.values()].find((p) => p.comm === 'bash');
	if (!viewer) throw new Error('no login shell');
	const pids = [...k.procs.values()].map((p) => p.pid);
	const proc = k.procfs.root;
	const text = (dir: Inode, name: string): string => dir.lookup!(viewer, name)!.generate!(viewer);
	const kept: ProcInfo[] = [];
	const t0 = performance.now();
	for (const pid of pids) {
		const dir = proc.lookup!(viewer, String(pid));
		if (!dir) continue;
		const info = procInfoOf(text(dir, 'stat'));
		if (!info) continue;
		fillStatus(info, text(dir, 'status'));
		info.cmdline = parseCmdline(text(dir, 'cmdline'));
		kept.push(info);
	}
	const ms = performance.now() - t0;
	m.dispose();
	if (kept.length !== pids.length) throw new Error(`parsed ${kept.length} of ${pids.length}`);
	return ms;
}

/**
 * `ps aux >/dev/null` of this machine's own procps on its own Linux kernel, with `n` more
 * processes asleep (dash's `sleep` children in a process group of their own, killed after).
 * Null when there is no ps or dash to run.
 */
async function nativePsWith(n: number, runs: number): Promise<number[] | null> {
	if (
		spawnSync('ps', ['--version']).status !== 0 ||
		spawnSync('dash', ['-c', 'true']).status !== 0
	) {
		return null;
	}
	const script = `i=0; while [ $i -lt ${n} ]; do sleep 3600 & i=$((i+1)); done; echo ready; wait`;
	const group = spawn('dash', ['-c', script], {
		detached: true,
		stdio: ['ignore', 'pipe', 'ignore']
	});
	try {
		await new Promise<void>((resolve, reject) => {
			group.stdout!.on('data', (d: Buffer) => {
				if (d.toString().includes('ready')) resolve();
			});
			group.on('exit', () => reject(new Error("the sleepers' shell ended early")));
		});
		// Every fork has returned; wait until the children have become `sleep` (their exec done).
		let sleeping = 0;
		for (let i = 0; i < 100 && sleeping < n; i++) {
			if (i > 0) await new Promise((r) => setTimeout(r, 100));
			const r = spawnSync('pgrep', ['-c', '-x', '-g', String(group.pid), 'sleep']);
			sleeping = Number(r.stdout?.toString().trim()) || 0;
		}
		if (sleeping < n) throw new Error(`only ${sleeping} of ${n} sleeps started`);
		const xs: number[] = [];
		for (let i = 0; i < runs + 1; i++) {
			const t0 = performance.now();
			const r = spawnSync('ps', ['aux'], { stdio: 'ignore' });
			const ms = performance.now() - t0;
			if (r.status !== 0) throw new Error(`ps exited with ${r.status}`);
			if (i > 0) xs.push(ms); // the first run warms the page cache and ps's libraries
		}
		return xs;
	} finally {
		process.kill(-group.pid!, 'SIGKILL');
		// Gone once init has reaped them, so the figures after this one run on a quiet table.
		for (let i = 0; i < 100; i++) {
			if (spawnSync('pgrep', ['-g', String(group.pid)]).status !== 0) break;
			await new Promise((r) => setTimeout(r, 100));
		}
	}
}

const TRANSCRIPTS = 'tests/transcripts';

function goldenScripts(dir = TRANSCRIPTS): string[] {
	return readdirSync(dir)
		.sort()
		.flatMap((name) => {
			const p = join(dir, name);
			if (statSync(p).isDirectory()) return goldenScripts(p);
			return name.endsWith('.sh') ? [p] : [];
		});
}

/** Every golden transcript typed into its own fresh machine, as the golden test does. */
async function goldenAll(): Promise<number> {
	const t0 = performance.now();
	for (const sh of goldenScripts()) {
		const script = readFileSync(sh, 'latin1');
		const user = /^# user: (\S+)/.exec(script)?.[1] ?? 'root';
		const lines = scriptLines(script);
		// The machine its directives ask for (more hosts, the later kernel), as the golden test boots.
		const hosts = scriptHosts(lines);
		const kernel = scriptKernel(lines);
		const m = await ModelMachine.create({
			...(hosts.length > 0 ? { hosts } : {}),
			...(kernel ? { kernel } : {})
		});
		const id = await m.openTerminal({ user, cols: 80, rows: 24 });
		await runLines(m, id, lines);
		m.dispose();
	}
	return performance.now() - t0;
}

const course = loadTutorialTree('tutorials', { readdirSync, readFileSync, statSync });

/** Every exercise solved by its own steps on a fresh machine, as the course test does. */
async function courseAll(): Promise<number> {
	const t0 = performance.now();
	// Exercises on the real machine alone (`backend: x86`) are not the model's to play.
	for (const ex of exercises(course).filter((e) => e.backends.includes('model'))) {
		const m = await ModelMachine.create(exerciseBoot(ex));
		const player = await Player.start(ex, m, { speed: 'instant' });
		await player.showSolution();
		const { done, total } = player.status;
		m.dispose();
		if (done !== total) throw new Error(`${ex.id}: ${done} of ${total} steps`);
	}
	return performance.now() - t0;
}

/**
 * The course played through again and again in one worker, as one browser worker would for a
 * learner who never reloads: the worker's heap after the first pass, and what `passes` more
 * added. The worker is a Node worker thread (tools/bench-worker.ts), its own isolate, so the
 * figure is the worker's heap and not this process's (tsx, esbuild and the bench's modules).
 */
async function heapFigures(passes: number): Promise<void> {
	if (
		!['worker.'].some(
			(n) => only.length === 0 || only.some((o) => n.startsWith(o) || o.startsWith(n))
		)
	) {
		return;
	}
	// tsx's loader does not reach worker threads on Node 20; the worker registers it itself.
	const start = `
		const { register } = await import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))});
		register();
		await import(${JSON.stringify(new URL('./bench-worker.ts', import.meta.url).href)});`;
	const worker = new Worker(start, { eval: true });
	const replies: WorkerReport[] = [];
	let wake: (() => void) | null = null;
	worker.on('message', (r: WorkerReport) => {
		replies.push(r);
		wake?.();
	});
	worker.on('error', (err) => {
		replies.push({ error: err.stack ?? err.message });
		wake?.();
	});
	const next = async (): Promise<number> => {
		while (replies.length === 0) await new Promise<void>((r) => (wake = r));
		const r = replies.shift()!;
		if ('error' in r) throw new Error(`bench worker: ${r.error}`);
		return r.heapMb;
	};
	const ask = (a: WorkerAsk) => worker.postMessage(a);
	try {
		const before = await next();
		ask({ passes: 1 });
		const first = await next();
		ask({ passes: passes - 1 });
		const last = await next();
		record(
			'worker.heap_after_course',
			first,
			'MB',
			`worker thread's own heap; ${fmt(before)} MB with its modules loaded, before the course`
		);
		record(
			'worker.heap_growth_soak',
			last - first,
			'MB',
			`${passes} passes: ${fmt(first)} → ${fmt(last)} MB`
		);
	} finally {
		await worker.terminate();
	}
}

/** gzip size of the JS files a predicate selects from the built app. */
function gzipKb(files: string[]): number {
	let total = 0;
	for (const f of files) total += gzipSync(readFileSync(f), { level: 9 }).length;
	return total / 1000;
}

/** The chunks a set of roots loads before running: their static imports, transitively. */
function staticClosure(dir: string, roots: string[]): Set<string> {
	return closure(dir, roots, false);
}

/** The chunks a set of roots may load: static imports, and dynamic ones unless told not to. */
function closure(dir: string, roots: string[], dynamic = true): Set<string> {
	const seen = new Set<string>();
	const todo = [...roots];
	while (todo.length > 0) {
		const f = todo.pop()!;
		if (seen.has(f) || !existsSync(join(dir, f))) continue;
		seen.add(f);
		const code = readFileSync(join(dir, f), 'utf8');
		// `import ... from "./x.js"` and `import "./x.js"`, not the dynamic `import("./x.js")`.
		for (const m of code.matchAll(/(?:from|import)\s*"\.\/([^"]+\.js)"/g)) todo.push(m[1]!);
		if (dynamic) {
			for (const m of code.matchAll(/import\(\s*["'`]\.\/([^"'`]+\.js)["'`]\s*\)/g)) {
				todo.push(m[1]!);
			}
		}
	}
	return seen;
}

function webFigures(): void {
	if (!['web.app_js_gzip', 'web.worker_js_gzip', 'web.x86_js_gzip'].some(wanted)) return;
	const b = spawnSync('npx', ['vite', 'build', '--logLevel', 'error'], {
		stdio: ['ignore', 'ignore', 'inherit']
	});
	if (b.status !== 0 || !existsSync('dist/index.html')) {
		console.error('bench: the web build failed; web figures left out');
		return;
	}
	const dir = 'dist/assets';
	const files = readdirSync(dir).filter((f) => f.endsWith('.js'));
	const html = readFileSync('dist/index.html', 'utf8');
	const pageRoots = [...html.matchAll(/(?:src|href)="\/assets\/([^"]+\.js)"/g)].map((m) => m[1]!);
	// The page's first script starts the machine, then imports the app (web/src/main.ts), which
	// every address loads at once.
	const appChunk = files.filter((f) => /^app-/.test(f));
	const app = staticClosure(dir, [...pageRoots, ...appChunk]);
	const worker = staticClosure(
		dir,
		files.filter((f) => f.startsWith('entry-'))
	);
	// The real machine's code: what the worker's dynamic import of core/x86/x86-worker.ts brings,
	// with the chunks that one imports in turn, less what the worker already has.
	const x86 = new Set(
		[
			...closure(
				dir,
				files.filter((f) => f.startsWith('x86-worker-'))
			)
		].filter((f) => !worker.has(f))
	);
	const lazy = files.filter((f) => !app.has(f) && !worker.has(f) && !x86.has(f));
	const paths = (set: Iterable<string>) => [...set].map((f) => join(dir, f));
	record('web.app_js_gzip', gzipKb(paths(app)), 'kB', `${app.size} files`);
	record(
		'web.worker_js_gzip',
		gzipKb(paths(worker)),
		'kB',
		`${worker.size} files to the first prompt; ${lazy.length} more chunks on demand, ${fmt(gzipKb(paths(lazy)))} kB`
	);
	const wasm = readdirSync(dir).filter((f) => /^v86-.*\.wasm$/.test(f));
	record(
		'web.x86_js_gzip',
		gzipKb(paths(x86)),
		'kB',
		`${x86.size} files only the x86 backend loads; its wasm ${fmt(gzipKb(paths(wasm)))} kB gzipped besides`
	);
}

const LOOP = 'i=0; while [ $i -lt 100000 ]; do i=$((i+1)); done';

/**
 * The 100k shell loop on the model: typed at a prompt, timed from Enter to the next prompt.
 * With `traced`, the inspector's feed with the trace panel open takes every event, and each batch
 * is structured-cloned as the worker's postMessage would.
 */
async function modelLoop(traced = false): Promise<number> {
	const m = await ModelMachine.create();
	const id = await m.openTerminal({ user: 'root', cols: 80, rows: 24 });
	await m.settle(id, 5000);
	let events = 0;
	const stop = traced
		? startEventFeed(m, (batch) => void (events += structuredClone(batch).length), {
				syscalls: true
			})
		: null;
	const t0 = performance.now();
	m.input(id, LOOP + '\r');
	const how = await m.settle(id, 600_000);
	const ms = performance.now() - t0;
	stop?.();
	if (traced && events === 0) throw new Error('the traced loop fed no events');
	m.dispose();
	if (how !== 'idle') throw new Error(`model loop ended as ${how}`);
	return ms;
}

/** The same loop in this machine's dash, measured in the same run. */
async function nativeLoop(): Promise<number> {
	const t0 = performance.now();
	const r = spawnSync('dash', ['-c', LOOP]);
	if (r.status !== 0) throw new Error('dash failed');
	return performance.now() - t0;
}

/** A 1 MB log of sshd lines for the grep figures. */
function grepText(): string {
	const lines: string[] = [];
	let size = 0;
	for (let i = 0; size < 1 << 20; i++) {
		const verdict = i % 7 === 0 ? 'Failed' : 'Accepted';
		const l = `Nov 29 04:${String(i % 60).padStart(2, '0')}:00 main sshd[${1000 + (i % 9000)}]: ${verdict} password for user${i % 50} from 192.168.${i % 4}.${i % 250} port ${1024 + i}\n`;
		lines.push(l);
		size += l.length;
	}
	return lines.join('');
}

/** `grep -c -E pattern` over the 1 MB log, typed into a machine that has it in /tmp. */
async function grep1mb(pattern: string): Promise<number> {
	const m = await ModelMachine.create();
	const k = m.kernel;
	const text = grepText();
	k.registerProgram('mklog', (async (sys: Sys) => {
		const fd = await sys.open('/tmp/log', O_WRONLY | O_CREAT | O_TRUNC, 0o644);
		if (isErrno(fd)) return 1;
		for (let i = 0; i < text.length; i += 65536) await sys.write(fd, text.slice(i, i + 65536));
		await sys.close(fd);
		return 0;
	}) as never);
	k.installProgram('/usr/bin/mklog', 'mklog');
	if ((await m.run({ command: '/usr/bin/mklog' })).exitCode !== 0) throw new Error('mklog failed');
	const t0 = performance.now();
	const r = await m.run({ command: `grep -c -E '${pattern}' /tmp/log` });
	const ms = performance.now() - t0;
	m.dispose();
	if (r.exitCode !== 0 || Number(r.stdout) === 0) throw new Error(`grep: ${r.stdout}${r.stderr}`);
	return ms;
}

/** A literal word, and a pattern of classes and counts. */
const GREP_SIMPLE = 'Failed password';
const GREP_CLASSES =
	'[[:alpha:]]+[[:digit:]]* from [0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]+\\.2[0-4][0-9] port [[:digit:]]+$';

/** x86 figures: each run boots twice and runs the loop; medians over a few runs. */
async function x86Figures(modelLoopMs: number | null): Promise<void> {
	if (
		!['x86.', 'ratio.x86'].some(
			(n) => only.length === 0 || only.some((o) => n.startsWith(o) || o.startsWith(n))
		)
	) {
		return;
	}
	const runs: X86Bench[] = [];
	for (let i = 0; i < 3; i++) runs.push(await benchX86());
	const med = (k: keyof X86Bench) => median(runs.map((r) => r[k]));
	const spread = (k: keyof X86Bench) => spreadOf(runs.map((r) => r[k]));
	record(
		'x86.cold_boot_to_prompt',
		med('cold_boot_to_prompt_ms'),
		'ms',
		spread('cold_boot_to_prompt_ms')
	);
	record(
		'x86.restore_to_prompt',
		med('restore_to_prompt_ms'),
		'ms',
		spread('restore_to_prompt_ms')
	);
	record('x86.state_zst', med('state_zst_mb'), 'MB');
	record('x86.shell_loop_100k', med('shell_loop_100k_ms'), 'ms', spread('shell_loop_100k_ms'));
	if (modelLoopMs) record('ratio.x86_vs_model_loop', med('shell_loop_100k_ms') / modelLoopMs, 'x');
}

async function main(): Promise<void> {
	await measure('model.boot_to_prompt', 'ms', 15, bootToPrompt, 3);
	await measure('model.fork_exec_per_s', '/s', 5, forkExecRate);
	await measure('model.snapshot_restore', 'ms', 7, snapshotRestore);
	await measure('model.tcp_roundtrips_per_s', '/s', 5, () => tcpRoundtripsPerSecond(2000));
	const modelLoopMs = await measure('model.shell_loop_100k', 'ms', 5, () => modelLoop());
	const nativeMs = await measure('native.shell_loop_100k', 'ms', 5, nativeLoop);
	if (wanted('ratio.trace_overhead')) {
		// Closed and open runs alternate, so a slow spell of the machine weighs on both alike.
		const closed: number[] = [];
		const open: number[] = [];
		for (let i = 0; i < 4; i++) {
			closed.push(await modelLoop(false));
			open.push(await modelLoop(true));
		}
		const ratio = median(open.slice(1)) / median(closed.slice(1));
		record(
			'ratio.trace_overhead',
			ratio,
			'x',
			`shell loop with the trace panel open ${fmt(median(open.slice(1)))} ms, closed ${fmt(median(closed.slice(1)))} ms (3 runs each after a warm-up)`
		);
	}
	if (modelLoopMs && nativeMs) {
		record('ratio.model_vs_native_loop', modelLoopMs / nativeMs, 'x', 'same run');
	}
	await measure('model.grep_1mb_simple', 'ms', 5, () => grep1mb(GREP_SIMPLE));
	await measure('model.grep_1mb_classes', 'ms', 5, () => grep1mb(GREP_CLASSES));
	await measure('model.ps_1000_procs', 'ms', 5, () => psWith(1000));
	const psMs = await measure('model.ps_10000_procs', 'ms', 3, () => psWith(10000));
	await measure('model.ps_texts_10000', 'ms', 3, () => psTextsWith(10000));
	if (wanted('native.ps_10000_procs')) {
		try {
			const xs = await nativePsWith(10000, 5);
			if (xs) {
				const ps = spawnSync('ps', ['--version']).stdout.toString().trim();
				record('native.ps_10000_procs', median(xs), 'ms', `${spreadOf(xs)}, ${ps}`);
				if (psMs) record('ratio.model_vs_native_ps', psMs / median(xs), 'x', 'same run');
			} else console.error('bench: no ps or dash here, so no native.ps_10000_procs');
		} catch (err) {
			console.error(
				`bench: native.ps_10000_procs failed: ${err instanceof Error ? err.stack : String(err)}`
			);
		}
	}
	await measure('model.golden_transcripts_all', 'ms', 3, goldenAll);
	await measure('model.course_solutions_all', 'ms', 3, courseAll);
	for (const [part, run] of [
		['worker heap', () => heapFigures(Number(process.env.HEAP_PASSES ?? 20))],
		['web sizes', async () => webFigures()],
		['browser', () => webBrowserFigures({ wanted, record, median, fmt })],
		['x86', () => x86Figures(modelLoopMs)]
	] as const) {
		try {
			await run();
		} catch (err) {
			console.error(
				`bench: the ${part} figures failed: ${err instanceof Error ? err.stack : String(err)}`
			);
		}
	}

	const last: Record<string, number> = existsSync(LAST)
		? JSON.parse(readFileSync(LAST, 'utf8'))
		: {};
	for (const f of figures) {
		const value = Number(fmt(f.value));
		process.stdout.write(`${f.name} ${value} ${f.unit}\n`);
		const prev = last[f.name];
		const change = prev
			? ` (previous ${prev}, ${(((f.value - prev) / prev) * 100).toFixed(1)}%)`
			: '';
		process.stderr.write(`  ${f.name}: ${f.spread ?? ''}${change}\n`);
	}
	mkdirSync('bench', { recursive: true });
	writeFileSync(
		LAST,
		JSON.stringify(
			{ ...last, ...Object.fromEntries(figures.map((f) => [f.name, Number(fmt(f.value))])) },
			null,
			'\t'
		) + '\n'
	);
}

await main();
