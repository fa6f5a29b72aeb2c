// Chapter 3's scenarios in the browser: 3.4 needs a second machine (`backup`) with its own
// terminal, which the page must boot and the step player must type into; 3.2 is solved partly by
// hand and partly by the player. Set E2E_SCREENSHOTS=DIR to keep a picture of each.
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { hasChromium } from './chromium.ts';
import { pageErrors, screenText, useBrowser } from './pages.ts';

function stepState(page: Page, id: string): Promise<string | null> {
	return page.locator(`.steps li[data-step="${id}"]`).getAttribute('data-state');
}

async function type(page: Page, term: number, line: string): Promise<void> {
	await page.locator(`[data-terminal="${term}"]`).click();
	await page.keyboard.type(line);
	await page.keyboard.press('Enter');
}

async function shoot(page: Page, name: string): Promise<void> {
	const dir = process.env.E2E_SCREENSHOTS;
	if (dir) await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

const liveRegion = (page: Page) => page.getByRole('status').filter({ hasText: /step/i });

describe.skipIf(!hasChromium)('chapter 3 in the browser', () => {
	const browser = useBrowser();

	test('3.4 moves the server to backup, typed by the player on both machines', async () => {
		const page = await browser.open('./?testhooks=1#/applications/fail-over-servers', {
			viewport: { width: 1280, height: 1000 }
		});
		const main = page.locator('[data-terminal="1"]');
		const backup = page.locator('[data-terminal="2"]');
		await backup.waitFor({ timeout: 20_000 });
		// Each terminal says which machine it is on, in its bar and to a screen reader.
		const bars = page.locator('.exercise .who');
		expect(await bars.allInnerTexts()).toEqual(['root@main, context 0', 'root@backup, context 0']);
		expect(await main.getAttribute('aria-label')).toBe('Terminal 1: root@main, context 0');
		expect(await backup.getAttribute('aria-label')).toBe('Terminal 2: root@backup, context 0');
		// The second machine booted: its own prompt, its own host name.
		await expect
			.poll(() => screenText(page, 1), { timeout: 20_000 })
			.toMatch(/\[root@main root\]# *$/m);
		await expect
			.poll(() => screenText(page, 2), { timeout: 20_000 })
			.toMatch(/\[root@backup root\]# *$/m);

		// A step typed on both machines names the machine of each block, in the prose and the list.
		const blocks = page.locator('pre.command[data-step="copy"]');
		expect(await blocks.evaluateAll((els) => els.map((e) => e.getAttribute('data-where')))).toEqual(
			['root@backup, context 0', 'root@main, context 0', 'root@backup, context 0']
		);
		expect(await page.locator('.steps li[data-step="copy"] .term').allInnerTexts()).toEqual([
			'in root@backup, context 0:',
			'in root@main, context 0:',
			'in root@backup, context 0:'
		]);
		expect(await page.locator('.steps li[data-step="serve"] .term').count()).toBe(0);

		await type(page, 2, 'hostname; ifconfig eth0 | grep inet');
		await expect
			.poll(() => screenText(page, 2), { timeout: 15_000 })
			.toMatch(/^backup\n.*inet addr:192\.168\.1\.2 /m);

		await page.getByLabel('Speed').selectOption({ label: 'Instant' });
		await page.getByRole('button', { name: 'Play' }).click();
		// `vserver v1 stop` sleeps five seconds of the wall clock the browser's machine runs on.
		await expect
			.poll(() => liveRegion(page).innerText(), { timeout: 60_000, interval: 500 })
			.toMatch(/All 5 steps done/);
		for (const id of ['serve', 'stop', 'copy', 'start-backup', 'moved']) {
			expect(await stepState(page, id)).toBe('done');
		}
		// The server now runs on backup, started there by the player...
		const second = await screenText(page, 2);
		expect(second).toContain('[root@backup root]# vserver v1 start');
		expect(second).toMatch(/^Host name is now v1$/m);
		expect(second).toMatch(/^Starting httpd: +\[ {2}OK {2}\]$/m);
		// ...and main still reaches it on the same address, while its own copy is stopped.
		const first = await screenText(page, 1);
		expect(first).toMatch(/^Welcome to v1$/m);
		expect(first).toMatch(/^Server v1 is not running$/m);

		// The machine itself, not the screen: backup's kernel has the server's Apache in ctx 2.
		await type(page, 2, 'vps ax | grep httpd');
		await expect
			.poll(() => screenText(page, 2), { timeout: 15_000 })
			.toMatch(/^ +\d+ 2 +v1 +\? +S +\d+:\d\d \/usr\/sbin\/httpd$/m);
		await shoot(page, '3.4-fail-over-servers');

		// A crashed worker is replaced by one that replays the log on the same two machines: the
		// server is still up on backup, and nothing runs on main's copy.
		await page.evaluate(() =>
			(
				globalThis as unknown as { __vserverLabMachine: { fault(kind: 'crash'): Promise<void> } }
			).__vserverLabMachine.fault('crash')
		);
		await expect
			.poll(() => page.locator('.recovery-notice').innerText(), { timeout: 30_000 })
			.toMatch(/new one was started/);
		await type(page, 2, 'clear; hostname; vserver v1 running');
		await expect
			.poll(() => screenText(page, 2), { timeout: 20_000 })
			.toMatch(/^backup\nServer v1 is running$/m);
		await type(page, 1, 'clear; hostname; vserver v1 running');
		await expect
			.poll(() => screenText(page, 1), { timeout: 20_000 })
			.toMatch(/^main\nServer v1 is not running$/m);
		expect(pageErrors(page)).toEqual([]);
	}, 120_000);

	test('3.2 tells users apart by address: by hand, then the player', async () => {
		const page = await browser.open('./#/applications/per-user-fire-wall', {
			viewport: { width: 1280, height: 1000 }
		});
		await page.locator('[data-terminal="1"]').waitFor({ timeout: 20_000 });
		await expect
			.poll(() => screenText(page, 1), { timeout: 20_000 })
			.toMatch(/\[root@main root\]# *$/m);

		// Step 1 typed by hand, as a learner would.
		await type(page, 1, 'chbind --ip 192.168.1.21 su - alice');
		await expect
			.poll(() => screenText(page, 1), { timeout: 15_000 })
			.toMatch(/\[alice@main alice\]\$ *$/m);
		await type(page, 1, 'wget -q -O /dev/null http://192.168.1.1/');
		await type(page, 1, 'exit');
		await expect.poll(() => stepState(page, 'alice'), { timeout: 15_000 }).toBe('done');
		await expect.poll(() => liveRegion(page).innerText()).toMatch(/Step 1 of 5 done/);

		// A wrong rule (the whole machine's address) does not pass the rule step.
		await page.getByRole('button', { name: 'Step forward' }).click();
		await expect.poll(() => stepState(page, 'bob'), { timeout: 20_000 }).toBe('done');
		await type(page, 1, 'ipchains -A input -s 192.168.1.1 -p tcp -d 0/0 80 -j REJECT');
		await expect.poll(() => liveRegion(page).innerText(), { timeout: 15_000 }).toMatch(/not yet/);
		expect(await stepState(page, 'rule')).toBe('current');
		await type(page, 1, 'ipchains -D input 1');

		// The player does the rest.
		await page.getByLabel('Speed').selectOption({ label: 'Instant' });
		await page.getByRole('button', { name: 'Play' }).click();
		await expect
			.poll(() => liveRegion(page).innerText(), { timeout: 45_000, interval: 500 })
			.toMatch(/All 5 steps done/);
		// The screen keeps what the filter did: bob refused, alice served.
		await type(page, 1, 'clear; tail -3 /var/log/httpd/access_log | cut -d" " -f1');
		await expect
			.poll(() => screenText(page, 1), { timeout: 15_000 })
			.toMatch(/^192\.168\.1\.21\n192\.168\.1\.22\n192\.168\.1\.21$/m);
		await shoot(page, '3.2-per-user-fire-wall');
		expect(pageErrors(page)).toEqual([]);
	}, 120_000);
});
