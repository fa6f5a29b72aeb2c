// The page's end of the comlink pipe: starts the machine's module worker and wraps its MachineApi.
// Only types (and one name) come from core/, so no worker code lands in the page's bundle.
import { proxy, releaseProxy, wrap, type Remote } from 'comlink';
import { BOOT_AHEAD_NAME, type BootSpec, type MachineApi } from '@core/worker/api.ts';

export { proxy };

export interface MachineClient {
	api: Remote<MachineApi>;
	/** Calls `cb` when the worker dies or cannot load; the message says why when the browser knows. */
	onCrash(cb: (message: string) => void): void;
	/** Stops the worker and everything it runs. */
	dispose(): void;
}

/**
 * Starts a worker. With `bootAhead` the worker boots that spec as soon as its code has run (its
 * name says so: BOOT_AHEAD_NAME), without waiting for the page's `boot()` message, which the
 * browser would hold back until the page's thread is free; `boot()` with the same spec then
 * answers when that boot is done.
 */
export function createMachineClient(bootAhead?: BootSpec): MachineClient {
	const worker = new Worker(new URL('@core/worker/entry.ts', import.meta.url), {
		type: 'module',
		name: bootAhead ? BOOT_AHEAD_NAME + JSON.stringify(bootAhead) : 'vserver-lab machine'
	});
	const api = wrap<MachineApi>(worker);
	// A worker started before the page was loaded (early.ts) may fail before anyone listens:
	// the first failure is kept and told to listeners that come later.
	let failure: string | null = null;
	const listeners: ((message: string) => void)[] = [];
	const failed = (message: string) => {
		failure ??= message;
		for (const cb of listeners) cb(message);
	};
	worker.addEventListener('error', (event) => {
		event.preventDefault();
		failed(event.message || 'The machine’s worker could not start.');
	});
	worker.addEventListener('messageerror', () =>
		failed('A message from the machine was unreadable.')
	);
	return {
		api,
		onCrash(cb) {
			listeners.push(cb);
			if (failure !== null) cb(failure);
		},
		dispose() {
			api[releaseProxy]();
			worker.terminate();
		}
	};
}
