// Runaway programs leave the machine usable: fork bombs, endless loops and output, deep recursion
// and huge argument lists each end in the message Linux and bash give, and the next command
// typed at the same terminal answers as usual.
import { describe, expect, it } from 'vitest';
import { sessionPerTest } from './session.ts';
import { TTY_OUTPUT_BURST, TTY_OUTPUT_RATE } from '../../core/kernel/tty.ts';
import { MAX_FUNC_DEPTH } from '../../core/shell/interpreter.ts';

const session = sessionPerTest();

/** The prompt the default root shell prints in /root. */
const PROMPT = '[root@main root]# ';

describe('runaway programs', () => {
	it('a fork bomb fills the process table, kill -9 -1 ends it, and the shell answers again', async () => {
		const t = await session();
		const bomb = await t.type('bomb(){ bomb|bomb& };bomb', 1000);
		expect(t.lastSettle).toBe('bound');
		expect(bomb).toContain('bash: fork: Resource temporarily unavailable\n');
		expect(t.machine.kernel.procs.size).toBe(16384 - 1);
		// kill(-1) as root: every process but init and the caller.
		await t.type('kill -9 -1');
		expect(await t.typeOk('echo after; ps')).toMatch(
			/^echo after; ps\nafter\n {2}PID TTY {10}TIME CMD\n {3}\d+ pts\/0 {4}00:00:00 bash\n *\d+ pts\/0 {4}00:00:00 ps\n\[root@main root\]# $/
		);
		// kill(-1) spared init and the shell only: the services are gone too, as on Linux.
		expect(t.machine.kernel.procs.size).toBe(2);
	});

	it("a user's fork bomb stops at ulimit -u, and kill -9 -1 ends the user's processes", async () => {
		const t = await session();
		await t.typeOk('su - user');
		const bomb = await t.type('ulimit -u 100; b(){ b|b& };b', 300);
		expect(bomb).toContain('bash: fork: Resource temporarily unavailable\n');
		const procs = [...t.machine.kernel.procs.values()].filter((p) => p.creds.uid === 500);
		// At the limit, save the ones that just failed and exited.
		const live = procs.filter((p) => p.state !== 'Z').length;
		expect(live).toBeLessThanOrEqual(100);
		expect(live).toBeGreaterThan(90);
		await t.type('kill -9 -1');
		expect(await t.typeOk('echo after; ps')).toMatch(
			/^echo after; ps\nafter\n {2}PID TTY {10}TIME CMD\n {3}22 pts\/0 {4}00:00:00 bash\n *\d+ pts\/0 {4}00:00:00 ps\n\[user@main user\]\$ $/
		);
	});

	it('^C stops an endless loop of the shell itself', async () => {
		const t = await session();
		await t.type('while :; do :; done', 1000);
		expect(t.lastSettle).toBe('bound');
		expect(await t.typeOk('^C')).toBe(`^C\n${PROMPT}`);
		expect(await t.typeOk('echo $?')).toBe(`echo $?\n130\n${PROMPT}`);
	});

	it('^C stops a foreground program and the shell reports status 130', async () => {
		const t = await session();
		await t.type('sleep 1000', 1000);
		await t.typeOk('^C');
		expect(await t.typeOk('echo $?')).toBe(`echo $?\n130\n${PROMPT}`);
	});

	it('yes on the terminal is paced by the terminal, and ^C stops it', async () => {
		const t = await session();
		const out = await t.type('yes', 2000);
		expect(t.lastSettle).toBe('bound');
		// Two seconds at the terminal's pace: "y\n" reaches the screen as "y\r\n".
		const lines = out.split('\n').filter((l) => l === 'y').length;
		expect(lines).toBeGreaterThan(((2 * TTY_OUTPUT_RATE) / 2) * 0.9);
		expect(lines).toBeLessThanOrEqual((2 * TTY_OUTPUT_RATE + TTY_OUTPUT_BURST + 4096) / 2);
		expect(await t.typeOk('^C')).toMatch(/\^C\n\[root@main root\]# $/);
		expect(await t.typeOk('echo after')).toBe(`echo after\nafter\n${PROMPT}`);
	});

	it('endless producers stop when their reader has enough', async () => {
		const t = await session();
		expect(await t.typeOk('cat /dev/zero | head -c 5 | wc -c')).toBe(
			`cat /dev/zero | head -c 5 | wc -c\n      5\n${PROMPT}`
		);
		expect(await t.typeOk('yes | head -n 3')).toBe(`yes | head -n 3\ny\ny\ny\n${PROMPT}`);
	});

	it('a busy background job does not keep the terminal from answering', async () => {
		const t = await session();
		// Something is always runnable, so each line waits its bound, as the runner does.
		expect(await t.type('yes > /dev/null &', 1000)).toMatch(/^yes > \/dev\/null &\n\[1\] \d+\n/);
		expect(await t.type('echo hi', 1000)).toBe(`echo hi\nhi\n${PROMPT}`);
		expect(await t.typeOk('kill %1')).toBe(
			`kill %1\n[1]+  Terminated              yes > /dev/null\n${PROMPT}`
		);
	});

	it('recursion in functions, eval and . ends at 1000 levels with bash 5 messages', async () => {
		const t = await session();
		expect(await t.typeOk('f(){ f; }; f; echo $?')).toBe(
			`f(){ f; }; f; echo $?\nbash: f: maximum function nesting level exceeded (${MAX_FUNC_DEPTH})\n1\n${PROMPT}`
		);
		expect(await t.typeOk(`e='eval "$e"'; eval "$e"; echo $?`)).toBe(
			`e='eval "$e"'; eval "$e"; echo $?\nbash: eval: maximum eval nesting level exceeded (1000)\n1\n${PROMPT}`
		);
		expect(await t.typeOk("echo '. /tmp/a' > /tmp/a; . /tmp/a; echo $?")).toBe(
			`echo '. /tmp/a' > /tmp/a; . /tmp/a; echo $?\nbash: /tmp/a: maximum source nesting level exceeded (1000)\n1\n${PROMPT}`
		);
		expect(await t.typeOk('echo after')).toBe(`echo after\nafter\n${PROMPT}`);
	});

	it('an argument list over 128 KiB is refused with E2BIG; builtins take it', async () => {
		const t = await session();
		await t.typeOk('x=$(seq 1 30000)');
		expect(await t.typeOk('/bin/echo $x | wc -c; echo $?')).toBe(
			`/bin/echo $x | wc -c; echo $?\nbash: /bin/echo: Argument list too long\n      0\n0\n${PROMPT}`
		);
		expect(await t.typeOk('/bin/echo $x > /dev/null; echo $?')).toBe(
			`/bin/echo $x > /dev/null; echo $?\nbash: /bin/echo: Argument list too long\n126\n${PROMPT}`
		);
		expect(await t.typeOk('echo $x | wc -c')).toBe(`echo $x | wc -c\n 168894\n${PROMPT}`);
		// xargs builds command lines of its default 20480 bytes, well inside the limit.
		expect(await t.typeOk('echo $x | xargs /bin/echo | wc -l')).toBe(
			`echo $x | xargs /bin/echo | wc -l\n      9\n${PROMPT}`
		);
	});
});
