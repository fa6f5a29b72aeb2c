// The one authority on the course format: what a tutorial's front matter and body may say, as
// types. load.ts validates files against exactly these shapes; checks.ts and the player read them.
import type { Backend } from '../machine.ts';

/**
 * A paper section number such as `2.6.1` (digits separated by dots), as the seed table of
 * contents numbers them. Front matter may give one or a list; the loader always yields a list.
 */
export type SectionNumber = string;

/**
 * A string that is either matched exactly or, when written `/source/flags`, read as a RegExp
 * (for example `/CapBset:\s+00000000f40c04ff/`). The slashes make the intent visible in YAML.
 */
export type Pattern = string;

/** One terminal an exercise opens before step 1, in front-matter order (ids 1, 2, 3). */
export interface TerminalSpec {
	/** Login name: `root` or `user` on the default image. */
	user: string;
	/** Security context the login shell starts in; 0 when omitted. */
	ctx?: number;
	/** Machine to log in to when the exercise names several `hosts`; `main` when omitted. */
	host?: string;
	/** Label the page shows above the terminal, e.g. `user@main, context 0`. */
	label?: string;
}

/**
 * A predicate on one process of the KernelSnapshot: every field given must match. Numbers match
 * exactly; strings are Patterns. `args` is matched against the arguments joined with spaces.
 * Capability sets are 16 hex digits as `/proc` prints them (`00000000f40c04ff`).
 */
export interface ProcessMatch {
	pid?: number;
	ppid?: number;
	comm?: Pattern;
	args?: Pattern;
	/** Linux state letter; zombies (`Z`) are never matched unless asked for by this field. */
	state?: Pattern;
	uid?: number;
	euid?: number;
	gid?: number;
	egid?: number;
	ctx?: number;
	capEff?: Pattern;
	capPrm?: Pattern;
	capInh?: Pattern;
	capBset?: Pattern;
	chroot?: Pattern;
	cwd?: Pattern;
	/** Controlling terminal as the snapshot names it, e.g. `pts/0`. */
	tty?: Pattern;
	/** One of the process's ipv4root addresses, e.g. `192.168.1.1`. */
	ip?: Pattern;
}

/** A predicate on one security context of the KernelSnapshot. */
export interface ContextMatch {
	id?: number;
	/** Flag names that must all be set, e.g. `[lock, sched]`. */
	flags?: string[];
	hostname?: Pattern;
	domainname?: Pattern;
	initpid?: number;
	procCount?: number;
	nproc?: number;
}

/** A predicate on one socket of the KernelSnapshot, e.g. `{ local: 192.168.1.1:80, state: LISTEN }`. */
export interface SocketMatch {
	proto?: Pattern;
	local?: Pattern;
	remote?: Pattern;
	state?: Pattern;
	pid?: number;
	ctx?: number;
}

/** A predicate on one network interface of the KernelSnapshot. */
export interface InterfaceMatch {
	name?: Pattern;
	addr?: Pattern;
	mask?: Pattern;
	bcast?: Pattern;
	up?: boolean;
}

/**
 * A command run with `exec` on a throwaway copy of the machine (root in context 0 unless told
 * otherwise); the learner's machine never changes. Every result field given must match.
 */
export interface ExecCheck {
	command: string;
	user?: string;
	ctx?: number;
	stdout?: Pattern;
	stderr?: Pattern;
	exitCode?: number;
}

/**
 * A file as root in context 0 (or `user`/`ctx`) reads it, through `exec` of `cat`. `exists:
 * false` passes when it cannot be read; `content` matches the whole text (a Pattern).
 */
export interface FileCheck {
	path: string;
	exists?: boolean;
	content?: Pattern;
	user?: string;
	ctx?: number;
}

/**
 * One check on the resulting state; exactly one key. Checks never look at what was typed, so any
 * correct route passes.
 * - `output`: a `/regex/` over the step's terminal output since the step became current, with
 *   the prompt lines (prompt and echoed command) left out. The only check that works on both
 *   backends from a typed command, and the only one a typed step can make about its own output
 *   (a terminal merges both streams; `stdout`, `stderr` and `exitCode` belong to `exec`).
 * - `you`: the learner's current process on the step's terminal (the newest living process on
 *   its tty: the shell at its prompt, or the program reading the terminal).
 * - `process`, `context`, `socket`, `interface`: some entry of the snapshot matches (model only).
 * - `exec`, `file`: a command's result on a throwaway copy.
 * - `not`: the inner check fails (`{ not: { process: { comm: xterm } } }`: no xterm is left).
 */
export type Check =
	| { output: Pattern }
	| { you: ProcessMatch }
	| { process: ProcessMatch }
	| { context: ContextMatch }
	| { socket: SocketMatch }
	| { interface: InterfaceMatch }
	| { exec: ExecCheck }
	| { file: FileCheck }
	| { not: Check };

