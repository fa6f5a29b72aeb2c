import { describe, expect, it } from 'vitest';
import { boot, run } from '../test-helpers.ts';
import { parseSyslogConf, route } from './syslogd.ts';
import { cronMatches, parseCrontab } from './cron-jobs.ts';
import { LOG_AUTHPRIV, LOG_DEBUG, LOG_INFO, LOG_MAIL, LOG_USER } from './lib/daemon.ts';

const OK = '\x1b[60G[  \x1b[1;32mOK\x1b[0;39m  ]\r\n';

describe('syslogd and logger', () => {
	it('routes by facility and level as /etc/syslog.conf says', () => {
		const rules = parseSyslogConf(
			'*.info;mail.none;authpriv.none\t/var/log/messages\nauthpriv.*\t/var/log/secure\nmail.*\t-/var/log/maillog\n*.emerg\t*\n'
		);
		expect(route(rules, LOG_USER | LOG_INFO)).toEqual(['/var/log/messages']);
		expect(route(rules, LOG_USER | LOG_DEBUG)).toEqual([]);
		expect(route(rules, LOG_AUTHPRIV | LOG_INFO)).toEqual(['/var/log/secure']);
		expect(route(rules, LOG_MAIL | LOG_DEBUG)).toEqual(['/var/log/maillog']);
	});

	it('logger sends to /dev/log and syslogd appends to the right file; a user cannot read it', async () => {
		const r = await run(
			'logger hello there; logger -t backup -p authpriv.notice done; logger -i -p local7.debug dropped; tail -1 /var/log/messages; cat /var/log/secure; su user -c "cat /var/log/messages"'
		);
		expect(r).toEqual({
			stdout: 'Mar  1 12:00:00 main root: hello there\nMar  1 12:00:00 main backup: done\n',
			stderr: 'cat: /var/log/messages: Permission denied\n',
			exitCode: 1
		});
	});

	it('logger refuses an unknown priority', async () => {
		expect(await run('logger -p nonsense.info x')).toEqual({
			stdout: '',
			stderr: 'logger: unknown priority name: nonsense.info.\n',
			exitCode: 1
		});
	});
});

describe('chkconfig, service and ntsysv', () => {
	it('lists the boot services of the fixed facts, with sshd, sendmail, rebootmgr and vservers off', async () => {
		const r = await run(
			'chkconfig --list; chkconfig sshd; echo "sshd $?"; chkconfig httpd; echo "httpd $?"'
		);
		expect(r.stdout).toBe(
			[
				'crond          \t0:off\t1:off\t2:on\t3:on\t4:on\t5:on\t6:off',
				'httpd          \t0:off\t1:off\t2:off\t3:on\t4:on\t5:on\t6:off',
				'rebootmgr      \t0:off\t1:off\t2:off\t3:off\t4:off\t5:off\t6:off',
				'sendmail       \t0:off\t1:off\t2:off\t3:off\t4:off\t5:off\t6:off',
				'sshd           \t0:off\t1:off\t2:off\t3:off\t4:off\t5:off\t6:off',
				'syslog         \t0:off\t1:off\t2:on\t3:on\t4:on\t5:on\t6:off',
				'v_httpd        \t0:off\t1:off\t2:off\t3:off\t4:off\t5:off\t6:off',
				'v_sshd         \t0:off\t1:off\t2:off\t3:off\t4:off\t5:off\t6:off',
				'v_xinetd       \t0:off\t1:off\t2:off\t3:off\t4:off\t5:off\t6:off',
				'vservers       \t0:off\t1:off\t2:off\t3:off\t4:off\t5:off\t6:off',
				'xinetd         \t0:off\t1:off\t2:off\t3:on\t4:on\t5:on\t6:off',
				'xinetd based services:',
				'\ttelnet:         on',
				'sshd 1',
				'httpd 0',
				''
			].join('\n')
		);
	});

	it('on and off move the S and K links; telnet off reloads xinetd, which closes port 23', async () => {
		const r = await run(
			'chkconfig --level 35 sshd on; ls /etc/rc.d/rc3.d /etc/rc2.d | grep sshd; chkconfig telnet off; grep disable /etc/xinetd.d/telnet; ' +
				'sleep 1; netstat -atn | grep -c LISTEN; ntsysv --level 3'
		);
		expect(r).toEqual({
			stdout:
				'S55sshd\nK25sshd\n\tdisable\t\t= yes\n1\n' +
				'Services started in run level 3:\n[*] crond\n[*] httpd\n[ ] rebootmgr\n[ ] sendmail\n[*] sshd\n[*] syslog\n[ ] v_httpd\n[ ] v_sshd\n[ ] v_xinetd\n[ ] vservers\n[*] xinetd\n[ ] telnet\n',
			stderr: '',
			exitCode: 0
		});
	});

	it('service runs the init scripts: status, stop, start, and an unknown name', async () => {
		const r = await run(
			'service crond status; service crond stop; service crond status; service crond start; service nosuch start; service'
		);
		expect(r.stdout).toBe(
			'crond (pid 19) is running...\n' +
				`Shutting down crond: ${OK}` +
				'crond is stopped\n' +
				`Starting crond: ${OK}` +
				'nosuch: unrecognized service\n' +
				'Usage: service < option > | --status-all | [ service_name [ command | --full-restart ] ]\n'
		);
		expect(r.exitCode).toBe(1);
	});
});

