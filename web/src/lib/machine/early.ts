// A machine started by the page's first script (main.ts), before Svelte and the app are loaded,
// so that fetching the worker's code and booting the model run beside the loading of the page
// rather than after it. Only an address whose machine is known from the address alone starts one
// (the sandbox on the model); the MachineSession made for that page takes it over, and one that
// nobody took once the app has mounted is stopped. Kept free of Svelte: it is part of the first
// script the page runs.
import type { BootInfo, BootSpec } from '@core/worker/api.ts';
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

interface Early {
	key: string;
	client: MachineClient;
	booting: Promise<BootInfo>;
}

let early: Early | null = null;

/** Starts the machine the page at `hash` will want, when that is known now. */
export function startEarly(hash: string): void {
	const route = parseRoute(hash);
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
 * The machine started early for exactly `spec`, already booting, or null. Taken once; an early
 * machine for another spec is stopped, since nothing else will want it.
 */
export function takeEarly(
	spec: BootSpec
): { client: MachineClient; booting: Promise<BootInfo> } | null {
	const found = early;
	early = null;
	if (!found) return null;
	if (found.key === JSON.stringify(spec)) return found;
	found.client.dispose();
	return null;
}

/** Stops an early machine no page took (the app has mounted, so none will). */
export function dropEarly(): void {
	early?.client.dispose();
	early = null;
}
