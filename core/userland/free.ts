// free (procps 2.0.7): memory and swap use from /proc/meminfo, in kB (-k), bytes (-b) or MB (-m).
import type { Sys } from '../syscalls/index.ts';
import { Tool } from './lib/tool.ts';
import { readMeminfo } from './lib/procps.ts';

const usage =
	'usage: free [-b|-k|-m] [-o] [-s delay] [-t] [-V]\n  -b,-k,-m  show output in bytes, KB, or MB\n  -o        use old format (no -/+buffers/cache line)\n  -t        display total for RAM + swap\n  -s        update every [delay] seconds\n  -V        display version information and exit\n';

export async function free(sys: Sys, argv: string[], env: Record<string, string>): Promise<number> {
	const t = new Tool(sys, argv, env);
	let scale = (kb: number): number => kb;
	let old = false;
	let total = false;
	let delay: number | null = null;
	for (let i = 1; i < argv.length; i++) {
		const a = argv[i]!;
		if (!a.startsWith('-')) {
			await t.errRaw(usage);
			return 1;
		}
		for (let j = 1; j < a.length; j++) {
			const c = a[j]!;
			if (c === 'b') scale = (kb) => kb * 1024;
			else if (c === 'k') scale = (kb) => kb;
			else if (c === 'm') scale = (kb) => Math.floor(kb / 1024);
			else if (c === 'o') old = true;
			else if (c === 't') total = true;
			else if (c === 'V') {
				await t.out('procps version 2.0.7\n');
				return t.exit(0);
			} else if (c === 's') {
				const v = a.slice(j + 1) || argv[++i];
				delay = Number(v);
				if (!(delay > 0)) {
					await t.errRaw(usage);
					return 1;
				}
				break;
			} else {
				await t.errRaw(usage);
				return 1;
			}
		}
	}
	const col = (n: number): string => String(scale(n)).padStart(11);
	for (;;) {
		const m = await readMeminfo(sys);
		const used = m.total - m.free;
		await t.out('             total       used       free     shared    buffers     cached\n');
		await t.out(
			`Mem:  ${col(m.total)}${col(used)}${col(m.free)}${col(m.shared)}${col(m.buffers)}${col(m.cached)}\n`
		);
		if (!old) {
			await t.out(
				`-/+ buffers/cache:${col(used - m.buffers - m.cached)}${col(m.free + m.buffers + m.cached)}\n`
			);
		}
		await t.out(`Swap: ${col(m.swapTotal)}${col(m.swapTotal - m.swapFree)}${col(m.swapFree)}\n`);
		if (total) {
			await t.out(
				`Total:${col(m.total + m.swapTotal)}${col(used + m.swapTotal - m.swapFree)}${col(m.free + m.swapFree)}\n`
			);
		}
		if (delay === null) break;
		await t.out('\n');
		await t.flush();
		await sys.sleep(delay * 1000);
	}
	return t.exit(0);
}
