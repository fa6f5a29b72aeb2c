// man: a manual page generated from the program's own help, got by running `NAME --help` with
// its output captured, then laid out as man(1) pages look. SIMPLIFIED: no troff sources and no
// pager; the page is the program's help data, so it never drifts from the program.
import { isErrno, O_RDONLY, SIGKILL, type Sys } from '../syscalls/index.ts';
import { Tool } from './lib/tool.ts';

const SECTIONS: [string, string[]][] = [
	['1', ['/bin', '/usr/bin']],
	['8', ['/sbin', '/usr/sbin']]
];

/** Runs `path --help` with stdin from /dev/null; its stdout and stderr, or null after 2 s. */
async function helpOf(
	sys: Sys,
	path: string,
	name: string,
	env: Record<string, string>
): Promise<string | null> {
	const p = await sys.pipe();
	if (isErrno(p)) return null;
	const [r, w] = p;
	const child = await sys.fork(async (c) => {
		const nul = await c.open('/dev/null', O_RDONLY);
		if (!isErrno(nul)) await c.dup2(nul, 0);
		await c.dup2(w, 1);
		await c.dup2(w, 2);
		await c.close(r);
		await c.close(w);
		await c.execve(path, [name, '--help'], env);
		return 127;
	});
	await sys.close(w);
	if (isErrno(child)) {
		await sys.close(r);
		return null;
	}
	let out = '';
	for (;;) {
		const ready = await sys.poll([{ fd: r, read: true }], 2000);
		if (isErrno(ready) || ready.length === 0) {
			await sys.kill(child, SIGKILL);
			break;
		}
		const chunk = await sys.read(r, 65536);
		if (isErrno(chunk) || chunk === '') break;
		out += chunk;
	}
	await sys.close(r);
	await sys.waitpid(child);
	return out;
}

/** A header or footer line: left, centre and right parts spread over the width. */
function threeColumns(a: string, b: string, c: string, width: number): string {
	const gap = Math.max(2, width - a.length - b.length - c.length);
	const left = Math.floor(gap / 2);
	return a + ' '.repeat(left) + b + ' '.repeat(gap - left) + c;
}

/** The page: header and footer lines as man prints them, the help as the description. */
export function page(name: string, section: string, help: string, width = 80): string {
	const title = `${name.toUpperCase()}(${section})`;
	const middle = section === '8' ? "System Manager's Manual" : 'User Commands';
	const head = threeColumns(title, middle, title, width);
	const lines = help.replace(/\s+$/, '').split('\n');
	const usageAt = lines.findIndex((l) => /^\s*(usage|Usage):?/i.test(l));
	const synopsis =
		usageAt === -1 ? [name] : [lines[usageAt]!.replace(/^\s*(usage|Usage):?\s*/, '')];
	// Continuation lines of the usage (the "or:" lines and indented alternatives) belong to it.
	let i = usageAt + 1;
	while (
		usageAt !== -1 &&
		i < lines.length &&
		/^\s+(or:|\S)/.test(lines[i]!) &&
		!/^\s*-/.test(lines[i]!)
	) {
		synopsis.push(lines[i++]!.trim());
	}
	const rest = usageAt === -1 ? lines : [...lines.slice(0, usageAt), ...lines.slice(i)];
	const indent = (l: string): string => (l.trim() === '' ? '' : '       ' + l);
	const body = [
		head,
		'',
		'NAME',
		`       ${name}`,
		'',
		'SYNOPSIS',
		...synopsis.map(indent),
		'',
		'DESCRIPTION',
		...rest.map(indent).filter((l, k, a) => !(l === '' && (k === 0 || a[k - 1] === ''))),
		'',
		threeColumns('vserver-lab', 'March 2003', title, width)
	];
	return body.join('\n').replace(/\n{3,}/g, '\n\n') + '\n';
}

export async function man(sys: Sys, argv: string[], env: Record<string, string>): Promise<number> {
	const t = new Tool(sys, argv, env);
	let args = argv.slice(1);
	let wanted: string | null = null;
	if (args[0] && /^[18]$/.test(args[0])) {
		wanted = args[0];
		args = args.slice(1);
	}
	if (args.length === 0) {
		await t.errRaw('What manual page do you want?\n');
		return 1;
	}
	let status = 0;
	for (const name of args) {
		let found: { path: string; section: string } | null = null;
		for (const [section, dirs] of SECTIONS) {
			if (wanted && wanted !== section) continue;
			for (const d of dirs) {
				if (!isErrno(await sys.stat(`${d}/${name}`))) {
					found = { path: `${d}/${name}`, section };
					break;
				}
			}
			if (found) break;
		}
		const help = found ? await helpOf(sys, found.path, name, env) : null;
		if (!found || !help || help.trim() === '') {
			await t.errRaw(
				wanted
					? `No entry for ${name} in section ${wanted} of the manual\n`
					: `No manual entry for ${name}\n`
			);
			status = 1;
			continue;
		}
		await t.out(page(name, found.section, help));
	}
	return t.exit(status);
}
