// /bin/sed (GNU sed 4.0): the stream editor. Addresses (N, $, /re/, first~step, ranges, !),
// the commands s y p P d D n N g G h H x a i c = q r w b t : { }, -n, -e, -f, -r and -i (which
// writes a new file and renames it over the old name, as sed 4 does).
import {
	O_APPEND,
	O_CREAT,
	O_RDONLY,
	O_TRUNC,
	O_WRONLY,
	O_EXCL,
	isErrno,
	type Sys
} from '../syscalls/index.ts';
import { Tool, dirname, joinPath, basename } from './lib/tool.ts';
import { compile, isRegexError } from './lib/regex.ts';
import { Regex, nextFrom, type RegexMatch } from '../lib/regex/index.ts';

const usage = `[OPTION]... {script-only-if-no-other-script} [input-file]...

  -n, --quiet, --silent
                 suppress automatic printing of pattern space
  -e script, --expression=script
                 add the script to the commands to be executed
  -f script-file, --file=script-file
                 add the contents of script-file to the commands to be executed
  -i[SUFFIX], --in-place[=SUFFIX]
                 edit files in place (makes backup if extension supplied)
  -r, --regexp-extended
                 use extended regular expressions in the script.
  -s, --separate
                 consider files as separate rather than as a single
                 continuous long stream.
      --help     display this help and exit
      --version  output version information and exit
`;

type Addr =
	| { kind: 'line'; n: number }
	| { kind: 'last' }
	| { kind: 're'; re: Regex | null }
	| { kind: 'step'; first: number; step: number }
	| { kind: 'plus'; n: number };

interface Cmd {
	a1: Addr | null;
	a2: Addr | null;
	negate: boolean;
	name: string;
	/** Range state. */
	active: boolean;
	endLine: number;
	text?: string;
	label?: string;
	/** Index of the matching `}` for `{`, or the jump target of b/t. */
	target?: number;
	re?: Regex | null;
	replacement?: string;
	global?: boolean;
	occurrence?: number;
	print?: boolean;
	wfile?: string;
	map?: Map<string, string>;
	exitCode?: number;
}

class ScriptError {
	message: string;
	constructor(message: string) {
		this.message = message;
	}
}

/** Parses a whole script (the -e pieces joined by newlines). */
class Parser {
	private s: string;
	private i = 0;
	private extended: boolean;
	readonly cmds: Cmd[] = [];

	constructor(script: string, extended: boolean) {
		this.s = script;
		this.extended = extended;
	}

	private fail(msg: string): never {
		throw new ScriptError(`-e expression #1, char ${this.i}: ${msg}`);
	}

	private skipSpace(): void {
		while (this.i < this.s.length && /[ \t]/.test(this.s[this.i]!)) this.i++;
	}

	/** Reads up to an unescaped delimiter; `\` + delimiter becomes the delimiter. */
	private delimited(delim: string, what: string, keepEscapes: boolean): string {
		let out = '';
		for (;;) {
			if (this.i >= this.s.length) this.fail(`unterminated ${what}`);
			const c = this.s[this.i++]!;
			if (c === delim) return out;
			if (c === '\\') {
				const n = this.s[this.i++];
				if (n === undefined) this.fail(`unterminated ${what}`);
				if (n === delim) out += delim;
				else if (n === 'n' && !keepEscapes) out += '\n';
				else out += '\\' + n;
			} else if (c === '\n' && what !== "`s' command") this.fail(`unterminated ${what}`);
			else out += c;
		}
	}

	private regex(text: string, flags: string): Regex | null {
		if (text === '') return null;
		const r = compile(text, this.extended, flags);
		if (isRegexError(r)) this.fail(r.error);
		return r;
	}

	private address(): Addr | null {
		const c = this.s[this.i];
		if (c === undefined) return null;
		if (/\d/.test(c)) {
			const m = /^(\d+)(?:~(\d+))?/.exec(this.s.slice(this.i))!;
			this.i += m[0].length;
			if (m[2] !== undefined) return { kind: 'step', first: Number(m[1]), step: Number(m[2]) };
			return { kind: 'line', n: Number(m[1]) };
		}
		if (c === '$') {
			this.i++;
			return { kind: 'last' };
		}
		if (c === '/' || c === '\\') {
			this.i++;
			let delim = '/';
			if (c === '\\') delim = this.s[this.i++] ?? this.fail('unexpected end');
			const text = this.delimited(delim, 'address regex', true);
			let flags = '';
			while (this.s[this.i] === 'I') {
				flags += 'i';
				this.i++;
			}
			return { kind: 're', re: this.regex(text, flags) };
		}
		return null;
	}

