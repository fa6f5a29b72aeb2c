// Issue 11: a browser terminal of 80×24 gives the headless runner's transcript. The 2.6.1 golden
// script is typed, key by key, into the sandbox's terminal; its whole buffer (scrollback too, not
// just the visible rows) is read through the sandbox's test-only hook and must equal the golden
// the runner made (tests/transcripts/chapter2/*.txt), byte for byte.
import { readFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { hasChromium } from './chromium.ts';
import { pageErrors, useBrowser } from './pages.ts';

/** The sandbox's test-only hook (web/src/pages/Sandbox.svelte, `#/sandbox?testhooks=1`). */
interface TestHooks {
	text(id: number): Promise<string>;
	size(id: number): { cols: number; rows: number };
	settle(id: number, boundMs?: number): Promise<'idle' | 'bound' | 'exited'>;
}
type HookWindow = typeof globalThis & { __vserverLabTest?: TestHooks };

const goldens = new URL('../transcripts/chapter2/', import.meta.url);
/** The runner's bounds (core/runner.ts): 5 s of virtual time per line, 60 s of wall time. */
const LINE_BOUND_MS = 5000;
const WALL_LIMIT_MS = 60_000;
/** The runner's control lines. */
const controls: Record<string, string> = {
	'^C': 'Control+c',
	'^Z': 'Control+z',
	'^\\': 'Control+\\',
	'^D': 'Control+d'
};

function settle(page: Page, id: number): Promise<string> {
	return page.evaluate(
		([id, bound]) => (window as HookWindow).__vserverLabTest!.settle(id, bound),
		[id, LINE_BOUND_MS] as const
	);
}

function text(page: Page, id: number): Promise<string> {
	return page.evaluate((id) => (window as HookWindow).__vserverLabTest!.text(id), id);
}

/**
 * The whole buffer once the page has drawn everything the machine printed: the output and the
 * answer to `settle` come back over different message channels, so read until it stops changing.
 */
async function quietText(page: Page, id: number): Promise<string> {
	let before = await text(page, id);
	for (let i = 0; i < 50; i++) {
		await new Promise((resolve) => setTimeout(resolve, 100));
		const now = await text(page, id);
		if (now === before) return now;
		before = now;
	}
	throw new Error(`terminal ${id} kept changing:\n${before}`);
}

describe.skipIf(!hasChromium)('a browser terminal and the headless runner', () => {
	const browser = useBrowser();

	test('give the same transcript for the 2.6.1 script typed at 80×24', async () => {
		const name = '2.6.1-chcontext-user-a';
		const script = await readFile(new URL(`${name}.sh`, goldens), 'latin1');
		const golden = await readFile(new URL(`${name}.txt`, goldens), 'latin1');
		const lines = script.replace(/\n$/, '').split('\n');
		// The goldens name their login on the first line, as the runner's `--user` takes it.
		const user = /^# user: (\S+)/.exec(lines[0] ?? '')?.[1] ?? 'root';
		expect(user).toBe('user');

		const page = await browser.open(`./#/sandbox?user=${user}&size=80x24&testhooks=1`);
		const terminal = page.locator('[data-terminal="1"]');
		await terminal.waitFor({ timeout: 15_000 });
		expect(await terminal.getAttribute('aria-label')).toBe(`Terminal 1: ${user}@main, context 0`);
		// One terminal only: the runner opens one, and a second login would change pids and pstree.
		expect(await page.locator('[data-terminal]').count()).toBe(1);
		await page.waitForFunction(() => !!(window as HookWindow).__vserverLabTest);
		expect(await page.evaluate(() => (window as HookWindow).__vserverLabTest!.size(1))).toEqual({
			cols: 80,
			rows: 24
		});

		expect(await settle(page, 1)).toBe('idle');
		for (const line of lines) {
			// A pane that `xterm &` opens takes the focus, as a new window would: type into terminal 1.
			await terminal.locator('textarea').focus();
			const control = controls[line];
			if (control) {
				await page.keyboard.press(control);
			} else {
				await page.keyboard.type(line);
				await page.keyboard.press('Enter');
			}
			const state = await Promise.race([
				settle(page, 1),
				new Promise((_, reject) =>
					setTimeout(() => reject(new Error(`machine did not settle after ${line}`)), WALL_LIMIT_MS)
				)
			]);
			if (state === 'exited') break;
		}
		expect(await quietText(page, 1)).toBe(golden);
		// Still 80×24 at the end: nothing refitted the terminal while the panes came and went.
		expect(await page.evaluate(() => (window as HookWindow).__vserverLabTest!.size(1))).toEqual({
			cols: 80,
			rows: 24
		});
		expect(pageErrors(page)).toEqual([]);
	}, 150_000);

	test('has no test hook unless the address asks for it', async () => {
		const page = await browser.open('./#/sandbox?user=user&size=80x24');
		await page.locator('[data-terminal="1"]').waitFor({ timeout: 15_000 });
		expect(await page.evaluate(() => '__vserverLabTest' in window)).toBe(false);
	});
});
