// Golden transcripts: each tests/transcripts/<area>/<name>.sh is typed by the runner into a fresh
// model machine; its transcript must equal <name>.txt exactly. A metamorphic twin runs the same
// script on a machine with another host name and checks the output follows it, so no transcript
// can be canned text.
import { readdirSync, readFileSync, writeFileSync, existsSync, unlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModelMachine } from '../core/model-machine.ts';
import { runLines, scriptHosts, scriptKernel, scriptLines } from '../core/runner.ts';
import type { BootOptions } from '../core/machine.ts';

const root = join(import.meta.dirname, 'transcripts');

function scripts(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
		const p = join(dir, e.name);
		if (e.isDirectory()) return scripts(p);
		return e.name.endsWith('.sh') ? [p] : [];
	});
}

/** The first line of a script may say `# user: NAME` to log in as someone else than root. */
function userOf(script: string): string {
	return /^# user: (\S+)/.exec(script)?.[1] ?? 'root';
}

async function transcript(
	script: string,
	boot: BootOptions = {}
): Promise<{ text: string; faults: readonly string[] }> {
	const hosts = scriptHosts(scriptLines(script));
	const kernel = scriptKernel(scriptLines(script));
	const m = await ModelMachine.create({
		...boot,
		...(hosts.length > 0 ? { hosts } : {}),
		...(kernel ? { kernel } : {})
	});
	try {
		const id = await m.openTerminal({ user: userOf(script), cols: 80, rows: 24 });
		const { transcript: text } = await runLines(m, id, scriptLines(script));
		return { text, faults: [...m.faults] };
	} finally {
		m.dispose();
	}
}

describe('golden transcripts', () => {
	for (const sh of scripts(root).sort()) {
		const name = relative(root, sh);
		const golden = sh.replace(/\.sh$/, '.txt');
		const actual = sh.replace(/\.sh$/, '.actual.txt');
		it(`${name} prints its golden transcript`, async () => {
			const script = readFileSync(sh, 'latin1');
			const { text, faults } = await transcript(script);
			expect(faults, 'internal faults').toEqual([]);
			const want = existsSync(golden) ? readFileSync(golden, 'latin1') : null;
			if (text !== want) {
				writeFileSync(actual, text, 'latin1');
				const rel = (p: string) => relative(process.cwd(), p);
				console.error(`transcript differs; to accept it:\n  cp ${rel(actual)} ${rel(golden)}`);
			} else if (existsSync(actual)) {
				unlinkSync(actual);
			}
			expect(text).toBe(want);
		});

		it(`${name} follows the host name (metamorphic twin)`, async () => {
			const script = readFileSync(sh, 'latin1');
			if (/\btwin\b/.test(script)) return expect(script).toMatch(/twin/);
			const { text } = await transcript(script);
			const twin = await transcript(script, { hostname: 'twin' });
			if (text.includes('@main')) expect(twin.text).not.toBe(text);
			expect(twin.text.replace(/\btwin\b/g, 'main')).toBe(text);
		});
	}
});
