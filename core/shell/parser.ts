// The shell grammar: from source text to one complete command at a time (so a script runs line by
// line, an interactive shell knows when to show PS2, and errors read as bash's do).
import { TEST_UNARY } from './test-ops.ts';
import { RESERVED } from './ast.ts';
import type {
	ArithCmd,
	Assign,
	Case,
	CaseItem,
	Compound,
	CondCmd,
	For,
	ForArith,
	If,
	CondExpr,
	Node,
	Redir,
	RedirOp,
	Simple,
	Word,
	WordPart
} from './ast.ts';
import { Incomplete, Lexer, SyntaxErr, makeWord, type Token } from './lexer.ts';

export interface ParseOptions {
	/** No more input will follow: unfinished input is a syntax error. */
	final: boolean;
	/** Aliases to substitute in command position (interactive shells). */
	aliases?: ReadonlyMap<string, string> | null;
	/** Line number of the first line of the source. */
	line?: number;
}

export type ParseResult =
	/** One complete command (null for a blank line); `src` may differ from the input (aliases). */
	| { kind: 'command'; node: Node | null; end: number; src: string }
	| { kind: 'eof' }
	/** More input is needed (PS2). */
	| { kind: 'incomplete' }
	/** `messages` are bash's texts without the `bash: ` prefix; `line` is where it happened. */
	| { kind: 'error'; messages: string[]; line: number; lineText: string };

const REDIR_OPS = new Set(['<', '>', '>>', '>|', '<>', '<&', '>&', '<<', '<<-', '&>']);
/** Reserved words that end a compound list (they cannot start a command). */
const LIST_END = new Set(['then', 'else', 'elif', 'fi', 'do', 'done', 'esac', '}']);
const COND_BINARY = new Set([
	'=',
	'==',
	'!=',
	'-eq',
	'-ne',
	'-lt',
	'-le',
	'-gt',
	'-ge',
	'-nt',
	'-ot',
	'-ef'
]);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The literal text of a word that is one unquoted piece (how reserved words are recognised). */
function litOf(t: Token): string | null {
	if (t.k !== 'word') return null;
	const p = t.word!.parts;
	return p.length === 1 && p[0]!.t === 'lit' ? p[0]!.v : null;
}

export class Parser extends Lexer {
	private aliases: ReadonlyMap<string, string> | null;
	/** Aliases being expanded, with where their text ends (no recursive expansion). */
	private activeAliases: { name: string; end: number }[] = [];
	private aliasNext = false;
	private depth = 0;

	constructor(src: string, opts: ParseOptions) {
		super(src, opts.final, opts.line ?? 1);
		this.aliases = opts.aliases ?? null;
	}

	/** Parses the next complete command starting at `pos`. */
	parseNext(pos: number): ParseResult {
		this.rewind(pos);
		try {
			let t = this.peek();
			while (t.k === 'nl') {
				this.next();
				t = this.peek();
			}
			if (t.k === 'eof') return { kind: 'eof' };
			const node = this.parseList(false);
			t = this.next();
			if (t.k !== 'nl' && t.k !== 'eof') this.unexpected(t);
			return { kind: 'command', node, end: this.pos, src: this.src };
		} catch (e) {
			return this.failure(e);
		}
	}

	/** Parses all of the source as one list (eval, command substitution text, tests). */
	parseAll(): ParseResult {
		this.rewind(0);
		try {
			const items: Node[] = [];
			for (;;) {
				let t = this.peek();
				while (t.k === 'nl') {
					this.next();
					t = this.peek();
				}
				if (t.k === 'eof') break;
				items.push(this.parseList(false));
				t = this.next();
				if (t.k !== 'nl' && t.k !== 'eof') this.unexpected(t);
			}
			const node: Node | null =
				items.length === 0
					? null
					: items.length === 1
						? items[0]!
						: { type: 'list', items: items.map((n) => ({ node: n, bg: false })) };
			return { kind: 'command', node, end: this.pos, src: this.src };
		} catch (e) {
			return this.failure(e);
		}
	}

