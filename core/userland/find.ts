// /usr/bin/find (findutils 4.1.7): walks trees and evaluates an expression on each file:
// tests (-name -type -links -inum -perm -user -size -mtime -newer ...), actions (-print -exec
// -ok -ls -printf -prune) and operators (! -a -o and parentheses).
import {
	S_IFMT,
	S_IFDIR,
	S_IFLNK,
	S_IFREG,
	S_IFCHR,
	S_IFBLK,
	S_IFIFO,
	S_IFSOCK,
	isErrno,
	WIFEXITED,
	WEXITSTATUS,
	type Stat,
	type Sys
} from '../syscalls/index.ts';
import { Tool, basename, joinPath, findProgram } from './lib/tool.ts';
import { globToRegExp } from './lib/regex.ts';
import { Users } from './lib/users.ts';
import { modeString } from './lib/mode.ts';
import { strftime } from './lib/time.ts';
import { entries } from './lib/walk.ts';

type Node =
	| { op: 'and' | 'or'; a: Node; b: Node }
	| { op: 'not'; a: Node }
	| { op: 'test'; name: string; fn: (f: Visit) => boolean | Promise<boolean>; action: boolean };

interface Visit {
	path: string;
	st: Stat;
	depth: number;
	/** Set by -prune: do not descend into this directory. */
	prune: boolean;
}

class Usage {
	message: string;
	constructor(message: string) {
		this.message = message;
	}
}

const TYPES: Record<string, number> = {
	b: S_IFBLK,
	c: S_IFCHR,
	d: S_IFDIR,
	p: S_IFIFO,
	f: S_IFREG,
	l: S_IFLNK,
	s: S_IFSOCK
};

/** `+N`, `-N` or `N` compared as find does. */
function numTest(arg: string, what: string): (v: number) => boolean {
	const m = /^([-+]?)(\d+)$/.exec(arg);
	if (!m) throw new Usage(`invalid argument \`${arg}' to \`${what}'`);
	const n = Number(m[2]);
	return m[1] === '+' ? (v) => v > n : m[1] === '-' ? (v) => v < n : (v) => v === n;
}

interface Ctx {
	t: Tool;
	users: Users;
	now: number;
	maxDepth: number;
	minDepth: number;
	depthFirst: boolean;
	xdev: boolean;
	follow: boolean;
	/** Whether the expression has an action; if not, -print is implied. */
	hasAction: boolean;
	status: number;
	env: Record<string, string>;
}

class Parser {
	private args: string[];
	private i = 0;
	private c: Ctx;

	constructor(args: string[], c: Ctx) {
		this.args = args;
		this.c = c;
	}

	parse(): Node | null {
		if (this.args.length === 0) return null;
		const n = this.or();
		if (this.i < this.args.length) {
			const a = this.args[this.i]!;
			throw new Usage(
				a === ')' ? "invalid expression; you have too many ')'" : `paths must precede expression`
			);
		}
		return n;
	}

	private or(): Node {
		let a = this.and();
		while (this.args[this.i] === '-o' || this.args[this.i] === '-or') {
			this.i++;
			a = { op: 'or', a, b: this.and() };
		}
		return a;
	}

	private and(): Node {
		let a = this.unary();
		for (;;) {
			const n = this.args[this.i];
			if (n === undefined || n === ')' || n === '-o' || n === '-or') return a;
			if (n === '-a' || n === '-and') this.i++;
			a = { op: 'and', a, b: this.unary() };
		}
	}

	private unary(): Node {
		const a = this.args[this.i];
		if (a === '!' || a === '-not') {
			this.i++;
			return { op: 'not', a: this.unary() };
		}
		if (a === '(') {
			this.i++;
			const n = this.or();
			if (this.args[this.i] !== ')') {
				throw new Usage(
					"invalid expression; I was expecting to find a ')' somewhere but did not see one."
				);
			}
			this.i++;
			return n;
		}
		if (a === undefined) throw new Usage('invalid expression');
		this.i++;
		return this.primary(a);
	}

	private arg(name: string): string {
		const v = this.args[this.i];
		if (v === undefined) throw new Usage(`missing argument to \`${name}'`);
		this.i++;
		return v;
	}

	private test(name: string, fn: (f: Visit) => boolean | Promise<boolean>, action = false): Node {
		if (action) this.c.hasAction = true;
		return { op: 'test', name, fn, action };
	}

