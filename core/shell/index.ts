// /bin/sh and /bin/bash: start-up (options, variables, profile files), then one of the input
// loops: `-c` text, a script file, an interactive terminal with line editing, or plain lines
// from a pipe or file.
import './builtins/index.ts';
import { CTL_ABORT, CTL_EXIT, Shell } from './interpreter.ts';
import { readLine } from './line-editor.ts';
import { Parser, parseScript } from './parser.ts';
import { RELEASE } from './prompt.ts';
import { FLAG_LETTERS, OPTION_NAMES, type OptionName } from './interpreter.ts';
import {
	O_RDONLY,
	SEEK_CUR,
	S_IFDIR,
	S_IFMT,
	S_IFREG,
	isErrno,
	type Sys
} from '../syscalls/index.ts';

// SIMPLIFIED: what bash 2.05 has and this shell does not: arrays, `select`, process substitution
// `<(...)`, `!` history expansion, saving ~/.bash_history, $SECONDS, ERR/DEBUG traps
// (accepted, never run), shopt options other than in name, readline's vi mode and inputrc.

/**
 * RH 7.3's /etc/bashrc prompt, the default of an interactive shell here so the prompt does not
 * depend on the image's dot files.
 */
const DEFAULT_PS1 = '[\\u@\\h \\W]\\$ ';
const BASH_VERSION = `${RELEASE}(1)-release`;
const MACHTYPE = 'i386-redhat-linux-gnu';

interface Invocation {
	command: string | null;
	script: string | null;
	interactive: boolean | null;
	login: boolean;
	noProfile: boolean;
	noRc: boolean;
	stdin: boolean;
	version: boolean;
	options: [OptionName, boolean][];
	args: string[];
	error: string | null;
}

function parseArgs(argv: string[]): Invocation {
	const inv: Invocation = {
		command: null,
		script: null,
		interactive: null,
		login: false,
		noProfile: false,
		noRc: false,
		stdin: false,
		version: false,
		options: [],
		args: [],
		error: null
	};
	let wantCommand = false;
	let i = 1;
	for (; i < argv.length; i++) {
		const a = argv[i]!;
		if (a === '--' || a === '-') {
			i++;
			break;
		}
		if (a.startsWith('--')) {
			if (a === '--login') inv.login = true;
			else if (a === '--noprofile') inv.noProfile = true;
			else if (a === '--norc') inv.noRc = true;
			else if (a === '--version') inv.version = true;
			else if (a === '--posix' || a === '--noediting' || a === '--verbose') continue;
			else {
				inv.error = `${a}: invalid option`;
				return inv;
			}
			continue;
		}
		if ((a[0] !== '-' && a[0] !== '+') || a.length < 2) break;
		const on = a[0] === '-';
		for (let j = 1; j < a.length; j++) {
			const c = a[j]!;
			if (c === 'c' && on) wantCommand = true;
			else if (c === 'i') inv.interactive = on;
			else if (c === 'l') inv.login = on;
			else if (c === 's') inv.stdin = on;
			else if (c === 'o') {
				const name = argv[++i];
				if (!name || !(OPTION_NAMES as readonly string[]).includes(name)) {
					inv.error = `${name ?? ''}: invalid option name`;
					return inv;
				}
				inv.options.push([name as OptionName, on]);
			} else if (FLAG_LETTERS[c]) inv.options.push([FLAG_LETTERS[c]!, on]);
			else {
				inv.error = `-${c}: invalid option`;
				return inv;
			}
		}
	}
	let rest = argv.slice(i);
	if (wantCommand) {
		if (rest.length === 0) {
			inv.error = '-c: option requires an argument';
			return inv;
		}
		inv.command = rest[0]!;
		rest = rest.slice(1);
	} else if (!inv.stdin && rest.length > 0) {
		inv.script = rest[0]!;
		rest = rest.slice(1);
	}
	inv.args = rest;
	return inv;
}

