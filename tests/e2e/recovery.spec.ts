// Crash recovery: a machine's worker that crashes (an uncaught error) or stops answering (a loop
// that never yields) is replaced by a new one that replays the page's input log; the reader is
// told, progress and screens come back, and typing works. The faults come from the test-only
// `fault()` call, which only a page opened with `?testhooks=1` can make.
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { hasChromium } from './chromium.ts';
import { pageErrors, screenText, useBrowser } from './pages.ts';

const exercise = 'principles/a-shell-inside-a-shell';

interface MachineHooks {
	fault(kind: 'crash' | 'hang'): Promise<void>;
	status(): string;
	generation(): number;
}

function fault(page: Page, kind: 'crash' | 'hang'): Promise<void> {
	return page.evaluate(
		(kind) =>
			(globalThis as unknown as { __vserverLabMachine: MachineHooks }).__vserverLabMachine.fault(
				kind
			),
		kind
	);
}

function generation(page: Page): Promise<number> {
	return page.evaluate(() =>
		(
			globalThis as unknown as { __vserverLabMachine: MachineHooks }
		).__vserverLabMachine.generation()
	);
}

async function type(page: Page, term: number, line: string): Promise<void> {
	await page.locator(`[data-terminal="${term}"]`).click();
	await page.keyboard.type(line);
	await page.keyboard.press('Enter');
}

const notice = (page: Page) => page.locator('.recovery-notice');

describe.skipIf(!hasChromium)('crash recovery', () => {
	const browser = useBrowser();

	test('a crashed worker is replaced: notice, progress and screen kept, typing works', async () => {
		const page = await browser.open(`./?testhooks=1#/${exercise}`);
		await page.locator('[data-terminal="1"]').waitFor({ timeout: 15_000 });
		await expect.poll(() => screenText(page), { timeout: 15_000 }).toMatch(/\$ *$/m);
		await type(page, 1, 'sh');
		const nest = page.locator('.steps li[data-step="nest"]');
		await expect.poll(() => nest.getAttribute('data-state'), { timeout: 15_000 }).toBe('done');
		await type(page, 1, 'echo before-$((6*7))');
		await expect.poll(() => screenText(page), { timeout: 10_000 }).toContain('before-42');

		await fault(page, 'crash');
		await expect
			.poll(() => notice(page).innerText(), { timeout: 20_000 })
			.toMatch(/new one was started/);
		expect(await notice(page).getAttribute('role')).toBe('status');
		expect(await generation(page)).toBe(1);
		// Progress kept: the step stays done and stored; the screen shows what it showed.
		expect(await nest.getAttribute('data-state')).toBe('done');
		const stored = await page.evaluate(() => localStorage.getItem('vserver-lab:progress:v1'));
		expect(JSON.parse(stored ?? '{}').exercises?.[exercise]?.done).toContain('nest');
		await expect.poll(() => screenText(page), { timeout: 10_000 }).toContain('before-42');

		// The new machine is the old one: the nested shell is still there, and keys reach it.
		await type(page, 1, 'echo after-$((6*8)) $SHLVL');
		await expect.poll(() => screenText(page), { timeout: 10_000 }).toMatch(/after-48 \d/);
		await page.screenshot({ path: 'dist/e2e-crash-notice.png' });
		await page.getByRole('button', { name: 'Dismiss' }).click();
		expect(await notice(page).innerText()).toBe('');
		expect(pageErrors(page)).toEqual([]);
	});

	test('a hung worker is found by the heartbeat and replaced; both terminals work', async () => {
		const page = await browser.open('./?testhooks=1#/sandbox');
		for (const n of [1, 2]) {
			await page.locator(`[data-terminal="${n}"]`).waitFor({ timeout: 15_000 });
			await expect.poll(() => screenText(page, n), { timeout: 15_000 }).toMatch(/[#$] *$/m);
		}
		await type(page, 1, 'echo one-$((1+1))');
		await expect.poll(() => screenText(page, 1), { timeout: 10_000 }).toContain('one-2');

		await fault(page, 'hang');
		await expect
			.poll(() => page.locator('.status').first().innerText(), { timeout: 20_000 })
			.toMatch(/Restarting|Running/);
		await expect
			.poll(() => notice(page).innerText(), { timeout: 30_000 })
			.toMatch(/new one was started/);
		await expect.poll(() => screenText(page, 1), { timeout: 10_000 }).toContain('one-2');
		await type(page, 2, 'echo two-$((2+2))');
		await expect.poll(() => screenText(page, 2), { timeout: 10_000 }).toContain('two-4');
		await type(page, 1, 'echo three-$((3+3))');
		await expect.poll(() => screenText(page, 1), { timeout: 10_000 }).toContain('three-6');
		expect(pageErrors(page)).toEqual([]);
	}, 60_000);

	test('without ?testhooks=1 the page has no fault hook', async () => {
		const page = await browser.open('./#/sandbox');
		await page.locator('[data-terminal="1"]').waitFor({ timeout: 15_000 });
		expect(await page.evaluate(() => '__vserverLabMachine' in globalThis)).toBe(false);
	});
});
