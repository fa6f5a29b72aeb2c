// A machine started by the page's first script (main.ts), before Svelte and the app are loaded,
// so that fetching the worker's code and booting the model run beside the loading of the page
// rather than after it. The sandbox on the model is known from the address alone: its worker
// boots at once. An exercise's machine depends on the exercise's chunk and the stored progress,
// which come later: its worker is started idle, so that only the worker's download and compiling
// run early. The MachineSession made for that page takes it over; one nobody took is stopped.
// Kept free of Svelte: it is part of the first script the page runs.
import type { BootInfo, BootSpec } from '@core/worker/api.ts';
import { exerciseIds } from 'virtual:course-exercises';
import { parseRoute } from '../router/route.ts';
import { createMachineClient, type MachineClient } from './client.ts';
import { testHooksAsked } from './testhooks.ts';

/** The sandbox's machine (pages/Sandbox.svelte): the browser's clock never jumps (ARCHITECTURE.md "Time"). */
export function sandboxSpec(backend: 'model' | 'x86'): BootSpec {
	return { backend, boot: { clock: 'wall' } };
}

/** The spec a MachineSession boots for the `spec` its page asked for. */
export function sessionSpec(spec: BootSpec): BootSpec {
	return { ...spec, testhooks: testHooksAsked() };
}

/** A worker started early: booting `key` (a BootSpec in JSON), or idle (`key` null). */
interface Early {
	key: string | null;
	client: MachineClient;
	booting: Promise<BootInfo> | null;
}

let early: Early | null = null;

/** Starts the machine the page at `hash` will want, as far as that is known now. */
export function startEarly(hash: string): void {
	const route = parseRoute(hash);
	if (route.name === 'tutorial' && exerciseIds.includes(route.id)) {
		// CHOICE: embed.html starts none: its machine waits until the frame is seen, on purpose
		// (a page may hold many frames), and its exercise comes from the frame's address too.
		early = { key: null, client: createMachineClient(), booting: null };
		return;
	}
	// The real machine downloads megabytes and reports progress: it waits for its page.
	if (route.name !== 'sandbox' || route.backend !== 'model') return;
	const spec = sessionSpec(sandboxSpec('model'));
	const client = createMachineClient(spec);
	const booting = client.api.boot(spec);
	// The session that takes it over watches the promise; until then a failure stays quiet.
	booting.catch(() => {});
	early = { key: JSON.stringify(spec), client, booting };
}

/**
 * The machine started early for `spec`, or null. Taken once: a booting one only for exactly the
 * spec it boots (`booting` is that boot), an idle one for any spec (`booting` null: the taker
 * boots it). An early machine booting another spec is stopped, since nothing else will want it.
 */
export function takeEarly(
	spec: BootSpec
): { client: MachineClient; booting: Promise<BootInfo> | null } | null {
	const found = early;
	early = null;
	if (!found) return null;
	if (found.key === null || found.key === JSON.stringify(spec)) return found;
	found.client.dispose();
	return null;
}

/** Stops the early machine, if no page took it. */
function dropEarly(): void {
	early?.client.dispose();
	early = null;
}

/**
 * Called once the app has mounted. The sandbox took its booting machine during the mount, so one
 * still here is not wanted. An idle one waits for its exercise's panel, which comes with the
 * page's chunk after the mount; it is stopped if the address changes before that.
 */
export function afterMount(): void {
	if (early?.booting) dropEarly();
	else if (early) addEventListener('hashchange', dropEarly, { once: true });
}