/** The shell's variables at start: the environment, then what bash sets itself. */
async function initialize(sh: Shell, env: Record<string, string>): Promise<void> {
	const sys = sh.sys;
	for (const [k, v] of Object.entries(env)) {
		if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) {
			sh.vars.set(k, { value: v, exported: true, readonly: false, integer: false });
		}
	}
	sh.pid = await sys.getpid();
	sh.pgid = await sys.getpgrp();
	sh.randomState = sh.pid;
	const uid = await sys.getuid();
	sh.euid = await sys.geteuid();
	const fixed = (name: string, value: string): void => {
		sh.vars.set(name, { value, exported: false, readonly: true, integer: false });
	};
	fixed('PPID', String(await sys.getppid()));
	fixed('UID', String(uid));
	fixed('EUID', String(sh.euid));
	const uts = await sys.uname();
	sh.hostName = uts.nodename;
	const setDefault = (name: string, value: string): void => {
		if (!sh.vars.has(name)) {
			sh.vars.set(name, { value, exported: false, readonly: false, integer: false });
		}
	};
	setDefault('HOSTNAME', uts.nodename);
	setDefault('HOSTTYPE', 'i386');
	setDefault('OSTYPE', 'linux-gnu');
	setDefault('MACHTYPE', MACHTYPE);
	sh.vars.set('BASH', { value: '/bin/bash', exported: false, readonly: false, integer: false });
	sh.vars.set('BASH_VERSION', {
		value: BASH_VERSION,
		exported: false,
		readonly: false,
		integer: false
	});
	sh.vars.set('IFS', { value: ' \t\n', exported: false, readonly: false, integer: false });
	setDefault('PS2', '> ');
	setDefault('PS4', '+ ');
	setDefault('OPTIND', '1');
	setDefault('OPTERR', '1');
	const level = Number(env.SHLVL ?? '0');
	sh.vars.set('SHLVL', {
		value: String((Number.isFinite(level) ? level : 0) + 1),
		exported: true,
		readonly: false,
		integer: false
	});
	// PWD: kept from the environment when it names the current directory, else getcwd().
	const cwd = await sys.getcwd();
	let pwd = isErrno(cwd) ? undefined : cwd;
	const envPwd = env.PWD;
	if (envPwd && envPwd.startsWith('/') && pwd !== undefined) {
		const a = await sys.stat(envPwd);
		const b = await sys.stat('.');
		if (!isErrno(a) && !isErrno(b) && a.ino === b.ino && a.dev === b.dev) pwd = envPwd;
	}
	if (pwd !== undefined) {
		sh.vars.set('PWD', { value: pwd, exported: true, readonly: false, integer: false });
	}
	sh.userName = (await passwdName(sys, sh.euid)) ?? 'I have no name!';
}

async function readFile(sys: Sys, path: string): Promise<string | null> {
	const fd = await sys.open(path, O_RDONLY);
	if (isErrno(fd)) return null;
	let text = '';
	for (;;) {
		const r = await sys.read(fd, 65536);
		if (isErrno(r)) {
			if (r.name === 'EINTR') continue;
			break;
		}
		if (r === '') break;
		text += r;
	}
	await sys.close(fd);
	return text;
}

async function passwdName(sys: Sys, uid: number): Promise<string | null> {
	const text = await readFile(sys, '/etc/passwd');
	if (text === null) return null;
	for (const line of text.split('\n')) {
		const f = line.split(':');
		if (f.length >= 3 && Number(f[2]) === uid && f[2] !== '') return f[0]!;
	}
	return null;
}

/** Sources a start-up file if it exists (missing files are skipped silently). */
async function sourceIfPresent(sh: Shell, path: string): Promise<boolean> {
	const st = await sh.sys.stat(path);
	if (isErrno(st) || (st.mode & S_IFMT) !== S_IFREG) return false;
	const text = await readFile(sh.sys, path);
	if (text === null) return false;
	sh.sourceDepth++;
	try {
		await sh.runText(text, null);
	} finally {
		sh.sourceDepth--;
	}
	if (sh.ctl !== CTL_EXIT) sh.ctl = 0;
	return true;
}

