// The page's end of the comlink pipe: starts the machine's module worker and wraps its MachineApi.
// Only types come from core/, so no worker code lands in the page's bundle.
import { proxy, releaseProxy, wrap, type Remote } from 'comlink';
import type { MachineApi } from '@core/worker/api.ts';

export { proxy };

export interface MachineClient {
	api: Remote<MachineApi>;
	/** Calls `cb` when the worker dies or cannot load; the message says why when the browser knows. */
	onCrash(cb: (message: string) => void): void;
	/** Stops the worker and everything it runs. */
	dispose(): void;
}

export function createMachineClient(): MachineClient {
	const worker = new Worker(new URL('@core/worker/entry.ts', import.meta.url), {
		type: 'module',
		name: 'vserver-lab machine'
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
