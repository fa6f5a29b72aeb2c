// The course as data, proven on the model: every exercise is solved by its own step= blocks on a
// fresh machine (every check passes), every wrong route leaves its step failing, the ids are the
// public list below, and the runner's --exercise boots an exercise's setup. Exercises whose
// `backends` leave out the model run in tests/x86/tutorials.test.ts.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ModelMachine } from '../core/model-machine.ts';
import { exercises, loadTutorialTree } from '../core/tutorial/index.ts';
import { wrongRouteLines, wrongRouteTerm } from '../core/tutorial/load.ts';
import { exerciseBoot, Player } from '../core/replay/player.ts';
import type { Exercise } from '../core/tutorial/schema.ts';

const root = join(import.meta.dirname, '..');
const course = loadTutorialTree(join(root, 'tutorials'), { readdirSync, readFileSync, statSync });

const machines: ModelMachine[] = [];
afterEach(() => {
	for (const m of machines.splice(0)) m.dispose();
});

async function start(ex: Exercise): Promise<{ machine: ModelMachine; player: Player }> {
	const machine = await ModelMachine.create(exerciseBoot(ex));
	machines.push(machine);
	expect(
		machine.setupResult?.exitCode ?? 0,
		`setup of ${ex.id}: ${machine.setupResult?.stderr}`
	).toBe(0);
	const player = await Player.start(ex, machine, { speed: 'instant' });
	return { machine, player };
}

describe('the course', () => {
	it('has exactly these public ids, in course order (a rename is a deliberate change)', () => {
		expect(course.map((t) => `${t.kind} ${t.id}`)).toEqual([
			'page introduction',
			'page principles',
			'exercise principles/non-reversible-isolation',
			'page principles/isolation-areas',
			'exercise principles/new-system-calls',
			'page principles/capabilities',
			'exercise principles/a-ceiling-for-root',
			'exercise principles/a-shell-inside-a-shell',
			'exercise principles/playing-with-chcontext',
			'exercise principles/playing-with-chcontext-as-root',
			'exercise principles/playing-with-chbind',
			'exercise principles/playing-with-reducecap',
			'exercise principles/unification',
			'page applications',
			'exercise applications/virtual-server',
			'exercise applications/per-user-fire-wall',
			'exercise applications/secure-server',
			'exercise applications/fail-over-servers',
			'page installation',
			'exercise installation/the-packages',
			'exercise installation/setting-a-virtual-server',
			'exercise installation/basic-configuration',
			'exercise installation/entering',
			'exercise installation/configuring-the-services',
			'exercise installation/starting-and-stopping',
			'exercise installation/all-virtual-servers',
			'exercise installation/restarting-from-inside',
			'exercise installation/tasks-at-start-and-stop',
			'exercise installation/issues',
			'page installation/how-real-is-it',
			'page features',
			'page future-directions',
			'page future-directions/user-controlled-security-box',
			'exercise future-directions/per-context-disk-quota',
			'exercise future-directions/global-limits',
			'page future-directions/scheduler',
			'exercise future-directions/security-issues',
			'page alternative-technologies',
			'page alternative-technologies/virtual-machines',
			'page alternative-technologies/partitioning',
			'exercise alternative-technologies/limitations',
			'page alternative-technologies/today',
			'exercise alternative-technologies/a-context-then-and-now',
			'exercise alternative-technologies/namespaces-by-hand',
			'exercise alternative-technologies/the-bounding-set-today',
			'page conclusion',
			'page download-and-references',
			'page about',
			'page about/credits'
		]);
	});

	it('names a paper section on every page and exercise', () => {
		for (const t of course) expect(t.section.length, t.id).toBeGreaterThan(0);
	});
});

// Exercises on the real machine alone are played by tests/x86/tutorials.test.ts.
const onModel = exercises(course).filter((ex) => ex.backends.includes('model'));

