import { describe, expect, it } from 'vitest';
import { lab, ok, type Lab } from './testing.ts';
import { isErrno, type Sys } from '../syscalls/index.ts';
import type { Program } from '../kernel/kernel.ts';

/**
 * A vserver tree at /vservers/v1: its own /etc/passwd (its `web` user is uid 600, unknown to
 * the host) and a `probe` program that prints what the process has become.
 */
function vserver(l: Lab): void {
	l.mkdir('/vservers/v1/etc');
	l.mkdir('/vservers/v1/bin');
	l.write('/vservers/v1/etc/passwd', 'root:x:0:0:root:/root:/bin/sh\nweb:x:600:600::/:/bin/sh\n');
	l.write('/vservers/v1/inside', '');
	const probe = async (sys: Sys): Promise<number> => {
		const caps = await sys.capget(0);
		const dir = await sys.stat('/inside');
		const ids = `uid=${await sys.getuid()} gid=${await sys.getgid()} groups=${(await sys.getgroups()).join(',')}`;
		const eff = isErrno(caps) ? '?' : caps.effective.toString(16);
		await sys.write(1, `${ids} eff=${eff} root=${isErrno(dir) ? 'host' : 'vserver'}\n`);
		return 0;
	};
	l.kernel.registerProgram('probe', probe as Program);
	l.kernel.installProgram('/vservers/v1/bin/probe', 'probe');
}

async function withVserver(fn: (l: Lab) => Promise<void>): Promise<void> {
	const l = await lab();
	try {
		vserver(l);
		await fn(l);
	} finally {
		l.dispose();
	}
}

describe('capchroot', () => {
	it('chroots and execs the command inside, the capabilities untouched', () =>
		withVserver(async (l) => {
			expect(await l.run(['/usr/lib/vserver/capchroot', '/vservers/v1', '/bin/probe'])).toEqual(
				ok('uid=0 gid=0 groups=0 eff=fffffeff root=vserver\n')
			);
		}));

	it('drops CAP_SYS_CHROOT from the ceiling after the chroot with --nochroot', () =>
		withVserver(async (l) => {
			expect(
				await l.run(['/usr/lib/vserver/capchroot', '--nochroot', '/vservers/v1', '/bin/probe'])
			).toEqual(ok('uid=0 gid=0 groups=0 eff=fffbfeff root=vserver\n'));
		}));

	it("becomes a user of the vserver's own /etc/passwd with --suid, without the host's groups", () =>
		withVserver(async (l) => {
			expect(
				await l.run(['/usr/lib/vserver/capchroot', '--suid', 'web', '/vservers/v1', '/bin/probe'])
			).toEqual(ok('uid=600 gid=600 groups= eff=0 root=vserver\n'));
			expect(
				await l.run(['/usr/lib/vserver/capchroot', '--suid', 'user', '/vservers/v1', '/bin/probe'])
			).toEqual(ok('', 'User not found: user\n', 255));
		}));

	it('reports what it cannot do with exit status 255', () =>
		withVserver(async (l) => {
			expect(await l.run(['/usr/lib/vserver/capchroot', '/nowhere', '/bin/probe'])).toEqual(
				ok('', "Can't chroot to directory /nowhere (No such file or directory)\n", 255)
			);
			expect(
				await l.run(['/usr/lib/vserver/capchroot', '/vservers/v1', '/bin/probe'], { user: 'user' })
			).toEqual(ok('', "Can't chroot to directory /vservers/v1 (Permission denied)\n", 255));
			expect(await l.run(['/usr/lib/vserver/capchroot', '--nochroot', '/vservers/v1'])).toEqual(
				ok('', 'capchroot: No command to execute, do nothing\n', 255)
			);
			expect(await l.run(['/usr/lib/vserver/capchroot', '/vservers/v1', 'ls'])).toEqual(
				ok('', "Can't execute ls (No such file or directory)\n", 255)
			);
			const usage = await l.run(['/usr/lib/vserver/capchroot', '/vservers/v1']);
			expect([usage.stdout, usage.stderr.split('\n')[0], usage.exitCode]).toEqual([
				'',
				'capchroot version 0.22',
				255
			]);
		}));
});
