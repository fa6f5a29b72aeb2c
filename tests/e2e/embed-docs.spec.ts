// The course's "Embed an exercise" page: reached from the footer, snippets that name this site
// and the exercise picked, the storage note, and a live embed that starts when scrolled to.
import { describe, expect, inject, test } from 'vitest';
import { hasChromium } from './chromium.ts';
import { pageErrors, useBrowser } from './pages.ts';

describe.skipIf(!hasChromium)('the embedding page', () => {
	const browser = useBrowser();

	test('gives snippets to copy for the exercise picked, and a live embed', async () => {
		const page = await browser.open('./');
		await page.getByRole('link', { name: 'Embed an exercise in your own pages' }).click();
		await page.getByRole('heading', { level: 1, name: 'Embed an exercise' }).waitFor();
		expect(await page.title()).toBe('Embed an exercise · vserver-lab');

		const site = inject('baseURL');
		const snippets = page.locator('.snippet pre');
		const picker = page.getByLabel('Exercise for the snippets');
		await picker.selectOption('principles/playing-with-chbind');
		const iframe = await snippets.nth(0).innerText();
		expect(iframe).toContain(
			`<iframe src="${site}embed.html?exercise=principles/playing-with-chbind&origin=`
		);
		expect(await snippets.nth(2).innerText()).toContain(
			`<script src="${site}vserver-lab.js" defer></script>`
		);
		expect(await snippets.nth(2).innerText()).toContain(
			'<vserver-lab exercise="principles/playing-with-chbind"'
		);
		const note = await page
			.getByRole('region', { name: 'Where an embed keeps progress' })
			.innerText();
		expect(note).toMatch(/partition for your\.site, not the course’s/);

		// The live example is the embed itself, started once it is on screen.
		const live = page.frameLocator('iframe.live');
		await page.locator('iframe.live').scrollIntoViewIfNeeded();
		await expect
			.poll(() => live.locator('[data-terminal="1"]').count(), { timeout: 20_000 })
			.toBe(1);
		expect(await live.locator('main').getAttribute('data-started')).toBe('true');
		expect(pageErrors(page)).toEqual([]);
	});

	test('the element script is served beside embed.html', async () => {
		const page = await browser.open('./');
		const response = await page.request.get(new URL('vserver-lab.js', inject('baseURL')).href);
		expect(response.status()).toBe(200);
		expect(response.headers()['content-type']).toMatch(/javascript/);
		// A classic script: no module syntax, so any page can load it with a plain script tag.
		expect(await response.text()).not.toMatch(/^\s*(import|export)\b/m);
	});
});
