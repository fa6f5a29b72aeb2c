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

	test('boots its machine from the worker’s name, without waiting for the page', async () => {
		const page = await browser.open('./#/sandbox');
		await expect.poll(() => screenText(page), { timeout: 15_000 }).toMatch(prompt);
		// The worker reads its boot spec from its name (core/worker/api.ts BOOT_AHEAD_NAME) and
		// starts booting once its code has run; the page's boot() joins that boot.
		const workers = page.workers();
		expect(workers).toHaveLength(1);
		const name = await workers[0]!.evaluate(() => (self as unknown as { name: string }).name);
		expect(name.startsWith('vserver-lab machine, booting ')).toBe(true);
		expect(JSON.parse(name.slice('vserver-lab machine, booting '.length))).toMatchObject({
			backend: 'model',
			boot: { clock: 'wall' }
		});
		expect(pageErrors(page)).toEqual([]);
	});

	test('has two terminals on one machine, and each runs a command', async () => {
		const page = await browser.open('./#/sandbox');
		const first = page.locator('[data-terminal="1"]');
		const second = page.locator('[data-terminal="2"]');
		await second.waitFor({ timeout: 15_000 });
		expect(await second.getAttribute('aria-label')).toBe('Terminal 2: user@main, context 0');
		await expect.poll(() => screenText(page, 1), { timeout: 15_000 }).toMatch(prompt);
		await expect
			.poll(() => screenText(page, 2), { timeout: 15_000 })
			.toMatch(/\[user@main [^\]]*\]\$ *$/m);

		await first.click();
		await page.keyboard.type('chcontext /bin/sh');
		await page.keyboard.press('Enter');
		await expect
			.poll(() => screenText(page, 1), { timeout: 15_000 })
			.toMatch(/New security context is [1-9]/);
		await page.keyboard.type('grep s_context /proc/self/status');
		await page.keyboard.press('Enter');
		await expect.poll(() => screenText(page, 1), { timeout: 15_000 }).toMatch(/s_context: [1-9]/);

		await second.click();
		await page.keyboard.type('whoami');
		await page.keyboard.press('Enter');
		await expect
			.poll(async () => (await screenText(page, 2)).split('\n'), { timeout: 15_000 })
			.toContain('user');
		// Each terminal got only its own keys.
		expect(await screenText(page, 1)).not.toContain('whoami');
		expect(pageErrors(page)).toEqual([]);
	});

	test('gives touch screens a key bar that types into the terminal', async () => {
		const page = await browser.open('./#/sandbox', {
			viewport: { width: 390, height: 844 },
			touch: true
		});
		const terminal = page.locator('[data-terminal="1"]');
		await terminal.waitFor({ timeout: 15_000 });
		await expect.poll(() => screenText(page), { timeout: 15_000 }).toMatch(prompt);
		await terminal.click();
		await page.keyboard.type('echo left');
		const bar = page.getByRole('toolbar', { name: 'Terminal keys' });
		await bar.getByRole('button', { name: '|' }).click();
		await page.keyboard.type(' tr a-z A-Z');
		await page.keyboard.press('Enter');
		await expect
			.poll(async () => (await screenText(page)).split('\n'), { timeout: 15_000 })
			.toContain('LEFT');
		await expect.poll(() => screenText(page), { timeout: 15_000 }).toMatch(/^LEFT\n.*# *$/m);
		// Ctrl, then c: an interrupt, so the half-typed line is dropped.
		await page.keyboard.type('echo dropped');
		await bar.getByRole('button', { name: 'Ctrl' }).click();
		expect(await bar.getByRole('button', { name: 'Ctrl' }).getAttribute('aria-pressed')).toBe(
			'true'
		);
		// The key bar hands the focus back to the terminal before the next key.
		await expect
			.poll(() => page.evaluate(() => !!document.activeElement?.closest('[data-terminal="1"]')))
			.toBe(true);
		await page.keyboard.type('c');
		// What follows the interrupted line: a fresh prompt, and no output.
		const afterDropped = async () => {
			const lines = (await screenText(page)).split('\n');
			const at = lines.findIndex((l) => / echo dropped$/.test(l));
			return at < 0 ? lines : lines.slice(at + 1).filter((l) => l !== '');
		};
		await expect
			.poll(afterDropped, { timeout: 15_000 })
			.toEqual([expect.stringMatching(/^\[root@main [^\]]*\]#$/)]);
	});

	test('fetches the chunks boot left out when a command first needs them', async () => {
		const page = await browser.open('./#/sandbox');
		const terminal = page.locator('[data-terminal="1"]');
		await terminal.waitFor({ timeout: 15_000 });
		await expect.poll(() => screenText(page), { timeout: 15_000 }).toMatch(prompt);
		await terminal.click();
		// Shell arithmetic, SysV IPC and the interface ioctls each arrive as their own chunk.
		await page.keyboard.type(
			'echo $((6*7)) ${HOSTNAME:1:2}; ipcs -m | head -2; ifconfig lo | head -1'
		);
		await page.keyboard.press('Enter');
		await expect
			.poll(async () => (await screenText(page)).split('\n'), { timeout: 15_000 })
			.toEqual(
				expect.arrayContaining([
					'42 ai',
					'------ Shared Memory Segments --------',
					expect.stringMatching(/^lo +Link encap:Local Loopback/)
				])
			);
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
