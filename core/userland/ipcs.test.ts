import { describe, expect, it } from 'vitest';
import { lab, ok, type Lab } from './testing.ts';
import { IPC_CREAT, isErrno, type Sys } from '../syscalls/index.ts';

/**
 * A test-only program, `mkipc KIND KEY SIZE MODE`, that makes one object through the syscalls
 * (ipcmk did not exist in 2003), so the objects belong to whatever context runs it.
 */
async function mkipc(sys: Sys, argv: string[]): Promise<number> {
	const [, kind, key, size, mode] = argv;
	const flags = IPC_CREAT | parseInt(mode ?? '600', 8);
	const id =
		kind === 'shm'
			? await sys.shmget(Number(key), Number(size), flags)
			: kind === 'sem'
				? await sys.semget(Number(key), Number(size), flags)
				: await sys.msgget(Number(key), flags);
	if (isErrno(id)) {
		await sys.write(2, `mkipc: ${id.message}\n`);
		return 1;
	}
	await sys.write(1, `${id}\n`);
	return 0;
}

async function withLab(fn: (l: Lab) => Promise<void>): Promise<void> {
	const l = await lab();
	try {
		l.kernel.registerProgram('mkipc', mkipc as never);
		l.kernel.installProgram('/usr/bin/mkipc', 'mkipc');
		await fn(l);
	} finally {
		l.dispose();
	}
}

const empty =
	'\n------ Shared Memory Segments --------\n' +
	'key        shmid      owner      perms      bytes      nattch     status      \n\n' +
	'------ Semaphore Arrays --------\n' +
	'key        semid      owner      perms      nsems     \n\n' +
	'------ Message Queues --------\n' +
	'key        msqid      owner      perms      used-bytes   messages    \n\n';

describe('ipcs and ipcrm', () => {
	it('prints the three empty tables in the util-linux 2.11 layout', () =>
		withLab(async (l) => {
			expect(await l.run(['ipcs'])).toEqual(ok(empty));
		}));

	it("lists each object with its key, id, owner's name, mode and size", () =>
		withLab(async (l) => {
			expect(await l.run(['mkipc', 'shm', '4660', '4096', '644'])).toEqual(ok('0\n'));
			expect(await l.run(['mkipc', 'sem', '0', '3', '600'], { user: 'user' })).toEqual(ok('0\n'));
			expect(await l.run(['mkipc', 'msg', '255', '0', '666'])).toEqual(ok('0\n'));
			expect(await l.run(['mkipc', 'shm', '4661', '100', '600'])).toEqual(ok('32769\n'));
			expect(await l.run(['ipcs'])).toEqual(
				ok(
					'\n------ Shared Memory Segments --------\n' +
						'key        shmid      owner      perms      bytes      nattch     status      \n' +
						'0x00001234 0          root      644        4096       0' +
						' '.repeat(23) +
						'\n' +
						'0x00001235 32769      root      600        100        0' +
						' '.repeat(23) +
						'\n\n' +
						'------ Semaphore Arrays --------\n' +
						'key        semid      owner      perms      nsems     \n' +
						'0x00000000 0          user      600        3         \n\n' +
						'------ Message Queues --------\n' +
						'key        msqid      owner      perms      used-bytes   messages    \n' +
						'0x000000ff 0          root      666        0            0           \n\n'
				)
			);
			expect((await l.run(['ipcs', '-s', '-c'])).stdout).toBe(
				'\n------ Semaphore Arrays Creators/Owners --------\n' +
					'semid      perms      cuid       cgid       uid        gid       \n' +
					'0          600        user       user       user       user      \n\n'
			);
		}));

	it('removes objects by id in both syntaxes and by key, and names what it could not remove', () =>
		withLab(async (l) => {
			await l.run(['mkipc', 'shm', '1', '10', '600']);
			await l.run(['mkipc', 'msg', '2', '0', '600']);
			await l.run(['mkipc', 'sem', '3', '1', '600']);
			expect(await l.run(['ipcrm', 'shm', '0'])).toEqual(ok('resource(s) deleted\n'));
			expect(await l.run(['ipcrm', '-q', '0', '-S', '0x3'])).toEqual(ok(''));
			expect(await l.run(['ipcs'])).toEqual(ok(empty));
			expect(await l.run(['ipcrm', '-m', '0'])).toEqual(ok('', 'ipcrm: invalid id (0)\n', 1));
			expect(await l.run(['ipcrm', '-M', '77'])).toEqual(ok('', 'ipcrm: invalid key (77)\n', 1));
			await l.run(['mkipc', 'shm', '5', '10', '666']);
			expect(await l.run(['ipcrm', 'shm', '32768'], { user: 'user' })).toEqual(
				ok('', 'ipcrm: permission denied for id (32768)\n', 1)
			);
			expect(await l.run(['ipcrm', 'x'])).toEqual(
				ok(
					'',
					'usage: ipcrm [ [-q msqid] [-m shmid] [-s semid]\n          [-Q msgkey] [-M shmkey] [-S semkey] ... ]\n',
					1
				)
			);
		}));

	it('shows and removes only the objects of its own security context', () =>
		withLab(async (l) => {
			await l.run(['mkipc', 'shm', '42', '10', '600']);
			expect(await l.run(['chcontext', '--ctx', '7', 'mkipc', 'shm', '42', '20', '600'])).toEqual(
				ok('New security context is 7\n32769\n')
			);
			const inside = await l.run(['chcontext', '--silent', '--ctx', '7', 'ipcs', '-m']);
			expect(inside).toEqual(
				ok(
					'\n------ Shared Memory Segments --------\n' +
						'key        shmid      owner      perms      bytes      nattch     status      \n' +
						'0x0000002a 32769      root      600        20         0' +
						' '.repeat(23) +
						'\n\n'
				)
			);
			expect((await l.run(['ipcs', '-m'])).stdout).toContain(
				'0x0000002a 0          root      600        10 '
			);
			expect((await l.run(['ipcs', '-m'])).stdout).not.toContain('32769');
			expect(await l.run(['chcontext', '--silent', '--ctx', '7', 'ipcrm', '-m', '0'])).toEqual(
				ok('', 'ipcrm: invalid id (0)\n', 1)
			);
		}));
});
