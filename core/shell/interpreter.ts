// The shell's interpreter: variables and options, executing the syntax tree (builtins in-process,
// programs and pipeline stages in forked children), redirections, command substitution, functions,
// traps, foreground and background jobs. Builtins live in ./builtins; this file runs them.
import { RESERVED } from './ast.ts';
import type {
	Case,
	Compound,
	CondExpr,
	For,
	ForArith,
	FuncDef,
	If,
	Node,
	Pipeline,
	Redir,
	Simple,
	While,
	Word
} from './ast.ts';
import { ArithError, evaluate, loadArith } from './arith-load.ts';
import { ExpandError, Expander, type ExpandHost } from './expand.ts';
import { exitCodeOf, JobTable, signalText, type Job } from './jobs.ts';
import { Parser, parseExpandable } from './parser.ts';
import { scriptParse } from './parse-cache.ts';
import { decodePrompt, needsTime } from './prompt.ts';
import { compilePattern } from './pattern.ts';
import { commandText } from './printer.ts';
import { globPaths } from './glob.ts';
import { applyRedirections, restoreRedirections, type SavedFd } from './redirect.ts';
import { evalCond } from './builtins/test.ts';
import {
	F_DUPFD,
	F_SETFD,
	FD_CLOEXEC,
	O_RDONLY,
	SIGCHLD,
	SIGCONT,
	SIGHUP,
	SIGINT,
	SIGPIPE,
	SIG_BLOCK,
	SIG_UNBLOCK,
	SIGQUIT,
	SIGTERM,
	SIGTSTP,
	SIGTTIN,
	SIGTTOU,
	S_IFDIR,
	S_IFMT,
	S_IFREG,
	TCGETS,
	TCSETS,
	TIOCSPGRP,
	WIFSIGNALED,
	WNOHANG,
	WTERMSIG,
	WUNTRACED,
	isErrno,
	type Errno,
	type SignalHandler,
	type Sys,
	type Termios
} from '../syscalls/index.ts';

/** A command's status, now or once it has run. */
export type St = number | Promise<number>;

export type Builtin = (sh: Shell, argv: string[]) => St;

/** A variable. Never changed in place: a forked child shares the objects of its parent's map. */
export interface Var {
	readonly value: string | undefined;
	readonly exported: boolean;
	readonly readonly: boolean;
	readonly integer: boolean;
}

/** Control flow leaving the current command: break, continue, return, exit, or an abort. */
export const CTL_BREAK = 1,
	CTL_CONTINUE = 2,
	CTL_RETURN = 3,
	CTL_EXIT = 4,
	CTL_ABORT = 5;

/** Commands run between two sched_yield calls, so a shell loop never holds the CPU. */
export const YIELD_STEPS = 1000;
/**
 * Function, `eval` and `.` nesting that ends in an error instead of a JavaScript stack overflow.
 * CHOICE: bash 2.05 had no limit and died of SIGSEGV when its C stack ran out (so does bash 5 for
 * `.`); the model stops at 1000 levels with the messages bash 5 prints when FUNCNEST, EVALNEST_MAX
 * or SOURCENEST_MAX is set, and the shell lives on.
 */
export const MAX_FUNC_DEPTH = 1000;
export const MAX_EVAL_DEPTH = 1000;
export const MAX_SOURCE_DEPTH = 1000;

export const OPTION_NAMES = [
	'allexport',
	'braceexpand',
	'emacs',
	'errexit',
	'hashall',
	'histexpand',
	'history',
	'ignoreeof',
	'interactive-comments',
	'keyword',
	'monitor',
	'noclobber',
	'noexec',
	'noglob',
	'nolog',
	'notify',
	'nounset',
	'onecmd',
	'physical',
	'posix',
	'privileged',
	'verbose',
	'vi',
	'xtrace'
] as const;
export type OptionName = (typeof OPTION_NAMES)[number];

/** Single-letter flags of `set` and `$-`. */
export const FLAG_LETTERS: Record<string, OptionName> = {
	a: 'allexport',
	B: 'braceexpand',
	e: 'errexit',
	h: 'hashall',
	H: 'histexpand',
	m: 'monitor',
	C: 'noclobber',
	n: 'noexec',
	f: 'noglob',
	b: 'notify',
	u: 'nounset',
	t: 'onecmd',
	P: 'physical',
	p: 'privileged',
	v: 'verbose',
	x: 'xtrace',
	k: 'keyword'
};

/** The signals an interactive shell takes over; its children get them back. */
const SHELL_SIGNALS = [SIGINT, SIGQUIT, SIGTERM, SIGTSTP, SIGTTIN, SIGTTOU];

const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const EMPTY: string[] = [];

/** The builtins table is filled by ./builtins (it imports this file). */
export const builtins = new Map<string, Builtin>();
/** POSIX special builtins: assignments before them stay, errors in them are fatal-ish. */
export const SPECIAL_BUILTINS = new Set([
	'.',
	':',
	'break',
	'continue',
	'eval',
	'exec',
	'exit',
	'export',
	'readonly',
	'return',
	'set',
	'shift',
	'source',
	'trap',
	'unset',
	'logout'
]);

/** Calls whose EINTR means something to the shell (a signal to act on); the others are retried. */
const INTERRUPTIBLE = new Set(['read', 'waitpid', 'pause', 'sleep', 'poll', 'yield', 'exit']);

/**
 * The process's syscalls, retried when a signal handler ran at their entry (the model then
 * returns EINTR without doing the call): a trap firing must not lose the next `echo`.
 */
function retrying(sys: Sys): Sys {
	const cache = new Map<PropertyKey, unknown>();
	return new Proxy(sys, {
		get(target, prop) {
			const hit = cache.get(prop);
			if (hit !== undefined) return hit;
			const v = Reflect.get(target, prop, target) as unknown;
			if (typeof v !== 'function') return v;
			const fn = v as (...a: unknown[]) => Promise<unknown>;
			const wrapped = INTERRUPTIBLE.has(prop as string)
				? fn.bind(target)
				: async (...args: unknown[]): Promise<unknown> => {
						for (;;) {
							const r = await fn.apply(target, args);
							if (!(isErrno(r) && r.name === 'EINTR')) return r;
						}
					};
			cache.set(prop, wrapped);
			return wrapped;
		}
	});
}

export class Shell implements ExpandHost {
	/** Runs a script file in a fresh shell (set by the entry point, which owns start-up). */
	static runScriptFile: (
		sys: Sys,
		path: string,
		args: string[],
		env: Record<string, string>
	) => Promise<number> = async () => 126;

	private sysRaw!: Sys;
	private sysRetrying: Sys | null = null;
	vars = new Map<string, Var>();
	funcs = new Map<string, FuncDef>();
	aliases = new Map<string, string>();
	params: string[] = [];
	/** $0. */
	arg0 = 'bash';
	/** The shell's own name for messages when interactive (`bash` for `-bash`). */
	shellName = 'bash';
	status = 0;
	opts: Record<OptionName, boolean>;
	interactive = false;
	/** Started interactive (stays true in its subshells: they name themselves `bash` too). */
	interactiveShell = false;
	login = false;
	jobControl = false;
	/** Running a script file: messages carry `line N:`. */
	lineMode = false;
	isSubshell = false;
	/** $$ (the parent's pid in subshells, as in bash). */
	pid = 0;
	pgid = 0;
	/** $! */
	lastBg = 0;
	ctl = 0;
	ctlCount = 0;
	loopDepth = 0;
	funcDepth = 0;
	sourceDepth = 0;
	evalDepth = 0;
	condDepth = 0;
	steps = 0;
	/** SIGINT arrived while the shell itself was running (interactive). */
	interrupted = false;
	traps = new Map<number, string>();
	pendingTraps: number[] = [];
	hash = new Map<string, { path: string; hits: number }>();
	lineno = 0;
	jobs = new JobTable();
	expander: Expander;
	/** Saved values of `local` variables, one map per active function call. */
	scopes: Map<string, Var | undefined>[] = [];
	/** The scopes this shell made (a forked child shares its parent's until it changes one). */
	private ownScopes = new WeakSet<Map<string, Var | undefined>>();
	/** Exit status of the last command substitution in the current command. */
	substStatus: number | null = null;
	/** The descriptor of the terminal (255, as bash keeps it), or -1. */
	ttyFd = -1;
	/** The terminal modes to restore after a job stops or is killed. */
	ttyModes: Termios | null = null;
	/** Dispositions the shell found at start for the signals it took over. */
	origSignals = new Map<number, SignalHandler>();
	/** $_: the last word of the previous simple command. */
	lastArg = '';
	/** pushd's stack (without the current directory). */
	dirStack: string[] = [];
	history: string[] = [];
	historyBase = 1;
	commandNumber = 1;
	/** Where error messages say they come from (`eval: line 1:` for parse errors). */
	randomState = 0;
	private envCache: Record<string, string> | null = null;
	private errorStatus = 0;
	/** `exit` was refused once because of stopped jobs. */
	warnedStopped = false;
	/** funcDepth when this (forked) shell started. */
	depthBase = 0;
	/** The terminal hung up (SIGHUP). */
	hungUp = false;
	/** The function nesting limit was hit: the outermost call ends the unwinding. */
	private nestingExceeded = false;
	/** SIGCHLD is blocked except while the prompt waits for a key (interactive shells). */
	chldBlocked = false;
	/** Who and where, as the prompt shows them (fixed when the shell starts, as in bash). */
	userName = 'I have no name!';
	hostName = 'localhost';
	euid = 0;
	ttyName = '';
	/** The newline after ^C was already printed (a foreground job died of SIGINT). */
	interruptEchoed = false;

