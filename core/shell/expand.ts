// Word expansion in bash's order: brace expansion, tilde, parameters, command substitution and
// arithmetic (left to right), field splitting on IFS, pathname expansion, quote removal. Words
// without command substitution expand synchronously, so loops of builtins stay fast.
import type { Node, ParamPart, Word, WordPart } from './ast.ts';
import { ArithError, arithLoaded, loadArith } from './arith-load.ts';
import { litGlob } from './lexer.ts';
import { escapeGlob, hasGlob, replacePattern, trimPattern } from './pattern.ts';

/** What expansion needs from the shell. */
export interface ExpandHost {
	/** A variable or special parameter (`?`, `$`, `#`, `1`...); undefined when unset. */
	lookup(name: string): string | undefined;
	positional(): readonly string[];
	/** Assigns for `${x:=v}`; returns an error text (readonly) or null. */
	assign(name: string, value: string): string | null;
	readonly nounset: boolean;
	readonly noglob: boolean;
	/** Evaluates arithmetic; throws ArithError. */
	arith(text: string): number;
	/** Runs a command substitution; resolves to its output without trailing newlines. */
	commandSubst(body: Node | null): Promise<string>;
	userHome(user: string): Promise<string | null>;
	/** Matching paths, sorted; empty when nothing matches. */
	glob(pattern: string): Promise<string[]>;
}

/** An expansion error: bash prints `bash: MESSAGE`; fatal ones end a non-interactive shell. */
export class ExpandError {
	readonly message: string;
	readonly fatal: boolean;
	constructor(message: string, fatal: boolean) {
		this.message = message;
		this.fatal = fatal;
	}
}

/** Thrown by the synchronous pass when a part needs a system call; the async pass retries. */
class NeedAsync {
	readonly key: object;
	readonly run: () => Promise<unknown>;
	constructor(key: object, run: () => Promise<unknown>) {
		this.key = key;
		this.run = run;
	}
}

interface Field {
	s: string;
	/** The glob pattern, when the field has an unquoted pattern character. */
	g: string | null;
}

