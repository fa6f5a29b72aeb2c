// /bin/grep, egrep, fgrep (grep 2.5.1): print the lines that match patterns; exit 0 when some
// line matched, 1 when none did, 2 on trouble.
import { S_IFDIR, S_IFMT, isErrno, type Sys } from '../syscalls/index.ts';
import { Tool, joinPath, splitLines } from './lib/tool.ts';
import { compile, isRegexError } from './lib/regex.ts';
import { Regex, nextFrom } from '../lib/regex/index.ts';
import { entries } from './lib/walk.ts';

const usage = `[OPTION]... PATTERN [FILE] ...
Search for PATTERN in each FILE or standard input.
Example: grep -i 'hello world' menu.h main.c

  -E, --extended-regexp     PATTERN is an extended regular expression
  -F, --fixed-strings       PATTERN is a set of newline-separated strings
  -G, --basic-regexp        PATTERN is a basic regular expression
  -e, --regexp=PATTERN      use PATTERN as a regular expression
  -f, --file=FILE           obtain PATTERN from FILE
  -i, --ignore-case         ignore case distinctions
  -w, --word-regexp         force PATTERN to match only whole words
  -x, --line-regexp         force PATTERN to match only whole lines
  -s, --no-messages         suppress error messages
  -v, --invert-match        select non-matching lines
  -n, --line-number         print line number with output lines
  -H, --with-filename       print the filename for each match
  -h, --no-filename         suppress the prefixing filename on output
  -q, --quiet, --silent     suppress all normal output
  -r, --recursive           read all files under each directory
  -l, --files-with-matches  only print FILE names containing matches
  -L, --files-without-match only print FILE names containing no match
  -c, --count               only print a count of matching lines per FILE
  -o, --only-matching       show only the part of a line matching PATTERN
`;

const long = {
	'extended-regexp': { key: 'E' },
	'fixed-strings': { key: 'F' },
	'basic-regexp': { key: 'G' },
	regexp: { key: 'e', arg: 'required' as const },
	file: { key: 'f', arg: 'required' as const },
	'ignore-case': { key: 'i' },
	'word-regexp': { key: 'w' },
	'line-regexp': { key: 'x' },
	'no-messages': { key: 's' },
	'invert-match': { key: 'v' },
	'line-number': { key: 'n' },
	'with-filename': { key: 'H' },
	'no-filename': { key: 'h' },
	quiet: { key: 'q' },
	silent: { key: 'q' },
	recursive: { key: 'r' },
	'files-with-matches': { key: 'l' },
	'files-without-match': { key: 'L' },
	count: { key: 'c' },
	'only-matching': { key: 'o' },
	// SIMPLIFIED: --color is accepted but nothing is highlighted.
	color: { key: 'color', arg: 'optional' as const },
	colour: { key: 'color', arg: 'optional' as const }
};

interface Opts {
	res: Regex[];
	invert: boolean;
	number: boolean;
	names: boolean | null;
	quiet: boolean;
	recursive: boolean;
	list: 'none' | 'with' | 'without';
	count: boolean;
	only: boolean;
	noMessages: boolean;
}

