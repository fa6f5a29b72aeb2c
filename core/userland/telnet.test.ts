import { describe, expect, it } from 'vitest';
import { boot } from '../test-helpers.ts';
import { runLines } from '../runner.ts';
import { telnetIn } from './telnetd.ts';

async function session(
	lines: string[],
	user = 'root'
): Promise<{ transcript: string; secure: string; messages: string }> {
	const m = await boot();
	try {
		const id = await m.openTerminal({ user, cols: 80, rows: 24 });
		const r = await runLines(m, id, lines);
		expect(m.faults).toEqual([]);
		return {
			transcript: r.transcript,
			secure: m.kernel.lookup('/var/log/secure')!.data,
			messages: m.kernel.lookup('/var/log/messages')!.data
		};
	} finally {
		m.dispose();
	}
}

describe('telnet, xinetd, in.telnetd and login', () => {
	it('telnet to localhost logs in with a password and logs out again', async () => {
		const r = await session(['telnet localhost', 'user', 'user', 'tty; id', 'exit', 'echo $?']);
		expect(r.transcript).toBe(
			[
				'[root@main root]# telnet localhost',
				'Trying 127.0.0.1...',
				'Connected to localhost.localdomain.',
				"Escape character is '^]'.",
				'',
				'Red Hat Linux release 7.3 (Valhalla)',
				'Kernel 2.4.20ctx-17 on an i686',
				'',
				'login: user',
				'Password:',
				'[user@main user]$ tty; id',
				'/dev/pts/1',
				'uid=500(user) gid=500(user) groups=500(user)',
				'[user@main user]$ exit',
				'logout',
				'Connection closed by foreign host.',
				'[root@main root]# echo $?',
				'1',
				'[root@main root]#',
				''
			].join('\n')
		);
		expect(r.secure).toBe(
			'Mar  1 12:00:00 main login: LOGIN ON pts/1 BY user FROM localhost.localdomain\n'
		);
		expect(r.messages).toContain('main xinetd[11]: START: telnet pid=23 from=127.0.0.1\n');
		expect(r.messages).toContain('main xinetd[11]: EXIT: telnet pid=23\n');
	});

	it('a wrong password says Login incorrect and asks again; root may log in', async () => {
		const r = await session([
			'telnet 127.0.0.1',
			'root',
			'nope',
			'root',
			'root',
			'whoami',
			'logout'
		]);
		expect(r.transcript).toContain(
			[
				'login: root',
				'Password:',
				'Login incorrect',
				'',
				'login: root',
				'Password:',
				'[root@main root]# whoami',
				'root',
				'[root@main root]# logout',
				'logout',
				'Connection closed by foreign host.'
			].join('\n')
		);
		expect(r.secure).toBe(
			'Mar  1 12:00:00 main login: FAILED LOGIN 1 FROM localhost.localdomain FOR root, Authentication failure\n' +
				'Mar  1 12:00:00 main login: ROOT LOGIN ON pts/1 FROM localhost.localdomain\n'
		);
	});

	it('a closed port is refused, and an unknown host is reported', async () => {
		const r = await session(['telnet localhost 24; echo $?', 'telnet nowhere; echo $?']);
		expect(r.transcript).toBe(
			[
				'[root@main root]# telnet localhost 24; echo $?',
				'Trying 127.0.0.1...',
				'telnet: connect to address 127.0.0.1: Connection refused',
				'telnet: Unable to connect to remote host: Connection refused',
				'1',
				'[root@main root]# telnet nowhere; echo $?',
				'telnet: nowhere: Unknown host',
				'1',
				'[root@main root]#',
				''
			].join('\n')
		);
	});

	it('the server strips telnet commands and turns CR NUL into CR', () => {
		const state = { rest: '' };
		expect(telnetIn(state, 'ab\xff\xfd\x03c\r\0d\xff')).toBe('abc\rd');
		expect(state.rest).toBe('\xff');
		expect(telnetIn(state, '\xff\r\n')).toBe('\xff\r');
	});
});