describe('sendmail and sshd (installed, off at boot)', () => {
	it('sendmail takes an SMTP dialogue on port 25 and delivers to the mailbox', async () => {
		const m = await boot();
		const r = await m.run({
			command:
				'service sendmail start > /dev/null; printf "HELO backup\\r\\nMAIL From:<root@main>\\r\\nRCPT To:<nobody2@main>\\r\\nRCPT To:<user>\\r\\nDATA\\r\\nSubject: hi\\r\\n\\r\\nhello\\r\\n.\\r\\nQUIT\\r\\n" | nc localhost 25; cat /var/spool/mail/user'
		});
		expect(r.stdout).toBe(
			[
				'220 main.example.org ESMTP Sendmail 8.11.6/8.11.6; Sat, 1 Mar 2003 12:00:00 GMT',
				'250 main.example.org Hello localhost.localdomain [127.0.0.1], pleased to meet you',
				'250 2.1.0 <root@main>... Sender ok',
				'550 5.1.1 <nobody2@main>... User unknown',
				'250 2.1.5 <user>... Recipient ok',
				'354 Enter mail, end with "." on a line by itself',
				'250 2.0.0 h21C000011 Message accepted for delivery',
				'221 2.0.0 main.example.org closing connection',
				''
			].join('\r\n') +
				'From root@main Sat Mar  1 12:00:00 2003\n' +
				'Received: from localhost.localdomain (localhost.localdomain [127.0.0.1])\n' +
				'\tby main.example.org (8.11.6/8.11.6) with SMTP id h21C000011\n' +
				'\tfor <user@main.example.org>; Sat, 1 Mar 2003 12:00:00 GMT\n' +
				'Subject: hi\n\nhello\n\n'
		);
		expect(m.kernel.lookup('/var/log/maillog')!.data).toContain('main sendmail[');
		m.dispose();
	});

	it('sshd listens on port 22 once started and greets with its version', async () => {
		const r = await run(
			'netstat -atn | grep -c :22; /etc/rc.d/init.d/sshd start; netstat -atn | grep :22; echo | nc localhost 22 | head -1'
		);
		expect(r.stdout).toBe(
			'0\n' +
				`Starting sshd: ${OK}` +
				'tcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN      \n' +
				'SSH-1.99-OpenSSH_3.1p1\r\n'
		);
	});
});

describe('crond', () => {
	it('matches minutes, ranges, steps and either day field', () => {
		const [e] = parseCrontab('*/15 12-13 1 * mon root run-parts /x\n', null);
		expect(e!.command).toBe('run-parts /x');
		// 2003-03-01 12:00 is a Saturday, day 1: the day of month matches.
		expect(cronMatches(e!, 1046520000)).toBe(true);
		expect(cronMatches(e!, 1046520000 + 60)).toBe(false);
		expect(cronMatches(e!, 1046520000 + 86400)).toBe(false);
		expect(cronMatches(e!, 1046520000 + 2 * 86400 + 900)).toBe(true);
	});

	it('runs a user crontab entry and the system crontab at the next minute, and logs them', async () => {
		const m = await boot();
		// One exec may take 60 s of virtual time; the minute is crossed over two.
		await m.run({
			command: 'echo "* * * * * date > /tmp/cron-ran" > /var/spool/cron/root; sleep 50'
		});
		const r = await m.run({ command: 'sleep 15; cat /tmp/cron-ran; cat /var/log/cron' });
		expect(r.stdout).toBe(
			'Sat Mar  1 12:01:00 UTC 2003\n' +
				'Mar  1 12:00:00 main crond[19]: (CRON) STARTUP (fork ok)\n' +
				// /etc/crontab's hourly line falls in the same minute (01 * * * *).
				'Mar  1 12:01:00 main CROND[25]: (root) CMD (run-parts /etc/cron.hourly)\n' +
				'Mar  1 12:01:00 main CROND[26]: (root) CMD (date > /tmp/cron-ran)\n'
		);
		m.dispose();
	});
});
