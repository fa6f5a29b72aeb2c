// A soak of the worker: the whole course solved again and again in one MachineService (the object
// the browser's worker exposes), each exercise booted over the last as the page does, with the
// heap measured after a full collection. What one pass leaves behind must not pile up: a learner
// who never reloads works through the course in one worker. `npm run bench` runs 20 passes
// (worker.heap_growth_soak); this test runs 3 and bounds what passes 2 and 3 add.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { exerciseBoot, Player } from '../core/replay/player.ts';
import { exercises, loadTutorialTree } from '../core/tutorial/index.ts';
import { MachineService } from '../core/worker/service.ts';

const root = join(import.meta.dirname, '..');
// The exercises the model plays: those on x86 alone are played by tests/x86/tutorials.test.ts.
const course = exercises(
	loadTutorialTree(join(root, 'tutorials'), { readdirSync, readFileSync, statSync })
).filter((ex) => ex.backends.includes('model'));

/** Heap in use after full collections (MB). */
function heapMb(): number {
	setFlagsFromString('--expose-gc');
	const gc = runInNewContext('gc') as () => void;
	gc();
	gc();
	return process.memoryUsage().heapUsed / 1e6;
}

/** Every exercise solved on `service`, each booted over the one before (as the page does). */
async function pass(service: MachineService): Promise<void> {
	for (const ex of course) {
		await service.boot({ backend: 'model', boot: exerciseBoot(ex) });
		// The service is the part of a machine the player drives, as it is.
		const player = await Player.start(ex, service, { speed: 'instant' });
		await player.showSolution();
		expect(player.status.done, ex.id).toBe(player.status.total);
	}
}

/** What passes after the first may add to the heap, in MB (a leak of a machine per exercise
 * would add tens of MB a pass). */
const GROWTH_BOUND_MB = 8;

describe('the worker soak', () => {
	it('lets a machine that is booted over go: nothing keeps its kernel', async () => {
		const service = new MachineService();
		await service.boot({ backend: 'model', boot: exerciseBoot(course[0]!) });
		const first = new WeakRef((service as unknown as { machine: object }).machine);
		// Programs that exec'd or died wait forever; that must not pin the machine.
		await service.openTerminal({ user: 'root', cols: 80, rows: 24 });
		await service.settle(1, 5000);
		await service.input(1, 'for i in 1 2 3; do /bin/true; done; exec sh\r');
		await service.settle(1, 5000);
		await service.boot({ backend: 'model' });
		for (let i = 0; i < 5 && first.deref(); i++) {
			await new Promise((r) => setTimeout(r, 10));
			heapMb();
		}
		expect(first.deref()).toBeUndefined();
	});

	it(
		'solves the course three times in one worker without the heap growing',
		{ timeout: 180_000 },
		async () => {
			const service = new MachineService();
			await pass(service);
			const first = heapMb();
			await pass(service);
			await pass(service);
			const last = heapMb();
			console.log(`soak: heap ${first.toFixed(1)} MB after pass 1, ${last.toFixed(1)} MB after 3`);
			expect(last - first).toBeLessThan(GROWTH_BOUND_MB);
		}
	);
});
