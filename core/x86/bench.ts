// One measurement of the x86 backend for tools/bench.ts: cold boot and restore to a usable prompt,
// the shipped state's size, and busybox sh counting to 100000 (the caller repeats and takes medians).
// Each boot runs in a Node process of its own (this file as a script, `--child cold|restore`), as
// the first machine there: V8 keeps the compiled v86.wasm, tiered up, for the next machine of the
// same process, which would then start with a warm emulator that a page's first machine never has.
import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

interface ChildResult {
	prompt_ms: number;
	loop_ms?: number;
}

const LOOP = 'i=0; while [ $i -lt 100000 ]; do i=$((i+1)); done';

/** Creates a machine and opens terminal 1: the time until a learner could type. */
async function toPrompt(boot: 'cold' | 'restore'): Promise<{ machine: X86Machine; ms: number }> {
	const started = performance.now();
	const machine = await X86Machine.create({ files: nodeFileSource(), boot });
	await machine.openTerminal({ user: 'root', cols: 80, rows: 24 });
	return { machine, ms: performance.now() - started };
}

/** The child's work: one boot to a prompt and, after a restore, the loop typed at that prompt. */
async function child(boot: 'cold' | 'restore'): Promise<ChildResult> {
	const { machine, ms } = await toPrompt(boot);
	try {
		if (boot === 'cold') {
			return { prompt_ms: ms };
		}
		// Typed at the prompt like a learner would; timed from Enter to the next prompt.
		const started = performance.now();
		machine.input(1, `${LOOP}\r`);
		const how = await machine.settle(1, 300000);
		const loopMs = performance.now() - started;
		if (how !== 'idle') {
			throw new Error(`x86 bench: the loop ended as ${how}`);
		}
		return { prompt_ms: ms, loop_ms: loopMs };
	} finally {
		machine.dispose();
	}
}

/** Runs `child(boot)` in a new Node process with this process's loader flags (tsx). */
function inFreshProcess(boot: 'cold' | 'restore'): Promise<ChildResult> {
	return new Promise((resolve, reject) => {
		const script = fileURLToPath(import.meta.url);
		const proc = spawn(process.execPath, [...process.execArgv, script, '--child', boot], {
			stdio: ['ignore', 'pipe', 'inherit']
		});
		let out = '';
		proc.stdout.on('data', (d: Buffer) => {
			out += d.toString();
		});
		proc.on('error', reject);
		proc.on('close', (code) => {
			const line = out.trim().split('\n').pop() ?? '';
			if (code !== 0 || !line.startsWith('{')) {
				reject(new Error(`x86 bench: the ${boot} child ended with ${code}: ${out}`));
				return;
			}
			resolve(JSON.parse(line) as ChildResult);
		});
	});
}

export async function benchX86(): Promise<X86Bench> {
	const cold = await inFreshProcess('cold');
	const restored = await inFreshProcess('restore');
	const state = await stat(join(X86_IMAGE_DIR, X86_FILES.state));
	return {
		cold_boot_to_prompt_ms: Math.round(cold.prompt_ms),
		restore_to_prompt_ms: Math.round(restored.prompt_ms),
		state_zst_mb: Math.round(state.size / 1e4) / 100,
		shell_loop_100k_ms: Math.round(restored.loop_ms ?? NaN)
	};
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === '--child') {
	const boot = process.argv[3] === 'cold' ? 'cold' : 'restore';
	child(boot).then(
		(result) => {
			process.stdout.write(`${JSON.stringify(result)}\n`);
			process.exit(0);
		},
		(error: unknown) => {
			console.error(error);
			process.exit(1);
		}
	);
}
