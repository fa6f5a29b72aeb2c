// The shell's tokenizer: operators, words with their quoting and `$` expansions, comments, line
// continuations and here-document bodies. Command substitutions are handed back to the parser.
import type { Node, ParamOp, Redir, Word, WordPart } from './ast.ts';

/** The input ended inside a construct: more lines may complete it (PS2), or it is an error. */
export class Incomplete {
	/** The quote character being looked for, when inside quotes. */
	readonly quote: string | null;
	constructor(quote: string | null) {
		this.quote = quote;
	}
}

/** A token the grammar does not allow where it stands. */
export class SyntaxErr {
	/** The token as bash names it (`)`, `newline`, `fi`). */
	readonly token: string;
	readonly pos: number;
	constructor(token: string, pos: number) {
		this.token = token;
		this.pos = pos;
	}
}

export type TokenKind = 'word' | 'op' | 'nl' | 'eof';

export interface Token {
	k: TokenKind;
	/** The operator, or the word as typed. */
	v: string;
	word: Word | null;
	/** For a redirection operator: the descriptor written before it (`2>`), else null. */
	fd: number | null;
	pos: number;
	end: number;
}

interface PendingHeredoc {
	redir: Redir;
	delim: string;
	strip: boolean;
	quoted: boolean;
}

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
const SPECIAL_PARAMS = '@*#?-$!0';

function isMeta(c: string): boolean {
	return (
		c === ' ' ||
		c === '\t' ||
		c === '\n' ||
		c === ';' ||
		c === '&' ||
		c === '|' ||
		c === '<' ||
		c === '>' ||
		c === '(' ||
		c === ')'
	);
}

/** Builds a Word, working out whether it is plain text that needs no expansion. */
export function makeWord(parts: WordPart[], raw: string): Word {
	// A leading unquoted `~` starts a tilde-prefix, up to the first `/`.
	const first = parts[0];
	if (first && first.t === 'lit' && first.v.startsWith('~')) {
		const slash = first.v.indexOf('/');
		if (slash !== -1 || parts.length === 1) {
			const user = slash === -1 ? first.v.slice(1) : first.v.slice(1, slash);
			if (/^[A-Za-z0-9_.+-]*$/.test(user)) {
				const rest = slash === -1 ? '' : first.v.slice(slash);
				parts = [
					{ t: 'tilde', user },
					...(rest ? [{ t: 'lit', v: rest } as WordPart] : []),
					...parts.slice(1)
				];
			}
		}
	}
	let plain: string | null = '';
	const glob = litGlob(parts);
	let brace = false;
	let open = false;
	for (const p of parts) {
		if (p.t !== 'lit') continue;
		if (p.v.includes('{')) open = true;
		if (open && p.v.includes('}') && (hasBraceExpansion(p.v) || parts.length > 1)) brace = true;
	}
	for (const p of parts) {
		if (brace) {
			plain = null;
			break;
		}
		if (p.t === 'sq') plain += p.v;
		else if (p.t === 'lit' && !glob) plain += p.v;
		else if (p.t === 'dq' && p.parts.every((q) => q.t === 'sq')) {
			for (const q of p.parts) plain += (q as { v: string }).v;
		} else {
			plain = null;
			break;
		}
	}
	return brace ? { parts, raw, plain, brace } : { parts, raw, plain };
}

/** Whether the unquoted text of a word has `*`, `?` or a `[` with a `]` after it. */
export function litGlob(parts: readonly WordPart[]): boolean {
	let open = false;
	for (const p of parts) {
		if (p.t !== 'lit') continue;
		const v = p.v;
		if (v.includes('*') || v.includes('?')) return true;
		const at = v.indexOf('[');
		if (at !== -1 && v.indexOf(']', at + 1) !== -1) return true;
		if (open && v.includes(']')) return true;
		if (at !== -1) open = true;
	}
	return false;
}

/** Whether unquoted text holds a `{a,b}` brace expansion. */
export function hasBraceExpansion(s: string): boolean {
	const open = s.indexOf('{');
	return open !== -1 && s.indexOf(',', open) !== -1 && s.indexOf('}', open) !== -1;
}

