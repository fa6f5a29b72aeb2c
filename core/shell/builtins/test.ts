// `test` and `[` (POSIX rules by argument count, then -a/-o/!/( ) for longer expressions) and the
// evaluation of `[[ ... ]]`. String and number tests need no system call, so `[ $i -lt 9 ]` is cheap.
import { TEST_UNARY } from '../test-ops.ts';
import type { CondExpr } from '../ast.ts';
import { ArithError, loadArith } from '../arith-load.ts';
import type { Shell, St } from '../interpreter.ts';
import { matchPattern } from '../pattern.ts';
import {
	R_OK,
	S_IFBLK,
	S_IFCHR,
	S_IFDIR,
	S_IFIFO,
	S_IFLNK,
	S_IFMT,
	S_IFREG,
	S_IFSOCK,
	S_ISGID,
	S_ISUID,
	S_ISVTX,
	W_OK,
	X_OK,
	isErrno,
	type Stat
} from '../../syscalls/index.ts';

type B = boolean | Promise<boolean>;

/** A malformed expression: bash's text after `[: `. */
class TestError {
	readonly message: string;
	constructor(message: string) {
		this.message = message;
	}
}

const BINARY = new Set([
	'=',
	'==',
	'!=',
	'<',
	'>',
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

function not(b: B): B {
	return typeof b === 'boolean' ? !b : b.then((x) => !x);
}

function both(a: B, b: B, and: boolean): B {
	if (typeof a === 'boolean' && typeof b === 'boolean') return and ? a && b : a || b;
	return Promise.all([a, b]).then(([x, y]) => (and ? x && y : x || y));
}

/** bash's legal_number for test: blanks around an optional sign and digits. */
function integer(s: string): number {
	if (!/^\s*[-+]?[0-9]+\s*$/.test(s)) throw new TestError(`${s}: integer expression expected`);
	return Number(s.trim()) | 0;
}

async function statOf(sh: Shell, path: string, follow = true): Promise<Stat | null> {
	if (path === '') return null;
	const st = follow ? await sh.sys.stat(path) : await sh.sys.lstat(path);
	return isErrno(st) ? null : st;
}

async function unaryFile(sh: Shell, op: string, arg: string): Promise<boolean> {
	switch (op) {
		case '-t': {
			const fd = Number(arg);
			return /^[0-9]+$/.test(arg.trim()) && (await sh.sys.isatty(fd));
		}
		case '-r':
		case '-w':
		case '-x': {
			if (arg === '') return false;
			const mode = op === '-r' ? R_OK : op === '-w' ? W_OK : X_OK;
			const ok = !isErrno(await sh.sys.access(arg, mode));
			if (!ok || op !== '-x') return ok;
			// Root may "execute" anything by access(2), but test -x wants an x bit (or a directory).
			const st = await statOf(sh, arg);
			return st !== null && ((st.mode & S_IFMT) === S_IFDIR || (st.mode & 0o111) !== 0);
		}
		case '-h':
		case '-L': {
			const st = await statOf(sh, arg, false);
			return st !== null && (st.mode & S_IFMT) === S_IFLNK;
		}
	}
	const st = await statOf(sh, arg);
	if (!st) return false;
	const type = st.mode & S_IFMT;
	switch (op) {
		case '-a':
		case '-e':
			return true;
		case '-b':
			return type === S_IFBLK;
		case '-c':
			return type === S_IFCHR;
		case '-d':
			return type === S_IFDIR;
		case '-f':
			return type === S_IFREG;
		case '-g':
			return (st.mode & S_ISGID) !== 0;
		case '-k':
			return (st.mode & S_ISVTX) !== 0;
		case '-p':
			return type === S_IFIFO;
		case '-s':
			return st.size > 0;
		case '-S':
			return type === S_IFSOCK;
		case '-u':
			return (st.mode & S_ISUID) !== 0;
		case '-O':
			return st.uid === (await sh.sys.geteuid());
		case '-G':
			return st.gid === (await sh.sys.getegid());
		case '-N':
			return st.mtime > st.atime;
	}
	return false;
}

function unary(sh: Shell, op: string, arg: string): B {
	switch (op) {
		case '-z':
			return arg === '';
		case '-n':
			return arg !== '';
		case '-o':
			return (sh.opts as Record<string, boolean>)[arg] === true;
	}
	return unaryFile(sh, op, arg);
}

async function fileCompare(sh: Shell, op: string, a: string, b: string): Promise<boolean> {
	const sa = await statOf(sh, a);
	const sb = await statOf(sh, b);
	if (op === '-ef') return sa !== null && sb !== null && sa.dev === sb.dev && sa.ino === sb.ino;
	if (op === '-nt') return sa !== null && (sb === null || sa.mtime > sb.mtime);
	return sb !== null && (sa === null || sa.mtime < sb.mtime);
}

function binary(sh: Shell, op: string, a: string, b: string): B {
	switch (op) {
		case '=':
		case '==':
			return a === b;
		case '!=':
			return a !== b;
		case '<':
			return a < b;
		case '>':
			return a > b;
		case '-eq':
			return integer(a) === integer(b);
		case '-ne':
			return integer(a) !== integer(b);
		case '-lt':
			return integer(a) < integer(b);
		case '-le':
			return integer(a) <= integer(b);
		case '-gt':
			return integer(a) > integer(b);
		case '-ge':
			return integer(a) >= integer(b);
	}
	return fileCompare(sh, op, a, b);
}

/** The recursive-descent form for more than four arguments. */
class Expr {
	private i = 0;
	private readonly sh: Shell;
	private readonly a: string[];
	constructor(sh: Shell, args: string[]) {
		this.sh = sh;
		this.a = args;
	}
	parse(): B {
		const r = this.or();
		if (this.i < this.a.length) throw new TestError('too many arguments');
		return r;
	}
	private or(): B {
		let r = this.and();
		while (this.a[this.i] === '-o') {
			this.i++;
			r = both(r, this.and(), false);
		}
		return r;
	}
	private and(): B {
		let r = this.not();
		while (this.a[this.i] === '-a') {
			this.i++;
			r = both(r, this.not(), true);
		}
		return r;
	}
	private not(): B {
		if (this.a[this.i] === '!') {
			this.i++;
			return not(this.not());
		}
		return this.primary();
	}
	private primary(): B {
		const a = this.a;
		const t = a[this.i];
		if (t === undefined) throw new TestError('argument expected');
		if (t === '(') {
			this.i++;
			const r = this.or();
			if (a[this.i] !== ')') throw new TestError("`)' expected");
			this.i++;
			return r;
		}
		if (a[this.i + 1] !== undefined && BINARY.has(a[this.i + 1]!) && a[this.i + 2] !== undefined) {
			this.i += 3;
			return binary(this.sh, a[this.i - 2]!, t, a[this.i - 1]!);
		}
		if (TEST_UNARY.has(t) && a[this.i + 1] !== undefined) {
			this.i += 2;
			return unary(this.sh, t, a[this.i - 1]!);
		}
		this.i++;
		return t !== '';
	}
}

function evaluate(sh: Shell, args: string[]): B {
	switch (args.length) {
		case 0:
			return false;
		case 1:
			return args[0] !== '';
		case 2: {
			const [op, arg] = args as [string, string];
			if (op === '!') return arg === '';
			if (TEST_UNARY.has(op)) return unary(sh, op, arg);
			throw new TestError(`${op}: unary operator expected`);
		}
		case 3: {
			const [a, op, b] = args as [string, string, string];
			if (BINARY.has(op)) return binary(sh, op, a, b);
			if (op === '-a' || op === '-o') return both(a !== '', b !== '', op === '-a');
			if (a === '!') return not(evaluate(sh, [op, b]));
			if (a === '(' && b === ')') return op !== '';
			throw new TestError(`${op}: binary operator expected`);
		}
		case 4:
			if (args[0] === '!') return not(evaluate(sh, args.slice(1)));
			if (args[0] === '(' && args[3] === ')') return evaluate(sh, args.slice(1, 3));
	}
	return new Expr(sh, args).parse();
}

/** `test` and `[`: 0 true, 1 false, 2 for a malformed expression. */
export function test(sh: Shell, argv: string[]): St {
	const name = argv[0]!;
	let args = argv.slice(1);
	if (name === '[') {
		if (args[args.length - 1] !== ']') return sh.error("[: missing `]'").then(() => 2);
		args = args.slice(0, -1);
	}
	let r: B;
	try {
		r = evaluate(sh, args);
	} catch (e) {
		if (e instanceof TestError) return sh.error(`${name}: ${e.message}`).then(() => 2);
		throw e;
	}
	if (typeof r === 'boolean') return r ? 0 : 1;
	return r.then(
		(x) => (x ? 0 : 1),
		(e: unknown) => {
			if (e instanceof TestError) return sh.error(`${name}: ${e.message}`).then(() => 2);
			throw e;
		}
	);
}

/** `[[ ... ]]`: true, false, or null after an error was printed. */
export async function evalCond(sh: Shell, e: CondExpr): Promise<boolean | null> {
	switch (e.t) {
		case 'and': {
			const a = await evalCond(sh, e.a);
			if (a !== true) return a;
			return evalCond(sh, e.b);
		}
		case 'or': {
			const a = await evalCond(sh, e.a);
			if (a === null || a) return a;
			return evalCond(sh, e.b);
		}
		case 'not': {
			const a = await evalCond(sh, e.a);
			return a === null ? null : !a;
		}
		case 'word':
			return (await sh.expander.word(e.a)) !== '';
		case 'unary':
			return unary(sh, e.op, await sh.expander.word(e.a));
		case 'binary': {
			const a = await sh.expander.word(e.a);
			if (e.op === '==' || e.op === '=' || e.op === '!=') {
				const p = await sh.expander.pattern(e.b);
				const m = matchPattern(p, a);
				return e.op === '!=' ? !m : m;
			}
			const b = await sh.expander.word(e.b);
			if (e.op.startsWith('-') && e.op !== '-nt' && e.op !== '-ot' && e.op !== '-ef') {
				await loadArith();
				try {
					const x = sh.arith(a || '0');
					const y = sh.arith(b || '0');
					return binary(sh, e.op, String(x), String(y));
				} catch (err) {
					if (err instanceof ArithError) {
						await sh.error(err.text);
						return null;
					}
					throw err;
				}
			}
			return binary(sh, e.op, a, b);
		}
	}
}
