import { describe, expect, it } from 'vitest';
import { ok, run1 } from './testing.ts';
import { shadowPassword } from './su.ts';

describe('su', () => {
	it('runs a command as root after the right password', async () => {
		expect(await run1(['su', '-c', 'id'], { user: 'user', stdin: 'root\n' })).toEqual(
			ok('uid=0(root) gid=0(root) groups=0(root),1(bin),2(daemon),10(wheel)\n', 'Password: \n')
		);
	});

	it('refuses a wrong password', async () => {
		expect(await run1(['su', '-c', 'id'], { user: 'user', stdin: 'guess\n' })).toEqual(
			ok('', 'Password: \nsu: incorrect password\n', 1)
		);
		expect(await run1(['su'], { user: 'user' })).toEqual(
			ok('', 'Password: \nsu: incorrect password\n', 1)
		);
	});

	it('asks root for no password and keeps or resets the environment', async () => {
		expect(await run1(['su', 'user', '-c', 'id'])).toEqual(
			ok('uid=500(user) gid=500(user) groups=500(user)\n')
		);
		expect(await run1(['su', '-', 'user', '-c', 'pwd'])).toEqual(ok('/home/user\n'));
	});

	it('names an unknown user', async () => {
		expect(await run1(['su', 'nosuch'])).toEqual(ok('', 'su: user nosuch does not exist\n', 1));
	});

	it("reads the password field of the image's shadow lines", () => {
		expect(
			shadowPassword('root:plain:root:12000:0:99999:7:::\nuser:plain:user:12000::::::\n', 'user')
		).toEqual({ plain: true, value: 'user' });
		expect(shadowPassword('root:$1$abc$def:12000::::::\n', 'root')).toEqual({
			plain: false,
			value: '$1$abc$def'
		});
		expect(shadowPassword('root:plain:root\n', 'bin')).toBeNull();
	});
});
