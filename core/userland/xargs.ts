// /usr/bin/xargs (findutils 4.1.7): builds command lines from standard input and runs them.
import {
	O_RDONLY,
	isErrno,
	WIFEXITED,
	WEXITSTATUS,
	WIFSIGNALED,
	WTERMSIG,
	type Sys
} from '../syscalls/index.ts';
import { Tool, findProgram } from './lib/tool.ts';

const usage = `[-0prtx] [-e[eof-str]] [-i[replace-str]] [-l[max-lines]]
       [-n max-args] [-s max-chars] [-P max-procs] [--null] [--eof[=eof-str]]
       [--replace[=replace-str]] [--max-lines[=max-lines]] [--interactive]
       [--max-chars=max-chars] [--verbose] [--exit] [--max-procs=max-procs]
       [--max-args=max-args] [--no-run-if-empty] [--version] [--help]
       [command [initial-arguments]]
`;

/** The default and largest command line (2.4's ARG_MAX less room for the environment). */
const MAX_CHARS = 20480;

// SIMPLIFIED: -P (parallel runs) is accepted; commands always run one after another.

/** Splits xargs input: blanks and newlines separate; quotes and backslashes protect. */
function items(text: string): string[] | string {
	const out: string[] = [];
	let cur = '';
	let has = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i]!;
		if (c === "'" || c === '"') {
			const end = text.indexOf(c, i + 1);
			const nl = text.indexOf('\n', i + 1);
			if (end === -1 || (nl !== -1 && nl < end)) {
				return `unmatched ${c === "'" ? 'single' : 'double'} quote`;
			}
			cur += text.slice(i + 1, end);
			has = true;
			i = end;
		} else if (c === '\\' && i + 1 < text.length) {
			cur += text[++i];
			has = true;
		} else if (c === ' ' || c === '\t' || c === '\n') {
			if (has) out.push(cur);
			cur = '';
			has = false;
		} else {
			cur += c;
			has = true;
		}
	}
	if (has) out.push(cur);
	return out;
}

/** A line with its quotes and backslashes removed, blanks kept; null for an unmatched quote. */
function unquote(line: string): string | null {
	let out = '';
	for (let i = 0; i < line.length; i++) {
		const c = line[i]!;
		if (c === "'" || c === '"') {
			const end = line.indexOf(c, i + 1);
			if (end === -1) return null;
			out += line.slice(i + 1, end);
			i = end;
		} else if (c === '\\' && i + 1 < line.length) out += line[++i];
		else out += c;
	}
	return out;
}

