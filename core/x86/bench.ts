// One measurement of the x86 backend for tools/bench.ts: cold boot and restore to a usable prompt,
// the shipped state's size, and busybox sh counting to 100000 (the caller repeats and takes medians).
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { X86Machine } from './v86-machine.ts';
import { X86_IMAGE_DIR, nodeFileSource } from './index.ts';
import { X86_FILES } from './options.ts';

export interface X86Bench {
	cold_boot_to_prompt_ms: number;
	restore_to_prompt_ms: number;
	/** MB = 10^6 bytes, as bench lines print it. */
	state_zst_mb: number;
	shell_loop_100k_ms: number;
}

const LOOP = 'i=0; while [ $i -lt 100000 ]; do i=$((i+1)); done';

/** Creates a machine and opens terminal 1: the time until a learner could type. */
async function toPrompt(boot: 'cold' | 'restore'): Promise<{ machine: X86Machine; ms: number }> {
	const started = performance.now();
	const machine = await X86Machine.create({ files: nodeFileSource(), boot });
	await machine.openTerminal({ user: 'root', cols: 80, rows: 24 });
	return { machine, ms: performance.now() - started };
}

export async function benchX86(): Promise<X86Bench> {
	const cold = await toPrompt('cold');
	cold.machine.dispose();
	const restored = await toPrompt('restore');
	const machine = restored.machine;
	let loopMs: number;
	try {
		// Typed at the prompt like a learner would; timed from Enter to the next prompt.
		const started = performance.now();
		machine.input(1, `${LOOP}\r`);
		const how = await machine.settle(1, 300000);
		loopMs = performance.now() - started;
		if (how !== 'idle') {
			throw new Error(`x86 bench: the loop ended as ${how}`);
		}
	} finally {
		machine.dispose();
	}
	const state = await stat(join(X86_IMAGE_DIR, X86_FILES.state));
	return {
		cold_boot_to_prompt_ms: Math.round(cold.ms),
		restore_to_prompt_ms: Math.round(restored.ms),
		state_zst_mb: Math.round(state.size / 1e4) / 100,
		shell_loop_100k_ms: Math.round(loopMs)
	};
}
