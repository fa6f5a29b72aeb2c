// The kernel inspector in the sandbox: after `reducecap --secure /bin/sh` and `ifconfig eth0 down`
// it shows the shell's cap_bset without CAP_NET_ADMIN, explains the refusal (linked from the
// terminal's error line) and lists it in the trace.
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { hasChromium } from './chromium.ts';
import { pageErrors, screenText, useBrowser } from './pages.ts';

const prompt = /\[root@main [^\]]*\]# *$/m;

async function type(page: Page, line: string, until: RegExp): Promise<void> {
	await page.keyboard.type(line);
	await page.keyboard.press('Enter');
	await expect.poll(() => screenText(page), { timeout: 15_000 }).toMatch(until);
}

describe.skipIf(!hasChromium)('the kernel inspector', () => {
	const browser = useBrowser();

	test('is loaded only when opened', async () => {
		const page = await browser.open('./#/sandbox?user=root&size=80x24');
		await expect.poll(() => screenText(page), { timeout: 15_000 }).toMatch(prompt);
		const loaded = () =>
			page.evaluate(() =>
				performance.getEntriesByType('resource').some((r) => /\/Inspector-[^/]*\.js$/.test(r.name))
			);
		expect(await loaded()).toBe(false);
		await page.getByRole('button', { name: 'Open the kernel inspector' }).click();
		await page.getByRole('heading', { name: 'Kernel inspector' }).waitFor({ timeout: 15_000 });
		expect(await loaded()).toBe(true);
		expect(pageErrors(page)).toEqual([]);
	});

	test(
		'explains a CAP_NET_ADMIN refusal after reducecap --secure, with the grid and the trace',
		{ timeout: 90_000 },
		async () => {
			const page = await browser.open('./#/sandbox?user=root&size=80x24&testhooks=1');
			await expect.poll(() => screenText(page), { timeout: 15_000 }).toMatch(prompt);
			await page.getByRole('button', { name: 'Open the kernel inspector' }).click();
			const inspector = page.locator('section.inspector');
			await inspector.getByRole('heading', { name: 'Why was this denied?' }).waitFor();
			// The shell's process shows up, grouped under the host context.
			await inspector.locator('[data-ctx="0"] [data-pid]').first().waitFor({ timeout: 15_000 });

			await page.locator('[data-terminal="1"]').click();
			await type(page, 'reducecap --secure /bin/sh', /Executing\n.*# *$/m);
			await type(page, 'ifconfig eth0 down', /SIOCSIFFLAGS: Operation not permitted\n.*# *$/m);

			// The explainer names the capability, the set and the command that removed it.
			const why = inspector.locator('section.why');
			await expect
				.poll(() => why.textContent(), { timeout: 15_000 })
				.toContain('CAP_NET_ADMIN is missing from the bounding set (cap_bset)');
			expect(await why.textContent()).toContain('It was removed by `reducecap --secure /bin/sh`');

			// Following the terminal's error line selects the refusal and its shell (the living parent
			// of ifconfig), whose grid lacks CAP_NET_ADMIN in cap_bset.
			const row = page.locator('[data-terminal="1"] .xterm-rows > div', {
				hasText: 'SIOCSIFFLAGS: Operation not permitted'
			});
			const box = await row.boundingBox();
			if (!box) throw new Error('the error line is not on the screen');
			const cell = box.width / 80;
			const x = box.x + cell * ('SIOCSIFFLAGS: '.length + 4);
			const y = box.y + box.height / 2;
			// xterm.js finds links on hover: the pointer cursor says the message is one.
			const pointer = page.locator('[data-terminal="1"] .xterm-cursor-pointer');
			await expect
				.poll(
					async () => {
						await page.mouse.move(x - cell, y);
						await page.mouse.move(x, y);
						return pointer.count();
					},
					{ timeout: 15_000 }
				)
				.toBe(1);
			await page.mouse.click(x, y);
			const selected = inspector.locator('.proc.selected');
			await expect.poll(() => selected.textContent(), { timeout: 15_000 }).toMatch(/\bsh\b/);
			const netAdmin = inspector.locator('tr[data-cap="CAP_NET_ADMIN"]');
			expect(await netAdmin.locator('td[data-set="bset"]').getAttribute('data-on')).toBe('false');
			expect(await netAdmin.locator('td[data-set="eff"]').getAttribute('data-on')).toBe('false');
			const chown = inspector.locator('tr[data-cap="CAP_CHOWN"]');
			expect(await chown.locator('td[data-set="bset"]').getAttribute('data-on')).toBe('true');
			await expect
				.poll(() => inspector.locator('pre.status').textContent(), { timeout: 15_000 })
				.toContain('CapBset:\t00000000f40c04ff');

			// The trace keeps new_s_context and the refusal, even though it was closed at the time.
			await inspector.getByRole('tab', { name: 'Trace' }).click();
			const refused = inspector.locator('.row.refused[data-call="ioctl"]');
			await expect.poll(() => refused.count(), { timeout: 15_000 }).toBe(1);
			expect(await refused.textContent()).toContain('= -1 EPERM');
			expect(await inspector.locator('.row.key[data-call="new_s_context"]').count()).toBe(1);
			// With the trace open every call arrives, and the filters narrow it.
			await page.locator('[data-terminal="1"]').click();
			await type(page, 'ifconfig eth0 down', /Operation not permitted\n.*# *$/m);
			await expect.poll(() => refused.count(), { timeout: 15_000 }).toBe(2);
			await inspector.getByLabel('Call', { exact: true }).fill('execve');
			await expect
				.poll(() => inspector.locator('.row').count(), { timeout: 15_000 })
				.toBeGreaterThan(0);
			const calls = await inspector
				.locator('.row')
				.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-call')));
			expect(new Set(calls)).toEqual(new Set(['execve']));
			expect(pageErrors(page)).toEqual([]);
		}
	);
});
