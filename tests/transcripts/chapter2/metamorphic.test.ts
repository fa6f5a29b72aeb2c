// The chapter 2 goldens re-run on a machine booted otherwise (host name, eth0's address) with
// context 2 already in use: the output must follow (names, addresses, context numbers one up)
// and say the same thing otherwise. Scripts that type a context number (2.6.2) are left out.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModelMachine } from '../../../core/model-machine.ts';
import { runLines, scriptLines } from '../../../core/runner.ts';
import type { BootOptions } from '../../../core/machine.ts';

const dir = import.meta.dirname;
const other: BootOptions = {
	hostname: 'other',
	eth0: '10.1.2.3/8',
	// A vserver-like process already holds context 2 when the learner starts.
	setup: '/usr/sbin/chcontext --silent --disconnect tail -f /dev/null'
};

async function transcript(script: string, boot: BootOptions): Promise<string> {
	const m = await ModelMachine.create(boot);
	try {
		const user = /^# user: (\S+)/.exec(script)?.[1] ?? 'root';
		const id = await m.openTerminal({ user, cols: 80, rows: 24 });
		const { transcript: text } = await runLines(m, id, scriptLines(script));
		expect(m.faults).toEqual([]);
		return text;
	} finally {
		m.dispose();
	}
}

/** What must not matter: pids, job numbers, column padding and line wrapping at 80 columns. */
function shape(text: string): string {
	return unwrap(text)
		.split('\n')
		.map((l) =>
			l
				.replace(/^( *)\d+ /, '$1PID ')
				.replace(/\[(\d+)\] \d+$/, '[$1] PID')
				.replace(/\((\d+)\)/g, '(PID)')
		)
		.join('\n')
		.replace(/[ \t]+/g, ' ');
}

/** Joins the rows the terminal wrapped at 80 columns. */
function unwrap(text: string): string {
	return text.replace(/^(.{80})\n/gm, '$1');
}

/** The golden as the other machine must print it. */
function expected(golden: string): string {
	return (
		unwrap(golden)
			.replace(/\bmain\b/g, 'other')
			// The model derives eth0's hardware address from its IP address's last three bytes.
			.replace(/HWaddr 00:50:56:A8:01:01/g, 'HWaddr 00:50:56:01:02:03')
			.replace(/192\.168\.1\.255/g, '10.255.255.255')
			.replace(/192\.168\.1\.1\b/g, '10.1.2.3')
			.replace(/Mask:255\.255\.255\.0/g, 'Mask:255.0.0.0')
			.replace(
				/(New security context is |s_context: )(\d+)/g,
				(_, p: string, n: string) => p + (Number(n) >= 2 ? Number(n) + 1 : n)
			)
	);
}

describe('chapter 2 on another machine with context 2 in use', () => {
	const scripts = readdirSync(dir).filter((f) => f.endsWith('.sh') && !f.startsWith('2.6.2'));
	for (const name of scripts.sort()) {
		it(`${name} follows the host, the address and the next free context`, async () => {
			const script = readFileSync(join(dir, name), 'latin1');
			const golden = readFileSync(join(dir, name.replace(/\.sh$/, '.txt')), 'latin1');
			const text = await transcript(script, other);
			expect(text).not.toBe(golden);
			expect(shape(text)).toBe(shape(expected(golden)));
		});
	}
});
