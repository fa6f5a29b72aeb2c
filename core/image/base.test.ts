import { describe, expect, it } from 'vitest';
import { run } from '../test-helpers.ts';

describe('the base image', () => {
	it('links each run level to the init scripts from their chkconfig headers, with sshd, sendmail, rebootmgr and vservers off', async () => {
		const r = await run('ls /etc/rc3.d /etc/rc.d/rc0.d; head -3 /etc/rc3.d/S85httpd');
		expect(r).toEqual({
			stdout:
				'/etc/rc.d/rc0.d:\nK10vservers\nK11rebootmgr\nK15httpd\nK25sshd\nK30sendmail\nK50xinetd\nK60crond\nK88syslog\n\n' +
				'/etc/rc3.d:\nK10vservers\nK11rebootmgr\nK25sshd\nK30sendmail\nS12syslog\nS56xinetd\nS85httpd\nS90crond\n' +
				'#!/bin/bash\n#\n# httpd\tThe Apache web server, serving /var/www/html.\n',
			stderr: '',
			exitCode: 0
		});
	});

	it('/etc/hosts and the network files follow the boot options', async () => {
		const r = await run(
			'cat /etc/hosts; cat /etc/sysconfig/network; grep IPADDR /etc/sysconfig/network-scripts/ifcfg-eth0',
			{
				boot: { hostname: 'backup', eth0: '192.168.1.2/24' }
			}
		);
		expect(r.stdout).toBe(
			'# The names this machine knows without DNS (nsswitch.conf: hosts: files).\n' +
				'127.0.0.1\t\tlocalhost.localdomain localhost\n' +
				'192.168.1.2\t\tbackup.example.org backup\n' +
				'NETWORKING=yes\nHOSTNAME=backup.example.org\nGATEWAY=\n' +
				'IPADDR=192.168.1.2\n'
		);
	});

	it('inittab starts at level 3 with rc.sysinit, and every level runs its rc directory', async () => {
		const r = await run('grep -v "^#" /etc/inittab | grep :');
		expect(r.stdout).toBe(
			'id:3:initdefault:\nsi::sysinit:/etc/rc.d/rc.sysinit\n' +
				[0, 1, 2, 3, 4, 5, 6].map((l) => `l${l}:${l}:wait:/etc/rc.d/rc ${l}\n`).join('')
		);
	});

	it('the init scripts answer their usage and status as Red Hat 7.3 scripts do', async () => {
		const r = await run(
			'/etc/init.d/httpd; echo $?; /etc/init.d/sshd status; echo $?; service --status-all'
		);
		expect(r.stdout).toBe(
			'Usage: httpd {start|stop|restart|reload|condrestart|status}\n1\n' +
				'sshd is stopped\n3\n' +
				'crond (pid 19) is running...\nhttpd (pid 15) is running...\nrebootmgr is stopped\nsendmail is stopped\nsshd is stopped\n' +
				'syslogd (pid 7) is running...\n' +
				// v_httpd, v_sshd and v_xinetd report on the service they wrap.
				'httpd (pid 15) is running...\nsshd is stopped\nxinetd (pid 11) is running...\n' +
				'xinetd (pid 11) is running...\n'
		);
	});
});
