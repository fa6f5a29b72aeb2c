// The step engine on a real model machine, its terminals rendered by @xterm/headless: what the
// screen shows after play, step back, reset and jumps; checks after the learner's commands;
// typing speed, pause, the overlay and hints.
import xtermHeadless from '@xterm/headless';
import { afterEach, describe, expect, it } from 'vitest';
import { ModelMachine } from '../model-machine.ts';
import { parseTutorial } from '../tutorial/load.ts';
import type { Exercise } from '../tutorial/schema.ts';
import {
	exerciseBoot,
	Player,
	type PlayerEvent,
	type PlayerOptions,
	type TypedLine
} from './player.ts';

const { Terminal } = xtermHeadless;

function exercise(frontMatter: string, body: string): Exercise {
	return parseTutorial(
		'09-tests/01-engine/index.md',
		`---\ntitle: Engine test\nsection: "2.6"\n${frontMatter}---\n${body}`
	) as Exercise;
}

const ECHOES = exercise(
	`terminals: [{ user: root }]
setup: ""
steps:
  - { id: first, check: { output: /^alpha$/m } }
  - id: second
    check: { output: /^beta$/m }
  - id: nest
    check: { you: { comm: sh } }
    hint:
      - when: { you: { comm: bash } }
        say: "you are in {you.comm} (pid {you.pid})"
  - { id: leave, check: { you: { comm: bash } } }
`,
	`Print two words, then start and leave a shell.

\`\`\`sh step=first
echo alpha
\`\`\`

\`\`\`sh step=second
echo beta
\`\`\`

\`\`\`sh step=nest
sh
\`\`\`

\`\`\`sh step=leave
exit
\`\`\`
`
);

type Screen = InstanceType<typeof Terminal>;

interface Rig {
	player: Player;
	machine: ModelMachine;
	screens: Screen[];
	events: PlayerEvent[];
	/** Each screen's rows from the first prompt, right-trimmed, once every write has landed. */
	lines(term?: number): Promise<string[]>;
}

const machines: ModelMachine[] = [];
afterEach(() => {
	for (const m of machines.splice(0)) m.dispose();
});

