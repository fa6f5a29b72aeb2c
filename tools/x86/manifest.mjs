// Writes public/images/x86/manifest.json: every shipped file's size and sha256, the Debian source
// versions and the exact v86 version, as `node manifest.mjs OUT_DIR key=value...` from build.sh.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [outDir, ...pairs] = process.argv.slice(2);
const facts = Object.fromEntries(
	pairs.map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)])
);
const files = {};
for (const name of readdirSync(outDir).sort()) {
	if (name === 'manifest.json') continue;
	const data = readFileSync(join(outDir, name));
	files[name] = { size: data.length, sha256: createHash('sha256').update(data).digest('hex') };
}
const manifest = {
	inputs_sha256: facts.inputs_sha256,
	built: new Date().toISOString(),
	build_seconds: Number(facts.build_seconds),
	v86: facts.v86,
	debian_sources: {
		linux: facts.linux,
		busybox: facts.busybox,
		seabios: facts.seabios,
		glibc: facts.glibc
	},
	gcc: facts.gcc,
	machine: {
		memory_size: 32 << 20,
		vga_memory_size: 2 << 20,
		uarts: 4,
		cmdline: 'console=ttyS0 tsc=reliable mitigations=off quiet init_on_free=1'
	},
	files
};
writeFileSync(join(outDir, 'manifest.json'), JSON.stringify(manifest, null, '\t') + '\n');