	private primary(name: string): Node {
		const c = this.c;
		const sys = c.t.sys;
		switch (name) {
			case '-name':
			case '-iname': {
				const re = globToRegExp(this.arg(name), name === '-iname');
				return this.test(name, (f) => re.test(basename(f.path)));
			}
			case '-path':
			case '-ipath': {
				const re = globToRegExp(this.arg(name), name === '-ipath');
				return this.test(name, (f) => re.test(f.path));
			}
			case '-type': {
				const ty = this.arg(name);
				const want = TYPES[ty];
				if (want === undefined) throw new Usage(`invalid argument \`${ty}' to \`-type'`);
				return this.test(name, (f) => (f.st.mode & S_IFMT) === want);
			}
			case '-links': {
				const cmp = numTest(this.arg(name), name);
				return this.test(name, (f) => cmp(f.st.nlink));
			}
			case '-inum': {
				const cmp = numTest(this.arg(name), name);
				return this.test(name, (f) => cmp(f.st.ino));
			}
			case '-uid':
			case '-gid': {
				const cmp = numTest(this.arg(name), name);
				return this.test(name, (f) => cmp(name === '-uid' ? f.st.uid : f.st.gid));
			}
			case '-user':
			case '-group': {
				const who = this.arg(name);
				let id: number | null = /^\d+$/.test(who) ? Number(who) : null;
				return this.test(name, async (f) => {
					if (id === null) {
						const e = name === '-user' ? await c.users.byName(who) : await c.users.groupByName(who);
						if (!e) throw new Usage(`invalid argument \`${who}' to \`${name}'`);
						id = 'uid' in e ? e.uid : e.gid;
					}
					return (name === '-user' ? f.st.uid : f.st.gid) === id;
				});
			}
			case '-nouser':
				return this.test(name, async (f) => (await c.users.userName(f.st.uid)) === null);
			case '-nogroup':
				return this.test(name, async (f) => (await c.users.groupName(f.st.gid)) === null);
			case '-perm': {
				const a = this.arg(name);
				const m = /^([-+]?)([0-7]+)$/.exec(a);
				if (!m) throw new Usage(`invalid mode \`${a}'`);
				const want = parseInt(m[2]!, 8);
				if (m[1] === '-') return this.test(name, (f) => (f.st.mode & want) === want);
				if (m[1] === '+') return this.test(name, (f) => (f.st.mode & want) !== 0);
				return this.test(name, (f) => (f.st.mode & 0o7777) === want);
			}
			case '-size': {
				const a = this.arg(name);
				const m = /^([-+]?)(\d+)([bckw]?)$/.exec(a);
				if (!m) throw new Usage(`invalid argument \`${a}' to \`-size'`);
				const unit = m[3] === 'c' ? 1 : m[3] === 'k' ? 1024 : m[3] === 'w' ? 2 : 512;
				const cmp = numTest(m[1]! + m[2]!, name);
				return this.test(name, (f) => cmp(Math.ceil(f.st.size / unit)));
			}
			case '-empty':
				return this.test(name, async (f) => {
					if ((f.st.mode & S_IFMT) === S_IFDIR) {
						const names = await entries(c.t, f.path);
						return !isErrno(names) && names.length === 0;
					}
					return (f.st.mode & S_IFMT) === S_IFREG && f.st.size === 0;
				});
			case '-mtime':
			case '-atime':
			case '-ctime':
			case '-mmin':
			case '-amin':
			case '-cmin': {
				const cmp = numTest(this.arg(name), name);
				const unit = name.endsWith('min') ? 60 : 86400;
				const field = name[1] === 'm' ? 'mtime' : name[1] === 'a' ? 'atime' : 'ctime';
				return this.test(name, (f) => cmp(Math.floor((c.now - f.st[field]) / unit)));
			}
			case '-newer': {
				const ref = this.arg(name);
				let time: number | null = null;
				return this.test(name, async (f) => {
					if (time === null) {
						const s = await sys.stat(ref);
						if (isErrno(s)) throw new Usage(`${ref}: ${s.message}`);
						time = s.mtime;
					}
					return f.st.mtime > time;
				});
			}
			case '-true':
				return this.test(name, () => true);
			case '-false':
				return this.test(name, () => false);
			case '-maxdepth':
			case '-mindepth': {
				const a = this.arg(name);
				if (!/^\d+$/.test(a)) throw new Usage(`invalid argument \`${a}' to \`${name}'`);
				if (name === '-maxdepth') c.maxDepth = Number(a);
				else c.minDepth = Number(a);
				return this.test(name, () => true);
			}
			case '-depth':
				c.depthFirst = true;
				return this.test(name, () => true);
			case '-xdev':
			case '-mount':
				c.xdev = true;
				return this.test(name, () => true);
			case '-follow':
				c.follow = true;
				return this.test(name, () => true);
			case '-prune':
				return this.test(name, (f) => {
					f.prune = true;
					return true;
				});
			case '-print':
				return this.test(name, async (f) => (await c.t.out(f.path + '\n'), true), true);
			case '-print0':
				return this.test(name, async (f) => (await c.t.out(f.path + '\0'), true), true);
			case '-ls':
				return this.test(name, async (f) => (await c.t.out(await lsLine(c, f)), true), true);
			case '-printf': {
				const fmt = this.arg(name);
				return this.test(
					name,
					async (f) => (await c.t.out(await printfLine(c, fmt, f)), true),
					true
				);
			}
			case '-exec':
			case '-ok': {
				const cmd: string[] = [];
				for (;;) {
					const a = this.args[this.i++];
					if (a === undefined) throw new Usage(`missing argument to \`${name}'`);
					if (a === ';') break;
					cmd.push(a);
				}
				if (cmd.length === 0) throw new Usage(`missing argument to \`${name}'`);
				return this.test(name, (f) => runCommand(c, cmd, f, name === '-ok'), true);
			}
			default:
				throw new Usage(
					name.startsWith('-') ? `invalid predicate \`${name}'` : `paths must precede expression`
				);
		}
	}
}

