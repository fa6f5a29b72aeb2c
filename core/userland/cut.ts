// /usr/bin/cut (textutils 2.0.21): selects bytes, characters or fields of each line.
import { isErrno, type Sys } from '../syscalls/index.ts';
import { Tool } from './lib/tool.ts';

const usage = `[OPTION]... [FILE]...
Print selected parts of lines from each FILE to standard output.

  -b, --bytes=LIST        output only these bytes
  -c, --characters=LIST   output only these characters
  -d, --delimiter=DELIM   use DELIM instead of TAB for field delimiter
  -f, --fields=LIST       output only these fields;  also print any line
                            that contains no delimiter character, unless
                            the -s option is specified
  -n                      (ignored)
  -s, --only-delimited    do not print lines not containing delimiters
      --output-delimiter=STRING  use STRING as the output delimiter
      --help     display this help and exit
      --version  output version information and exit

Each LIST is made up of one range, or many ranges separated by commas:
  N     N'th byte, character or field, counted from 1
  N-    from N'th byte, character or field, to end of line
  N-M   from N'th to M'th (included) byte, character or field
  -M    from first to M'th (included) byte, character or field
`;

type Ranges = [number, number][];

/** `1,3-5,7-` → inclusive 1-based ranges; null if invalid. */
function parseList(list: string): Ranges | null {
	const out: Ranges = [];
	for (const part of list.split(/[,\s]+/)) {
		const m = /^(\d*)(-?)(\d*)$/.exec(part);
		if (!m || part === '' || part === '-') return null;
		const a = m[1] === '' ? 1 : Number(m[1]);
		const b = m[2] === '' ? a : m[3] === '' ? Infinity : Number(m[3]);
		if (a === 0 || b < a) return null;
		out.push([a, b]);
	}
	return out;
}

const selected = (r: Ranges, i: number) => r.some(([a, b]) => i >= a && i <= b);

export async function cut(sys: Sys, argv: string[], env: Record<string, string>): Promise<number> {
	const t = new Tool(sys, argv, env);
	const p = await t.parse(
		{
			short: 'b:c:d:f:ns',
			long: {
				bytes: { key: 'b', arg: 'required' },
				characters: { key: 'c', arg: 'required' },
				delimiter: { key: 'd', arg: 'required' },
				fields: { key: 'f', arg: 'required' },
				'only-delimited': { key: 's' },
				'output-delimiter': { key: 'od', arg: 'required' }
			}
		},
		{ usage, version: 'textutils 2.0.21' },
		2
	);
	if (typeof p === 'number') return p;
	const fatal = async (msg: string) => {
		await t.error(msg);
		await t.tryHelp();
		return 2;
	};
	let mode: 'b' | 'f' | null = null;
	let list: Ranges | null = null;
	let delim: string | null = null;
	let onlyDelimited = false;
	let outDelim: string | null = null;
	for (const o of p.options) {
		if (o.key === 'b' || o.key === 'c' || o.key === 'f') {
			if (mode !== null) return fatal('only one type of list may be specified');
			mode = o.key === 'f' ? 'f' : 'b';
			list = parseList(o.value!);
			if (!list) return fatal('invalid byte or field list');
		} else if (o.key === 'd') {
			if (o.value!.length > 1) return fatal('the delimiter must be a single character');
			delim = o.value! || '\0';
		} else if (o.key === 's') onlyDelimited = true;
		else if (o.key === 'od') outDelim = o.value!;
	}
	if (mode === null) return fatal('you must specify a list of bytes, characters, or fields');
	if (mode === 'b' && delim !== null) {
		return fatal('a delimiter may be specified only when operating on fields');
	}
	if (mode === 'b' && onlyDelimited) {
		return fatal('suppressing non-delimited lines makes sense\n\tonly when operating on fields');
	}
	const d = delim ?? '\t';
	const od = outDelim ?? d;
	let status = 0;
	for (const f of p.operands.length > 0 ? p.operands : ['-']) {
		const fd = await t.openInput(f);
		if (isErrno(fd)) {
			await t.fail(f, fd);
			status = 1;
			continue;
		}
		const err = await t.eachLine(fd, async (raw) => {
			const nl = raw.endsWith('\n');
			const line = nl ? raw.slice(0, -1) : raw;
			if (mode === 'b') {
				let s = '';
				for (let i = 0; i < line.length; i++) if (selected(list!, i + 1)) s += line[i];
				await t.out(s + '\n');
				return;
			}
			if (!line.includes(d)) {
				if (!onlyDelimited) await t.out(line + '\n');
				return;
			}
			const fields = line.split(d).filter((_, i) => selected(list!, i + 1));
			await t.out(fields.join(od) + '\n');
		});
		if (err) {
			await t.fail(f, err);
			status = 1;
		}
		await t.closeInput(fd);
	}
	return t.exit(status);
}
