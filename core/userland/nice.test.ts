import { describe, expect, it } from 'vitest';
import { ok, run1 } from './testing.ts';

describe('nice and renice', () => {
	it('nice prints the niceness and runs a command with more of it', async () => {
		expect(await run1(['nice'])).toEqual(ok('0\n'));
		expect(await run1(['nice', 'nice'])).toEqual(ok('10\n'));
		expect(await run1(['nice', '-n', '5', 'nice', '-3', 'nice'])).toEqual(ok('8\n'));
		expect(await run1(['nice', '-n', '40', 'nice'])).toEqual(ok('19\n'));
	});

	it('only root may lower the niceness', async () => {
		expect(await run1(['nice', '--5', 'nice'])).toEqual(ok('-5\n'));
		expect(await run1(['nice', '-n', '-5', 'nice'], { user: 'user' })).toEqual(
			ok('', 'nice: cannot set priority: Permission denied\n', 1)
		);
	});

	it('nice reports a missing command and a bad adjustment', async () => {
		expect(await run1(['nice', 'nosuch'])).toEqual(
			ok('', 'nice: nosuch: No such file or directory\n', 127)
		);
		expect(await run1(['nice', '-n', 'x', 'true'])).toEqual(
			ok('', "nice: invalid priority `x'\nTry `nice --help' for more information.\n", 1)
		);
	});

	it('renice changes a process and says what it was', async () => {
		expect(await run1(['renice', '5', '-p', '1'])).toEqual(
			ok('1: old priority 0, new priority 5\n')
		);
		expect(await run1(['renice', '5', '1'], { user: 'user' })).toEqual(
			ok('', 'renice: 1: setpriority: Operation not permitted\n', 1)
		);
		expect(await run1(['renice', '5', '-p', '9999'])).toEqual(
			ok('', 'renice: 9999: getpriority: No such process\n', 1)
		);
		expect(await run1(['renice', '5', '-u', 'nosuch'])).toEqual(
			ok('', 'renice: nosuch: unknown user\n', 1)
		);
		expect(await run1(['renice'])).toEqual(
			ok('', 'usage: renice priority [ [ -p ] pids ] [ [ -g ] pgrps ] [ [ -u ] users ]\n', 1)
		);
	});
});
