import { describe, expect, it } from 'vitest';
import { lab, ok, type Lab } from './testing.ts';

async function withLab(fn: (l: Lab) => Promise<void>): Promise<void> {
	const l = await lab();
	try {
		await fn(l);
	} finally {
		l.dispose();
	}
}

const line = (l: Lab, path: string, name: string): string | undefined =>
	l
		.read(path)
		?.split('\n')
		.find((x) => x.startsWith(name + ':'));

describe('useradd, userdel, groupadd, groupdel', () => {
	it('adds a locked user with a private group and a home copied from /etc/skel', () =>
		withLab(async (l) => {
			l.mkdir('/etc/skel');
			l.write('/etc/skel/.bashrc', 'alias ll="ls -l"\n');
			expect(await l.run(['useradd', '-c', 'Guest One', 'guest1'])).toEqual(ok(''));
			expect(line(l, '/etc/passwd', 'guest1')).toBe(
				'guest1:x:501:501:Guest One:/home/guest1:/bin/bash'
			);
			expect(line(l, '/etc/shadow', 'guest1')).toBe('guest1:!!:12112:0:99999:7:::');
			expect(line(l, '/etc/group', 'guest1')).toBe('guest1:x:501:');
			expect(l.read('/home/guest1/.bashrc')).toBe('alias ll="ls -l"\n');
			expect(await l.run("ls -lan /home/guest1 | awk 'NR > 1 { print $1, $3, $4, $9 }'")).toEqual(
				ok('drwx------ 501 501 .\ndrwxr-xr-x 0 0 ..\n-rw-r--r-- 501 501 .bashrc\n')
			);
			// A locked account cannot be entered with any password.
			expect(
				(await l.run(['su', 'guest1', '-c', 'true'], { user: 'user', stdin: '\n' })).exitCode
			).toBe(1);
		}));

	it('takes -u, -g, -d, -s and -M, and refuses what shadow-utils refuses, with its exit codes', () =>
		withLab(async (l) => {
			expect(
				await l.run([
					'useradd',
					'-u',
					'600',
					'-g',
					'wheel',
					'-d',
					'/opt/svc',
					'-s',
					'/bin/sh',
					'-M',
					'svc'
				])
			).toEqual(ok(''));
			expect(line(l, '/etc/passwd', 'svc')).toBe('svc:x:600:10::/opt/svc:/bin/sh');
			expect(l.read('/opt/svc')).toBeNull();
			expect(await l.run(['useradd', 'svc'])).toEqual(ok('', 'useradd: user svc exists\n', 9));
			expect(await l.run(['useradd', '-u', '600', 'other'])).toEqual(
				ok('', 'useradd: uid 600 is not unique\n', 4)
			);
			expect(await l.run(['useradd', '-g', 'nosuch', 'other'])).toEqual(
				ok('', 'useradd: unknown group nosuch\n', 6)
			);
			expect(await l.run(['useradd', 'Bad!'])).toEqual(
				ok('', "useradd: invalid user name 'Bad!'\n", 3)
			);
			expect(await l.run(['useradd', 'x'], { user: 'user' })).toEqual(
				ok('', 'useradd: unable to lock password file\n', 1)
			);
			expect((await l.run(['useradd'])).exitCode).toBe(2);
			// The next uid follows the highest one in use.
			expect(await l.run(['useradd', 'next'])).toEqual(ok(''));
			expect(line(l, '/etc/passwd', 'next')).toBe('next:x:601:601::/home/next:/bin/bash');
		}));

	it('adds groups with groupadd and refuses a duplicate name or gid', () =>
		withLab(async (l) => {
			expect(await l.run(['groupadd', 'staff'])).toEqual(ok(''));
			expect(line(l, '/etc/group', 'staff')).toBe('staff:x:501:');
			expect(await l.run(['groupadd', '-g', '700', 'ops'])).toEqual(ok(''));
			expect(line(l, '/etc/group', 'ops')).toBe('ops:x:700:');
			expect(await l.run(['groupadd', 'staff'])).toEqual(
				ok('', 'groupadd: group staff exists\n', 9)
			);
			expect(await l.run(['groupadd', '-g', '700', 'dup'])).toEqual(
				ok('', 'groupadd: gid 700 is not unique\n', 4)
			);
			expect(await l.run(['groupadd'])).toEqual(ok('', 'usage: groupadd [-g gid [-o]] group\n', 2));
			expect(await l.run(['useradd', '-G', 'staff,ops', 'member'])).toEqual(ok(''));
			expect(line(l, '/etc/group', 'ops')).toBe('ops:x:700:member');
			expect(await l.run(['id', 'member'])).toEqual(
				// The private group takes the gid after the highest in use, as find_new_gid does.
				ok('uid=501(member) gid=701(member) groups=701(member),501(staff),700(ops)\n')
			);
		}));

	it('removes a user, its private group and with -r its home; groupdel spares primary groups', () =>
		withLab(async (l) => {
			await l.run(['useradd', 'gone']);
			expect(await l.run(['groupdel', 'gone'])).toEqual(
				ok('', "groupdel: cannot remove user's primary group.\n", 8)
			);
			expect(await l.run(['userdel', '-r', 'gone'])).toEqual(ok(''));
			expect(line(l, '/etc/passwd', 'gone')).toBeUndefined();
			expect(line(l, '/etc/shadow', 'gone')).toBeUndefined();
			expect(line(l, '/etc/group', 'gone')).toBeUndefined();
			expect(l.read('/home/gone')).toBeNull();
			expect(await l.run(['userdel', 'gone'])).toEqual(
				ok('', 'userdel: user gone does not exist\n', 6)
			);
			expect(await l.run(['groupdel', 'gone'])).toEqual(
				ok('', 'groupdel: group gone does not exist\n', 6)
			);
			await l.run(['groupadd', 'temp']);
			expect(await l.run(['groupdel', 'temp'])).toEqual(ok(''));
			expect(line(l, '/etc/group', 'temp')).toBeUndefined();
		}));
});