async function startupFiles(sh: Shell, inv: Invocation, asSh: boolean): Promise<void> {
	const home = sh.lookup('HOME') ?? '';
	if (sh.login && !inv.noProfile) {
		await sourceIfPresent(sh, '/etc/profile');
		const candidates = asSh ? ['.profile'] : ['.bash_profile', '.bash_login', '.profile'];
		for (const c of candidates) if (await sourceIfPresent(sh, `${home}/${c}`)) break;
	} else if (sh.interactive && !inv.noRc) {
		if (asSh) {
			const env = sh.lookup('ENV');
			if (env) await sourceIfPresent(sh, env);
		} else await sourceIfPresent(sh, `${home}/.bashrc`);
	}
}

function basename(p: string): string {
	return p.slice(p.lastIndexOf('/') + 1) || p;
}

export async function sh(sys: Sys, argv: string[], env: Record<string, string>): Promise<number> {
	const shell = new Shell(sys);
	const argv0 = argv[0] ?? 'bash';
	const login = argv0.startsWith('-');
	shell.shellName = basename(login ? argv0.slice(1) : argv0);
	shell.arg0 = argv0;
	const inv = parseArgs(argv);
	shell.login = login || inv.login;
	if (inv.error) {
		await sys.write(2, `${shell.shellName}: ${inv.error}\n`);
		await sys.write(
			2,
			`Usage:\t${shell.shellName} [GNU long option] [option] ...\n\t${shell.shellName} [GNU long option] [option] script-file ...\n`
		);
		return 2;
	}
	if (inv.version) {
		await sys.write(
			1,
			`GNU bash, version ${BASH_VERSION} (${MACHTYPE})\nCopyright 2001 Free Software Foundation, Inc.\n`
		);
		return 0;
	}
	await initialize(shell, env);
	for (const [name, on] of inv.options) shell.opts[name] = on;
	shell.params = inv.args;
	const asSh = shell.shellName === 'sh';
	if (inv.command !== null) {
		if (inv.args.length > 0) {
			shell.arg0 = inv.args[0]!;
			shell.params = inv.args.slice(1);
		}
		await startupFiles(shell, inv, asSh);
		return runCommandString(shell, inv.command);
	}
	if (inv.script !== null) {
		shell.arg0 = inv.script;
		return runScript(shell, inv.script);
	}
	const interactive = inv.interactive ?? ((await sys.isatty(0)) && (await sys.isatty(2)));
	shell.interactive = interactive;
	shell.interactiveShell = interactive;
	if (interactive) return interactiveLoop(shell, inv, asSh);
	await startupFiles(shell, inv, asSh);
	return stdinLoop(shell);
}

/** `-c text`: a lone simple command replaces the shell (no fork), as bash does. */
async function runCommandString(shell: Shell, text: string): Promise<number> {
	const whole = parseScript(text);
	// bash execs a lone simple command without redirections in place of the shell.
	if (
		whole.kind === 'command' &&
		whole.node?.type === 'simple' &&
		whole.node.redirs.length === 0 &&
		!shell.opts.noexec
	) {
		let r = shell.simple(whole.node, true);
		if (typeof r !== 'number') r = await r;
		return shell.exitShell(r);
	}
	const st = await shell.runText(text, '-c: ');
	return shell.exitShell(st);
}

async function runScript(shell: Shell, path: string): Promise<number> {
	const sys = shell.sys;
	const st = await sys.stat(path);
	if (!isErrno(st) && (st.mode & S_IFMT) === S_IFDIR) {
		await sys.write(2, `${shell.shellName}: ${path}: is a directory\n`);
		return 126;
	}
	const text = await readFile(sys, path);
	if (text === null) {
		const fd = await sys.open(path, O_RDONLY);
		const msg = isErrno(fd) ? fd.message : 'No such file or directory';
		await sys.write(2, `${shell.shellName}: ${path}: ${msg}\n`);
		return isErrno(fd) && fd.name === 'EACCES' ? 126 : 127;
	}
	if (text.slice(0, 80).includes('\0')) {
		await sys.write(2, `${shell.shellName}: ${path}: cannot execute binary file\n`);
		return 126;
	}
	shell.lineMode = true;
	const status = await shell.runText(text, null);
	return shell.exitShell(status);
}

