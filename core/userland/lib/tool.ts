// What every userland program shares: stdio-like buffered output, error messages in the GNU
// style (`prog: file: strerror`), option parsing with --help/--version, and reading input files.
import {
	O_DIRECTORY,
	O_RDONLY,
	isErrno,
	type Dirent,
	type Errno,
	type Sys
} from '../../syscalls/index.ts';
import { getopt, isError, type OptionSpec, type Parsed } from './getopt.ts';

/** stdio's BUFSIZ: a pipe or file gets output in blocks of this size, a terminal line by line. */
const BUFSIZ = 4096;
/** Lines a text loop handles between two sched_yield calls. */
export const YIELD_EVERY = 1000;

export interface ToolInfo {
	/** `Usage:` text for --help, after the `Usage: prog ` prefix. */
	usage?: string;
	/** Package and version for --version, e.g. `fileutils 4.1`. */
	version?: string;
}

export class Tool {
	readonly sys: Sys;
	readonly argv: string[];
	readonly env: Record<string, string>;
	/** argv[0] as typed: glibc's program_invocation_name, which GNU messages start with. */
	readonly prog: string;
	private buf = '';
	private lineBuffered: boolean | null = null;
	/** Set once a write to stdout failed (EPIPE, EIO): stop producing output. */
	outputBroken = false;
	/** Why standard output failed, reported at exit as close_stdout does (not EPIPE). */
	private writeError: Errno | null = null;

	constructor(sys: Sys, argv: string[], env: Record<string, string> = {}) {
		this.sys = sys;
		this.argv = argv;
		this.env = env;
		this.prog = argv[0] ?? 'sh';
	}

	/** Appends to stdout; written out when the buffer fills (or per line on a terminal). */
	async out(text: string): Promise<void> {
		if (this.outputBroken) return;
		this.buf += text;
		if (this.lineBuffered === null) this.lineBuffered = await this.sys.isatty(1);
		if (this.buf.length >= BUFSIZ || (this.lineBuffered && text.includes('\n'))) await this.flush();
	}

	/**
	 * out() without a promise when nothing else is due: buffers `text` and answers true, or does
	 * nothing and answers false when the caller must await out(text) (the first output, which asks
	 * isatty; a full buffer; a line for a terminal). For programs that print thousands of lines.
	 */
	outNow(text: string): boolean {
		if (this.outputBroken) return true;
		if (this.lineBuffered !== false) return false;
		if (this.buf.length + text.length >= BUFSIZ) return false;
		this.buf += text;
		return true;
	}

	async flush(): Promise<boolean> {
		if (this.buf === '' || this.outputBroken) return !this.outputBroken;
		let data = this.buf;
		this.buf = '';
		// stdio writes the rest after a short write; the next write then reports the error.
		while (data !== '') {
			const r = await this.sys.write(1, data);
			if (isErrno(r)) {
				this.outputBroken = true;
				if (r.name !== 'EPIPE') this.writeError = r;
				return false;
			}
			if (r === 0) break;
			data = data.slice(r);
		}
		return true;
	}

	/** Writes raw text to stderr (unbuffered, as stdio's stderr). */
	async errRaw(text: string): Promise<void> {
		await this.sys.write(2, text);
	}

	/** `prog: message` on stderr. */
	async error(message: string): Promise<void> {
		await this.errRaw(`${this.prog}: ${message}\n`);
	}

	/** `prog: what: strerror` on stderr, as error(0, errno, "%s", what). */
	async fail(what: string, e: Errno): Promise<void> {
		await this.error(`${what}: ${e.message}`);
	}

	async tryHelp(): Promise<void> {
		await this.errRaw(`Try \`${this.prog} --help' for more information.\n`);
	}

	/**
	 * Parses the arguments. --help and --version are handled here (when `info` describes them);
	 * a bad option prints glibc's message and the Try line. A number means: exit with it now.
	 */
	async parse(spec: OptionSpec, info: ToolInfo = {}, usageStatus = 1): Promise<Parsed | number> {
		const long = { ...spec.long };
		if (info.usage !== undefined) long['help'] = { key: '--help' };
		if (info.version !== undefined) long['version'] = { key: '--version' };
		const p = getopt(this.prog, this.argv.slice(1), { short: spec.short, long });
		if (isError(p)) {
			await this.errRaw(p.error);
			await this.tryHelp();
			return usageStatus;
		}
		for (const o of p.options) {
			if (o.key === '--help') {
				await this.out(`Usage: ${this.prog} ${info.usage}`);
				await this.flush();
				return 0;
			}
			if (o.key === '--version') {
				const name = this.prog.slice(this.prog.lastIndexOf('/') + 1);
				await this.out(`${name} (${info.version!.replace(' ', ') ')}\n`);
				await this.flush();
				return 0;
			}
		}
		return p;
	}