	/** Text of a, i, c: GNU allows `a text` on one line as well as `a\` + lines. */
	private text(): string {
		this.skipSpace();
		if (this.s[this.i] === '\\') {
			this.i++;
			if (this.s[this.i] === '\n') this.i++;
		}
		let out = '';
		while (this.i < this.s.length) {
			const c = this.s[this.i++]!;
			if (c === '\\') {
				const n = this.s[this.i++];
				if (n !== undefined) out += n;
				continue;
			}
			if (c === '\n') break;
			out += c;
		}
		return out;
	}

	private label(): string {
		this.skipSpace();
		const m = /^[^;\n]*/.exec(this.s.slice(this.i))!;
		this.i += m[0].length;
		return m[0].trim();
	}

	private endOfCommand(): void {
		this.skipSpace();
		const c = this.s[this.i];
		if (c === undefined || c === '\n' || c === ';') {
			if (c !== undefined) this.i++;
			return;
		}
		if (c === '}' || c === '#') return;
		this.fail('extra characters after command');
	}

	parse(): Cmd[] {
		const open: number[] = [];
		for (;;) {
			while (this.i < this.s.length && /[ \t\n;]/.test(this.s[this.i]!)) this.i++;
			if (this.i >= this.s.length) break;
			if (this.s[this.i] === '#') {
				while (this.i < this.s.length && this.s[this.i] !== '\n') this.i++;
				continue;
			}
			const cmd: Cmd = {
				a1: this.address(),
				a2: null,
				negate: false,
				name: '',
				active: false,
				endLine: 0
			};
			if (cmd.a1 && this.s[this.i] === ',') {
				this.i++;
				if (this.s[this.i] === '+') {
					const m = /^\+(\d+)/.exec(this.s.slice(this.i));
					if (!m) this.fail("unexpected `,'");
					this.i += m[0].length;
					cmd.a2 = { kind: 'plus', n: Number(m[1]) };
				} else {
					cmd.a2 = this.address();
					if (!cmd.a2) this.fail("unexpected `,'");
				}
			}
			this.skipSpace();
			while (this.s[this.i] === '!') {
				cmd.negate = true;
				this.i++;
				this.skipSpace();
			}
			const name = this.s[this.i++];
			if (name === undefined) this.fail('missing command');
			cmd.name = name;
			switch (name) {
				case '{':
					open.push(this.cmds.length);
					this.cmds.push(cmd);
					continue;
				case '}': {
					if (cmd.a1) this.fail("} doesn't want any addresses");
					const o = open.pop();
					if (o === undefined) this.fail("unexpected `}'");
					this.cmds[o]!.target = this.cmds.length;
					this.endOfCommand();
					continue;
				}
				case 'a':
				case 'i':
				case 'c':
					cmd.text = this.text();
					break;
				case ':':
					if (cmd.a1) this.fail(": doesn't want any addresses");
					cmd.label = this.label();
					if (cmd.label === '') this.fail('":" lacks a label');
					this.endOfCommand();
					break;
				case 'b':
				case 't':
				case 'T':
					cmd.label = this.label();
					this.endOfCommand();
					break;
				case 'r':
				case 'w':
					cmd.wfile = this.label();
					break;
				case 'q':
				case 'Q': {
					this.skipSpace();
					const m = /^\d+/.exec(this.s.slice(this.i));
					if (m) {
						cmd.exitCode = Number(m[0]);
						this.i += m[0].length;
					}
					this.endOfCommand();
					break;
				}
				case 's':
					this.substitute(cmd);
					break;
				case 'y': {
					const delim = this.s[this.i++] ?? this.fail("unterminated `y' command");
					const from = unescapeY(this.delimited(delim, "`y' command", false));
					const to = unescapeY(this.delimited(delim, "`y' command", false));
					if (from.length !== to.length) this.fail("strings for `y' command are different lengths");
					cmd.map = new Map([...from].map((c, k) => [c, to[k]!]));
					this.endOfCommand();
					break;
				}
				case '=':
				case 'd':
				case 'D':
				case 'g':
				case 'G':
				case 'h':
				case 'H':
				case 'l':
				case 'n':
				case 'N':
				case 'p':
				case 'P':
				case 'x':
				case 'z':
					this.endOfCommand();
					break;
				default:
					this.fail(`unknown command: \`${name}'`);
			}
			this.cmds.push(cmd);
		}
		if (open.length > 0) {
			this.i = this.s.length;
			this.fail("unmatched `{'");
		}
		for (const c of this.cmds) {
			if ((c.name === 'b' || c.name === 't' || c.name === 'T') && c.label) {
				const at = this.cmds.findIndex((x) => x.name === ':' && x.label === c.label);
				if (at === -1) throw new ScriptError(`can't find label for jump to \`${c.label}'`);
				c.target = at;
			}
		}
		return this.cmds;
	}