	/** Signal handlers are installed (traps, an interactive shell): retry calls they interrupt. */
	guarded = false;

	get sys(): Sys {
		if (!this.guarded) return this.sysRaw;
		return (this.sysRetrying ??= retrying(this.sysRaw));
	}
	set sys(sys: Sys) {
		this.sysRaw = sys;
		this.sysRetrying = null;
	}

	constructor(sys: Sys) {
		this.sys = sys;
		this.opts = Object.fromEntries(OPTION_NAMES.map((n) => [n, false])) as Record<
			OptionName,
			boolean
		>;
		this.opts.braceexpand = true;
		this.opts.hashall = true;
		this.opts['interactive-comments'] = true;
		this.expander = new Expander(this);
	}

	// ---- Variables -----------------------------------------------------------------------------

	get nounset(): boolean {
		return this.opts.nounset;
	}
	get noglob(): boolean {
		return this.opts.noglob;
	}

	positional(): readonly string[] {
		return this.params;
	}

	lookup(name: string): string | undefined {
		const v = this.vars.get(name);
		if (v !== undefined) return v.value;
		const c = name.charCodeAt(0);
		if (c >= 48 && c <= 57) {
			if (name === '0') return this.arg0;
			return this.params[Number(name) - 1];
		}
		switch (name) {
			case '?':
				return String(this.status);
			case '$':
				return String(this.pid);
			case '!':
				return this.lastBg ? String(this.lastBg) : undefined;
			case '#':
				return String(this.params.length);
			case '-':
				return this.flags();
			case '@':
			case '*':
				return this.params.join(' ');
			case 'RANDOM':
				this.randomState = (Math.imul(this.randomState, 1103515245) + 12345) >>> 0;
				return String((this.randomState >>> 16) & 0x7fff);
			case 'LINENO':
				return String(this.lineno);
			case '_':
				return this.lastArg;
		}
		return undefined;
	}

	/** $- : the single-letter options in effect. */
	flags(): string {
		let s = '';
		for (const letter of 'abefhikmnptuvxBCHP') {
			if (letter === 'i' ? this.interactive : this.opts[FLAG_LETTERS[letter]!]) s += letter;
		}
		return s;
	}

	/** Sets a variable; returns bash's error text (readonly) or null. */
	setVar(name: string, value: string): string | null {
		const v = this.vars.get(name);
		if (v !== undefined) {
			if (v.readonly) return `${name}: readonly variable`;
			if (v.integer) value = this.integerValue(value);
			const exported = v.exported || this.opts.allexport;
			this.vars.set(name, { value, exported, readonly: false, integer: v.integer });
			if (exported) this.envCache = null;
			if (name === 'PATH') this.hash.clear();
			return null;
		}
		if (name === 'RANDOM') {
			this.randomState = Number(value) >>> 0;
			return null;
		}
		this.vars.set(name, { value, exported: this.opts.allexport, readonly: false, integer: false });
		if (this.opts.allexport) this.envCache = null;
		return null;
	}

	private integerValue(value: string): string {
		try {
			return String(evaluate(value, this));
		} catch {
			return '0';
		}
	}

	/** ArithEnv: arithmetic assignments. */
	set(name: string, value: string): void {
		const err = this.setVar(name, value);
		if (err) throw new ArithError(name, 'readonly variable', '');
	}
	get(name: string): string | undefined {
		return this.lookup(name);
	}

	assign(name: string, value: string): string | null {
		return this.setVar(name, value);
	}

	unsetVar(name: string): string | null {
		const v = this.vars.get(name);
		if (!v) return null;
		if (v.readonly) return `${name}: cannot unset: readonly variable`;
		this.vars.delete(name);
		if (v.exported) this.envCache = null;
		if (name === 'PATH') this.hash.clear();
		return null;
	}

	exportVar(name: string, on = true): void {
		this.setAttrs(name, { exported: on });
		this.envCache = null;
	}

	/** Changes a variable's attributes (creating it, unset, if needed). */
	setAttrs(name: string, attrs: Partial<Var>): void {
		const v = this.vars.get(name) ?? {
			value: undefined,
			exported: false,
			readonly: false,
			integer: false
		};
		this.vars.set(name, { ...v, ...attrs });
		if (attrs.exported !== undefined || (v.exported && attrs.value !== undefined)) {
			this.envCache = null;
		}
	}

	/** `local name`: remembers the outer value until the function returns. */
	makeLocal(name: string): void {
		let scope = this.scopes[this.scopes.length - 1];
		if (!scope) return;
		if (!this.ownScopes.has(scope)) {
			scope = new Map(scope);
			this.scopes[this.scopes.length - 1] = scope;
			this.ownScopes.add(scope);
		}
		if (!scope.has(name)) {
			const v = this.vars.get(name);
			scope.set(name, v);
			if (v?.exported) this.envCache = null;
		}
		const v = this.vars.get(name);
		this.vars.set(name, {
			value: undefined,
			exported: v?.exported ?? false,
			readonly: false,
			integer: false
		});
	}

	/** The environment of exec'd programs: the exported variables. */
	environment(extra: Record<string, string> | null = null): Record<string, string> {
		if (this.envCache === null) {
			const env: Record<string, string> = {};
			for (const [k, v] of this.vars) if (v.exported && v.value !== undefined) env[k] = v.value;
			this.envCache = env;
		}
		return extra ? { ...this.envCache, ...extra } : this.envCache;
	}

	arith(text: string): number {
		return evaluate(text, this);
	}

	// ---- Messages ------------------------------------------------------------------------------

	/** The name error messages start with: $0 when non-interactive, as bash does. */
	errorName(): string {
		return this.interactiveShell ? this.shellName : this.arg0;
	}

	/** `bash: MESSAGE` (with `line N:` in scripts) on standard error. */
	async error(message: string): Promise<void> {
		const where = this.lineMode ? `line ${this.lineno}: ` : '';
		await this.write(2, `${this.errorName()}: ${where}${message}\n`);
	}

	async write(fd: number, data: string): Promise<boolean> {
		const r = await this.sys.write(fd, data);
		return !isErrno(r);
	}

	/** Prints a builtin's output; a failed write is bash's `write error`. */
	async out(data: string, name = ''): Promise<number> {
		if (data === '') return 0;
		const r = await this.sys.write(1, data);
		if (isErrno(r)) {
			if (name) await this.error(`${name}: write error: ${r.message}`);
			return 1;
		}
		return 0;
	}

	setStatus(st: number): number {
		this.status = st;
		return st;
	}

	// ---- Running text --------------------------------------------------------------------------

	/**
	 * Parses and runs `src` one complete command at a time. `where` prefixes syntax errors
	 * (`-c: line 1: `, `eval: line 1: `, or nothing); returns the last status.
	 */
	async runText(src: string, where: string | null, line = 1): Promise<number> {
		// Without aliases the text parses the same in every shell: share the parse (parse-cache.ts).
		const shared = this.interactive ? null : scriptParse(src, line);
		const parser = shared
			? null
			: new Parser(src, { final: true, aliases: this.interactive ? this.aliases : null, line });
		let pos = 0;
		let status = 0;
		for (let i = 0; ; i++) {
			const r = shared ? shared.at(i) : parser!.parseNext(pos);
			if (r.kind === 'eof') break;
			if (r.kind === 'incomplete') break;
			if (r.kind === 'error') {
				await this.syntaxError(r.messages, r.line, r.lineText, where);
				status = this.setStatus(2);
				if (!this.interactive || where !== null) this.syntaxExit();
				break;
			}
			if (this.opts.verbose) await this.write(2, r.src.slice(pos, r.end));
			pos = r.end;
			if (!r.node || this.opts.noexec) continue;
			status = await this.exec(r.node);
			await this.runPendingTraps();
			if (this.ctl) break;
		}
		return status;
	}