	/** Flushes stdout and returns `status` (the program's exit). */
	async exit(status: number): Promise<number> {
		await this.flush();
		if (this.writeError) {
			// coreutils' close_stdout: "prog: write error: strerror", and a failure status.
			await this.error(`write error: ${this.writeError.message}`);
			this.writeError = null;
			return status === 0 ? 1 : status;
		}
		return status;
	}

	/** Opens an input operand: `-` is standard input (not closed afterwards). */
	async openInput(path: string): Promise<number | Errno> {
		if (path === '-') return 0;
		return this.sys.open(path, O_RDONLY);
	}

	async closeInput(fd: number): Promise<void> {
		if (fd > 2) await this.sys.close(fd);
	}

	/** Reads a descriptor to its end. */
	async readAll(fd: number): Promise<string | Errno> {
		const parts: string[] = [];
		for (;;) {
			const r = await this.sys.read(fd, 65536);
			if (isErrno(r)) return r;
			if (r === '') return parts.join('');
			parts.push(r);
		}
	}

	/** Reads a whole file (or stdin for `-`). */
	async readFile(path: string): Promise<string | Errno> {
		const fd = await this.openInput(path);
		if (isErrno(fd)) return fd;
		const r = await this.readAll(fd);
		await this.closeInput(fd);
		return r;
	}

	/** Lines of a descriptor as they arrive, each with its `\n` (the last may lack it). */
	async *lines(fd: number): AsyncGenerator<string, Errno | null> {
		let pending = '';
		let n = 0;
		for (;;) {
			const r = await this.sys.read(fd, 4096);
			if (isErrno(r)) return r;
			if (r === '') break;
			pending += r;
			let nl: number;
			let start = 0;
			while ((nl = pending.indexOf('\n', start)) !== -1) {
				yield pending.slice(start, nl + 1);
				start = nl + 1;
				if (++n % YIELD_EVERY === 0) await this.sys.yield();
			}
			pending = pending.slice(start);
		}
		if (pending !== '') yield pending;
		return null;
	}

	/** Calls `fn` for each line of a descriptor; returns the read error, if any. */
	async eachLine(fd: number, fn: (line: string) => Promise<void> | void): Promise<Errno | null> {
		const it = this.lines(fd);
		for (;;) {
			const r = await it.next();
			if (r.done) return r.value;
			await fn(r.value);
		}
	}

	/** A directory's entries (with `.` and `..`), in the order the filesystem gives them. */
	async readdir(path: string): Promise<Dirent[] | Errno> {
		const fd = await this.sys.open(path, O_RDONLY | O_DIRECTORY);
		if (isErrno(fd)) return fd;
		const all: Dirent[] = [];
		for (;;) {
			const r = await this.sys.getdents(fd);
			if (isErrno(r)) {
				await this.sys.close(fd);
				return r;
			}
			if (r.length === 0) break;
			all.push(...r);
		}
		await this.sys.close(fd);
		return all;
	}

	/** Reads an answer line from standard input, as fileutils' yesno(): true for `y...`/`Y...`. */
	async yesno(): Promise<boolean> {
		let line = '';
		for (;;) {
			const r = await this.sys.read(0, 1);
			if (isErrno(r) || r === '' || r === '\n') break;
			line += r;
		}
		return /^[yY]/.test(line);
	}

	/** Lets other processes run during long computations. */
	async yield(): Promise<void> {
		await this.sys.yield();
	}
}

/** fileutils 4.1's quote(): `name' (backquote and apostrophe). */
export function quote(name: string): string {
	return `\`${name}'`;
}

/** Splits text into lines without their newlines; a final newline does not add an empty line. */
export function splitLines(text: string): string[] {
	if (text === '') return [];
	const lines = text.split('\n');
	if (lines[lines.length - 1] === '') lines.pop();
	return lines;
}

/** Joins a directory and a name the way the C tools build paths (no doubled slash after `/`). */
export function joinPath(dir: string, name: string): string {
	return dir.endsWith('/') ? dir + name : `${dir}/${name}`;
}

export function basename(path: string): string {
	if (path === '') return '';
	const p = path.replace(/\/+$/, '');
	if (p === '') return '/';
	return p.slice(p.lastIndexOf('/') + 1);
}

export function dirname(path: string): string {
	const p = path.replace(/\/+$/, '');
	if (p === '') return path.startsWith('/') ? '/' : '.';
	const i = p.lastIndexOf('/');
	if (i === -1) return '.';
	const d = p.slice(0, i).replace(/\/+$/, '');
	return d === '' ? '/' : d;
}

/** execvp's search: the first executable regular file along PATH. */
export async function findProgram(sys: Sys, name: string, path: string): Promise<string> {
	if (name.includes('/')) return name;
	for (const dir of path.split(':')) {
		const full = `${dir || '.'}/${name}`;
		const s = await sys.stat(full);
		if (!isErrno(s) && (s.mode & 0o170000) === 0o100000 && s.mode & 0o111) return full;
	}
	return name;
}
