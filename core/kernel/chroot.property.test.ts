// Property: whatever path operations a chrooted process makes (mkdir, symlink, chdir, rename,
// open of `..`-laden and symlink paths, through /proc and a bind mount), it never reaches a file
// outside its root, and nothing outside its root changes.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { asProgram, bareMachine, must, writeAll } from '../syscalls/fs-testing.ts';
import { isErrno, MS_BIND, O_CREAT, O_RDONLY, O_WRONLY, type Sys } from '../syscalls/index.ts';
import type { Kernel } from './kernel.ts';
import type { Process } from './process.ts';
import type { Inode, Loc } from './vfs.ts';

const RUNS = Number(process.env.FC_RUNS ?? 200);
const JAIL = '/vservers/a';

// Paths are random sequences of chunks chosen to meet the ways out: `..` runs, the bind mount,
// /proc's magic links (its own and init's), symlinks that point up or to `/`, and host names.
const chunk = fc.constantFrom(
	'..',
	'..',
	'.',
	'a',
	'a/b',
	'shared',
	'proc/1/root',
	'proc/1/cwd',
	'proc/self/root',
	'proc/self/cwd',
	'proc/self/fd/3',
	'up',
	'a/l1',
	'tmp',
	'outside',
	'secret',
	'doc',
	'vservers/a',
	'x',
	''
);
const path = fc
	.tuple(fc.boolean(), fc.array(chunk, { minLength: 1, maxLength: 5 }))
	.map(([abs, parts]) => (abs ? '/' : '') + parts.join('/'));

type Op =
	| { op: 'mkdir'; path: string }
	| { op: 'symlink'; target: string; path: string }
	| { op: 'chdir'; path: string }
	| { op: 'rename'; from: string; to: string }
	| { op: 'open'; path: string; create: boolean }
	| { op: 'stat'; path: string };

const op: fc.Arbitrary<Op> = fc.oneof(
	fc.record({ op: fc.constant('mkdir' as const), path }),
	fc.record({ op: fc.constant('symlink' as const), target: path, path }),
	fc.record({ op: fc.constant('chdir' as const), path }),
	fc.record({ op: fc.constant('rename' as const), from: path, to: path }),
	fc.record({ op: fc.constant('open' as const), path, create: fc.boolean() }),
	fc.record({ op: fc.constant('stat' as const), path })
);

/** The host: a secret beside the jail, a directory bound into it, /proc mounted inside it. */
async function build(sys: Sys): Promise<void> {
	for (const d of [
		'/outside',
		'/outside/secret',
		'/outside/shared',
		JAIL,
		`${JAIL}/a`,
		`${JAIL}/a/b`,
		`${JAIL}/proc`,
		`${JAIL}/shared`,
		`${JAIL}/tmp`
	]) {
		must(await sys.mkdir(d, 0o755));
	}
	await writeAll(sys, '/outside/secret/doc', 'host secret');
	await writeAll(sys, '/outside/shared/doc', 'shared');
	await writeAll(sys, `${JAIL}/a/doc`, 'inside');
	must(await sys.symlink('../../../outside/secret', `${JAIL}/up`));
	must(await sys.symlink('/', `${JAIL}/a/l1`));
	must(await sys.mount('/outside/shared', `${JAIL}/shared`, '', MS_BIND));
	must(await sys.mount('none', `${JAIL}/proc`, 'proc'));
	must(await sys.mount('none', `${JAIL}/tmp`, 'tmpfs'));
}

/** Every inode the jail shows, found going down from its root through entries and mounts. */
function inside(k: Kernel, root: Loc): Set<Inode> {
	const seen = new Set<Inode>([root.inode]);
	const todo: Loc[] = [root];
	while (todo.length > 0) {
		const at = todo.pop()!;
		for (const child of at.inode.entries?.values() ?? []) {
			const loc = k.vfs.crossDown({ mnt: at.mnt, inode: child });
			if (seen.has(loc.inode)) continue;
			seen.add(loc.inode);
			if (loc.inode.entries && !loc.inode.lookup) todo.push(loc);
		}
	}
	return seen;
}

/** The host tree outside the jail and the bound directory: every name and the inode behind it. */
function hostTree(k: Kernel): Map<string, Inode> {
	const out = new Map<string, Inode>();
	const skip = new Set([k.lookup(JAIL), k.lookup('/outside/shared')]);
	const walk = (dir: Inode, prefix: string) => {
		for (const [name, child] of dir.entries ?? []) {
			// The jail and what is bound into it may change; so may /sbin, where the test programs go.
			if (skip.has(child) || name.startsWith('fstest')) continue;
			out.set(prefix + name, child);
			if (child.entries && child.fs === k.rootFs) walk(child, prefix + name + '/');
		}
	};
	walk(k.root, '/');
	return out;
}

/** A place or file the jailed process reached: it must be one the jail shows (or /proc's own). */
function reachable(k: Kernel, allowed: Set<Inode>, inode: Inode): boolean {
	return allowed.has(inode) || inode.fs === k.procfs.fs || inode.fs === k.devpts.fs;
}

/** Does the op, and tells what it got hold of: an open descriptor, or a file stat() saw. */
async function apply(sys: Sys, o: Op): Promise<number | { dev: number; ino: number } | null> {
	switch (o.op) {
		case 'mkdir':
			await sys.mkdir(o.path, 0o755);
			return null;
		case 'symlink':
			await sys.symlink(o.target, o.path);
			return null;
		case 'chdir':
			await sys.chdir(o.path);
			return null;
		case 'rename':
			await sys.rename(o.from, o.to);
			return null;
		case 'stat': {
			const st = await sys.stat(o.path);
			return isErrno(st) ? null : { dev: st.dev, ino: st.ino };
		}
		case 'open': {
			const fd = await sys.open(o.path, o.create ? O_WRONLY | O_CREAT : O_RDONLY, 0o644);
			return isErrno(fd) ? null : fd;
		}
	}
}

describe('chroot (property)', () => {
	it('no sequence of path operations by a chrooted process reaches a file outside its root', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
				const m = bareMachine();
				const k = m.kernel;
				try {
					await asProgram(build, { m });
					const before = hostTree(k);
					await asProgram(
						async (sys, p: Process) => {
							must(await sys.chroot(JAIL));
							must(await sys.chdir('/'));
							for (const o of ops) {
								const got = await apply(sys, o);
								const root = k.vfs.rootOf(p);
								const allowed = inside(k, root);
								const what = JSON.stringify(o);
								expect(k.vfs.isBelow(k.vfs.cwdOf(p), root), `cwd after ${what}`).toBe(true);
								expect(reachable(k, allowed, p.cwd), `cwd inode after ${what}`).toBe(true);
								if (typeof got === 'number') {
									const file = p.fds.get(got)!.file;
									expect(file.inode && reachable(k, allowed, file.inode), `opened by ${what}`).toBe(
										true
									);
									await sys.close(got);
								} else if (got) {
									const seen = [...allowed].some((i) => i.fs.dev === got.dev && i.ino === got.ino);
									expect(
										seen || got.dev === k.procfs.fs.dev || got.dev === k.devpts.fs.dev,
										`stat by ${what}`
									).toBe(true);
								}
							}
						},
						{ m }
					);
					expect(hostTree(k)).toEqual(before);
				} finally {
					m.dispose();
				}
			}),
			{ numRuns: RUNS, seed: 20030301 }
		);
	});
});
