// The x86 terminal filter: ash's ESC[6n queries and the prompt's OSC 133 marks leave the byte
// stream wherever chunks split them; everything else, other escape sequences included, passes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TerminalFilter } from './output-filter.ts';

const enc = new TextEncoder();
const dec = new TextDecoder();

/** Feeds `text` cut at `cuts` and returns the bytes out (flushed at the end) and the marks. */
function run(text: string, cuts: number[] = []): { text: string; marks: string[] } {
	const bytes = enc.encode(text);
	const filter = new TerminalFilter();
	const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
	let out = '';
	const marks: string[] = [];
	let from = 0;
	for (const at of [...points, bytes.length]) {
		const r = filter.push(bytes.slice(from, at));
		out += dec.decode(r.bytes);
		marks.push(...r.marks);
		from = at;
	}
	out += dec.decode(filter.flush());
	return { text: out, marks };
}

const PROMPT = '\x1b]133;D;0\x07[root@main ~]# \x1b]133;B\x07\x1b[6n';

describe('TerminalFilter', () => {
	it('takes the marks and the query out of a prompt and reports the marks in order', () => {
		expect(run(`ls\r\nbin\r\n${PROMPT}`)).toEqual({
			text: 'ls\r\nbin\r\n[root@main ~]# ',
			marks: ['D;0', 'B']
		});
		expect(run('\x1b]133;D;127\x1b\\$ ').marks).toEqual(['D;127']);
	});

	it('passes other escape sequences and other OSCs through unchanged', () => {
		const colours = '\x1b[1;34mdir\x1b[0m \x1b]0;title\x07 \x1b]1337;x\x07 \x1b[6;1H \x1b[6m';
		expect(run(colours)).toEqual({ text: colours, marks: [] });
	});

	it('gives back a mark that never ends, and a lone ESC at the end', () => {
		const long = `\x1b]133;${'x'.repeat(40)}`;
		expect(run(`${long}!`)).toEqual({ text: `${long}!`, marks: [] });
		expect(run('a\x1b')).toEqual({ text: 'a\x1b', marks: [] });
		expect(run('\x1b]133;D;0\x1bx')).toEqual({ text: '\x1b]133;D;0\x1bx', marks: [] });
	});

	it('gives the same result however the stream is cut', () => {
		const piece = fc.constantFrom(
			PROMPT,
			'text',
			'\x1b[0m',
			'\x1b',
			'\x1b]',
			'\r\n',
			'\x1b]133;B\x07',
			'6n'
		);
		fc.assert(
			fc.property(
				fc.array(piece, { maxLength: 12 }),
				fc.array(fc.nat(), { maxLength: 8 }),
				(parts, cuts) => {
					const whole = parts.join('');
					expect(run(whole, cuts)).toEqual(run(whole));
				}
			),
			{ seed: 23, numRuns: 300 }
		);
	});
});
