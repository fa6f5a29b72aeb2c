// /usr/bin/du (fileutils 4.1): disk usage of trees in 1K blocks. A file with several links is
// counted once, so a unified vserver shows only what it does not share (see -l).
import { S_IFDIR, S_IFMT, isErrno, type Sys } from '../syscalls/index.ts';
import { Tool, joinPath, quote } from './lib/tool.ts';
import { humanSize } from './lib/human.ts';
import { entries } from './lib/walk.ts';

const usage = `[OPTION]... [FILE]...
Summarize disk usage of each FILE, recursively for directories.

  -a, --all             write counts for all files, not just directories
  -b, --bytes           print size in bytes
  -c, --total           produce a grand total
  -h, --human-readable  print sizes in human readable format (e.g., 1K 234M 2G)
  -k, --kilobytes       like --block-size=1024
  -l, --count-links     count sizes many times if hard linked
  -L, --dereference     dereference all symbolic links
  -S, --separate-dirs   do not include size of subdirectories
  -s, --summarize       display only a total for each argument
  -x, --one-file-system  skip directories on different filesystems
      --max-depth=N     print the total for a directory only if it is N or
                          fewer levels below the command line argument
      --help     display this help and exit
      --version  output version information and exit
`;

interface Opts {
	all: boolean;
	unit: 'k' | 'b' | 'h';
	countLinks: boolean;
	deref: boolean;
	separate: boolean;
	maxDepth: number;
	oneFs: boolean;
	seen: Set<string>;
}

export async function du(sys: Sys, argv: string[], env: Record<string, string>): Promise<number> {
	const t = new Tool(sys, argv, env);
	const p = await t.parse(
		{
			short: 'abchklLmsSxD',
			long: {
				all: { key: 'a' },
				bytes: { key: 'b' },
				total: { key: 'c' },
				'human-readable': { key: 'h' },
				kilobytes: { key: 'k' },
				'count-links': { key: 'l' },
				dereference: { key: 'L' },
				'separate-dirs': { key: 'S' },
				summarize: { key: 's' },
				'one-file-system': { key: 'x' },
				'max-depth': { key: 'depth', arg: 'required' }
			}
		},
		{ usage, version: 'fileutils 4.1' }
	);
	if (typeof p === 'number') return p;
	const o: Opts = {
		all: false,
		unit: 'k',
		countLinks: false,
		deref: false,
		separate: false,
		maxDepth: Infinity,
		oneFs: false,
		seen: new Set()
	};
	let total = false,
		summarize = false;
	for (const opt of p.options) {
		switch (opt.key) {
			case 'a':
				o.all = true;
				break;
			case 'b':
				o.unit = 'b';
				break;
			case 'h':
				o.unit = 'h';
				break;
			case 'k':
				o.unit = 'k';
				break;
			case 'c':
				total = true;
				break;
			case 'l':
				o.countLinks = true;
				break;
			case 'L':
				o.deref = true;
				break;
			case 'S':
				o.separate = true;
				break;
			case 's':
				summarize = true;
				break;
			case 'x':
				o.oneFs = true;
				break;
			case 'depth':
				if (!/^\d+$/.test(opt.value!)) {
					await t.error(`invalid maximum depth ${quote(opt.value!)}`);
					return 1;
				}
				o.maxDepth = Number(opt.value);
				break;
		}
	}
	if (summarize && o.all) {
		await t.error('cannot both summarize and show all entries');
		await t.tryHelp();
		return 1;
	}
	if (summarize) o.maxDepth = 0;
	let status = 0;
	let grand = 0;
	for (const arg of p.operands.length > 0 ? p.operands : ['.']) {
		const r = await walk(t, arg, o, 0, null);
		if (r.failed) status = 1;
		grand += r.blocks;
	}
	if (total) await t.out(`${size(grand, o)}\ttotal\n`);
	return t.exit(status);
}

/** Blocks of 512 bytes as du prints them. */
function size(blocks512: number, o: Opts): string {
	if (o.unit === 'b') return String(blocks512 * 512);
	if (o.unit === 'h') return humanSize(blocks512 * 512);
	return String(Math.ceil(blocks512 / 2));
}

interface Usage {
	blocks: number;
	failed: boolean;
	isDir: boolean;
}

async function walk(
	t: Tool,
	path: string,
	o: Opts,
	depth: number,
	dev: number | null
): Promise<Usage> {
	const sys = t.sys;
	const st = o.deref ? await sys.stat(path) : await sys.lstat(path);
	if (isErrno(st)) {
		await t.fail(quote(path), st);
		return { blocks: 0, failed: true, isDir: false };
	}
	if (!o.countLinks && st.nlink > 1 && (st.mode & S_IFMT) !== S_IFDIR) {
		const key = `${st.dev}:${st.ino}`;
		if (o.seen.has(key)) return { blocks: 0, failed: false, isDir: false };
		o.seen.add(key);
	}
	let blocks = st.blocks;
	let failed = false;
	if ((st.mode & S_IFMT) === S_IFDIR && !(o.oneFs && dev !== null && st.dev !== dev)) {
		const names = await entries(t, path);
		if (isErrno(names)) {
			await t.fail(quote(path), names);
			failed = true;
		} else {
			for (const n of names) {
				const r = await walk(t, joinPath(path, n), o, depth + 1, dev ?? st.dev);
				if (!o.separate || !r.isDir) blocks += r.blocks;
				failed ||= r.failed;
			}
		}
		if (depth <= o.maxDepth) await t.out(`${size(blocks, o)}\t${path}\n`);
		return { blocks, failed, isDir: true };
	}
	if ((o.all && depth <= o.maxDepth) || depth === 0) await t.out(`${size(blocks, o)}\t${path}\n`);
	return { blocks, failed, isDir: false };
}
