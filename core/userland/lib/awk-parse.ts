// awk's grammar (the part of gawk 3.1 the course needs): tokens, then a recursive-descent parser
// producing the program's AST. No user-defined functions or getline.

export type Expr =
	| { k: 'num'; v: number }
	| { k: 'str'; v: string }
	| { k: 're'; src: string }
	| { k: 'var'; name: string }
	| { k: 'field'; e: Expr }
	| { k: 'index'; name: string; subs: Expr[] }
	| { k: 'assign'; op: string; target: Expr; e: Expr }
	| { k: 'cond'; c: Expr; a: Expr; b: Expr }
	| { k: 'bin'; op: string; a: Expr; b: Expr }
	| { k: 'un'; op: string; e: Expr }
	| { k: 'incdec'; op: '++' | '--'; prefix: boolean; target: Expr }
	| { k: 'in'; subs: Expr[]; name: string }
	| { k: 'match'; neg: boolean; a: Expr; re: Expr }
	| { k: 'call'; name: string; args: Expr[] }
	| { k: 'group'; e: Expr };

export type Stmt =
	| { k: 'print'; args: Expr[]; printf: boolean; to: { mode: '>' | '>>' | '|'; e: Expr } | null }
	| { k: 'expr'; e: Expr }
	| { k: 'if'; c: Expr; a: Stmt; b: Stmt | null }
	| { k: 'while'; c: Expr; body: Stmt }
	| { k: 'do'; c: Expr; body: Stmt }
	| { k: 'for'; init: Stmt | null; c: Expr | null; step: Stmt | null; body: Stmt }
	| { k: 'forin'; v: string; arr: string; body: Stmt }
	| { k: 'block'; body: Stmt[] }
	| { k: 'next' }
	| { k: 'exit'; e: Expr | null }
	| { k: 'break' }
	| { k: 'continue' }
	| { k: 'delete'; name: string; subs: Expr[] | null };

export interface Item {
	pattern: 'BEGIN' | 'END' | Expr | [Expr, Expr] | null;
	action: Stmt[] | null;
}

export class AwkSyntaxError {
	message: string;
	pos: number;
	constructor(message: string, pos: number) {
		this.message = message;
		this.pos = pos;
	}
}

interface Tok {
	t: 'num' | 'str' | 're' | 'name' | 'func' | 'op' | 'nl' | 'eof' | 'builtin' | 'kw';
	v: string;
	pos: number;
	/** A space came right before (for `f (x)` versus `f(x)`). */
	spaced: boolean;
}

const KEYWORDS = new Set([
	'BEGIN',
	'END',
	'if',
	'else',
	'while',
	'for',
	'do',
	'in',
	'next',
	'exit',
	'print',
	'printf',
	'break',
	'continue',
	'delete',
	'getline',
	'function'
]);
const BUILTINS = new Set([
	'length',
	'substr',
	'index',
	'split',
	'sub',
	'gsub',
	'match',
	'sprintf',
	'toupper',
	'tolower',
	'int',
	'sqrt',
	'exp',
	'log',
	'sin',
	'cos',
	'atan2',
	'rand',
	'srand',
	'system'
]);
const OPS = [
	'+=',
	'-=',
	'*=',
	'/=',
	'%=',
	'^=',
	'==',
	'<=',
	'>=',
	'!=',
	'++',
	'--',
	'&&',
	'||',
	'>>',
	'!~',
	'**',
	'{',
	'}',
	'(',
	')',
	'[',
	']',
	';',
	',',
	'+',
	'-',
	'*',
	'/',
	'%',
	'^',
	'!',
	'>',
	'<',
	'|',
	'?',
	':',
	'~',
	'$',
	'='
];