	/** After a syntax error a non-interactive shell exits (status 2). */
	private syntaxExit(): void {
		if (!this.interactive) {
			this.ctl = CTL_EXIT;
			this.status = 2;
		}
	}

	async syntaxError(
		messages: string[],
		line: number,
		lineText: string,
		where: string | null
	): Promise<void> {
		const name = this.errorName();
		const prefix =
			where === null ? (this.lineMode ? `line ${line}: ` : '') : `${where}line ${line}: `;
		let text = '';
		for (const m of messages) text += `${name}: ${prefix}${m}\n`;
		if ((!this.interactive || where !== null) && lineText) {
			text += `${name}: ${prefix}\`${lineText}'\n`;
		}
		await this.write(2, text);
	}

	// ---- Executing nodes -----------------------------------------------------------------------

	exec(n: Node): St {
		switch (n.type) {
			case 'simple':
				return this.simple(n, false);
			case 'andor':
				return this.andOr(n, -1);
			case 'list':
				return this.list(n.items, 0);
			case 'pipeline':
				return this.pipeline(n, false);
			case 'function':
				this.funcs.set(n.name, n);
				return this.setStatus(0);
			default:
				if (n.redirs.length > 0) return this.withRedirs(n);
				return this.compound(n);
		}
	}

	private list(items: readonly { node: Node; bg: boolean }[], i: number): St {
		for (; i < items.length; i++) {
			const it = items[i]!;
			const r = it.bg ? this.background(it.node) : this.exec(it.node);
			if (typeof r !== 'number') {
				const next = i + 1;
				return r.then(() => (this.ctl ? this.status : this.list(items, next)));
			}
			if (this.ctl) break;
		}
		return this.status;
	}

	/** Runs element `i` of an and-or list (-1: the first) and what follows it. */
	private andOr(n: { first: Node; rest: { op: '&&' | '||'; node: Node }[] }, i: number): St {
		for (;;) {
			const node = i < 0 ? n.first : n.rest[i]!.node;
			const last = i === n.rest.length - 1;
			if (!last) this.condDepth++;
			const r = this.exec(node);
			if (typeof r !== 'number') {
				return r.then((s) => {
					if (!last) this.condDepth--;
					if (this.ctl) return s;
					const j = nextAndOr(n.rest, i, s);
					return j < n.rest.length ? this.andOr(n, j) : this.status;
				});
			}
			if (!last) this.condDepth--;
			if (this.ctl) return r;
			i = nextAndOr(n.rest, i, r);
			if (i >= n.rest.length) return this.status;
		}
	}

	private compound(n: Compound): St {
		switch (n.type) {
			case 'subshell':
				return this.subshell(n.body);
			case 'group':
				return this.exec(n.body);
			case 'if':
				return this.ifCmd(n, 0);
			case 'while':
				return this.whileCmd(n);
			case 'for':
				return this.forCmd(n);
			case 'for-arith':
				return this.forArith(n);
			case 'case':
				return this.caseCmd(n);
			case 'arith':
				return this.arithCmd(n.expr, n.line);
			case 'cond':
				this.lineno = n.line;
				return this.condCmd(n.expr);
		}
	}

	private async withRedirs(n: Compound): Promise<number> {
		const saved = await this.redirect(n.redirs, true);
		if (!saved) return this.setStatus(1);
		try {
			return await this.compound(n);
		} finally {
			await this.restore(saved);
		}
	}

	private ifCmd(n: If, i: number): St {
		for (; i < n.clauses.length; i++) {
			const c = n.clauses[i]!;
			this.condDepth++;
			const r = this.exec(c.cond);
			if (typeof r !== 'number') {
				const at = i;
				return r.then((s) => {
					this.condDepth--;
					if (this.ctl) return s;
					return s === 0 ? this.exec(c.body) : this.ifCmd(n, at + 1);
				});
			}
			this.condDepth--;
			if (this.ctl) return r;
			if (r === 0) return this.exec(c.body);
		}
		if (n.orelse) return this.exec(n.orelse);
		return this.setStatus(0);
	}

	/** After a command in a loop set `ctl`: true when the loop must stop. */
	private loopStop(): boolean {
		if (this.ctl === CTL_BREAK) {
			if (--this.ctlCount <= 0) this.ctl = 0;
			return true;
		}
		if (this.ctl === CTL_CONTINUE) {
			if (--this.ctlCount <= 0) {
				this.ctl = 0;
				return false;
			}
			return true;
		}
		return true;
	}

	private whileCmd(n: While): St {
		this.loopDepth++;
		let st = 0;
		for (;;) {
			this.condDepth++;
			const c = this.exec(n.cond);
			if (typeof c !== 'number') return this.whileAsync(n, st, c, null);
			this.condDepth--;
			if (this.ctl && this.loopStop()) break;
			if (this.ctl === 0 && (c === 0) === n.until) break;
			const b = this.exec(n.body);
			if (typeof b !== 'number') return this.whileAsync(n, st, null, b);
			st = b;
			if (this.ctl && this.loopStop()) break;
		}
		this.loopDepth--;
		return this.setStatus(st);
	}

	private async whileAsync(
		n: While,
		st: number,
		cond: Promise<number> | null,
		body: Promise<number> | null
	): Promise<number> {
		try {
			for (let first = true; ; first = false) {
				if (!first || cond) {
					let c: St;
					if (first && cond) c = cond;
					else {
						this.condDepth++;
						c = this.exec(n.cond);
					}
					if (typeof c !== 'number') c = await c;
					this.condDepth--;
					if (this.ctl && this.loopStop()) break;
					if (this.ctl === 0 && (c === 0) === n.until) break;
				}
				let b: St = first && body ? body : this.exec(n.body);
				if (typeof b !== 'number') b = await b;
				st = b;
				if (this.ctl && this.loopStop()) break;
			}
		} finally {
			this.loopDepth--;
		}
		return this.setStatus(st);
	}

	private forCmd(n: For): St {
		this.lineno = n.line;
		let words: string[] | Promise<string[]>;
		try {
			words = n.words ? this.expander.words(n.words) : [...this.params];
		} catch (e) {
			return this.expansionFailed(e);
		}
		if (!Array.isArray(words)) {
			return words.then(
				(w) => {
					this.loopDepth++;
					return this.forLoop(n, w, 0, 0);
				},
				(e: unknown) => this.expansionFailed(e)
			);
		}
		this.loopDepth++;
		return this.forLoop(n, words, 0, 0);
	}

	/** The iterations of a `for` from word `i`; the loop is already counted in loopDepth. */
	private forLoop(n: For, words: string[], i: number, st: number): St {
		for (; i < words.length; i++) {
			const err = this.setVar(n.name, words[i]!);
			if (err) {
				this.loopDepth--;
				return this.error(err).then(() => this.setStatus(1));
			}
			const b = this.exec(n.body);
			if (typeof b !== 'number') {
				const at = i;
				return b.then(
					(s) => {
						if ((this.ctl && this.loopStop()) || at + 1 >= words.length) {
							this.loopDepth--;
							return this.setStatus(s);
						}
						return this.forLoop(n, words, at + 1, s);
					},
					(e: unknown) => {
						this.loopDepth--;
						throw e;
					}
				);
			}
			st = b;
			if (this.ctl && this.loopStop()) break;
		}
		this.loopDepth--;
		return this.setStatus(st);
	}

	private async forArith(n: ForArith): Promise<number> {
		await loadArith();
		const ev = async (w: Word): Promise<number | null> => {
			let text: string;
			try {
				text = (await this.expander.word(w)).trim();
			} catch (e) {
				await this.expansionFailed(e);
				return null;
			}
			if (text === '') return 1;
			try {
				return evaluate(text, this);
			} catch (e) {
				if (e instanceof ArithError) {
					await this.error(e.text);
					return null;
				}
				throw e;
			}
		};
		this.loopDepth++;
		let st = 0;
		try {
			if ((await ev(n.init)) === null) return this.setStatus(1);
			for (;;) {
				const c = await ev(n.cond);
				if (c === null) return this.setStatus(1);
				if (c === 0) break;
				let b = this.exec(n.body);
				if (typeof b !== 'number') b = await b;
				st = b;
				if (this.ctl && this.loopStop()) break;
				if ((await ev(n.step)) === null) return this.setStatus(1);
			}
		} finally {
			this.loopDepth--;
		}
		return this.setStatus(st);
	}

