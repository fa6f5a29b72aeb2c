// /usr/bin/head and /usr/bin/tail (textutils 2.0.21): the first or last lines or bytes of files;
// tail -f keeps reading a growing file.
import { SEEK_SET, isErrno, type Sys } from '../syscalls/index.ts';
import { Tool } from './lib/tool.ts';

const headUsage = `[OPTION]... [FILE]...
Print first 10 lines of each FILE to standard output.
With more than one FILE, precede each with a header giving the file name.
With no FILE, or when FILE is -, read standard input.

  -c, --bytes=SIZE         print first SIZE bytes
  -n, --lines=NUMBER       print first NUMBER lines instead of first 10
  -q, --quiet, --silent    never print headers giving file names
  -v, --verbose            always print headers giving file names
      --help               display this help and exit
      --version            output version information and exit

SIZE may have a multiplier suffix: b for 512, k for 1K, m for 1 Meg.
`;

const tailUsage = `[OPTION]... [FILE]...
Print the last 10 lines of each FILE to standard output.
With more than one FILE, precede each with a header giving the file name.
With no FILE, or when FILE is -, read standard input.

  -c, --bytes=N            output the last N bytes
  -f, --follow             output appended data as the file grows
  -n, --lines=N            output the last N lines, instead of the last 10
  -q, --quiet, --silent    never output headers giving file names
  -s, --sleep-interval=S   with -f, sleep S seconds between iterations
  -v, --verbose            always output headers giving file names
      --help               display this help and exit
      --version            output version information and exit

If the first character of N (the number of bytes or lines) is a \`+',
print beginning with the Nth item from the start of each file, otherwise,
print the last N items in the file.
`;

/** A count with head's multiplier suffixes; null if invalid. */
function count(text: string): number | null {
	const m = /^(\d+)([bkm]?)$/.exec(text);
	if (!m) return null;
	const mult = m[2] === 'b' ? 512 : m[2] === 'k' ? 1024 : m[2] === 'm' ? 1048576 : 1;
	return Number(m[1]) * mult;
}

/** Old `-N`/`+N[bcl][f]` forms as the first argument become today's options. */
function obsolete(argv: string[], plusAllowed: boolean): string[] {
	const a = argv[1];
	const m =
		a === undefined
			? null
			: (plusAllowed ? /^([-+])(\d+)([bcl]?)(f?)$/ : /^(-)(\d+)([bcl]?)()$/).exec(a);
	if (!m) return argv;
	const n = (m[1] === '+' ? '+' : '') + m[2] + (m[3] === 'b' ? 'b' : '');
	const opts = [m[3] === 'c' || m[3] === 'b' ? '-c' : '-n', n];
	if (m[4]) opts.push('-f');
	return [argv[0]!, ...opts, ...argv.slice(2)];
}

async function header(t: Tool, name: string, first: boolean): Promise<void> {
	await t.out(`${first ? '' : '\n'}==> ${name === '-' ? 'standard input' : name} <==\n`);
}

export async function head(sys: Sys, argv: string[], env: Record<string, string>): Promise<number> {
	const t = new Tool(sys, obsolete(argv, false), env);
	const p = await t.parse(
		{
			short: 'c:n:qv',
			long: {
				bytes: { key: 'c', arg: 'required' },
				lines: { key: 'n', arg: 'required' },
				quiet: { key: 'q' },
				silent: { key: 'q' },
				verbose: { key: 'v' }
			}
		},
		{ usage: headUsage, version: 'textutils 2.0.21' }
	);
	if (typeof p === 'number') return p;
	let n = 10;
	let bytes = false;
	let headers: boolean | null = null;
	for (const o of p.options) {
		if (o.key === 'c' || o.key === 'n') {
			const v = count(o.value!);
			if (v === null) {
				await t.error(`${o.value}: invalid number of ${o.key === 'c' ? 'bytes' : 'lines'}`);
				return 1;
			}
			n = v;
			bytes = o.key === 'c';
		} else if (o.key === 'q') headers = false;
		else if (o.key === 'v') headers = true;
	}
	const files = p.operands.length > 0 ? p.operands : ['-'];
	const show = headers ?? files.length > 1;
	let status = 0;
	let first = true;
	for (const f of files) {
		const fd = await t.openInput(f);
		if (isErrno(fd)) {
			await t.fail(f, fd);
			status = 1;
			continue;
		}
		if (show) await header(t, f, first);
		first = false;
		let left = n;
		while (left > 0) {
			const r = await sys.read(fd, bytes ? Math.min(left, 4096) : 4096);
			if (isErrno(r)) {
				await t.fail(f, r);
				status = 1;
				break;
			}
			if (r === '') break;
			if (bytes) {
				await t.out(r);
				left -= r.length;
				continue;
			}
			let i = 0;
			while (left > 0) {
				const nl = r.indexOf('\n', i);
				if (nl === -1) {
					i = r.length;
					break;
				}
				i = nl + 1;
				left--;
			}
			await t.out(r.slice(0, i));
			// Give back what was read past the last line, where the input can seek (as head does).
			if (left === 0 && i < r.length) await sys.lseek(fd, i - r.length, 1);
		}
		await t.closeInput(fd);
	}
	return t.exit(status);
}

