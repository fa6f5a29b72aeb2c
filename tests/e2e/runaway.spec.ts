// A runaway program in the machine must not take the page or the other terminals with it: a fork
// bomb fills the process table in terminal 1 while terminal 2 still echoes and runs commands, and
// root's `kill -9 -1` ends it. (How fast the echo is under the bomb: `web.input_echo_under_load`.)
import { describe, expect, test } from 'vitest';
import { hasChromium } from './chromium.ts';
import { pageErrors, screenText, useBrowser } from './pages.ts';

describe.skipIf(!hasChromium)('a runaway program', () => {
	const browser = useBrowser();

	test(
		'a fork bomb in one terminal leaves the other answering, and kill -9 -1 ends it',
		{
			timeout: 120_000
		},
		async () => {
			const page = await browser.open('./#/sandbox');
			await expect.poll(() => screenText(page, 1), { timeout: 15_000 }).toMatch(/\]# *$/m);
			await expect.poll(() => screenText(page, 2), { timeout: 15_000 }).toMatch(/\]\$ *$/m);

			await page.locator('[data-terminal="1"]').click();
			await page.keyboard.type('bomb(){ bomb|bomb& };bomb');
			await page.keyboard.press('Enter');
			// Let it grow: the machine runs it while the page does the rest.
			await page.waitForTimeout(1500);

			await page.locator('[data-terminal="2"]').click();
			await page.keyboard.type('echo still here');
			// The keys echo while the bomb runs (the line editor draws them before Enter).
			await expect
				.poll(() => screenText(page, 2), { timeout: 30_000 })
				.toMatch(/\$ echo still here$/m);
			await page.keyboard.press('Enter');
			await expect
				.poll(async () => (await screenText(page, 2)).split('\n'), { timeout: 30_000 })
				.toContain('still here');
			// The page itself answers: the theme toggle works while the machine is busy.
			const before = await page.evaluate(() => document.documentElement.dataset.theme);
			await page.getByRole('button', { name: 'Dark theme' }).first().click();
			await expect
				.poll(() => page.evaluate(() => document.documentElement.dataset.theme))
				.not.toBe(before);

			await page.locator('[data-terminal="1"]').click();
			// Every process but init and the shell that sends it dies. Init reaps the dead as it gets
			// to them, so a fork straight after may still find the table full (as on Linux): count the
			// processes until a count comes back, and it fits on one hand.
			await page.keyboard.type('kill -9 -1');
			await page.keyboard.press('Enter');
			const count = async () => {
				await page.keyboard.type('ps ax | wc -l');
				await page.keyboard.press('Enter');
				await page.waitForTimeout(2000);
				const lines = (await screenText(page, 1)).split('\n').filter((l) => !/^\[\d\]\+ /.test(l));
				const last = lines.length - 1;
				return /^\[root@main [^\]]*\]# *$/.test(lines[last] ?? '') ? lines[last - 1]?.trim() : '';
			};
			await expect.poll(count, { timeout: 60_000, interval: 10 }).toMatch(/^\d$/);
			expect(pageErrors(page)).toEqual([]);
		}
	);
});
