// embed.html: one exercise by id; a missing or unknown id is a visible error, never a blank frame.
import { describe, expect, test } from 'vitest';
import { hasChromium } from './chromium.ts';
import { pageErrors, useBrowser } from './pages.ts';

describe.skipIf(!hasChromium)('embed.html', () => {
	const browser = useBrowser();

	test('shows a visible error for an unknown exercise id', async () => {
		const page = await browser.open('./embed.html?exercise=no-such/exercise');
		const alert = page.getByRole('alert');
		await alert.waitFor();
		expect(await alert.isVisible()).toBe(true);
		const text = await alert.innerText();
		expect(text).toContain('Unknown exercise');
		expect(text).toContain('no-such/exercise');
		expect(pageErrors(page)).toEqual([]);
	});

	test('shows a visible error when no exercise is named', async () => {
		const page = await browser.open('./embed.html');
		const alert = page.getByRole('alert');
		await alert.waitFor();
		expect(await alert.innerText()).toContain('No exercise was asked for');
	});

	test('takes its theme from the address', async () => {
		const page = await browser.open('./embed.html?exercise=x&theme=dark', { colorScheme: 'light' });
		expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
	});
});
