// Property (fast-check, fixed seed; FC_RUNS raises the count): a file unified as vunify leaves it
// (one inode linked into several vservers, immutable and may-unlink) cannot be changed for the
// other vservers by anything the root of one vserver does: whatever sequence of writes,
// truncations, renames, links, unlinks, attribute changes and re-creations it makes, the others
// read the same bytes with the same mode and flags.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { asProgram, bareMachine, must, writeAll } from '../syscalls/fs-testing.ts';
import {
	CAP_SECURE_REMOVE,
	CTX_NEW,
	EXT2_IOC_SETFLAGS,
	O_APPEND,
	O_CREAT,
	O_RDONLY,
	O_TRUNC,
	O_WRONLY,
	type Sys
} from '../syscalls/index.ts';

const RUNS = Number(process.env.FC_RUNS ?? 200);
const CONTENT = '\x7fELF shared program\n';
const SERVERS = ['v1', 'v2', 'v3'];

// Names inside the vserver: the shared file, a second link to it, a name of its own, directories.
const path = fc.constantFrom('/bin/ls', '/usr/bin/ls', '/bin/own', '/bin', '/tmp/t', '/bin/ls/..');

type Op =
	| { op: 'write' | 'append' | 'truncate' | 'create'; path: string; data: string }
	| { op: 'chmod' | 'chown' | 'unlink' | 'clearflags' | 'utimes'; path: string }
	| { op: 'rename' | 'link' | 'symlink'; from: string; to: string };

const data = fc.constantFrom('x', 'broken\n', '');
const op: fc.Arbitrary<Op> = fc.oneof(
	fc.record({ op: fc.constantFrom('write', 'append', 'truncate', 'create'), path, data }),
	fc.record({ op: fc.constantFrom('chmod', 'chown', 'unlink', 'clearflags', 'utimes'), path }),
	fc.record({ op: fc.constantFrom('rename', 'link', 'symlink'), from: path, to: path })
) as fc.Arbitrary<Op>;

async function apply(sys: Sys, o: Op): Promise<void> {
	switch (o.op) {
		case 'write':
		case 'append':
		case 'create': {
			const flags =
				o.op === 'write'
					? O_WRONLY
					: o.op === 'append'
						? O_WRONLY | O_APPEND
						: O_WRONLY | O_CREAT | O_TRUNC;
			const fd = await sys.open(o.path, flags, 0o755);
			if (typeof fd === 'number') {
				await sys.write(fd, o.data);
				await sys.close(fd);
			}
			return;
		}
		case 'truncate':
			await sys.truncate(o.path, o.data.length);
			return;
		case 'chmod':
			await sys.chmod(o.path, 0o777);
			return;
		case 'chown':
			await sys.chown(o.path, 500, 500);
			return;
		case 'unlink':
			await sys.unlink(o.path);
			return;
		case 'utimes':
			await sys.utimes(o.path, 0, 0);
			return;
		case 'clearflags': {
			const fd = await sys.open(o.path, O_RDONLY);
			if (typeof fd === 'number') {
				await sys.ioctl(fd, EXT2_IOC_SETFLAGS, 0);
				await sys.close(fd);
			}
			return;
		}
		case 'rename':
			await sys.rename(o.from, o.to);
			return;
		case 'link':
			await sys.link(o.from, o.to);
			return;
		case 'symlink':
			await sys.symlink(o.from, o.to);
			return;
	}
}

describe('unification (property)', () => {
	it("no sequence of operations by a vserver's root changes what the other vservers see through a unified file", async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 20 }), async (ops) => {
				const m = bareMachine();
				const k = m.kernel;
				try {
					// The root server unifies /bin/ls (and a second name in v2) as vunify does.
					await asProgram(
						async (sys) => {
							for (const s of SERVERS) {
								for (const d of ['', '/bin', '/usr', '/usr/bin', '/tmp']) {
									must(await sys.mkdir(`/vservers/${s}${d}`, 0o755));
								}
							}
							await writeAll(sys, '/vservers/v1/bin/ls', CONTENT);
							must(await sys.chmod('/vservers/v1/bin/ls', 0o755));
							for (const s of ['v2', 'v3']) {
								must(await sys.link('/vservers/v1/bin/ls', `/vservers/${s}/bin/ls`));
							}
							must(await sys.link('/vservers/v1/bin/ls', '/vservers/v2/usr/bin/ls'));
							const fd = must(await sys.open('/vservers/v1/bin/ls', O_RDONLY));
							must(await sys.ioctl(fd, EXT2_IOC_SETFLAGS, 0x8010));
							await sys.close(fd);
						},
						{ m }
					);
					const shared = k.lookup('/vservers/v1/bin/ls')!;
					// v2's root: a new security context without the --secure capabilities, chrooted.
					await asProgram(
						async (sys) => {
							must(await sys.new_s_context(CTX_NEW, CAP_SECURE_REMOVE, 0));
							must(await sys.chroot('/vservers/v2'));
							must(await sys.chdir('/'));
							for (const o of ops) await apply(sys, o);
						},
						{ m }
					);
					for (const s of ['v1', 'v3']) {
						const seen = k.lookup(`/vservers/${s}/bin/ls`);
						expect(seen, `${s} keeps its name`).toBe(shared);
					}
					expect(shared.data).toBe(CONTENT);
					expect(shared.mode & 0o7777).toBe(0o755);
					expect(shared.uid).toBe(0);
					expect(shared.flags).toBe(0x8010);
				} finally {
					m.dispose();
				}
			}),
			{ numRuns: RUNS, seed: 20030416 }
		);
	});
});
