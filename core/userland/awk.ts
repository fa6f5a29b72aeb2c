// /bin/awk and /bin/gawk (gawk 3.1.0, a subset): patterns and actions over fields, with
// variables, arrays, the string and arithmetic built-ins, printf and output redirection.
// SIMPLIFIED: no user-defined functions, getline or pipes to commands.
import { O_APPEND, O_CREAT, O_TRUNC, O_WRONLY, isErrno, type Sys } from '../syscalls/index.ts';
import { Tool } from './lib/tool.ts';
import { AwkParser, AwkSyntaxError, type Expr, type Item, type Stmt } from './lib/awk-parse.ts';
import { compile, isRegexError } from './lib/regex.ts';
import { type Regex, RegexTooHard, nextFrom, splitBy } from '../lib/regex/index.ts';
import { formatPrintf } from './lib/printf-format.ts';

/** A string that came from input: compares as a number when it looks like one. */
class Input {
	s: string;
	constructor(s: string) {
		this.s = s;
	}
}

type Value = number | string | Input;

const NUMERIC = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

function numberToString(n: number, fmt: string): string {
	if (Number.isInteger(n) && Math.abs(n) < 1e16) return String(n);
	return formatPrintf(fmt, [String(n)]).output;
}

class Next {}
class Exit {
	code: number;
	constructor(code: number) {
		this.code = code;
	}
}
class Break {}
class Continue {}

class AwkError {
	message: string;
	constructor(message: string) {
		this.message = message;
	}
}

class Interp {
	private t: Tool;
	vars = new Map<string, Value>();
	arrays = new Map<string, Map<string, Value>>();
	private fields: Value[] = [new Input('')];
	private nf = 0;
	private regexCache = new Map<string, Regex>();
	private files = new Map<string, number>();
	private ranges = new Map<Item, boolean>();

	constructor(t: Tool) {
		this.t = t;
		for (const [k, v] of [
			['FS', ' '],
			['OFS', ' '],
			['ORS', '\n'],
			['RS', '\n'],
			['SUBSEP', '\x1c'],
			['CONVFMT', '%.6g'],
			['OFMT', '%.6g'],
			['FILENAME', '']
		] as const) {
			this.vars.set(k, v);
		}
		this.vars.set('NR', 0);
		this.vars.set('FNR', 0);
		this.vars.set('RSTART', 0);
		this.vars.set('RLENGTH', -1);
	}

	str(v: Value): string {
		if (typeof v === 'number') {
			return numberToString(v, this.str(this.vars.get('CONVFMT') ?? '%.6g'));
		}
		return v instanceof Input ? v.s : v;
	}

	num(v: Value): number {
		if (typeof v === 'number') return v;
		const s = v instanceof Input ? v.s : v;
		const m = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(s);
		return m ? Number(m[0]) : 0;
	}

	bool(v: Value): boolean {
		if (typeof v === 'number') return v !== 0;
		if (v instanceof Input) return NUMERIC.test(v.s) ? Number(v.s) !== 0 : v.s !== '';
		return v !== '';
	}

	regex(src: string): Regex {
		let r = this.regexCache.get(src);
		if (!r) {
			const c = compile(src, true);
			if (isRegexError(c)) throw new AwkError(`fatal: ${c.error}: /${src}/`);
			r = c;
			this.regexCache.set(src, r);
		}
		return r;
	}

	private reOf(e: Expr): Regex {
		return this.regex(e.k === 're' ? e.src : this.str(this.eval(e)));
	}

	setRecord(line: string): void {
		this.fields = [new Input(line)];
		this.split();
	}

	private split(): void {
		const line = this.str(this.fields[0]!);
		const fs = this.str(this.vars.get('FS') ?? ' ');
		let parts: string[];
		if (fs === ' ') parts = line.trim() === '' ? [] : line.trim().split(/[ \t\n]+/);
		else if (line === '') parts = [];
		else if (fs.length === 1 && fs !== '\\') parts = line.split(fs);
		else parts = splitBy(this.regex(fs), line);
		this.fields = [this.fields[0]!, ...parts.map((p) => new Input(p))];
		this.nf = parts.length;
		this.vars.set('NF', this.nf);
	}

	private rebuild(): void {
		const ofs = this.str(this.vars.get('OFS') ?? ' ');
		const list: string[] = [];
		for (let i = 1; i <= this.nf; i++) list.push(this.str(this.fields[i] ?? ''));
		this.fields[0] = list.join(ofs);
	}

	private getField(i: number): Value {
		if (i < 0) throw new AwkError(`fatal: attempt to access field ${i}`);
		return this.fields[i] ?? new Input('');
	}

