// sendmail 8.11.6 as a daemon (`sendmail -bd -q1h`): accepts SMTP on port 25 and delivers each
// message to /var/spool/mail/USER in mbox form. SIMPLIFIED: local delivery only, no queue, no
// aliases, no relaying; the dialogue keeps sendmail's replies.
import {
	O_APPEND,
	O_CREAT,
	O_WRONLY,
	SIGCHLD,
	SIGTERM,
	WNOHANG,
	isErrno,
	type Sys
} from '../syscalls/index.ts';
import { LOG_INFO, LOG_MAIL, daemonize, syslog } from './lib/daemon.ts';
import { hostName, tcpListen } from './lib/net.ts';
import { strftime } from './lib/time.ts';
import { Users } from './lib/users.ts';

const VERSION = '8.11.6/8.11.6';

/** Reads CRLF- or LF-ended lines from a connection. */
class LineReader {
	private buf = '';
	constructor(
		private sys: Sys,
		private fd: number
	) {}
	async line(): Promise<string | null> {
		for (;;) {
			const nl = this.buf.indexOf('\n');
			if (nl >= 0) {
				const l = this.buf.slice(0, nl).replace(/\r$/, '');
				this.buf = this.buf.slice(nl + 1);
				return l;
			}
			const r = await this.sys.read(this.fd, 4096);
			if (isErrno(r) || r === '') return null;
			this.buf += r;
		}
	}
}

/** RFC 822 date as sendmail writes it: `Sat, 1 Mar 2003 12:00:00 GMT`. */
const arpaDate = (t: number): string =>
	strftime('%a, %e %b %Y %H:%M:%S GMT', t).replace(/, {1,2}/, ', ');

const addrOf = (arg: string): string => (/<([^>]*)>/.exec(arg)?.[1] ?? arg.trim()).trim();

