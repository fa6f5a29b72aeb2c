import { describe, expect, it } from 'vitest';
import { lab, ok, run1 } from './testing.ts';

describe('mount, umount, chroot', () => {
	it("mount lists the kernel's mounts in util-linux's words", async () => {
		const r = await run1(['mount']);
		expect(r.stdout.split('\n')[0]).toBe('/dev/hda1 on / type ext2 (rw)');
		expect(r.stdout).toContain('none on /proc type proc (rw)\n');
		expect(r.exitCode).toBe(0);
	});

	it('mounts and unmounts a tmpfs as root', async () => {
		const l = await lab();
		try {
			expect(await l.run(['mount', '-t', 'tmpfs', 'none', '/mnt'])).toEqual(ok(''));
			expect((await l.run(['mount', '-t', 'tmpfs'])).stdout).toBe(
				'none on /dev/shm type tmpfs (rw)\nnone on /mnt type tmpfs (rw)\n'
			);
			expect(await l.run(['umount', '/mnt'])).toEqual(ok(''));
			expect(await l.run(['umount', '/mnt'])).toEqual(ok('', 'umount: /mnt: not mounted\n', 2));
		} finally {
			l.dispose();
		}
	});

	it('refuses users and a missing mount point', async () => {
		expect(await run1(['mount', '-t', 'proc', 'none', '/mnt'], { user: 'user' })).toEqual(
			ok('', 'mount: only root can do that\n', 1)
		);
		expect(await run1(['mount', '-t', 'proc', 'none', '/nowhere'])).toEqual(
			ok('', 'mount: mount point /nowhere does not exist\n', 32)
		);
		expect(await run1(['umount', '/proc'], { user: 'user' })).toEqual(
			ok('', 'umount: only root can do that\n', 1)
		);
	});

	it('chroot runs a command inside the new root and refuses users', async () => {
		const l = await lab();
		try {
			l.mkdir('/jail/bin');
			l.kernel.installProgram('/jail/bin/echo', 'echo');
			expect(await l.run(['chroot', '/jail', '/bin/echo', 'inside'])).toEqual(ok('inside\n'));
			expect(await l.run(['chroot', '/jail', 'ls'])).toEqual(
				ok('', 'chroot: cannot execute ls: No such file or directory\n', 127)
			);
			expect(await l.run(['chroot', '/jail', '/bin/echo'], { user: 'user' })).toEqual(
				ok('', 'chroot: cannot change root directory to /jail: Operation not permitted\n', 1)
			);
		} finally {
			l.dispose();
		}
	});
});
