import { describe, expect, it } from 'vitest';
import { lab, ok, type Lab } from './testing.ts';
import { fakeProcOn, PTS, type FakeProc } from './lib/fake-proc.ts';

const table: FakeProc[] = [
	{ pid: 1, comm: 'init' },
	{ pid: 200, comm: 'syslogd', ppid: 1 },
	{ pid: 210, comm: 'crond', ppid: 1 },
	{ pid: 300, comm: 'httpd', ppid: 1 },
	{ pid: 301, comm: 'httpd', ppid: 300, uid: 48 },
	{ pid: 302, comm: 'httpd', ppid: 300, uid: 48 },
	{ pid: 303, comm: 'httpd', ppid: 300, uid: 48 },
	{ pid: 400, comm: 'bash', ppid: 1, tty: PTS(0) },
	{ pid: 410, comm: 'sleep', ppid: 400, args: ['sleep', '60'] },
	{ pid: 420, comm: 'pstree', ppid: 400 },
	{ pid: 500, comm: 'bash', ppid: 1, uid: 500, tty: PTS(1) },
	// A process whose parent this context cannot see: psmisc hangs it on a hidden node.
	{ pid: 600, comm: 'xterm', ppid: 599 }
];

async function withProc(fn: (l: Lab) => Promise<void>, procs = table): Promise<void> {
	const l = await lab();
	try {
		await fakeProcOn(l, procs);
		await fn(l);
	} finally {
		l.dispose();
	}
}

describe('pstree', () => {
	it('draws the tree from init in the psmisc layout, merging identical subtrees', () =>
		withProc(async (l) => {
			expect(await l.run(['pstree'])).toEqual(
				ok(
					'init-+-bash-+-pstree\n     |      `-sleep\n     |-bash\n     |-crond\n     |-httpd---3*[httpd]\n     `-syslogd\n'
				)
			);
		}));

	it('shows pids with -p, which also stops the merging', () =>
		withProc(async (l) => {
			expect(await l.run(['pstree', '-p', '300'])).toEqual(
				ok('httpd(300)-+-httpd(301)\n           |-httpd(302)\n           `-httpd(303)\n')
			);
		}));

	it('draws the little tree a fresh security context sees', () =>
		withProc(
			async (l) => {
				expect(await l.run(['pstree'])).toEqual(ok('init---sh---pstree\n'));
			},
			[
				{ pid: 1, comm: 'init' },
				{ pid: 700, comm: 'sh', ppid: 1 },
				{ pid: 701, comm: 'pstree', ppid: 700 }
			]
		));

	it('shows uid transitions with -u and arguments with -a', () =>
		withProc(async (l) => {
			expect((await l.run(['pstree', '-u'])).stdout.split('\n')[2]).toBe('     |-bash(user)');
			expect(await l.run(['pstree', '-a', '400'])).toEqual(ok('bash\n  |-pstree\n  `-sleep 60\n'));
		}));

	it('shows the trees of one user, and refuses an unknown one', () =>
		withProc(async (l) => {
			expect(await l.run(['pstree', 'apache'])).toEqual(ok('httpd\nhttpd\nhttpd\n'));
			expect(await l.run(['pstree', 'nobody2'])).toEqual(ok('', 'No such user name: nobody2\n', 1));
		}));

	it('truncates lines to the terminal width with a +', () =>
		withProc(async (l) => {
			const r = await l.run(['pstree'], { tty: { cols: 14 } });
			expect(r.stdout.split('\r\n')[0]).toBe('init-+-bash-++');
		}));
});
