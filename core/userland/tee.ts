// /usr/bin/tee (sh-utils 2.0.11): copies standard input to standard output and to files.
import {
	O_APPEND,
	O_CREAT,
	O_TRUNC,
	O_WRONLY,
	SIGINT,
	isErrno,
	type Sys
} from '../syscalls/index.ts';
import { Tool } from './lib/tool.ts';

const usage = `[OPTION]... [FILE]...
Copy standard input to each FILE, and also to standard output.

  -a, --append              append to the given FILEs, do not overwrite
  -i, --ignore-interrupts   ignore interrupt signals
      --help                display this help and exit
      --version             output version information and exit
`;

export async function tee(sys: Sys, argv: string[], env: Record<string, string>): Promise<number> {
	const t = new Tool(sys, argv, env);
	const p = await t.parse(
		{ short: 'ai', long: { append: { key: 'a' }, 'ignore-interrupts': { key: 'i' } } },
		{ usage, version: 'sh-utils 2.0.11' }
	);
	if (typeof p === 'number') return p;
	const append = p.options.some((o) => o.key === 'a');
	if (p.options.some((o) => o.key === 'i')) await sys.signal(SIGINT, 'ignore');
	let status = 0;
	const fds: number[] = [];
	for (const f of p.operands) {
		const fd = await sys.open(f, O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC), 0o666);
		if (isErrno(fd)) {
			await t.fail(f, fd);
			status = 1;
		} else fds.push(fd);
	}
	for (;;) {
		const r = await sys.read(0, 4096);
		if (isErrno(r)) {
			await t.fail('read error', r);
			status = 1;
			break;
		}
		if (r === '') break;
		await sys.write(1, r);
		for (const fd of fds) await sys.write(fd, r);
	}
	for (const fd of fds) await sys.close(fd);
	return status;
}
