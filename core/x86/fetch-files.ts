// The x86 machine's files in a browser or Web Worker: fetched from the site's images/x86/ folder,
// with v86.wasm at a URL the bundler provides (Node reads them from disk instead: index.ts).
import type { X86FileSource } from './v86-machine.ts';

/** `baseUrl` ends with a slash, e.g. `new URL('images/x86/', location.href).href`. */
export function fetchFileSource(baseUrl: string, wasmUrl: string): X86FileSource {
	return {
		wasmPath: wasmUrl,
		async load(name) {
			const response = await fetch(new URL(name, baseUrl));
			if (!response.ok) {
				throw new Error(`x86: ${name}: HTTP ${response.status}`);
			}
			return response.arrayBuffer();
		}
	};
}
