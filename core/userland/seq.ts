// /usr/bin/seq and /usr/bin/yes (sh-utils 2.0.11): number sequences, and one line forever.
import { isErrno, type Sys } from '../syscalls/index.ts';
import { Tool } from './lib/tool.ts';
import { formatPrintf } from './lib/printf-format.ts';

const seqUsage = `[OPTION]... LAST
  or:  seq [OPTION]... FIRST LAST
  or:  seq [OPTION]... FIRST INCREMENT LAST
Print numbers from FIRST to LAST, in steps of INCREMENT.

  -f, --format=FORMAT      use printf style floating-point FORMAT (default: %g)
  -s, --separator=STRING   use STRING to separate numbers (default: \\n)
  -w, --equal-width        equalize width by padding with leading zeroes
      --help     display this help and exit
      --version  output version information and exit
`;

export async function seq(sys: Sys, argv: string[], env: Record<string, string>): Promise<number> {
	const t = new Tool(sys, argv, env);
	// Negative numbers are operands, not options.
	const args = argv.slice(1);
	const opts: string[] = [argv[0]!];
	let i = 0;
	while (i < args.length && /^-[^0-9.]/.test(args[i]!) && args[i] !== '--') {
		opts.push(args[i]!);
		if (/^-[fs]$/.test(args[i]!) && i + 1 < args.length) opts.push(args[++i]!);
		i++;
	}
	if (args[i] === '--') i++;
	const p = await new Tool(sys, opts, env).parse(
		{
			short: 'f:s:w',
			long: {
				format: { key: 'f', arg: 'required' },
				separator: { key: 's', arg: 'required' },
				'equal-width': { key: 'w' }
			}
		},
		{ usage: seqUsage, version: 'sh-utils 2.0.11' }
	);
	if (typeof p === 'number') return p;
	let format: string | null = null;
	let sep = '\n';
	let equal = false;
	for (const o of p.options) {
		if (o.key === 'f') format = o.value!;
		else if (o.key === 's') sep = o.value!;
		else if (o.key === 'w') equal = true;
	}
	const nums = [...p.operands, ...args.slice(i)];
	if (nums.length === 0 || nums.length > 3) {
		await t.error(nums.length === 0 ? 'too few arguments' : 'too many arguments');
		await t.tryHelp();
		return 1;
	}
	const values: number[] = [];
	for (const n of nums) {
		if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(n)) {
			await t.error(`invalid floating point argument: ${n}`);
			await t.tryHelp();
			return 1;
		}
		values.push(Number(n));
	}
	const [first, step, last] =
		values.length === 1
			? [1, 1, values[0]!]
			: values.length === 2
				? [values[0]!, 1, values[1]!]
				: (values as [number, number, number]);
	if (step === 0) {
		await t.error('increment must not be 0');
		return 1;
	}
	// sh-utils 2.0 prints with %g unless told otherwise (later versions count decimals).
	const fmt = format ?? '%g';
	const count = Math.floor((last - first) / step + 1e-9) + 1;
	const items: string[] = [];
	for (let k = 0; k < count; k++) items.push(formatPrintf(fmt, [String(first + k * step)]).output);
	if (equal) {
		const width = Math.max(...items.map((s) => s.length));
		for (let k = 0; k < items.length; k++) {
			items[k] = items[k]!.replace(/^(-?)/, (m) => m + '0'.repeat(width - items[k]!.length));
		}
	}
	for (let k = 0; k < items.length; k++) {
		await t.out(items[k]! + (k === items.length - 1 ? '\n' : sep));
		if (k % 1000 === 999) await t.yield();
	}
	return t.exit(0);
}

export async function yes(sys: Sys, argv: string[], env: Record<string, string>): Promise<number> {
	const t = new Tool(sys, argv, env);
	if (argv.length === 2 && (argv[1] === '--help' || argv[1] === '--version')) {
		const p = await t.parse(
			{ short: '' },
			{
				usage: "[STRING]...\nRepeatedly output a line with all specified STRING(s), or `y'.\n",
				version: 'sh-utils 2.0.11'
			}
		);
		if (typeof p === 'number') return p;
	}
	const line = (argv.length > 1 ? argv.slice(1).join(' ') : 'y') + '\n';
	const block = line.repeat(Math.max(1, Math.floor(4096 / line.length)));
	// Each write is a system call, so the scheduler can always run others; SIGPIPE ends us.
	for (;;) {
		const r = await sys.write(1, block);
		if (isErrno(r)) return 1;
	}
}