describe.each(onModel.map((ex) => [ex.id, ex] as const))('exercise %s', (_id, ex) => {
	it('is solved by its own steps on a fresh model machine', async () => {
		const { machine, player } = await start(ex);
		const failures: string[] = [];
		player.on((e) => {
			if (e.type === 'check' && !e.pass) failures.push(`${e.stepId}: ${e.detail}`);
		});
		await player.showSolution();
		expect(failures).toEqual([]);
		expect(player.status).toMatchObject({ done: ex.steps.length, total: ex.steps.length });
		expect(machine.faults, 'internal faults').toEqual([]);
	});

	it.each(ex.wrong.map((w, i) => [i, w.fails, w.run, w] as const))(
		'wrong route %i (instead of %s: %j) fails its check',
		async (_i, fails, _run, w) => {
			const { player } = await start(ex);
			await player.jumpTo(fails);
			expect(player.status.stepId).toBe(fails);
			const term = wrongRouteTerm(ex, w);
			const seen: boolean[] = [];
			player.on((e) => {
				if (e.type === 'check' && e.stepId === fails) seen.push(e.pass);
			});
			for (const line of wrongRouteLines(w)) player.input(term, line + '\r');
			await player.idle();
			expect(seen.length, 'the step was checked after each line').toBe(wrongRouteLines(w).length);
			expect(seen.every((pass) => !pass)).toBe(true);
			expect(player.status.stepId).toBe(fails);
		}
	);
});

describe('BootOptions.setup', () => {
	it('runs as root in context 0 before any terminal, and again, identically, on restore', async () => {
		const m = await ModelMachine.create({ setup: 'echo prepared' });
		machines.push(m);
		expect(m.setupResult).toEqual({ stdout: 'prepared\n', stderr: '', exitCode: 0 });
		const id = await m.openTerminal({ user: 'user', cols: 80, rows: 24 });
		await m.settle(id, 5000);
		m.input(id, 'sh\r');
		await m.settle(id, 5000);
		const saved = await m.save();
		expect(saved.backend === 'model' && saved.boot.setup).toBe('echo prepared');
		const before = (await m.inspect())!.processes.map((p) => `${p.pid} ${p.comm} ${p.state}`);
		await m.restore(saved);
		expect(m.setupResult).toEqual({ stdout: 'prepared\n', stderr: '', exitCode: 0 });
		expect((await m.inspect())!.processes.map((p) => `${p.pid} ${p.comm} ${p.state}`)).toEqual(
			before
		);
	});
});

describe('the runner with --exercise', () => {
	const lab = (args: string[], input: string) =>
		spawnSync(process.execPath, ['--import', 'tsx', join(root, 'core/cli.ts'), ...args], {
			input,
			encoding: 'utf8',
			cwd: root
		});

	it('types into the first terminal of the exercise, logged in as its user', () => {
		const r = lab(['--exercise', 'principles/a-shell-inside-a-shell', '--json'], 'sh\n');
		expect(r.stderr).toBe('');
		expect(r.status).toBe(0);
		const { transcript, state } = JSON.parse(r.stdout);
		expect(transcript).toMatch(/^\[user@main [^\]]*\]\$ sh\n\[user@main [^\]]*\]\$\n$/);
		expect(
			state.processes
				.filter((p: { comm: string }) => p.comm === 'sh')
				.map((p: { uid: number }) => p.uid)
		).toEqual([500]);
	});

	it('refuses an unknown id with status 2 and names the known ones', () => {
		const r = lab(['--exercise', 'principles/no-such-thing'], 'true\n');
		expect(r.status).toBe(2);
		expect(r.stdout).toBe('');
		expect(r.stderr.split('\n')[0]).toBe(
			`lab: unknown exercise 'principles/no-such-thing' (known: ${exercises(course)
				.map((e) => e.id)
				.join(', ')})`
		);
		expect(r.stderr).toMatch(/[:,] principles\/a-shell-inside-a-shell[,)]/);
	});
});