async function rig(ex: Exercise, opts: PlayerOptions = {}): Promise<Rig> {
	const machine = await ModelMachine.create(exerciseBoot(ex));
	machines.push(machine);
	const screens = ex.terminals.map(
		() => new Terminal({ cols: 80, rows: 24, allowProposedApi: true })
	);
	let writes = Promise.resolve();
	const screen = {
		write: (term: number, chunk: Uint8Array) => {
			const copy = chunk.slice();
			writes = writes.then(() => new Promise<void>((r) => screens[term - 1]!.write(copy, r)));
		},
		clear: (term: number) => {
			writes = writes.then(() => screens[term - 1]!.reset());
		}
	};
	const player = await Player.start(ex, machine, { speed: 'instant', screen, ...opts });
	const events: PlayerEvent[] = [];
	player.on((e) => events.push(e));
	return {
		player,
		machine,
		screens,
		events,
		async lines(term = 1) {
			await player.idle();
			await writes;
			const buf = screens[term - 1]!.buffer.active;
			const rows: string[] = [];
			for (let i = 0; i <= buf.baseY + buf.cursorY; i++) {
				rows.push(buf.getLine(i)!.translateToString(true).trimEnd());
			}
			const first = rows.findIndex((r) => /^\[\w+@main [^\]]*\][#$]/.test(r));
			return rows.slice(first);
		}
	};
}

/** The prompt text of a screen row (`[root@main ~]# `), so expectations follow the image. */
function promptOf(row: string | undefined): string {
	return /^\[[^\]]*\][#$] /.exec(row ?? '')?.[0] ?? '(no prompt)';
}

describe('Player', () => {
	it('plays every step and the screen shows each command with its output', async () => {
		const r = await rig(ECHOES);
		await r.player.play();
		const lines = await r.lines();
		const p = promptOf(lines[0]);
		expect(lines.slice(0, 6)).toEqual([
			`${p}echo alpha`,
			'alpha',
			`${p}echo beta`,
			'beta',
			`${p}sh`,
			`${p}exit`
		]);
		// What the inner shell prints as it leaves is the shell's business; the prompt comes back.
		expect(lines.at(-1)).toBe(p.trimEnd());
		expect(r.player.status).toMatchObject({
			step: 5,
			stepId: null,
			done: 4,
			total: 4,
			doneSteps: [true, true, true, true],
			playing: false
		});
		expect(
			r.events
				.filter((e) => e.type === 'check')
				.map((e) => e.type === 'check' && [e.stepId, e.pass])
		).toEqual([
			['first', true],
			['second', true],
			['nest', true],
			['leave', true]
		]);
		expect(r.events.at(-1)).toEqual({ type: 'playing', playing: false });
		expect(r.events).toContainEqual({ type: 'done', done: 4, total: 4 });
	});

	it('steps back by restoring the state, and the screen, in which the previous step began', async () => {
		const r = await rig(ECHOES);
		await r.player.stepForward();
		await r.player.stepForward();
		expect(r.player.status.done).toBe(2);
		await r.player.stepBack();
		const p = promptOf((await r.lines())[0]);
		expect(await r.lines()).toEqual([`${p}echo alpha`, 'alpha', p.trimEnd()]);
		expect(r.player.status).toMatchObject({
			step: 2,
			stepId: 'second',
			done: 1,
			doneSteps: [true, false, false, false]
		});
		await r.player.stepForward();
		expect(await r.lines()).toEqual([
			`${p}echo alpha`,
			'alpha',
			`${p}echo beta`,
			'beta',
			p.trimEnd()
		]);
		expect(r.player.status.done).toBe(2);
	});

	it('resumes from a saved log (a reload) and steps back past it by replaying from the start', async () => {
		const first = await rig(ECHOES);
		await first.player.stepForward();
		await first.player.input(1, 'echo gamma\r');
		await first.player.idle();
		const saved = await first.machine.save();

		const r = await rig(ECHOES);
		await r.player.resume(saved, 2);
		expect(r.player.status).toMatchObject({
			step: 2,
			done: 1,
			doneSteps: [true, false, false, false]
		});
		// The learner's own line came back with the machine, not just the reference steps.
		expect(await r.lines()).toContain('gamma');
		await r.player.stepForward();
		expect(r.player.status).toMatchObject({ step: 3, done: 2 });
		await r.player.stepBack();
		expect(r.player.status).toMatchObject({ step: 2, done: 1 });
		await r.player.stepBack();
		expect(r.player.status).toMatchObject({ step: 1, done: 0 });
		expect((await r.lines()).filter((l) => !l.startsWith('['))).toEqual([]);
		await r.player.jumpTo(2);
		// Before the resumed state: the reference solution replays, the learner's line is gone.
		expect((await r.lines()).filter((l) => !l.startsWith('['))).toEqual(['alpha']);
	});

	it('resets to the prompt before step 1, with the processes of that moment', async () => {
		const r = await rig(ECHOES);
		const before = (await r.machine.inspect())!.processes.map((p) => `${p.pid} ${p.comm}`);
		await r.player.jumpTo('leave');
		expect(
			(await r.machine.inspect())!.processes.some((p) => p.comm === 'sh' && p.state !== 'Z')
		).toBe(true);
		await r.player.reset();
		const lines = await r.lines();
		expect(lines).toHaveLength(1);
		expect(lines[0]).toMatch(/^\[root@main [^\]]*\]#$/);
		expect((await r.machine.inspect())!.processes.map((p) => `${p.pid} ${p.comm}`)).toEqual(before);
		expect(r.player.status).toMatchObject({ step: 1, done: 0 });
	});

	it('jumps forward by typing the steps in between, and back by restoring', async () => {
		const r = await rig(ECHOES);
		await r.player.jumpTo(3);
		expect(r.player.status).toMatchObject({ step: 3, stepId: 'nest', done: 2 });
		expect((await r.lines()).filter((l) => !l.startsWith('['))).toEqual(['alpha', 'beta']);
		await r.player.jumpTo('first');
		expect(r.player.status).toMatchObject({ step: 1, done: 0 });
		await expect(r.player.jumpTo('nowhere')).rejects.toThrow(/no step nowhere/);
	});

	it('checks the learner own commands after each Enter, whatever route they take', async () => {
		const r = await rig(ECHOES);
		r.player.input(1, 'echo gamma\r');
		await r.player.idle();
		expect(r.player.status.done).toBe(0);
		expect(r.events.at(-1)).toMatchObject({
			type: 'check',
			stepId: 'first',
			pass: false,
			detail: 'the terminal has not printed /^alpha$/m yet'
		});
		// A different command with the same result is just as good as the reference one.
		r.player.input(1, '/bin/echo alpha\r');
		await r.player.idle();
		expect(r.player.status).toMatchObject({ step: 2, done: 1 });
	});

	it('checks on demand for keys that reached the machine some other way', async () => {
		const r = await rig(ECHOES);
		r.machine.input(1, 'echo alpha\r');
		expect(await r.player.check(1)).toBe(true);
		expect(r.player.status).toMatchObject({ step: 2, done: 1 });
		expect(await r.player.check()).toBe(false);
	});

	it('an output check sees only what was printed since its step became current', async () => {
		const twice = exercise(
			`terminals: [{ user: root }]
setup: ""
steps:
  - { id: once, check: { output: /^same$/m } }
  - { id: again, check: { output: /^same$/m } }
`,
			'Say the same word twice.\n\n```sh step=once\necho same\n```\n\n```sh step=again\necho same\n```\n'
		);
		const r = await rig(twice);
		await r.player.stepForward();
		r.player.input(1, 'true\r');
		await r.player.idle();
		expect(r.player.status).toMatchObject({ step: 2, done: 1 });
		r.player.input(1, 'echo same\r');
		await r.player.idle();
		expect(r.player.status.done).toBe(2);
	});

	it('types one character at a time at the chosen speed and shows each line in the overlay', async () => {
		const sleeps: number[] = [];
		const overlay: (TypedLine | null)[] = [];
		const r = await rig(ECHOES, {
			speed: 2,
			charDelayMs: 40,
			sleep: async (ms) => void sleeps.push(ms),
			overlay: (t) => overlay.push(t)
		});
		await r.player.stepForward();
		expect(sleeps).toEqual(Array(10).fill(20));
		expect(overlay).toEqual([{ term: 1, line: 'echo alpha', step: 'first' }, null]);
		expect((await r.lines())[1]).toBe('alpha');
		r.player.setSpeed(0.25);
		await r.player.stepForward();
		expect(sleeps.slice(10)).toEqual(Array(9).fill(160));
		expect(() => r.player.setSpeed(8)).toThrow(RangeError);
		expect(() => r.player.setSpeed(0.1)).toThrow(RangeError);
		expect(r.player.status.speed).toBe(0.25);
	});

	it('pauses after the line being typed, and the learner keys wait until it has run', async () => {
		let first = true;
		const r = await rig(ECHOES, {
			speed: 1,
			sleep: async () => {
				if (!first) return;
				first = false;
				r.player.input(1, 'echo mine\r');
			}
		});
		await r.player.play();
		await r.player.idle();
		const lines = await r.lines();
		const p = promptOf(lines[0]);
		expect(lines).toEqual([`${p}echo alpha`, 'alpha', `${p}echo mine`, 'mine', p.trimEnd()]);
		expect(r.player.status).toMatchObject({ step: 2, done: 1, playing: false });
	});

	it('gives hints from the state the learner is in, or says what the check sees', async () => {
		const r = await rig(ECHOES);
		expect(await r.player.hint()).toBe('Not yet: the terminal has not printed /^alpha$/m yet.');
		await r.player.jumpTo('nest');
		const bash = (await r.machine.inspect())!.processes.find((p) => p.comm === 'bash')!;
		expect(await r.player.hint()).toBe(`you are in bash (pid ${bash.pid})`);
		await r.player.showSolution();
		expect(await r.player.hint()).toBeNull();
	});

	it('plays each step on its own terminal and checks the process on that terminal', async () => {
		const two = exercise(
			`terminals:
  - { user: root }
  - { user: user }
setup: ""
steps:
  - { id: here, check: { output: /^one$/m } }
  - { id: there, check: { you: { comm: sh, uid: 500 } } }
`,
			'One terminal, then the other.\n\n```sh step=here term=1\necho one\n```\n\n```sh step=there term=2\nsh\n```\n'
		);
		const r = await rig(two);
		await r.player.play();
		expect(r.player.status.done).toBe(2);
		expect((await r.lines(1)).slice(1, 2)).toEqual(['one']);
		const second = await r.lines(2);
		expect(second[0]).toMatch(/^\[user@main [^\]]*\]\$ sh$/);
		expect(second).toHaveLength(2);
	});
});
