// Checks read the resulting state: snapshot predicates, exec results and the visible output
// (never the typed command); hints are filled from the snapshot.
import { describe, expect, it } from 'vitest';
import type { ExecOptions, ExecResult, KernelSnapshot } from '../machine.ts';
import {
	currentProcess,
	fillHint,
	pickHint,
	runCheck,
	runChecks,
	visibleOutput,
	type CheckEnv,
	type ProcessView
} from './checks.ts';

function proc(p: Partial<ProcessView> & { pid: number; comm: string }): ProcessView {
	return {
		ppid: 1,
		pgid: p.pid,
		sid: p.pid,
		args: [p.comm],
		state: 'S',
		uid: 0,
		euid: 0,
		suid: 0,
		fsuid: 0,
		gid: 0,
		egid: 0,
		ctx: 0,
		capEff: '00000000fffffeff',
		capPrm: '00000000fffffeff',
		capInh: '0000000000000000',
		capBset: '00000000fffffeff',
		ipv4root: [],
		bcast: '0.0.0.0',
		chroot: '/',
		cwd: '/',
		tty: '?',
		...p
	};
}

const SNAP: KernelSnapshot = {
	version: 1,
	clock: 0,
	processes: [
		proc({ pid: 1, comm: 'init', ppid: 0 }),
		proc({ pid: 2, comm: 'bash', uid: 500, tty: 'pts/0', args: ['-bash'] }),
		proc({ pid: 3, comm: 'xterm', uid: 500, ctx: 5, tty: 'pts/1' }),
		proc({
			pid: 4,
			comm: 'sh',
			uid: 500,
			tty: 'pts/0',
			capBset: '00000000f40c04ff',
			ipv4root: [{ ip: '192.168.1.1', mask: '255.255.255.0' }]
		}),
		proc({ pid: 5, comm: 'ps', uid: 500, tty: 'pts/0', state: 'Z' })
	],
	contexts: [
		{
			id: 0,
			flags: [],
			hostname: 'main',
			domainname: 'example.org',
			initpid: null,
			procCount: 4,
			nproc: null
		},
		{
			id: 5,
			flags: ['lock', 'sched'],
			hostname: 'main',
			domainname: 'example.org',
			initpid: null,
			procCount: 1,
			nproc: null
		}
	],
	sockets: [
		{ proto: 'tcp', local: '0.0.0.0:80', remote: '0.0.0.0:*', state: 'LISTEN', pid: 1, ctx: 0 }
	],
	interfaces: [
		{ name: 'eth0', addr: '192.168.1.1', mask: '255.255.255.0', bcast: '192.168.1.255', up: true }
	],
	mounts: [],
	terminals: [
		{ id: 1, tty: '/dev/pts/0', label: 'user@main, context 0' },
		{ id: 2, tty: '/dev/pts/1', label: 'user@main, context 5' }
	]
};

function env(over: Partial<CheckEnv> = {}): CheckEnv & { calls: ExecOptions[] } {
	const calls: ExecOptions[] = [];
	const results: Record<string, ExecResult> = {
		"cat '/etc/motd'": { stdout: 'Welcome to main\n', stderr: '', exitCode: 0 },
		"cat '/nope'": { stdout: '', stderr: 'cat: /nope: No such file or directory\n', exitCode: 1 },
		'id -u': { stdout: '500\n', stderr: '', exitCode: 0 }
	};
	return {
		snapshot: SNAP,
		output: '',
		term: 1,
		calls,
		exec: async (o) => {
			calls.push(o);
			return results[o.command] ?? { stdout: '', stderr: 'sh: unknown\n', exitCode: 127 };
		},
		...over
	};
}

describe('visibleOutput', () => {
	it('drops prompts with the echoed command and keeps what programs printed', () => {
		const raw = '[user@main ~]$ echo found\r\nfound\r\n[user@main ~]$ ';
		expect(visibleOutput(raw)).toBe('\nfound\n');
	});

	it('keeps output that ends without a newline before the next prompt', () => {
		expect(visibleOutput('partial[root@main /]# ls\r\n')).toBe('partial\n');
	});

	it('removes escape sequences, applies backspaces and carriage returns', () => {
		expect(visibleOutput('\x1b[1;31mred\x1b[0m ab\bc\r\n')).toBe('red ac\n');
		expect(visibleOutput('12345\rab\r\n')).toBe('ab345\n');
	});
});

