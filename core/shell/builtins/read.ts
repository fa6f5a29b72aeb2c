// The read builtin (IFS splitting, backslashes, -r -p -s -n -t -d). Boot and login never read a
// line this way, so it loads with later.ts the first time a script or a user runs it.
import type { Shell } from '../interpreter.ts';
import {
	ECHO,
	ICANON,
	SEEK_CUR,
	S_IFMT,
	S_IFREG,
	TCGETS,
	TCSETS,
	VMIN,
	isErrno,
	type Termios
} from '../../syscalls/index.ts';

/** Reads up to the delimiter: byte by byte from pipes and terminals (so nothing is stolen from
 * the next command), by blocks with an lseek back from regular files, as bash does. */
async function readRecord(
	sh: Shell,
	fd: number,
	delim: string,
	max: number,
	timeoutMs: number
): Promise<{ text: string; eof: boolean; interrupted: boolean }> {
	const st = await sh.sys.fstat(fd);
	const regular = !isErrno(st) && (st.mode & S_IFMT) === S_IFREG;
	let text = '';
	for (;;) {
		if (max >= 0 && text.length >= max) return { text, eof: false, interrupted: false };
		if (timeoutMs >= 0) {
			const p = await sh.sys.poll([{ fd, read: true }], timeoutMs);
			if (!isErrno(p) && p.length === 0) return { text, eof: true, interrupted: false };
		}
		const want = regular ? 128 : 1;
		const r = await sh.sys.read(fd, max >= 0 ? Math.min(want, max - text.length) : want);
		if (isErrno(r)) {
			if (r.name === 'EINTR') {
				if (sh.interrupted || sh.pendingTraps.length > 0) {
					return { text, eof: false, interrupted: true };
				}
				continue;
			}
			return { text, eof: true, interrupted: false };
		}
		if (r === '') return { text, eof: true, interrupted: false };
		const at = r.indexOf(delim);
		if (at === -1) {
			text += r;
			continue;
		}
		if (regular && at < r.length - 1) await sh.sys.lseek(fd, -(r.length - at - 1), SEEK_CUR);
		// A backslash before the delimiter continues the line (unless -r); the caller handles it.
		return { text: text + r.slice(0, at) + '\n', eof: false, interrupted: false };
	}
}

export async function read(sh: Shell, argv: string[]): Promise<number> {
	let raw = false;
	let silent = false;
	let prompt = '';
	let nchars = -1;
	let timeout = -1;
	let delim = '\n';
	let i = 1;
	for (; i < argv.length; i++) {
		const a = argv[i]!;
		if (a === '--') {
			i++;
			break;
		}
		if (!a.startsWith('-') || a === '-') break;
		for (let j = 1; j < a.length; j++) {
			const c = a[j]!;
			const value = (): string | null => {
				const v = a.slice(j + 1) || argv[++i];
				j = a.length;
				return v ?? null;
			};
			if (c === 'r') raw = true;
			else if (c === 's') silent = true;
			else if (c === 'e') continue;
			else if (c === 'p' || c === 'n' || c === 't' || c === 'd') {
				const v = value();
				if (v === null) {
					await sh.error(`read: -${c}: option requires an argument`);
					return 2;
				}
				if (c === 'p') prompt = v;
				else if (c === 'd') delim = v[0] ?? '\0';
				else if (!/^[0-9]+$/.test(v)) {
					await sh.error(`read: ${v}: invalid ${c === 'n' ? 'number' : 'timeout specification'}`);
					return 1;
				} else if (c === 'n') nchars = Number(v);
				else timeout = Number(v) * 1000;
			} else {
				await sh.error(`read: -${c}: invalid option`);
				await sh.write(
					2,
					'read: usage: read [-ers] [-t timeout] [-p prompt] [-n nchars] [-d delim] [name ...]\n'
				);
				return 2;
			}
		}
	}
	const names = argv.slice(i);
	for (const n of names) {
		if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(n)) {
			await sh.error(`read: \`${n}': not a valid identifier`);
			return 1;
		}
	}
	const tty = await sh.sys.isatty(0);
	if (prompt && tty) await sh.write(2, prompt);
	let saved: Termios | null = null;
	if (tty && (silent || nchars >= 0)) {
		const t = await sh.sys.ioctl(0, TCGETS);
		if (!isErrno(t)) {
			saved = t as Termios;
			const m = { ...saved, cc: [...saved.cc] };
			if (silent) m.lflag &= ~ECHO;
			if (nchars >= 0) {
				m.lflag &= ~ICANON;
				m.cc[VMIN] = 1;
			}
			await sh.sys.ioctl(0, TCSETS, m);
		}
	}
	// Characters after a backslash are protected from splitting (marked by a \0 prefix here).
	let line = '';
	let eof: boolean;
	let interrupted: boolean;
	try {
		for (;;) {
			const r = await readRecord(sh, 0, delim, nchars >= 0 ? nchars - line.length : -1, timeout);
			eof = r.eof;
			interrupted = r.interrupted;
			let t = r.text;
			const ended = t.endsWith('\n') && !eof;
			if (ended) t = t.slice(0, -1);
			if (raw) {
				line += t;
				break;
			}
			let cont = false;
			for (let k = 0; k < t.length; k++) {
				if (t[k] === '\\') {
					if (k + 1 < t.length) line += '\0' + t[++k];
					else if (ended) cont = true;
				} else line += t[k];
			}
			if (!cont || eof || interrupted) break;
		}
	} finally {
		if (saved) await sh.sys.ioctl(0, TCSETS, saved);
	}
	if (interrupted) return sh.interrupted ? 130 : 128 + (sh.pendingTraps[0] ?? 2);
	const plain = (s: string): string => s.replace(/\0([\s\S])/g, '$1');
	if (names.length === 0) {
		sh.setVar('REPLY', plain(line));
		return eof && line === '' ? 1 : 0;
	}
	const fields = splitRead(line, sh.lookup('IFS') ?? ' \t\n', names.length);
	for (let k = 0; k < names.length; k++) {
		const err = sh.setVar(names[k]!, plain(fields[k] ?? ''));
		if (err) {
			await sh.error(err);
			return 1;
		}
	}
	return eof && line === '' ? 1 : 0;
}

/** Splits a line for `read`: the last name takes the rest, IFS whitespace trimmed at the ends. */
function splitRead(line: string, ifs: string, count: number): string[] {
	const isWs = (c: string): boolean => (c === ' ' || c === '\t' || c === '\n') && ifs.includes(c);
	const isDelim = (s: string, k: number): boolean =>
		ifs.includes(s[k]!) && (k === 0 || s[k - 1] !== '\0');
	const out: string[] = [];
	let k = 0;
	const n = line.length;
	while (k < n && isWs(line[k]!) && isDelim(line, k)) k++;
	while (out.length < count - 1 && k < n) {
		let j = k;
		while (j < n && !isDelim(line, j)) j++;
		out.push(line.slice(k, j));
		k = j;
		// Skip one delimiter with the IFS whitespace around it.
		while (k < n && isWs(line[k]!) && isDelim(line, k)) k++;
		if (k < n && isDelim(line, k) && !isWs(line[k]!)) {
			k++;
			while (k < n && isWs(line[k]!) && isDelim(line, k)) k++;
		}
	}
	let rest = line.slice(k);
	let e = rest.length;
	while (e > 0 && isWs(rest[e - 1]!) && (e === 1 || rest[e - 2] !== '\0')) e--;
	rest = rest.slice(0, e);
	if (rest !== '' || out.length < count) out.push(rest);
	return out;
}
