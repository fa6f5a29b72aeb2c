// /usr/sbin/vdu (vserver 0.22): the size of a directory tree counting only the regular files with
// a single link, so a unified vserver shows what it owns alone (reference §3.7). Bytes, not
// blocks, summed and printed in whole KiB as `DIR<TAB>NK`; it stays on one filesystem.
import {
	O_DIRECTORY,
	O_RDONLY,
	S_IFDIR,
	S_IFMT,
	S_IFREG,
	isErrno,
	type Sys
} from '../syscalls/index.ts';
import { FAILED, say } from './chcontext.ts';

const USAGE = `vdu version 0.22
vdu directory ...

Adds up the sizes of the files of each directory tree, leaving out the
files that have more than one link (the ones a unified vserver shares).
`;

/** Adds the tree's single-link bytes to `total.size`; false after a message when it fails. */
async function walk(sys: Sys, path: string, total: { size: number }): Promise<boolean> {
	const fd = await sys.open(path, O_RDONLY | O_DIRECTORY);
	if (isErrno(fd)) {
		await say(sys, 2, `Can't open directory ${path} (${fd.message})\n`);
		return false;
	}
	const here = await sys.fstat(fd);
	const names: string[] = [];
	for (;;) {
		const r = await sys.getdents(fd);
		if (isErrno(r) || r.length === 0) break;
		for (const d of r) names.push(d.name);
	}
	await sys.close(fd);
	let ok = true;
	for (const name of names) {
		if (name === '.' || name === '..') continue;
		const full = `${path}/${name}`;
		const st = await sys.lstat(full);
		if (isErrno(st)) {
			await say(sys, 2, `Can't stat ${full} (${st.message})\n`);
			return false;
		}
		if ((st.mode & S_IFMT) === S_IFREG) {
			if (st.nlink === 1) total.size += st.size;
		} else if ((st.mode & S_IFMT) === S_IFDIR && !isErrno(here) && st.dev === here.dev) {
			ok = (await walk(sys, full, total)) && ok;
		}
	}
	return ok;
}

export async function vdu(sys: Sys, argv: string[]): Promise<number> {
	if (argv.length < 2) {
		await say(sys, 2, USAGE);
		return FAILED;
	}
	for (const dir of argv.slice(1)) {
		const total = { size: 0 };
		const ok = await walk(sys, dir, total);
		// The line is printed even for a tree that failed part way; the next trees are skipped.
		await say(sys, 1, `${dir}\t${Math.floor(total.size / 1024)}K\n`);
		if (!ok) return FAILED;
	}
	return 0;
}