export abstract class Lexer {
	src: string;
	pos = 0;
	/** No more input will come: an unfinished construct is an error, not a PS2 prompt. */
	final: boolean;
	protected tok: Token | null = null;
	protected heredocs: PendingHeredoc[] = [];
	/** Line number of the start of `src`. */
	protected lineBase: number;
	private nlPos = 0;
	private nlCount = 0;

	constructor(src: string, final: boolean, lineBase = 1) {
		this.src = src;
		this.final = final;
		this.lineBase = lineBase;
	}

	/** Parses a command substitution's body; `pos` is after `$(`, and it consumes the `)`. */
	protected abstract parseSubstitution(): Node | null;
	/** Parses the (already unescaped) text between backquotes. */
	protected abstract parseBackquoted(text: string, pos: number): Node | null;
	/** Parses a here-document's body for expansions. */
	protected abstract parseHeredocBody(body: string, pos: number): Word;

	/** Line number of a source position. */
	lineAt(pos: number): number {
		if (pos < this.nlPos) {
			this.nlPos = 0;
			this.nlCount = 0;
		}
		const src = this.src;
		let n = this.nlCount;
		for (let i = this.nlPos; i < pos && i < src.length; i++) if (src.charCodeAt(i) === 10) n++;
		this.nlPos = Math.min(pos, src.length);
		this.nlCount = n;
		return this.lineBase + n;
	}

	peek(): Token {
		if (this.tok === null) this.tok = this.lex();
		return this.tok;
	}

	next(): Token {
		const t = this.peek();
		this.tok = null;
		return t;
	}

	/** Forgets the looked-ahead token and goes back to `pos` (alias substitution, `((`). */
	protected rewind(pos: number): void {
		this.tok = null;
		this.pos = pos;
	}

	protected queueHeredoc(h: PendingHeredoc): void {
		this.heredocs.push(h);
	}

	private lex(): Token {
		const src = this.src;
		for (;;) {
			const c = src[this.pos];
			if (c === ' ' || c === '\t') this.pos++;
			else if (c === '\\' && src[this.pos + 1] === '\n') {
				// A line that ends in a backslash continues on the next one (PS2).
				if (this.pos + 2 >= src.length && !this.final) throw new Incomplete(null);
				this.pos += 2;
			} else if (c === '#') {
				const nl = src.indexOf('\n', this.pos);
				this.pos = nl === -1 ? src.length : nl;
			} else break;
		}
		const start = this.pos;
		if (start >= src.length) {
			return { k: 'eof', v: '', word: null, fd: null, pos: start, end: start };
		}
		const c = src[start]!;
		const c2 = src[start + 1];
		const op = (v: string, fd: number | null = null, from = start): Token => {
			this.pos = from + v.length;
			return { k: 'op', v, word: null, fd, pos: start, end: this.pos };
		};
		switch (c) {
			case '\n':
				this.pos++;
				if (this.heredocs.length > 0) this.readHeredocs();
				return { k: 'nl', v: '\n', word: null, fd: null, pos: start, end: start + 1 };
			case '&':
				if (c2 === '&') return op('&&');
				if (c2 === '>') return op('&>');
				return op('&');
			case '|':
				return op(c2 === '|' ? '||' : '|');
			case ';':
				return op(c2 === ';' ? ';;' : ';');
			case '(':
			case ')':
				return op(c);
			case '<':
			case '>':
				return this.redirOp(start, null);
		}
		const word = this.scanWord();
		if (/^[0-9]+$/.test(word.raw) && (src[this.pos] === '<' || src[this.pos] === '>')) {
			const t = this.redirOp(this.pos, Number(word.raw));
			t.pos = start;
			return t;
		}
		return { k: 'word', v: word.raw, word, fd: null, pos: start, end: this.pos };
	}