	private substitute(cmd: Cmd): void {
		const delim = this.s[this.i++];
		if (delim === undefined || delim === '\n' || delim === '\\') {
			this.fail("unterminated `s' command");
		}
		const pattern = this.delimited(delim, "`s' command", true);
		cmd.replacement = this.delimited(delim, "`s' command", false);
		cmd.global = false;
		cmd.occurrence = 1;
		cmd.print = false;
		let flags = 'g';
		for (;;) {
			const c = this.s[this.i];
			if (c === 'g') cmd.global = true;
			else if (c === 'p') cmd.print = true;
			else if (c === 'i' || c === 'I') flags += 'i';
			else if (c !== undefined && /\d/.test(c)) {
				const m = /^\d+/.exec(this.s.slice(this.i))!;
				cmd.occurrence = Number(m[0]);
				if (cmd.occurrence === 0) this.fail("number option to `s' command may not be zero");
				this.i += m[0].length - 1;
			} else if (c === 'w') {
				this.i++;
				cmd.wfile = this.label();
				break;
			} else if (
				c === undefined ||
				c === '\n' ||
				c === ';' ||
				c === ' ' ||
				c === '\t' ||
				c === '}' ||
				c === '#'
			) {
				break;
			} else {
				this.i++;
				this.fail("unknown option to `s'");
			}
			this.i++;
		}
		cmd.re = this.regex(pattern, flags);
		if (!cmd.wfile) this.endOfCommand();
	}
}

