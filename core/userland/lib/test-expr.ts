// test(1) expressions (sh-utils 2.0): POSIX's rules by argument count, then -a/-o/!/( ) for
// longer ones; file tests go through the host's stat calls. The shell's builtin can share it.

/** What the evaluator needs from the system: stat results, access(2), isatty. */
export interface TestHost {
	stat(path: string): Promise<FileInfo | null>;
	lstat(path: string): Promise<FileInfo | null>;
	/** access(2) with R_OK=4, W_OK=2, X_OK=1. */
	access(path: string, mode: number): Promise<boolean>;
	isatty(fd: number): Promise<boolean>;
	euid: number;
	egid: number;
}

export interface FileInfo {
	mode: number;
	size: number;
	uid: number;
	gid: number;
	mtime: number;
	dev: number;
	ino: number;
}

/** A result, or the diagnostic (after `prog: `) for a malformed expression. */
export type TestResult = { value: boolean } | { error: string };

class Syntax {
	message: string;
	constructor(message: string) {
		this.message = message;
	}
}

const BINARY = ['=', '!=', '-eq', '-ne', '-lt', '-le', '-gt', '-ge', '-nt', '-ot', '-ef'];
const UNARY = 'abcdefgkLhprsStuwxOGnz';

function isUnary(s: string): boolean {
	return s.length === 2 && s[0] === '-' && UNARY.includes(s[1]!);
}

function integer(s: string, where: string): bigint {
	const m = /^\s*([-+]?\d+)\s*$/.exec(s);
	if (!m) throw new Syntax(`integer expression expected ${where}\n`);
	return BigInt(m[1]!);
}

class Evaluator {
	private args: string[];
	private pos = 0;
	private host: TestHost;

	constructor(args: string[], host: TestHost) {
		this.args = args;
		this.host = host;
	}

	async run(): Promise<boolean> {
		const n = this.args.length;
		let v: boolean;
		// POSIX decides up to four arguments by their count (the Korn proposal in sh-utils).
		if (n === 0) v = false;
		else if (n === 1) v = this.args[0] !== '';
		else if (n === 2) v = await this.two();
		else if (n === 3) v = await this.three();
		else if (n === 4 && this.args[0] === '!') {
			this.pos = 1;
			v = !(await this.three());
		} else v = await this.or();
		if (n === 1) this.pos = 1;
		if (this.pos !== n) throw new Syntax('too many arguments\n');
		return v;
	}

	private async two(): Promise<boolean> {
		const a = this.args[this.pos]!;
		const b = this.args[this.pos + 1]!;
		this.pos += 2;
		if (a === '!') return b === '';
		if (a[0] === '-' && a.length === 2) {
			if (!isUnary(a)) throw new Syntax(`${a}: unary operator expected\n`);
			return this.unary(a, b);
		}
		throw new Syntax('argument expected\n');
	}

	private async three(): Promise<boolean> {
		const [a, op, b] = [this.args[this.pos]!, this.args[this.pos + 1]!, this.args[this.pos + 2]!];
		if (a === '!') {
			this.pos++;
			return !(await this.two());
		}
		if (BINARY.includes(op)) {
			this.pos += 3;
			return this.binary(a, op, b);
		}
		if (op === '-a' || op === '-o' || a === '(') return this.or();
		throw new Syntax(`${op}: binary operator expected\n`);
	}

	private async or(): Promise<boolean> {
		let v = await this.and();
		while (this.args[this.pos] === '-o') {
			this.pos++;
			const r = await this.and();
			v = v || r;
		}
		return v;
	}

	private async and(): Promise<boolean> {
		let v = await this.term();
		while (this.args[this.pos] === '-a') {
			this.pos++;
			const r = await this.term();
			v = v && r;
		}
		return v;
	}

	private async term(): Promise<boolean> {
		const a = this.args[this.pos];
		if (a === undefined) throw new Syntax('argument expected\n');
		if (a === '!') {
			this.pos++;
			return !(await this.term());
		}
		if (a === '(') {
			this.pos++;
			const v = await this.or();
			if (this.args[this.pos] !== ')') {
				const found = this.args[this.pos];
				throw new Syntax(found === undefined ? "')' expected\n" : `')' expected, found ${found}\n`);
			}
			this.pos++;
			return v;
		}
		const op = this.args[this.pos + 1];
		if (op !== undefined && BINARY.includes(op) && this.args[this.pos + 2] !== undefined) {
			this.pos += 3;
			return this.binary(a, op, this.args[this.pos - 1]!);
		}
		if (isUnary(a)) {
			const arg = this.args[this.pos + 1];
			if (arg === undefined) throw new Syntax('argument expected\n');
			this.pos += 2;
			return this.unary(a, arg);
		}
		this.pos++;
		return a !== '';
	}

	private async binary(a: string, op: string, b: string): Promise<boolean> {
		switch (op) {
			case '=':
				return a === b;
			case '!=':
				return a !== b;
			case '-nt':
			case '-ot': {
				const x = await this.host.stat(a);
				const y = await this.host.stat(b);
				if (op === '-nt') return x !== null && (y === null || x.mtime > y.mtime);
				return y !== null && (x === null || x.mtime < y.mtime);
			}
			case '-ef': {
				const x = await this.host.stat(a);
				const y = await this.host.stat(b);
				return x !== null && y !== null && x.dev === y.dev && x.ino === y.ino;
			}
		}
		const l = integer(a, `before ${op}`);
		const r = integer(b, `after ${op}`);
		switch (op) {
			case '-eq':
				return l === r;
			case '-ne':
				return l !== r;
			case '-lt':
				return l < r;
			case '-le':
				return l <= r;
			case '-gt':
				return l > r;
			default:
				return l >= r;
		}
	}

	private async unary(op: string, arg: string): Promise<boolean> {
		const h = this.host;
		const type = async (t: number) => {
			const s = await h.stat(arg);
			return s !== null && (s.mode & 0o170000) === t;
		};
		switch (op[1]) {
			case 'z':
				return arg === '';
			case 'n':
				return arg !== '';
			case 't':
				return h.isatty(Number(integer(arg, 'after -t')));
			case 'e':
			case 'a':
				return (await h.stat(arg)) !== null;
			case 'f':
				return type(0o100000);
			case 'd':
				return type(0o040000);
			case 'c':
				return type(0o020000);
			case 'b':
				return type(0o060000);
			case 'p':
				return type(0o010000);
			case 'S':
				return type(0o140000);
			case 'h':
			case 'L': {
				const s = await h.lstat(arg);
				return s !== null && (s.mode & 0o170000) === 0o120000;
			}
			case 's': {
				const s = await h.stat(arg);
				return s !== null && s.size > 0;
			}
			case 'u':
			case 'g':
			case 'k': {
				const s = await h.stat(arg);
				const bit = op[1] === 'u' ? 0o4000 : op[1] === 'g' ? 0o2000 : 0o1000;
				return s !== null && (s.mode & bit) !== 0;
			}
			case 'r':
				return h.access(arg, 4);
			case 'w':
				return h.access(arg, 2);
			case 'x':
				return h.access(arg, 1);
			case 'O': {
				const s = await h.stat(arg);
				return s !== null && s.uid === h.euid;
			}
			default: {
				const s = await h.stat(arg);
				return s !== null && s.gid === h.egid;
			}
		}
	}
}

/** Evaluates test's arguments (without argv[0] and without the closing `]`). */
export async function evaluateTest(args: string[], host: TestHost): Promise<TestResult> {
	try {
		return { value: await new Evaluator(args, host).run() };
	} catch (e) {
		if (e instanceof Syntax) return { error: e.message };
		throw e;
	}
}