function tokenize(src: string): Tok[] {
	const out: Tok[] = [];
	let i = 0;
	// A `/` starts a regular expression where an operand is expected.
	const regexAllowed = () => {
		const last = out[out.length - 1];
		if (!last) return true;
		if (
			last.t === 'num' ||
			last.t === 'str' ||
			last.t === 'name' ||
			last.t === 'builtin' ||
			last.t === 're'
		) {
			return false;
		}
		if (
			last.t === 'op' &&
			(last.v === ')' || last.v === ']' || last.v === '$' || last.v === '++' || last.v === '--')
		) {
			return false;
		}
		return true;
	};
	while (i < src.length) {
		const start = i;
		let spaced = false;
		while (i < src.length && /[ \t\r]/.test(src[i]!)) i++;
		if (i > start) spaced = true;
		if (i >= src.length) break;
		const c = src[i]!;
		if (c === '\\' && src[i + 1] === '\n') {
			i += 2;
			continue;
		}
		if (c === '#') {
			while (i < src.length && src[i] !== '\n') i++;
			continue;
		}
		const pos = i;
		if (c === '\n') {
			out.push({ t: 'nl', v: '\n', pos, spaced });
			i++;
			continue;
		}
		if (/[0-9.]/.test(c) && /[0-9]/.test(c === '.' ? (src[i + 1] ?? '') : c)) {
			const m = /^(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(src.slice(i))!;
			out.push({ t: 'num', v: m[0], pos, spaced });
			i += m[0].length;
			continue;
		}
		if (/[A-Za-z_]/.test(c)) {
			const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))!;
			const w = m[0];
			out.push({
				t: KEYWORDS.has(w) ? 'kw' : BUILTINS.has(w) ? 'builtin' : 'name',
				v: w,
				pos,
				spaced
			});
			i += w.length;
			continue;
		}
		if (c === '"') {
			let s = '';
			i++;
			for (;;) {
				if (i >= src.length || src[i] === '\n') {
					throw new AwkSyntaxError('unterminated string', pos);
				}
				const ch = src[i++]!;
				if (ch === '"') break;
				if (ch === '\\') {
					const n = src[i++] ?? '';
					const esc: Record<string, string> = {
						n: '\n',
						t: '\t',
						r: '\r',
						'\\': '\\',
						'"': '"',
						'/': '/',
						a: '\x07',
						b: '\b',
						f: '\f',
						v: '\v'
					};
					if (n in esc) s += esc[n];
					else if (/[0-7]/.test(n)) {
						let v = Number(n);
						for (let k = 0; k < 2 && /[0-7]/.test(src[i] ?? ''); k++) v = v * 8 + Number(src[i++]);
						s += String.fromCharCode(v);
					} else s += '\\' + n;
				} else s += ch;
			}
			out.push({ t: 'str', v: s, pos, spaced });
			continue;
		}
		if (c === '/' && regexAllowed()) {
			let s = '';
			i++;
			for (;;) {
				if (i >= src.length || src[i] === '\n') {
					throw new AwkSyntaxError('unterminated regexp', pos);
				}
				const ch = src[i++]!;
				if (ch === '/') break;
				if (ch === '\\' && src[i] === '/') {
					s += '/';
					i++;
				} else if (ch === '\\') s += ch + (src[i++] ?? '');
				else s += ch;
			}
			out.push({ t: 're', v: s, pos, spaced });
			continue;
		}
		const op = OPS.find((o) => src.startsWith(o, i));
		if (!op) throw new AwkSyntaxError('invalid char', pos);
		out.push({ t: 'op', v: op === '**' ? '^' : op, pos, spaced });
		i += op.length;
	}
	out.push({ t: 'eof', v: '', pos: src.length, spaced: false });
	return out;
}

export class AwkParser {
	private toks: Tok[];
	private i = 0;
	/** Inside `print ... >`: a bare `>` is redirection, not comparison. */
	private noGt = false;
	private noIn = false;

	constructor(src: string) {
		this.toks = tokenize(src);
	}