	private caseCmd(n: Case): St {
		this.lineno = n.line;
		return this.caseAsync(n);
	}

	private async caseAsync(n: Case): Promise<number> {
		let word: string;
		try {
			word = await this.expander.word(n.word);
		} catch (e) {
			return this.expansionFailed(e);
		}
		for (const item of n.items) {
			for (const p of item.patterns) {
				let pat: string;
				try {
					pat = await this.expander.pattern(p);
				} catch (e) {
					return this.expansionFailed(e);
				}
				if (compilePattern(pat).test(word)) {
					if (!item.body) return this.setStatus(0);
					return this.exec(item.body);
				}
			}
		}
		return this.setStatus(0);
	}

	private async arithCmd(expr: Word, line: number): Promise<number> {
		this.lineno = line;
		await loadArith();
		let text: string;
		try {
			text = await this.expander.word(expr);
		} catch (e) {
			return this.expansionFailed(e);
		}
		if (this.opts.xtrace) await this.write(2, `${this.ps4()}(( ${text} ))\n`);
		try {
			return this.setStatus(evaluate(text, this) !== 0 ? 0 : 1);
		} catch (e) {
			if (e instanceof ArithError) {
				await this.error(e.text);
				return this.setStatus(1);
			}
			throw e;
		}
	}

	private async condCmd(e: CondExpr): Promise<number> {
		try {
			const r = await evalCond(this, e);
			return this.setStatus(r === true ? 0 : r === false ? 1 : 2);
		} catch (err) {
			return this.expansionFailed(err);
		}
	}

	// ---- Simple commands -----------------------------------------------------------------------

	/** Runs a simple command; `inPlace`: a program replaces this process (no fork). */
	simple(cmd: Simple, inPlace: boolean): St {
		if (++this.steps >= YIELD_STEPS || this.pendingTraps.length > 0) {
			return this.simpleAfterYield(cmd, inPlace);
		}
		if (this.interrupted) return this.abortInterrupted();
		this.lineno = cmd.line;
		let argv: string[] | Promise<string[]>;
		this.substStatus = null;
		try {
			argv = cmd.words.length === 0 ? EMPTY : this.expander.words(cmd.words);
		} catch (e) {
			return this.expansionFailed(e);
		}
		if (!Array.isArray(argv)) {
			return argv.then(
				(a) => this.simpleRun(cmd, a, inPlace),
				(e: unknown) => this.expansionFailed(e)
			);
		}
		return this.simpleRun(cmd, argv, inPlace);
	}

	private async simpleAfterYield(cmd: Simple, inPlace: boolean): Promise<number> {
		if (this.steps >= YIELD_STEPS) {
			this.steps = 0;
			await this.sys.yield();
		}
		await this.runPendingTraps();
		if (this.ctl) return this.status;
		this.steps++;
		return this.simple(cmd, inPlace);
	}

	/** ^C reached the shell itself: abandon what it was running. */
	abortInterrupted(): number {
		this.ctl = CTL_ABORT;
		return this.setStatus(130);
	}

	/** An expansion error: the message, status 1, and the end of a non-interactive shell if fatal. */
	expansionFailed(e: unknown): Promise<number> {
		if (!(e instanceof ExpandError)) throw e;
		return this.error(e.message).then(() => {
			if (e.fatal && !this.interactive) {
				this.ctl = CTL_EXIT;
				this.errorStatus = 1;
			} else if (e.fatal) this.ctl = CTL_ABORT;
			return this.setStatus(1);
		});
	}

	private simpleRun(cmd: Simple, argv: string[], inPlace: boolean): St {
		if (argv.length === 0) return this.assignOnly(cmd);
		if (this.opts.xtrace) {
			return this.xtrace(cmd, argv).then(() => this.dispatch(cmd, argv, inPlace));
		}
		return this.dispatch(cmd, argv, inPlace);
	}

	private dispatch(cmd: Simple, argv: string[], inPlace: boolean): St {
		const name = argv[0]!;
		this.lastArg = argv[argv.length - 1]!;
		const fn = this.funcs.get(name);
		if (fn) return this.withAssignsAndRedirs(cmd, () => this.callFunction(fn, argv), false);
		if (name === 'exec') return this.execBuiltin(cmd, argv);
		// `%1` alone brings job 1 to the foreground (`%1 &` is not given here: bg it).
		if (name[0] === '%' && this.jobControl && argv.length === 1 && !builtins.has(name)) {
			return this.withAssignsAndRedirs(cmd, () => builtins.get('fg')!(this, ['fg', name]), false);
		}
		const bi = builtins.get(name);
		if (bi) {
			if (cmd.assigns.length === 0 && cmd.redirs.length === 0) {
				const r = bi(this, argv);
				if (typeof r === 'number') return this.finishCommand(r);
				return r.then((s) => this.finishCommand(s));
			}
			return this.withAssignsAndRedirs(cmd, () => bi(this, argv), SPECIAL_BUILTINS.has(name));
		}
		return this.external(cmd, argv, inPlace);
	}

	/** `exec`: its redirections stay (they are the point of `exec >log`). */
	private async execBuiltin(cmd: Simple, argv: string[]): Promise<number> {
		for (const a of cmd.assigns) {
			let v: string;
			try {
				v = await this.expander.word(a.value);
			} catch (e) {
				return this.expansionFailed(e);
			}
			const err = this.setVar(a.name, v);
			if (err) return this.assignFailed(err);
		}
		if (cmd.redirs.length > 0 && !(await this.redirect(cmd.redirs, false))) {
			if (!this.interactive) this.requestExit(1);
			return this.setStatus(1);
		}
		let r = builtins.get('exec')!(this, argv);
		if (typeof r !== 'number') r = await r;
		return this.finishCommand(r);
	}

	/** Runs a command from its words (for `command`): builtins, then programs; no functions. */
	runArgv(argv: string[], skipFunctions: boolean): St {
		const name = argv[0]!;
		const fn = skipFunctions ? undefined : this.funcs.get(name);
		if (fn) return this.callFunction(fn, argv);
		const bi = builtins.get(name);
		if (bi) return bi(this, argv);
		return this.external(
			{ type: 'simple', assigns: [], words: [], redirs: [], line: this.lineno },
			argv,
			false
		);
	}

	/** Sets $? and applies `set -e`. */
	finishCommand(st: number): number {
		this.status = st;
		if (st !== 0 && this.opts.errexit && this.condDepth === 0 && this.ctl === 0) {
			this.ctl = CTL_EXIT;
			this.errorStatus = st;
		}
		return st;
	}

	/** The status `exit` leaves with after `set -e` stopped the shell. */
	get exitStatus(): number {
		return this.errorStatus || this.status;
	}

	/** Assignments before a builtin or function (temporary unless special) and redirections. */
	private async withAssignsAndRedirs(
		cmd: Simple,
		run: () => St,
		keepAssigns: boolean
	): Promise<number> {
		const undo: [string, Var | undefined][] = [];
		for (const a of cmd.assigns) {
			let v: string;
			try {
				v = await this.expander.word(a.value);
			} catch (e) {
				return this.expansionFailed(e);
			}
			if (!keepAssigns) {
				undo.push([a.name, this.vars.get(a.name)]);
			}
			const err = this.setVar(a.name, v);
			if (err) {
				await this.error(err);
				return this.setStatus(1);
			}
			if (!keepAssigns) this.exportVar(a.name);
		}
		let saved: SavedFd[] | null = [];
		if (cmd.redirs.length > 0) {
			saved = await this.redirect(cmd.redirs, true);
			if (!saved) {
				this.restoreVars(undo);
				return this.finishCommand(1);
			}
		}
		let st: number;
		try {
			let r = run();
			if (typeof r !== 'number') r = await r;
			st = r;
		} finally {
			if (saved.length > 0) await this.restore(saved);
			this.restoreVars(undo);
		}
		return this.finishCommand(st);
	}

	private restoreVars(undo: [string, Var | undefined][]): void {
		for (let i = undo.length - 1; i >= 0; i--) {
			const [name, v] = undo[i]!;
			if (v) this.vars.set(name, v);
			else this.vars.delete(name);
		}
		if (undo.length) this.envCache = null;
	}

