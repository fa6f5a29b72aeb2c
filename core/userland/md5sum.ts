// /usr/bin/md5sum (textutils 2.0.21): prints or checks MD5 checksums.
import { isErrno, type Sys } from '../syscalls/index.ts';
import { Tool, splitLines } from './lib/tool.ts';
import { md5 } from './lib/md5.ts';

const usage = `[OPTION] [FILE]...
  or:  md5sum [OPTION] --check [FILE]
Print or check MD5 (128-bit) checksums.
With no FILE, or when FILE is -, read standard input.

  -b, --binary            read files in binary mode (default on DOS/Windows)
  -c, --check             check MD5 sums against given list
  -t, --text              read files in text mode (default)
      --status            don't output anything, status code shows success
  -w, --warn              warn about improperly formatted MD5 checksum lines
      --help              display this help and exit
      --version           output version information and exit
`;

export async function md5sum(
	sys: Sys,
	argv: string[],
	env: Record<string, string>
): Promise<number> {
	const t = new Tool(sys, argv, env);
	const p = await t.parse(
		{
			short: 'bctw',
			long: {
				binary: { key: 'b' },
				check: { key: 'c' },
				text: { key: 't' },
				status: { key: 'status' },
				warn: { key: 'w' }
			}
		},
		{ usage, version: 'textutils 2.0.21' }
	);
	if (typeof p === 'number') return p;
	const has = (k: string) => p.options.some((o) => o.key === k);
	const binary = has('b');
	const files = p.operands.length > 0 ? p.operands : ['-'];
	let status = 0;
	if (!has('c')) {
		for (const f of files) {
			const data = await t.readFile(f);
			if (isErrno(data)) {
				await t.fail(f, data);
				status = 1;
				continue;
			}
			await t.out(`${md5(data)} ${binary ? '*' : ' '}${f}\n`);
		}
		return t.exit(status);
	}
	const quiet = has('status');
	const list = files[0]!;
	const text = await t.readFile(list);
	if (isErrno(text)) {
		await t.fail(list, text);
		return 1;
	}
	let lines = 0,
		failed = 0,
		unreadable = 0;
	for (const line of splitLines(text)) {
		const m = /^([0-9a-fA-F]{32}) [ *](.+)$/.exec(line);
		if (!m) continue;
		lines++;
		const data = await t.readFile(m[2]!);
		if (isErrno(data)) {
			await t.fail(m[2]!, data);
			if (!quiet) await t.out(`${m[2]}: FAILED open or read\n`);
			unreadable++;
			continue;
		}
		const ok = md5(data) === m[1]!.toLowerCase();
		if (!ok) failed++;
		if (!quiet) await t.out(`${m[2]}: ${ok ? 'OK' : 'FAILED'}\n`);
	}
	await t.flush();
	if (lines === 0) {
		await t.error(
			`${list === '-' ? 'standard input' : list}: no properly formatted MD5 checksum lines found`
		);
		return 1;
	}
	if (!quiet) {
		if (unreadable > 0) {
			await t.error(
				`WARNING: ${unreadable} of ${lines} listed ${lines === 1 ? 'file' : 'files'} could not be read`
			);
		}
		if (failed > 0) {
			await t.error(
				`WARNING: ${failed} of ${lines - unreadable} computed ${lines - unreadable === 1 ? 'checksum' : 'checksums'} did NOT match`
			);
		}
	}
	return failed > 0 || unreadable > 0 ? 1 : 0;
}
