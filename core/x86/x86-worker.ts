// The x86 backend as the page's worker loads it: a dynamic import of this module pulls in v86 and
// the adapter only when a reader asks for the real machine, so the model's chunks stay as they are.
// Files arrive by fetch with their bytes counted, for the page's progress bar.
import wasmUrl from 'v86/build/v86.wasm?url';
import { X86_FILES } from './options.ts';
import { X86Machine, type X86FileSource } from './v86-machine.ts';

/** Bytes of the machine's files received so far; `total` is 0 while a size is unknown. */
export interface X86Progress {
	loaded: number;
	total: number;
}

/** What a restore downloads: the emulator's wasm and the saved state (X86-IMAGE.md). */
const DOWNLOADS = ['wasm', X86_FILES.state] as const;

/**
 * Reads a response's body chunk by chunk, telling `onBytes` each chunk's length. The size comes
 * from Content-Length when the body is not re-encoded on the way (gzip changes the count).
 */
async function readCounted(
	response: Response,
	onSize: (size: number) => void,
	onBytes: (n: number) => void
): Promise<ArrayBuffer> {
	const encoded = response.headers.get('content-encoding');
	const length = Number(response.headers.get('content-length'));
	if (!encoded && length > 0) onSize(length);
	if (!response.body) {
		const whole = await response.arrayBuffer();
		onBytes(whole.byteLength);
		return whole;
	}
	const reader = response.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		chunks.push(value);
		size += value.length;
		onBytes(value.length);
	}
	const out = new Uint8Array(size);
	let at = 0;
	for (const c of chunks) {
		out.set(c, at);
		at += c.length;
	}
	return out.buffer;
}

/**
 * Creates the x86 machine from `imageBase` (the site's `images/x86/` folder, ending in a slash),
 * restoring the shipped state. `onProgress` hears the download, at most every 100 ms and once
 * at the end.
 */
export async function createBrowserX86(
	imageBase: string,
	onProgress: (p: X86Progress) => void = () => {}
): Promise<X86Machine> {
	const sizes = new Map<string, number>();
	let loaded = 0;
	let last = 0;
	const report = (force: boolean) => {
		const now = Date.now();
		if (!force && now - last < 100) return;
		last = now;
		const known = DOWNLOADS.every((name) => sizes.has(name));
		const total = known ? [...sizes.values()].reduce((a, b) => a + b, 0) : 0;
		onProgress({ loaded, total });
	};
	const get = async (name: string, url: URL | string): Promise<ArrayBuffer> => {
		const response = await fetch(url);
		if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
		const data = await readCounted(
			response,
			(size) => sizes.set(name, size),
			(n) => {
				loaded += n;
				report(false);
			}
		);
		sizes.set(name, data.byteLength);
		return data;
	};
	// Both downloads start at once; the emulator compiles the wasm when it asks for it.
	const wasm = get('wasm', wasmUrl);
	wasm.catch(() => {});
	const files: X86FileSource = {
		wasmPath: wasmUrl,
		wasmFn: async (imports) => {
			const { instance } = await WebAssembly.instantiate(await wasm, imports);
			return instance.exports;
		},
		load: (name) => get(name, new URL(name, imageBase))
	};
	// Fetch the state before the emulator exists, so a missing file fails fast and cleanly.
	const state = await files.load(X86_FILES.state);
	await wasm;
	report(true);
	return X86Machine.create({
		files: { ...files, load: async (name) => (name === X86_FILES.state ? state : files.load(name)) }
	});
}
