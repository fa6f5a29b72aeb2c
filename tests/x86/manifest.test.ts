// The shipped x86 files match public/images/x86/manifest.json, and the installed v86 is the exact
// build the state was saved with (a state only restores into the same v86: X86-IMAGE.md pitfall 7).
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { X86_IMAGE_DIR } from '../../core/x86/index.ts';

interface Manifest {
	inputs_sha256: string;
	v86: string;
	debian_sources: Record<string, string>;
	files: Record<string, { size: number; sha256: string }>;
}

const manifest = JSON.parse(readFileSync(join(X86_IMAGE_DIR, 'manifest.json'), 'utf8')) as Manifest;

describe('public/images/x86', () => {
	it('holds exactly the files the manifest lists, with their sizes and sha256', () => {
		const present = readdirSync(X86_IMAGE_DIR)
			.filter((f) => f !== 'manifest.json')
			.sort();
		expect(present).toEqual(Object.keys(manifest.files).sort());
		for (const [name, want] of Object.entries(manifest.files)) {
			const data = readFileSync(join(X86_IMAGE_DIR, name));
			expect({ name, size: data.length }).toEqual({ name, size: want.size });
			expect({ name, sha256: createHash('sha256').update(data).digest('hex') }).toEqual({
				name,
				sha256: want.sha256
			});
		}
	});

	it('was saved with the v86 that is installed', () => {
		const require = createRequire(import.meta.url);
		const pkg = require('v86/package.json') as { version: string };
		expect(pkg.version).toBe(manifest.v86);
	});

	it('names the Debian sources of every binary and ships the GPL companions', () => {
		expect(manifest.debian_sources.linux).toMatch(/^linux 6\.1\.\d+-\d+/);
		expect(manifest.debian_sources.busybox).toMatch(/^busybox 1:1\.35\.0/);
		expect(manifest.debian_sources.seabios).toMatch(/^seabios 1\.16/);
		expect(Object.keys(manifest.files)).toEqual(
			expect.arrayContaining([
				'bzImage',
				'bios-256k.bin',
				'vgabios-stdvga.bin',
				'state.bin.zst',
				'kernel.config',
				'initramfs.list'
			])
		);
		const config = readFileSync(join(X86_IMAGE_DIR, 'kernel.config'), 'utf8');
		expect(config).toContain('CONFIG_COMPAT_32BIT_TIME=y');
		expect(config).toContain('CONFIG_PID_NS=y');
	});

	it('keeps the state small enough to ship (at most 3 MB)', () => {
		expect(manifest.files['state.bin.zst']?.size).toBeLessThanOrEqual(3_000_000);
	});
});
