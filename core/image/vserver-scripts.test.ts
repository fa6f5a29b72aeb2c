import { describe, expect, it } from 'vitest';
import { lab, ok, type Lab } from '../userland/testing.ts';
import type { Sys } from '../syscalls/index.ts';
import type { Program } from '../kernel/kernel.ts';
import { VSERVER_SCRIPTS } from './vserver-scripts.ts';

/** A machine with /usr/bin/waiter (sleeps for a long time) running in context 2 as pid `pid`. */
async function withVserverProcess(fn: (l: Lab, pid: number) => Promise<void>): Promise<void> {
	const l = await lab();
	try {
		const waiter = async (sys: Sys): Promise<number> => {
			await sys.sleep(1e9);
			return 0;
		};
		l.kernel.registerProgram('waiter', waiter as Program);
		l.kernel.installProgram('/usr/bin/waiter', 'waiter');
		const r = await l.run('/usr/sbin/chcontext --silent /usr/bin/waiter & echo $!');
		const pid = Number(r.stdout.trim());
		// The background chcontext may not have switched yet when the shell exits.
		for (let i = 0; i < 20 && l.kernel.procs.get(pid)?.ctx !== 2; i++) await l.run(['true']);
		await fn(l, pid);
	} finally {
		l.dispose();
	}
}

/** The rows of `vps ax` without the ones of the vps run itself (sh, ps, sed), which vary. */
function rowsOf(out: string): string[] {
	return out.split('\n').filter((l) => !/vps|ps ax|sed /.test(l));
}

describe('the vserver scripts', () => {
	it('are plain /bin/sh scripts that name no host', () => {
		for (const [path, text] of Object.entries(VSERVER_SCRIPTS)) {
			expect(text.startsWith('#!/bin/sh\n'), path).toBe(true);
			expect(text, path).not.toMatch(/\bmain\b|example\.org|192\.168/);
		}
	});

	it("vps runs ps in context 1 and puts each process's context and its name after the PID", () =>
		withVserverProcess(async (l, pid) => {
			const r = await l.run(['vps', 'ax']);
			expect([r.stderr, r.exitCode]).toEqual(['', 0]);
			expect(rowsOf(r.stdout)).toEqual([
				'  PID CONTEXT        TTY      STAT   TIME COMMAND',
				...rowsOf(r.stdout).slice(1, -2),
				`${String(pid).padStart(5)} 2   UNKNOWN    ?        S      0:00 /usr/bin/waiter`,
				''
			]);
			expect(r.stdout).toContain('    1 0   MAIN       ?        S      0:00 init\n');
			expect(r.stdout).toMatch(/^ +\d+ 1 {3}ALL_PROCS {2}\? +R +0:00 ps ax$/m);
		}));

	it('vps names a running vserver from its /var/run/vservers/NAME.ctx file', () =>
		withVserverProcess(async (l, pid) => {
			l.write('/var/run/vservers/web.ctx', 'S_CONTEXT=2\nS_PROFILE=\n');
			const r = await l.run(['vps', 'ax']);
			expect(r.stdout).toContain(
				`${String(pid).padStart(5)} 2   web        ?        S      0:00 /usr/bin/waiter\n`
			);
		}));

	it('vps refuses a normal user, who may not enter context 1', async () => {
		const l = await lab();
		try {
			expect(await l.run(['vps'], { user: 'user' })).toEqual(
				ok('', "Can't set the new security context\n: Operation not permitted\n", 255)
			);
		} finally {
			l.dispose();
		}
	});

	it('vpstree shows the processes of every context', () =>
		withVserverProcess(async (l) => {
			const r = await l.run(['vpstree']);
			expect(r.stdout).toMatch(/waiter/);
			expect((await l.run(['pstree'])).stdout).not.toMatch(/waiter/);
		}));

	it('vkill finds the context from context 1 and kills from inside it', () =>
		withVserverProcess(async (l, pid) => {
			expect(await l.run(['kill', String(pid)])).toEqual(
				ok('', `kill ${pid}: No such process\n`, 1)
			);
			expect(await l.run(['vkill', String(pid)])).toEqual(
				ok(`Process id ${pid} was found in security context 2.\n + Killing... [done]\n`)
			);
			expect(await l.run(['vkill', String(pid)])).toEqual(ok(`Process id ${pid} not found.\n`));
		}));

	it('rootshell gives root a login shell without the network box', async () => {
		const l = await lab();
		try {
			const r = await l.run(['chbind', '--silent', '--ip', 'eth0', 'rootshell'], {
				stdin: 'grep ^ipv4root: /proc/$$/status\n'
			});
			expect(r.stdout).toContain('ipv4root: 0.0.0.0\n');
			expect(r.exitCode).toBe(0);
		} finally {
			l.dispose();
		}
	});
});
