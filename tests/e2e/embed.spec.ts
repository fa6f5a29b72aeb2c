// embed.html: one exercise by id; a missing or unknown id is a visible error, never a blank frame.
// Opened on its own (no parent), the model starts at once; step= and autoplay= take effect.
import { describe, expect, test } from 'vitest';
import { hasChromium } from './chromium.ts';
import { pageErrors, screenText, useBrowser } from './pages.ts';

const shell = 'principles/a-shell-inside-a-shell';
/** Written for today's Linux only (`backend: x86`). */
const x86Only = 'alternative-technologies/namespaces-by-hand';

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

	test('starts at once on its own, on the step the address names, with a link to the course', async () => {
		const page = await browser.open(`./embed.html?exercise=${shell}&step=look`);
		const steps = page.locator('.steps li');
		await expect
			.poll(() => steps.evaluateAll((li) => li.map((l) => l.getAttribute('data-state'))), {
				timeout: 20_000
			})
			.toEqual(['done', 'current', 'todo']);
		await expect.poll(() => screenText(page)).toMatch(/\$ sh\n/);
		for (const name of ['Play', 'Step forward', 'Step back', 'Reset']) {
			expect(await page.getByRole('button', { name, exact: true }).count()).toBe(1);
		}
		const link = page.getByRole('link', { name: /Open in the course/ });
		expect(await link.getAttribute('href')).toMatch(new RegExp(`/#/${shell}\\?step=look$`));
		expect(await page.locator('header, nav, footer').filter({ hasText: 'Sandbox' }).count()).toBe(
			0
		);
		expect(pageErrors(page)).toEqual([]);
	});

	test('plays the exercise through with autoplay=1', async () => {
		const page = await browser.open(`./embed.html?exercise=${shell}&autoplay=1`);
		await page.getByText('Exercise complete.').waitFor({ timeout: 25_000 });
		expect(await page.locator('.steps li[data-state="done"]').count()).toBe(3);
	});

	test('an x86 exercise waits for a click before it starts a machine, asked for or not', async () => {
		for (const query of ['&backend=x86', '']) {
			const page = await browser.open(`./embed.html?exercise=${x86Only}${query}`);
			const start = page.getByRole('button', { name: 'Start the x86 machine' });
			await start.waitFor({ timeout: 15_000 });
			expect(await page.locator('main').getAttribute('data-started')).toBe('false');
			expect(await page.locator('[data-terminal]').count()).toBe(0);
		}
	});

	test('a model exercise asked for on x86 runs on the model and says so', async () => {
		const page = await browser.open(`./embed.html?exercise=${shell}&backend=x86`);
		await expect.poll(() => screenText(page), { timeout: 20_000 }).toMatch(/\$ *$/m);
		expect(await page.getByText('runs on the model of the 2003 kernel only').isVisible()).toBe(
			true
		);
		expect(await page.getByRole('button', { name: 'Start the x86 machine' }).count()).toBe(0);
		expect(pageErrors(page)).toEqual([]);
	});

	test('inspector=1 opens the kernel inspector beside the exercise', async () => {
		const page = await browser.open(`./embed.html?exercise=${shell}&inspector=1`);
		await page.getByRole('heading', { name: 'Kernel inspector' }).waitFor({ timeout: 20_000 });
		await expect.poll(() => screenText(page), { timeout: 20_000 }).toMatch(/\$ *$/m);
		expect(pageErrors(page)).toEqual([]);
	});
});
