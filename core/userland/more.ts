// /bin/more (util-linux 2.11) and /usr/bin/less (less 358, a subset): page text on the terminal,
// reading single keys from it in raw mode; when standard output is not a terminal they copy
// their input like cat (more with `::::::` headers between files).
// SIMPLIFIED: paging forward, by line and half page, and quitting; no search, no going back.
import {
	ECHO,
	ICANON,
	TCGETS,
	TCSETS,
	TIOCGWINSZ,
	VMIN,
	VTIME,
	SIGINT,
	isErrno,
	type Sys,
	type Termios
} from '../syscalls/index.ts';
import { Tool } from './lib/tool.ts';

const STANDOUT = '\x1b[7m',
	STANDEND = '\x1b[27m',
	ERASE_LINE = '\r\x1b[K';

interface Doc {
	name: string;
	text: string;
}

async function load(t: Tool, names: string[]): Promise<{ docs: Doc[]; status: number }> {
	const docs: Doc[] = [];
	let status = 0;
	for (const name of names.length > 0 ? names : ['-']) {
		const st = name === '-' ? null : await t.sys.stat(name);
		if (st && !isErrno(st) && (st.mode & 0o170000) === 0o040000) {
			await t.errRaw(`\n*** ${name}: directory ***\n\n`);
			continue;
		}
		const text = await t.readFile(name);
		if (isErrno(text)) {
			await t.fail(name, text);
			status = 1;
			continue;
		}
		docs.push({ name, text });
	}
	return { docs, status };
}

/** Screen lines of a text line on `cols` columns (tabs to 8). */
function screenLines(line: string, cols: number): number {
	let w = 0;
	for (const c of line) w = c === '\t' ? w + 8 - (w % 8) : w + 1;
	return Math.max(1, Math.ceil(w / cols));
}

/** The terminal's keys one at a time: raw mode on fd, restored by `done`. */
async function rawKeys(
	sys: Sys,
	fd: number
): Promise<{ key: () => Promise<string | null>; done: () => Promise<void> } | null> {
	const saved = await sys.ioctl(fd, TCGETS);
	if (isErrno(saved)) return null;
	const old = saved as Termios;
	const raw: Termios = { ...old, lflag: old.lflag & ~(ICANON | ECHO), cc: [...old.cc] };
	raw.cc[VMIN] = 1;
	raw.cc[VTIME] = 0;
	await sys.ioctl(fd, TCSETS, raw);
	return {
		key: async () => {
			const r = await sys.read(fd, 1);
			return isErrno(r) || r === '' ? null : r;
		},
		done: async () => {
			await sys.ioctl(fd, TCSETS, old);
		}
	};
}

async function pager(
	sys: Sys,
	argv: string[],
	env: Record<string, string>,
	kind: 'more' | 'less'
): Promise<number> {
	const t = new Tool(sys, argv, env);
	const names = argv.slice(1).filter((a) => !/^[-+]/.test(a) || a === '-');
	if (names.length === 0 && (await sys.isatty(0))) {
		await t.errRaw(
			kind === 'more'
				? `usage: ${t.prog} [-dflpcsu] [+linenum | +/pattern] name1 name2 ...\n`
				: 'Missing filename ("less --help" for help)\n'
		);
		return 1;
	}
	const { docs, status } = await load(t, names);
	if (!(await sys.isatty(1))) {
		for (const d of docs) {
			if (kind === 'more' && docs.length > 1) {
				await t.out(`::::::::::::::\n${d.name}\n::::::::::::::\n`);
			}
			await t.out(d.text);
		}
		return t.exit(status);
	}
	const ws = await sys.ioctl(1, TIOCGWINSZ);
	const { cols, rows } = isErrno(ws)
		? { cols: 80, rows: 24 }
		: (ws as { cols: number; rows: number });
	// Commands come from the terminal on stderr (as util-linux more reads them), not the input.
	const keys = await rawKeys(sys, 2);
	let interrupted = false;
	await sys.signal(SIGINT, () => {
		interrupted = true;
	});
	const write = (s: string) => sys.write(1, s);
	if (kind === 'less') await write('\x1b7\x1b[?47h\x1b[H\x1b[2J');
	try {
		for (let di = 0; di < docs.length; di++) {
			const d = docs[di]!;
			const lines = d.text.split('\n');
			if (lines[lines.length - 1] === '') lines.pop();
			const header =
				kind === 'more' && docs.length > 1 ? ['::::::::::::::', d.name, '::::::::::::::'] : [];
			const all = [...header, ...lines];
			let i = 0;
			let bytes = 0;
			let budget = rows - 1;
			for (;;) {
				while (i < all.length && budget > 0) {
					const l = all[i]!;
					budget -= screenLines(l, cols);
					if (budget < 0 && i > 0) break;
					await write(l + '\n');
					if (i >= header.length) bytes += l.length + 1;
					i++;
				}
				const atEnd = i >= all.length;
				// more ends after the last line; less waits at (END) for q; both go on to the next file.
				if (atEnd && (kind === 'more' || di < docs.length - 1)) break;
				let prompt: string;
				if (kind === 'more') {
					prompt =
						d.name === '-'
							? '--More--'
							: `--More--(${Math.floor((bytes * 100) / Math.max(1, d.text.length))}%)`;
				} else prompt = atEnd ? '(END)' : i <= rows - 1 && d.name !== '-' ? d.name : ':';
				await write(prompt === ':' ? ':' : STANDOUT + prompt + STANDEND);
				const k = keys ? await keys.key() : null;
				await write(ERASE_LINE);
				if (k === null || interrupted || k === 'q' || k === 'Q') return status;
				if (k === ' ' || k === 'f' || k === 'z') budget = rows - 1;
				else if (k === '\r' || k === '\n' || k === 'j' || k === 'e') budget = 1;
				else if (k === 'd' || k === '\x04') budget = Math.floor(rows / 2);
				else budget = 0;
			}
		}
		return status;
	} finally {
		if (kind === 'less') await write('\x1b[2J\x1b[?47l\x1b8');
		if (keys) await keys.done();
	}
}

export function more(sys: Sys, argv: string[], env: Record<string, string>): Promise<number> {
	return pager(sys, argv, env, 'more');
}

export function less(sys: Sys, argv: string[], env: Record<string, string>): Promise<number> {
	return pager(sys, argv, env, 'less');
}
