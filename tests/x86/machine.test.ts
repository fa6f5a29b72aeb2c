// The X86Machine adapter itself: cold boot to a prompt, exec on a throwaway copy, readAs, and the
// idle rule's answers (prompt, a program reading the terminal, the session ending).
import { describe, expect, it } from 'vitest';
import { X86Machine } from '../../core/x86/v86-machine.ts';
import { createX86Machine, nodeFileSource } from '../../core/x86/index.ts';
import { plain } from './harness.ts';

function collect(
	m: { attach(id: number, cb: (c: Uint8Array) => void): () => void },
	id: number
): () => string {
	let text = '';
	const decoder = new TextDecoder();
	m.attach(id, (c) => {
		text += decoder.decode(c, { stream: true });
	});
	return () => text;
}

describe('x86 machine', () => {
	it('cold-boots the shipped kernel with SeaBIOS to a root prompt on ttyS0', async () => {
		const m = await X86Machine.create({ files: nodeFileSource(), boot: 'cold' });
		try {
			const id = await m.openTerminal({ user: 'root', cols: 80, rows: 24 });
			const text = collect(m, id);
			m.input(id, 'uname -sr; cat /proc/cmdline\r');
			expect(await m.settle(id, 30000)).toBe('idle');
			expect(plain(text())).toMatch(/\nLinux 6\.1\.\d+\n.*init_on_free=1\n\[root@main ~\]# $/);
		} finally {
			m.dispose();
		}
	}, 120000);

	it('restores to a prompt without ESC[6n, with the clock read again and the terminal size set', async () => {
		const m = await createX86Machine();
		try {
			const id = await m.openTerminal({ user: 'root', cols: 100, rows: 30 });
			const text = collect(m, id);
			expect(text()).toBe('[root@main ~]# ');
			m.input(id, 'stty size; date +%Y\r');
			expect(await m.settle(id, 30000)).toBe('idle');
			expect(text()).not.toContain('\x1b[6n');
			expect(plain(text())).toContain(
				`stty size; date +%Y\n30 100\n${new Date().getUTCFullYear()}\n`
			);
		} finally {
			m.dispose();
		}
	}, 120000);

	it('runs exec on a copy: output, status and no trace left on the machine', async () => {
		const m = await createX86Machine();
		try {
			const id = await m.openTerminal({ user: 'root', cols: 80, rows: 24 });
			const text = collect(m, id);
			const r = await m.exec({ command: 'hostname changed; echo out; echo err >&2; exit 3' });
			expect(r).toEqual({ stdout: 'out\n', stderr: 'err\n', exitCode: 3 });
			const u = await m.exec({ command: 'id -un', user: 'user' });
			expect(u).toEqual({ stdout: 'user\n', stderr: '', exitCode: 0 });
			m.input(id, 'hostname\r');
			expect(await m.settle(id, 30000)).toBe('idle');
			expect(plain(text())).toContain('hostname\nmain\n');
			expect(await m.readAs(1, '/proc/self/status')).toMatch(/^Name:\tlab-login\n/);
			expect(await m.inspect()).toBeNull();
		} finally {
			m.dispose();
		}
	}, 120000);

	it('saves and restores its own state: a change made after save() is gone after restore()', async () => {
		const m = await createX86Machine();
		try {
			const id = await m.openTerminal({ user: 'root', cols: 80, rows: 24 });
			const text = collect(m, id);
			const saved = await m.save();
			expect(saved.backend).toBe('x86');
			m.input(id, 'hostname changed\r');
			expect(await m.settle(id, 30000)).toBe('idle');
			await m.restore(saved);
			m.input(id, 'hostname\r');
			expect(await m.settle(id, 30000)).toBe('idle');
			expect(plain(text())).toMatch(/hostname\nmain\n\[root@main ~\]# $/);
		} finally {
			m.dispose();
		}
	}, 120000);

	it('settles as idle when a program waits for the terminal, as bound when busy, as exited at the end', async () => {
		const m = await createX86Machine();
		try {
			const id = await m.openTerminal({ user: 'user', cols: 80, rows: 24 });
			m.input(id, 'su -\r');
			expect(await m.settle(id, 30000)).toBe('idle');
			m.input(id, '\x03');
			expect(await m.settle(id, 30000)).toBe('idle');
			const started = Date.now();
			m.input(id, 'sleep 3\r');
			expect(await m.settle(id, 1000)).toBe('bound');
			expect(Date.now() - started).toBeLessThan(2500);
			expect(await m.settle(id, 30000)).toBe('idle');
			m.input(id, 'exit\r');
			expect(await m.settle(id, 30000)).toBe('exited');
		} finally {
			m.dispose();
		}
	}, 120000);
});
