// The course's front page: its title, the paper's outline, and the way into the sandbox.
import { describe, expect, test } from 'vitest';
import { hasChromium } from './chromium.ts';
import { pageErrors, useBrowser } from './pages.ts';

describe.skipIf(!hasChromium)('the front page', () => {
	const browser = useBrowser();

	test('shows the paper’s title and its chapters as a numbered outline', async () => {
		const page = await browser.open('./');
		const title = (await page.locator('h1').innerText()).replace(/\u00a0/g, ' ');
		expect(title).toBe('Virtual private servers and security contexts');
		expect(await page.title()).toContain('Virtual private servers and security contexts');

		const outline = page.getByRole('region', { name: 'The paper, chapter by chapter' });
		const chapters = outline.locator('ol.root > li > .entry');
		expect(await chapters.count()).toBe(10);
		await expect(chapters.first().innerText()).resolves.toMatch(/^1\s+Introduction$/);
		const section = outline.locator('li', { hasText: '2.6.1' }).last();
		await expect(section.innerText()).resolves.toMatch(
			/2\.6\.1\s+Playing with \/usr\/sbin\/chcontext/
		);

		// Sections with a page link to it; the others are plain text, not links that lead nowhere.
		await expect(
			outline.getByRole('link', { name: 'Principles', exact: true }).getAttribute('href')
		).resolves.toBe('#/principles');
		await expect(
			outline.getByRole('link', { name: 'Introduction', exact: true }).getAttribute('href')
		).resolves.toBe('#/introduction');
		await expect(
			outline.getByRole('link', { name: 'A shell inside a shell' }).getAttribute('href')
		).resolves.toBe('#/principles/a-shell-inside-a-shell');
		// 4.2 has an exercise and no page: its title is text, the exercise hangs beneath it.
		const setting = outline.locator('li:has(> .entry .number:text-is("4.2"))');
		expect(await setting.locator('> .entry a').count()).toBe(0);
		await expect(setting.locator('ul.tutorials a').first().getAttribute('href')).resolves.toBe(
			'#/installation/setting-a-virtual-server'
		);
		expect(pageErrors(page)).toEqual([]);
	});

	test('leads to the sandbox and back with the keyboard', async () => {
		const page = await browser.open('./');
		const main = page.getByRole('main');
		await main.getByRole('link', { name: 'Open the sandbox' }).focus();
		await page.keyboard.press('Enter');
		await page.waitForURL(/#\/sandbox$/);
		await expect(
			page.getByRole('heading', { level: 1, name: 'Sandbox' }).isVisible()
		).resolves.toBe(true);
		await page
			.getByRole('navigation', { name: 'Main' })
			.getByRole('link', { name: 'Course' })
			.click();
		await page.waitForURL(/#\/$/);
		await expect(page.locator('h1:visible').innerText()).resolves.toContain('Virtual private');
	});
});