function escapeFixed(s: string): string {
	return s.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

export function grep(sys: Sys, argv: string[], env: Record<string, string>): Promise<number> {
	return grepMain(sys, argv, env, 'G');
}

export function egrep(sys: Sys, argv: string[], env: Record<string, string>): Promise<number> {
	return grepMain(sys, argv, env, 'E');
}

export function fgrep(sys: Sys, argv: string[], env: Record<string, string>): Promise<number> {
	return grepMain(sys, argv, env, 'F');
}

async function grepMain(
	sys: Sys,
	argv: string[],
	env: Record<string, string>,
	mode0: 'G' | 'E' | 'F'
): Promise<number> {
	const t = new Tool(sys, argv, env);
	const p = await t.parse(
		{ short: 'EFGe:f:iywxsvnHhqrRlLco', long },
		{ usage, version: 'grep 2.5.1' },
		2
	);
	if (typeof p === 'number') return p;
	let mode = mode0;
	const patterns: string[] = [];
	let fromOptions = false;
	let ignoreCase = false,
		word = false,
		line = false;
	const o: Opts = {
		res: [],
		invert: false,
		number: false,
		names: null,
		quiet: false,
		recursive: false,
		list: 'none',
		count: false,
		only: false,
		noMessages: false
	};
	for (const opt of p.options) {
		switch (opt.key) {
			case 'E':
			case 'F':
			case 'G':
				mode = opt.key;
				break;
			case 'e':
				patterns.push(...opt.value!.split('\n'));
				fromOptions = true;
				break;
			case 'f': {
				const text = await t.readFile(opt.value!);
				if (isErrno(text)) {
					await t.fail(opt.value!, text);
					return 2;
				}
				patterns.push(...splitLines(text));
				fromOptions = true;
				break;
			}
			case 'i':
			case 'y':
				ignoreCase = true;
				break;
			case 'w':
				word = true;
				break;
			case 'x':
				line = true;
				break;
			case 's':
				o.noMessages = true;
				break;
			case 'v':
				o.invert = true;
				break;
			case 'n':
				o.number = true;
				break;
			case 'H':
				o.names = true;
				break;
			case 'h':
				o.names = false;
				break;
			case 'q':
				o.quiet = true;
				break;
			case 'r':
			case 'R':
				o.recursive = true;
				break;
			case 'l':
				o.list = 'with';
				break;
			case 'L':
				o.list = 'without';
				break;
			case 'c':
				o.count = true;
				break;
			case 'o':
				o.only = true;
				break;
		}
	}
	const operands = [...p.operands];
	if (!fromOptions) {
		if (operands.length === 0) {
			await t.errRaw(`Usage: ${t.prog} [OPTION]... PATTERN [FILE]...\n`);
			await t.tryHelp();
			return 2;
		}
		patterns.push(...operands.shift()!.split('\n'));
	}
	for (const pat of patterns) {
		let src: string;
		if (mode === 'F') src = escapeFixed(pat);
		else {
			const r = compile(pat, mode === 'E');
			if (isRegexError(r)) {
				await t.error(r.error);
				return 2;
			}
			src = r.source;
		}
		if (line) src = `^(?:${src})$`;
		else if (word) src = `(?<![A-Za-z0-9_])(?:${src})(?![A-Za-z0-9_])`;
		const re = Regex.compile(src, ignoreCase ? 'i' : '');
		if (isRegexError(re)) {
			await t.error(re.error);
			return 2;
		}
		o.res.push(re);
	}
	const files = operands.length > 0 ? operands : ['-'];
	if (o.names === null) o.names = files.length > 1 || o.recursive;
	let matched = false;
	let trouble = false;
	const visit = async (file: string): Promise<void> => {
		if (file !== '-') {
			const st = await sys.stat(file);
			if (!isErrno(st) && (st.mode & S_IFMT) === S_IFDIR) {
				if (!o.recursive) {
					if (!o.noMessages) await t.error(`${file}: Is a directory`);
					trouble = true;
					return;
				}
				const names = await entries(t, file);
				if (isErrno(names)) {
					if (!o.noMessages) await t.fail(file, names);
					trouble = true;
					return;
				}
				for (const n of names) await visit(joinPath(file, n));
				return;
			}
		}
		const r = await search(t, file, o);
		if (r === null) trouble = true;
		else if (r) matched = true;
	};
	for (const f of files) {
		await visit(f);
		if (matched && o.quiet) break;
	}
	return t.exit(trouble && !(o.quiet && matched) ? 2 : matched ? 0 : 1);
}

/** Searches one file: true if a line was selected, false if none, null on error. */
async function search(t: Tool, file: string, o: Opts): Promise<boolean | null> {
	const fd = await t.openInput(file);
	const label = file === '-' ? '(standard input)' : file;
	if (isErrno(fd)) {
		if (!o.noMessages) await t.fail(file, fd);
		return null;
	}
	let count = 0;
	let n = 0;
	let done = false;
	// A long match yields to the scheduler between slices; ^C ends grep there.
	const pause = () => t.yield();
	const err = await t.eachLine(fd, async (raw) => {
		if (done) return;
		n++;
		const text = raw.endsWith('\n') ? raw.slice(0, -1) : raw;
		let hit = false;
		for (const re of o.res) if ((hit = await re.testAsync(text, pause))) break;
		if (hit === o.invert) return;
		count++;
		if (o.quiet || o.list !== 'none') {
			done = true;
			return;
		}
		if (o.count) return;
		const prefix = (o.names ? `${label}:` : '') + (o.number ? `${n}:` : '');
		if (o.only && !o.invert) {
			for (const re of o.res) {
				for (let from = 0; from <= text.length;) {
					const m = await re.execAsync(text, pause, from);
					if (!m) break;
					if (m[0] !== '') await t.out(`${prefix}${m[0]}\n`);
					from = nextFrom(m);
				}
			}
		} else await t.out(`${prefix}${text}\n`);
	});
	await t.closeInput(fd);
	if (err) {
		if (!o.noMessages) await t.fail(file, err);
		return null;
	}
	if (o.count && !o.quiet && o.list === 'none') {
		await t.out(`${o.names ? `${label}:` : ''}${count}\n`);
	}
	if (o.list === 'with' && count > 0 && !o.quiet) await t.out(`${label}\n`);
	if (o.list === 'without' && count === 0 && !o.quiet) await t.out(`${label}\n`);
	return count > 0;
}
