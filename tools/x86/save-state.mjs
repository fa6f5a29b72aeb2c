// Boots the freshly built image once in Node v86 and saves the state the lab ships: called by
// build.sh as `node save-state.mjs OUT_DIR RAW_STATE_FILE`. The options here must match
// core/x86/options.ts, because a state only restores into the machine it was saved from.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { V86 } from 'v86';

const [outDir, rawFile] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const v86Dir = dirname(require.resolve('v86'));
const file = (name) => ({ buffer: readFileSync(join(outDir, name)).buffer });

const started = Date.now();
const emulator = new V86({
	wasm_path: join(v86Dir, 'v86.wasm'),
	memory_size: 32 << 20,
	vga_memory_size: 2 << 20,
	bios: file('bios-256k.bin'),
	vga_bios: file('vgabios-stdvga.bin'),
	bzimage: file('bzImage'),
	// init_on_free=1 zeroes freed pages, which v86 leaves out of the state (2.6 MB instead of 4.6).
	cmdline: 'console=ttyS0 tsc=reliable mitigations=off quiet init_on_free=1',
	uart1: true,
	uart2: true,
	uart3: true,
	autostart: true,
	disable_keyboard: true,
	disable_mouse: true,
	disable_speaker: true
});

let console0 = '';
let control = '';
emulator.add_listener('serial0-output-byte', (b) => {
	console0 += String.fromCharCode(b);
});
emulator.add_listener('serial1-output-byte', (b) => {
	control += String.fromCharCode(b);
});

async function until(test, what, ms = 60000) {
	const end = Date.now() + ms;
	while (!test()) {
		if (Date.now() > end) {
			throw new Error(
				`save-state: no ${what} after ${ms} ms\nconsole:\n${console0}\ncontrol:\n${control}`
			);
		}
		await new Promise((r) => setTimeout(r, 20));
	}
}

// The state is saved with the agent ready and lab-login waiting for openTerminal to name a user.
await until(() => /^A ready/m.test(control), 'agent');
console.error(`save-state: agent ready after ${Date.now() - started} ms`);
// Empty page cache, zeroed by init_on_free, compresses to nothing.
// The agent's protocol: see core/x86/control.ts.
emulator.serial_send_bytes(
	1,
	new TextEncoder().encode('X 1 root\nsync; echo 3 > /proc/sys/vm/drop_caches\n.1\n')
);
await until(() => /^R 1 0\r?\n\.\r?\n\.\r?\n/m.test(control), 'drop_caches answer');
await new Promise((r) => setTimeout(r, 300));
const state = await emulator.save_state();
writeFileSync(rawFile, new Uint8Array(state));
console.error(`save-state: ${state.byteLength} bytes`);
await emulator.destroy();
process.exit(0);
