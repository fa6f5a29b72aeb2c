import { describe, expect, it } from 'vitest';
import { lab, ok, run1 } from './testing.ts';

describe('id, whoami, groups', () => {
	it('id prints the ids of the process with their names', async () => {
		expect(await run1(['id'])).toEqual(ok('uid=0(root) gid=0(root) groups=0(root)\n'));
		expect(await run1(['id'], { user: 'user' })).toEqual(
			ok('uid=500(user) gid=500(user) groups=500(user)\n')
		);
	});

	it('id USER reads the groups from /etc/group', async () => {
		expect(await run1(['id', 'root'])).toEqual(
			ok('uid=0(root) gid=0(root) groups=0(root),1(bin),2(daemon),10(wheel)\n')
		);
		expect(await run1(['id', '-Gn', 'root'])).toEqual(ok('root bin daemon wheel\n'));
		expect(await run1(['id', 'nosuch'])).toEqual(ok('', 'id: nosuch: No such user\n', 1));
	});

	it('id -u, -g, -n and -r print one id', async () => {
		expect(await run1(['id', '-u'], { user: 'user' })).toEqual(ok('500\n'));
		expect(await run1(['id', '-un'])).toEqual(ok('root\n'));
		expect(await run1(['id', '-gn'], { user: 'user' })).toEqual(ok('user\n'));
		expect(await run1(['id', '-n'])).toEqual(
			ok('', 'id: cannot print only names or real IDs in default format\n', 1)
		);
		expect(await run1(['id', '-u', '-g'])).toEqual(
			ok('', 'id: cannot print only user and only group\n', 1)
		);
	});

	it('id shows a uid without a name as a bare number', async () => {
		const r = await run1(['id'], {
			files: { '/etc/passwd': 'bin:x:1:1::/:/sbin/nologin\n', '/etc/group': '' }
		});
		expect(r).toEqual(ok('uid=0 gid=0 groups=0\n'));
	});

	it('whoami names the effective user, or says it cannot', async () => {
		expect(await run1(['whoami'], { user: 'user' })).toEqual(ok('user\n'));
		expect(await run1(['whoami'], { files: { '/etc/passwd': '' } })).toEqual(
			ok('', 'whoami: cannot find username for UID 0\n', 1)
		);
	});

	it("groups lists group names, or a user's with a colon", async () => {
		expect(await run1(['groups'])).toEqual(ok('root\n'));
		expect(await run1(['groups', 'root', 'user'])).toEqual(
			ok('root : root bin daemon wheel\nuser : user\n')
		);
	});
});

describe('uname, hostname, domainname, tty', () => {
	it('uname prints the kernel name by default and everything with -a', async () => {
		expect(await run1(['uname'])).toEqual(ok('Linux\n'));
		expect(await run1(['uname', '-a'])).toEqual(
			ok('Linux main 2.4.20ctx-17 #1 Sat Mar 1 12:00:00 EST 2003 i686 unknown\n')
		);
		expect(await run1(['uname', '-nr'])).toEqual(ok('main 2.4.20ctx-17\n'));
		expect(await run1(['uname', '-x'])).toEqual(
			ok('', "uname: invalid option -- x\nTry `uname --help' for more information.\n", 1)
		);
	});

	it('hostname shows the names, and only root may set it', async () => {
		expect(await run1(['hostname'])).toEqual(ok('main\n'));
		expect(await run1(['hostname', '-f'])).toEqual(ok('main.example.org\n'));
		expect(await run1(['hostname', '-d'])).toEqual(ok('example.org\n'));
		expect(await run1(['hostname', 'other'], { user: 'user' })).toEqual(
			ok('', 'hostname: you must be root to change the host name\n', 1)
		);
		const l = await lab();
		try {
			expect(await l.run(['hostname', 'other'])).toEqual(ok(''));
			expect(await l.run(['uname', '-n'])).toEqual(ok('other\n'));
		} finally {
			l.dispose();
		}
	});

	it('hostname reads /etc/hosts for the FQDN, aliases and address', async () => {
		const files = {
			'/etc/hosts':
				'127.0.0.1\tlocalhost.localdomain localhost\n192.168.1.1\tmain.example.org main www\n'
		};
		expect(await run1(['hostname', '--fqdn'], { files })).toEqual(ok('main.example.org\n'));
		expect(await run1(['hostname', '-a'], { files })).toEqual(ok('main www\n'));
		expect(await run1(['hostname', '-i'], { files })).toEqual(ok('192.168.1.1 \n'));
	});

	it('domainname shows and sets the NIS domain name', async () => {
		expect(await run1(['domainname'])).toEqual(ok('example.org\n'));
		expect(await run1(['domainname', 'x'], { user: 'user' })).toEqual(
			ok('', 'domainname: you must be root to change the domain name\n', 1)
		);
	});

	it('tty names the terminal on standard input, or says there is none', async () => {
		expect(await run1(['tty'])).toEqual(ok('not a tty\n', '', 1));
		expect(await run1(['tty', '-s'])).toEqual(ok('', '', 1));
	});
});
