// /bin/touch (fileutils 4.1): creates files and sets their access and modification times.
import { O_CREAT, O_WRONLY, O_NONBLOCK, O_NOCTTY, isErrno, type Sys } from '../syscalls/index.ts';
import { Tool, quote } from './lib/tool.ts';
import { parseDate, parseStamp } from './lib/time.ts';

const usage = `[OPTION]... FILE...
Update the access and modification times of each FILE to the current time.

  -a                     change only the access time
  -c, --no-create        do not create any files
  -d, --date=STRING      parse STRING and use it instead of current time
  -m                     change only the modification time
  -r, --reference=FILE   use this file's times instead of current time
  -t STAMP               use [[CC]YY]MMDDhhmm[.ss] instead of current time
      --help     display this help and exit
      --version  output version information and exit
`;

export async function touch(
	sys: Sys,
	argv: string[],
	env: Record<string, string>
): Promise<number> {
	const t = new Tool(sys, argv, env);
	const p = await t.parse(
		{
			short: 'acd:fmr:t:',
			long: {
				'no-create': { key: 'c' },
				date: { key: 'd', arg: 'required' },
				reference: { key: 'r', arg: 'required' },
				time: { key: 'time', arg: 'required' }
			}
		},
		{ usage, version: 'fileutils 4.1' }
	);
	if (typeof p === 'number') return p;
	const now = await sys.time();
	let atime: number | null = null;
	let mtime: number | null = null;
	let onlyA = false,
		onlyM = false,
		noCreate = false,
		sources = 0;
	for (const o of p.options) {
		if (o.key === 'a') onlyA = true;
		else if (o.key === 'm') onlyM = true;
		else if (o.key === 'c') noCreate = true;
		else if (o.key === 'time') {
			if (/^(access|atime|use)$/.test(o.value!)) onlyA = true;
			else if (/^(modify|mtime)$/.test(o.value!)) onlyM = true;
		} else if (o.key === 'd' || o.key === 't') {
			sources++;
			const v = o.key === 'd' ? parseDate(o.value!, now) : parseStamp(o.value!, now, false);
			if (v === null) {
				await t.error(`invalid date format ${quote(o.value!)}`);
				return 1;
			}
			atime = mtime = v;
		} else if (o.key === 'r') {
			sources++;
			const st = await sys.stat(o.value!);
			if (isErrno(st)) {
				await t.fail(`getting attributes of ${quote(o.value!)}`, st);
				return 1;
			}
			atime = st.atime;
			mtime = st.mtime;
		}
	}
	if (sources > 1) {
		await t.error('cannot specify times from more than one source');
		await t.tryHelp();
		return 1;
	}
	if (p.operands.length === 0) {
		await t.error('file arguments missing');
		await t.tryHelp();
		return 1;
	}
	if (!onlyA && !onlyM) onlyA = onlyM = true;
	let status = 0;
	for (const file of p.operands) {
		let st = await sys.stat(file);
		if (isErrno(st)) {
			if (noCreate) continue;
			const fd = await sys.open(file, O_WRONLY | O_CREAT | O_NONBLOCK | O_NOCTTY, 0o666);
			if (isErrno(fd)) {
				await t.fail(`creating ${quote(file)}`, fd);
				status = 1;
				continue;
			}
			await sys.close(fd);
			// A new file already has the current time; only an explicit time needs setting.
			if (atime === null) continue;
			st = await sys.stat(file);
			if (isErrno(st)) continue;
		}
		const a = onlyA ? (atime ?? now) : st.atime;
		const m = onlyM ? (mtime ?? now) : st.mtime;
		const r = await sys.utimes(file, a, m);
		if (isErrno(r)) {
			await t.fail(`setting times of ${quote(file)}`, r);
			status = 1;
		}
	}
	return t.exit(status);
}
