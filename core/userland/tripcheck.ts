// tripcheck: a small tripwire-like integrity checker for §3.3 ("intrusion detection such as
// tripwire watching the vserver"). Ours, not a 2003 program: tripwire's own policy language
// and reports are far larger. `tripcheck --init DIR...` records every file's type, mode,
// owner, size, link target and MD5 in a database on the host (/var/lib/tripcheck/db, mode
// 600); `tripcheck` walks the same trees again and reports what was added, removed or changed.
// A vserver cannot reach the database or the checker: both live outside its chroot.
import { O_CREAT, O_TRUNC, O_WRONLY, isErrno, type Sys } from '../syscalls/index.ts';
import { Tool, joinPath } from './lib/tool.ts';
import { entries } from './lib/walk.ts';
import { md5 } from './lib/md5.ts';

const DB = '/var/lib/tripcheck/db';
const S_IFMT = 0o170000,
	S_IFREG = 0o100000,
	S_IFLNK = 0o120000,
	S_IFDIR = 0o040000;

const usage = `[--init DIR...] [--db FILE]
Record (--init) or check the integrity of the files under each DIR.
With no --init, walk the directories the database names and report every
file added, removed or changed since it was recorded.

  -i, --init     record a new database for the directories given
  -d, --db FILE  the database (default ${DB})
      --help     display this help and exit
`;

/** One file's record: the fields compared, space-free (names are escaped). */
interface Rec {
	path: string;
	type: string;
	mode: string;
	owner: string;
	size: string;
	sum: string;
}

const esc = (p: string) => p.replace(/\\/g, '\\\\').replace(/ /g, '\\040').replace(/\n/g, '\\012');
const unesc = (p: string) =>
	p.replace(/\\(\\|040|012)/g, (_, c: string) => (c === '\\' ? '\\' : c === '040' ? ' ' : '\n'));

async function walk(t: Tool, sys: Sys, top: string, out: Rec[], dev: number | null): Promise<void> {
	const st = await sys.lstat(top);
	if (isErrno(st)) {
		await t.fail(top, st);
		return;
	}
	// Like tripwire's default, one filesystem: a mounted /proc or /dev/pts is not walked.
	if (dev !== null && st.dev !== dev) return;
	const fmt = st.mode & S_IFMT;
	let sum = '-';
	if (fmt === S_IFREG) {
		const data = await t.readFile(top);
		sum = isErrno(data) ? '?' : md5(data);
	} else if (fmt === S_IFLNK) {
		const l = await sys.readlink(top);
		sum = isErrno(l) ? '?' : esc(l);
	}
	out.push({
		path: top,
		type: (fmt >> 12).toString(8),
		mode: (st.mode & 0o7777).toString(8),
		owner: `${st.uid}:${st.gid}`,
		size: fmt === S_IFDIR ? '-' : String(st.size),
		sum
	});
	if (fmt !== S_IFDIR) return;
	const names = await entries(t, top);
	if (isErrno(names)) return;
	for (const n of names.sort()) {
		if (out.length % 200 === 0) await t.yield();
		await walk(t, sys, joinPath(top, n), out, st.dev);
	}
}

function line(r: Rec): string {
	return `${esc(r.path)} ${r.type} ${r.mode} ${r.owner} ${r.size} ${r.sum}\n`;
}

function parseDb(text: string): { roots: string[]; recs: Map<string, Rec> } {
	const roots: string[] = [];
	const recs = new Map<string, Rec>();
	for (const l of text.split('\n')) {
		if (l.startsWith('#root ')) roots.push(unesc(l.slice(6)));
		const f = l.split(' ');
		if (l.startsWith('#') || f.length !== 6) continue;
		const r: Rec = {
			path: unesc(f[0]!),
			type: f[1]!,
			mode: f[2]!,
			owner: f[3]!,
			size: f[4]!,
			sum: f[5]!
		};
		recs.set(r.path, r);
	}
	return { roots, recs };
}

export async function tripcheck(
	sys: Sys,
	argv: string[],
	env: Record<string, string>
): Promise<number> {
	const t = new Tool(sys, argv, env);
	const p = await t.parse(
		{ short: 'id:', long: { init: { key: 'i' }, db: { key: 'd', arg: 'required' } } },
		{ usage }
	);
	if (typeof p === 'number') return p;
	const init = p.options.some((o) => o.key === 'i');
	const db = p.options.find((o) => o.key === 'd')?.value ?? DB;
	if (init) {
		if (p.operands.length === 0) {
			await t.error('--init needs the directories to watch');
			await t.tryHelp();
			return 1;
		}
		const recs: Rec[] = [];
		const roots = p.operands.map((d) => (d.length > 1 ? d.replace(/\/+$/, '') : d));
		for (const d of roots) await walk(t, sys, d, recs, null);
		if (db === DB) {
			await sys.mkdir('/var/lib', 0o755);
			await sys.mkdir('/var/lib/tripcheck', 0o700);
		}
		const fd = await sys.open(db, O_WRONLY | O_CREAT | O_TRUNC, 0o600);
		if (isErrno(fd)) {
			await t.fail(db, fd);
			return 1;
		}
		await sys.write(fd, roots.map((r) => `#root ${esc(r)}\n`).join('') + recs.map(line).join(''));
		await sys.close(fd);
		await t.out(`Database ${db}: ${recs.length} files under ${roots.join(' ')}\n`);
		return t.exit(0);
	}
	if (p.operands.length > 0) {
		await t.error(`extra operand \`${p.operands[0]}'`);
		await t.tryHelp();
		return 1;
	}
	const text = await t.readFile(db);
	if (isErrno(text)) {
		await t.fail(db, text);
		return 1;
	}
	const { roots, recs } = parseDb(text);
	const now: Rec[] = [];
	for (const d of roots) await walk(t, sys, d, now, null);
	let changed = 0,
		added = 0,
		removed = 0;
	const seen = new Set<string>();
	for (const r of now) {
		seen.add(r.path);
		const old = recs.get(r.path);
		if (!old) {
			added++;
			await t.out(`added:   ${r.path}\n`);
			continue;
		}
		const what = (['type', 'mode', 'owner', 'size', 'sum'] as const).filter((k) => old[k] !== r[k]);
		if (what.length > 0) {
			changed++;
			await t.out(
				`changed: ${r.path} (${what.map((k) => (k === 'sum' ? (r.type === '12' ? 'target' : 'md5') : k)).join(', ')})\n`
			);
		}
	}
	for (const path of recs.keys()) {
		if (!seen.has(path)) {
			removed++;
			await t.out(`removed: ${path}\n`);
		}
	}
	await t.out(
		`${now.length} files checked: ${changed} changed, ${added} added, ${removed} removed\n`
	);
	// tripwire's exit status is a bit mask of what it found: 1 added, 2 removed, 4 changed.
	return t.exit((added ? 1 : 0) | (removed ? 2 : 0) | (changed ? 4 : 0));
}
