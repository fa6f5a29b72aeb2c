// Escape attempts from a vserver: root in a --secure context with an ipv4root tries to leave or
// widen its box, reach other contexts, and change what belongs to the host. Each attempt must be
// refused with the message and status of the 2003 tools, and the kernel must record the reason
// (the permission-decision path's DenialReason on the syscall event).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boot } from '../../core/test-helpers.ts';
import type { ModelMachine } from '../../core/model-machine.ts';
import type { SyscallEvent } from '../../core/kernel/events.ts';

let m: ModelMachine;
let events: SyscallEvent[] = [];

beforeAll(async () => {
	m = await boot();
	m.onEvent((e) => {
		if (e.type === 'syscall' && e.errno) events.push(e);
	});
	const setup = await m.run({
		command:
			'touch /tmp/unified && chattr +i /tmp/unified && mkdir -p /tmp/jail/bin && ' +
			'cp /bin/sh /bin/ls /tmp/jail/bin/ && echo jail > /tmp/jail/marker'
	});
	expect(setup).toEqual({ stdout: '', stderr: '', exitCode: 0 });
});

afterAll(() => m.dispose());

/** Runs `script` as root in context 5 (--secure) tied to 192.168.1.10, as a vserver starts. */
async function inVserver(script: string) {
	events = [];
	const r = await m.run({
		command: `chbind --silent --ip 192.168.1.10 chcontext --secure --silent --ctx 5 sh -c '${script}'`
	});
	expect(m.faults).toEqual([]);
	return { ...r, refused: events.filter((e) => e.ctx === 5) };
}

describe("a vserver's root cannot leave its box", () => {
	it('cannot join another context nor go back to the host', async () => {
		const r = await inVserver('chcontext --ctx 7 true; echo $?; chcontext --ctx 0 true; echo $?');
		expect(r.stdout).toBe('255\n255\n');
		expect(r.stderr).toBe(
			"Can't set the new security context\n: Operation not permitted\n".repeat(2)
		);
		const calls = r.refused.filter((e) => e.name === 'new_s_context');
		expect(calls.map((e) => [e.errno, e.reason?.kind])).toEqual([
			['EPERM', 'context'],
			['EPERM', 'context']
		]);
	});

	it('cannot see or signal processes of other contexts', async () => {
		const r = await inVserver('kill -9 1; echo $?; kill -HUP 2; echo $?');
		expect(r.stdout).toBe('1\n1\n');
		// init is shown to every context (as in ctx-17) but may not be signalled; others do not exist.
		expect(r.stderr).toBe(
			'sh: kill: (1) - Operation not permitted\nsh: kill: (2) - No such process\n'
		);
		expect(r.refused.filter((e) => e.name === 'kill').map((e) => e.errno)).toEqual([
			'EPERM',
			'ESRCH'
		]);
		expect(r.refused.find((e) => e.name === 'kill')?.reason?.kind).toBe('context');
	});

	it('cannot widen or drop its ipv4root', async () => {
		const r = await inVserver(
			'chbind --ip 192.168.1.1 true; echo $?; chbind --ip 0.0.0.0 true; echo $?'
		);
		expect(r.stdout).toBe('255\n255\n');
		expect(r.stderr).toBe("Can't set the ipv4 root (Operation not permitted)\n".repeat(2));
		expect(r.refused.filter((e) => e.name === 'set_ipv4root').map((e) => e.errno)).toEqual([
			'EPERM',
			'EPERM'
		]);
	});

	it('cannot get its capabilities back, not even through a setuid-root program', async () => {
		const r = await inVserver(
			'chmod u+s /bin/cat; grep CapEff /proc/self/status; cat /proc/self/status | grep CapEff'
		);
		expect(r.stdout).toBe('CapEff:\t00000000f40c04ff\nCapEff:\t00000000f40c04ff\n');
	});

	it('cannot change an immutable unified file', async () => {
		const r = await inVserver(
			'chattr -i /tmp/unified; echo x > /tmp/unified; echo $?; rm -f /tmp/unified; echo $?'
		);
		expect(r.stdout).toBe('1\n1\n');
		expect(r.stderr).toBe(
			// com_err ends its lines with CR LF, as e2fsprogs' did.
			'chattr: Operation not permitted while setting flags on /tmp/unified\r\n' +
				'sh: /tmp/unified: Permission denied\n' +
				"rm: cannot unlink `/tmp/unified': Operation not permitted\n"
		);
		const reasons = r.refused.map((e) => e.reason).filter((x) => x !== undefined);
		expect(reasons.some((x) => x.capability === 'CAP_LINUX_IMMUTABLE')).toBe(true);
		expect(reasons.some((x) => x.kind === 'attribute')).toBe(true);
	});

	it("cannot change the host's name, clock, mounts, interfaces, or open raw sockets", async () => {
		const r = await inVserver(
			'hostname evil; echo $?; date -s 2004-01-01 >/dev/null; echo $?; ' +
				'mount -t proc none /mnt; echo $?; ifconfig eth0 down; echo $?; ' +
				'ping -c 1 127.0.0.1; echo $?; hostname'
		);
		expect(r.stdout).toBe('1\n1\n32\n255\n2\nmain\n');
		expect(r.stderr).toBe(
			'hostname: you must be root to change the host name\n' +
				'date: cannot set date: Operation not permitted\n' +
				'mount: permission denied\n' +
				'SIOCSIFFLAGS: Operation not permitted\n' +
				'ping: icmp open socket: Operation not permitted\n'
		);
		const caps = r.refused.map((e) => e.reason?.capability).filter((c) => c !== undefined);
		expect(caps).toEqual(
			expect.arrayContaining(['CAP_SYS_ADMIN', 'CAP_SYS_TIME', 'CAP_NET_ADMIN', 'CAP_NET_RAW'])
		);
		expect(await m.run({ command: 'hostname; ifconfig eth0 | grep -c UP' })).toEqual({
			stdout: 'main\n1\n',
			stderr: '',
			exitCode: 0
		});
	});

	it('stays inside a chroot: .. at the root is the root', async () => {
		const r = await inVserver('chroot /tmp/jail /bin/sh -c "cd /../../..; ls /"');
		expect(r).toMatchObject({ stdout: 'bin\nmarker\n', stderr: '', exitCode: 0 });
	});
});
