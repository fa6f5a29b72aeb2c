// The sandbox terminal: xterm.js in the page, a shell in the worker, keys and output through comlink.
import { describe, expect, test } from 'vitest';
import { hasChromium } from './chromium.ts';
import { pageErrors, screenText, useBrowser } from './pages.ts';

const prompt = /\[root@main [^\]]*\]# *$/m;

describe.skipIf(!hasChromium)('the sandbox', () => {
	const browser = useBrowser();

	test('opens terminal 1 as root in context 0 and answers `echo hello`', async () => {
		const page = await browser.open('./#/sandbox');
		const terminal = page.locator('[data-terminal="1"]');
		await terminal.waitFor({ timeout: 15_000 });
		expect(await terminal.getAttribute('aria-label')).toBe('Terminal 1: root@main, context 0');
		// DOM renderer only: no canvas anywhere in the terminal.
		expect(await terminal.locator('canvas').count()).toBe(0);

		await expect.poll(() => screenText(page), { timeout: 15_000 }).toMatch(prompt);
		await terminal.click();
		await page.keyboard.type('echo hello');
		await page.keyboard.press('Enter');
		await expect
			.poll(async () => (await screenText(page)).split('\n'), { timeout: 15_000 })
			.toContain('hello');
		await expect.poll(() => screenText(page), { timeout: 15_000 }).toMatch(/^hello\n.*# *$/m);
		expect(pageErrors(page)).toEqual([]);
	});

	test('lets keyboard users leave the terminal with Shift+Tab', async () => {
		const page = await browser.open('./#/sandbox');
		const terminal = page.locator('[data-terminal="1"]');
		await terminal.waitFor({ timeout: 15_000 });
		await expect.poll(() => screenText(page), { timeout: 15_000 }).toMatch(prompt);
		await terminal.click();
		const inTerminal = () =>
			page.evaluate(() => !!document.activeElement?.closest('[data-terminal]'));
		expect(await inTerminal()).toBe(true);
		await page.keyboard.press('Shift+Tab');
		expect(await inTerminal()).toBe(false);
	});

	test('fits the terminal to a phone-width screen', async () => {
		const page = await browser.open('./#/sandbox', { viewport: { width: 390, height: 844 } });
		const terminal = page.locator('[data-terminal="1"]');
		await terminal.waitFor({ timeout: 15_000 });
		await expect.poll(() => screenText(page), { timeout: 15_000 }).toMatch(prompt);
		const box = await terminal.boundingBox();
		expect(box?.width).toBeLessThanOrEqual(390);
		const overflow = await page.evaluate(
			() => document.documentElement.scrollWidth > document.documentElement.clientWidth
		);
		expect(overflow).toBe(false);
	});
});
