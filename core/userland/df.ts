// /bin/df (fileutils 4.1): free space of the mounted filesystems listed in /etc/mtab, from
// statfs(2). Filesystems with no blocks (proc, devpts) are left out unless -a.
import { isErrno, type Statfs, type Sys } from '../syscalls/index.ts';
import { Tool, quote, splitLines } from './lib/tool.ts';
import { humanSize } from './lib/human.ts';

const usage = `[OPTION]... [FILE]...
Show information about the filesystem on which each FILE resides,
or all filesystems by default.

  -a, --all             include filesystems having 0 blocks
  -h, --human-readable  print sizes in human readable format (e.g., 1K 234M 2G)
  -i, --inodes          list inode information instead of block usage
  -k, --kilobytes       like --block-size=1024
  -P, --portability     use the POSIX output format
  -T, --print-type      print filesystem type
      --help     display this help and exit
      --version  output version information and exit
`;

interface MountEntry {
	dev: string;
	dir: string;
	type: string;
}

interface Opts {
	all: boolean;
	human: boolean;
	inodes: boolean;
	posix: boolean;
	type: boolean;
}

export async function df(sys: Sys, argv: string[], env: Record<string, string>): Promise<number> {
	const t = new Tool(sys, argv, env);
	const p = await t.parse(
		{
			short: 'ahHikmPTvlt:x:',
			long: {
				all: { key: 'a' },
				'human-readable': { key: 'h' },
				inodes: { key: 'i' },
				kilobytes: { key: 'k' },
				portability: { key: 'P' },
				'print-type': { key: 'T' }
			}
		},
		{ usage, version: 'fileutils 4.1' }
	);
	if (typeof p === 'number') return p;
	const o: Opts = { all: false, human: false, inodes: false, posix: false, type: false };
	for (const { key } of p.options) {
		if (key === 'a') o.all = true;
		else if (key === 'h' || key === 'H') o.human = true;
		else if (key === 'k') o.human = false;
		else if (key === 'i') o.inodes = true;
		else if (key === 'P') o.posix = true;
		else if (key === 'T') o.type = true;
	}
	const mtab = await t.readFile('/etc/mtab');
	const mounts: MountEntry[] = [];
	if (isErrno(mtab)) {
		await t.fail(
			`${p.operands.length > 0 ? 'Warning: ' : ''}cannot read table of mounted filesystems`,
			mtab
		);
		if (p.operands.length === 0) return 1;
	} else {
		for (const line of splitLines(mtab)) {
			const f = line.split(/\s+/);
			if (f.length >= 3) mounts.push({ dev: f[0]!, dir: f[1]!, type: f[2]! });
		}
	}
	await t.out(headerLine(o));
	let status = 0;
	if (p.operands.length === 0) {
		for (const m of mounts) {
			const s = await sys.statfs(m.dir);
			if (isErrno(s)) {
				await t.fail(quote(m.dir), s);
				status = 1;
				continue;
			}
			if (s.blocks === 0 && !o.all) continue;
			await t.out(row(m, s, o));
		}
		return t.exit(status);
	}
	const cwd = await sys.getcwd();
	for (const f of p.operands) {
		const st = await sys.stat(f);
		if (isErrno(st)) {
			await t.fail(quote(f), st);
			status = 1;
			continue;
		}
		// The mount whose directory is the longest prefix of the file's absolute name.
		// SIMPLIFIED: the name is made absolute without resolving symbolic links (realpath).
		const abs = normalize(f.startsWith('/') ? f : `${isErrno(cwd) ? '/' : cwd}/${f}`);
		let best: MountEntry | null = null;
		for (const m of mounts) {
			if (
				(m.dir === '/' || abs === m.dir || abs.startsWith(m.dir + '/')) &&
				(!best || m.dir.length > best.dir.length)
			) {
				best = m;
			}
		}
		const s = await sys.statfs(f);
		if (isErrno(s)) {
			await t.fail(quote(f), s);
			status = 1;
			continue;
		}
		await t.out(row(best ?? { dev: '-', dir: abs, type: '-' }, s, o));
	}
	return t.exit(status);
}

function normalize(path: string): string {
	const out: string[] = [];
	for (const part of path.split('/')) {
		if (part === '' || part === '.') continue;
		if (part === '..') out.pop();
		else out.push(part);
	}
	return '/' + out.join('/');
}

function headerLine(o: Opts): string {
	let h = 'Filesystem ' + (o.type ? '   Type' : '       ');
	if (o.inodes) h += '    Inodes   IUsed   IFree IUse%';
	else if (o.human) h += '    Size  Used Avail Use%';
	else if (o.posix) h += ' 1024-blocks      Used Available Capacity';
	else h += '   1k-blocks      Used Available Use%';
	return h + ' Mounted on\n';
}

function row(m: MountEntry, s: Statfs, o: Opts): string {
	let line: string;
	if (o.type) {
		line =
			m.dev.length + m.type.length + 2 < 20
				? `${m.dev}${m.type.padStart(18 - m.dev.length)}  `
				: `${m.dev}\n${m.type.padStart(18)}  `;
	} else line = m.dev.length > 20 && !o.posix ? `${m.dev}\n${' '.repeat(20)}` : m.dev.padEnd(20);
	let total: number, used: number, avail: number, width: number;
	let fmt = (n: number) => String(n);
	if (o.inodes) {
		total = s.files;
		used = s.files - s.ffree;
		avail = s.ffree;
		width = 7;
	} else {
		const k = s.bsize / 1024;
		total = Math.round(s.blocks * k);
		used = Math.ceil((s.blocks - s.bfree) * k);
		avail = Math.floor(s.bavail * k);
		width = o.human ? 5 : 9;
		if (o.human) fmt = (n: number) => humanSize(n * 1024);
	}
	line += ` ${fmt(total).padStart(width)} ${fmt(used).padStart(width)} ${fmt(avail).padStart(width)} `;
	const useWidth = o.posix ? 8 : 4;
	line +=
		used + avail === 0
			? '-'.padStart(useWidth)
			: `${String(Math.ceil((used * 100) / (used + avail))).padStart(useWidth - 1)}%`;
	line += ` ${m.dir}\n`;
	return line;
}
