// One running machine as the UI sees it: its worker, its boot, and a status the page can show.
// The real x86 machine downloads ~5 MB first (progress in `download`); when it cannot start, the
// session falls back to the model in the same worker and says why in `fallback`.
import type { BootInfo, BootProgress, BootSpec } from '@core/worker/api.ts';
import { createMachineClient, proxy, type MachineClient } from './client.ts';

export type SessionStatus = 'starting' | 'running' | 'failed';

/** The site's folder of x86 images, as the worker must fetch it (an absolute URL). */
export function x86ImageBase(): string {
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a string is made, no state kept
	return new URL('images/x86/', new URL(import.meta.env.BASE_URL, location.href)).href;
}

export class MachineSession {
	status = $state<SessionStatus>('starting');
	/** Why the machine failed, in words for the reader. */
	error = $state('');
	info = $state<BootInfo | null>(null);
	/** The x86 machine's files while they arrive; null on the model and once booted. */
	download = $state<BootProgress | null>(null);
	/** Set when the real machine could not start and the model runs instead: why, for the reader. */
	fallback = $state('');
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
		this.ready = Promise.race([this.#boot(spec), crash]).then(
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

	async #boot(spec: BootSpec): Promise<BootInfo> {
		const api = this.#client.api;
		if (spec.backend !== 'x86') return api.boot(spec);
		this.download = { loaded: 0, total: 0 };
		try {
			return await api.boot(
				{ ...spec, imageBase: spec.imageBase ?? x86ImageBase() },
				proxy((p: BootProgress) => {
					if (this.download) this.download = p;
				})
			);
		} catch (reason) {
			// A state of the real machine cannot go to the model; a fresh model can.
			const why = reason instanceof Error ? reason.message : String(reason);
			this.fallback = `The real Linux machine could not start (${why}), so this is the model of the 2003 kernel instead.`;
			return api.boot({ backend: 'model', boot: spec.boot });
		} finally {
			this.download = null;
		}
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
