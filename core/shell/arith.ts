// Shell arithmetic (`$((...))`, `((...))`, `let`): C operators on the 32-bit `long` of bash 2.05
// on i386, variables evaluated as expressions, and bash's error texts. Parsed forms are cached.
// No boot script or login does arithmetic, so this module is a chunk of its own (arith-load.ts).

import { ArithError, type ArithEnv } from './arith-load.ts';

export { ArithError, type ArithEnv };

type Expr =
	| { k: 'num'; v: number }
	| { k: 'var'; name: string; pos: number }
	| { k: 'unary'; op: string; a: Expr }
	| { k: 'incdec'; op: '++' | '--'; prefix: boolean; name: string; pos: number }
	| { k: 'bin'; op: string; a: Expr; b: Expr; pos: number }
	| { k: 'and' | 'or'; a: Expr; b: Expr }
	| { k: 'cond'; c: Expr; a: Expr; b: Expr }
	| { k: 'assign'; op: string; name: string; b: Expr; pos: number }
	| { k: 'comma'; a: Expr; b: Expr };

interface Tok {
	t: 'num' | 'name' | 'op' | 'end';
	v: string;
	pos: number;
}

const OPS = [
	'<<=',
	'>>=',
	'**',
	'<<',
	'>>',
	'<=',
	'>=',
	'==',
	'!=',
	'&&',
	'||',
	'++',
	'--',
	'+=',
	'-=',
	'*=',
	'/=',
	'%=',
	'&=',
	'^=',
	'|=',
	'+',
	'-',
	'*',
	'/',
	'%',
	'<',
	'>',
	'&',
	'^',
	'|',
	'!',
	'~',
	'?',
	':',
	'=',
	'(',
	')',
	','
];

const BINARY_PREC: Record<string, number> = {
	'||': 4,
	'&&': 5,
	'|': 6,
	'^': 7,
	'&': 8,
	'==': 9,
	'!=': 9,
	'<': 10,
	'>': 10,
	'<=': 10,
	'>=': 10,
	'<<': 11,
	'>>': 11,
	'+': 12,
	'-': 12,
	'*': 13,
	'/': 13,
	'%': 13,
	'**': 14
};

const ASSIGN_OPS = new Set(['=', '+=', '-=', '*=', '/=', '%=', '<<=', '>>=', '&=', '^=', '|=']);

class Syntax {
	readonly message: string;
	readonly pos: number;
	constructor(message: string, pos: number) {
		this.message = message;
		this.pos = pos;
	}
}