	private setField(i: number, v: Value): void {
		if (i === 0) {
			this.fields[0] = new Input(this.str(v));
			this.split();
			return;
		}
		this.fields[i] = typeof v === 'number' ? this.str(v) : v;
		if (i > this.nf) {
			for (let k = this.nf + 1; k < i; k++) this.fields[k] = new Input('');
			this.nf = i;
			this.vars.set('NF', i);
		}
		this.rebuild();
	}

	private array(name: string): Map<string, Value> {
		let a = this.arrays.get(name);
		if (!a) {
			a = new Map();
			this.arrays.set(name, a);
		}
		return a;
	}

	private key(subs: Expr[]): string {
		return subs
			.map((s) => this.str(this.eval(s)))
			.join(this.str(this.vars.get('SUBSEP') ?? '\x1c'));
	}

	private assign(target: Expr, v: Value): Value {
		if (target.k === 'var') {
			if (target.name === 'NF') {
				this.nf = Math.max(0, Math.floor(this.num(v)));
				this.fields.length = this.nf + 1;
				this.vars.set('NF', this.nf);
				this.rebuild();
			} else this.vars.set(target.name, v);
		} else if (target.k === 'field') this.setField(Math.floor(this.num(this.eval(target.e))), v);
		else if (target.k === 'index') this.array(target.name).set(this.key(target.subs), v);
		return v;
	}

	private compare(a: Value, b: Value): number {
		const numeric = (v: Value) =>
			typeof v === 'number' || (v instanceof Input && NUMERIC.test(v.s));
		if (numeric(a) && numeric(b)) return Math.sign(this.num(a) - this.num(b));
		const x = this.str(a),
			y = this.str(b);
		return x < y ? -1 : x > y ? 1 : 0;
	}

	eval(e: Expr): Value {
		switch (e.k) {
			case 'num':
				return e.v;
			case 'str':
				return e.v;
			case 're':
				return this.regex(e.src).test(this.str(this.fields[0]!)) ? 1 : 0;
			case 'group':
				return this.eval(e.e);
			case 'var':
				if (e.name === 'NF') return this.nf;
				return this.vars.get(e.name) ?? '';
			case 'field':
				return this.getField(Math.floor(this.num(this.eval(e.e))));
			case 'index':
				return (
					this.array(e.name).get(this.key(e.subs)) ??
					(this.array(e.name).set(this.key(e.subs), ''), '')
				);
			case 'in':
				return this.array(e.name).has(this.key(e.subs)) ? 1 : 0;
			case 'assign': {
				const v = this.eval(e.e);
				if (e.op === '=') {
					return this.assign(e.target, typeof v === 'number' ? v : v instanceof Input ? v : v);
				}
				const cur = this.num(this.eval(e.target));
				const r = this.num(v);
				return this.assign(e.target, arith(e.op[0]!, cur, r));
			}
			case 'incdec': {
				const cur = this.num(this.eval(e.target));
				const nv = e.op === '++' ? cur + 1 : cur - 1;
				this.assign(e.target, nv);
				return e.prefix ? nv : cur;
			}
			case 'cond':
				return this.bool(this.eval(e.c)) ? this.eval(e.a) : this.eval(e.b);
			case 'un': {
				const v = this.eval(e.e);
				return e.op === '!' ? (this.bool(v) ? 0 : 1) : e.op === '-' ? -this.num(v) : this.num(v);
			}
			case 'match': {
				const hit = this.reOf(e.re).test(this.str(this.eval(e.a)));
				return hit !== e.neg ? 1 : 0;
			}
			case 'bin': {
				if (e.op === '&&') return this.bool(this.eval(e.a)) && this.bool(this.eval(e.b)) ? 1 : 0;
				if (e.op === '||') return this.bool(this.eval(e.a)) || this.bool(this.eval(e.b)) ? 1 : 0;
				const a = this.eval(e.a);
				const b = this.eval(e.b);
				if (e.op === 'concat') return this.str(a) + this.str(b);
				if (['<', '<=', '>', '>=', '==', '!='].includes(e.op)) {
					const c = this.compare(a, b);
					const r =
						e.op === '<'
							? c < 0
							: e.op === '<='
								? c <= 0
								: e.op === '>'
									? c > 0
									: e.op === '>='
										? c >= 0
										: e.op === '=='
											? c === 0
											: c !== 0;
					return r ? 1 : 0;
				}
				return arith(e.op, this.num(a), this.num(b));
			}
			case 'call':
				return this.call(e.name, e.args);
		}
	}