	private failure(e: unknown): ParseResult {
		if (e instanceof RangeError) {
			// Nesting deep enough to exhaust the JavaScript stack: an error, not a crash.
			return {
				kind: 'error',
				messages: ['syntax error: nesting too deep'],
				line: this.lineAt(this.pos),
				lineText: ''
			};
		}
		if (e instanceof Incomplete) {
			if (!this.final) return { kind: 'incomplete' };
			const line = this.lineAt(this.src.length);
			const messages: string[] = [];
			if (e.quote) messages.push(`unexpected EOF while looking for matching \`${e.quote}'`);
			messages.push('syntax error: unexpected end of file');
			return { kind: 'error', messages, line, lineText: '' };
		}
		if (e instanceof SyntaxErr) {
			if (e.token === '' && !this.final) return { kind: 'incomplete' };
			const line = this.lineAt(e.pos);
			const ls = this.src.lastIndexOf('\n', e.pos - 1) + 1;
			const le = this.src.indexOf('\n', e.pos);
			const lineText = this.src.slice(ls, le === -1 ? undefined : le);
			const messages = [
				e.token === ''
					? 'syntax error: unexpected end of file'
					: `syntax error near unexpected token \`${e.token}'`
			];
			return { kind: 'error', messages, line, lineText };
		}
		throw e;
	}

	/** A token the grammar does not allow; `eofIsNewline`: the end of input ends the line first. */
	private unexpected(t: Token, eofIsNewline = false): never {
		if (t.k === 'eof' && eofIsNewline && this.final) throw new SyntaxErr('newline', t.pos);
		if (t.k === 'eof') throw new SyntaxErr('', t.pos);
		throw new SyntaxErr(t.k === 'nl' ? 'newline' : t.v, t.pos);
	}

	/** The whole source as here-document text. */
	heredocParts(): WordPart[] {
		this.rewind(0);
		return this.scanHeredocText();
	}

	// ---- Lexer hooks ---------------------------------------------------------------------------

	protected parseSubstitution(): Node | null {
		const savedTok = this.tok;
		this.tok = null;
		const savedAliasNext = this.aliasNext;
		const node = this.parseCompoundList(true, true);
		const t = this.next();
		if (t.k !== 'op' || t.v !== ')') {
			if (t.k === 'eof') throw new Incomplete(null);
			this.unexpected(t);
		}
		this.tok = savedTok;
		this.aliasNext = savedAliasNext;
		return node;
	}

