// /bin/cat (textutils 2.0): copies files to standard output, optionally numbering lines and
// showing non-printing characters.
import { isErrno, type Sys } from '../syscalls/index.ts';
import { Tool } from './lib/tool.ts';

const usage = `[OPTION] [FILE]...
Concatenate FILE(s), or standard input, to standard output.

  -A, --show-all           equivalent to -vET
  -b, --number-nonblank    number nonblank output lines
  -e                       equivalent to -vE
  -E, --show-ends          display $ at end of each line
  -n, --number             number all output lines
  -s, --squeeze-blank      never more than one single blank line
  -t                       equivalent to -vT
  -T, --show-tabs          display TAB characters as ^I
  -u                       (ignored)
  -v, --show-nonprinting   use ^ and M- notation, except for LFD and TAB
      --help     display this help and exit
      --version  output version information and exit

With no FILE, or when FILE is -, read standard input.
`;

const long = {
	'show-all': { key: 'A' },
	'number-nonblank': { key: 'b' },
	'show-ends': { key: 'E' },
	number: { key: 'n' },
	'squeeze-blank': { key: 's' },
	'show-tabs': { key: 'T' },
	'show-nonprinting': { key: 'v' }
};

/** cat -v notation: ^X for controls, M- for the high half, ^? for DEL. */
export function showNonprinting(s: string, tabs: boolean): string {
	let out = '';
	for (const ch of s) {
		let c = ch.charCodeAt(0);
		let prefix = '';
		if (c >= 128) {
			prefix = 'M-';
			c -= 128;
		}
		if (c === 9 && !tabs && prefix === '') out += '\t';
		else if (c === 10 && prefix === '') out += '\n';
		else if (c < 32) out += prefix + '^' + String.fromCharCode(c + 64);
		else if (c === 127) out += prefix + '^?';
		else out += prefix + String.fromCharCode(c);
	}
	return out;
}

export async function cat(sys: Sys, argv: string[], env: Record<string, string>): Promise<number> {
	const t = new Tool(sys, argv, env);
	const p = await t.parse({ short: 'AbeEnstTuv', long }, { usage, version: 'textutils 2.0.21' });
	if (typeof p === 'number') return p;
	let number = false,
		nonblank = false,
		ends = false,
		squeeze = false,
		tabs = false,
		nonprint = false;
	for (const o of p.options) {
		if (o.key === 'A') nonprint = ends = tabs = true;
		else if (o.key === 'b') number = nonblank = true;
		else if (o.key === 'e') nonprint = ends = true;
		else if (o.key === 'E') ends = true;
		else if (o.key === 'n') number = true;
		else if (o.key === 's') squeeze = true;
		else if (o.key === 't') nonprint = tabs = true;
		else if (o.key === 'T') tabs = true;
		else if (o.key === 'v') nonprint = true;
	}
	const plain = !number && !ends && !squeeze && !tabs && !nonprint;
	const files = p.operands.length > 0 ? p.operands : ['-'];
	let status = 0;
	let lineNo = 0;
	let blankRun = 0;
	for (const name of files) {
		const fd = await t.openInput(name);
		if (isErrno(fd)) {
			await t.fail(name, fd);
			status = 1;
			continue;
		}
		if (plain) {
			// Like cat's simple path: each block read is written at once (interactive use works).
			for (;;) {
				const r = await sys.read(fd, 4096);
				if (isErrno(r)) {
					await t.fail(name, r);
					status = 1;
					break;
				}
				if (r === '') break;
				await t.out(r);
				await t.flush();
				if (t.outputBroken) break;
			}
		} else {
			const err = await t.eachLine(fd, async (raw) => {
				const hasNl = raw.endsWith('\n');
				let line = hasNl ? raw.slice(0, -1) : raw;
				const blank = line === '' && hasNl;
				blankRun = blank ? blankRun + 1 : 0;
				if (squeeze && blankRun > 1) return;
				if (nonprint) line = showNonprinting(line, tabs);
				else if (tabs) line = line.replace(/\t/g, '^I');
				if (number && !(nonblank && blank)) line = `${String(++lineNo).padStart(6)}\t${line}`;
				await t.out(line + (hasNl ? (ends ? '$\n' : '\n') : ''));
			});
			if (err) {
				await t.fail(name, err);
				status = 1;
			}
		}
		await t.closeInput(fd);
	}
	return t.exit(status);
}
