// Node entry of the x86 backend: creates an X86Machine whose files are read from public/images/x86
// and whose v86.wasm comes from the installed `v86` package (for the runner, tests and benchmarks).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Machine } from '../machine.ts';
import { X86Machine, type X86FileSource } from './v86-machine.ts';

export { X86Machine } from './v86-machine.ts';

/** public/images/x86 of this checkout. */
export const X86_IMAGE_DIR = resolve(
	dirname(fileURLToPath(import.meta.url)),
	'../../public/images/x86'
);

export interface CreateX86Options {
	/** `restore` (default, ~1 s to a prompt) or `cold` (boots the kernel, ~5-7 s). */
	boot?: 'restore' | 'cold';
	/** Directory with the image files; public/images/x86 by default. */
	imageDir?: string;
}

/** Files for Node: the image directory through fs, v86.wasm beside the installed libv86.mjs. */
export function nodeFileSource(imageDir = X86_IMAGE_DIR): X86FileSource {
	const require = createRequire(import.meta.url);
	return {
		wasmPath: join(dirname(require.resolve('v86')), 'v86.wasm'),
		async load(name) {
			const data = await readFile(join(imageDir, name));
			return data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
		}
	};
}

/**
 * A ready x86 machine for `npm run lab -- --backend x86`. The caller opens terminal 1 (80×24) and
 * types line by line, waiting with `settle(1, 5000)` after each.
 *
 * Wall-clock bounds, since the guest's time is real and cannot jump:
 * - this promise: rejects if the restored (or booted) guest's agent does not answer in 60 s;
 *   a restore takes under 1 s, a cold boot about 4 s (on an unloaded host);
 * - openTerminal: the login's first prompt within 60 s (normally ~0.2 s);
 * - settle(id, boundMs): resolves by boundMs of wall-clock time ('bound'), so with the runner's
 *   5000 a busy line (`yes > /dev/null &` is fine, a foreground `sleep 100` is not) costs 5 s of
 *   real time and the runner's own 60 s limit per line is never reached;
 * - exec and readAs: 20 s per command on the control channel.
 */
export async function createX86Machine(opts: CreateX86Options = {}): Promise<Machine> {
	return X86Machine.create({
		files: nodeFileSource(opts.imageDir),
		boot: opts.boot ?? 'restore'
	});
}