export async function tail(sys: Sys, argv: string[], env: Record<string, string>): Promise<number> {
	const t = new Tool(sys, obsolete(argv, true), env);
	const p = await t.parse(
		{
			short: 'c:n:fqs:v',
			long: {
				bytes: { key: 'c', arg: 'required' },
				lines: { key: 'n', arg: 'required' },
				follow: { key: 'f', arg: 'optional' },
				quiet: { key: 'q' },
				silent: { key: 'q' },
				'sleep-interval': { key: 's', arg: 'required' },
				verbose: { key: 'v' }
			}
		},
		{ usage: tailUsage, version: 'textutils 2.0.21' }
	);
	if (typeof p === 'number') return p;
	let n = 10;
	let fromStart = false;
	let bytes = false;
	let follow = false;
	let interval = 1;
	let headers: boolean | null = null;
	for (const o of p.options) {
		if (o.key === 'c' || o.key === 'n') {
			const text = o.value!.replace(/^-/, '');
			const v = count(text.replace(/^\+/, ''));
			if (v === null) {
				await t.error(`${o.value}: invalid number of ${o.key === 'c' ? 'bytes' : 'lines'}`);
				return 1;
			}
			n = v;
			fromStart = text.startsWith('+');
			bytes = o.key === 'c';
		} else if (o.key === 'f') follow = true;
		else if (o.key === 'q') headers = false;
		else if (o.key === 'v') headers = true;
		else if (o.key === 's') {
			interval = Number(o.value);
			if (!Number.isFinite(interval) || interval < 0) {
				await t.error(`${o.value}: invalid number of seconds`);
				return 1;
			}
		}
	}
	const files = p.operands.length > 0 ? p.operands : ['-'];
	const show = headers ?? files.length > 1;
	let status = 0;
	let first = true;
	const followed: { name: string; fd: number; pos: number }[] = [];
	for (const f of files) {
		const fd = await t.openInput(f);
		if (isErrno(fd)) {
			await t.fail(f, fd);
			status = 1;
			continue;
		}
		if (show) await header(t, f, first);
		first = false;
		const data = await t.readAll(fd);
		if (isErrno(data)) {
			await t.fail(f, data);
			status = 1;
			await t.closeInput(fd);
			continue;
		}
		await t.out(lastPart(data, n, bytes, fromStart));
		if (follow && f !== '-') followed.push({ name: f, fd, pos: data.length });
		else await t.closeInput(fd);
	}
	await t.flush();
	if (followed.length === 0) return t.exit(status);
	// tail -f: look for appended data every interval, until a signal ends us.
	let last = followed[followed.length - 1]!;
	for (;;) {
		await sys.sleep(interval * 1000);
		for (const f of followed) {
			const st = await sys.fstat(f.fd);
			if (isErrno(st)) continue;
			if (st.size < f.pos) {
				await t.error(`${f.name}: file truncated`);
				await sys.lseek(f.fd, 0, SEEK_SET);
				f.pos = 0;
			}
			const more = await t.readAll(f.fd);
			if (isErrno(more) || more === '') continue;
			if (show && f !== last) await header(t, f.name, false);
			last = f;
			f.pos += more.length;
			await t.out(more);
			await t.flush();
		}
	}
}

function lastPart(data: string, n: number, bytes: boolean, fromStart: boolean): string {
	if (bytes) return fromStart ? data.slice(Math.max(0, n - 1)) : n === 0 ? '' : data.slice(-n);
	if (fromStart) {
		let i = 0;
		for (let k = 1; k < n && i !== -1; k++) {
			const nl = data.indexOf('\n', i);
			i = nl === -1 ? -1 : nl + 1;
		}
		return i === -1 ? '' : data.slice(i);
	}
	if (n === 0) return '';
	// Count newlines from the end; a final unterminated line counts as a line.
	let end = data.endsWith('\n') ? data.length - 1 : data.length;
	let i = end;
	let lines = 0;
	while (i > 0) {
		const nl = data.lastIndexOf('\n', i - 1);
		lines++;
		if (lines === n || nl === -1) {
			i = nl + 1;
			break;
		}
		i = nl;
	}
	end = i;
	return data.slice(Math.max(0, end));
}