	/** `name=value ...` alone: the assignments stay; $? is the last substitution's status. */
	private assignOnly(cmd: Simple): St {
		if (cmd.redirs.length > 0 || this.opts.xtrace) return this.assignOnlyAsync(cmd);
		const assigns = cmd.assigns;
		for (let i = 0; i < assigns.length; i++) {
			const a = assigns[i]!;
			let v: string | Promise<string>;
			try {
				v = this.expander.word(a.value);
			} catch (e) {
				return this.expansionFailed(e);
			}
			if (typeof v !== 'string') return this.assignOnlyAsync(cmd, i, v);
			const err = this.setVar(a.name, v);
			if (err) return this.assignFailed(err);
		}
		return this.finishCommand(this.substStatus ?? 0);
	}

	private async assignFailed(err: string): Promise<number> {
		await this.error(err);
		return this.finishCommand(1);
	}

	private async assignOnlyAsync(
		cmd: Simple,
		from = 0,
		pending: Promise<string> | null = null
	): Promise<number> {
		for (let i = from; i < cmd.assigns.length; i++) {
			const a = cmd.assigns[i]!;
			let v: string;
			try {
				v = pending && i === from ? await pending : await this.expander.word(a.value);
			} catch (e) {
				return this.expansionFailed(e);
			}
			if (this.opts.xtrace) await this.write(2, `${this.ps4()}${a.name}=${xquote(v)}\n`);
			const err = this.setVar(a.name, v);
			if (err) return this.assignFailed(err);
		}
		if (cmd.redirs.length > 0) {
			const saved = await this.redirect(cmd.redirs, true);
			if (!saved) return this.finishCommand(1);
			await this.restore(saved);
		}
		return this.finishCommand(this.substStatus ?? 0);
	}

	/** PS4 repeated for the nesting level (bash prints its first character once per level). */
	ps4(): string {
		const ps4 = this.lookup('PS4') ?? '+ ';
		if (ps4 === '') return '';
		const level = Math.max(1, this.sourceDepth + 1);
		return ps4[0]!.repeat(level - 1) + ps4;
	}

	/** `set -x`: the command's words (its prefix assignments are not expanded twice). */
	private async xtrace(_cmd: Simple, argv: string[]): Promise<void> {
		await this.write(2, this.ps4() + argv.map(xquote).join(' ') + '\n');
	}

	// ---- Functions -----------------------------------------------------------------------------

	/** A nesting limit was hit: bash's message, then the commands unwind to the outermost level. */
	async nestingTooDeep(message: string): Promise<number> {
		await this.error(message);
		this.ctl = CTL_ABORT;
		this.nestingExceeded = true;
		return this.setStatus(1);
	}

	/** The outermost `eval` or `.` of an unwinding after nestingTooDeep: it fails there. */
	endNesting(st: number): number {
		if (this.ctl !== CTL_ABORT || !this.nestingExceeded) return st;
		this.ctl = 0;
		this.nestingExceeded = false;
		return this.setStatus(1);
	}

	callFunction(f: FuncDef, argv: string[]): St {
		if (this.funcDepth - this.depthBase >= MAX_FUNC_DEPTH) {
			return this.error(
				`${f.name}: maximum function nesting level exceeded (${MAX_FUNC_DEPTH})`
			).then(() => {
				this.ctl = CTL_ABORT;
				this.nestingExceeded = true;
				return this.setStatus(1);
			});
		}
		// Each 64 levels, continue from the microtask queue so deep recursion uses no JS stack.
		if (this.funcDepth % 64 === 63) {
			return Promise.resolve().then(() => this.callFunctionNow(f, argv));
		}
		return this.callFunctionNow(f, argv);
	}

	private callFunctionNow(f: FuncDef, argv: string[]): St {
		const outermost = this.funcDepth === this.depthBase;
		const savedParams = this.params;
		this.params = argv.slice(1);
		this.funcDepth++;
		const scope = new Map<string, Var | undefined>();
		this.ownScopes.add(scope);
		this.scopes.push(scope);
		const done = (st: number): number => {
			this.funcDepth--;
			this.params = savedParams;
			const scope = this.scopes.pop()!;
			for (const [name, v] of scope) {
				if (v) this.vars.set(name, v);
				else this.vars.delete(name);
			}
			if (scope.size) this.envCache = null;
			if (this.ctl === CTL_RETURN) {
				this.ctl = 0;
				return this.setStatus(this.status);
			}
			// Too deep a recursion unwinds to the outermost call, which fails.
			if (this.ctl === CTL_ABORT && this.nestingExceeded && outermost) {
				this.ctl = 0;
				this.nestingExceeded = false;
				return this.setStatus(1);
			}
			return st;
		};
		let r: St;
		try {
			r = this.exec(f.body);
		} catch (e) {
			done(1);
			throw e;
		}
		if (typeof r === 'number') return done(r);
		return r.then(done, (e: unknown) => {
			done(1);
			throw e;
		});
	}

	// ---- Programs ------------------------------------------------------------------------------

	/** Finds a command in PATH (bash's hash table first); null when not found. */
	async findCommand(name: string): Promise<string | null> {
		if (name.includes('/')) return name;
		const h = this.hash.get(name);
		if (h) {
			h.hits++;
			return h.path;
		}
		const path = await this.searchPath(name);
		if (path !== null && this.opts.hashall) this.hash.set(name, { path, hits: 1 });
		return path;
	}

	/** The first executable `dir/name` in PATH (or the first such file when none is executable). */
	async searchPath(name: string): Promise<string | null> {
		const PATH = this.lookup('PATH') ?? '/usr/local/bin:/bin:/usr/bin';
		let fallback: string | null = null;
		for (const dir of PATH.split(':')) {
			const full = `${dir || '.'}/${name}`;
			const st = await this.sys.stat(full);
			if (isErrno(st) || (st.mode & S_IFMT) === S_IFDIR) continue;
			if (st.mode & 0o111) return full;
			fallback ??= full;
		}
		return fallback;
	}

	private async external(cmd: Simple, argv: string[], inPlace: boolean): Promise<number> {
		const name = argv[0]!;
		const path = await this.findCommand(name);
		if (path === null) {
			const saved = cmd.redirs.length > 0 ? await this.redirect(cmd.redirs, true) : [];
			if (saved) {
				await this.error(`${name}: command not found`);
				await this.restore(saved);
			}
			return this.finishCommand(127);
		}
		let extra: Record<string, string> | null = null;
		for (const a of cmd.assigns) {
			try {
				(extra ??= {})[a.name] = await this.expander.word(a.value);
			} catch (e) {
				return this.expansionFailed(e);
			}
			const v = this.vars.get(a.name);
			if (v?.readonly) {
				await this.error(`${a.name}: readonly variable`);
				return this.finishCommand(1);
			}
		}
		const env = this.environment(extra);
		if (inPlace) {
			if (!(await this.redirect(cmd.redirs, false))) return this.finishCommand(1);
			await this.prepareExec();
			return this.execProgram(path, argv, env);
		}
		const jc = this.jobControl;
		const pid = await this.forkChild(async (sh) => {
			if (jc) await sh.joinJob(0, true);
			if (!(await sh.redirect(cmd.redirs, false))) return 1;
			await sh.prepareExec();
			return sh.execProgram(path, argv, env);
		});
		if (isErrno(pid)) return this.forkFailed(pid);
		if (jc) await this.giveTerminal(pid, pid, true);
		const job = this.jobs.add(pid, [pid], () => commandText(cmd), true);
		return this.finishCommand(await this.waitForeground(job));
	}

	/** execve, and bash's messages when it fails. Runs in the process that becomes the program. */
	async execProgram(path: string, argv: string[], env: Record<string, string>): Promise<number> {
		const e = await this.sys.execve(path, argv, env);
		return this.execFailed(path, argv, e);
	}

	private async execFailed(path: string, argv: string[], e: Errno): Promise<number> {
		const st = await this.sys.stat(path);
		if (e.name === 'ENOEXEC' && !isErrno(st)) {
			const head = await this.readHead(path);
			if (head.includes('\0')) {
				await this.error(`${path}: cannot execute binary file`);
				return 126;
			}
			// A text file without `#!`: this shell runs it, as bash does, in the forked child.
			return Shell.runScriptFile(this.sys, path, argv.slice(1), this.environment());
		}
		if (e.name === 'EACCES' && !isErrno(st) && (st.mode & S_IFMT) === S_IFDIR) {
			await this.error(`${path}: is a directory`);
			return 126;
		}
		if (e.name === 'ENOENT' && !isErrno(st) && (st.mode & S_IFMT) === S_IFREG) {
			const head = await this.readHead(path);
			const m = /^#![ \t]*([^ \t\n]+)/.exec(head);
			if (m) {
				await this.error(`${path}: ${m[1]}: bad interpreter: No such file or directory`);
				return 126;
			}
		}
		await this.error(`${path}: ${e.message}`);
		return e.name === 'ENOENT' ? 127 : 126;
	}

