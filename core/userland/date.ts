// /bin/date (sh-utils 2.0.11): prints the date (optionally formatted with +FORMAT, of another
// time with -d or a file's with -r) or sets it with -s, which needs CAP_SYS_TIME.
import { isErrno, type Sys } from '../syscalls/index.ts';
import { Tool, quote } from './lib/tool.ts';
import { parseDate, parseStamp, strftime } from './lib/time.ts';

const usage = `[OPTION]... [+FORMAT]
  or:  date [-u|--utc|--universal] [MMDDhhmm[[CC]YY][.ss]]
Display the current time in the given FORMAT, or set the system date.

  -d, --date=STRING         display time described by STRING, not \`now'
  -r, --reference=FILE      display the last modification time of FILE
  -R, --rfc-822             output RFC-822 compliant date string
  -s, --set=STRING          set time described by STRING
  -u, --utc, --universal    print or set Coordinated Universal Time
      --help     display this help and exit
      --version  output version information and exit
`;

const DEFAULT_FORMAT = '%a %b %e %H:%M:%S %Z %Y';

export async function date(sys: Sys, argv: string[], env: Record<string, string>): Promise<number> {
	const t = new Tool(sys, argv, env);
	const p = await t.parse(
		{
			short: 'd:r:Rs:u',
			long: {
				date: { key: 'd', arg: 'required' },
				reference: { key: 'r', arg: 'required' },
				'rfc-822': { key: 'R' },
				set: { key: 's', arg: 'required' },
				utc: { key: 'u' },
				universal: { key: 'u' }
			}
		},
		{ usage, version: 'sh-utils 2.0.11' }
	);
	if (typeof p === 'number') return p;
	const now = await sys.time();
	let when = now;
	let format = DEFAULT_FORMAT;
	let set: string | null = null;
	for (const o of p.options) {
		if (o.key === 'd') {
			const v = parseDate(o.value!, now);
			if (v === null) {
				await t.error(`invalid date ${quote(o.value!)}`);
				return 1;
			}
			when = v;
		} else if (o.key === 'r') {
			const st = await sys.stat(o.value!);
			if (isErrno(st)) {
				await t.fail(o.value!, st);
				return 1;
			}
			when = st.mtime;
		} else if (o.key === 'R') format = '%a, %d %b %Y %H:%M:%S %z';
		else if (o.key === 's') set = o.value!;
	}
	const operands = [...p.operands];
	if (operands.length > 0 && operands[0]!.startsWith('+')) format = operands.shift()!.slice(1);
	if (operands.length > 0 && set === null) set = operands.shift()!;
	if (operands.length > 0) {
		await t.error(`too many non-option arguments: ${operands.join(' ')}`);
		await t.tryHelp();
		return 1;
	}
	if (set !== null) {
		const v =
			/^\d/.test(set) && !set.includes('-') && !set.includes(':')
				? parseStamp(set, now, true)
				: parseDate(set, now);
		if (v === null) {
			await t.error(`invalid date ${quote(set)}`);
			return 1;
		}
		const r = await sys.settimeofday(v * 1000);
		if (isErrno(r)) {
			// sh-utils prints the error and still shows the date it would have set.
			await t.fail('cannot set date', r);
			await t.out(strftime(format, v) + '\n');
			return t.exit(1);
		}
		when = v;
	}
	await t.out(strftime(format, when) + '\n');
	return t.exit(0);
}
