// Light and dark themes: the system preference by default, a toggle that wins and is remembered.
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { hasChromium } from './chromium.ts';
import { useBrowser } from './pages.ts';

/** Relative luminance (0 black … 1 white) of the page background. */
function backgroundLuminance(page: Page): Promise<number> {
	return page.evaluate(() => {
		const [r = 0, g = 0, b = 0] = (
			getComputedStyle(document.body).backgroundColor.match(/\d+/g) ?? []
		)
			.slice(0, 3)
			.map((v) => Number(v) / 255);
		return 0.2126 * r + 0.7152 * g + 0.0722 * b;
	});
}

describe.skipIf(!hasChromium)('the themes', () => {
	const browser = useBrowser();

	test('the toggle switches to dark and the choice survives a reload', async () => {
		const page = await browser.open('./', { colorScheme: 'light' });
		const toggle = page.getByRole('button', { name: 'Dark theme' });
		expect(await toggle.getAttribute('aria-pressed')).toBe('false');
		expect(await backgroundLuminance(page)).toBeGreaterThan(0.8);

		await toggle.click();
		expect(await toggle.getAttribute('aria-pressed')).toBe('true');
		expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
		expect(await backgroundLuminance(page)).toBeLessThan(0.15);

		await page.reload();
		expect(await backgroundLuminance(page)).toBeLessThan(0.15);
		const again = page.getByRole('button', { name: 'Dark theme' });
		expect(await again.getAttribute('aria-pressed')).toBe('true');

		await again.press('Enter');
		expect(await again.getAttribute('aria-pressed')).toBe('false');
		expect(await backgroundLuminance(page)).toBeGreaterThan(0.8);
	});

	test('follows a dark system preference when nothing was chosen', async () => {
		const page = await browser.open('./', { colorScheme: 'dark' });
		expect(await backgroundLuminance(page)).toBeLessThan(0.15);
		const toggle = page.getByRole('button', { name: 'Dark theme' });
		expect(await toggle.getAttribute('aria-pressed')).toBe('true');
	});
});