	private async readHead(path: string): Promise<string> {
		const fd = await this.sys.open(path, O_RDONLY);
		if (isErrno(fd)) return '';
		const r = await this.sys.read(fd, 80);
		await this.sys.close(fd);
		return isErrno(r) ? '' : r;
	}

	/** Before exec: the signals the shell took over go back to what it found. */
	async prepareExec(): Promise<void> {
		for (const [sig, h] of this.origSignals) {
			const trap = this.traps.get(sig);
			await this.sys.signal(sig, trap === '' ? 'ignore' : h);
		}
		this.origSignals.clear();
		if (this.chldBlocked) {
			this.chldBlocked = false;
			await this.sys.sigprocmask(SIG_UNBLOCK, 1 << SIGCHLD);
		}
	}

	/** fork failed: bash says so and abandons the command line (a non-interactive shell exits). */
	private async forkFailed(e: Errno): Promise<number> {
		await this.error(`fork: ${e.message}`);
		this.ctl = this.interactive ? CTL_ABORT : CTL_EXIT;
		return this.status;
	}

	// ---- Forked children -----------------------------------------------------------------------

	/** A copy of this shell for a forked child (the state at the moment of the fork). */
	private cloneState(): Shell {
		const c = new Shell(this.sys);
		c.vars = new Map(this.vars);
		c.funcs = new Map(this.funcs);
		c.aliases = new Map(this.aliases);
		c.params = this.params;
		c.arg0 = this.arg0;
		c.shellName = this.shellName;
		c.status = this.status;
		c.opts = { ...this.opts, monitor: false };
		c.lineMode = this.lineMode;
		c.interactiveShell = this.interactiveShell;
		c.login = this.login;
		c.isSubshell = true;
		c.pid = this.pid;
		c.lastBg = this.lastBg;
		c.loopDepth = this.loopDepth;
		c.funcDepth = this.funcDepth;
		c.sourceDepth = this.sourceDepth;
		c.evalDepth = this.evalDepth;
		c.lineno = this.lineno;
		c.hash = new Map(this.hash);
		c.traps = new Map(this.traps);
		// A child never returns past the function it was forked in, so it needs only the innermost
		// scope, shared until it changes it (makeLocal copies it first). Its nesting limit counts
		// from here: a fork bomb's generations are separate processes, as in bash.
		c.scopes = this.scopes.length > 0 ? [this.scopes[this.scopes.length - 1]!] : [];
		c.depthBase = this.funcDepth;
		c.origSignals = new Map(this.origSignals);
		c.randomState = (this.randomState ^ 0x9e3779b9) >>> 0;
		c.history = this.history;
		c.dirStack = this.dirStack;
		c.ttyFd = this.ttyFd;
		c.guarded = this.guarded;
		c.chldBlocked = this.chldBlocked;
		c.userName = this.userName;
		c.hostName = this.hostName;
		c.euid = this.euid;
		return c;
	}

	/**
	 * fork(2) with the child running `main` on a copy of this shell. A subshell forgets traps with
	 * handlers (they belonged to the parent) and the interactive shell's signal settings.
	 */
	forkChild(main: (sh: Shell) => Promise<number>): Promise<number | Errno> {
		const child = this.cloneState();
		const wasInteractive = this.interactive;
		return this.sys.fork(async (csys) => {
			child.sys = csys;
			child.pgid = wasInteractive ? 0 : this.pgid;
			for (const [sig, action] of child.traps) {
				if (action === '') continue;
				// The parent's traps are not the child's: EXIT too (only ignored signals stay so).
				if (sig > 0) await csys.signal(sig, 'default');
				child.traps.delete(sig);
			}
			if (wasInteractive) await child.prepareExec();
			child.guarded = [...child.traps].some(([sig, action]) => sig > 0 && action !== '');
			const st = await main(child);
			return child.exitShell(st);
		});
	}

	/** In a job's child: join the job's process group (and take the terminal in the foreground). */
	async joinJob(pgid: number, fg: boolean): Promise<void> {
		await this.sys.setpgid(0, pgid);
		if (fg && this.ttyFd >= 0) {
			await this.sys.ioctl(this.ttyFd, TIOCSPGRP, pgid || (await this.sys.getpid()));
		}
	}

	/** In the parent: put a child in its group and (foreground) hand it the terminal. */
	private async giveTerminal(pid: number, pgid: number, fg: boolean): Promise<void> {
		await this.sys.setpgid(pid, pgid);
		if (fg && this.ttyFd >= 0) await this.sys.ioctl(this.ttyFd, TIOCSPGRP, pgid);
	}

	/** A subshell: `( list )`. */
	private async subshell(body: Node): Promise<number> {
		const jc = this.jobControl;
		const pid = await this.forkChild(async (sh) => {
			if (jc) await sh.joinJob(0, true);
			return sh.runTail(body);
		});
		if (isErrno(pid)) return this.forkFailed(pid);
		if (jc) {
			await this.giveTerminal(pid, pid, true);
			const job = this.jobs.add(
				pid,
				[pid],
				() => commandText({ type: 'subshell', body, redirs: [], line: 0 }),
				true
			);
			return this.finishCommand(await this.waitForeground(job));
		}
		return this.finishCommand(await this.waitPid(pid));
	}

	/** Runs a node as the last thing a child does: a lone program replaces the child. */
	runTail(node: Node): St {
		if (node.type === 'simple' && !this.traps.has(0)) return this.simple(node, true);
		return this.exec(node);
	}

	/** Waits for one child (no job control); returns its $?. */
	async waitPid(pid: number): Promise<number> {
		for (;;) {
			const r = await this.sys.waitpid(pid, 0);
			if (isErrno(r)) {
				if (r.name === 'EINTR') {
					await this.runPendingTraps();
					continue;
				}
				const stray = this.jobs.takeStray(pid);
				return stray === undefined ? 127 : exitCodeOf(stray);
			}
			return exitCodeOf(r.status);
		}
	}

	private pipeline(p: Pipeline, bg: boolean): St {
		if (p.time && !bg) return this.timed(p);
		if (p.cmds.length === 1 && !bg) {
			this.condDepth++;
			const r = this.exec(p.cmds[0]!);
			const done = (s: number): number => {
				this.condDepth--;
				return this.setStatus(p.bang ? (s === 0 ? 1 : 0) : s);
			};
			if (typeof r === 'number') return done(r);
			return r.then(done);
		}
		return this.pipelineFork(p, bg);
	}

	/** `time pipeline`: real, user and system time on stderr in bash's TIMEFORMAT. */
	private async timed(p: Pipeline): Promise<number> {
		const t0 = await this.sys.uptime();
		const c0 = await this.sys.times();
		let st = this.status;
		if (p.cmds.length > 0) {
			let r = this.pipeline({ ...p, time: '' }, false);
			if (typeof r !== 'number') r = await r;
			st = r;
		}
		const t1 = await this.sys.uptime();
		const c1 = await this.sys.times();
		const real = (t1 - t0) / 1000;
		const user = (c1.utime + c1.cutime - c0.utime - c0.cutime) / 100;
		const sys = (c1.stime + c1.cstime - c0.stime - c0.cstime) / 100;
		const long = (s: number): string => `${Math.floor(s / 60)}m${(s % 60).toFixed(3)}s`;
		const text =
			p.time === 'time -p'
				? `real ${real.toFixed(2)}\nuser ${user.toFixed(2)}\nsys ${sys.toFixed(2)}\n`
				: `\nreal\t${long(real)}\nuser\t${long(user)}\nsys\t${long(sys)}\n`;
		await this.write(2, text);
		return this.setStatus(st);
	}

