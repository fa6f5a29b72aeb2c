// The real machine in the page's worker: v86 and the x86 adapter load only when asked for, restore
// the shipped state, and answer typed commands. A few tests here: each downloads ~5 MB and
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

	test(
		'a side-by-side exercise plays the same steps on the model and on real Linux',
		{ timeout: BOOT_MS + 4 * COMMAND_MS },
		async () => {
			const page = await browser.open('./#/alternative-technologies/a-context-then-and-now');
			const model = page.locator('section.exercise[data-backend="model"]');
			const real = page.locator('section.exercise[data-backend="x86"]');
			// xterm.js paints only what is on screen, and the panels scroll: bring one into view first.
			const text = async (panel: typeof model) => {
				const terminal = panel.locator('[data-terminal="1"]');
				await terminal.scrollIntoViewIfNeeded();
				return (await terminal.locator('.xterm-rows > div').allTextContents())
					.map((line) => line.replace(/\u00a0/g, ' ').trimEnd())
					.join('\n');
			};
			await expect.poll(() => text(model), { timeout: COMMAND_MS }).toMatch(/# *$/m);
			await expect.poll(() => text(real), { timeout: BOOT_MS }).toMatch(/\[root@main ~\]# *$/m);
			for (const panel of [model, real]) {
				await panel.getByLabel('Speed').selectOption({ label: 'Instant' });
			}
			await page.getByRole('button', { name: 'Play both' }).click();
			// Every step's checks passed on each machine.
			for (const panel of [model, real]) {
				await panel.getByText('Exercise complete.').waitFor({ timeout: 3 * COMMAND_MS });
			}
			// The last step's lines. 2003: context 1 may look but not kill, so the sleep is still there.
			// The checks can pass before the next prompt is painted, so the screens are polled.
			await expect
				.poll(() => text(model), { timeout: COMMAND_MS })
				.toMatch(/^\d+\n\[root@main root\]# *$/m);
			const then = await text(model);
			expect(then).toContain('Operation not permitted');
			expect(then).toMatch(/^status=1$/m);
			// Today: context 1 is the host, which may kill what it sees.
			await expect
				.poll(() => text(real), { timeout: COMMAND_MS })
				.toMatch(/^gone\n\[root@main ~\]# *$/m);
			expect(await text(real)).toMatch(/^status=0$/m);
			expect(pageErrors(page)).toEqual([]);
		}
	);

	test(
		'an embedded x86 exercise starts on the click and plays through on real Linux',
		{ timeout: BOOT_MS + 4 * COMMAND_MS },
		async () => {
			// No backend= in the address: the exercise is written for today's Linux only.
			const page = await browser.open(
				'./embed.html?exercise=alternative-technologies/namespaces-by-hand'
			);
			await page.getByRole('button', { name: 'Start the x86 machine' }).click();
			await expect
				.poll(() => screenText(page), { timeout: BOOT_MS })
				.toMatch(/\[root@main ~\]# *$/m);
			await page.getByLabel('Speed').selectOption({ label: 'Instant' });
			await page.getByRole('button', { name: 'Play', exact: true }).click();
			await page.getByText('Exercise complete.').waitFor({ timeout: 3 * COMMAND_MS });
			expect(await page.locator('.steps li[data-state="done"]').count()).toBe(
				await page.locator('.steps li').count()
			);
			expect(pageErrors(page)).toEqual([]);
		}
	);
	test(
		'a lost x86 worker is reported, and Start again keeps the steps done by typing them anew',
		{ timeout: 2 * BOOT_MS + 4 * COMMAND_MS },
		async () => {
			const page = await browser.open(
				'./?testhooks=1#/alternative-technologies/namespaces-by-hand'
			);
			const state = (id: string) =>
				page.locator(`.steps li[data-step="${id}"]`).getAttribute('data-state');
			await expect
				.poll(() => screenText(page), { timeout: BOOT_MS })
				.toMatch(/\[root@main ~\]# *$/m);
			await page.getByRole('button', { name: 'Step forward' }).click();
			await expect.poll(() => state('unshare'), { timeout: COMMAND_MS }).toBe('done');

			// The real machine keeps no input log: its worker is not replaced, the reader is told.
			await page.evaluate(() =>
				(
					globalThis as unknown as {
						__vserverLabMachine: { fault(kind: string): Promise<void> };
					}
				).__vserverLabMachine.fault('crash')
			);
			const problem = page.getByRole('alert').filter({ hasText: 'The machine stopped.' });
			await expect
				.poll(() => problem.innerText(), { timeout: COMMAND_MS })
				.toMatch(/crashed\. The real machine keeps no record of what was typed/);
			expect(await page.locator('.term-window .status').innerText()).toContain('Stopped');
			await problem.getByRole('button', { name: 'Start again' }).click();

			// A fresh machine, and step 1 typed into it again: its output is on the screen.
			await expect
				.poll(() => screenText(page), { timeout: BOOT_MS })
				.toMatch(/^inner pid=1 host=guest$/m);
			await expect.poll(() => state('background'), { timeout: COMMAND_MS }).toBe('current');
			expect(await state('unshare')).toBe('done');
			expect(
				await page.getByRole('alert').filter({ hasText: 'The machine stopped.' }).count()
			).toBe(0);
		}
	);
});
