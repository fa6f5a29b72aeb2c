import { describe, expect, it } from 'vitest';
import { ok, run1 } from './testing.ts';

// The kernel's /proc/PID/stat carries the nice value renice set, so procps shows it.
describe('nice values through /proc', () => {
	it('shows a reniced process in ps -o ni,pri and ps -l', async () => {
		const r = await run1(
			"sleep 100 & renice +5 $! >/dev/null; ps -o ni,pri,comm -p $!; ps -l -p $! | awk '{ print $7, $8 }'; kill $!"
		);
		expect(r).toEqual(ok(' NI PRI COMMAND\n  5  10 sleep\nPRI NI\n10 5\n'));
	});

	it('puts nice into the 19th field and 15 - nice into the 18th of /proc/self/stat', async () => {
		expect(await run1('nice -n 3 cat /proc/self/stat | cut -d" " -f18,19')).toEqual(ok('12 3\n'));
	});
});