	private peek(o = 0): Tok {
		return this.toks[Math.min(this.i + o, this.toks.length - 1)]!;
	}
	private next(): Tok {
		return this.toks[this.i++]!;
	}
	private is(v: string, t?: Tok['t']): boolean {
		const k = this.peek();
		return k.v === v && (t === undefined ? k.t === 'op' || k.t === 'kw' : k.t === t);
	}
	private accept(v: string): boolean {
		if (this.is(v)) {
			this.i++;
			return true;
		}
		return false;
	}
	private expect(v: string): void {
		if (!this.accept(v)) this.fail();
	}
	private fail(): never {
		const k = this.peek();
		throw new AwkSyntaxError(
			k.t === 'eof' || k.t === 'nl' ? 'unexpected newline or end of string' : 'syntax error',
			k.pos
		);
	}
	private nls(): void {
		while (this.peek().t === 'nl') this.i++;
	}
	private terminators(): void {
		while (this.peek().t === 'nl' || this.is(';')) this.i++;
	}

	program(): Item[] {
		const items: Item[] = [];
		this.terminators();
		while (this.peek().t !== 'eof') {
			items.push(this.item());
			this.terminators();
		}
		return items;
	}

	private item(): Item {
		if (this.accept('BEGIN')) return { pattern: 'BEGIN', action: this.block() };
		if (this.accept('END')) return { pattern: 'END', action: this.block() };
		if (this.is('{')) return { pattern: null, action: this.block() };
		const a = this.expr();
		let pattern: Item['pattern'] = a;
		if (this.accept(',')) {
			this.nls();
			pattern = [a, this.expr()];
		}
		return { pattern, action: this.is('{') ? this.block() : null };
	}

	private block(): Stmt[] {
		this.nls();
		this.expect('{');
		const body: Stmt[] = [];
		this.terminators();
		while (!this.is('}')) {
			if (this.peek().t === 'eof') this.fail();
			body.push(this.stmt());
			this.terminators();
		}
		this.expect('}');
		return body;
	}

	private simpleOrBlock(): Stmt {
		this.nls();
		if (this.is('{')) return { k: 'block', body: this.block() };
		const s = this.stmt();
		return s;
	}

	private stmt(): Stmt {
		const t = this.peek();
		if (this.is('{')) return { k: 'block', body: this.block() };
		if (t.t === 'kw') {
			switch (t.v) {
				case 'if': {
					this.next();
					this.expect('(');
					const c = this.expr();
					this.expect(')');
					const a = this.simpleOrBlock();
					const save = this.i;
					this.terminators();
					if (this.accept('else')) return { k: 'if', c, a, b: this.simpleOrBlock() };
					this.i = save;
					return { k: 'if', c, a, b: null };
				}
				case 'while': {
					this.next();
					this.expect('(');
					const c = this.expr();
					this.expect(')');
					if (this.is(';')) return { k: 'while', c, body: { k: 'block', body: [] } };
					return { k: 'while', c, body: this.simpleOrBlock() };
				}
				case 'do': {
					this.next();
					const body = this.simpleOrBlock();
					this.terminators();
					this.expect('while');
					this.expect('(');
					const c = this.expr();
					this.expect(')');
					return { k: 'do', c, body };
				}
				case 'for': {
					this.next();
					this.expect('(');
					if (
						this.peek().t === 'name' &&
						this.peek(1).v === 'in' &&
						this.peek(2).t === 'name' &&
						this.peek(3).v === ')'
					) {
						const v = this.next().v;
						this.next();
						const arr = this.next().v;
						this.next();
						return { k: 'forin', v, arr, body: this.simpleOrBlock() };
					}
					const init = this.is(';') ? null : this.simple();
					this.expect(';');
					this.nls();
					const c = this.is(';') ? null : this.expr();
					this.expect(';');
					this.nls();
					const step = this.is(')') ? null : this.simple();
					this.expect(')');
					return { k: 'for', init, c, step, body: this.simpleOrBlock() };
				}
				case 'next':
					this.next();
					return { k: 'next' };
				case 'break':
					this.next();
					return { k: 'break' };
				case 'continue':
					this.next();
					return { k: 'continue' };
				case 'exit': {
					this.next();
					const end =
						this.peek().t === 'nl' || this.is(';') || this.is('}') || this.peek().t === 'eof';
					return { k: 'exit', e: end ? null : this.expr() };
				}
				case 'delete': {
					this.next();
					const name = this.next();
					if (name.t !== 'name') this.fail();
					if (this.accept('[')) {
						const subs = this.exprList();
						this.expect(']');
						return { k: 'delete', name: name.v, subs };
					}
					return { k: 'delete', name: name.v, subs: null };
				}
				case 'print':
				case 'printf':
					return this.print();
			}
		}
		if (this.is(';')) return { k: 'block', body: [] };
		return this.simple();
	}