	protected parseBackquoted(text: string, pos: number): Node | null {
		const sub = new Parser(text, { final: true, aliases: this.aliases, line: this.lineAt(pos) });
		const r = sub.parseAll();
		if (r.kind === 'command') return r.node;
		if (r.kind === 'error') {
			throw new SyntaxErr(
				r.messages[0]!.replace(/^syntax error near unexpected token `(.*)'$/, '$1'),
				pos
			);
		}
		return null;
	}

	protected parseHeredocBody(body: string, pos: number): Word {
		const sub = new Parser(body, { final: true, line: this.lineAt(pos) });
		try {
			return { parts: sub.scanHeredocText(), raw: body, plain: null };
		} catch (e) {
			// An unfinished `$(` or `${` in the body: the text stays as it is.
			if (!(e instanceof Incomplete) && !(e instanceof SyntaxErr)) throw e;
			return { parts: [{ t: 'sq', v: body }], raw: body, plain: body };
		}
	}

	// ---- Lists ---------------------------------------------------------------------------------

	/** True when `t` ends a compound list: `)`, `;;`, end of input or a closing reserved word. */
	private isListEnd(t: Token): boolean {
		if (t.k === 'eof') return true;
		if (t.k === 'op') return t.v === ')' || t.v === ';;';
		const lit = litOf(t);
		return lit !== null && LIST_END.has(lit);
	}

	/**
	 * A list of and-or lists. At top level it stops at a newline; inside compound commands
	 * newlines separate commands and the list ends at a closing word.
	 */
	private parseList(compound: boolean, allowEmpty = false): Node {
		const items: { node: Node; bg: boolean }[] = [];
		if (compound) this.skipNewlines();
		for (;;) {
			const t = this.peek();
			if (compound && this.isListEnd(t)) break;
			if (!compound && (t.k === 'nl' || t.k === 'eof')) break;
			const node = this.parseAndOr();
			const s = this.peek();
			if (s.k === 'op' && (s.v === ';' || s.v === '&')) {
				this.next();
				items.push({ node, bg: s.v === '&' });
				if (compound) this.skipNewlines();
				continue;
			}
			items.push({ node, bg: false });
			if (s.k === 'nl' && compound) {
				this.next();
				this.skipNewlines();
				continue;
			}
			break;
		}
		if (items.length === 0) {
			if (allowEmpty) return { type: 'list', items: [] };
			this.unexpected(this.peek());
		}
		if (items.length === 1 && !items[0]!.bg) return items[0]!.node;
		return { type: 'list', items };
	}

	private parseCompoundList(allowEmpty = false, inSubst = false): Node {
		this.depth++;
		if (this.depth > 200) throw new SyntaxErr('(', this.pos);
		try {
			const n = this.parseList(true, allowEmpty);
			if (inSubst) {
				const t = this.peek();
				if (!(t.k === 'op' && t.v === ')')) this.unexpected(t);
			}
			return n;
		} finally {
			this.depth--;
		}
	}

	private skipNewlines(): void {
		while (this.peek().k === 'nl') this.next();
	}

	private parseAndOr(): Node {
		const first = this.parsePipeline();
		let rest: { op: '&&' | '||'; node: Node }[] | null = null;
		for (;;) {
			const t = this.peek();
			if (t.k !== 'op' || (t.v !== '&&' && t.v !== '||')) break;
			this.next();
			this.skipNewlines();
			(rest ??= []).push({ op: t.v, node: this.parsePipeline() });
		}
		return rest ? { type: 'andor', first, rest } : first;
	}

	private parsePipeline(): Node {
		let bang = false;
		let time: '' | 'time' | 'time -p' = '';
		let start = this.peek();
		const line = this.lineAt(start.pos);
		if (litOf(start) === 'time') {
			this.next();
			time = 'time';
			start = this.peek();
			if (litOf(start) === '-p') {
				this.next();
				time = 'time -p';
				start = this.peek();
			}
			// `time` alone times nothing, as in bash.
			if (
				start.k === 'nl' ||
				start.k === 'eof' ||
				(start.k === 'op' && (start.v === ';' || start.v === '&'))
			) {
				return { type: 'pipeline', bang: false, time, cmds: [], line };
			}
		}
		if (litOf(start) === '!') {
			this.next();
			bang = true;
		}
		const cmds = [this.parseCommand()];
		for (;;) {
			const t = this.peek();
			if (t.k !== 'op' || t.v !== '|') break;
			this.next();
			this.skipNewlines();
			cmds.push(this.parseCommand());
		}
		if (!bang && !time && cmds.length === 1) return cmds[0]!;
		return { type: 'pipeline', bang, time, cmds, line };
	}

	// ---- Commands ------------------------------------------------------------------------------

	private parseCommand(): Node {
		let t = this.peek();
		if (this.aliases && t.k === 'word') t = this.substituteAliases(t);
		const line = this.lineAt(t.pos);
		if (t.k === 'op' && t.v === '(') {
			if (this.src[t.pos + 1] === '(') {
				const arith = this.tryArithCommand(t);
				if (arith) return this.withRedirs(arith);
			}
			this.next();
			const body = this.parseCompoundList();
			this.expectOp(')');
			return this.withRedirs<Compound>({ type: 'subshell', body, redirs: [], line });
		}
		const lit = litOf(t);
		if (lit !== null) {
			switch (lit) {
				case '{': {
					this.next();
					const body = this.parseCompoundList();
					this.expectWord('}');
					return this.withRedirs<Compound>({ type: 'group', body, redirs: [] });
				}
				case 'if':
					return this.withRedirs(this.parseIf());
				case 'while':
				case 'until': {
					this.next();
					const cond = this.parseCompoundList();
					this.expectWord('do');
					const body = this.parseCompoundList();
					this.expectWord('done');
					return this.withRedirs<Compound>({
						type: 'while',
						until: lit === 'until',
						cond,
						body,
						redirs: []
					});
				}
				case 'for':
					return this.withRedirs(this.parseFor(line));
				case 'case':
					return this.withRedirs(this.parseCase(line));
				case 'function':
					return this.parseFunctionKeyword(line);
				case '[[':
					return this.withRedirs(this.parseCond(line));
				case 'then':
				case 'else':
				case 'elif':
				case 'fi':
				case 'do':
				case 'done':
				case 'esac':
				case '}':
				case 'in':
				case ']]':
					this.unexpected(t);
			}
		}
		return this.parseSimple(line);
	}

	private substituteAliases(t: Token): Token {
		for (let guard = 0; guard < 100; guard++) {
			this.activeAliases = this.activeAliases.filter((a) => a.end > t.pos);
			const lit = litOf(t);
			if (lit === null || RESERVED.has(lit)) return t;
			const value = this.aliases!.get(lit);
			if (value === undefined || this.activeAliases.some((a) => a.name === lit)) return t;
			const delta = value.length - (t.end - t.pos);
			for (const a of this.activeAliases) if (a.end >= t.end) a.end += delta;
			this.src = this.src.slice(0, t.pos) + value + this.src.slice(t.end);
			this.activeAliases.push({ name: lit, end: t.pos + value.length });
			this.aliasNext = /[ \t]$/.test(value);
			this.rewind(t.pos);
			t = this.peek();
			if (t.k !== 'word') return t;
		}
		return t;
	}

	private expectOp(v: string): void {
		const t = this.next();
		if (t.k !== 'op' || t.v !== v) this.unexpected(t);
	}

	private expectWord(v: string): void {
		const t = this.next();
		if (litOf(t) !== v) this.unexpected(t);
	}

	private withRedirs<T extends Compound>(node: T): T {
		for (;;) {
			const t = this.peek();
			if (t.k !== 'op' || !REDIR_OPS.has(t.v)) break;
			node.redirs.push(this.parseRedir());
		}
		return node;
	}

	private parseRedir(): Redir {
		const t = this.next();
		const w = this.next();
		if (w.k !== 'word') this.unexpected(w, true);
		let op = t.v as RedirOp | '&>';
		const redir: Redir = { fd: t.fd, op: op === '&>' ? '>' : op, target: w.word!, heredoc: null };
		if (op === '&>') {
			// bash's `&>file` is `>file 2>&1`; the interpreter sees fd -1 as "both".
			redir.fd = -1;
			op = '>';
		}
		if (op === '<<' || op === '<<-') {
			const quoted = w.word!.parts.some((p) => p.t !== 'lit');
			this.queueHeredoc({ redir, delim: unquote(w.word!.parts), strip: op === '<<-', quoted });
		}
		return redir;
	}

	private parseSimple(line: number): Node {
		const assigns: Assign[] = [];
		const words: Word[] = [];
		const redirs: Redir[] = [];
		for (;;) {
			let t = this.peek();
			if (t.k === 'op' && REDIR_OPS.has(t.v)) {
				redirs.push(this.parseRedir());
				continue;
			}
			if (t.k !== 'word') break;
			if (words.length > 0 && this.aliasNext && this.aliases) {
				this.aliasNext = false;
				t = this.substituteAliases(t);
				if (t.k !== 'word') continue;
			}
			this.next();
			const a = words.length === 0 ? assignmentOf(t.word!) : null;
			if (a) {
				assigns.push(a);
				continue;
			}
			words.push(t.word!);
			if (words.length === 1 && assigns.length === 0 && redirs.length === 0) {
				const p = this.peek();
				if (p.k === 'op' && p.v === '(') return this.parseFunctionDef(t, line);
			}
		}
		if (assigns.length === 0 && words.length === 0 && redirs.length === 0) {
			this.unexpected(this.peek());
		}
		const node: Simple = { type: 'simple', assigns, words, redirs, line };
		return node;
	}

	/** `name () compound-command`, after `name`; `(` is next. */
	private parseFunctionDef(nameTok: Token, line: number): Node {
		this.next();
		const close = this.next();
		if (close.k !== 'op' || close.v !== ')') this.unexpected(close, true);
		const name = litOf(nameTok);
		if (name === null || RESERVED_FUNC_NAMES.has(name)) this.unexpected(close);
		return { type: 'function', name, body: this.parseFunctionBody(), keyword: false, line };
	}

	/** `function name [()] compound-command`. */
	private parseFunctionKeyword(line: number): Node {
		this.next();
		const nameTok = this.next();
		const name = litOf(nameTok);
		if (name === null) this.unexpected(nameTok);
		const p = this.peek();
		if (p.k === 'op' && p.v === '(') {
			this.next();
			this.expectOp(')');
		}
		return { type: 'function', name, body: this.parseFunctionBody(), keyword: true, line };
	}

	private parseFunctionBody(): Node {
		this.skipNewlines();
		const t = this.peek();
		const lit = litOf(t);
		const compound =
			(t.k === 'op' && t.v === '(') ||
			(lit !== null && ['{', 'if', 'while', 'until', 'for', 'case', '[['].includes(lit));
		if (!compound) this.unexpected(t);
		return this.parseCommand();
	}

	private parseIf(): If {
		this.next();
		const clauses: { cond: Node; body: Node }[] = [];
		let orelse: Node | null = null;
		for (;;) {
			const cond = this.parseCompoundList();
			this.expectWord('then');
			const body = this.parseCompoundList();
			clauses.push({ cond, body });
			const t = this.next();
			const lit = litOf(t);
			if (lit === 'elif') continue;
			if (lit === 'else') {
				orelse = this.parseCompoundList();
				this.expectWord('fi');
				break;
			}
			if (lit === 'fi') break;
			this.unexpected(t);
		}
		return { type: 'if', clauses, orelse, redirs: [] };
	}

	private parseFor(line: number): For | ForArith {
		this.next();
		const p = this.peek();
		if (p.k === 'op' && p.v === '(' && this.src[p.pos + 1] === '(') return this.parseForArith(p);
		const nameTok = this.next();
		const name = litOf(nameTok);
		if (nameTok.k !== 'word') this.unexpected(nameTok);
		if (name === null || !NAME.test(name)) throw new SyntaxErr(nameTok.v, nameTok.pos);
		let words: Word[] | null = null;
		this.skipNewlines();
		let t = this.peek();
		if (litOf(t) === 'in') {
			this.next();
			words = [];
			for (;;) {
				t = this.peek();
				if (t.k !== 'word') break;
				this.next();
				words.push(t.word!);
			}
			if (t.k === 'op' && t.v === ';') this.next();
			else if (t.k !== 'nl') this.unexpected(t);
			this.skipNewlines();
		} else if (t.k === 'op' && t.v === ';') {
			this.next();
			this.skipNewlines();
		}
		const body = this.parseDoGroup();
		return { type: 'for', name, words, body, redirs: [], line };
	}

	private parseDoGroup(): Node {
		const t = this.peek();
		if (litOf(t) === '{') {
			this.next();
			const body = this.parseCompoundList();
			this.expectWord('}');
			return body;
		}
		this.expectWord('do');
		const body = this.parseCompoundList();
		this.expectWord('done');
		return body;
	}

	private parseForArith(open: Token): ForArith {
		const start = open.pos + 2;
		const end = this.arithEnd(start);
		if (end === -1) this.unexpected(open);
		const parts: Word[] = [];
		let from = start;
		for (let i = start; i <= end; i++) {
			if (i === end || this.src[i] === ';') {
				parts.push(this.scanArithText(from, i));
				from = i + 1;
			}
		}
		if (parts.length !== 3) throw new SyntaxErr('((', open.pos);
		this.rewind(end + 2);
		const t = this.peek();
		if (t.k === 'op' && t.v === ';') this.next();
		this.skipNewlines();
		const body = this.parseDoGroup();
		return {
			type: 'for-arith',
			init: parts[0]!,
			cond: parts[1]!,
			step: parts[2]!,
			body,
			redirs: []
		};
	}

	private tryArithCommand(open: Token): ArithCmd | null {
		const start = open.pos + 2;
		let end: number;
		try {
			end = this.arithEnd(start);
		} catch (e) {
			if (e instanceof Incomplete) throw e;
			return null;
		}
		if (end === -1) return null;
		const expr = this.scanArithText(start, end);
		this.rewind(end + 2);
		return { type: 'arith', expr, redirs: [], line: this.lineAt(open.pos) };
	}

	private parseCase(line: number): Case {
		this.next();
		const wt = this.next();
		if (wt.k !== 'word') this.unexpected(wt);
		this.skipNewlines();
		this.expectWord('in');
		const items: CaseItem[] = [];
		for (;;) {
			this.skipNewlines();
			let t = this.peek();
			if (litOf(t) === 'esac') {
				this.next();
				break;
			}
			if (t.k === 'op' && t.v === '(') this.next();
			const patterns: Word[] = [];
			for (;;) {
				t = this.next();
				if (t.k !== 'word') this.unexpected(t);
				patterns.push(t.word!);
				const s = this.next();
				if (s.k === 'op' && s.v === ')') break;
				if (s.k === 'op' && s.v === '|') continue;
				this.unexpected(s);
			}
			const body = this.parseCompoundList(true);
			items.push({ patterns, body: body.type === 'list' && body.items.length === 0 ? null : body });
			t = this.peek();
			if (t.k === 'op' && t.v === ';;') {
				this.next();
				continue;
			}
			if (litOf(t) === 'esac') {
				this.next();
				break;
			}
			this.unexpected(t);
		}
		return { type: 'case', word: wt.word!, items, redirs: [], line };
	}

	// ---- [[ ... ]] -----------------------------------------------------------------------------

	private parseCond(line: number): CondCmd {
		this.next();
		const expr = this.condOr();
		const t = this.next();
		if (litOf(t) !== ']]') this.unexpected(t);
		return { type: 'cond', expr, redirs: [], line };
	}

	private condOr(): CondExpr {
		let a = this.condAnd();
		for (;;) {
			const t = this.peek();
			if (t.k !== 'op' || t.v !== '||') return a;
			this.next();
			this.skipNewlines();
			a = { t: 'or', a, b: this.condAnd() };
		}
	}

	private condAnd(): CondExpr {
		let a = this.condNot();
		for (;;) {
			const t = this.peek();
			if (t.k !== 'op' || t.v !== '&&') return a;
			this.next();
			this.skipNewlines();
			a = { t: 'and', a, b: this.condNot() };
		}
	}

	private condNot(): CondExpr {
		const t = this.peek();
		if (litOf(t) === '!') {
			this.next();
			return { t: 'not', a: this.condNot() };
		}
		return this.condPrimary();
	}

	private condPrimary(): CondExpr {
		const t = this.next();
		if (t.k === 'op' && t.v === '(') {
			const e = this.condOr();
			this.expectOp(')');
			return e;
		}
		if (t.k !== 'word' || litOf(t) === ']]') this.unexpected(t);
		const lit = litOf(t);
		const n = this.peek();
		if (lit !== null && TEST_UNARY.has(lit) && n.k === 'word' && litOf(n) !== ']]') {
			this.next();
			return { t: 'unary', op: lit, a: n.word! };
		}
		const nl = litOf(n);
		if ((nl !== null && COND_BINARY.has(nl)) || (n.k === 'op' && (n.v === '<' || n.v === '>'))) {
			this.next();
			const b = this.next();
			if (b.k !== 'word') this.unexpected(b);
			return { t: 'binary', op: n.k === 'op' ? n.v : nl!, a: t.word!, b: b.word! };
		}
		return { t: 'word', a: t.word! };
	}
}

/** Names a function may not take (they would never be called). */
const RESERVED_FUNC_NAMES = new Set([
	'if',
	'then',
	'else',
	'elif',
	'fi',
	'case',
	'esac',
	'for',
	'while',
	'until',
	'do',
	'done',
	'{',
	'}',
	'!',
	'in'
]);

/** Quote removal of parsed parts (here-document delimiters). */
function unquote(parts: WordPart[]): string {
	let s = '';
	for (const p of parts) {
		if (p.t === 'lit' || p.t === 'sq') s += p.v;
		else if (p.t === 'dq') s += unquote(p.parts);
		else if (p.t === 'tilde') s += '~' + p.user;
		else if (p.t === 'param') s += '$' + p.name;
	}
	return s;
}

/** `name=value` as the first words of a simple command. */
function assignmentOf(w: Word): Assign | null {
	const first = w.parts[0];
	if (!first || first.t !== 'lit') return null;
	const eq = first.v.indexOf('=');
	if (eq <= 0 || !NAME.test(first.v.slice(0, eq))) return null;
	const name = first.v.slice(0, eq);
	const rest = first.v.slice(eq + 1);
	const parts: WordPart[] = rest ? [{ t: 'lit', v: rest }, ...w.parts.slice(1)] : w.parts.slice(1);
	return { name, value: assignValue(parts, w.raw.slice(eq + 1)), raw: w.raw };
}

/** An assignment's value: tilde expansion after `=` and after each `:`. */
function assignValue(parts: WordPart[], raw: string): Word {
	const out: WordPart[] = [];
	parts.forEach((p, i) => {
		if (p.t !== 'lit' || !p.v.includes('~')) {
			out.push(p);
			return;
		}
		const segs = p.v.split(':');
		segs.forEach((seg, j) => {
			if (j > 0) out.push({ t: 'lit', v: ':' });
			const atStart = j > 0 || i === 0;
			const slash = seg.indexOf('/');
			const user = slash === -1 ? seg.slice(1) : seg.slice(1, slash);
			const ends = slash !== -1 || j < segs.length - 1 || i === parts.length - 1;
			if (atStart && seg.startsWith('~') && ends && /^[A-Za-z0-9_.+-]*$/.test(user)) {
				out.push({ t: 'tilde', user });
				if (slash !== -1) out.push({ t: 'lit', v: seg.slice(slash) });
			} else if (seg) out.push({ t: 'lit', v: seg });
		});
	});
	const w = makeWord(out, raw);
	// An assignment value is never split or globbed: plain text when only text.
	if (w.plain === null && out.every((p) => p.t === 'lit' || p.t === 'sq')) {
		w.plain = out.map((p) => (p as { v: string }).v).join('');
	}
	return w;
}

/** Text expanded like a here-document body (prompts): `$` and backquotes work, quotes do not. */
export function parseExpandable(text: string): Word | null {
	const p = new Parser(text, { final: true });
	try {
		return { parts: p.heredocParts(), raw: text, plain: null };
	} catch {
		return null;
	}
}

/** Parses the whole of `src` as one command list (for `eval`, `-c` checks and tests). */
export function parseScript(src: string, opts: Partial<ParseOptions> = {}): ParseResult {
	return new Parser(src, { final: true, ...opts }).parseAll();
}
