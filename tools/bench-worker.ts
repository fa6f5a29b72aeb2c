// The heap figures' worker (tools/bench.ts starts it as a Node worker_thread): one MachineService,
// the object the browser's worker exposes, plays the course the model plays, each exercise booted
// over the last as the page does. A worker thread is its own V8 isolate, so its heap holds what a
// browser worker would (the kernel, shell, userland, tutorials, the machines' leftovers) and none
// of the bench's own modules. It answers each `pass` message with the heap after full collections.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { setFlagsFromString, getHeapStatistics } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parentPort } from 'node:worker_threads';
import { exerciseBoot, Player } from '../core/replay/player.ts';
import { exercises, loadTutorialTree } from '../core/tutorial/index.ts';
import { MachineService } from '../core/worker/service.ts';

/** What the bench sends: play the course `passes` times, then report. */
export interface WorkerAsk {
	passes: number;
}
/** What the worker answers: its own heap (MB, after full collections), or what failed. */
export type WorkerReport = { heapMb: number } | { error: string };

/** This isolate's heap in use after full collections (MB). */
function heapMb(): number {
	setFlagsFromString('--expose-gc');
	const gc = runInNewContext('gc') as () => void;
	gc();
	gc();
	return getHeapStatistics().used_heap_size / 1e6;
}

const course = exercises(
	loadTutorialTree('tutorials', { readdirSync, readFileSync, statSync })
).filter((ex) => ex.backends.includes('model'));
const service = new MachineService();

/** Every exercise solved on the one service, each booted over the one before. */
async function pass(): Promise<void> {
	for (const ex of course) {
		await service.boot({ backend: 'model', boot: exerciseBoot(ex) });
		// The service is the part of a machine the player drives, as it is.
		const player = await Player.start(ex, service, { speed: 'instant' });
		await player.showSolution();
		const { done, total } = player.status;
		if (done !== total) throw new Error(`${ex.id}: ${done} of ${total} steps`);
	}
}

const port = parentPort;
if (!port) throw new Error('tools/bench-worker.ts runs as a worker thread');
port.on('message', async (ask: WorkerAsk) => {
	let report: WorkerReport;
	try {
		for (let i = 0; i < ask.passes; i++) await pass();
		report = { heapMb: heapMb() };
	} catch (err) {
		report = { error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
	}
	port.postMessage(report);
});
port.postMessage({ heapMb: heapMb() } satisfies WorkerReport);
