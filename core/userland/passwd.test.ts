import { describe, expect, it } from 'vitest';
import { lab, ok, run1 } from './testing.ts';

const shadowLine = (text: string | null, name: string): string | undefined =>
	text?.split('\n').find((l) => l.startsWith(name + ':'));

describe('passwd', () => {
	it('lets root set a password with two prompts and writes it to /etc/shadow', async () => {
		const l = await lab();
		try {
			expect(await l.run(['passwd', 'user'], { stdin: 'n3w-Secret\nn3w-Secret\n' })).toEqual(
				ok(
					'Changing password for user user.\npasswd: all authentication tokens updated successfully.\n',
					'New password: \nRetype new password: \n'
				)
			);
			expect(shadowLine(l.read('/etc/shadow'), 'user')).toBe(
				'user:plain:n3w-Secret:12112:0:99999:7:::'
			);
			expect(
				await l.run(['su', 'user', '-c', 'id -u'], { user: 'user', stdin: 'n3w-Secret\n' })
			).toEqual(ok('500\n', 'Password: \n'));
		} finally {
			l.dispose();
		}
	});

	it('only warns root about a weak password, as pam_cracklib does', async () => {
		expect(await run1(['passwd', 'user'], { stdin: 'abc\nabc\n' })).toEqual(
			ok(
				'Changing password for user user.\npasswd: all authentication tokens updated successfully.\n',
				'New password: \nBAD PASSWORD: it is WAY too short\nRetype new password: \n'
			)
		);
	});

	it('makes a user give the current password and retry weak ones three times', async () => {
		expect(
			await run1(['passwd'], { user: 'user', stdin: 'user\nabc\npassword\nzebrax\n' })
		).toEqual(
			ok(
				'Changing password for user user.\nChanging password for user\n',
				'(current) UNIX password: \nNew password: \nBAD PASSWORD: it is WAY too short\n' +
					'New password: \nBAD PASSWORD: it is based on a dictionary word\n' +
					'New password: \nBAD PASSWORD: is too simple\n' +
					'passwd: Authentication token manipulation error\n',
				1
			)
		);
	});

	it('refuses a wrong current password and a retyped password that differs', async () => {
		expect(await run1(['passwd'], { user: 'user', stdin: 'guess\n' })).toEqual(
			ok(
				'Changing password for user user.\nChanging password for user\n',
				'(current) UNIX password: \npasswd: Authentication token manipulation error\n',
				1
			)
		);
		expect(await run1(['passwd', 'user'], { stdin: 'Tr1cky-one\nTr1cky-two\n' })).toEqual(
			ok(
				'Changing password for user user.\n',
				'New password: \nRetype new password: \nSorry, passwords do not match\nNew password: \n' +
					'passwd: Authentication token manipulation error\n',
				1
			)
		);
	});

	it('lets a user change only their own password, and names unknown users', async () => {
		expect(await run1(['passwd', 'root'], { user: 'user' })).toEqual(
			ok('', 'passwd: Only root can specify a user name.\n', 1)
		);
		expect(await run1(['passwd', 'nosuch'])).toEqual(
			ok('', "passwd: Unknown user name 'nosuch'.\n", 1)
		);
	});

	it('locks, reports, unlocks and deletes a password with -l, -S, -u and -d', async () => {
		const l = await lab();
		try {
			expect(await l.run(['passwd', '-l', 'user'])).toEqual(
				ok('Locking password for user user.\npasswd: Success\n')
			);
			expect(shadowLine(l.read('/etc/shadow'), 'user')).toBe(
				'user:!!plain:user:12000:0:99999:7:::'
			);
			expect(await l.run(['passwd', '-S', 'user'])).toEqual(ok('Password locked.\n'));
			expect((await l.run(['su', '-c', 'true'], { user: 'user', stdin: 'user\n' })).exitCode).toBe(
				1
			);
			expect(await l.run(['passwd', '-u', 'user'])).toEqual(
				ok('Unlocking password for user user.\npasswd: Success\n')
			);
			expect(await l.run(['passwd', '-S', 'user'])).toEqual(ok('Password set, MD5 crypt.\n'));
			expect(await l.run(['passwd', '-d', 'user'])).toEqual(
				ok('Removing password for user user.\npasswd: Success\n')
			);
			expect(await l.run(['passwd', '-S', 'user'])).toEqual(ok('Empty password.\n'));
			expect(await l.run(['passwd', '-l', 'user'], { user: 'user' })).toEqual(
				ok('', 'passwd: Only root can do that.\n', 1)
			);
		} finally {
			l.dispose();
		}
	});

	it('takes the new password from standard input with --stdin', async () => {
		const l = await lab();
		try {
			expect(await l.run(['passwd', '--stdin', 'user'], { stdin: 'fr0m-pipe\n' })).toEqual(
				ok(
					'Changing password for user user.\npasswd: all authentication tokens updated successfully.\n'
				)
			);
			expect(shadowLine(l.read('/etc/shadow'), 'user')).toBe(
				'user:plain:fr0m-pipe:12112:0:99999:7:::'
			);
		} finally {
			l.dispose();
		}
	});
});
