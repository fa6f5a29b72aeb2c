// /bin/sleep (sh-utils 2.0.11): pauses for the sum of its intervals (s, m, h, d suffixes) of the
// machine's virtual time.
import { isErrno, type Sys } from '../syscalls/index.ts';
import { Tool, quote } from './lib/tool.ts';

const usage = `[OPTION]... NUMBER[SUFFIX]...
Pause for NUMBER seconds.  SUFFIX may be s for seconds (the default),
m for minutes, h for hours or d for days.

      --help     display this help and exit
      --version  output version information and exit
`;

export async function sleep(
	sys: Sys,
	argv: string[],
	env: Record<string, string>
): Promise<number> {
	const t = new Tool(sys, argv, env);
	const p = await t.parse({ short: '' }, { usage, version: 'sh-utils 2.0.11' });
	if (typeof p === 'number') return p;
	if (p.operands.length === 0) {
		await t.error('too few arguments');
		await t.tryHelp();
		return 1;
	}
	let seconds = 0;
	for (const a of p.operands) {
		const m = /^(\d+\.?\d*|\.\d+)([smhd]?)$/.exec(a);
		if (!m) {
			await t.error(`invalid time interval ${quote(a)}`);
			await t.tryHelp();
			return 1;
		}
		seconds +=
			Number(m[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
	}
	// nanosleep returns early (EINTR) when a handled signal arrives; sleep then just goes on.
	const until = (await sys.uptime()) + seconds * 1000;
	for (;;) {
		const left = until - (await sys.uptime());
		if (left <= 0) break;
		const r = await sys.sleep(left);
		if (!isErrno(r)) break;
	}
	return 0;
}