/** Runs a text file without `#!` that a program exec found (bash runs it in the forked child). */
async function runScriptFile(
	sys: Sys,
	path: string,
	args: string[],
	env: Record<string, string>
): Promise<number> {
	const shell = new Shell(sys);
	shell.shellName = 'bash';
	await initialize(shell, env);
	shell.arg0 = path;
	shell.params = args;
	return runScript(shell, path);
}
Shell.runScriptFile = runScriptFile;

/** Reads one line (with its newline) from fd 0 without taking more than that line. */
async function readInputLine(sys: Sys, seekable: boolean): Promise<string> {
	let line = '';
	for (;;) {
		const r = await sys.read(0, seekable ? 256 : 1);
		if (isErrno(r)) {
			if (r.name === 'EINTR') continue;
			return line;
		}
		if (r === '') return line;
		const nl = r.indexOf('\n');
		if (nl === -1) {
			line += r;
			continue;
		}
		if (nl < r.length - 1) await sys.lseek(0, -(r.length - nl - 1), SEEK_CUR);
		return line + r.slice(0, nl + 1);
	}
}

/** Commands from a pipe or file on stdin, a complete command at a time. */
async function stdinLoop(shell: Shell): Promise<number> {
	const sys = shell.sys;
	const st = await sys.fstat(0);
	const seekable = !isErrno(st) && (st.mode & S_IFMT) === S_IFREG;
	shell.lineMode = true;
	let buf = '';
	let line = 1;
	let eof = false;
	let status = 0;
	for (;;) {
		const r = new Parser(buf, { final: eof, line }).parseNext(0);
		if (r.kind === 'command') {
			const used = r.src.slice(0, r.end);
			buf = r.src.slice(r.end);
			if (r.node && !shell.opts.noexec) {
				status = await shell.exec(r.node);
				await shell.runPendingTraps();
			}
			line += used.split('\n').length - 1;
			if (shell.ctl === CTL_EXIT) break;
			shell.ctl = 0;
			continue;
		}
		if (r.kind === 'error') {
			await shell.syntaxError(r.messages, r.line, r.lineText, null);
			shell.requestExit(2);
			break;
		}
		if (eof) break;
		const more = await readInputLine(sys, seekable);
		if (more === '') eof = true;
		buf += more;
	}
	return shell.exitShell(shell.ctl === CTL_EXIT ? shell.exitStatus : status);
}

/** Whether the end of `text` is inside quotes (a newline there belongs to a string). */
function inQuotes(text: string): boolean {
	let q: string | null = null;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (q === "'") {
			if (c === "'") q = null;
		} else if (c === '\\') i++;
		else if (q === '"') {
			if (c === '"') q = null;
		} else if (c === "'" || c === '"') q = c;
	}
	return q !== null;
}

/**
 * Joins the lines of a multi-line command into one history entry, as bash's cmdhist does:
 * `; ` between commands, a space after words that open a block, a newline inside quotes.
 */