	private redirOp(at: number, fd: number | null): Token {
		const s = this.src.slice(at, at + 3);
		let v: string;
		if (s.startsWith('<<-')) v = '<<-';
		else if (s.startsWith('<<')) v = '<<';
		else if (s.startsWith('<&')) v = '<&';
		else if (s.startsWith('<>')) v = '<>';
		else if (s.startsWith('>>')) v = '>>';
		else if (s.startsWith('>&')) v = '>&';
		else if (s.startsWith('>|')) v = '>|';
		else v = s[0]!;
		this.pos = at + v.length;
		return { k: 'op', v, word: null, fd, pos: at, end: this.pos };
	}

	/** An unquoted word, up to the next metacharacter. */
	protected scanWord(): Word {
		const src = this.src;
		const start = this.pos;
		const parts: WordPart[] = [];
		let lit = '';
		const flush = (): void => {
			if (lit) {
				parts.push({ t: 'lit', v: lit });
				lit = '';
			}
		};
		while (this.pos < src.length) {
			const c = src[this.pos]!;
			if (isMeta(c)) break;
			if (c === '\\') {
				const n = src[this.pos + 1];
				if (n === '\n') {
					if (this.pos + 2 >= src.length && !this.final) throw new Incomplete(null);
					this.pos += 2;
				} else if (n === undefined) {
					lit += '\\';
					this.pos++;
				} else {
					flush();
					parts.push({ t: 'sq', v: n });
					this.pos += 2;
				}
			} else if (c === "'") {
				flush();
				parts.push({ t: 'sq', v: this.scanSingle() });
			} else if (c === '"') {
				flush();
				parts.push(this.scanDouble());
			} else if (c === '`') {
				flush();
				parts.push(this.scanBackquote(false));
			} else if (c === '$') {
				const p = this.scanDollar(false);
				if (p) {
					flush();
					parts.push(p);
				} else {
					lit += '$';
					this.pos++;
				}
			} else {
				lit += c;
				this.pos++;
			}
		}
		flush();
		return makeWord(parts, src.slice(start, this.pos));
	}

	private scanSingle(): string {
		const end = this.src.indexOf("'", this.pos + 1);
		if (end === -1) throw new Incomplete("'");
		const v = this.src.slice(this.pos + 1, end);
		this.pos = end + 1;
		return v;
	}

	/** "..." : `$`, backquotes and the escapes \$ \` \" \\ \newline. */
	private scanDouble(): WordPart {
		const src = this.src;
		this.pos++;
		const parts: WordPart[] = [];
		let buf = '';
		const flush = (): void => {
			if (buf) {
				parts.push({ t: 'sq', v: buf });
				buf = '';
			}
		};
		for (;;) {
			if (this.pos >= src.length) throw new Incomplete('"');
			const c = src[this.pos]!;
			if (c === '"') {
				this.pos++;
				break;
			}
			if (c === '\\') {
				const n = src[this.pos + 1];
				if (n === undefined) throw new Incomplete('"');
				if (n === '\n') this.pos += 2;
				else if (n === '$' || n === '`' || n === '"' || n === '\\') {
					buf += n;
					this.pos += 2;
				} else {
					buf += '\\';
					this.pos++;
				}
			} else if (c === '$') {
				const p = this.scanDollar(true);
				if (p) {
					flush();
					parts.push(p);
				} else {
					buf += '$';
					this.pos++;
				}
			} else if (c === '`') {
				flush();
				parts.push(this.scanBackquote(true));
			} else {
				buf += c;
				this.pos++;
			}
		}
		flush();
		return { t: 'dq', parts };
	}

	private scanBackquote(inDq: boolean): WordPart {
		const src = this.src;
		const start = this.pos;
		this.pos++;
		let text = '';
		for (;;) {
			if (this.pos >= src.length) throw new Incomplete('`');
			const c = src[this.pos]!;
			if (c === '`') {
				this.pos++;
				break;
			}
			if (c === '\\') {
				const n = src[this.pos + 1];
				if (n === '`' || n === '$' || n === '\\' || (inDq && n === '"')) {
					text += n;
					this.pos += 2;
					continue;
				}
			}
			text += c;
			this.pos++;
		}
		return { t: 'cmd', body: this.parseBackquoted(text, start + 1) };
	}

