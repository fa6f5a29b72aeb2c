// One running machine as the UI sees it: its worker, its boot, and a status the page can show.
import type { BootInfo, BootSpec } from '@core/worker/api.ts';
import { createMachineClient, type MachineClient } from './client.ts';

export type SessionStatus = 'starting' | 'running' | 'failed';

export class MachineSession {
	status = $state<SessionStatus>('starting');
	/** Why the machine failed, in words for the reader. */
	error = $state('');
	info = $state<BootInfo | null>(null);
	/** Resolves once the machine booted; rejects if it could not. */
	readonly ready: Promise<BootInfo>;
	readonly #client: MachineClient;

	constructor(spec: BootSpec) {
		this.#client = createMachineClient();
		let crashed: (reason: Error) => void = () => {};
		const crash = new Promise<never>((_, reject) => (crashed = reject));
		this.#client.onCrash((message) => {
			this.fail(message);
			crashed(new Error(message));
		});
		this.ready = Promise.race([this.#client.api.boot(spec), crash]).then(
			(info) => {
				this.info = info;
				if (this.status === 'starting') this.status = 'running';
				return info;
			},
			(reason: unknown) => {
				this.fail(reason instanceof Error ? reason.message : String(reason));
				throw reason;
			}
		);
		// Callers that await `ready` see the rejection; this keeps an unwatched one quiet.
		this.ready.catch(() => {});
	}

	get api(): MachineClient['api'] {
		return this.#client.api;
	}

	fail(message: string): void {
		this.status = 'failed';
		this.error ||= message;
	}

	dispose(): void {
		this.#client.dispose();
	}
}
