// Stored progress under faults: a damaged entry is set aside (kept under a backup key) and the
// rest kept; a stored text that is no progress at all is set aside whole; storage that throws
// (private modes, partitioned frames) or is full degrades to progress kept for the visit, said
// in a visible message, and the exercise still runs.
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { hasChromium } from './chromium.ts';
import { pageErrors, screenText, useBrowser } from './pages.ts';

const exercise = 'principles/a-shell-inside-a-shell';
const other = 'principles/playing-with-chcontext';
const KEY = 'vserver-lab:progress:v1';
const ASIDE = 'vserver-lab:progress:set-aside';

const notice = (page: Page) => page.locator('.storage-notice');
const nest = (page: Page) => page.locator('.steps li[data-step="nest"]');

async function ready(page: Page): Promise<void> {
	await page.locator('[data-terminal="1"]').waitFor({ timeout: 15_000 });
	await expect.poll(() => screenText(page), { timeout: 15_000 }).toMatch(/\$ *$/m);
}

async function type(page: Page, line: string): Promise<void> {
	await page.locator('[data-terminal="1"]').click();
	await page.keyboard.type(line);
	await page.keyboard.press('Enter');
}

/** Does step 1 by typing, and waits until the progress (with the machine's log) is stored. */
async function doStepOne(page: Page): Promise<void> {
	await ready(page);
	await type(page, 'sh');
	await expect.poll(() => nest(page).getAttribute('data-state'), { timeout: 15_000 }).toBe('done');
	await type(page, 'echo kept-$((6*7))');
	await expect.poll(() => screenText(page), { timeout: 10_000 }).toContain('kept-42');
}

/**
 * Loads the page afresh on the front page (no exercise runs there, so nothing is saved while the
 * storage is being prepared), then goes to the exercise in the same document.
 */
async function reloadIntoExercise(page: Page): Promise<void> {
	await page.goto(new URL('./#/', page.url()).href);
	await page.reload();
	await page.goto(new URL(`./#/${exercise}`, page.url()).href);
}

function stored(page: Page, key: string): Promise<string | null> {
	return page.evaluate((key) => localStorage.getItem(key), key);
}