	/** `$...` at `pos`; null when the `$` is literal. */
	protected scanDollar(inDq: boolean): WordPart | null {
		const src = this.src;
		const n = src[this.pos + 1];
		if (n === undefined) return null;
		if (n === '{') return this.scanBrace(inDq);
		if (n === '(') {
			if (src[this.pos + 2] === '(') {
				const end = this.arithEnd(this.pos + 3);
				if (end !== -1) {
					const expr = this.scanArithText(this.pos + 3, end);
					this.pos = end + 2;
					return { t: 'arith', expr };
				}
			}
			this.pos += 2;
			return { t: 'cmd', body: this.parseSubstitution() };
		}
		if (n === "'" && !inDq) {
			this.pos++;
			return { t: 'sq', v: this.scanAnsiC() };
		}
		if (n === '"' && !inDq) {
			// $"..." is a locale-translated string; without catalogs it is "...".
			this.pos++;
			return this.scanDouble();
		}
		if (NAME_START.test(n)) {
			let end = this.pos + 2;
			while (end < src.length && NAME_CHAR.test(src[end]!)) end++;
			const name = src.slice(this.pos + 1, end);
			this.pos = end;
			return param(name);
		}
		if ((n >= '0' && n <= '9') || SPECIAL_PARAMS.includes(n)) {
			this.pos += 2;
			return param(n);
		}
		return null;
	}

	/** Where `$((` ... `))` ends (the index of the first `)` of `))`), or -1 if it is `$( (...) )`. */
	protected arithEnd(from: number): number {
		const src = this.src;
		let depth = 0;
		for (let i = from; i < src.length; i++) {
			const c = src[i];
			if (c === '(') depth++;
			else if (c === ')') {
				if (depth > 0) depth--;
				else return src[i + 1] === ')' ? i : -1;
			} else if (c === '\\') i++;
		}
		if (!this.final) throw new Incomplete(null);
		return -1;
	}

	/** The text of an arithmetic expression as a word: `$`, backquotes and quotes work inside. */
	protected scanArithText(from: number, end: number): Word {
		const saved = this.pos;
		this.pos = from;
		const parts = this.scanUntil(end, '', false, false);
		this.pos = saved;
		const raw = this.src.slice(from, end);
		// Text with no expansion inside is evaluated as it stands (and its parse is cached).
		const plain = parts.every((p) => p.t === 'lit')
			? parts.map((p) => (p as { v: string }).v).join('')
			: null;
		return { parts, raw, plain };
	}

	/**
	 * Scans a word's parts up to `limit` or an unquoted character of `stops` (outside nested
	 * braces). Text is quoted when `inDq`; blanks are ordinary characters here.
	 */
	protected scanUntil(limit: number, stops: string, inDq: boolean, sqLiteral: boolean): WordPart[] {
		const src = this.src;
		const parts: WordPart[] = [];
		let buf = '';
		let depth = 0;
		const flush = (): void => {
			if (buf) {
				parts.push(inDq ? { t: 'sq', v: buf } : { t: 'lit', v: buf });
				buf = '';
			}
		};
		for (;;) {
			if (this.pos >= limit) {
				if (limit >= src.length && stops) throw new Incomplete(null);
				break;
			}
			const c = src[this.pos]!;
			if (depth === 0 && stops.includes(c)) break;
			if (c === '{') depth++;
			else if (c === '}') depth--;
			if (c === '\\') {
				const n = src[this.pos + 1];
				if (n === undefined) {
					buf += c;
					this.pos++;
				} else if (n === '\n') this.pos += 2;
				else if (!inDq || n === '$' || n === '`' || n === '"' || n === '\\' || n === '}') {
					flush();
					parts.push({ t: 'sq', v: n });
					this.pos += 2;
				} else {
					buf += c;
					this.pos++;
				}
			} else if (c === "'" && !sqLiteral) {
				flush();
				parts.push({ t: 'sq', v: this.scanSingle() });
			} else if (c === '"') {
				flush();
				parts.push(this.scanDouble());
			} else if (c === '`') {
				flush();
				parts.push(this.scanBackquote(inDq));
			} else if (c === '$') {
				const p = this.scanDollar(inDq);
				if (p) {
					flush();
					parts.push(p);
				} else {
					buf += c;
					this.pos++;
				}
			} else {
				buf += c;
				this.pos++;
			}
		}
		flush();
		return parts;
	}