describe('runCheck', () => {
	it('output matches what programs printed, never the typed command', async () => {
		const typedOnly = visibleOutput('[user@main ~]$ echo secret-word\r\n\r\n[user@main ~]$ ');
		expect((await runCheck({ output: '/secret-word/' }, env({ output: typedOnly }))).pass).toBe(
			false
		);
		const printed = visibleOutput('[user@main ~]$ echo secret-word\r\nsecret-word\r\n');
		expect(await runCheck({ output: '/secret-word/' }, env({ output: printed }))).toEqual({
			pass: true,
			detail: 'the terminal printed /secret-word/'
		});
	});

	it('you looks at the newest living process on the step terminal', async () => {
		expect(currentProcess(SNAP, 1)?.pid).toBe(4);
		expect(currentProcess(SNAP, 2)?.comm).toBe('xterm');
		expect((await runCheck({ you: { comm: 'sh', capBset: '00000000f40c04ff' } }, env())).pass).toBe(
			true
		);
		expect(await runCheck({ you: { ctx: 5, comm: '/^s/' } }, env())).toEqual({
			pass: false,
			detail: 'your sh (pid 4) has ctx 0 (want 5)'
		});
		expect((await runCheck({ you: { ctx: 5 } }, env({ term: 2 }))).pass).toBe(true);
	});

	it('process passes when any living process matches every field', async () => {
		expect((await runCheck({ process: { comm: 'xterm', ctx: 5 } }, env())).pass).toBe(true);
		expect((await runCheck({ process: { comm: 'xterm', ctx: 0 } }, env())).detail).toBe(
			'no process has comm=xterm ctx=0'
		);
		expect((await runCheck({ process: { comm: 'ps' } }, env())).pass).toBe(false);
		expect((await runCheck({ process: { comm: 'ps', state: 'Z' } }, env())).pass).toBe(true);
		expect((await runCheck({ process: { ip: '192.168.1.1' } }, env())).pass).toBe(true);
		expect((await runCheck({ process: { args: '-bash' } }, env())).pass).toBe(true);
	});

	it('context, socket and interface match fields and flag lists', async () => {
		expect((await runCheck({ context: { id: 5, flags: ['lock'] } }, env())).pass).toBe(true);
		expect((await runCheck({ context: { id: 5, flags: ['fakeinit'] } }, env())).pass).toBe(false);
		expect((await runCheck({ socket: { local: '/:80$/', state: 'LISTEN' } }, env())).pass).toBe(
			true
		);
		expect((await runCheck({ socket: { local: '192.168.1.1:80' } }, env())).pass).toBe(false);
		expect((await runCheck({ interface: { name: 'eth0', up: true } }, env())).pass).toBe(true);
		expect((await runCheck({ interface: { name: 'eth0', up: false } }, env())).pass).toBe(false);
	});

	it('snapshot checks fail plainly when the machine has no snapshot (x86)', async () => {
		expect((await runCheck({ process: { comm: 'init' } }, env({ snapshot: null }))).detail).toMatch(
			/needs the kernel model/
		);
	});

	it('exec runs the command on the copy and compares what was asked for', async () => {
		const e = env();
		expect(
			(
				await runCheck(
					{ exec: { command: 'id -u', user: 'user', stdout: '500\n', exitCode: 0 } },
					e
				)
			).pass
		).toBe(true);
		expect(e.calls).toEqual([{ command: 'id -u', user: 'user', ctx: undefined }]);
		expect(await runCheck({ exec: { command: 'id -u', stdout: '/^0$/m' } }, e)).toEqual({
			pass: false,
			detail: `'id -u': its output is "500\\n" (want /^0$/m)`
		});
	});

	it('file reads through exec: existence and content', async () => {
		expect(
			(await runCheck({ file: { path: '/etc/motd', content: '/Welcome/' } }, env())).pass
		).toBe(true);
		expect((await runCheck({ file: { path: '/nope', exists: false } }, env())).pass).toBe(true);
		expect((await runCheck({ file: { path: '/nope', exists: true } }, env())).detail).toBe(
			'/nope cannot be read: cat: /nope: No such file or directory'
		);
	});

	it('not inverts its check', async () => {
		expect((await runCheck({ not: { process: { comm: 'xterm' } } }, env())).detail).toBe(
			'still true: xterm (pid 3) has comm=xterm'
		);
		expect((await runCheck({ not: { process: { comm: 'nc' } } }, env())).pass).toBe(true);
	});

	it('runChecks passes only when every check does and reports the first failure', async () => {
		expect(
			(await runChecks([{ you: { comm: 'sh' } }, { process: { comm: 'xterm' } }], env())).pass
		).toBe(true);
		expect(
			await runChecks(
				[{ you: { comm: 'sh' } }, { process: { comm: 'nc' } }, { you: { uid: 1 } }],
				env()
			)
		).toEqual({
			pass: false,
			detail: 'no process has comm=nc'
		});
	});
});

describe('hints', () => {
	it('fill {you.FIELD} and {COMM.FIELD} from the snapshot', () => {
		expect(
			fillHint('the xterm lives in context {xterm.ctx}; you are in context {you.ctx}', SNAP, 1)
		).toBe('the xterm lives in context 5; you are in context 0');
		expect(fillHint('{nc.pid}', SNAP, 1)).toBeNull();
		expect(fillHint('{you.ctx}', null, 1)).toBeNull();
	});

	it('pickHint takes the first hint whose condition holds and whose names can be filled', async () => {
		const hints = [
			{ when: { you: { ctx: 5 } }, say: 'already inside' },
			{ say: 'nc runs as {nc.pid}' },
			{
				when: { process: { comm: 'xterm' } },
				say: 'the xterm lives in context {xterm.ctx}; you are in context {you.ctx}'
			}
		];
		expect(await pickHint(hints, env())).toBe('the xterm lives in context 5; you are in context 0');
		expect(await pickHint(hints, env({ term: 2 }))).toBe('already inside');
		expect(await pickHint([], env())).toBeNull();
	});
});