	private async pipelineFork(p: Pipeline, bg: boolean): Promise<number> {
		this.lineno = p.line;
		const jc = this.jobControl;
		let pgid = 0;
		let prev = -1;
		const pids: number[] = [];
		let failed: Errno | null = null;
		for (let i = 0; i < p.cmds.length; i++) {
			const cmd = p.cmds[i]!;
			let fds: [number, number] | null = null;
			if (i < p.cmds.length - 1) {
				const r = await this.sys.pipe();
				if (isErrno(r)) {
					failed = r;
					break;
				}
				fds = r;
			}
			const input = prev;
			const group = pgid;
			const pid = await this.forkChild(async (sh) => {
				if (jc) await sh.joinJob(group, !bg && group === 0);
				else if (bg && input < 0) await sh.nullStdin();
				if (input >= 0) {
					await sh.sys.dup2(input, 0);
					await sh.sys.close(input);
				}
				if (fds) {
					await sh.sys.close(fds[0]);
					await sh.sys.dup2(fds[1], 1);
					await sh.sys.close(fds[1]);
				}
				return sh.runTail(cmd);
			});
			if (input >= 0) await this.sys.close(input);
			if (fds) await this.sys.close(fds[1]);
			if (isErrno(pid)) {
				if (fds) await this.sys.close(fds[0]);
				failed = pid;
				break;
			}
			if (jc) await this.giveTerminal(pid, pgid || pid, !bg && pgid === 0);
			if (pgid === 0) pgid = pid;
			pids.push(pid);
			prev = fds ? fds[0] : -1;
		}
		if (failed) {
			await this.error(`${failed.name === 'EAGAIN' ? 'fork' : 'pipe error'}: ${failed.message}`);
			if (prev >= 0) await this.sys.close(prev);
			// bash 2.05: the stages already started are killed and the command is abandoned.
			for (const pid of pids) await this.sys.kill(pid, SIGTERM);
			for (const pid of pids) await this.waitPid(pid);
			if (jc && this.ttyFd >= 0) await this.sys.ioctl(this.ttyFd, TIOCSPGRP, this.pgid);
			this.ctl = this.interactive ? CTL_ABORT : CTL_EXIT;
			return this.status;
		}
		const job = this.jobs.add(
			jc ? pgid : 0,
			pids,
			() => commandText({ ...p, bang: false }),
			!bg,
			() => p.cmds.map((c) => commandText(c))
		);
		if (bg) return this.startedInBackground(job, pids[pids.length - 1]!);
		let st = await this.waitForeground(job);
		if (p.bang) st = st === 0 ? 1 : 0;
		return this.finishCommand(st);
	}

	/** A background child's standard input is /dev/null without job control (POSIX). */
	async nullStdin(): Promise<void> {
		const fd = await this.sys.open('/dev/null', O_RDONLY);
		if (isErrno(fd)) return;
		if (fd !== 0) {
			await this.sys.dup2(fd, 0);
			await this.sys.close(fd);
		}
	}

	/** `command &`. */
	background(node: Node): St {
		if (node.type === 'pipeline' && node.cmds.length > 1) return this.pipelineFork(node, true);
		return this.backgroundFork(node);
	}

	private async backgroundFork(node: Node): Promise<number> {
		const jc = this.jobControl;
		const pid = await this.forkChild(async (sh) => {
			if (jc) await sh.joinJob(0, false);
			else {
				await sh.nullStdin();
				await sh.sys.signal(SIGINT, 'ignore');
				await sh.sys.signal(SIGQUIT, 'ignore');
			}
			return sh.runTail(node);
		});
		if (isErrno(pid)) return this.forkFailed(pid);
		if (jc) await this.giveTerminal(pid, pid, false);
		const job = this.jobs.add(jc ? pid : 0, [pid], () => commandText(node), false);
		return this.startedInBackground(job, pid);
	}

	private async startedInBackground(job: Job, lastPid: number): Promise<number> {
		this.lastBg = lastPid;
		if (this.interactive) await this.write(2, `[${job.id}] ${lastPid}\n`);
		return this.setStatus(0);
	}

	// ---- Waiting -------------------------------------------------------------------------------

	/** Collects children's state changes; `block`: until `until()` holds. */
	async reap(block: boolean, until: () => boolean = () => true): Promise<void> {
		const opts = (this.jobControl ? WUNTRACED : 0) | (block ? 0 : WNOHANG);
		for (;;) {
			if (block && until()) return;
			const r = await this.sys.waitpid(-1, opts);
			if (isErrno(r)) {
				if (r.name === 'EINTR') {
					if (this.interrupted || this.pendingTraps.length > 0) return;
					continue;
				}
				// No children left: whatever we wait for is gone.
				for (const j of this.jobs.jobs) {
					for (const p of j.procs) if (p.state === 'running') p.state = 'done';
				}
				return;
			}
			if (r.pid === 0) return;
			this.jobs.record(r.pid, r.status);
		}
	}

	/** Waits for a foreground job; reports a stop or a killing signal as bash does. */
	async waitForeground(job: Job): Promise<number> {
		await this.reap(true, () => this.jobs.state(job) !== 'running');
		if (this.jobControl && this.ttyFd >= 0) {
			await this.sys.ioctl(this.ttyFd, TIOCSPGRP, this.pgid);
		}
		const state = this.jobs.state(job);
		if (state === 'running') {
			// Interrupted while waiting (a trap): leave it as a background job.
			job.fg = false;
			return 130;
		}
		const code = this.jobs.exitCode(job);
		if (state === 'stopped') {
			job.fg = false;
			job.changed = false;
			this.jobs.setCurrent(job);
			if (this.ttyModes && this.ttyFd >= 0) await this.sys.ioctl(this.ttyFd, TCSETS, this.ttyModes);
			if (this.interactive) await this.write(2, `\n${this.jobs.line(job)}\n`);
			return code;
		}
		this.jobs.remove(job);
		const last = job.procs[job.procs.length - 1]!.status;
		const killed = job.procs.map((p) => p.status).find((s) => WIFSIGNALED(s));
		if (this.ttyFd >= 0 && this.jobControl) {
			if (killed !== undefined && this.ttyModes) {
				await this.sys.ioctl(this.ttyFd, TCSETS, this.ttyModes);
			} else {
				const t = await this.sys.ioctl(this.ttyFd, TCGETS);
				if (!isErrno(t)) this.ttyModes = t as Termios;
			}
		}
		if (WIFSIGNALED(last)) {
			const sig = WTERMSIG(last);
			if (sig === SIGINT) {
				if (this.interactive) {
					this.interrupted = true;
					this.interruptEchoed = true;
					await this.write(2, '\n');
				}
			} else if (sig !== SIGPIPE) {
				if (this.interactive) await this.write(2, `${signalText(last)}\n`);
				else {
					const where = this.lineMode ? ` line ${this.lineno}:` : '';
					await this.write(
						2,
						`${this.errorName()}:${where} ${String(job.procs[job.procs.length - 1]!.pid).padStart(5)} ${signalText(last).padEnd(24)}${job.text}\n`
					);
				}
			}
		}
		return code;
	}

	/** Before a prompt: collect children and print the `Done`/`Stopped` notices. */
	async notifyJobs(): Promise<void> {
		await this.reap(false);
		let text = '';
		for (const job of [...this.jobs.jobs]) {
			if (!job.changed || job.fg) continue;
			job.changed = false;
			const st = this.jobs.state(job);
			if (st === 'running') continue;
			text += this.jobs.line(job) + '\n';
			if (st === 'done') this.jobs.remove(job);
		}
		if (text) await this.write(2, text);
	}

	// ---- Command substitution ------------------------------------------------------------------

	async commandSubst(body: Node | null): Promise<string> {
		if (!body) return '';
		const file = catFile(body);
		if (file) {
			let name: string;
			try {
				name = await this.expander.word(file);
			} catch (e) {
				// bash expands it in the substitution's child: only that child fails.
				if (!(e instanceof ExpandError)) throw e;
				await this.error(e.message);
				this.substStatus = 1;
				return '';
			}
			const fd = await this.sys.open(name, O_RDONLY);
			if (isErrno(fd)) {
				await this.error(`${name}: ${fd.message}`);
				this.substStatus = 1;
				return '';
			}
			const data = await this.readAll(fd);
			await this.sys.close(fd);
			this.substStatus = 0;
			return data.replace(/\n+$/, '');
		}
		const fds = await this.sys.pipe();
		if (isErrno(fds)) {
			await this.error(`pipe error: ${fds.message}`);
			return '';
		}
		const pid = await this.forkChild(async (sh) => {
			await sh.sys.close(fds[0]);
			if (fds[1] !== 1) {
				await sh.sys.dup2(fds[1], 1);
				await sh.sys.close(fds[1]);
			}
			return sh.runTail(body);
		});
		await this.sys.close(fds[1]);
		if (isErrno(pid)) {
			await this.sys.close(fds[0]);
			await this.error(`fork: ${pid.message}`);
			this.substStatus = 254;
			return '';
		}
		const out = await this.readAll(fds[0]);
		await this.sys.close(fds[0]);
		this.substStatus = await this.waitPid(pid);
		return out.replace(/\n+$/, '');
	}

