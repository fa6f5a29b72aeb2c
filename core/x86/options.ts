// The x86 machine's fixed v86 options, shared by the adapter and (by copy) tools/x86/save-state.mjs:
// a saved state only restores into a machine created with the same options (X86-IMAGE.md pitfall 7).
import type { V86Options } from 'v86';

/** Files of public/images/x86 the machine reads. */
export const X86_FILES = {
	state: 'state.bin.zst',
	bzImage: 'bzImage',
	bios: 'bios-256k.bin',
	vgaBios: 'vgabios-stdvga.bin',
	manifest: 'manifest.json'
} as const;

/** Kernel command line of the cold boot the shipped state was saved from. */
export const X86_CMDLINE = 'console=ttyS0 tsc=reliable mitigations=off quiet init_on_free=1';

/** ttyS0's size in every shipped state (tools/x86/rootfs/init sets it before the state is saved):
 * opening terminal 1 at this size needs no stty. */
export const SAVED_TTY_SIZE = { cols: 80, rows: 24 } as const;

/** Serial ports: ttyS0 is terminal 1, ttyS1 the control channel, ttyS2 and ttyS3 terminals 2 and 3. */
export const TERMINAL_UARTS = [0, 2, 3] as const;
export const CONTROL_UART = 1;

/** The options every x86 machine is created with, before its images are added. */
export function baseOptions(wasmPath: string): V86Options {
	return {
		wasm_path: wasmPath,
		memory_size: 32 << 20,
		vga_memory_size: 2 << 20,
		uart1: true,
		uart2: true,
		uart3: true,
		autostart: true,
		disable_keyboard: true,
		disable_mouse: true,
		disable_speaker: true
	};
}
