import { describe, expect, it } from 'vitest';
import type { SyscallEvent } from '../kernel/events.ts';
import { asProgram, bareMachine, must, outcome, readAll, writeAll } from './fs-testing.ts';
import {
	EXT2_IMMUTABLE_FL,
	EXT2_IMMUTABLE_LINK_FL,
	EXT2_IOC_GETFLAGS,
	EXT2_IOC_SETFLAGS,
	O_APPEND,
	O_CREAT,
	O_RDONLY,
	O_WRONLY,
	type Sys
} from './index.ts';

const CAP_LINUX_IMMUTABLE = 9;
const BOTH = EXT2_IMMUTABLE_FL | EXT2_IMMUTABLE_LINK_FL;

async function setFlags(sys: Sys, path: string, flags: number): Promise<unknown> {
	const fd = must(await sys.open(path, O_RDONLY));
	const r = await sys.ioctl(fd, EXT2_IOC_SETFLAGS, flags);
	await sys.close(fd);
	return r;
}

async function getFlags(sys: Sys, path: string): Promise<unknown> {
	const fd = must(await sys.open(path, O_RDONLY));
	const r = await sys.ioctl(fd, EXT2_IOC_GETFLAGS);
	await sys.close(fd);
	return r;
}

describe('the immutable attribute (0x10)', () => {
	it('is read back by EXT2_IOC_GETFLAGS', async () => {
		await asProgram(async (sys) => {
			await writeAll(sys, '/tmp/f', 'x');
			expect(await getFlags(sys, '/tmp/f')).toBe(0);
			expect(await setFlags(sys, '/tmp/f', EXT2_IMMUTABLE_FL)).toBe(0);
			expect(await getFlags(sys, '/tmp/f')).toBe(EXT2_IMMUTABLE_FL);
		});
	});

	it('refuses root every change: write, truncate, chmod, chown, unlink, rename, link', async () => {
		await asProgram(async (sys) => {
			await writeAll(sys, '/tmp/f', 'content');
			await writeAll(sys, '/tmp/other', 'other');
			const early = must(await sys.open('/tmp/f', O_WRONLY | O_APPEND));
			await setFlags(sys, '/tmp/f', EXT2_IMMUTABLE_FL);
			// 2.4's permission(): nobody gets write access to an immutable file (EACCES).
			expect(outcome(await sys.open('/tmp/f', O_WRONLY))).toBe('EACCES');
			expect(outcome(await sys.truncate('/tmp/f', 0))).toBe('EACCES');
			expect(outcome(await sys.write(early, 'more'))).toBe('EPERM');
			expect(outcome(await sys.ftruncate(early, 0))).toBe('EPERM');
			expect(outcome(await sys.chmod('/tmp/f', 0o600))).toBe('EPERM');
			expect(outcome(await sys.chown('/tmp/f', 500, 500))).toBe('EPERM');
			expect(outcome(await sys.unlink('/tmp/f'))).toBe('EPERM');
			expect(outcome(await sys.rename('/tmp/f', '/tmp/g'))).toBe('EPERM');
			expect(outcome(await sys.rename('/tmp/other', '/tmp/f'))).toBe('EPERM');
			expect(outcome(await sys.link('/tmp/f', '/tmp/h'))).toBe('EPERM');
			expect(await readAll(sys, '/tmp/f')).toBe('content');
		});
	});

	it('is named as the reason of each refusal', async () => {
		const m = bareMachine();
		const events: SyscallEvent[] = [];
		m.kernel.onEvent((e) => e.type === 'syscall' && e.errno !== undefined && events.push(e));
		await asProgram(
			async (sys) => {
				await writeAll(sys, '/tmp/f', 'x');
				await setFlags(sys, '/tmp/f', EXT2_IMMUTABLE_FL);
				await sys.unlink('/tmp/f');
				await sys.open('/tmp/f', O_WRONLY);
			},
			{ m }
		);
		expect(events.map((e) => [e.name, e.errno, e.reason?.kind, e.reason?.text])).toEqual([
			[
				'unlink',
				'EPERM',
				'attribute',
				'the file is immutable (ext2 attribute i) without immutable-link-invert: its names stay'
			],
			[
				'open',
				'EACCES',
				'attribute',
				'the file is immutable (ext2 attribute i): nobody may write to it, not even root'
			]
		]);
	});

	it('on a directory forbids creating and removing names in it', async () => {
		await asProgram(async (sys) => {
			await sys.mkdir('/tmp/d');
			await writeAll(sys, '/tmp/d/in', '');
			await setFlags(sys, '/tmp/d', EXT2_IMMUTABLE_FL);
			expect(outcome(await sys.open('/tmp/d/new', O_WRONLY | O_CREAT, 0o644))).toBe('EACCES');
			expect(outcome(await sys.unlink('/tmp/d/in'))).toBe('EACCES');
			expect(outcome(await sys.mkdir('/tmp/d/sub'))).toBe('EACCES');
		});
	});
});

