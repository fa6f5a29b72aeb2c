// Issue 17: a program that opens a terminal (`xterm &`) gets a pane in the sandbox: a third
// terminal on the same machine, with its own login shell, closed again when the program dies.
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { hasChromium } from './chromium.ts';
import { pageErrors, screenText, useBrowser } from './pages.ts';

const rootPrompt = /\[root@main [^\]]*\]# *$/m;

async function type(page: Page, terminal: number, line: string): Promise<void> {
	await page.locator(`[data-terminal="${terminal}"]`).click();
	await page.keyboard.type(line);
	await page.keyboard.press('Enter');
}

/** The lines of terminal `n` after the last one that ends with `typed`. */
async function after(page: Page, n: number, typed: string): Promise<string[]> {
	const lines = (await screenText(page, n)).split('\n');
	const at = lines.findLastIndex((l) => l.endsWith(typed));
	return at < 0 ? [] : lines.slice(at + 1).filter((l) => l !== '');
}

describe.skipIf(!hasChromium)('panes in the sandbox', () => {
	const browser = useBrowser();

	test('`xterm &` opens terminal 3, which runs commands, and `kill %1` closes it', async () => {
		const page = await browser.open('./#/sandbox');
		await page.locator('[data-terminal="2"]').waitFor({ timeout: 15_000 });
		await expect.poll(() => screenText(page, 1), { timeout: 15_000 }).toMatch(rootPrompt);
		const pane = page.locator('[data-terminal="3"]');
		expect(await pane.count()).toBe(0);

		await type(page, 1, 'tty');
		await expect
			.poll(() => after(page, 1, '# tty'), { timeout: 15_000 })
			.toEqual(['/dev/pts/0', expect.stringMatching(/^\[root@main [^\]]*\]#$/)]);

		await type(page, 1, 'xterm &');
		await pane.waitFor({ timeout: 15_000 });
		expect(await pane.getAttribute('aria-label')).toBe('Terminal 3: root@main, context 0');
		expect(await pane.locator('canvas').count()).toBe(0);
		expect(await page.locator('[data-terminal]').count()).toBe(3);
		// The pane's login shell prompts on its own screen.
		await expect.poll(() => screenText(page, 3), { timeout: 15_000 }).toMatch(rootPrompt);
		await expect.poll(() => screenText(page, 1), { timeout: 15_000 }).toMatch(/^\[1\] \d+$/m);

		// Keys typed into the pane run there, on the xterm's own pty, and nowhere else.
		await type(page, 3, 'tty; echo pane-$((6*7))');
		await expect
			.poll(() => after(page, 3, '# tty; echo pane-$((6*7))'), { timeout: 15_000 })
			.toEqual([
				expect.stringMatching(/^\/dev\/pts\/[1-9]\d*$/),
				'pane-42',
				expect.stringMatching(/^\[root@main [^\]]*\]#$/)
			]);
		const paneTty = (await after(page, 3, '# tty; echo pane-$((6*7))'))[0] ?? '';
		expect(paneTty).not.toBe('/dev/pts/1'); // terminal 2's
		expect(await screenText(page, 1)).not.toContain('pane-');
		expect(await screenText(page, 2)).not.toContain('pane-');

		// The pane's shell is the xterm's child, in the job table of the shell that started it.
		await type(page, 1, 'kill %1');
		await pane.waitFor({ state: 'detached', timeout: 15_000 });
		await expect
			.poll(() => screenText(page, 1), { timeout: 15_000 })
			.toMatch(/^\[1\]\+ +Terminated +xterm$/m);
		expect(await page.locator('[data-terminal]').count()).toBe(2);
		expect(pageErrors(page)).toEqual([]);
	});
});