export async function xargs(
	sys: Sys,
	argv: string[],
	env: Record<string, string>
): Promise<number> {
	const t = new Tool(sys, argv, env);
	const p = await t.parse(
		{
			short: '+0e::E:i::I:l::L:n:prs:txP:',
			long: {
				null: { key: '0' },
				eof: { key: 'e', arg: 'optional' },
				replace: { key: 'i', arg: 'optional' },
				'max-lines': { key: 'l', arg: 'optional' },
				'max-args': { key: 'n', arg: 'required' },
				interactive: { key: 'p' },
				'no-run-if-empty': { key: 'r' },
				'max-chars': { key: 's', arg: 'required' },
				verbose: { key: 't' },
				exit: { key: 'x' },
				'max-procs': { key: 'P', arg: 'required' }
			}
		},
		{ usage, version: 'findutils 4.1.7' }
	);
	if (typeof p === 'number') return p;
	let nul = false,
		trace = false,
		ask = false,
		noEmpty = false;
	let eof: string | null = null;
	let replace: string | null = null;
	let maxArgs = Infinity;
	let maxLines = Infinity;
	let maxChars = MAX_CHARS;
	for (const o of p.options) {
		switch (o.key) {
			case '0':
				nul = true;
				break;
			case 'e':
			case 'E':
				eof = o.value ?? null;
				break;
			case 'i':
			case 'I':
				replace = o.value ?? '{}';
				maxLines = 1;
				break;
			case 'l':
			case 'L':
				maxLines = Number(o.value ?? 1);
				break;
			case 'n':
				maxArgs = Number(o.value);
				if (!(maxArgs >= 1)) {
					await t.error(`invalid number for -n option`);
					return 1;
				}
				break;
			case 'p':
				ask = trace = true;
				break;
			case 'r':
				noEmpty = true;
				break;
			case 's':
				maxChars = Math.min(Number(o.value) || MAX_CHARS, 131072);
				break;
			case 't':
				trace = true;
				break;
		}
	}
	const command = p.operands.length > 0 ? p.operands : ['/bin/echo'];
	const input = await t.readAll(0);
	if (isErrno(input)) {
		await t.fail('read error', input);
		return 1;
	}
	// Lines (for -l and -i) or single arguments, up to the logical end-of-file string.
	let groups: string[][];
	if (nul) {
		groups = input
			.split('\0')
			.filter((s, i, a) => s !== '' || i < a.length - 1)
			.map((s) => [s]);
	} else if (replace !== null) {
		// -i takes whole lines (leading blanks dropped); quotes and backslashes still apply.
		groups = [];
		for (const line of input.split('\n')) {
			const l = unquote(line.replace(/^[ \t]+/, ''));
			if (l === null) {
				await t.error(
					'unmatched quote; by default quotes are special to xargs unless you use the -0 option'
				);
				return 1;
			}
			if (l !== '') groups.push([l]);
		}
	} else {
		groups = [];
		for (const line of input.split('\n')) {
			const it = items(line + '\n');
			if (typeof it === 'string') {
				await t.error(`${it}; by default quotes are special to xargs unless you use the -0 option`);
				return 1;
			}
			if (it.length > 0) groups.push(it);
		}
	}
	if (eof !== null && eof !== '') {
		const at = groups.findIndex((g) => g.includes(eof!));
		if (at !== -1) {
			const g = groups[at]!;
			groups = [...groups.slice(0, at), g.slice(0, g.indexOf(eof))].filter((x) => x.length > 0);
		}
	}
	const runs: string[][] = [];
	if (replace !== null) {
		for (const [line] of groups) runs.push(command.map((a) => a.split(replace!).join(line!)));
	} else {
		let cur: string[] = [];
		let lines = 0;
		let size = command.join(' ').length + 1;
		const flush = () => {
			if (cur.length > 0) runs.push([...command, ...cur]);
			cur = [];
			lines = 0;
			size = command.join(' ').length + 1;
		};
		for (const g of groups) {
			for (const a of g) {
				if (cur.length >= maxArgs || size + a.length + 1 > maxChars) flush();
				cur.push(a);
				size += a.length + 1;
			}
			if (++lines >= maxLines) flush();
		}
		flush();
		if (runs.length === 0 && !noEmpty) runs.push([...command]);
	}
	let status = 0;
	for (const args of runs) {
		if (trace) await t.errRaw(args.join(' ') + (ask ? ' ?...' : '\n'));
		if (ask) {
			const tty = await sys.open('/dev/tty', O_RDONLY);
			let answer = '';
			if (!isErrno(tty)) {
				const r = await sys.read(tty, 256);
				answer = isErrno(r) ? '' : r;
				await sys.close(tty);
			}
			if (!/^[yY]/.test(answer)) continue;
		}
		const path = await findProgram(sys, args[0]!, env.PATH ?? '/bin:/usr/bin');
		const pid = await sys.fork(async (child) => {
			const e = await child.execve(path, args, env);
			await child.write(2, `${t.prog}: ${args[0]}: ${e.message}\n`);
			return e.name === 'ENOENT' ? 127 : 126;
		});
		if (isErrno(pid)) {
			await t.fail('cannot fork', pid);
			return 1;
		}
		const w = await sys.waitpid(pid, 0);
		if (isErrno(w)) continue;
		if (WIFSIGNALED(w.status)) {
			await t.error(`${args[0]}: terminated by signal ${WTERMSIG(w.status)}`);
			return 125;
		}
		const code = WIFEXITED(w.status) ? WEXITSTATUS(w.status) : 0;
		if (code === 126 || code === 127) return code;
		if (code === 255) {
			await t.error(`${args[0]}: exited with status 255; aborting`);
			return 124;
		}
		if (code !== 0) status = 123;
	}
	return status;
}