	private call(name: string, args: Expr[]): Value {
		const s = (i: number) => this.str(this.eval(args[i]!));
		const n = (i: number) => this.num(this.eval(args[i]!));
		switch (name) {
			case 'length':
				if (args.length === 0) return this.str(this.fields[0]!).length;
				if (args[0]!.k === 'var' && this.arrays.has(args[0]!.name)) {
					return this.arrays.get(args[0]!.name)!.size;
				}
				return s(0).length;
			case 'substr': {
				const str = s(0);
				const start = Math.round(n(1));
				const len = args.length > 2 ? Math.round(n(2)) : Infinity;
				const from = Math.max(start, 1);
				const to = Math.min(start + len, str.length + 1);
				return to > from ? str.slice(from - 1, to - 1) : '';
			}
			case 'index':
				return s(0).indexOf(s(1)) + 1;
			case 'split': {
				const str = s(0);
				const target = args[1]!;
				if (target.k !== 'var') throw new AwkError('fatal: split: second argument is not an array');
				const arr = new Map<string, Value>();
				this.arrays.set(target.name, arr);
				const fs =
					args.length > 2
						? args[2]!.k === 're'
							? args[2]!.src
							: s(2)
						: this.str(this.vars.get('FS') ?? ' ');
				let parts: string[];
				if (fs === ' ') parts = str.trim() === '' ? [] : str.trim().split(/[ \t\n]+/);
				else if (str === '') parts = [];
				else if (fs.length === 1) parts = str.split(fs);
				else parts = splitBy(this.regex(fs), str);
				parts.forEach((p, i) => arr.set(String(i + 1), new Input(p)));
				return parts.length;
			}
			case 'sub':
			case 'gsub': {
				const re = this.reOf(args[0]!);
				const rep = s(1);
				const target = args[2] ?? { k: 'field', e: { k: 'num', v: 0 } };
				const cur = this.str(this.eval(target));
				let count = 0;
				let out = '';
				let pos = 0;
				for (let from = 0; from <= cur.length;) {
					const m = re.exec(cur, from);
					if (!m) break;
					count++;
					const text = m[0]!;
					out +=
						cur.slice(pos, m.index) +
						rep.replace(/\\\\|\\&|&/g, (x) => (x === '&' ? text : x === '\\&' ? '&' : '\\'));
					pos = m.end;
					if (name === 'sub') break;
					from = nextFrom(m);
				}
				if (count > 0) this.assign(target, out + cur.slice(pos));
				return count;
			}
			case 'match': {
				const re = this.reOf(args[1]!);
				const m = re.exec(s(0));
				this.vars.set('RSTART', m ? m.index + 1 : 0);
				this.vars.set('RLENGTH', m ? m.end - m.index : -1);
				return m ? m.index + 1 : 0;
			}
			case 'sprintf':
				return this.sprintf(args);
			case 'toupper':
				return s(0).toUpperCase();
			case 'tolower':
				return s(0).toLowerCase();
			case 'int':
				return Math.trunc(n(0));
			case 'sqrt':
				return Math.sqrt(n(0));
			case 'exp':
				return Math.exp(n(0));
			case 'log':
				return Math.log(n(0));
			case 'sin':
				return Math.sin(n(0));
			case 'cos':
				return Math.cos(n(0));
			case 'atan2':
				return Math.atan2(n(0), n(1));
			case 'rand':
				return 0.5;
			case 'srand':
				return 0;
			default:
				throw new AwkError(`fatal: function \`${name}' not supported`);
		}
	}

