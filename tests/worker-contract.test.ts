// The worker contract over a real MessageChannel: the page's `wrap` against the worker's `expose`,
// so everything that crosses is structured-clone data or a proxy, exactly as in the browser.
import { MessageChannel } from 'node:worker_threads';
import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import { expose, proxy, wrap, type Endpoint, type Remote } from 'comlink';
import { BOOT_AHEAD_NAME, type BootSpec, type MachineApi } from '../core/worker/api.ts';
import type { KernelEvent, LogEntry } from '../core/machine.ts';
import { ModelMachine } from '../core/model-machine.ts';
import { MachineService } from '../core/worker/service.ts';

function connect(service = new MachineService()): { api: Remote<MachineApi>; close(): void } {
	const { port1, port2 } = new MessageChannel();
	// Node's MessagePort is an EventTarget with start(), as comlink's Endpoint expects.
	expose(service, port1 as unknown as Endpoint);
	const api = wrap<MachineApi>(port2 as unknown as Endpoint);
	return { api, close: () => (port1.close(), port2.close()) };
}

describe('the worker contract', () => {
	it('types the remote API as Remote<MachineApi>', () => {
		expectTypeOf(connect).returns.toHaveProperty('api').toEqualTypeOf<Remote<MachineApi>>();
	});

	it('boots a model machine, types into a terminal and streams the answer back', async () => {
		const { api, close } = connect();
		try {
			const info = await api.boot({ backend: 'model' });
			expect(info).toEqual({ backend: 'model', release: '2.4.20ctx-17' });
			const id = await api.openTerminal({ user: 'user', cols: 80, rows: 24 });
			expect(id).toBe(1);
			let screen = '';
			await api.attach(
				id,
				proxy((chunk: Uint8Array) => (screen += new TextDecoder().decode(chunk)))
			);
			expect(await api.settle(id, 5000)).toBe('idle');
			await api.input(id, 'echo over the wire\r');
			expect(await api.settle(id, 5000)).toBe('idle');
			// Output callbacks are one-way messages: give the last ones a moment to arrive.
			await new Promise((r) => setTimeout(r, 20));
			expect(screen).toBe(
				'[user@main user]$ echo over the wire\r\nover the wire\r\n[user@main user]$ '
			);
		} finally {
			close();
		}
	});

	it('answers exec, inspect and save with plain data', async () => {
		const { api, close } = connect();
		try {
			await api.boot({ backend: 'model' });
			await api.openTerminal({ user: 'root', cols: 80, rows: 24 });
			await api.settle(1, 5000);
			expect(await api.exec({ command: 'echo exec ran' })).toEqual({
				stdout: 'exec ran\n',
				stderr: '',
				exitCode: 0
			});
			const snap = await api.inspect();
			expect(snap?.version).toBe(1);
			expect(snap?.processes.map((p) => p.comm)).toEqual([
				'init',
				'syslogd',
				'xinetd',
				'httpd',
				'crond',
				'bash'
			]);
			expect(snap?.processes.at(-1)?.capBset).toBe('00000000fffffeff');
			const saved = await api.save();
			expect(saved.backend).toBe('model');
			expect(structuredClone(saved)).toEqual(saved);
		} finally {
			close();
		}
	});

	it('feeds the inspector batches of events, refusals with their reasons, until told to stop', async () => {
		const { api, close } = connect();
		try {
			await api.boot({ backend: 'model' });
			await api.openTerminal({ user: 'root', cols: 80, rows: 24 });
			await api.settle(1, 5000);
			const seen: KernelEvent[] = [];
			await api.watchEvents(
				proxy((batch: KernelEvent[]) => void seen.push(...batch)),
				{ everyMs: 5 }
			);
			await api.input(1, 'reducecap --secure /bin/sh\r');
			await api.settle(1, 5000);
			await api.input(1, 'ifconfig eth0 down\r');
			await api.settle(1, 5000);
			await vi.waitFor(() => expect(seen.some((e) => e.type === 'exit')).toBe(true));
			// Without the trace panel: process events, new_s_context and refusals, nothing else.
			const calls = seen.flatMap((e) => (e.type === 'syscall' ? [e.name] : []));
			expect(new Set(calls)).toEqual(new Set(['new_s_context', 'ioctl']));
			const refused = seen.find((e) => e.type === 'syscall' && e.name === 'ioctl');
			expect(refused?.type === 'syscall' && refused.reason).toMatchObject({
				capability: 'CAP_NET_ADMIN',
				set: 'bset',
				removedBy: { command: 'reducecap --secure /bin/sh', call: 'new_s_context' }
			});
			await api.watchEvents(null);
			const before = seen.length;
			await api.input(1, 'ifconfig eth0 down\r');
			await api.settle(1, 5000);
			await new Promise((r) => setTimeout(r, 20));
			expect(seen.length).toBe(before);
		} finally {
			close();
		}
	});

	it('answers the heartbeat before and after boot, and refuses faults without testhooks', async () => {
		const { api, close } = connect();
		try {
			expect(await api.ping()).toBe(true);
			await api.boot({ backend: 'model' });
			expect(await api.ping()).toBe(true);
			await expect(api.fault('hang')).rejects.toThrow(/for tests/);
			// A boot with the flag lifts the refusal; a later plain boot puts it back.
			await api.boot({ backend: 'model', testhooks: true });
			await api.boot({ backend: 'model' });
			await expect(api.fault('crash')).rejects.toThrow(/for tests/);
		} finally {
			close();
		}
	});

	it('boots from a restore spec: the same screen as the machine the log came from', async () => {
		const first = connect();
		const second = connect();
		try {
			await first.api.boot({ backend: 'model', boot: { clock: 'jump' } });
			const id = await first.api.openTerminal({ user: 'user', cols: 80, rows: 24 });
			await first.api.settle(id, 5000);
			await first.api.input(id, 'echo $((6*7))\r');
			await first.api.settle(id, 5000);
			const saved = await first.api.save();
			// The page's copy of the log boots a new worker (crash recovery).
			await second.api.boot({ backend: 'model', restore: saved });
			let screen = '';
			await second.api.attach(
				id,
				proxy((chunk: Uint8Array) => (screen += new TextDecoder().decode(chunk)))
			);
			await new Promise((r) => setTimeout(r, 20));
			expect(screen).toBe('[user@main user]$ echo $((6*7))\r\n42\r\n[user@main user]$ ');
			expect(await second.api.save()).toEqual(saved);
		} finally {
			first.close();
			second.close();
		}
	});

	it('hands the page every log entry since the boot, those before it listened first', async () => {
		const { api, close } = connect();
		try {
			await api.boot({ backend: 'model', boot: { clock: 'jump' } });
			// A page that booted its machine early listens only later: what happened meanwhile
			// must still reach its copy of the log, in order.
			const id = await api.openTerminal({ user: 'user', cols: 80, rows: 24 });
			await api.settle(id, 5000);
			await api.input(id, 'true\r');
			await api.settle(id, 5000);
			const seen: LogEntry[] = [];
			await api.onLog(proxy((entry: LogEntry) => void seen.push(entry)));
			await api.input(id, 'false\r');
			await api.settle(id, 5000);
			await new Promise((r) => setTimeout(r, 20));
			expect(seen.map((e) => e.op)).toEqual(['open', 'input', 'input']);
			const saved = await api.save();
			expect(saved.backend === 'model' && saved.log).toEqual(seen);
		} finally {
			close();
		}
	});

	it('boots the machine its name asks for at once, and boot() with that spec joins that boot', async () => {
		const create = vi.spyOn(ModelMachine, 'create');
		const spec: BootSpec = { backend: 'model', boot: { clock: 'jump' }, testhooks: false };
		const service = new MachineService();
		service.bootAhead(BOOT_AHEAD_NAME + JSON.stringify(spec));
		// Started before any message: the page's boot() may be held back by the browser.
		expect(create).toHaveBeenCalledTimes(1);
		const { api, close } = connect(service);
		try {
			expect(await api.boot(spec)).toEqual({ backend: 'model', release: '2.4.20ctx-17' });
			expect(create).toHaveBeenCalledTimes(1);
			const id = await api.openTerminal({ user: 'root', cols: 80, rows: 24 });
			expect(await api.settle(id, 5000)).toBe('idle');
			const seen: LogEntry[] = [];
			await api.onLog(proxy((entry: LogEntry) => void seen.push(entry)));
			await new Promise((r) => setTimeout(r, 20));
			expect(seen.map((e) => e.op)).toEqual(['open']);
		} finally {
			close();
			create.mockRestore();
		}
	});

	it('boots the spec the page asks for when it is not the one the name asked for', async () => {
		const create = vi.spyOn(ModelMachine, 'create');
		const service = new MachineService();
		service.bootAhead(BOOT_AHEAD_NAME + JSON.stringify({ backend: 'model' }));
		const { api, close } = connect(service);
		try {
			await api.boot({ backend: 'model', boot: { hostname: 'other' } });
			expect(create).toHaveBeenCalledTimes(2);
			expect(await api.exec({ command: 'hostname' })).toEqual({
				stdout: 'other\n',
				stderr: '',
				exitCode: 0
			});
		} finally {
			close();
			create.mockRestore();
		}
	});

	it('boots nothing ahead for any other name', () => {
		const create = vi.spyOn(ModelMachine, 'create');
		try {
			const service = new MachineService();
			service.bootAhead('vserver-lab machine');
			service.bootAhead(BOOT_AHEAD_NAME + '{not json');
			expect(create).not.toHaveBeenCalled();
		} finally {
			create.mockRestore();
		}
	});
});
