import { describe, expect, it } from 'vitest';
import { bootWith, runProgram } from '../test-helpers.ts';
import { CAP_SECURE_REMOVE, capHex, isErrno, S_ISUID, type Sys } from '../syscalls/index.ts';
import { capByName, capName, CAPABILITIES } from './caps.ts';
import type { ModelMachine } from '../model-machine.ts';

const say = (sys: Sys, text: string) => sys.write(1, text + '\n');
const res = (r: unknown): string => (isErrno(r) ? r.name : String(r));
async function ids(sys: Sys): Promise<string> {
	const [r, e, s] = await sys.getresuid();
	const c = await sys.capget();
	if (isErrno(c)) return c.name;
	return `${r}/${e}/${s} eff=${(c.effective >>> 0).toString(16)} prm=${(c.permitted >>> 0).toString(16)}`;
}

/** Boots with a setuid-root program that prints its ids and capabilities. */
async function withSetuidRoot(
	programs: Record<string, (sys: Sys, argv: string[]) => Promise<number>>
): Promise<ModelMachine> {
	const m = await bootWith({
		...programs,
		showcaps: async (sys) => (await say(sys, await ids(sys)), 0)
	});
	m.kernel.lookup('/usr/bin/showcaps')!.mode |= S_ISUID;
	return m;
}

describe('the capability table', () => {
	it('names the 29 capabilities of 2.4 by bit, from CAP_CHOWN to CAP_LEASE', () => {
		expect(CAPABILITIES).toHaveLength(29);
		expect(CAPABILITIES[0]).toEqual({ name: 'CAP_CHOWN', bit: 0, mask: 1 });
		expect(CAPABILITIES[12]).toEqual({ name: 'CAP_NET_ADMIN', bit: 12, mask: 0x1000 });
		expect(CAPABILITIES[28]).toEqual({ name: 'CAP_LEASE', bit: 28, mask: 0x10000000 });
		expect(capByName('sys_admin')).toBe(21);
		expect(capByName('CAP_NET_RAW')).toBe(13);
		expect(capByName('CAP_OPENDEV')).toBeNull();
		expect(capName(29)).toBe('CAP_29');
	});

	it('--secure removes 0bf3fa00, leaving f40c04ff from the boot bounding set', () => {
		expect(capHex(0xfffffeff & ~CAP_SECURE_REMOVE)).toBe('00000000f40c04ff');
	});
});

describe('setuid and friends (2.4 rules)', () => {
	it('root setuid to a user changes all ids and drops every capability', async () => {
		const r = await runProgram(async (sys) => {
			await say(sys, res(await sys.setuid(500)));
			await say(sys, await ids(sys));
			await say(sys, res(await sys.setuid(0)));
			return 0;
		});
		expect(r.stdout).toBe('0\n500/500/500 eff=0 prm=0\nEPERM\n');
	});

	it('a user may setuid only to its real or saved uid, else EPERM', async () => {
		const r = await runProgram(
			async (sys) => {
				await say(
					sys,
					`${res(await sys.setuid(500))} ${res(await sys.setuid(0))} ${res(await sys.setgid(0))}`
				);
				return 0;
			},
			{ user: 'user' }
		);
		expect(r.stdout).toBe('0 EPERM EPERM\n');
	});

	it('seteuid away from 0 clears only the effective set, and back restores it from permitted', async () => {
		const r = await runProgram(async (sys) => {
			await say(sys, res(await sys.setresuid(-1, 500, -1)));
			await say(sys, await ids(sys));
			await say(sys, res(await sys.setresuid(-1, 0, -1)));
			await say(sys, await ids(sys));
			return 0;
		});
		expect(r.stdout).toBe('0\n0/500/0 eff=0 prm=fffffeff\n0\n0/0/0 eff=fffffeff prm=fffffeff\n');
	});

	it('setreuid with a real uid sets the saved uid to the new effective one', async () => {
		const r = await runProgram(async (sys) => {
			await sys.setreuid(500, 501);
			await say(sys, await ids(sys));
			return 0;
		});
		expect(r.stdout).toBe('500/501/501 eff=0 prm=0\n');
	});

	it('setresuid without CAP_SETUID accepts only one of the three current ids', async () => {
		const r = await runProgram(
			async (sys) => {
				await say(
					sys,
					`${res(await sys.setresuid(500, 500, 500))} ${res(await sys.setresuid(-1, 0, -1))}`
				);
				return 0;
			},
			{ user: 'user' }
		);
		expect(r.stdout).toBe('0 EPERM\n');
	});

	it('setfsuid returns the old fsuid and, leaving 0, drops the file-system capabilities only', async () => {
		const r = await runProgram(async (sys) => {
			const old = await sys.setfsuid(500);
			const c = await sys.capget();
			if (isErrno(c)) return 1;
			await say(sys, `${old} ${(c.effective >>> 0).toString(16)} ${await sys.setfsuid(0)}`);
			return 0;
		});
		expect(r.stdout).toBe('0 fffffee0 500\n');
	});

	it('setgroups needs CAP_SETGID and records the missing capability as the reason', async () => {
		const m = await bootWith({
			groups: async (sys) => (await say(sys, res(await sys.setgroups([0, 10]))), 0)
		});
		const reasons: string[] = [];
		m.onEvent((e) => {
			if (e.type === 'syscall' && e.name === 'setgroups' && e.reason) {
				reasons.push(`${e.errno} ${e.reason.capability}`);
			}
		});
		const r = await m.run({ command: '/usr/bin/groups', user: 'user' });
		expect(r.stdout).toBe('EPERM\n');
		expect(reasons).toEqual(['EPERM CAP_SETGID']);
		m.dispose();
	});
});

