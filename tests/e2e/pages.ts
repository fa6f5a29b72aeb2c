// Helpers the e2e specs share: a browser per spec file, and reading a terminal's screen as text.
import { afterAll, beforeAll, inject } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium.ts';

export interface OpenOptions {
	viewport?: { width: number; height: number };
	colorScheme?: 'light' | 'dark';
	/** A touch screen (a coarse pointer): the terminals' key bar shows. */
	touch?: boolean;
}

const errors = new WeakMap<Page, string[]>();

/** Launches Chromium for the calling spec file; `open` loads a path in a fresh browser context. */
export function useBrowser(): { open(path: string, options?: OpenOptions): Promise<Page> } {
	let browser: Browser | undefined;
	beforeAll(async () => {
		browser = await launchChromium();
	});
	afterAll(async () => {
		await browser?.close();
	});
	return {
		async open(path, options = {}) {
			if (!browser) throw new Error('the browser did not start');
			const context = await browser.newContext({
				viewport: options.viewport ?? { width: 1280, height: 800 },
				colorScheme: options.colorScheme ?? 'light',
				hasTouch: options.touch ?? false,
				isMobile: options.touch ?? false
			});
			const page = await context.newPage();
			const seen: string[] = [];
			errors.set(page, seen);
			page.on('pageerror', (error) => seen.push(error.message));
			page.on('console', (message) => {
				if (message.type() === 'error') seen.push(message.text());
			});
			await page.goto(new URL(path, inject('baseURL')).href);
			// The course page loads its app after the load event (web/src/main.ts imports it once
			// the machine is started): a test that touches storage next must find it mounted.
			await page.waitForFunction(() => {
				const app = document.getElementById('app');
				return app === null || app.childElementCount > 0;
			});
			return page;
		}
	};
}

/** Uncaught exceptions and console errors of `page` so far. */
export function pageErrors(page: Page): string[] {
	return errors.get(page) ?? [];
}

/** The visible rows of terminal `n`, as xterm's DOM renderer shows them (NBSP read as space). */
export async function screenText(page: Page, n = 1): Promise<string> {
	const rows = page.locator(`[data-terminal="${n}"] .xterm-rows > div`);
	const lines = await rows.allTextContents();
	return lines.map((line) => line.replace(/\u00a0/g, ' ').trimEnd()).join('\n');
}
