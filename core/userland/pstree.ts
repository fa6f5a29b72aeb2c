// pstree (psmisc 21): the process tree read from /proc, drawn in psmisc's ASCII layout
// (`-+-`, `|-`, `` `- ``, `---`), identical subtrees merged as `N*[name]` unless -c, -p or -a.
import { isErrno, TIOCGWINSZ, type Sys } from '../syscalls/index.ts';
import { Tool } from './lib/tool.ts';
import { Users } from './lib/users.ts';
import { listPids, readAll, type ProcInfo } from './lib/procps.ts';

interface Node {
	pid: number;
	name: string;
	uid: number;
	args: string[];
	children: Node[];
	parent: Node | null;
}

interface Options {
	pids: boolean;
	compact: boolean;
	byPid: boolean;
	showArgs: boolean;
	showUid: boolean;
	width: number;
	truncate: boolean;
	names: Map<number, string>;
}

const usage =
	'usage: pstree [ -a ] [ -c ] [ -h | -H pid ] [ -l ] [ -n ] [ -p ] [ -u ]\n' +
	'              [ -A | -G | -U ] [ pid | user]\n' +
	'       pstree -V\n\n' +
	'    -a     show command line arguments\n' +
	'    -A     use ASCII line drawing characters\n' +
	"    -c     don't compact identical subtrees\n" +
	'    -h     highlight current process and its ancestors\n' +
	'    -H pid highlight process "pid" and its ancestors\n' +
	'    -G     use VT100 line drawing characters\n' +
	"    -l     don't truncate long lines\n" +
	'    -n     sort output by PID\n' +
	'    -p     show PIDs; implies -c\n' +
	'    -u     show uid transitions\n' +
	'    -U     use UTF-8 (Unicode) line drawing characters\n' +
	'    -V     display version information\n' +
	'    pid    start at pid, default 1 (init)\n' +
	'    user   show only trees rooted at processes of that user\n\n';

/** Builds the tree as psmisc does: a missing parent becomes a hidden `?` node. */
function buildTree(procs: ProcInfo[], byPid: boolean): Map<number, Node> {
	const nodes = new Map<number, Node>();
	const get = (pid: number): Node => {
		let n = nodes.get(pid);
		if (!n) {
			n = { pid, name: '?', uid: 0, args: [], children: [], parent: null };
			nodes.set(pid, n);
		}
		return n;
	};
	for (const p of procs) {
		const n = get(p.pid);
		n.name = p.comm;
		n.uid = p.uid;
		n.args = p.cmdline;
		const parent = get(p.pid === p.ppid ? 0 : p.ppid);
		n.parent = parent;
		// Sorted insert: by name then uid (or by pid with -n); equal keys keep /proc order.
		const at = parent.children.findIndex((c) =>
			byPid ? c.pid > n.pid : c.name > n.name || (c.name === n.name && c.uid > n.uid)
		);
		if (at === -1) parent.children.push(n);
		else parent.children.splice(at, 0, n);
	}
	return nodes;
}

function sameTree(a: Node, b: Node): boolean {
	if (a.name !== b.name || a.children.length !== b.children.length) return false;
	return a.children.every((c, i) => sameTree(c, b.children[i]!));
}

/** psmisc's dump_tree, writing into `lines`; `more` and `width` are per-level state. */
class Printer {
	lines: string[] = [];
	private cur = '';
	private more: boolean[] = [];
	private widths: number[] = [];
	private opts: Options;

	constructor(opts: Options) {
		this.opts = opts;
	}

	private put(s: string): void {
		this.cur += s;
	}

	private newline(): void {
		const w = this.opts.width;
		let line = this.cur;
		if (this.opts.truncate && line.length > w) line = line.slice(0, w) + '+';
		this.lines.push(line);
		this.cur = '';
	}