/** The keys a Check may have, one per kind. */
export type CheckKind =
	'output' | 'you' | 'process' | 'context' | 'socket' | 'interface' | 'exec' | 'file' | 'not';

/**
 * A hint shown when the learner asks for one on a step. The first hint whose `when` passes (or
 * that has none) is shown. `say` may name snapshot values: `{you.ctx}` (any ProcessView field of
 * the learner's current process) or `{xterm.ctx}` (the newest living process with that comm);
 * a hint whose names cannot be filled is passed over.
 */
export interface Hint {
	when?: Check;
	say: string;
}

/** One step as written in front matter; its commands come from the body's `step=<id>` blocks. */
export interface StepSpec {
	/** Lower-case words joined by dashes; unique in the exercise; used in URLs (`step=look`). */
	id: string;
	/** One check, or several that must all pass. */
	check: Check | Check[];
	/** A plain hint, or state-aware hints in order. */
	hint?: string | Hint[];
}

/**
 * A wrong route: typing `run` (lines separated by newlines) instead of step `fails`'s commands,
 * after the steps before it, must leave that step's check failing. Tests prove it.
 */
export interface WrongRoute {
	run: string;
	fails: string;
	/** The terminal to type into; the failing step's first terminal when omitted. */
	term?: number;
	/** Why this is not a solution, in a sentence (shown when a learner takes this route). */
	why?: string;
}

/** The front matter of a page: a chapter or section with nothing to type. */
export interface PageFrontMatter {
	title: string;
	section: SectionNumber | SectionNumber[];
}

/** The front matter of an exercise: a page plus terminals, setup and steps. */
export interface ExerciseFrontMatter extends PageFrontMatter {
	/** 1 to 3 terminals, opened in this order before step 1. */
	terminals: TerminalSpec[];
	/** A shell script run as root in context 0 on a fresh machine before step 1 (may be empty). */
	setup: string;
	/** Machines on the segment; `[main]` when omitted (`[main, backup]` for the fail-over scenario). */
	hosts?: string[];
	/**
	 * `later`: the machines boot the later kernel of chapter 6 (set_ctxlimit, disk limits, and
	 * their tools); the paper's 2.4.20ctx-17 when omitted. Model only.
	 */
	kernel?: 'later';
	/** At least two steps. */
	steps: StepSpec[];
	wrong?: WrongRoute[];
	/**
	 * The machines the exercise runs on, in order; `[model]` when omitted. `[x86]`: the real Linux
	 * machine only. `[model, x86]`: side by side, the same steps typed into both, both transcripts
	 * shown (the model's run keeps the reader's progress). With x86 among them the setup is empty,
	 * the hosts are `[main]`, terminals are in context 0, and every check is one that works without
	 * the kernel model (`output`, `exec` and `file` in context 0, or `not` of those).
	 */
	backends?: Backend[];
	/** Shorthand for a single machine: `backend: x86` is `backends: [x86]`. */
	backend?: Backend;
}

/**
 * A fenced ```sh block of the body. `step` is null for a `no-step` block (shown, never typed);
 * `term` is the 1-based terminal the lines are typed into.
 */
export interface CodeBlock {
	step: string | null;
	term: number;
	/** The lines to type, blank lines left out; `^C`, `^Z`, `^\` and `^D` send that key. */
	lines: string[];
	/** 1-based line of the opening fence in the file, for messages and the page's anchors. */
	line: number;
}

/** Lines typed into one terminal as part of a step. */
export interface TypedCommands {
	term: number;
	lines: string[];
}

/** A step after loading: its checks as a list, its hints as a list, and its commands. */
export interface Step {
	id: string;
	checks: Check[];
	hints: Hint[];
	/** From the step's `step=` blocks, in body order; never empty. */
	commands: TypedCommands[];
}

/** What pages and exercises have in common after loading. */
interface TutorialBase {
	/** The path under `tutorials/` without `NN-` prefixes and `/index.md`. */
	id: string;
	/** The file's path under `tutorials/`, e.g. `02-principles/index.md`. */
	path: string;
	title: string;
	/** Always a list after loading. */
	section: SectionNumber[];
	/** The markdown after the front matter, unchanged (the web renders it). */
	body: string;
	/** Every ```sh block of the body, in order. */
	blocks: CodeBlock[];
}

/** A loaded page: prose only (its sh blocks, if any, are all `no-step`). */
export interface Page extends TutorialBase {
	kind: 'page';
}

/** A loaded exercise, validated: terminals, setup, steps with their commands, wrong routes. */
export interface Exercise extends TutorialBase {
	kind: 'exercise';
	terminals: TerminalSpec[];
	setup: string;
	hosts: string[];
	/** Present when the front matter asks for the later kernel. */
	kernel?: 'later';
	steps: Step[];
	wrong: WrongRoute[];
	/** Never empty: `[model]` unless the front matter says otherwise. */
	backends: Backend[];
}

/** A loaded tutorial file. */
export type Tutorial = Page | Exercise;