	private async readAll(fd: number): Promise<string> {
		let out = '';
		for (;;) {
			const r = await this.sys.read(fd, 65536);
			if (isErrno(r)) {
				if (r.name === 'EINTR') continue;
				break;
			}
			if (r === '') break;
			out += r;
		}
		return out;
	}

	async userHome(user: string): Promise<string | null> {
		const fd = await this.sys.open('/etc/passwd', O_RDONLY);
		if (isErrno(fd)) return null;
		const text = await this.readAll(fd);
		await this.sys.close(fd);
		for (const line of text.split('\n')) {
			const f = line.split(':');
			if (f[0] === user && f.length >= 6) return f[5]!;
		}
		return null;
	}

	/** Pathname expansion: matches sorted in byte order (the C locale). */
	glob(pattern: string): Promise<string[]> {
		return globPaths(this.sys, pattern);
	}

	// ---- Redirections --------------------------------------------------------------------------

	/**
	 * Applies redirections. With `save`, the replaced descriptors are kept (above 9, close-on-exec)
	 * so `restore` can undo them. Returns null after printing bash's error.
	 */
	redirect(list: readonly Redir[], save: boolean): Promise<SavedFd[] | null> {
		return applyRedirections(this, list, save);
	}

	restore(saved: readonly SavedFd[]): Promise<void> {
		return restoreRedirections(this, saved);
	}

	// ---- Traps and exit ------------------------------------------------------------------------

	/** Runs the traps of signals that arrived. */
	async runPendingTraps(): Promise<void> {
		while (this.pendingTraps.length > 0) {
			const sig = this.pendingTraps.shift()!;
			const action = this.traps.get(sig);
			if (action === undefined || action === '') continue;
			const st = this.status;
			const ctl = this.ctl;
			await this.runText(action, null);
			if (this.ctl !== CTL_EXIT) {
				this.ctl = ctl;
				this.status = st;
			}
		}
	}

	/** The signal handler of a trapped signal: the trap runs at the next safe point. */
	trapHandler = (sig: number): void => {
		this.pendingTraps.push(sig);
	};

	/** What a signal goes back to when its trap is removed. */
	defaultDisposition(sig: number): SignalHandler {
		if (this.interactive && sig === SIGINT) return this.interruptHandler;
		if (this.interactive && SHELL_SIGNALS.includes(sig)) return 'ignore';
		return this.origSignals.get(sig) ?? 'default';
	}

	/** The interactive shell's own SIGINT handler. */
	interruptHandler = (): void => {
		this.interrupted = true;
	};

	/** Leaving the shell: the EXIT trap, then the status. */
	async exitShell(st: number): Promise<number> {
		if (this.ctl === CTL_EXIT || this.ctl === CTL_ABORT) st = this.exitStatus;
		const trap = this.traps.get(0);
		if (trap !== undefined) {
			this.traps.delete(0);
			this.ctl = 0;
			this.status = st;
			await this.runText(trap, null);
			if (this.ctl === CTL_EXIT) st = this.exitStatus;
		}
		return st & 0xff;
	}

	/** `exit N` / `return N` / errors set this through `ctl`. */
	requestExit(status: number): void {
		this.ctl = CTL_EXIT;
		this.errorStatus = 0;
		this.status = status;
	}

	// ---- Interactive set-up --------------------------------------------------------------------

	/** Takes over the terminal: its own process group, the signals of job control. */
	async setupJobControl(): Promise<void> {
		this.guarded = true;
		const tty = await this.sys.fcntl(0, F_DUPFD, 255);
		if (!isErrno(tty)) {
			await this.sys.fcntl(tty, F_SETFD, FD_CLOEXEC);
			this.ttyFd = tty;
		}
		for (const sig of SHELL_SIGNALS) {
			const old = await this.sys.signal(sig, sig === SIGINT ? this.interruptHandler : 'ignore');
			if (!isErrno(old)) this.origSignals.set(sig, typeof old === 'function' ? 'default' : old);
		}
		const pid = await this.sys.getpid();
		const pgid = await this.sys.getpgrp();
		if (pgid !== pid) {
			const r = await this.sys.setpgid(0, 0);
			this.pgid = isErrno(r) ? pgid : pid;
		} else this.pgid = pgid;
		if (this.ttyFd >= 0) {
			await this.sys.ioctl(this.ttyFd, TIOCSPGRP, this.pgid);
			const t = await this.sys.ioctl(this.ttyFd, TCGETS);
			if (!isErrno(t)) this.ttyModes = t as Termios;
		}
		this.jobControl = true;
		this.opts.monitor = true;
		// A hang-up of the terminal ends the shell after passing SIGHUP on to its jobs (bash).
		const hup = await this.sys.signal(SIGHUP, () => {
			this.hungUp = true;
		});
		if (!isErrno(hup)) this.origSignals.set(SIGHUP, typeof hup === 'function' ? 'default' : hup);
		// SIGCHLD interrupts only the wait for a key, so children are reaped while the prompt shows.
		const old = await this.sys.signal(SIGCHLD, () => {});
		if (!isErrno(old)) this.origSignals.set(SIGCHLD, typeof old === 'function' ? 'default' : old);
		await this.sys.sigprocmask(SIG_BLOCK, 1 << SIGCHLD);
		this.chldBlocked = true;
	}

	/** After a hang-up: every job gets SIGHUP (and SIGCONT when stopped), as bash does. */
	async hangupJobs(): Promise<void> {
		for (const job of this.jobs.jobs) {
			if (!job.pgid) continue;
			const stopped = this.jobs.state(job) === 'stopped';
			await this.sys.kill(-job.pgid, SIGHUP);
			if (stopped) await this.sys.kill(-job.pgid, SIGCONT);
		}
	}

	// ---- The line editor's host ----------------------------------------------------------------

	commandNames(): string[] {
		return [...this.aliases.keys(), ...RESERVED, ...this.funcs.keys(), ...builtins.keys()];
	}

	async onSignal(): Promise<void> {
		await this.reap(false);
	}

	/**
	 * One key's byte from the terminal, with SIGCHLD let through only for its duration. One byte
	 * at a time, as readline reads: what is typed ahead stays for the command that runs next.
	 */
	async readInput(): Promise<string | Errno> {
		if (this.chldBlocked) await this.sys.sigprocmask(SIG_UNBLOCK, 1 << SIGCHLD);
		const r = await this.sys.read(0, 1);
		if (this.chldBlocked) await this.sys.sigprocmask(SIG_BLOCK, 1 << SIGCHLD);
		return r;
	}

	/** A prompt variable (PS1, PS2, PS4) decoded and expanded, as bash does with promptvars. */
	async promptString(name: string): Promise<string> {
		const ps = this.lookup(name);
		if (!ps) return '';
		let now = 0;
		if (needsTime(ps)) now = await this.sys.time();
		const decoded = decodePrompt(ps, {
			user: this.userName,
			host: this.hostName,
			pwd: this.lookup('PWD') ?? '',
			home: this.lookup('HOME'),
			euid: this.euid,
			shell: this.shellName,
			tty: this.ttyName,
			jobs: this.jobs.jobs.length,
			historyNumber: this.historyBase + this.history.length,
			commandNumber: this.commandNumber,
			now: () => now
		});
		if (!/[$`]/.test(decoded)) return decoded;
		const w = parseExpandable(decoded);
		if (!w) return decoded;
		try {
			return await this.expander.word(w);
		} catch (e) {
			if (e instanceof ExpandError) return decoded;
			throw e;
		}
	}
}

/** The next and-or element to run after element `i` ended with status `s`. */
function nextAndOr(rest: readonly { op: '&&' | '||' }[], i: number, s: number): number {
	let j = i + 1;
	while (j < rest.length && (rest[j]!.op === '&&' ? s !== 0 : s === 0)) j++;
	return j;
}

/** `$(< file)`: the file's word, when the substitution is only that redirection. */
function catFile(body: Node): Word | null {
	if (
		body.type !== 'simple' ||
		body.words.length ||
		body.assigns.length ||
		body.redirs.length !== 1
	) {
		return null;
	}
	const r = body.redirs[0]!;
	return r.op === '<' && (r.fd === null || r.fd === 0) && !r.heredoc ? r.target : null;
}

/** How `set -x` and `set` quote a word: bare when safe, else in single quotes. */
export function xquote(s: string): string {
	if (s === '') return "''";
	if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(s)) return s;
	return "'" + s.replace(/'/g, "'\\''") + "'";
}

export const NAME = NAME_RE;
