import { describe, expect, it } from 'vitest';
import { run, boot } from '../test-helpers.ts';

describe('the seed kernel', () => {
	it('runs a command and returns its output and status', async () => {
		const r = await run('echo hello');
		expect(r).toEqual({ stdout: 'hello\n', stderr: '', exitCode: 0 });
	});

	it('reports a missing command with status 127', async () => {
		const r = await run('nosuchcommand');
		expect(r.exitCode).toBe(127);
		expect(r.stderr).toBe('sh: nosuchcommand: command not found\n');
	});

	it('restores a machine by replaying its input log to the same terminal output', async () => {
		const m = await boot();
		const id = await m.openTerminal({ user: 'root', cols: 80, rows: 24 });
		let first = '';
		m.attach(id, (c) => (first += String.fromCharCode(...c)));
		await m.settle(id, 5000);
		m.input(id, 'echo one\r');
		await m.settle(id, 5000);
		const saved = await m.save();
		m.dispose();
		const copy = await boot();
		await copy.restore(saved);
		let second = '';
		copy.attach(id, (c) => (second += String.fromCharCode(...c)));
		expect(second).toBe(first);
		expect(first).toContain('one\r\n');
		copy.dispose();
	});
});
