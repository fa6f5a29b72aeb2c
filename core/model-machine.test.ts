// The model machine with a second host: `backup` joins main's segment, its terminals log in
// there, and a saved state (one input log for both machines) restores both exactly.
import { describe, expect, it } from 'vitest';
import { ModelMachine, extraHostAddress } from './model-machine.ts';
import type { TerminalInfo } from './machine.ts';

/** Types `line` on terminal `id` and waits until the machine is quiet again. */
async function type(m: ModelMachine, id: number, line: string): Promise<void> {
	m.input(id, line + '\r');
	await m.settle(id, 5000);
}

function screen(m: ModelMachine, id: number): string {
	let text = '';
	m.attach(id, (c) => (text += String.fromCharCode(...c)))();
	return text.replace(/\r/g, '');
}

describe('a machine with a backup host', () => {
	it('gives the nth extra host the next address on the same prefix', () => {
		expect(extraHostAddress('192.168.1.1/24', 1)).toBe('192.168.1.2/24');
		expect(extraHostAddress('10.1.2.3/8', 2)).toBe('10.1.2.5/8');
	});

	it('logs in to either host, labels terminals with the host name, and talks over the segment', async () => {
		const m = await ModelMachine.create({ hosts: ['backup'] });
		try {
			const a = await m.openTerminal({ user: 'root', cols: 80, rows: 24 });
			const b = await m.openTerminal({ user: 'user', host: 'backup', cols: 80, rows: 24 });
			let list: TerminalInfo[] = [];
			m.onTerminals((l) => (list = l))();
			expect(list.map((t) => t.label)).toEqual(['root@main, context 0', 'user@backup, context 0']);
			await m.settle(b, 5000);
			await type(m, b, 'hostname; /sbin/ifconfig eth0 | grep inet');
			await type(m, a, 'wget -q -O - http://192.168.1.2/ | grep title');
			expect(screen(m, b)).toContain(
				'backup\n          inet addr:192.168.1.2  Bcast:192.168.1.255  Mask:255.255.255.0\n'
			);
			expect(screen(m, a)).toContain('<head><title>backup</title></head>');
			expect(m.faults).toEqual([]);
		} finally {
			m.dispose();
		}
	});

	it('refuses a terminal on a host it does not have', async () => {
		const m = await ModelMachine.create({});
		try {
			await expect(
				m.openTerminal({ user: 'root', host: 'backup', cols: 80, rows: 24 })
			).rejects.toThrow(/no host named backup/);
		} finally {
			m.dispose();
		}
	});

	it('restores both machines from one saved state, byte for byte', async () => {
		const m = await ModelMachine.create({ hosts: ['backup'] });
		const a = await m.openTerminal({ user: 'root', cols: 80, rows: 24 });
		const b = await m.openTerminal({ user: 'root', host: 'backup', cols: 80, rows: 24 });
		await m.settle(b, 5000);
		await type(m, b, 'nc -l -p 9000 > /tmp/got &');
		await type(m, a, 'echo over the wire | nc 192.168.1.2 9000; sleep 2; date');
		await type(m, b, 'cat /tmp/got; ps ax | wc -l');
		const state = await m.save();
		const before = [screen(m, a), screen(m, b)];
		m.dispose();
		expect(state.backend === 'model' && state.boot.hosts).toEqual(['backup']);
		const r = await ModelMachine.create({});
		try {
			await r.restore(state);
			expect([screen(r, a), screen(r, b)]).toEqual(before);
			expect(before[1]).toContain('over the wire');
		} finally {
			r.dispose();
		}
	});
});
