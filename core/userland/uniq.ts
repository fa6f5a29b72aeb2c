// /usr/bin/uniq (textutils 2.0.21): drops (or counts, or shows only) repeated adjacent lines.
import { O_CREAT, O_TRUNC, O_WRONLY, isErrno, type Sys } from '../syscalls/index.ts';
import { Tool, splitLines } from './lib/tool.ts';

const usage = `[OPTION]... [INPUT [OUTPUT]]
Discard all but one of successive identical lines from INPUT (or
standard input), writing to OUTPUT (or standard output).

  -c, --count           prefix lines by the number of occurrences
  -d, --repeated        only print duplicate lines
  -D, --all-repeated    print all duplicate lines
  -f, --skip-fields=N   avoid comparing the first N fields
  -i, --ignore-case     ignore differences in case when comparing
  -s, --skip-chars=N    avoid comparing the first N characters
  -u, --unique          only print unique lines
  -w, --check-chars=N   compare no more than N characters in lines
      --help            display this help and exit
      --version         output version information and exit
`;

export async function uniq(sys: Sys, argv: string[], env: Record<string, string>): Promise<number> {
	const t = new Tool(sys, argv, env);
	const p = await t.parse(
		{
			short: 'cdDf:is:uw:',
			long: {
				count: { key: 'c' },
				repeated: { key: 'd' },
				'all-repeated': { key: 'D' },
				'skip-fields': { key: 'f', arg: 'required' },
				'ignore-case': { key: 'i' },
				'skip-chars': { key: 's', arg: 'required' },
				unique: { key: 'u' },
				'check-chars': { key: 'w', arg: 'required' }
			}
		},
		{ usage, version: 'textutils 2.0.21' }
	);
	if (typeof p === 'number') return p;
	let countMode = false,
		repeated = false,
		allRepeated = false,
		uniqueOnly = false,
		fold = false;
	let skipFields = 0,
		skipChars = 0,
		checkChars = Infinity;
	for (const o of p.options) {
		const num = () => (/^\d+$/.test(o.value!) ? Number(o.value) : null);
		if (o.key === 'c') countMode = true;
		else if (o.key === 'd') repeated = true;
		else if (o.key === 'D') allRepeated = true;
		else if (o.key === 'u') uniqueOnly = true;
		else if (o.key === 'i') fold = true;
		else {
			const v = num();
			if (v === null) {
				const what =
					o.key === 'f'
						? 'number of fields to skip'
						: o.key === 's'
							? 'number of bytes to skip'
							: 'number of bytes to compare';
				await t.error(`${o.value}: invalid ${what}`);
				return 1;
			}
			if (o.key === 'f') skipFields = v;
			else if (o.key === 's') skipChars = v;
			else checkChars = v;
		}
	}
	if (p.operands.length > 2) {
		await t.error(`extra operand \`${p.operands[2]}'`);
		await t.tryHelp();
		return 1;
	}
	if (countMode && allRepeated) {
		await t.error('printing all duplicated lines and repeat counts is meaningless');
		await t.tryHelp();
		return 1;
	}
	const input = p.operands[0] ?? '-';
	const text = await t.readFile(input);
	if (isErrno(text)) {
		await t.fail(input, text);
		return 1;
	}
	const keyOf = (line: string) => {
		let s = line;
		for (let f = 0; f < skipFields; f++) s = s.replace(/^[ \t]*[^ \t]*/, '');
		s = s.slice(skipChars).slice(0, checkChars);
		return fold ? s.toUpperCase() : s;
	};
	const lines = splitLines(text);
	let out = '';
	for (let i = 0; i < lines.length;) {
		let j = i + 1;
		const k = keyOf(lines[i]!);
		while (j < lines.length && keyOf(lines[j]!) === k) j++;
		const n = j - i;
		if (allRepeated) {
			if (n > 1) for (let x = i; x < j; x++) out += lines[x] + '\n';
		} else if (!((repeated && n === 1) || (uniqueOnly && n > 1))) {
			out += (countMode ? `${String(n).padStart(7)}\t` : '') + lines[i] + '\n';
		}
		i = j;
	}
	if (p.operands[1] !== undefined && p.operands[1] !== '-') {
		const fd = await sys.open(p.operands[1], O_WRONLY | O_CREAT | O_TRUNC, 0o666);
		if (isErrno(fd)) {
			await t.fail(p.operands[1], fd);
			return 1;
		}
		await sys.write(fd, out);
		await sys.close(fd);
		return 0;
	}
	await t.out(out);
	return t.exit(0);
}