	sprintf(args: Expr[]): string {
		if (args.length === 0) return '';
		const fmt = this.str(this.eval(args[0]!));
		const vals = args.slice(1).map((a) => this.eval(a));
		// %c of a number is the character with that code, as in C.
		let k = 0;
		const strs = vals.map((v) => (typeof v === 'number' ? String(v) : this.str(v)));
		const convs = [...fmt.matchAll(/%[-+ #0]*(\*|\d+)?(?:\.(\*|\d*))?([a-zA-Z%])/g)];
		for (const c of convs) {
			if (c[3] === '%') continue;
			if (c[1] === '*') k++;
			if (c[2] === '*') k++;
			if (c[3] === 'c' && typeof vals[k] === 'number') {
				strs[k] = String.fromCharCode(vals[k] as number);
			}
			k++;
		}
		return formatPrintf(fmt, strs).output;
	}

	async exec(s: Stmt): Promise<void> {
		switch (s.k) {
			case 'expr':
				this.eval(s.e);
				return;
			case 'print': {
				let text: string;
				if (s.printf) text = this.sprintf(s.args);
				else {
					const ofs = this.str(this.vars.get('OFS') ?? ' ');
					const ofmt = this.str(this.vars.get('OFMT') ?? '%.6g');
					const parts =
						s.args.length === 0
							? [this.str(this.fields[0]!)]
							: s.args.map((a) => {
									const v = this.eval(a);
									return typeof v === 'number' ? numberToString(v, ofmt) : this.str(v);
								});
					text = parts.join(ofs) + this.str(this.vars.get('ORS') ?? '\n');
				}
				if (s.to) await this.redirect(s.to.mode, this.str(this.eval(s.to.e)), text);
				else await this.t.out(text);
				return;
			}
			case 'if':
				if (this.bool(this.eval(s.c))) await this.exec(s.a);
				else if (s.b) await this.exec(s.b);
				return;
			case 'while':
				while (this.bool(this.eval(s.c))) if (await this.loopBody(s.body)) break;
				return;
			case 'do':
				do {
					if (await this.loopBody(s.body)) break;
				} while (this.bool(this.eval(s.c)));
				return;
			case 'for':
				if (s.init) await this.exec(s.init);
				while (!s.c || this.bool(this.eval(s.c))) {
					if (await this.loopBody(s.body)) break;
					if (s.step) await this.exec(s.step);
				}
				return;
			case 'forin':
				for (const k of [...this.array(s.arr).keys()]) {
					this.vars.set(s.v, k);
					if (await this.loopBody(s.body)) break;
				}
				return;
			case 'block':
				for (const x of s.body) await this.exec(x);
				return;
			case 'next':
				throw new Next();
			case 'exit':
				throw new Exit(s.e ? Math.trunc(this.num(this.eval(s.e))) : 0);
			case 'break':
				throw new Break();
			case 'continue':
				throw new Continue();
			case 'delete':
				if (s.subs === null) this.arrays.set(s.name, new Map());
				else this.array(s.name).delete(this.key(s.subs));
				return;
		}
	}

	private steps = 0;

	/** Runs one iteration; true when the loop must end (break). Yields now and then. */
	private async loopBody(body: Stmt): Promise<boolean> {
		if (++this.steps % 1000 === 0) await this.t.yield();
		try {
			await this.exec(body);
		} catch (e) {
			if (e instanceof Break) return true;
			if (e instanceof Continue) return false;
			throw e;
		}
		return false;
	}

	private async redirect(mode: '>' | '>>' | '|', file: string, text: string): Promise<void> {
		if (mode === '|') throw new AwkError('fatal: cannot open pipe (not supported here)');
		if (file === '/dev/stdout' || file === '-') return this.t.out(text);
		if (file === '/dev/stderr') return this.t.errRaw(text);
		let fd = this.files.get(file);
		if (fd === undefined) {
			const r = await this.t.sys.open(
				file,
				O_WRONLY | O_CREAT | (mode === '>>' ? O_APPEND : O_TRUNC),
				0o666
			);
			if (isErrno(r)) throw new AwkError(`fatal: can't redirect to \`${file}' (${r.message})`);
			fd = r;
			this.files.set(file, fd);
		}
		await this.t.sys.write(fd, text);
	}

	async closeFiles(): Promise<void> {
		for (const fd of this.files.values()) await this.t.sys.close(fd);
	}

	/** Whether an item's pattern selects the current record (ranges keep their state). */
	matches(item: Item): boolean {
		const p = item.pattern;
		if (p === null) return true;
		if (p === 'BEGIN' || p === 'END') return false;
		if (Array.isArray(p)) {
			if (this.ranges.get(item)) {
				if (this.bool(this.eval(p[1]))) this.ranges.set(item, false);
				return true;
			}
			if (this.bool(this.eval(p[0]))) {
				this.ranges.set(item, !this.bool(this.eval(p[1])));
				return true;
			}
			return false;
		}
		return this.bool(this.eval(p));
	}
}

function arith(op: string, a: number, b: number): number {
	switch (op) {
		case '+':
			return a + b;
		case '-':
			return a - b;
		case '*':
			return a * b;
		case '/':
			if (b === 0) throw new AwkError('fatal: division by zero attempted');
			return a / b;
		case '%':
			if (b === 0) throw new AwkError("fatal: division by zero attempted in `%'");
			return a % b;
		default:
			return a ** b;
	}
}

const usage = `[POSIX or GNU style options] -f progfile [--] file ...
Usage: awk [POSIX or GNU style options] [--] 'program' file ...
POSIX options:		GNU long options:
	-f progfile		--file=progfile
	-F fs			--field-separator=fs
	-v var=val		--assign=var=val
`;

export async function awk(sys: Sys, argv: string[], env: Record<string, string>): Promise<number> {
	const t = new Tool(sys, argv, env);
	const p = await t.parse(
		{
			short: '+F:v:f:',
			long: {
				'field-separator': { key: 'F', arg: 'required' },
				assign: { key: 'v', arg: 'required' },
				file: { key: 'f', arg: 'required' }
			}
		},
		{ usage, version: 'GNU-Awk 3.1.0' },
		2
	);
	if (typeof p === 'number') return p;
	const operands = [...p.operands];
	let source: string | null = null;
	const assigns: string[] = [];
	let fs: string | null = null;
	for (const o of p.options) {
		if (o.key === 'F') fs = o.value === 't' ? '\t' : o.value!;
		else if (o.key === 'v') assigns.push(o.value!);
		else if (o.key === 'f') {
			const text = await t.readFile(o.value!);
			if (isErrno(text)) {
				await t.error(`fatal: can't open source file \`${o.value}' for reading (${text.message})`);
				return 2;
			}
			source = (source ?? '') + text + '\n';
		}
	}
	if (source === null) {
		if (operands.length === 0) {
			await t.errRaw(`Usage: ${t.prog} ${usage}`);
			return 2;
		}
		source = operands.shift()!;
	}
	let items: Item[];
	try {
		items = new AwkParser(source).program();
	} catch (e) {
		if (!(e instanceof AwkSyntaxError)) throw e;
		const lineStart = source.lastIndexOf('\n', e.pos - 1) + 1;
		const lineNo = source.slice(0, lineStart).split('\n').length;
		const line = source.slice(lineStart).split('\n')[0]!;
		const where = `${t.prog}: cmd. line:${lineNo}: `;
		await t.errRaw(`${where}${line}\n${where}${' '.repeat(e.pos - lineStart)}^ ${e.message}\n`);
		return 2;
	}
	const it = new Interp(t);
	if (fs !== null) it.vars.set('FS', fs);
	for (const a of assigns) {
		const eq = a.indexOf('=');
		if (eq > 0) it.vars.set(a.slice(0, eq), new Input(a.slice(eq + 1)));
	}
	let exitCode = 0;
	const runItems = async (pred: (i: Item) => boolean): Promise<void> => {
		for (const item of items) {
			if (!pred(item)) continue;
			if (item.action === null) {
				await t.out(
					it.str(it.eval({ k: 'field', e: { k: 'num', v: 0 } })) +
						it.str(it.vars.get('ORS') ?? '\n')
				);
			} else for (const s of item.action) await it.exec(s);
		}
	};
	try {
		try {
			await runItems((i) => i.pattern === 'BEGIN');
			const hasMain = items.some((i) => i.pattern !== 'BEGIN');
			if (hasMain) {
				const files = operands.length > 0 ? operands : ['-'];
				for (const f of files) {
					// var=value operands are assignments made when reached.
					if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(f)) {
						const eq = f.indexOf('=');
						it.vars.set(f.slice(0, eq), new Input(f.slice(eq + 1)));
						continue;
					}
					const fd = await t.openInput(f);
					if (isErrno(fd)) {
						await t.error(
							`cmd. line:1: fatal: cannot open file \`${f}' for reading (${fd.message})`
						);
						return t.exit(2);
					}
					it.vars.set('FILENAME', f === '-' ? '' : f);
					it.vars.set('FNR', 0);
					const err = await t.eachLine(fd, async (raw) => {
						it.setRecord(raw.endsWith('\n') ? raw.slice(0, -1) : raw);
						it.vars.set('NR', it.num(it.vars.get('NR') ?? 0) + 1);
						it.vars.set('FNR', it.num(it.vars.get('FNR') ?? 0) + 1);
						try {
							await runItems((i) => i.pattern !== 'BEGIN' && i.pattern !== 'END' && it.matches(i));
						} catch (e) {
							if (!(e instanceof Next)) throw e;
						}
					});
					await t.closeInput(fd);
					if (err) await t.fail(f, err);
				}
			}
		} catch (e) {
			if (!(e instanceof Exit)) throw e;
			exitCode = e.code;
		}
		try {
			await runItems((i) => i.pattern === 'END');
		} catch (e) {
			if (!(e instanceof Exit)) throw e;
			exitCode = e.code;
		}
	} catch (thrown) {
		const e = thrown instanceof RegexTooHard ? new AwkError(`fatal: ${thrown.message}`) : thrown;
		if (!(e instanceof AwkError)) throw e;
		await t.flush();
		await t.error(`cmd. line:1: ${e.message}`);
		await it.closeFiles();
		return 2;
	}
	await it.closeFiles();
	return t.exit(exitCode);
}