	private simple(): Stmt {
		if (this.is('print') || this.is('printf')) return this.print();
		return { k: 'expr', e: this.expr() };
	}

	private print(): Stmt {
		const printf = this.next().v === 'printf';
		let args: Expr[] = [];
		const end = () =>
			this.peek().t === 'nl' ||
			this.is(';') ||
			this.is('}') ||
			this.is('>') ||
			this.is('>>') ||
			this.is('|') ||
			this.peek().t === 'eof';
		this.noGt = true;
		if (!end()) {
			if (this.is('(')) {
				// print (a, b) > "f": the parenthesised list, unless it is just the start of an expression.
				const save = this.i;
				this.next();
				const list = this.exprList();
				if (this.accept(')') && end()) args = list;
				else {
					this.i = save;
					args = this.exprList();
				}
			} else args = this.exprList();
		}
		this.noGt = false;
		let to: { mode: '>' | '>>' | '|'; e: Expr } | null = null;
		if (this.is('>') || this.is('>>') || this.is('|')) {
			const mode = this.next().v as '>' | '>>' | '|';
			to = { mode, e: this.concat() };
		}
		return { k: 'print', args, printf, to };
	}

	private exprList(): Expr[] {
		const list = [this.expr()];
		while (this.accept(',')) {
			this.nls();
			list.push(this.expr());
		}
		return list;
	}

	expr(): Expr {
		return this.ternary();
	}

	private ternary(): Expr {
		const c = this.or();
		if (this.accept('?')) {
			this.nls();
			const a = this.ternary();
			this.nls();
			this.expect(':');
			this.nls();
			return { k: 'cond', c, a, b: this.ternary() };
		}
		if (['=', '+=', '-=', '*=', '/=', '%=', '^='].some((o) => this.is(o)) && isLvalue(c)) {
			const op = this.next().v;
			this.nls();
			return { k: 'assign', op, target: c, e: this.ternary() };
		}
		return c;
	}

	private or(): Expr {
		let a = this.and();
		while (this.accept('||')) {
			this.nls();
			a = { k: 'bin', op: '||', a, b: this.and() };
		}
		return a;
	}

	private and(): Expr {
		let a = this.inExpr();
		while (this.accept('&&')) {
			this.nls();
			a = { k: 'bin', op: '&&', a, b: this.inExpr() };
		}
		return a;
	}

	private inExpr(): Expr {
		let a = this.matchExpr();
		while (!this.noIn && this.is('in') && this.peek(1).t === 'name') {
			this.next();
			a = { k: 'in', subs: [a], name: this.next().v };
		}
		return a;
	}

	private matchExpr(): Expr {
		let a = this.comparison();
		while (this.is('~') || this.is('!~')) {
			const neg = this.next().v === '!~';
			a = { k: 'match', neg, a, re: this.comparison() };
		}
		return a;
	}

	private comparison(): Expr {
		const a = this.concat();
		for (const op of ['<', '<=', '>', '>=', '==', '!=']) {
			if (this.is(op) && !(this.noGt && op === '>')) {
				this.next();
				return { k: 'bin', op, a, b: this.concat() };
			}
		}
		return a;
	}

