// The credits page keeps up with what we ship: every npm package the page runs on and every
// Debian source of the x86 image is named there with the licence its own metadata gives.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const credits = read('tutorials/10-about/01-credits/index.md');

interface PackageJson {
	license?: string;
	dependencies?: Record<string, string>;
}
const pkg = (name: string) => JSON.parse(read(`node_modules/${name}/package.json`)) as PackageJson;

/** Whether the page names `name` with `licence`: in one table row, or as `name` (LICENCE). */
function credited(name: string, licence: string): boolean {
	const escaped = name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
	const row = new RegExp(`^\\|.*${escaped}.*\\|\\s*${licence}\\s*\\|$`, 'im');
	const inline = new RegExp(`${escaped}\`? \\(${licence}\\)`, 'i');
	return row.test(credits) || inline.test(credits.replace(/\s+/g, ' '));
}

describe('the credits page', () => {
	// The runtime dependencies, Svelte (a build tool whose runtime is bundled into the page) and
	// the one package Svelte's runtime imports, clsx. A bundle listing (vite build with a plugin
	// reading each chunk's modules) gave exactly these plus nothing else from node_modules.
	const own = JSON.parse(read('package.json')) as PackageJson;
	const shipped = [...Object.keys(own.dependencies ?? {}), 'svelte', 'clsx'];

	it.each(shipped)('names %s with its licence', (name) => {
		const licence = pkg(name).license;
		expect(licence).toBeTruthy();
		expect(credited(name, licence!)).toBe(true);
	});

	it('names every Debian source of the x86 image with a licence', () => {
		const manifest = JSON.parse(read('public/images/x86/manifest.json')) as {
			debian_sources: Record<string, string>;
		};
		const licences: Record<string, string> = {
			linux: 'GPL-2.0',
			busybox: 'GPL-2.0',
			seabios: 'LGPL-3.0',
			glibc: 'LGPL-2.1 or later'
		};
		const sources = Object.keys(manifest.debian_sources);
		expect(sources.length).toBeGreaterThan(0);
		for (const source of sources) {
			expect(licences[source], `no licence known for ${source}`).toBeDefined();
			const row = credits
				.split('\n')
				.find((line) => line.startsWith('|') && line.includes(`\`${source}`));
			expect(row, `no row for ${source}`).toBeDefined();
			expect(row).toMatch(new RegExp(`\\|\\s*${licences[source]}\\s*\\|$`));
		}
	});
});
