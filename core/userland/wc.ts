// /usr/bin/wc (textutils 2.0.21): counts lines, words and bytes.
import { isErrno, type Sys } from '../syscalls/index.ts';
import { Tool } from './lib/tool.ts';

const usage = `[OPTION]... [FILE]...
Print byte, word, and newline counts for each FILE, and a total line if
more than one FILE is specified.  With no FILE, or when FILE is -,
read standard input.
  -c, --bytes, --chars   print the byte counts
  -l, --lines            print the newline counts
  -L, --max-line-length  print the length of the longest line
  -w, --words            print the word counts
      --help             display this help and exit
      --version          output version information and exit
`;

interface Counts {
	lines: number;
	words: number;
	bytes: number;
	longest: number;
}

export function countText(text: string): Counts {
	let lines = 0,
		words = 0,
		longest = 0,
		col = 0,
		inWord = false;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c === 10) {
			lines++;
			longest = Math.max(longest, col);
			col = 0;
		} else if (c === 9) col += 8 - (col % 8);
		else if (c >= 32 && c < 127) col++;
		// Words are runs of anything but white space (isspace in the C locale).
		const space = c === 32 || (c >= 9 && c <= 13);
		if (space) inWord = false;
		else if (!inWord) {
			inWord = true;
			words++;
		}
	}
	return { lines, words, bytes: text.length, longest: Math.max(longest, col) };
}

export async function wc(sys: Sys, argv: string[], env: Record<string, string>): Promise<number> {
	const t = new Tool(sys, argv, env);
	const p = await t.parse(
		{
			short: 'clLwm',
			long: {
				bytes: { key: 'c' },
				chars: { key: 'c' },
				lines: { key: 'l' },
				'max-line-length': { key: 'L' },
				words: { key: 'w' }
			}
		},
		{ usage, version: 'textutils 2.0.21' }
	);
	if (typeof p === 'number') return p;
	const want = new Set(p.options.map((o) => (o.key === 'm' ? 'c' : o.key)));
	if (want.size === 0) for (const k of ['l', 'w', 'c']) want.add(k);
	const files = p.operands.length > 0 ? p.operands : ['-'];
	const total: Counts = { lines: 0, words: 0, bytes: 0, longest: 0 };
	let status = 0;
	const line = (c: Counts, name: string) => {
		const fields: number[] = [];
		if (want.has('l')) fields.push(c.lines);
		if (want.has('w')) fields.push(c.words);
		if (want.has('c')) fields.push(c.bytes);
		if (want.has('L')) fields.push(c.longest);
		return fields.map((f) => String(f).padStart(7)).join(' ') + (name ? ` ${name}` : '') + '\n';
	};
	for (const f of files) {
		const text = await t.readFile(f);
		if (isErrno(text)) {
			await t.fail(f, text);
			status = 1;
			continue;
		}
		const c = countText(text);
		total.lines += c.lines;
		total.words += c.words;
		total.bytes += c.bytes;
		total.longest = Math.max(total.longest, c.longest);
		await t.out(line(c, f === '-' && p.operands.length === 0 ? '' : f));
	}
	if (files.length > 1) await t.out(line(total, 'total'));
	return t.exit(status);
}
