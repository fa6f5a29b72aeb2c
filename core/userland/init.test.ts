import { describe, expect, it } from 'vitest';
import { boot, run } from '../test-helpers.ts';
import { runLines } from '../runner.ts';
import { parseInittab } from './init.ts';

const OK = '\x1b[60G[  \x1b[1;32mOK\x1b[0;39m  ]\r\n';

describe('init', () => {
	it('parses inittab entries and skips comments and blank lines', () => {
		expect(
			parseInittab(
				'# c\nid:3:initdefault:\n\nsi::sysinit:/etc/rc.d/rc.sysinit\nl3:3:wait:/etc/rc.d/rc 3\n'
			)
		).toEqual([
			{ id: 'id', levels: '3', action: 'initdefault', process: '' },
			{ id: 'si', levels: '', action: 'sysinit', process: '/etc/rc.d/rc.sysinit' },
			{ id: 'l3', levels: '3', action: 'wait', process: '/etc/rc.d/rc 3' }
		]);
	});

	it('boots to run level 3 through rc.sysinit and rc 3, which start the four services on the console', async () => {
		const m = await boot();
		expect(m.kernel.console.join('')).toBe(
			'INIT: version 2.84 booting\r\n' +
				'Welcome to Red Hat Linux\n' +
				'INIT: Entering runlevel: 3\r\n' +
				`Starting system logger: ${OK}` +
				`Starting xinetd: ${OK}` +
				`Starting httpd: ${OK}` +
				`Starting crond: ${OK}`
		);
		const daemons = [...m.kernel.procs.values()].map((p) => [p.pid, p.ppid, p.args.join(' ')]);
		expect(daemons).toEqual([
			[1, 0, 'init'],
			[7, 1, 'syslogd -m 0'],
			[11, 1, 'xinetd -stayalive -reuse'],
			[15, 1, '/usr/sbin/httpd'],
			[19, 1, 'crond']
		]);
		expect(m.faults).toEqual([]);
		m.dispose();
	});

	it('runlevel reads the record init wrote; telinit 2 runs rc 2 in the background, which stops httpd and xinetd', async () => {
		const m = await boot();
		const id = await m.openTerminal({ user: 'root', cols: 80, rows: 24 });
		const r = await runLines(m, id, [
			'runlevel',
			'telinit 2',
			'sleep 2',
			'runlevel',
			'ls /var/lock/subsys',
			'netstat -atn',
			'telinit 7; echo $?'
		]);
		expect(r.transcript).toBe(
			[
				'[root@main root]# runlevel',
				'N 3',
				'[root@main root]# telinit 2',
				'[root@main root]# sleep 2',
				'[root@main root]# runlevel',
				'3 2',
				'[root@main root]# ls /var/lock/subsys',
				'crond  syslog',
				'[root@main root]# netstat -atn',
				'Active Internet connections (servers and established)',
				'Proto Recv-Q Send-Q Local Address           Foreign Address         State',
				'[root@main root]# telinit 7; echo $?',
				'Usage: init 0123456SsQqAaBbCcUu',
				'1',
				'[root@main root]#',
				''
			].join('\n')
		);
		expect(m.kernel.console.join('')).toContain(
			`INIT: Switching to runlevel: 2\r\nShutting down httpd: ${OK}Shutting down xinetd: ${OK}`
		);
		expect(m.faults).toEqual([]);
		m.dispose();
	});

	it('telinit refuses a user, as only root may write /dev/initctl', async () => {
		expect(await run('telinit 5', { user: 'user' })).toEqual({
			stdout: '',
			stderr: 'telinit: must be superuser.\n',
			exitCode: 1
		});
	});
});