describe.skipIf(!hasChromium)('stored progress under faults', () => {
	const browser = useBrowser();

	test('a damaged entry is set aside, the others and the machine are kept', async () => {
		const page = await browser.open(`./#/${exercise}`);
		await doStepOne(page);
		await expect
			.poll(
				async () =>
					JSON.parse((await stored(page, KEY)) ?? '{}').exercises?.[exercise]?.log?.length ?? 0
			)
			.toBeGreaterThan(3);
		// Leave the exercise (its progress is written), then another exercise's entry goes bad (a
		// bug, an edit by hand, a half-written save).
		// A fresh document on the front page: nothing of the exercise's is left to be written.
		await page.goto(new URL('./#/', page.url()).href);
		await page.reload();
		await page.getByRole('heading', { level: 1 }).first().waitFor();
		await page.evaluate(
			({ KEY, other }) => {
				const doc = JSON.parse(localStorage.getItem(KEY)!);
				doc.exercises[other] = { done: 'everything', step: -1 };
				localStorage.setItem(KEY, JSON.stringify(doc));
			},
			{ KEY, other }
		);
		await reloadIntoExercise(page);
		await ready(page);
		await expect
			.poll(() => notice(page).innerText(), { timeout: 10_000 })
			.toMatch(
				/The stored progress of “Playing with chcontext” was damaged and was set aside; the rest of your progress is kept\./
			);
		expect(await notice(page).getAttribute('role')).toBe('status');
		// The good entry came back whole: the step is done and the machine has the nested shell.
		await expect
			.poll(() => nest(page).getAttribute('data-state'), { timeout: 15_000 })
			.toBe('done');
		await expect.poll(() => screenText(page), { timeout: 10_000 }).toContain('kept-42');
		const doc = JSON.parse((await stored(page, KEY))!);
		expect(Object.keys(doc.exercises)).toEqual([exercise]);
		const aside = JSON.parse((await stored(page, ASIDE))!);
		expect(aside.records).toHaveLength(1);
		expect(aside.records[0].entries).toEqual({ [other]: { done: 'everything', step: -1 } });
		await page.screenshot({ path: 'dist/e2e-storage-set-aside.png' });
		await page.getByRole('button', { name: 'Dismiss' }).click();
		expect(await notice(page).innerText()).toBe('');
		expect(pageErrors(page)).toEqual([]);
	});

	test('stored text that is not progress is set aside whole, and the lab starts afresh', async () => {
		const page = await browser.open('./#/');
		await page.evaluate((KEY) => localStorage.setItem(KEY, '{"format":"vserver-lab-progr'), KEY);
		await reloadIntoExercise(page);
		await ready(page);
		await expect
			.poll(() => notice(page).innerText(), { timeout: 10_000 })
			.toMatch(/could not be read \(it is not JSON\), so it was set aside/);
		const aside = JSON.parse((await stored(page, ASIDE))!);
		expect(aside.records[0].text).toBe('{"format":"vserver-lab-progr');
		await type(page, 'sh');
		await expect
			.poll(() => nest(page).getAttribute('data-state'), { timeout: 15_000 })
			.toBe('done');
		await expect
			.poll(async () => JSON.parse((await stored(page, KEY)) ?? '{}').exercises?.[exercise]?.done)
			.toEqual(['nest']);
		expect(pageErrors(page)).toEqual([]);
	});

	test('storage that throws: a message, and progress kept for the visit', async () => {
		const page = await browser.open('./#/');
		await page.addInitScript(() => {
			Object.defineProperty(window, 'localStorage', {
				configurable: true,
				get() {
					throw new DOMException('The operation is insecure.', 'SecurityError');
				}
			});
		});
		await reloadIntoExercise(page);
		await ready(page);
		await expect
			.poll(() => notice(page).innerText(), { timeout: 10_000 })
			.toMatch(/does not let the lab store anything here .* kept for this visit only/);
		await doStepOne(page);
		// In memory for the visit: the panel counts the step done.
		expect(await nest(page).getAttribute('data-state')).toBe('done');
		expect(await page.locator('.count').first().innerText()).toMatch(/1 of 3/);
		await page.screenshot({ path: 'dist/e2e-storage-refused.png' });
		expect(pageErrors(page)).toEqual([]);
	});

	test('a full quota keeps the steps stored and rebuilds the machine from them', async () => {
		const page = await browser.open('./#/');
		// Room for small writes only: a save with a machine's history in it does not fit.
		await page.addInitScript(() => {
			const setItem = Storage.prototype.setItem;
			Storage.prototype.setItem = function (key: string, value: string) {
				if (value.includes('"log":[{')) {
					throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
				}
				setItem.call(this, key, value);
			};
		});
		await reloadIntoExercise(page);
		await doStepOne(page);
		await expect
			.poll(() => notice(page).innerText(), { timeout: 10_000 })
			.toMatch(/too full for the machines’ histories: the steps you have done are stored/);
		// The notice comes with the first refused save; the step's own save follows within a moment.
		await expect
			.poll(async () => JSON.parse((await stored(page, KEY)) ?? '{}').exercises?.[exercise], {
				timeout: 10_000
			})
			.toMatchObject({ done: ['nest'], step: 2, log: [] });
		// A reload: the step is still done, and its command was typed again on a new machine.
		await page.reload();
		await ready(page);
		await expect
			.poll(() => nest(page).getAttribute('data-state'), { timeout: 15_000 })
			.toBe('done');
		await expect.poll(() => screenText(page), { timeout: 10_000 }).toMatch(/\$ sh\n/);
		expect(pageErrors(page)).toEqual([]);
	});
});
