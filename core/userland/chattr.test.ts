import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXT2_IMMUTABLE_FL, EXT2_IMMUTABLE_LINK_FL } from '../syscalls/index.ts';
import { lab, ok, type Lab } from './testing.ts';
import { printFlags } from './chattr.ts';

let l: Lab;
beforeEach(async () => {
	l = await lab();
	l.mkdir('/vservers/v1/bin');
	l.mkdir('/vservers/v2/bin');
	l.write('/vservers/v1/bin/ls', 'elf', 0o755);
	l.write('/tmp/mine', '', 0o644, 500, 500);
});
afterEach(() => l.dispose());

describe('lsattr and chattr', () => {
	it('print the e2fsprogs 1.32 flag layout; 0x8000 (immutable-link) is its `t`', () => {
		expect(printFlags(0)).toBe('-----------------');
		expect(printFlags(EXT2_IMMUTABLE_FL)).toBe('----i------------');
		expect(printFlags(EXT2_IMMUTABLE_FL | EXT2_IMMUTABLE_LINK_FL)).toBe('----i----------t-');
		expect(printFlags(EXT2_IMMUTABLE_FL | 0x20, true)).toBe('Immutable, Append_Only');
	});

	it('set and clear the immutable bit, which lsattr then shows', async () => {
		expect(await l.run(['chattr', '+i', '/vservers/v1/bin/ls'])).toEqual(ok(''));
		expect(await l.run(['lsattr', '/vservers/v1/bin'])).toEqual(
			ok('----i------------ /vservers/v1/bin/ls\n')
		);
		expect(await l.run(['lsattr', '-d', '/vservers/v1/bin'])).toEqual(
			ok('----------------- /vservers/v1/bin\n')
		);
		expect(await l.run(['chattr', '-i', '/vservers/v1/bin/ls'])).toEqual(ok(''));
		expect(l.kernel.lookup('/vservers/v1/bin/ls')!.flags).toBe(0);
	});

	it('unify a file: a hard link with immutable and immutable-link makes it unremovable in content only', async () => {
		await l.run(['ln', '/vservers/v1/bin/ls', '/vservers/v2/bin/ls']);
		l.kernel.lookup('/vservers/v1/bin/ls')!.flags = EXT2_IMMUTABLE_FL | EXT2_IMMUTABLE_LINK_FL;
		expect(await l.run(['lsattr', '/vservers/v2/bin/ls'])).toEqual(
			ok('----i----------t- /vservers/v2/bin/ls\n')
		);
		expect((await l.run(['ls', '-l', '/vservers/v2/bin/ls'])).stdout).toBe(
			'-rwxr-xr-x    2 root     root            3 Mar  1 12:00 /vservers/v2/bin/ls\n'
		);
		// 2.4's permission() answers EACCES for a write to an immutable file.
		expect(await l.run(['cp', '/etc/passwd', '/vservers/v2/bin/ls'])).toEqual(
			ok('', "cp: cannot create regular file `/vservers/v2/bin/ls': Permission denied\n", 1)
		);
		expect(await l.run(['rm', '-f', '/vservers/v2/bin/ls'])).toEqual(ok(''));
		expect(l.kernel.lookup('/vservers/v1/bin/ls')!.nlink).toBe(1);
	});

	it('refuse without CAP_LINUX_IMMUTABLE, or for other users, in com_err style', async () => {
		expect(await l.run(['chattr', '+i', '/tmp/mine'], { user: 'user' })).toEqual(
			ok('', 'chattr: Operation not permitted while setting flags on /tmp/mine\r\n')
		);
		// 2.4's ext2_ioctl: EACCES for somebody else's file.
		expect(await l.run(['chattr', '+d', '/etc/passwd'], { user: 'user' })).toEqual(
			ok('', 'chattr: Permission denied while setting flags on /etc/passwd\r\n')
		);
		expect(await l.run(['chattr', '+d', '/vservers/v1/bin/ls'], { user: 'user' })).toEqual(
			ok('', 'chattr: Permission denied while trying to stat /vservers/v1/bin/ls\r\n')
		);
		expect(await l.run(['chattr', '+d', '/tmp/mine'], { user: 'user' })).toEqual(ok(''));
		expect(await l.run(['lsattr', '/tmp/mine'])).toEqual(ok('------d---------- /tmp/mine\n'));
	});

	it('report usage errors and unsupported files', async () => {
		expect(await l.run(['chattr', '+q', '/tmp/mine'])).toEqual(
			ok('', 'usage: chattr [-RV] [-+=AacDdijsSu] [-v version] files...\n', 1)
		);
		expect(await l.run(['chattr', '/tmp/mine'])).toEqual(ok('', "Must use '-v', =, - or +\n", 1));
		expect(await l.run(['lsattr', '/dev/null'])).toEqual(
			ok('', 'lsattr: Operation not supported While reading flags on /dev/null\r\n')
		);
		expect(await l.run(['lsattr', '/nope'])).toEqual(
			ok('', 'lsattr: No such file or directory while trying to stat /nope\r\n')
		);
		expect(await l.run(['lsattr', '-z'])).toEqual(
			ok('', 'lsattr: invalid option -- z\nUsage: lsattr [-RVadlv] [files...]\n', 1)
		);
	});
});