describe('capabilities across exec and capset', () => {
	it('a setuid-root program run by a user gets the full sets within the bounding set', async () => {
		const m = await withSetuidRoot({});
		const r = await m.run({ command: '/usr/bin/showcaps', user: 'user' });
		expect(r.stdout).toBe('500/0/0 eff=fffffeff prm=fffffeff\n');
		m.dispose();
	});

	it('after reducecap --secure, even a setuid-root program gets only f40c04ff', async () => {
		const m = await withSetuidRoot({
			reduce: async (sys) => {
				const r = await sys.new_s_context(-2, CAP_SECURE_REMOVE, 0);
				if (isErrno(r)) return 1;
				const c = await sys.capget();
				if (isErrno(c)) return 1;
				await say(sys, `${r} ${(c.effective >>> 0).toString(16)}`);
				const e = await sys.execve('/usr/bin/showcaps', ['showcaps'], {});
				return e ? 2 : 0;
			}
		});
		const r = await m.run({ command: '/usr/bin/reduce', user: 'user' });
		expect(r.stdout).toBe('0 0\n500/0/0 eff=f40c04ff prm=f40c04ff\n');
		m.dispose();
	});

	it('the bounding set is inherited at fork and never rises again', async () => {
		const r = await runProgram(async (sys) => {
			await sys.new_s_context(-2, 1 << 12, 0);
			const pid = await sys.fork(async (c) => {
				const caps = await c.capget();
				if (isErrno(caps)) return 1;
				await say(c, (caps.effective >>> 0).toString(16));
				const back = await c.capset({
					effective: 0xfffffeff,
					permitted: 0xfffffeff,
					inheritable: 0
				});
				await say(c, res(back));
				return 0;
			});
			if (isErrno(pid)) return 1;
			await sys.waitpid(pid);
			return 0;
		});
		expect(r.stdout).toBe('ffffeeff\nEPERM\n');
	});

	it('capset may drop capabilities and raise effective ones within permitted', async () => {
		const r = await runProgram(async (sys) => {
			const a = await sys.capset({ effective: 0, permitted: 0x20, inheritable: 0 });
			const b = await sys.capset({ effective: 0x20, permitted: 0x20, inheritable: 0x20 });
			const c = await sys.capset({ effective: 0x20, permitted: 0x21, inheritable: 0 });
			const d = await sys.capset({ effective: 0x1, permitted: 0x20, inheritable: 0 });
			await say(sys, [a, b, c, d].map(res).join(' '));
			return 0;
		});
		expect(r.stdout).toBe('0 0 EPERM EPERM\n');
	});

	it("changing another process's capabilities needs CAP_SETPCAP, which the boot set lacks", async () => {
		const r = await runProgram(async (sys) => {
			const c = await sys.capset({ effective: 0, permitted: 0, inheritable: 0 }, 1);
			await say(sys, res(c));
			return 0;
		});
		expect(r.stdout).toBe('EPERM\n');
	});
});
