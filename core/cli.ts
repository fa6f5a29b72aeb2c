// The headless runner: `npm run --silent lab -- [--backend model|x86] [--user NAME]
// [--exercise ID] [--json] [FILE|-]`. Standard output carries the transcript (or JSON) only.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Machine } from './machine.ts';
import { ModelMachine } from './model-machine.ts';
import { runLines, scriptHosts, scriptKernel, scriptLines, SettleError } from './runner.ts';
import { exercises, loadTutorialTree, type Exercise } from './tutorial/index.ts';
import { exerciseBoot, exerciseTerminals } from './replay/player.ts';

const USAGE = 'usage: lab [--backend model|x86] [--user NAME] [--exercise ID] [--json] [FILE|-]';

function fail(code: number, message: string): never {
	process.stderr.write(`lab: ${message}\n`);
	if (code === 2) process.stderr.write(USAGE + '\n');
	process.exit(code);
}

interface Options {
	backend: 'model' | 'x86';
	user: string;
	exercise?: string;
	json: boolean;
	file?: string;
}

function parse(argv: string[]): Options {
	let parsed;
	try {
		parsed = parseArgs({
			args: argv,
			allowPositionals: true,
			strict: true,
			options: {
				backend: { type: 'string' },
				user: { type: 'string' },
				exercise: { type: 'string' },
				json: { type: 'boolean' },
				help: { type: 'boolean', short: 'h' }
			}
		});
	} catch (err) {
		fail(2, (err as Error).message);
	}
	const { values, positionals } = parsed;
	if (values.help) {
		process.stdout.write(USAGE + '\n');
		process.exit(0);
	}
	const backend = values.backend ?? 'model';
	if (backend !== 'model' && backend !== 'x86') {
		fail(2, `unknown backend '${backend}' (model or x86)`);
	}
	if (positionals.length > 1) fail(2, 'one script at most');
	const user = values.user ?? 'root';
	if (!/^[a-z_][a-z0-9_-]*$/.test(user)) fail(2, `invalid user name '${user}'`);
	return {
		backend,
		user,
		exercise: values.exercise,
		json: values.json ?? false,
		file: positionals[0]
	};
}

/** The exercise named by `--exercise`, from the validated course; exit 2 when there is none. */
function findExercise(id: string): Exercise {
	let list;
	try {
		list = exercises(
			loadTutorialTree(fileURLToPath(new URL('../tutorials', import.meta.url)), {
				readdirSync,
				readFileSync,
				statSync
			})
		);
	} catch (err) {
		fail(1, `the course does not load:\n${(err as Error).message}`);
	}
	const ex = list.find((e) => e.id === id);
	if (!ex) {
		fail(2, `unknown exercise '${id}' (known: ${list.map((e) => e.id).join(', ') || 'none'})`);
	}
	return ex;
}

/** Opens the exercise's terminals in front-matter order (or one for `--user`); returns the first. */
async function openFirst(
	m: Machine,
	o: Options,
	ex: Exercise | undefined,
	cols: number,
	rows: number
): Promise<number> {
	if (!ex) return m.openTerminal({ user: o.user, cols, rows });
	const ids: number[] = [];
	for (const t of exerciseTerminals(ex, cols, rows)) ids.push(await m.openTerminal(t));
	return ids[0]!;
}

async function bootMachine(
	o: Options,
	ex: Exercise | undefined,
	hosts: string[],
	kernel?: 'ctx-17' | 'later'
): Promise<Machine> {
	if (o.backend === 'x86') {
		// TODO(#21): the x86 backend runs an exercise's setup once it can boot with one.
		if (ex) fail(2, 'exercises run on the model backend for now');
		// The real machine's runner lives with its backend (issue 21); loaded only when asked for.
		const mod = (await import('./x86/index.ts').catch(() => null)) as {
			createX86Machine?: () => Promise<Machine>;
		} | null;
		if (!mod?.createX86Machine) fail(2, 'the x86 backend is not available in this build');
		return mod.createX86Machine();
	}
	const m = await ModelMachine.create({
		clock: o.file === undefined && process.stdin.isTTY ? 'wall' : 'jump',
		...(ex ? exerciseBoot(ex) : {}),
		// The machines the script's `#> open USER@HOST` directives log in to.
		...(hosts.length > 0
			? { hosts: [...new Set([...(ex ? (exerciseBoot(ex).hosts ?? []) : []), ...hosts])] }
			: {}),
		// A script's `#> kernel later` directive.
		...(kernel ? { kernel } : {})
	});
	const setup = m.setupResult;
	if (setup && setup.exitCode !== 0) {
		m.dispose();
		fail(
			1,
			`the setup of ${ex?.id} failed with status ${setup.exitCode}:\n${setup.stdout}${setup.stderr}`
		);
	}
	return m;
}

async function interactive(
	m: Machine,
	open: (cols: number, rows: number) => Promise<number>
): Promise<number> {
	const out = process.stdout;
	const id = await open(out.columns || 80, out.rows || 24);
	m.attach(id, (chunk) => out.write(chunk));
	process.stdin.setRawMode(true);
	process.stdin.on('data', (d: Buffer) => m.input(id, d.toString('utf8')));
	out.on('resize', () => m.resize(id, out.columns, out.rows));
	return new Promise((resolve) => {
		m.onTerminals((list) => {
			if (list.find((t) => t.id === id && !t.open)) {
				process.stdin.setRawMode(false);
				resolve(0);
			}
		});
	});
}

async function main(): Promise<number> {
	const o = parse(process.argv.slice(2));
	const ex = o.exercise === undefined ? undefined : findExercise(o.exercise);
	const tty = o.file === undefined && process.stdin.isTTY;
	let script = '';
	if (!tty) {
		try {
			script = readFileSync(o.file === undefined || o.file === '-' ? 0 : o.file, 'latin1');
		} catch (err) {
			fail(
				2,
				`cannot read ${o.file ?? 'standard input'}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`
			);
		}
	}
	let hosts: string[];
	let kernel: 'ctx-17' | 'later' | undefined;
	try {
		hosts = scriptHosts(scriptLines(script));
		kernel = scriptKernel(scriptLines(script));
	} catch (err) {
		fail(2, (err as Error).message);
	}
	const m = await bootMachine(o, ex, hosts, kernel);
	try {
		if (tty) return await interactive(m, (cols, rows) => openFirst(m, o, ex, cols, rows));
		const id = await openFirst(m, o, ex, 80, 24);
		const { transcript, state } = await runLines(m, id, scriptLines(script));
		const faults = m instanceof ModelMachine ? m.faults : [];
		if (faults.length > 0) {
			process.stderr.write('lab: internal error in the machine:\n' + faults.join('\n') + '\n');
			process.stdout.write(transcript);
			return 1;
		}
		process.stdout.write(o.json ? JSON.stringify({ transcript, state }) + '\n' : transcript);
		return 0;
	} catch (err) {
		process.stderr.write(
			`lab: ${err instanceof SettleError ? err.message : (err as Error).stack}\n`
		);
		return 1;
	} finally {
		m.dispose();
	}
}

main().then(
	(code) => process.exit(code),
	(err: unknown) => {
		process.stderr.write(`lab: ${(err as Error).stack ?? String(err)}\n`);
		process.exit(1);
	}
);