	/** `${...}` at `pos` (on the `$`). */
	private scanBrace(inDq: boolean): WordPart {
		const src = this.src;
		const start = this.pos;
		let i = this.pos + 2;
		const bad = (): WordPart => {
			const end = src.indexOf('}', i);
			if (end === -1) throw new Incomplete('}');
			this.pos = end + 1;
			return { t: 'bad', text: src.slice(start, end + 1) };
		};
		let length = false;
		let indirect = false;
		if (src[i] === '#' && src[i + 1] !== '}' && src[i + 1] !== undefined) {
			const n = src[i + 1]!;
			if (NAME_START.test(n) || /[0-9@*#?$!-]/.test(n)) {
				length = true;
				i++;
			}
		} else if (src[i] === '!' && src[i + 1] !== undefined && NAME_START.test(src[i + 1]!)) {
			indirect = true;
			i++;
		}
		let name: string;
		const c = src[i];
		if (c === undefined) throw new Incomplete('}');
		if (NAME_START.test(c)) {
			let end = i + 1;
			while (end < src.length && NAME_CHAR.test(src[end]!)) end++;
			name = src.slice(i, end);
			i = end;
		} else if (c >= '0' && c <= '9') {
			let end = i + 1;
			while (end < src.length && src[end]! >= '0' && src[end]! <= '9') end++;
			name = src.slice(i, end);
			i = end;
		} else if (SPECIAL_PARAMS.includes(c)) {
			name = c;
			i++;
		} else return bad();
		if (i >= src.length) throw new Incomplete('}');
		if (length) {
			if (src[i] !== '}') return bad();
			this.pos = i + 1;
			return { t: 'param', name, op: 'len', arg: null, arg2: null, indirect: false };
		}
		if (src[i] === '}') {
			this.pos = i + 1;
			return { t: 'param', name, op: '', arg: null, arg2: null, indirect };
		}
		let op: ParamOp;
		const o = src[i]!;
		const o2 = src[i + 1];
		if (o === ':' && o2 !== undefined && '-=+?'.includes(o2)) {
			op = (':' + o2) as ParamOp;
			i += 2;
		} else if (o === ':') {
			op = 'sub';
			i++;
		} else if ('-=+?'.includes(o)) {
			op = o as ParamOp;
			i++;
		} else if (o === '#' || o === '%') {
			op = (o2 === o ? o + o : o) as ParamOp;
			i += op.length;
		} else if (o === '/') {
			op = o2 === '/' ? '//' : o2 === '#' ? '/#' : o2 === '%' ? '/%' : '/';
			i += op.length;
		} else return bad();
		this.pos = i;
		// Inside double quotes, single quotes in a default value are plain characters (bash).
		const sqLiteral =
			inDq && op !== '#' && op !== '##' && op !== '%' && op !== '%%' && op[0] !== '/';
		let arg: Word;
		let arg2: Word | null = null;
		const a0 = this.pos;
		if (op === 'sub') {
			arg = { parts: this.scanUntil(src.length, ':}', inDq, sqLiteral), raw: '', plain: null };
			arg.raw = src.slice(a0, this.pos);
			if (src[this.pos] === ':') {
				this.pos++;
				const b0 = this.pos;
				arg2 = { parts: this.scanUntil(src.length, '}', inDq, sqLiteral), raw: '', plain: null };
				arg2.raw = src.slice(b0, this.pos);
			}
		} else if (op[0] === '/') {
			arg = { parts: this.scanUntil(src.length, '/}', inDq, sqLiteral), raw: '', plain: null };
			arg.raw = src.slice(a0, this.pos);
			if (src[this.pos] === '/') {
				this.pos++;
				const b0 = this.pos;
				arg2 = { parts: this.scanUntil(src.length, '}', inDq, sqLiteral), raw: '', plain: null };
				arg2.raw = src.slice(b0, this.pos);
			}
		} else {
			arg = { parts: this.scanUntil(src.length, '}', inDq, sqLiteral), raw: '', plain: null };
			arg.raw = src.slice(a0, this.pos);
		}
		if (src[this.pos] !== '}') throw new Incomplete('}');
		this.pos++;
		return { t: 'param', name, op, arg, arg2, indirect };
	}

	/** $'...' : ANSI-C escapes. */
	private scanAnsiC(): string {
		const src = this.src;
		let i = this.pos + 1;
		let out = '';
		for (;;) {
			if (i >= src.length) throw new Incomplete("'");
			const c = src[i]!;
			if (c === "'") break;
			if (c !== '\\') {
				out += c;
				i++;
				continue;
			}
			const n = src[i + 1];
			if (n === undefined) throw new Incomplete("'");
			i += 2;
			const simple: Record<string, string> = {
				a: '\x07',
				b: '\b',
				e: '\x1b',
				f: '\f',
				n: '\n',
				r: '\r',
				t: '\t',
				v: '\v',
				'\\': '\\',
				"'": "'",
				'"': '"',
				'?': '?'
			};
			if (n in simple) out += simple[n];
			else if (n >= '0' && n <= '7') {
				let d = n;
				while (d.length < 3 && src[i]! >= '0' && src[i]! <= '7') d += src[i++];
				out += String.fromCharCode(parseInt(d, 8) & 0xff);
			} else if (n === 'x') {
				let d = '';
				while (d.length < 2 && /[0-9a-fA-F]/.test(src[i] ?? '')) d += src[i++];
				out += d ? String.fromCharCode(parseInt(d, 16)) : '\\x';
			} else if (n === 'c' && src[i] !== undefined) {
				out += String.fromCharCode(src.charCodeAt(i++) & 0x1f);
			} else out += '\\' + n;
		}
		this.pos = i + 1;
		return out;
	}

	/** After a newline token: the bodies of the here-documents queued on that line. */
	private readHeredocs(): void {
		const src = this.src;
		const list = this.heredocs;
		this.heredocs = [];
		for (const h of list) {
			let body = '';
			const bodyPos = this.pos;
			for (;;) {
				if (this.pos >= src.length) {
					if (!this.final) {
						this.heredocs = list.slice(list.indexOf(h));
						throw new Incomplete(null);
					}
					break;
				}
				const eol = src.indexOf('\n', this.pos);
				if (eol === -1 && !this.final) throw new Incomplete(null);
				const line = src.slice(this.pos, eol === -1 ? src.length : eol);
				this.pos = eol === -1 ? src.length : eol + 1;
				const cmp = h.strip ? line.replace(/^\t+/, '') : line;
				if (cmp === h.delim) break;
				body += cmp + '\n';
			}
			h.redir.heredoc = h.quoted
				? { parts: [{ t: 'sq', v: body }], raw: body, plain: body }
				: this.parseHeredocBody(body, bodyPos);
		}
	}

	/** Here-document text: `$` and backquotes expand; backslash quotes only \ $ ` and newline. */
	protected scanHeredocText(): WordPart[] {
		const src = this.src;
		const parts: WordPart[] = [];
		let buf = '';
		const flush = (): void => {
			if (buf) {
				parts.push({ t: 'sq', v: buf });
				buf = '';
			}
		};
		while (this.pos < src.length) {
			const c = src[this.pos]!;
			if (c === '\\') {
				const n = src[this.pos + 1];
				if (n === '$' || n === '`' || n === '\\') {
					buf += n;
					this.pos += 2;
					continue;
				}
				if (n === '\n') {
					this.pos += 2;
					continue;
				}
			} else if (c === '$') {
				const p = this.scanDollar(true);
				if (p) {
					flush();
					parts.push(p);
					continue;
				}
			} else if (c === '`') {
				flush();
				parts.push(this.scanBackquote(true));
				continue;
			}
			buf += c;
			this.pos++;
		}
		flush();
		return parts;
	}
}

function param(name: string): WordPart {
	return { t: 'param', name, op: '', arg: null, arg2: null, indirect: false };
}
