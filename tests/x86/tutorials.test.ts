// The course's exercises that run on the real machine (front matter `backends` with x86), played
// by the step player on the restored x86 state in Node: each is solved by its own step= blocks,
// every check passing, as tests/tutorials.test.ts proves the model's on the model.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createX86Machine } from '../../core/x86/index.ts';
import type { Machine } from '../../core/machine.ts';
import { exercises, loadTutorialTree } from '../../core/tutorial/index.ts';
import { Player } from '../../core/replay/player.ts';

const root = join(import.meta.dirname, '../..');
const course = loadTutorialTree(join(root, 'tutorials'), { readdirSync, readFileSync, statSync });
const onX86 = exercises(course).filter((ex) => ex.backends.includes('x86'));

const machines: Machine[] = [];
afterEach(() => {
	for (const m of machines.splice(0)) m.dispose();
});

describe('the course on the real machine', () => {
	it('has x86 exercises: chapter 7 and the side-by-side ones', () => {
		expect(onX86.map((ex) => `${ex.id} ${ex.backends.join(',')}`)).toEqual([
			'alternative-technologies/a-context-then-and-now model,x86',
			'alternative-technologies/namespaces-by-hand x86',
			'alternative-technologies/the-bounding-set-today x86'
		]);
	});

	it.each(onX86.map((ex) => [ex.id, ex] as const))(
		'%s is solved by its own steps on the restored x86 state',
		async (_id, ex) => {
			const machine = await createX86Machine();
			machines.push(machine);
			const player = await Player.start(ex, machine, { speed: 'instant' });
			const failures: string[] = [];
			player.on((e) => {
				if (e.type === 'check' && !e.pass) failures.push(`${e.stepId}: ${e.detail}`);
			});
			await player.showSolution();
			expect(failures).toEqual([]);
			expect(player.status).toMatchObject({ done: ex.steps.length, total: ex.steps.length });
		},
		180_000
	);
});