/** One SMTP session on `fd`; `seq` numbers the queue ids. */
export async function smtpSession(
	sys: Sys,
	fd: number,
	peer: string,
	seq: { n: number }
): Promise<void> {
	const fqdn = `${(await sys.uname()).nodename}.${(await sys.uname()).domainname}`;
	const say = (text: string) => sys.write(fd, text + '\r\n');
	const now = await sys.time();
	await say(`220 ${fqdn} ESMTP Sendmail ${VERSION}; ${arpaDate(now)}`);
	const peerName = await hostName(sys, peer);
	const users = new Users(sys);
	const r = new LineReader(sys, fd);
	let from: string | null = null;
	let rcpts: string[] = [];
	for (;;) {
		const line = await r.line();
		if (line === null) return;
		const verb = line.split(' ')[0]!.toUpperCase();
		const arg = line.slice(verb.length).trim();
		if (verb === 'HELO') await say(`250 ${fqdn} Hello ${peerName} [${peer}], pleased to meet you`);
		else if (verb === 'EHLO') {
			await say(
				`250-${fqdn} Hello ${peerName} [${peer}], pleased to meet you\r\n250-ENHANCEDSTATUSCODES\r\n250-8BITMIME\r\n250-SIZE\r\n250-DSN\r\n250-ONEX\r\n250-XUSR\r\n250 HELP`
			);
		} else if (verb === 'MAIL') {
			if (!/^from:/i.test(arg)) await say('501 5.5.2 Syntax error in parameters scanning "from"');
			else if (from !== null) await say('503 5.5.0 Sender already specified');
			else {
				from = addrOf(arg.slice(5));
				await say(`250 2.1.0 <${from}>... Sender ok`);
			}
		} else if (verb === 'RCPT') {
			if (from === null) await say('503 5.0.0 Need MAIL before RCPT');
			else if (!/^to:/i.test(arg)) await say('501 5.5.2 Syntax error in parameters scanning "to"');
			else {
				const to = addrOf(arg.slice(3));
				const local = to.split('@')[0]!;
				const domain = to.includes('@') ? to.split('@')[1]!.toLowerCase() : null;
				const here =
					domain === null ||
					domain === fqdn ||
					domain === fqdn.split('.')[0] ||
					domain === 'localhost';
				if (!here) await say(`550 5.7.1 <${to}>... Relaying denied`);
				else if (!(await users.byName(local))) await say(`550 5.1.1 <${to}>... User unknown`);
				else {
					rcpts.push(local);
					await say(`250 2.1.5 <${to}>... Recipient ok`);
				}
			}
		} else if (verb === 'DATA') {
			if (rcpts.length === 0) {
				await say('503 5.0.0 Need RCPT (recipient)');
				continue;
			}
			await say('354 Enter mail, end with "." on a line by itself');
			const body: string[] = [];
			for (;;) {
				const l = await r.line();
				if (l === null) return;
				if (l === '.') break;
				body.push(l.startsWith('..') ? l.slice(1) : l);
			}
			const id = `h21C${String(++seq.n).padStart(6, '0')}`;
			const t = await sys.time();
			const mbox =
				`From ${from} ${strftime('%a %b %e %H:%M:%S %Y', t)}\n` +
				`Received: from ${peerName} (${peerName} [${peer}])\n\tby ${fqdn} (${VERSION}) with SMTP id ${id}\n\tfor <${rcpts[0]}@${fqdn}>; ${arpaDate(t)}\n` +
				body.join('\n') +
				'\n\n';
			for (const to of rcpts) {
				const out = await sys.open(`/var/spool/mail/${to}`, O_WRONLY | O_APPEND | O_CREAT, 0o600);
				if (isErrno(out)) continue;
				await sys.write(out, mbox);
				await sys.close(out);
				await syslog(sys, LOG_MAIL | LOG_INFO, 'sendmail', `${id}: to=${to}, stat=Sent`);
			}
			await say(`250 2.0.0 ${id} Message accepted for delivery`);
			from = null;
			rcpts = [];
		} else if (verb === 'RSET') {
			from = null;
			rcpts = [];
			await say('250 2.0.0 Reset state');
		} else if (verb === 'NOOP') await say('250 2.0.0 OK');
		else if (verb === 'QUIT') {
			await say(`221 2.0.0 ${fqdn} closing connection`);
			return;
		} else if (verb === '') await say('500 5.5.1 Command unrecognized: ""');
		else await say(`500 5.5.1 Command unrecognized: "${line}"`);
	}
}

export async function sendmail(sys: Sys, argv: string[]): Promise<number> {
	if (!argv.includes('-bd')) {
		await sys.write(2, 'sendmail: only daemon mode (-bd) is available here\n');
		return 64;
	}
	const lfd = await tcpListen(sys, '0.0.0.0', 25);
	if (isErrno(lfd)) {
		await sys.write(
			2,
			`NOQUEUE: SYSERR(root): opendaemonsocket: daemon MTA: cannot bind: ${lfd.message}\n`
		);
		return 71;
	}
	return daemonize(sys, 'sendmail', async (d) => {
		await syslog(
			d,
			LOG_MAIL | LOG_INFO,
			'sendmail',
			`starting daemon (${VERSION.split('/')[0]}): SMTP+queueing@01:00:00`
		);
		let exiting = false;
		await d.signal(SIGTERM, () => (exiting = true));
		await d.signal(SIGCHLD, () => {});
		const seq = { n: 0 };
		for (;;) {
			for (;;) {
				const w = await d.waitpid(-1, WNOHANG);
				if (isErrno(w) && w.name === 'EINTR') continue;
				if (isErrno(w) || w.pid === 0) break;
			}
			if (exiting) {
				await d.unlink('/var/run/sendmail.pid');
				return 0;
			}
			const a = await d.accept(lfd);
			if (isErrno(a)) continue;
			seq.n++;
			const peer = 'addr' in a.addr ? a.addr.addr : '127.0.0.1';
			const base = { n: seq.n * 10 };
			await d.fork(async (c) => {
				await c.close(lfd);
				await smtpSession(c, a.fd, peer, base);
				await c.close(a.fd);
				return 0;
			});
			await d.close(a.fd);
		}
	});
}