function historyText(text: string): string {
	const lines = text.replace(/\n$/, '').split('\n');
	let out = lines[0]!;
	for (const l of lines.slice(1)) {
		if (inQuotes(out)) {
			out += '\n' + l;
			continue;
		}
		const t = l.trim();
		if (t === '') continue;
		out += /(\b(then|do|else|in)|[{(;&|])\s*$/.test(out) ? ' ' + t : '; ' + t;
	}
	return out;
}

async function interactiveLoop(shell: Shell, inv: Invocation, asSh: boolean): Promise<number> {
	const sys = shell.sys;
	await shell.setupJobControl();
	// SIMPLIFIED: histexpand shows in $- as in bash, but `!` history expansion is not done.
	shell.opts.histexpand = true;
	shell.opts.history = true;
	shell.opts.emacs = true;
	const tty = await sys.ttyname(0);
	shell.ttyName = isErrno(tty) ? '' : tty;
	// SIMPLIFIED: bash invoked as sh reads no start-up file, so without an exported PS1 it would
	// show its built-in prompt (sh-2.05a$); a nested shell here keeps RH's prompt instead, as the
	// course expects.
	if (!shell.vars.has('PS1')) {
		shell.vars.set('PS1', { value: DEFAULT_PS1, exported: false, readonly: false, integer: false });
	}
	shell.vars.set('HISTFILE', {
		value: `${shell.lookup('HOME') ?? ''}/.bash_history`,
		exported: false,
		readonly: false,
		integer: false
	});
	shell.vars.set('HISTSIZE', { value: '1000', exported: false, readonly: false, integer: false });
	await startupFiles(shell, inv, asSh);
	if (shell.ctl === CTL_EXIT) return shell.exitShell(shell.exitStatus);
	for (;;) {
		await shell.notifyJobs();
		await shell.runPendingTraps();
		shell.ctl = 0;
		shell.interrupted = false;
		shell.interruptEchoed = false;
		const promptCommand = shell.lookup('PROMPT_COMMAND');
		if (promptCommand) {
			const st = shell.status;
			await shell.runText(promptCommand, null);
			shell.status = st;
			if (shell.ctl === CTL_EXIT) return finishInteractive(shell, shell.exitStatus);
			shell.ctl = 0;
		}
		let text = '';
		let prompt = await shell.promptString('PS1');
		let cancelled = false;
		for (;;) {
			const r = await readLine(shell, prompt);
			if (r.kind === 'interrupt') {
				shell.status = 130;
				cancelled = true;
				break;
			}
			if (r.kind === 'eof' && shell.hungUp) {
				await shell.hangupJobs();
				return shell.exitShell(128 + 1);
			}
			if (r.kind === 'eof') {
				if (text === '') {
					const stopped = shell.jobs.jobs.some((j) => shell.jobs.state(j) === 'stopped');
					if (stopped && !shell.warnedStopped) {
						shell.warnedStopped = true;
						await shell.write(2, 'There are stopped jobs.\n');
						cancelled = true;
						break;
					}
					await shell.write(2, shell.login ? 'logout\n' : 'exit\n');
					return finishInteractive(shell, shell.status);
				}
				const e = new Parser(text, { final: true }).parseNext(0);
				if (e.kind === 'error') await shell.syntaxError(e.messages, e.line, '', null);
				shell.status = 2;
				cancelled = true;
				break;
			}
			text += r.text + '\n';
			const p = new Parser(text, { final: false, aliases: shell.aliases }).parseNext(0);
			if (p.kind !== 'incomplete') break;
			prompt = await shell.promptString('PS2');
		}
		if (cancelled) continue;
		if (text.trim() !== '') {
			shell.history.push(historyText(text));
			shell.commandNumber++;
		}
		shell.warnedStopped = shell.warnedStopped && /^\s*(exit|logout)\b/.test(text);
		await shell.runText(text, null);
		if (shell.ctl === CTL_EXIT) return finishInteractive(shell, shell.exitStatus);
		if (shell.ctl === CTL_ABORT || shell.interrupted) {
			if (shell.interrupted && !shell.interruptEchoed) await shell.write(2, '\n');
			if (shell.interrupted) shell.status = 130;
		}
	}
}

async function finishInteractive(shell: Shell, status: number): Promise<number> {
	if (shell.login) {
		const home = shell.lookup('HOME');
		if (home) await sourceIfPresent(shell, `${home}/.bash_logout`);
	}
	return shell.exitShell(status);
}

export { runScriptFile };