function tokenize(s: string): Tok[] {
	const out: Tok[] = [];
	let i = 0;
	while (i < s.length) {
		const c = s[i]!;
		if (c === ' ' || c === '\t' || c === '\n') {
			i++;
			continue;
		}
		if (c >= '0' && c <= '9') {
			let j = i + 1;
			while (j < s.length && /[0-9A-Za-z_#@]/.test(s[j]!)) j++;
			out.push({ t: 'num', v: s.slice(i, j), pos: i });
			i = j;
			continue;
		}
		if (/[A-Za-z_]/.test(c)) {
			let j = i + 1;
			while (j < s.length && /[A-Za-z0-9_]/.test(s[j]!)) j++;
			out.push({ t: 'name', v: s.slice(i, j), pos: i });
			i = j;
			continue;
		}
		const op = OPS.find((o) => s.startsWith(o, i));
		if (!op) throw new Syntax('syntax error: invalid arithmetic operator', i);
		out.push({ t: 'op', v: op, pos: i });
		i += op.length;
	}
	out.push({ t: 'end', v: '', pos: s.length });
	return out;
}

/** A number as bash reads it: decimal, 0octal, 0xhex or base#digits. */
function parseNumber(text: string): number | null {
	let base = 10;
	let digits = text;
	const hash = text.indexOf('#');
	if (hash !== -1) {
		base = Number(text.slice(0, hash));
		digits = text.slice(hash + 1);
		if (!/^[0-9]+$/.test(text.slice(0, hash)) || base < 2 || base > 64) return null;
	} else if (/^0[xX]/.test(text)) {
		base = 16;
		digits = text.slice(2);
	} else if (text.length > 1 && text[0] === '0') {
		base = 8;
		digits = text.slice(1);
	}
	if (digits === '') return null;
	let v = 0;
	for (const ch of digits) {
		let d: number;
		if (ch >= '0' && ch <= '9') d = ch.charCodeAt(0) - 48;
		else if (ch >= 'a' && ch <= 'z') d = ch.charCodeAt(0) - 87;
		else if (ch >= 'A' && ch <= 'Z') d = base <= 36 ? ch.charCodeAt(0) - 55 : ch.charCodeAt(0) - 29;
		else if (ch === '@') d = 62;
		else if (ch === '_') d = 63;
		else return null;
		if (d >= base) return null;
		v = (Math.imul(v, base) + d) | 0;
	}
	return v;
}

class ParserA {
	private i = 0;
	private readonly toks: Tok[];
	constructor(toks: Tok[]) {
		this.toks = toks;
	}
	private peek(): Tok {
		return this.toks[this.i]!;
	}
	private take(): Tok {
		return this.toks[this.i++]!;
	}
	parse(): Expr {
		const e = this.comma();
		const t = this.peek();
		if (t.t !== 'end') throw new Syntax('syntax error in expression', t.pos);
		return e;
	}
	private comma(): Expr {
		let a = this.assign();
		while (this.peek().v === ',' && this.peek().t === 'op') {
			this.take();
			a = { k: 'comma', a, b: this.assign() };
		}
		return a;
	}
	private assign(): Expr {
		const t = this.peek();
		const n = this.toks[this.i + 1]!;
		if (t.t === 'name' && n.t === 'op' && ASSIGN_OPS.has(n.v)) {
			this.i += 2;
			return { k: 'assign', op: n.v, name: t.v, b: this.assign(), pos: n.pos };
		}
		return this.ternary();
	}
	private ternary(): Expr {
		const c = this.binary(4);
		const t = this.peek();
		if (t.t === 'op' && t.v === '?') {
			this.take();
			const a = this.assign();
			const colon = this.take();
			if (colon.v !== ':') throw new Syntax("`:' expected for conditional expression", colon.pos);
			const b = this.assign();
			return { k: 'cond', c, a, b };
		}
		return c;
	}
	private binary(min: number): Expr {
		let a = this.unary();
		for (;;) {
			const t = this.peek();
			if (t.t !== 'op') break;
			const prec = BINARY_PREC[t.v];
			if (prec === undefined || prec < min) break;
			this.take();
			// `**` is right-associative; the others are left-associative.
			const b = this.binary(t.v === '**' ? prec : prec + 1);
			if (t.v === '&&') a = { k: 'and', a, b };
			else if (t.v === '||') a = { k: 'or', a, b };
			else a = { k: 'bin', op: t.v, a, b, pos: t.pos };
		}
		return a;
	}
	private unary(): Expr {
		const t = this.peek();
		if (t.t === 'op') {
			if (t.v === '++' || t.v === '--') {
				this.take();
				const n = this.take();
				if (n.t !== 'name') throw new Syntax('syntax error: operand expected', n.pos);
				return { k: 'incdec', op: t.v, prefix: true, name: n.v, pos: n.pos };
			}
			if (t.v === '-' || t.v === '+' || t.v === '!' || t.v === '~') {
				this.take();
				return { k: 'unary', op: t.v, a: this.unary() };
			}
		}
		return this.postfix();
	}
	private postfix(): Expr {
		const t = this.take();
		if (t.t === 'num') {
			const v = parseNumber(t.v);
			if (v === null) throw new Syntax('value too great for base', t.pos);
			return { k: 'num', v };
		}
		if (t.t === 'name') {
			const n = this.peek();
			if (n.t === 'op' && (n.v === '++' || n.v === '--')) {
				this.take();
				return { k: 'incdec', op: n.v, prefix: false, name: t.v, pos: t.pos };
			}
			return { k: 'var', name: t.v, pos: t.pos };
		}
		if (t.t === 'op' && t.v === '(') {
			const e = this.comma();
			const c = this.take();
			if (c.v !== ')') throw new Syntax("missing `)'", c.pos);
			return e;
		}
		throw new Syntax('syntax error: operand expected', t.pos);
	}
}

const cache = new Map<string, Expr | Syntax>();

function compile(expr: string): Expr | Syntax {
	let e = cache.get(expr);
	if (e) return e;
	try {
		e = new ParserA(tokenize(expr)).parse();
	} catch (err) {
		// A JavaScript stack overflow on absurd nesting is bash's recursion error, not a crash.
		if (err instanceof RangeError) e = new Syntax('expression recursion level exceeded', 0);
		else if (!(err instanceof Syntax)) throw err;
		else e = err;
	}
	if (cache.size > 2000) cache.clear();
	cache.set(expr, e);
	return e;
}

const INT = /^\s*-?[0-9]+\s*$/;

/** Evaluates `expr`; throws ArithError for bash's arithmetic errors. */
export function evaluate(expr: string, env: ArithEnv, depth = 0): number {
	if (depth > 32) throw new ArithError(expr, 'expression recursion level exceeded', expr);
	const e = compile(expr);
	if (e instanceof Syntax) {
		const rest = expr.slice(e.pos).trim();
		throw new ArithError(expr, e.message, rest || expr.trim().slice(-1));
	}
	return run(e, env, expr, depth);
}

/** A variable's value as a number: its text is itself an expression (bash). */
function valueOf(name: string, env: ArithEnv, depth: number): number {
	const v = env.get(name);
	if (v === undefined || v === '') return 0;
	if (INT.test(v)) return Number(v) | 0;
	return evaluate(v, env, depth + 1);
}

function run(x: Expr, env: ArithEnv, expr: string, depth: number): number {
	switch (x.k) {
		case 'num':
			return x.v;
		case 'var':
			return valueOf(x.name, env, depth);
		case 'unary': {
			const a = run(x.a, env, expr, depth);
			return x.op === '-' ? -a | 0 : x.op === '+' ? a : x.op === '!' ? (a === 0 ? 1 : 0) : ~a;
		}
		case 'incdec': {
			const old = valueOf(x.name, env, depth);
			const now = (x.op === '++' ? old + 1 : old - 1) | 0;
			env.set(x.name, String(now));
			return x.prefix ? now : old;
		}
		case 'and':
			return run(x.a, env, expr, depth) !== 0 && run(x.b, env, expr, depth) !== 0 ? 1 : 0;
		case 'or':
			return run(x.a, env, expr, depth) !== 0 || run(x.b, env, expr, depth) !== 0 ? 1 : 0;
		case 'cond':
			return run(x.c, env, expr, depth) !== 0
				? run(x.a, env, expr, depth)
				: run(x.b, env, expr, depth);
		case 'comma':
			run(x.a, env, expr, depth);
			return run(x.b, env, expr, depth);
		case 'bin':
			return binop(x.op, run(x.a, env, expr, depth), run(x.b, env, expr, depth), expr, x.pos);
		case 'assign': {
			const b = run(x.b, env, expr, depth);
			const v =
				x.op === '=' ? b : binop(x.op.slice(0, -1), valueOf(x.name, env, depth), b, expr, x.pos);
			env.set(x.name, String(v));
			return v;
		}
	}
}

function binop(op: string, a: number, b: number, expr: string, pos: number): number {
	switch (op) {
		case '+':
			return (a + b) | 0;
		case '-':
			return (a - b) | 0;
		case '*':
			return Math.imul(a, b);
		case '/':
		case '%': {
			if (b === 0) throw new ArithError(expr, 'division by 0', expr.slice(pos + 1).trim());
			return op === '/' ? (a / b) | 0 : (a % b) | 0;
		}
		case '**': {
			if (b < 0) throw new ArithError(expr, 'exponent less than 0', expr.slice(pos + 2).trim());
			let r = 1;
			for (let base = a, e = b; e > 0; e >>>= 1) {
				if (e & 1) r = Math.imul(r, base);
				base = Math.imul(base, base);
			}
			return r;
		}
		case '<<':
			return a << (b & 31);
		case '>>':
			return a >> (b & 31);
		case '<':
			return a < b ? 1 : 0;
		case '>':
			return a > b ? 1 : 0;
		case '<=':
			return a <= b ? 1 : 0;
		case '>=':
			return a >= b ? 1 : 0;
		case '==':
			return a === b ? 1 : 0;
		case '!=':
			return a !== b ? 1 : 0;
		case '&':
			return a & b;
		case '^':
			return a ^ b;
		case '|':
			return a | b;
	}
	return 0;
}
