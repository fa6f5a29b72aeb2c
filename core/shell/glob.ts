// Pathname expansion: a pattern's segments matched against directory listings (getdents),
// hidden names only when the segment starts with a dot, results in byte order.
import { compilePattern, hasGlob, unescapeGlob } from './pattern.ts';
import { O_RDONLY, S_IFDIR, S_IFMT, isErrno, type Sys } from '../syscalls/index.ts';

function join(dir: string, name: string): string {
	if (dir === '') return name;
	return dir.endsWith('/') ? dir + name : dir + '/' + name;
}

/** Pathname expansion: the paths matching `pattern`, sorted in byte order (the C locale). */
export async function globPaths(sys: Sys, pattern: string): Promise<string[]> {
	const absolute = pattern.startsWith('/');
	const segs = pattern.split('/').filter((s, i) => s !== '' || i === 0);
	let paths: string[] = [absolute ? '/' : ''];
	for (let i = absolute ? 1 : 0; i < segs.length; i++) {
		const seg = segs[i]!;
		const last = i === segs.length - 1;
		const next: string[] = [];
		if (!hasGlob(seg)) {
			const lit = unescapeGlob(seg);
			for (const p of paths) next.push(join(p, lit));
			paths = next;
			continue;
		}
		const re = compilePattern(seg);
		const dotOk = seg.startsWith('.') || seg.startsWith('\\.');
		for (const p of paths) {
			const fd = await sys.open(p || '.', O_RDONLY);
			if (isErrno(fd)) continue;
			const ents = await sys.getdents(fd);
			await sys.close(fd);
			if (isErrno(ents)) continue;
			const names = ents
				.map((e) => e.name)
				.filter((n) => (dotOk || !n.startsWith('.')) && re.test(n));
			names.sort();
			for (const n of names) {
				const full = join(p, n);
				if (!last) {
					const st = await sys.stat(full);
					if (isErrno(st) || (st.mode & S_IFMT) !== S_IFDIR) continue;
				}
				next.push(full);
			}
		}
		paths = next;
		if (paths.length === 0) return [];
	}
	// Literal segments after the last pattern must exist.
	const out: string[] = [];
	for (const p of paths) {
		if (isErrno(await sys.lstat(p))) continue;
		out.push(pattern.endsWith('/') ? p + '/' : p);
	}
	return out.sort();
}