/** A value that field splitting and globbing leave alone (with the default IFS). */
const SIMPLE_VALUE = /^[^ \t\n*?[]+$/;
/** Characters that may make a field a pattern (confirmed by hasGlob at the field's end). */
const GLOB_CHAR = /[*?[]/;
const PATTERN_SPECIAL = /[\\*?[\]]/;

/** Builds fields from expanded text, splitting unquoted expansion results on IFS. */
class Fields {
	readonly out: Field[] = [];
	s = '';
	g = '';
	glob = false;
	started = false;
	readonly split: boolean;
	private ws = ' \t\n';
	private other = '';
	private ifs: string;

	constructor(split: boolean, ifs: string | undefined) {
		this.split = split;
		this.ifs = ifs ?? ' \t\n';
		if (ifs !== undefined && ifs !== ' \t\n') {
			this.ws = '';
			this.other = '';
			for (const c of this.ifs) {
				if (c === ' ' || c === '\t' || c === '\n') this.ws += c;
				else this.other += c;
			}
		}
	}

	text(t: string, quoted: boolean): void {
		this.s += t;
		if (quoted) this.g += PATTERN_SPECIAL.test(t) ? escapeGlob(t) : t;
		else {
			this.g += t;
			if (!this.glob && GLOB_CHAR.test(t)) this.glob = true;
		}
		this.started = true;
	}

	end(force: boolean): void {
		if (this.started || force) {
			this.out.push({ s: this.s, g: this.glob && hasGlob(this.g) ? this.g : null });
		}
		this.s = '';
		this.g = '';
		this.glob = false;
		this.started = false;
	}

	/** An unquoted expansion result: split on IFS (when splitting) and subject to globbing. */
	splitText(t: string): void {
		if (!this.split || this.ifs === '') {
			if (t) this.text(t, false);
			return;
		}
		const ws = this.ws;
		const other = this.other;
		let i = 0;
		const n = t.length;
		while (i < n) {
			const c = t[i]!;
			if (ws.includes(c)) {
				let j = i + 1;
				while (j < n && ws.includes(t[j]!)) j++;
				if (j < n && other.includes(t[j]!)) {
					j++;
					while (j < n && ws.includes(t[j]!)) j++;
					this.end(true);
				} else this.end(false);
				i = j;
			} else if (other.includes(c)) {
				this.end(true);
				let j = i + 1;
				while (j < n && ws.includes(t[j]!)) j++;
				i = j;
			} else {
				let j = i + 1;
				while (j < n && !ws.includes(t[j]!) && !other.includes(t[j]!)) j++;
				this.text(t.slice(i, j), false);
				i = j;
			}
		}
	}
}

export class Expander {
	private readonly host: ExpandHost;
	/** Results of parts already evaluated in this word (command substitutions, arithmetic...). */
	private memo: Map<object, unknown> | null = null;

	constructor(host: ExpandHost) {
		this.host = host;
	}

	// ---- Entry points --------------------------------------------------------------------------

	/** Full expansion of command words: fields after splitting and globbing. */
	words(ws: readonly Word[]): string[] | Promise<string[]> {
		if (!arithLoaded() && ws.some(hasArith)) return loadArith().then(() => this.words(ws));
		const out: string[] = [];
		for (let i = 0; i < ws.length; i++) {
			const w = ws[i]!;
			if (w.plain !== null) {
				out.push(w.plain);
				continue;
			}
			const only = w.parts.length === 1 ? w.parts[0]! : null;
			if (only && only.t === 'param' && only.op === '' && !only.indirect) {
				// `$x` alone: the common case, split without building fields when nothing splits.
				const v = this.host.lookup(only.name);
				if (
					v !== undefined &&
					SIMPLE_VALUE.test(v) &&
					only.name !== '@' &&
					only.name !== '*' &&
					this.host.lookup('IFS') === undefined
				) {
					out.push(v);
					continue;
				}
			}
			if (w.brace || isDynamic(w)) return this.wordsAsync(ws, i, out);
			const fields = this.fieldsOf(w, true);
			for (let j = 0; j < fields.length; j++) {
				const f = fields[j]!;
				if (f.g !== null && !this.host.noglob) return this.wordsAsync(ws, i, out, fields.slice(j));
				out.push(f.s);
			}
		}
		return out;
	}

	/** One string, no splitting or globbing (assignments, redirections, case words). */
	word(w: Word): string | Promise<string> {
		if (w.plain !== null) return w.plain;
		if (!arithLoaded() && hasArith(w)) return loadArith().then(() => this.word(w));
		if (w.parts.length === 1) {
			const p = w.parts[0]!;
			if (p.t === 'arith' && p.expr.plain !== null && !this.memo) return this.arith(p);
		}
		if (isDynamic(w)) return this.withMemo(() => this.joined(w, false));
		return this.joined(w, false);
	}

	/** A pattern: quoted characters are escaped so they match literally. */
	pattern(w: Word): string | Promise<string> {
		if (w.plain !== null) return PATTERN_SPECIAL.test(w.plain) ? escapeGlob(w.plain) : w.plain;
		if (!arithLoaded() && hasArith(w)) return loadArith().then(() => this.pattern(w));
		if (isDynamic(w)) return this.withMemo(() => this.joined(w, true));
		return this.joined(w, true);
	}

	private async wordsAsync(
		ws: readonly Word[],
		i: number,
		out: string[],
		first: Field[] | null = null
	): Promise<string[]> {
		for (; i < ws.length; i++) {
			const w = ws[i]!;
			let fields = first;
			first = null;
			if (!fields) {
				if (w.plain !== null) {
					out.push(w.plain);
					continue;
				}
				fields = [];
				for (const bw of w.brace ? braceExpand(w) : [w]) {
					fields.push(
						...(isDynamic(bw)
							? await this.withMemo(() => this.fieldsOf(bw, true))
							: this.fieldsOf(bw, true))
					);
				}
			}
			for (const f of fields) {
				if (f.g !== null && !this.host.noglob) {
					const m = await this.host.glob(f.g);
					if (m.length > 0) {
						out.push(...m);
						continue;
					}
				}
				out.push(f.s);
			}
		}
		return out;
	}

	/** Runs a synchronous expansion, running the system calls it asks for and retrying. */
	private async withMemo<T>(f: () => T): Promise<T> {
		const saved = this.memo;
		const memo = new Map<object, unknown>();
		try {
			for (;;) {
				this.memo = memo;
				try {
					return f();
				} catch (e) {
					if (!(e instanceof NeedAsync)) throw e;
					this.memo = saved;
					memo.set(e.key, await e.run());
				}
			}
		} finally {
			this.memo = saved;
		}
	}

	private fieldsOf(w: Word, split: boolean): Field[] {
		const fb = new Fields(split, this.host.lookup('IFS'));
		this.parts(w.parts, fb, false);
		fb.end(false);
		return fb.out;
	}

	private joined(w: Word, asPattern: boolean): string {
		const fb = new Fields(false, this.host.lookup('IFS'));
		this.parts(w.parts, fb, false);
		return asPattern
			? fb.g.length > 0 || fb.s.length === 0
				? fb.glob
					? fb.g
					: fb.g
				: fb.g
			: fb.s;
	}

	// ---- Parts ---------------------------------------------------------------------------------

	private parts(parts: readonly WordPart[], fb: Fields, quoted: boolean): void {
		for (const p of parts) {
			switch (p.t) {
				case 'lit':
					fb.text(p.v, quoted);
					break;
				case 'sq':
					fb.text(p.v, true);
					break;
				case 'dq': {
					const only = p.parts.length === 1 ? p.parts[0]! : null;
					if (!(only && only.t === 'param' && only.name === '@')) fb.started = true;
					this.parts(p.parts, fb, true);
					break;
				}
				case 'param':
					this.param(p, fb, quoted);
					break;
				case 'cmd': {
					const out = this.memoized(p, () => this.host.commandSubst(p.body)) as string;
					if (quoted) fb.text(out, true);
					else fb.splitText(out);
					break;
				}
				case 'arith': {
					const v = this.arith(p);
					if (quoted) fb.text(v, true);
					else fb.splitText(v);
					break;
				}
				case 'tilde':
					fb.text(this.tilde(p.user, p), true);
					break;
				case 'bad':
					throw new ExpandError(`${p.text}: bad substitution`, false);
			}
		}
	}

	private memoized(key: object, run: () => Promise<unknown>): unknown {
		const memo = this.memo;
		if (memo && memo.has(key)) return memo.get(key);
		throw new NeedAsync(key, run);
	}

	private arith(p: { expr: Word }): string {
		if (this.memo?.has(p)) return this.memo.get(p) as string;
		const text = p.expr.plain ?? this.joined(p.expr, false);
		let v: string;
		try {
			v = String(this.host.arith(text));
		} catch (e) {
			if (e instanceof ArithError) throw new ExpandError(e.text, true);
			throw e;
		}
		this.memo?.set(p, v);
		return v;
	}

	private tilde(user: string, key: object): string {
		if (user === '') return this.host.lookup('HOME') ?? '~';
		if (user === '+') return this.host.lookup('PWD') ?? '~+';
		if (user === '-') return this.host.lookup('OLDPWD') ?? '~-';
		const home = this.memoized(key, () => this.host.userHome(user)) as string | null;
		return home ?? '~' + user;
	}

	/** The text of a word in a parameter operator (default value, pattern, offset). */
	private argText(w: Word | null, quoted: boolean, asPattern: boolean): string {
		if (!w) return '';
		const fb = new Fields(false, this.host.lookup('IFS'));
		this.parts(w.parts, fb, quoted);
		return asPattern ? fb.g : fb.s;
	}

	private param(p: ParamPart, fb: Fields, quoted: boolean): void {
		const h = this.host;
		let name = p.name;
		if (p.indirect) {
			const target = h.lookup(name);
			if (target === undefined || target === '') {
				throw new ExpandError(`${name}: bad substitution`, false);
			}
			name = target;
		}
		const list = name === '@' || name === '*';
		const params = list ? h.positional() : null;
		const value = list
			? params!.length > 0
				? joinStar(params!, h.lookup('IFS'))
				: undefined
			: h.lookup(name);
		const isSet = list ? params!.length > 0 : value !== undefined;
		const nonNull = list ? params!.length > 0 && value !== '' : value !== undefined && value !== '';
		const op = p.op;
		switch (op) {
			case '':
				if (!isSet && h.nounset && !list) throw new ExpandError(`${name}: unbound variable`, true);
				break;
			case '-':
			case ':-':
				if (op === '-' ? !isSet : !nonNull) {
					this.parts(p.arg!.parts, fb, quoted);
					return;
				}
				break;
			case '=':
			case ':=':
				if (op === '=' ? !isSet : !nonNull) {
					let v: string;
					if (this.memo?.has(p)) v = this.memo.get(p) as string;
					else {
						v = this.argText(p.arg, quoted, false);
						if (list || /^[0-9]/.test(name) || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
							throw new ExpandError(`$${name}: cannot assign in this way`, true);
						}
						const err = h.assign(name, v);
						if (err) throw new ExpandError(err, true);
						this.memo?.set(p, v);
					}
					if (quoted) fb.text(v, true);
					else fb.splitText(v);
					return;
				}
				break;
			case '+':
			case ':+':
				if (op === '+' ? isSet : nonNull) this.parts(p.arg!.parts, fb, quoted);
				return;
			case '?':
			case ':?':
				if (op === '?' ? !isSet : !nonNull) {
					const msg =
						this.argText(p.arg, quoted, false) ||
						(op === '?' ? 'parameter not set' : 'parameter null or not set');
					throw new ExpandError(`${name}: ${msg}`, true);
				}
				break;
			case 'len': {
				if (!isSet && h.nounset && !list) throw new ExpandError(`${name}: unbound variable`, true);
				const n = list ? params!.length : (value ?? '').length;
				fb.text(String(n), quoted);
				return;
			}
			default: {
				if (!isSet && h.nounset && !list) throw new ExpandError(`${name}: unbound variable`, true);
				if (list && op === 'sub') {
					// ${@:offset:length} picks positional parameters ($0 is number 0).
					this.emit(this.slice([h.lookup('0') ?? '', ...params!], p), name, fb, quoted);
					return;
				}
				const f = this.operate(p, quoted);
				if (list && name === '@' && quoted) {
					params!.forEach((v, i) => {
						if (i > 0) fb.end(true);
						fb.text(f(v), true);
					});
					return;
				}
				if (list) {
					const mapped = params!.map(f);
					this.emit(mapped, name, fb, quoted);
					return;
				}
				const v = f(value ?? '');
				if (quoted) fb.text(v, true);
				else fb.splitText(v);
				return;
			}
		}
		if (list) {
			this.emit(params!, name, fb, quoted);
			return;
		}
		if (value === undefined || value === '') return;
		if (quoted) fb.text(value, true);
		else fb.splitText(value);
	}

	/** `$@`, `$*`, "$@", "$*" into fields. */
	private emit(params: readonly string[], name: string, fb: Fields, quoted: boolean): void {
		if (quoted) {
			if (name === '*' || !fb.split) {
				const ifs = h1(this.host.lookup('IFS'), name === '@' && !fb.split);
				fb.text(params.join(ifs), true);
				return;
			}
			params.forEach((v, i) => {
				if (i > 0) fb.end(true);
				fb.text(v, true);
			});
			return;
		}
		params.forEach((v, i) => {
			if (i > 0) {
				if (fb.split) fb.end(false);
				else fb.text(' ', false);
			}
			fb.splitText(v);
		});
	}

	/** `${@:offset:length}`: a slice of [$0, $1, ...]; a negative offset counts from the end. */
	private slice(all: string[], p: ParamPart): string[] {
		const num = (w: Word): number => {
			try {
				return this.host.arith(this.argText(w, false, false));
			} catch (e) {
				if (e instanceof ArithError) throw new ExpandError(e.text, true);
				throw e;
			}
		};
		let start = num(p.arg!);
		if (start < 0) start = Math.max(1, all.length + start);
		const len = p.arg2 ? num(p.arg2) : null;
		if (len !== null && len < 0) {
			throw new ExpandError(`${p.arg2!.raw}: substring expression < 0`, false);
		}
		return len === null ? all.slice(start) : all.slice(start, start + len);
	}

	/** The function a pattern or substring operator applies to each value. */
	private operate(p: ParamPart, quoted: boolean): (v: string) => string {
		const op = p.op;
		if (op === '#' || op === '##' || op === '%' || op === '%%') {
			const pat = this.argText(p.arg, quoted, true);
			return (v) => trimPattern(v, pat, op);
		}
		if (op === '/' || op === '//' || op === '/#' || op === '/%') {
			const pat = this.argText(p.arg, quoted, true);
			const rep = this.argText(p.arg2, quoted, false);
			if (pat === '') return (v) => v;
			return (v) => replacePattern(v, pat, rep, op);
		}
		// ${x:offset:length}
		const evalNum = (w: Word): number => {
			try {
				return this.host.arith(this.argText(w, false, false));
			} catch (e) {
				if (e instanceof ArithError) throw new ExpandError(e.text, true);
				throw e;
			}
		};
		const off = evalNum(p.arg!);
		const len = p.arg2 ? evalNum(p.arg2) : null;
		if (len !== null && len < 0) {
			throw new ExpandError(`${p.arg2!.raw}: substring expression < 0`, false);
		}
		return (v) => {
			let start = off < 0 ? v.length + off : off;
			if (start < 0 || start > v.length) return '';
			start = Math.min(start, v.length);
			return len === null ? v.slice(start) : v.slice(start, start + len);
		};
	}
}

/** "$*" joins with the first character of IFS (a space when unset, nothing when empty). */
function joinStar(params: readonly string[], ifs: string | undefined): string {
	return params.join(h1(ifs, false));
}

function h1(ifs: string | undefined, space: boolean): string {
	if (space) return ' ';
	return ifs === undefined ? ' ' : ifs.slice(0, 1);
}

/** Whether a word holds a command substitution or `~user` (so it may need system calls). */
/**
 * Whether expanding `w` may evaluate arithmetic: `$((...))`, or `${x:offset:length}`. Until the
 * evaluator's chunk is here, such a word waits for it before its expansion starts.
 */
function hasArith(w: Word): boolean {
	if (w.plain !== null) return false;
	if (w.arith === undefined) w.arith = partsArith(w.parts);
	return w.arith;
}

function partsArith(parts: readonly WordPart[]): boolean {
	for (const p of parts) {
		switch (p.t) {
			case 'arith':
				return true;
			case 'dq':
				if (partsArith(p.parts)) return true;
				break;
			case 'param':
				if (p.op === 'sub') return true;
				if ((p.arg && hasArith(p.arg)) || (p.arg2 && hasArith(p.arg2))) return true;
				break;
		}
	}
	return false;
}

function isDynamic(w: Word): boolean {
	if (w.dynamic === undefined) w.dynamic = partsDynamic(w.parts);
	return w.dynamic;
}

function partsDynamic(parts: readonly WordPart[]): boolean {
	for (const p of parts) {
		switch (p.t) {
			case 'cmd':
				return true;
			case 'tilde':
				if (p.user !== '' && p.user !== '+' && p.user !== '-') return true;
				break;
			case 'dq':
				if (partsDynamic(p.parts)) return true;
				break;
			case 'arith':
				if (partsDynamic(p.expr.parts)) return true;
				break;
			case 'param':
				if ((p.arg && partsDynamic(p.arg.parts)) || (p.arg2 && partsDynamic(p.arg2.parts))) {
					return true;
				}
				break;
		}
	}
	return false;
}

// ---- Brace expansion -----------------------------------------------------------------------

/** An unquoted character (may be brace syntax) or an opaque part. */
type Item = string | WordPart;

/** `a{b,c}d` → `abd acd`, over the unquoted characters of a word's parts. */
export function braceExpand(w: Word): Word[] {
	const items: Item[] = [];
	for (const p of w.parts) {
		if (p.t === 'lit') for (const c of p.v) items.push(c);
		else items.push(p);
	}
	return expandItems(items).map((seq) => {
		const parts: WordPart[] = [];
		let lit = '';
		for (const it of seq) {
			if (typeof it === 'string') lit += it;
			else {
				if (lit) parts.push({ t: 'lit', v: lit });
				lit = '';
				parts.push(it);
			}
		}
		if (lit) parts.push({ t: 'lit', v: lit });
		const plain =
			parts.every((p) => p.t === 'sq' || p.t === 'lit') && !litGlob(parts)
				? parts.map((p) => (p as { v: string }).v).join('')
				: null;
		return { parts, raw: w.raw, plain };
	});
}

function expandItems(items: Item[]): Item[][] {
	for (let i = 0; i < items.length; i++) {
		if (items[i] !== '{') continue;
		let depth = 0;
		const commas: number[] = [];
		let close = -1;
		for (let j = i; j < items.length; j++) {
			const c = items[j];
			if (c === '{') depth++;
			else if (c === '}') {
				depth--;
				if (depth === 0) {
					close = j;
					break;
				}
			} else if (c === ',' && depth === 1) commas.push(j);
		}
		if (close === -1) return [items];
		if (commas.length === 0) continue;
		const prefix = items.slice(0, i);
		const suffix = items.slice(close + 1);
		const bounds = [i, ...commas, close];
		const out: Item[][] = [];
		for (let k = 0; k < bounds.length - 1; k++) {
			const alt = items.slice(bounds[k]! + 1, bounds[k + 1]!);
			out.push(...expandItems([...prefix, ...alt, ...suffix]));
		}
		return out;
	}
	return [items];
}