/** -exec/-ok: runs the command with {} replaced by the path; true when it exits 0. */
async function runCommand(c: Ctx, cmd: string[], f: Visit, ask: boolean): Promise<boolean> {
	const t = c.t;
	const argv = cmd.map((a) => a.replace(/\{\}/g, f.path));
	if (ask) {
		await t.flush();
		await t.errRaw(`< ${argv.join(' ')} > ? `);
		if (!(await t.yesno())) return false;
	}
	await t.flush();
	const path = await findProgram(t.sys, argv[0]!, c.env.PATH ?? '/bin:/usr/bin');
	const pid = await t.sys.fork(async (child) => {
		const e = await child.execve(path, argv, c.env);
		await child.write(2, `${t.prog}: ${argv[0]}: ${e.message}\n`);
		return 1;
	});
	if (isErrno(pid)) {
		await t.fail('cannot fork', pid);
		return false;
	}
	const w = await t.sys.waitpid(pid, 0);
	return !isErrno(w) && WIFEXITED(w.status) && WEXITSTATUS(w.status) === 0;
}

async function lsLine(c: Ctx, f: Visit): Promise<string> {
	const st = f.st;
	const user = (await c.users.userName(st.uid)) ?? String(st.uid);
	const group = (await c.users.groupName(st.gid)) ?? String(st.gid);
	const recent = st.mtime > c.now - 15778476 && st.mtime <= c.now;
	const when = strftime(recent ? '%b %e %H:%M' : '%b %e  %Y', st.mtime);
	let line = `${String(st.ino).padStart(6)} ${String(Math.ceil(st.blocks / 2)).padStart(4)} ${modeString(st.mode)} ${String(st.nlink).padStart(3)} ${user.padEnd(8)} ${group.padEnd(8)} ${String(st.size).padStart(8)} ${when} ${f.path}`;
	if ((st.mode & S_IFMT) === S_IFLNK) {
		const l = await c.t.sys.readlink(f.path);
		if (!isErrno(l)) line += ` -> ${l}`;
	}
	return line + '\n';
}

