// The shipped Content-Security-Policy (web/build/csp.ts, a <meta> in both built pages): the app
// loads and runs an exercise, the sandbox, the embedding page and an embed under it, with no
// violation reported; the bundle has no eval, and scripts from elsewhere are refused.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { hasChromium } from './chromium.ts';
import { pageErrors, screenText, useBrowser } from './pages.ts';

/** Every violation the page reports, kept from its very start (an init script, before the app). */
async function watchViolations(page: Page): Promise<void> {
	await page.addInitScript(() => {
		const seen: string[] = [];
		(globalThis as { __csp?: string[] }).__csp = seen;
		document.addEventListener('securitypolicyviolation', (e) =>
			seen.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sample}`)
		);
	});
}

function violations(page: Page): Promise<string[]> {
	return page.evaluate(() => (globalThis as { __csp?: string[] }).__csp ?? []);
}

function cspErrors(page: Page): string[] {
	return pageErrors(page).filter((e) => /Content Security Policy|Refused to/i.test(e));
}

const root = join(import.meta.dirname, '..', '..');

describe.skipIf(!hasChromium)('the Content-Security-Policy', () => {
	const browser = useBrowser();

	/** Opens `path` with violations watched from the first byte (a reload after the init script). */
	async function open(path: string): Promise<Page> {
		const page = await browser.open(path);
		await watchViolations(page);
		await page.reload();
		return page;
	}

	test('both pages carry it, without what a <meta> cannot say', async () => {
		const page = await open('./');
		for (const path of ['./', './embed.html']) {
			await page.goto(new URL(path, page.url()).href);
			const policy = await page
				.locator('meta[http-equiv="Content-Security-Policy"]')
				.getAttribute('content');
			expect(policy).toMatch(/script-src 'self' 'wasm-unsafe-eval' 'sha256-/);
			expect(policy).toContain("object-src 'none'");
			expect(policy).not.toMatch(/unsafe-eval'(?<!wasm-unsafe-eval')|frame-ancestors|report-uri/);
		}
	});

	test('an exercise runs under it with no violation', async () => {
		const page = await open('./#/principles/a-shell-inside-a-shell');
		await page.locator('[data-terminal="1"]').waitFor({ timeout: 15_000 });
		await expect.poll(() => screenText(page), { timeout: 15_000 }).toMatch(/\$ *$/m);
		await page.locator('[data-terminal="1"]').click();
		await page.keyboard.type('sh');
		await page.keyboard.press('Enter');
		const nest = page.locator('.steps li[data-step="nest"]');
		await expect.poll(() => nest.getAttribute('data-state'), { timeout: 15_000 }).toBe('done');
		// The theme switch restyles the terminal (xterm.js writes its <style> again).
		await page.getByRole('button', { name: /Dark theme/ }).click();
		await expect.poll(() => page.locator('html').getAttribute('data-theme')).toBe('dark');
		expect(await violations(page)).toEqual([]);
		expect(cspErrors(page)).toEqual([]);
		expect(pageErrors(page)).toEqual([]);
	});

	test('the sandbox, the embedding page and its live embed run under it', async () => {
		const page = await open('./#/sandbox');
		await expect.poll(() => screenText(page, 2), { timeout: 15_000 }).toMatch(/\$ *$/m);
		await page.locator('[data-terminal="2"]').click();
		await page.keyboard.type('echo $((6*7))');
		await page.keyboard.press('Enter');
		await expect.poll(() => screenText(page, 2), { timeout: 10_000 }).toContain('42');
		await page.goto(new URL('./#/embedding', page.url()).href);
		// The live embed starts its machine when it comes into view.
		await page.locator('iframe.live').scrollIntoViewIfNeeded({ timeout: 15_000 });
		const frame = page.frameLocator('iframe.live');
		await frame.locator('[data-terminal="1"]').waitFor({ timeout: 15_000 });
		await expect
			.poll(() => frame.locator('[data-terminal="1"] .xterm-rows').innerText(), { timeout: 15_000 })
			.toMatch(/[#$] *$/m);
		const embed = page.frames().find((f) => f.url().includes('embed.html'));
		expect(embed).toBeDefined();
		expect(await embed!.evaluate(() => (globalThis as { __csp?: string[] }).__csp)).toEqual([]);
		expect(await violations(page)).toEqual([]);
		expect(cspErrors(page)).toEqual([]);
	});

	// The bundle has no `eval` or `new Function` (checked in the files: code run through
	// Playwright's evaluate is exempt from the page's policy, so it cannot show the block).
	test('the built scripts never eval, and scripts from elsewhere are refused', async () => {
		const assets = join(root, 'dist', 'assets');
		for (const file of readdirSync(assets).filter((f) => f.endsWith('.js'))) {
			const code = readFileSync(join(assets, file), 'utf8');
			// A method named eval (awk's evaluator) is not the global eval.
			const calls = code.replace(/[.\w$]eval\(|\beval\([\w,]*\)\{/g, '');
			expect(calls, file).not.toMatch(/\beval\(|\bnew Function\(|\bFunction\(['"`]/);
		}
		const page = await open('./#/sandbox');
		await page.locator('[data-terminal="1"]').waitFor({ timeout: 15_000 });
		const loaded = await page.evaluate(
			() =>
				new Promise<string>((resolve) => {
					const s = document.createElement('script');
					s.src = 'https://example.org/x.js';
					s.onload = () => resolve('loaded');
					s.onerror = () => resolve('blocked');
					document.head.append(s);
				})
		);
		expect(loaded).toBe('blocked');
		expect((await violations(page)).map((v) => v.split(' ')[0])).toEqual(['script-src-elem']);
	});
});