function unescapeY(s: string): string {
	return s.replace(/\\(.)/g, (_m, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
}

/** Builds the replacement for one match: & and \1..\9, \n, escaped characters. */
function expandReplacement(rep: string, m: RegexMatch): string {
	let out = '';
	for (let i = 0; i < rep.length; i++) {
		const c = rep[i]!;
		if (c === '&') out += m[0];
		else if (c === '\\' && i + 1 < rep.length) {
			const n = rep[++i]!;
			if (n >= '0' && n <= '9') out += m[Number(n)] ?? '';
			else if (n === 'n') out += '\n';
			else if (n === 't') out += '\t';
			else out += n;
		} else out += c;
	}
	return out;
}

interface Input {
	name: string;
	lines: string[];
	/** Whether the last line had no newline (sed keeps it that way). */
	noFinalNewline: boolean;
}

export async function sed(sys: Sys, argv: string[], env: Record<string, string>): Promise<number> {
	const t = new Tool(sys, argv, env);
	const p = await t.parse(
		{
			short: 'ne:f:i::rsu',
			long: {
				quiet: { key: 'n' },
				silent: { key: 'n' },
				expression: { key: 'e', arg: 'required' },
				file: { key: 'f', arg: 'required' },
				'in-place': { key: 'i', arg: 'optional' },
				'regexp-extended': { key: 'r' },
				separate: { key: 's' },
				unbuffered: { key: 'u' }
			}
		},
		{ usage, version: 'sed 4.0.5' },
		4
	);
	if (typeof p === 'number') return p;
	let quiet = false,
		extended = false,
		separate = false;
	let inPlace: string | null = null;
	const pieces: string[] = [];
	for (const o of p.options) {
		if (o.key === 'n') quiet = true;
		else if (o.key === 'r') extended = true;
		else if (o.key === 's') separate = true;
		else if (o.key === 'i') {
			inPlace = o.value ?? '';
			separate = true;
		} else if (o.key === 'e') pieces.push(o.value!);
		else if (o.key === 'f') {
			const text = await t.readFile(o.value!);
			if (isErrno(text)) {
				await t.error(`couldn't open file ${o.value}: ${text.message}`);
				return 1;
			}
			pieces.push(text.replace(/\n$/, ''));
		}
	}
	const operands = [...p.operands];
	if (pieces.length === 0) {
		if (operands.length === 0) {
			await t.errRaw(`Usage: ${t.prog} ${usage}`);
			return 4;
		}
		pieces.push(operands.shift()!);
	}
	let cmds: Cmd[];
	try {
		cmds = new Parser(pieces.join('\n'), extended).parse();
	} catch (e) {
		if (!(e instanceof ScriptError)) throw e;
		await t.error(e.message);
		return 1;
	}
	const files = operands.length > 0 ? operands : ['-'];
	const inputs: Input[] = [];
	let status = 0;
	// SIMPLIFIED: each input is read whole before the script runs (sed streams line by line).
	for (const f of files) {
		const text = await t.readFile(f);
		if (isErrno(text)) {
			await t.error(`can't read ${f}: ${text.message}`);
			status = 2;
			continue;
		}
		const lines = text.split('\n');
		const noFinalNewline = !text.endsWith('\n');
		if (!noFinalNewline) lines.pop();
		inputs.push({
			name: f,
			lines: text === '' ? [] : lines,
			noFinalNewline: text !== '' && noFinalNewline
		});
	}
	const groups = separate ? inputs.map((i) => [i]) : [inputs];
	const editor = new Editor(t, cmds, quiet);
	for (const group of groups) {
		let out: string;
		try {
			out = await editor.run(group, inPlace === null ? (text) => t.out(text) : null);
		} catch (e) {
			if (!(e instanceof OutOfMemory)) throw e;
			await t.flush();
			await t.error("Couldn't re-allocate memory");
			return 4;
		}
		if (inPlace !== null) {
			if (!(await writeInPlace(t, group[0]!.name, out, inPlace))) status = 4;
		} else await t.out(out);
		if (editor.quit !== null) break;
	}
	await t.flush();
	return editor.quit ?? status;
}

/** sed -i: a new file beside the old one, given the old mode and owner, renamed over it. */
async function writeInPlace(t: Tool, file: string, data: string, suffix: string): Promise<boolean> {
	const sys = t.sys;
	if (file === '-') return true;
	const st = await sys.stat(file);
	if (isErrno(st)) return false;
	const rnd = await sys.open('/dev/urandom', O_RDONLY);
	let tag = '';
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	const bytes = isErrno(rnd) ? '' : await sys.read(rnd, 6);
	if (!isErrno(rnd)) await sys.close(rnd);
	for (let k = 0; k < 6; k++) {
		tag += alphabet[(typeof bytes === 'string' ? bytes.charCodeAt(k) || k : k) % alphabet.length];
	}
	const tmp = joinPath(dirname(file), `sed${tag}`);
	const fd = await sys.open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_TRUNC, 0o600);
	if (isErrno(fd)) {
		await t.fail(`couldn't open temporary file ${tmp}`, fd);
		return false;
	}
	await sys.write(fd, data);
	await sys.fchmod(fd, st.mode & 0o7777);
	await sys.close(fd);
	await sys.chown(tmp, st.uid, st.gid);
	if (suffix !== '') {
		const backup = suffix.includes('*') ? suffix.replace(/\*/g, basename(file)) : file + suffix;
		const b = await sys.rename(
			file,
			suffix.includes('/') ? backup : joinPath(dirname(file), basename(backup))
		);
		if (isErrno(b)) {
			await t.fail(`cannot rename ${file}`, b);
			await sys.unlink(tmp);
			return false;
		}
	}
	const r = await sys.rename(tmp, file);
	if (isErrno(r)) {
		await t.fail(`cannot rename ${tmp}`, r);
		await sys.unlink(tmp);
		return false;
	}
	return true;
}

/**
 * CHOICE: the pattern and hold spaces may grow to 16 MiB; past that sed fails as GNU sed 3.02 did
 * when realloc failed, instead of JavaScript running out of string length (`:a;s/x/xx/;ta`).
 */
const MAX_SPACE = 16 * 1024 * 1024;
/** Work between two sched_yield calls, so `:a;ba` cannot hold the CPU. */
const YIELD_STEPS = 1000;
/** Output gathered before it is written (when not editing in place). */
const FLUSH_AT = 64 * 1024;

class OutOfMemory {}

/** What an empty regex means before any other was used. */
const EMPTY = new Regex('');

/** Runs the commands over a stream of lines; keeps hold space and `q` across runs. */
class Editor {
	private t: Tool;
	private cmds: Cmd[];
	private quiet: boolean;
	private hold = '';
	private lastRe: Regex | null = null;
	private lineNo = 0;
	/** Work since the last sched_yield: a command, plus one per KiB of pattern space it handles. */
	private work = 0;
	/** `w` files already truncated by this run (later writes append). */
	private written = new Set<string>();
	quit: number | null = null;

	constructor(t: Tool, cmds: Cmd[], quiet: boolean) {
		this.t = t;
		this.cmds = cmds;
		this.quiet = quiet;
	}

	private re(r: Regex | null | undefined): Regex {
		if (r) this.lastRe = r;
		if (!this.lastRe) return EMPTY;
		return this.lastRe;
	}

	/** Lets other processes run during a long match; ^C ends sed there. */
	private pause = (): Promise<void> => this.t.yield();

	private async matchAddr(a: Addr, ps: string, last: boolean): Promise<boolean> {
		switch (a.kind) {
			case 'line':
				return this.lineNo === a.n;
			case 'last':
				return last;
			case 'step':
				return a.step <= 0
					? this.lineNo === a.first
					: this.lineNo >= a.first && (this.lineNo - a.first) % a.step === 0;
			case 're': {
				return this.re(a.re).testAsync(ps, this.pause);
			}
			default:
				return false;
		}
	}

	private async selected(c: Cmd, ps: string, last: boolean): Promise<boolean> {
		let hit: boolean;
		if (!c.a1) hit = true;
		else if (!c.a2) hit = await this.matchAddr(c.a1, ps, last);
		else if (c.active) {
			hit = true;
			const a2 = c.a2;
			if (a2.kind === 'line' || a2.kind === 'plus') {
				if (this.lineNo >= c.endLine) c.active = false;
			} else if (await this.matchAddr(a2, ps, last)) c.active = false;
		} else if (await this.matchAddr(c.a1, ps, last)) {
			hit = true;
			const a2 = c.a2;
			if (a2.kind === 'line') {
				c.endLine = a2.n;
				c.active = a2.n > this.lineNo;
			} else if (a2.kind === 'plus') {
				c.endLine = this.lineNo + a2.n;
				c.active = a2.n > 0;
			} else c.active = !(a2.kind === 'last' && last);
		} else hit = false;
		return hit !== c.negate;
	}

	/**
	 * Runs the script over `inputs` and returns the output not yet handed to `sink`; without a sink
	 * (sed -i) all of it. Throws OutOfMemory when a space or the output outgrows MAX_SPACE.
	 */
	async run(inputs: Input[], sink: ((text: string) => Promise<void>) | null): Promise<string> {
		const lines: string[] = [];
		for (const i of inputs) lines.push(...i.lines);
		const noNl = inputs.length > 0 && inputs[inputs.length - 1]!.noFinalNewline;
		let out = '';
		let li = 0;
		const next = (): string | null => (li < lines.length ? lines[li++]! : null);
		const isLast = () => li >= lines.length;
		const nl = () => (isLast() && noNl ? '' : '\n');
		for (;;) {
			const first = next();
			if (first === null) break;
			this.lineNo++;
			let ps = first;
			let append = '';
			let deleted = false;
			let substituted = false;
			let restartWithoutRead = false;
			for (let pc = 0; pc < this.cmds.length; pc++) {
				this.work += 1 + (ps.length >> 10);
				if (this.work >= YIELD_STEPS) {
					this.work = 0;
					if (ps.length > MAX_SPACE || this.hold.length > MAX_SPACE) throw new OutOfMemory();
					if (sink && out.length > FLUSH_AT) {
						await sink(out);
						out = '';
					} else if (out.length > MAX_SPACE) throw new OutOfMemory();
					await this.t.yield();
				}
				const c = this.cmds[pc]!;
				if (c.name === ':' || c.name === '}') continue;
				if (!(await this.selected(c, ps, isLast()))) {
					if (c.name === '{') pc = c.target! - 1;
					continue;
				}
				switch (c.name) {
					case '{':
						break;
					case '=':
						out += `${this.lineNo}\n`;
						break;
					case 'a':
						append += c.text + '\n';
						break;
					case 'i':
						out += c.text + '\n';
						break;
					case 'c':
						// In a range, the text replaces the whole range (printed at its end).
						if (!c.a2 || !c.active) out += c.text + '\n';
						deleted = true;
						break;
					case 'd':
						deleted = true;
						break;
					case 'D': {
						const k = ps.indexOf('\n');
						if (k === -1) deleted = true;
						else {
							ps = ps.slice(k + 1);
							restartWithoutRead = true;
						}
						break;
					}
					case 'p':
						out += ps + '\n';
						break;
					case 'P':
						out += ps.split('\n')[0] + '\n';
						break;
					case 'l':
						out += listLine(ps);
						break;
					case 'h':
						this.hold = ps;
						break;
					case 'H':
						if (ps.length + this.hold.length > MAX_SPACE) throw new OutOfMemory();
						this.hold += '\n' + ps;
						break;
					case 'g':
						ps = this.hold;
						break;
					case 'G':
						if (ps.length + this.hold.length > MAX_SPACE) throw new OutOfMemory();
						ps += '\n' + this.hold;
						break;
					case 'x':
						[ps, this.hold] = [this.hold, ps];
						break;
					case 'z':
						ps = '';
						break;
					case 'n': {
						if (isLast()) {
							if (!this.quiet) out += ps + nl();
							out += append;
							return out;
						}
						if (!this.quiet) out += ps + '\n';
						out += append;
						append = '';
						ps = next()!;
						this.lineNo++;
						break;
					}
					case 'N':
						if (isLast()) {
							// GNU: print the pattern space when there is no next line.
							if (!this.quiet) out += ps + nl();
							out += append;
							return out;
						}
						out += append;
						append = '';
						ps += '\n' + next()!;
						this.lineNo++;
						break;
					case 'q':
					case 'Q':
						if (c.name === 'q' && !this.quiet) out += ps + nl();
						if (c.name === 'q') out += append;
						this.quit = c.exitCode ?? 0;
						return out;
					case 'y':
						ps = [...ps].map((ch) => c.map!.get(ch) ?? ch).join('');
						break;
					case 's': {
						const r = await this.substitute(c, ps);
						if (r !== null && r.length > MAX_SPACE) throw new OutOfMemory();
						if (r !== null) {
							ps = r;
							substituted = true;
							if (c.print) out += ps + '\n';
							if (c.wfile) await this.writeTo(c.wfile, ps + '\n');
						}
						break;
					}
					case 'w':
						await this.writeTo(c.wfile!, ps + '\n');
						break;
					case 'r': {
						const text = await this.t.readFile(c.wfile!);
						if (!isErrno(text)) append += text;
						break;
					}
					case 'b':
						pc = (c.target ?? this.cmds.length) - 1;
						break;
					case 't':
					case 'T':
						if (substituted === (c.name === 't')) pc = (c.target ?? this.cmds.length) - 1;
						if (c.name === 't') substituted = false;
						break;
				}
				if (deleted || restartWithoutRead) break;
			}
			if (!deleted && !restartWithoutRead && !this.quiet) out += ps + nl();
			out += append;
			if (restartWithoutRead) {
				lines.splice(li, 0, ps);
				this.lineNo--;
			}
			if (this.lineNo % 1000 === 0) await this.t.yield();
		}
		return out;
	}

	private async substitute(c: Cmd, ps: string): Promise<string | null> {
		const re = this.re(c.re);
		let count = 0;
		let out = '';
		let pos = 0;
		let changed = false;
		for (let from = 0; from <= ps.length;) {
			const m = await re.execAsync(ps, this.pause, from);
			if (!m) break;
			count++;
			if (count >= c.occurrence! && (c.global || count === c.occurrence)) {
				out += ps.slice(pos, m.index) + expandReplacement(c.replacement!, m);
				pos = m.end;
				changed = true;
				if (!c.global) break;
			}
			from = nextFrom(m);
		}
		return changed ? out + ps.slice(pos) : null;
	}

	private async writeTo(file: string, text: string): Promise<void> {
		const sys = this.t.sys;
		if (file === '/dev/stdout') {
			await this.t.out(text);
			return;
		}
		const fresh = !this.written.has(file);
		this.written.add(file);
		const fd = await sys.open(file, O_WRONLY | O_CREAT | (fresh ? O_TRUNC : O_APPEND), 0o666);
		if (isErrno(fd)) return;
		await sys.write(fd, text);
		await sys.close(fd);
	}
}

/** The `l` command: escapes and a `$` at the end, lines folded at 70. */
function listLine(ps: string): string {
	let s = '';
	for (const ch of ps) {
		const c = ch.charCodeAt(0);
		const esc: Record<number, string> = {
			7: '\\a',
			8: '\\b',
			9: '\\t',
			10: '\\n',
			11: '\\v',
			12: '\\f',
			13: '\\r',
			92: '\\\\'
		};
		if (esc[c]) s += esc[c];
		else if (c < 32 || c >= 127) s += '\\' + c.toString(8).padStart(3, '0');
		else s += ch;
	}
	let out = '';
	while (s.length > 69) {
		out += s.slice(0, 69) + '\\\n';
		s = s.slice(69);
	}
	return out + s + '$\n';
}