/** -printf with the common directives; escapes \n \t \\ and %%. */
async function printfLine(c: Ctx, fmt: string, f: Visit): Promise<string> {
	let out = '';
	for (let i = 0; i < fmt.length; i++) {
		const ch = fmt[i]!;
		if (ch === '\\' && i + 1 < fmt.length) {
			const n = fmt[++i]!;
			out += n === 'n' ? '\n' : n === 't' ? '\t' : n === '0' ? '\0' : n;
			continue;
		}
		if (ch !== '%' || i + 1 >= fmt.length) {
			out += ch;
			continue;
		}
		const d = fmt[++i]!;
		const st = f.st;
		switch (d) {
			case 'p':
				out += f.path;
				break;
			case 'f':
				out += basename(f.path);
				break;
			case 'h': {
				const k = f.path.lastIndexOf('/');
				out += k === -1 ? '.' : k === 0 ? '/' : f.path.slice(0, k);
				break;
			}
			case 's':
				out += st.size;
				break;
			case 'm':
				out += (st.mode & 0o7777).toString(8);
				break;
			case 'i':
				out += st.ino;
				break;
			case 'n':
				out += st.nlink;
				break;
			case 'u':
				out += (await c.users.userName(st.uid)) ?? st.uid;
				break;
			case 'g':
				out += (await c.users.groupName(st.gid)) ?? st.gid;
				break;
			case 'U':
				out += st.uid;
				break;
			case 'G':
				out += st.gid;
				break;
			case 'd':
				out += f.depth;
				break;
			case 'l': {
				const l = (st.mode & S_IFMT) === S_IFLNK ? await c.t.sys.readlink(f.path) : '';
				out += isErrno(l) ? '' : l;
				break;
			}
			case '%':
				out += '%';
				break;
			default:
				out += '%' + d;
		}
	}
	return out;
}

async function evaluate(n: Node, f: Visit): Promise<boolean> {
	switch (n.op) {
		case 'and':
			return (await evaluate(n.a, f)) && evaluate(n.b, f);
		case 'or':
			return (await evaluate(n.a, f)) || evaluate(n.b, f);
		case 'not':
			return !(await evaluate(n.a, f));
		default:
			return n.fn(f);
	}
}

export async function find(sys: Sys, argv: string[], env: Record<string, string>): Promise<number> {
	const t = new Tool(sys, argv, env);
	if (argv[1] === '--help' || argv[1] === '--version') {
		await t.out(
			argv[1] === '--version'
				? 'GNU find version 4.1.7\n'
				: `Usage: ${t.prog} [path...] [expression]\n`
		);
		return t.exit(0);
	}
	const args = argv.slice(1);
	let k = 0;
	while (k < args.length && !/^[-!(]/.test(args[k]!) && args[k] !== ')') k++;
	const paths = args.slice(0, k);
	const c: Ctx = {
		t,
		users: new Users(sys),
		now: await sys.time(),
		maxDepth: Infinity,
		minDepth: 0,
		depthFirst: false,
		xdev: false,
		follow: false,
		hasAction: false,
		status: 0,
		env
	};
	let expr: Node | null;
	try {
		expr = new Parser(args.slice(k), c).parse();
	} catch (e) {
		if (!(e instanceof Usage)) throw e;
		await t.error(e.message);
		return 1;
	}
	const print: Node = {
		op: 'test',
		name: '-print',
		action: true,
		fn: async (f) => (await t.out(f.path + '\n'), true)
	};
	const full: Node = expr === null ? print : c.hasAction ? expr : { op: 'and', a: expr, b: print };
	try {
		for (const p of paths.length > 0 ? paths : ['.']) await visit(c, full, p, 0, null);
	} catch (e) {
		if (!(e instanceof Usage)) throw e;
		await t.error(e.message);
		return t.exit(1);
	}
	return t.exit(c.status);
}

async function visit(
	c: Ctx,
	expr: Node,
	path: string,
	depth: number,
	dev: number | null
): Promise<void> {
	const sys = c.t.sys;
	// findutils 4.1.7 follows symbolic links only with -follow (even those named on the command line).
	const st = c.follow ? await sys.stat(path) : await sys.lstat(path);
	const s = isErrno(st) && c.follow ? await sys.lstat(path) : st;
	if (isErrno(s)) {
		await c.t.fail(path, s);
		c.status = 1;
		return;
	}
	const f: Visit = { path, st: s, depth, prune: false };
	const isDir = (s.mode & S_IFMT) === S_IFDIR;
	if (!c.depthFirst && depth >= c.minDepth) await evaluate(expr, f);
	if (isDir && !f.prune && depth < c.maxDepth && !(c.xdev && dev !== null && s.dev !== dev)) {
		const names = await entries(c.t, path);
		if (isErrno(names)) {
			await c.t.fail(path, names);
			c.status = 1;
		} else for (const n of names) await visit(c, expr, joinPath(path, n), depth + 1, dev ?? s.dev);
	}
	if (c.depthFirst && depth >= c.minDepth) await evaluate(expr, f);
}
