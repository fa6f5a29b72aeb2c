// The kernel's recorded reasons for refusals ("why was this denied?"): which set lacks a
// capability and which command removed it from cap_bset, the context rules, the ipv4root rules.
import { describe, expect, it } from 'vitest';
import { boot } from '../test-helpers.ts';
import type { ModelMachine } from '../model-machine.ts';
import type { DenialReason, SyscallEvent } from './events.ts';

/** Runs `command` as `user` and returns the refused calls with their reasons. */
async function refusals(
	m: ModelMachine,
	command: string,
	user = 'root'
): Promise<{ out: string; refused: SyscallEvent[] }> {
	const refused: SyscallEvent[] = [];
	const off = m.kernel.onEvent((e) => {
		if (e.type === 'syscall' && e.errno && e.reason) refused.push(e);
	});
	const r = await m.run({ command, user });
	off();
	return { out: r.stdout + r.stderr, refused };
}

const reasonOf = (events: SyscallEvent[], name: string): DenialReason | undefined =>
	events.find((e) => e.name === name)?.reason;

describe('the reason of a refused capability', () => {
	it('names cap_bset and the command that removed CAP_NET_ADMIN (reducecap --secure)', async () => {
		const m = await boot({ runlevel: '1' });
		const { out, refused } = await refusals(
			m,
			'reducecap --secure /bin/sh -c "ifconfig eth0 down"'
		);
		m.dispose();
		expect(out).toBe('Executing\nSIOCSIFFLAGS: Operation not permitted\n');
		const reason = reasonOf(refused, 'ioctl');
		expect(reason).toMatchObject({
			kind: 'capability',
			capability: 'CAP_NET_ADMIN',
			set: 'bset',
			removedBy: {
				command: 'reducecap --secure /bin/sh -c ifconfig eth0 down',
				call: 'new_s_context'
			}
		});
		// --secure took all of 0bf3fa00 in that one call.
		expect(reason?.removedBy?.bits).toBe(0x0bf3fa00);
	});

	it('keeps naming the first remover after fork, exec and a second lowering', async () => {
		const m = await boot({ runlevel: '1' });
		const { refused } = await refusals(
			m,
			'reducecap --net_admin /bin/sh -c "chcontext --secure /bin/sh -c \'ifconfig eth0 down; hostname x\'"'
		);
		m.dispose();
		const ioctl = reasonOf(refused, 'ioctl');
		expect(ioctl?.removedBy?.command).toBe(
			"reducecap --net_admin /bin/sh -c chcontext --secure /bin/sh -c 'ifconfig eth0 down; hostname x'"
		);
		expect(ioctl?.removedBy?.bits).toBe(1 << 12);
		// CAP_SYS_ADMIN went with chcontext --secure, which asked for a new context.
		const sethostname = reasonOf(refused, 'sethostname');
		expect(sethostname).toMatchObject({ capability: 'CAP_SYS_ADMIN', set: 'bset' });
		expect(sethostname?.removedBy?.command).toMatch(/^chcontext --secure /);
	});

	it('says the permitted set is empty for a user, with no remover', async () => {
		const m = await boot({ runlevel: '1' });
		const { out, refused } = await refusals(m, 'ifconfig eth0 down', 'user');
		m.dispose();
		expect(out).toBe('SIOCSIFFLAGS: Operation not permitted\n');
		const reason = reasonOf(refused, 'ioctl');
		expect(reason).toMatchObject({ capability: 'CAP_NET_ADMIN', set: 'permitted' });
		expect(reason?.removedBy).toBeUndefined();
	});

	it('writes the set and remover into the text of capable() refusals', async () => {
		const m = await boot({ runlevel: '1' });
		const { refused } = await refusals(m, 'reducecap --sys_nice /bin/sh -c "renice -5 1"');
		m.dispose();
		const reason = reasonOf(refused, 'setpriority');
		expect(reason?.text).toBe(
			'lowering a nice value needs CAP_SYS_NICE: CAP_SYS_NICE was removed from this ' +
				"process's bounding set (cap_bset) by `reducecap --sys_nice /bin/sh -c renice -5 1` " +
				`(pid ${reason?.removedBy?.pid}, new_s_context)`
		);
	});
});

describe('the reason of a context or ipv4root refusal', () => {
	it('names the context rule when the spectator or a vserver signals init', async () => {
		const m = await boot({ runlevel: '1' });
		const { refused } = await refusals(m, 'chcontext --ctx 1 kill -0 1; chcontext kill -0 1');
		m.dispose();
		const kills = refused.filter((e) => e.name === 'kill');
		expect(kills.map((e) => [e.ctx, e.errno, e.reason?.kind])).toEqual([
			[1, 'EPERM', 'context'],
			[2, 'EPERM', 'context']
		]);
	});

	it('names the ipv4root rule when a boxed process binds another address', async () => {
		const m = await boot({ runlevel: '1' });
		const { out, refused } = await refusals(
			m,
			'chbind --ip 192.168.1.1 nc -l -s 127.0.0.1 -p 8080'
		);
		m.dispose();
		expect(out).toMatch(/Can't grab 127.0.0.1:8080 with bind/);
		expect(reasonOf(refused, 'bind')).toEqual({
			kind: 'ipv4root',
			text: "127.0.0.1 is not one of the process's ipv4root addresses (192.168.1.1)"
		});
	});

	it('names CAP_NET_ADMIN when a boxed process tries to widen its ipv4root', async () => {
		const m = await boot({ runlevel: '1' });
		const { refused } = await refusals(
			m,
			'chbind --ip 192.168.1.1 reducecap --secure chbind --ip 127.0.0.1 true'
		);
		m.dispose();
		expect(reasonOf(refused, 'set_ipv4root')).toMatchObject({
			kind: 'ipv4root',
			capability: 'CAP_NET_ADMIN',
			set: 'bset',
			removedBy: { call: 'new_s_context' }
		});
	});
});
