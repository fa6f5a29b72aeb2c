// The real machine in the page's worker: v86 and the x86 adapter load only when asked for, restore
// the shipped state, and answer typed commands. At most two tests here: each downloads ~5 MB and
// restores a state (measured in headless Chromium on 2 cores: 3-12 s to the first prompt).
import { describe, expect, test } from 'vitest';
import { hasChromium } from './chromium.ts';
import { pageErrors, screenText, useBrowser } from './pages.ts';

/** Generous but bounded: a loaded CI machine stretches the restore several times. */
const BOOT_MS = 90_000;
const COMMAND_MS = 30_000;

describe.skipIf(!hasChromium)('the real x86 machine', () => {
	const browser = useBrowser();

	test(
		'#/sandbox?backend=x86 restores real Linux in the worker and answers a command',
		{ timeout: BOOT_MS + 2 * COMMAND_MS },
		async () => {
			const page = await browser.open('./#/sandbox?backend=x86&user=root');
			const started = Date.now();
			// The switch says which machine runs; the download is reported while it lasts.
			const current = page.locator('.switch a[aria-current="true"]');
			expect(await current.textContent()).toContain('Real Linux');
			await expect
				.poll(() => screenText(page), { timeout: BOOT_MS })
				.toMatch(/\[root@main ~\]# *$/m);
			console.log(`x86 sandbox: first prompt ${Date.now() - started} ms after the page opened`);
			expect(await page.locator('[data-x86-progress]').count()).toBe(0);
			expect(await page.locator('[data-x86-fallback]').count()).toBe(0);

			await page.locator('[data-terminal="1"]').click();
			await page.keyboard.type('uname -sr; grep CapBnd /proc/self/status');
			await page.keyboard.press('Enter');
			await expect
				.poll(() => screenText(page), { timeout: COMMAND_MS })
				.toMatch(/^Linux 6\.1\.\d+\nCapBnd:\s+000001ffffffffff\n\[root@main ~\]# *$/m);
			// The notes name the real kernel the worker reported.
			expect(await page.locator('.notes').textContent()).toMatch(/Linux 6\.1\.\d+ on an emulated/);
			expect(pageErrors(page)).toEqual([]);
		}
	);

	test('falls back to the model, saying why, when the real machine cannot start', async () => {
		// The saved state is missing (a 404): the worker's x86 boot fails before any emulator runs.
		const page = await browser.open('./#/');
		await page.route('**/images/x86/state.bin.zst', (route) =>
			route.fulfill({ status: 404, body: 'gone' })
		);
		await page.goto(new URL('./#/sandbox?backend=x86&user=root', page.url()).href);
		const notice = page.locator('[data-x86-fallback]');
		await notice.waitFor({ timeout: COMMAND_MS });
		expect(await notice.textContent()).toBe(
			'The real Linux machine could not start (state.bin.zst: HTTP 404), so this is the model of the 2003 kernel instead.'
		);
		await expect
			.poll(() => screenText(page), { timeout: COMMAND_MS })
			.toMatch(/\[root@main [^\]]*\]# *$/m);
		await page.locator('[data-terminal="1"]').click();
		await page.keyboard.type('uname -r');
		await page.keyboard.press('Enter');
		await expect.poll(() => screenText(page), { timeout: COMMAND_MS }).toMatch(/^2\.4\.20ctx-17$/m);
		expect(await page.locator('.notes').textContent()).toContain('vserver 0.22 tools');
	});
});