describe('immutable-link-invert (0x8000) with immutable: unification', () => {
	it('lets a name be unlinked while the shared content stays frozen', async () => {
		await asProgram(async (sys) => {
			await writeAll(sys, '/tmp/ref', 'shared binary');
			await sys.link('/tmp/ref', '/tmp/copy');
			await setFlags(sys, '/tmp/ref', BOTH);
			expect(await getFlags(sys, '/tmp/copy')).toBe(BOTH);
			expect(outcome(await sys.open('/tmp/copy', O_WRONLY))).toBe('EACCES');
			expect(outcome(await sys.chmod('/tmp/copy', 0o777))).toBe('EPERM');
			expect(await sys.unlink('/tmp/copy')).toBe(0);
			expect(must(await sys.stat('/tmp/ref')).nlink).toBe(1);
			expect(await readAll(sys, '/tmp/ref')).toBe('shared binary');
		});
	});

	it('lets the name move away but not be replaced (rename over it is refused)', async () => {
		await asProgram(async (sys) => {
			await writeAll(sys, '/tmp/ref', 'v1');
			await writeAll(sys, '/tmp/new', 'v2');
			await setFlags(sys, '/tmp/ref', BOTH);
			expect(outcome(await sys.rename('/tmp/new', '/tmp/ref'))).toBe('EPERM');
			expect(await sys.rename('/tmp/ref', '/tmp/old')).toBe(0);
			// The update a package manager does: the old name is gone, the new file takes its place.
			expect(await sys.rename('/tmp/new', '/tmp/ref')).toBe(0);
			expect(await readAll(sys, '/tmp/ref')).toBe('v2');
		});
	});

	it('changes nothing on its own (CHOICE: the tools always set both bits)', async () => {
		await asProgram(async (sys) => {
			await writeAll(sys, '/tmp/f', 'x');
			await setFlags(sys, '/tmp/f', EXT2_IMMUTABLE_LINK_FL);
			expect(await writeAll(sys, '/tmp/f', 'y')).toBe(1);
			expect(await sys.unlink('/tmp/f')).toBe(0);
		});
	});
});

describe('setting the attributes', () => {
	it('needs CAP_LINUX_IMMUTABLE for either bit, and records why it was refused', async () => {
		const m = bareMachine();
		const events: SyscallEvent[] = [];
		m.kernel.onEvent((e) => e.type === 'syscall' && e.name === 'ioctl' && events.push(e));
		const results = await asProgram(
			async (sys) => {
				await writeAll(sys, '/tmp/f', 'x');
				return [
					outcome(await setFlags(sys, '/tmp/f', EXT2_IMMUTABLE_FL)),
					outcome(await setFlags(sys, '/tmp/f', EXT2_IMMUTABLE_LINK_FL))
				];
			},
			{ m, setup: (p) => (p.caps.eff &= ~(1 << CAP_LINUX_IMMUTABLE)) }
		);
		expect(results).toEqual(['EPERM', 'EPERM']);
		expect(events.filter((e) => e.errno === 'EPERM').map((e) => e.reason?.capability)).toEqual([
			'CAP_LINUX_IMMUTABLE',
			'CAP_LINUX_IMMUTABLE'
		]);
		m.dispose();
	});

	it('lets an owner change the other bits, and a stranger none (EACCES)', async () => {
		await asProgram(
			async (sys) => {
				await writeAll(sys, '/tmp/mine', '');
				expect(await setFlags(sys, '/tmp/mine', 0x1)).toBe(0);
				expect(await getFlags(sys, '/tmp/mine')).toBe(0x1);
				expect(outcome(await setFlags(sys, '/tmp/mine', EXT2_IMMUTABLE_FL))).toBe('EPERM');
				expect(outcome(await setFlags(sys, '/etc/passwd', 0x1))).toBe('EACCES');
			},
			{ user: 'user' }
		);
	});

	it('exist on ext2 only: /proc and tmpfs answer ENOTTY', async () => {
		await asProgram(async (sys) => {
			await writeAll(sys, '/dev/shm/f', '');
			expect(outcome(await getFlags(sys, '/dev/shm/f'))).toBe('ENOTTY');
			expect(outcome(await getFlags(sys, '/proc/uptime'))).toBe('ENOTTY');
			expect(outcome(await getFlags(sys, '/dev/null'))).toBe('ENOTTY');
		});
	});
});