	private concat(): Expr {
		let a = this.additive();
		for (;;) {
			const t = this.peek();
			const starts =
				t.t === 'num' ||
				t.t === 'str' ||
				t.t === 're' ||
				t.t === 'name' ||
				t.t === 'builtin' ||
				(t.t === 'op' && ['$', '!', '(', '-', '+', '++', '--'].includes(t.v));
			if (!starts || (t.t === 'op' && (t.v === '-' || t.v === '+'))) return a;
			if (t.t === 'kw' && t.v === 'in') return a;
			a = { k: 'bin', op: 'concat', a, b: this.additive() };
		}
	}

	private additive(): Expr {
		let a = this.multiplicative();
		while (this.is('+') || this.is('-')) {
			const op = this.next().v;
			a = { k: 'bin', op, a, b: this.multiplicative() };
		}
		return a;
	}

	private multiplicative(): Expr {
		let a = this.unary();
		while (this.is('*') || this.is('/') || this.is('%')) {
			const op = this.next().v;
			a = { k: 'bin', op, a, b: this.unary() };
		}
		return a;
	}

	private unary(): Expr {
		if (this.is('!')) {
			this.next();
			return { k: 'un', op: '!', e: this.unary() };
		}
		if (this.is('-') || this.is('+')) {
			const op = this.next().v;
			return { k: 'un', op, e: this.unary() };
		}
		return this.power();
	}

	private power(): Expr {
		const a = this.postfix();
		if (this.accept('^')) return { k: 'bin', op: '^', a, b: this.unary() };
		return a;
	}

	private postfix(): Expr {
		if (this.is('++') || this.is('--')) {
			const op = this.next().v as '++' | '--';
			return { k: 'incdec', op, prefix: true, target: this.postfix() };
		}
		const a = this.primary();
		if ((this.is('++') || this.is('--')) && isLvalue(a)) {
			const op = this.next().v as '++' | '--';
			return { k: 'incdec', op, prefix: false, target: a };
		}
		return a;
	}

	private primary(): Expr {
		const t = this.next();
		switch (t.t) {
			case 'num':
				return { k: 'num', v: Number(t.v) };
			case 'str':
				return { k: 'str', v: t.v };
			case 're':
				return { k: 're', src: t.v };
			case 'name':
				if (this.accept('[')) {
					const subs = this.exprList();
					this.expect(']');
					return { k: 'index', name: t.v, subs };
				}
				return { k: 'var', name: t.v };
			case 'builtin': {
				if (!this.is('(')) {
					if (t.v === 'length') return { k: 'call', name: 'length', args: [] };
					this.fail();
				}
				this.next();
				const saveGt = this.noGt;
				this.noGt = false;
				const args = this.is(')') ? [] : this.exprList();
				this.noGt = saveGt;
				this.expect(')');
				return { k: 'call', name: t.v, args };
			}
			case 'op':
				if (t.v === '$') return { k: 'field', e: this.postfixOperand() };
				if (t.v === '(') {
					const saveGt = this.noGt;
					const saveIn = this.noIn;
					this.noGt = this.noIn = false;
					const list = this.exprList();
					this.noGt = saveGt;
					this.noIn = saveIn;
					this.expect(')');
					if (list.length > 1) {
						if (this.is('in')) {
							this.next();
							return { k: 'in', subs: list, name: this.next().v };
						}
						this.i--;
						this.fail();
					}
					return { k: 'group', e: list[0]! };
				}
		}
		this.i--;
		this.fail();
	}

	/** The operand of `$`: a primary with ++/-- but no binary operators ($NF-1 is ($NF)-1). */
	private postfixOperand(): Expr {
		if (this.is('++') || this.is('--')) {
			const op = this.next().v as '++' | '--';
			return { k: 'incdec', op, prefix: true, target: this.primary() };
		}
		if (this.is('-')) {
			this.next();
			return { k: 'un', op: '-', e: this.primary() };
		}
		return this.primary();
	}
}

function isLvalue(e: Expr): boolean {
	return e.k === 'var' || e.k === 'field' || e.k === 'index';
}