	dump(
		node: Node,
		level: number,
		rep: number,
		leaf: boolean,
		last: boolean,
		prevUid: number,
		closing: number
	): void {
		const o = this.opts;
		if (!leaf) {
			for (let lvl = 0; lvl < level; lvl++) {
				this.put(' '.repeat(this.widths[lvl]! + 1));
				if (lvl === level - 1) this.put(last ? '`-' : '|-');
				else this.put(this.more[lvl + 1] ? '| ' : '  ');
			}
		}
		const start = this.cur.length;
		if (rep >= 2) this.put(`${rep}*[`);
		this.put(node.name);
		if (o.pids) this.put(`(${node.pid})`);
		if (o.showUid && node.uid !== prevUid) this.put(`(${o.names.get(node.uid) ?? node.uid})`);
		if (o.showArgs) for (const a of node.args.slice(1)) this.put(' ' + a);
		if (node.children.length === 0) {
			this.put(']'.repeat(closing));
			this.newline();
			return;
		}
		this.more[level] = !last;
		// With -a every child starts a line of its own, two columns further in.
		this.widths[level] = o.showArgs ? 1 : this.cur.length - start;
		if (o.truncate && this.cur.length >= o.width) {
			this.put('+');
			this.newline();
			return;
		}
		if (o.showArgs) this.newline();
		const kids = [...node.children];
		let first = true;
		while (kids.length > 0) {
			const walk = kids.shift()!;
			let count = 0;
			if (o.compact) {
				for (let i = 0; i < kids.length;) {
					if (sameTree(walk, kids[i]!)) {
						kids.splice(i, 1);
						count++;
					} else i++;
				}
			}
			if (first) this.put(o.showArgs ? '' : kids.length > 0 ? '-+-' : '---');
			this.dump(
				walk,
				level + 1,
				count + 1,
				first && !o.showArgs,
				kids.length === 0,
				node.uid,
				closing + (count ? 1 : 0)
			);
			first = false;
		}
	}
}

export async function pstree(
	sys: Sys,
	argv: string[],
	env: Record<string, string>
): Promise<number> {
	const t = new Tool(sys, argv, env);
	const o: Options = {
		pids: false,
		compact: true,
		byPid: false,
		showArgs: false,
		showUid: false,
		width: 132,
		truncate: true,
		names: new Map()
	};
	let target: string | null = null;
	const args = argv.slice(1);
	for (let i = 0; i < args.length; i++) {
		const a = args[i]!;
		if (a.startsWith('-') && a.length > 1) {
			for (let j = 1; j < a.length; j++) {
				const c = a[j]!;
				if (c === 'p') {
					o.pids = true;
					o.compact = false;
				} else if (c === 'c') o.compact = false;
				else if (c === 'n') o.byPid = true;
				else if (c === 'a') {
					o.showArgs = true;
					o.compact = false;
				} else if (c === 'u') o.showUid = true;
				else if (c === 'l') o.truncate = false;
				else if ('AGUh'.includes(c)) continue;
				else if (c === 'H') {
					if (j + 1 === a.length) i++;
					break;
				} else if (c === 'V') {
					await t.errRaw('pstree from psmisc version 21.2\n');
					return 0;
				} else {
					await t.errRaw(usage);
					return 1;
				}
			}
		} else if (target === null) target = a;
		else {
			await t.errRaw(usage);
			return 1;
		}
	}
	if (o.showArgs) o.truncate = false;
	const ws = await sys.ioctl(1, TIOCGWINSZ);
	if (!isErrno(ws) && (ws as { cols?: number }).cols) o.width = (ws as { cols: number }).cols - 1;
	else if (Number(env.COLUMNS) > 0) o.width = Number(env.COLUMNS) - 1;

	if ((await listPids(sys)).length === 0) {
		const probe = await sys.open('/proc', 0);
		if (isErrno(probe)) {
			await t.errRaw(`/proc: ${probe.message}\n`);
			return 1;
		}
		await sys.close(probe);
	}
	const procs = await readAll(sys);
	const nodes = buildTree(procs, o.byPid);
	const users = new Users(sys);
	for (const u of await users.users()) if (!o.names.has(u.uid)) o.names.set(u.uid, u.name);

	const p = new Printer(o);
	if (target !== null && !/^[0-9]+$/.test(target)) {
		const u = await users.byName(target);
		if (!u) {
			await t.errRaw(`No such user name: ${target}\n`);
			return 1;
		}
		// dump_by_user: each process of the user whose parent is someone else's.
		const visit = (n: Node): void => {
			if (
				n.uid === u.uid &&
				n.name !== '?' &&
				(!n.parent || n.parent.uid !== u.uid || !procs.some((q) => q.pid === n.parent!.pid))
			) {
				p.dump(n, 0, 1, true, true, u.uid, 0);
				return;
			}
			for (const c of n.children) visit(c);
		};
		for (const root of nodes.values()) if (!root.parent) visit(root);
	} else {
		const root = nodes.get(target === null ? 1 : Number(target));
		if (root && procs.some((q) => q.pid === root.pid)) p.dump(root, 0, 1, true, true, root.uid, 0);
	}
	for (const line of p.lines) await t.out(line + '\n');
	return t.exit(0);
}
