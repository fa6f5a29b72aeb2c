// A classroom lab end to end: opened from a link alone (the lab deflated in the fragment), its
// tasks done by typing in the page's terminal and checked against the machine, the results file
// downloaded, and that file read back in the teacher view beside another learner's.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { hasChromium } from './chromium.ts';
import { pageErrors, screenText, useBrowser } from './pages.ts';
import { labFragment } from '../../core/tutorial/lab-link.ts';

const LAB = `title: Two files
by: e2e test
intro: Make two files as root.
tasks:
  - id: first
    title: Make /tmp/one
    text: Create \`/tmp/one\` holding the word one.
    check: { file: { path: /tmp/one, content: "/^one\\\\n$/" } }
    hint: echo can write into a file.
  - id: second
    title: Make /tmp/two
    check: { exec: { command: "test -f /tmp/two", exitCode: 0 } }
`;

const prompt = /\[root@main [^\]]*\]# *$/m;

async function type(page: Page, line: string): Promise<void> {
	await page.keyboard.type(line);
	await page.keyboard.press('Enter');
	await expect.poll(() => screenText(page), { timeout: 15_000 }).toMatch(prompt);
}

describe.skipIf(!hasChromium)('a classroom lab', () => {
	const browser = useBrowser();

	test('opens from a link, is checked against the machine, and its results read back for the teacher', async () => {
		const page = await browser.open(`./${labFragment(LAB)}`);
		await expect
			.poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 15_000 })
			.toBe('Two files');
		const first = page.locator('[data-item="first"]');
		const second = page.locator('[data-item="second"]');

		// Nothing done yet: checking says so, with what the machine showed.
		const terminal = page.locator('[data-terminal="1"]');
		await terminal.waitFor({ timeout: 15_000 });
		await expect.poll(() => screenText(page), { timeout: 15_000 }).toMatch(prompt);
		await page.getByRole('button', { name: 'Check: Make /tmp/one' }).click();
		await expect.poll(() => first.getAttribute('data-state'), { timeout: 15_000 }).toBe('failed');
		expect(await first.textContent()).toContain('/tmp/one cannot be read');

		// The wrong content fails too: the check reads the file, not what was typed.
		await terminal.click();
		await type(page, 'echo uno > /tmp/one');
		await page.getByRole('button', { name: 'Check: Make /tmp/one' }).click();
		await expect
			.poll(() => first.textContent(), { timeout: 15_000 })
			.toContain('/tmp/one does not hold');

		await terminal.click();
		await type(page, 'echo one > /tmp/one; touch /tmp/two');
		await page.getByRole('button', { name: 'Check all' }).click();
		await expect.poll(() => first.getAttribute('data-state'), { timeout: 15_000 }).toBe('done');
		await expect.poll(() => second.getAttribute('data-state'), { timeout: 15_000 }).toBe('done');
		await expect.poll(() => page.locator('.count').textContent()).toMatch(/2 of 2 done/);

		await page.getByLabel('Your name').fill('Ada Lovelace');
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.getByRole('button', { name: 'Download results' }).click()
		]);
		expect(download.suggestedFilename()).toBe('lab-two-files-ada-lovelace.json');
		const file = readFileSync((await download.path())!, 'utf8');
		const results = JSON.parse(file) as {
			learner: string;
			note: string;
			items: { id: string; pass: boolean; attempts: number }[];
		};
		expect(results.learner).toBe('Ada Lovelace');
		expect(results.note).toMatch(/^Self-reported/);
		expect(results.items.map((i) => [i.id, i.pass, i.attempts])).toEqual([
			['first', true, 3],
			['second', true, 1]
		]);

		// The printable summary of the same results.
		await page.getByRole('link', { name: 'Printable summary' }).click();
		await expect
			.poll(() => page.locator('[data-item="first"] .result').textContent(), { timeout: 15_000 })
			.toMatch(/Done/);
		expect(await page.locator('.summary').textContent()).toContain('Ada Lovelace');

		// The teacher view reads the downloaded file beside another learner's (edited) one.
		await page.goto(new URL('#/lab/teacher', page.url()).href);
		const other = file.replace('Ada Lovelace', 'Bob').replace(/"pass": true/, '"pass": false');
		await page.locator('input[type=file]').setInputFiles([
			{ name: 'ada.json', mimeType: 'application/json', buffer: Buffer.from(file) },
			{ name: 'bob.json', mimeType: 'application/json', buffer: Buffer.from(other) },
			{ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"a":1}') }
		]);
		const rows = page.locator('tbody tr');
		await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(2);
		const cells = async (n: number) =>
			(await rows.nth(n).locator('td').allTextContents()).map((t) => t.trim());
		expect(await rows.nth(0).locator('th').textContent()).toContain('Ada Lovelace');
		expect(await cells(0)).toEqual(['✓', '✓', '2/2']);
		expect(await rows.nth(1).locator('th').textContent()).toContain('Bob');
		expect(await cells(1)).toEqual(['✗', '✓', '1/2']);
		expect(await page.getByRole('alert').textContent()).toContain(
			'notes.json: not a vserver-lab results file'
		);
		expect(pageErrors(page)).toEqual([]);
	}, 120_000);

	test('says what is wrong with a damaged link or an invalid lab', async () => {
		const cut = labFragment(LAB).slice(0, 60);
		const page = await browser.open(`./${cut}`);
		await expect
			.poll(() => page.getByRole('alert').textContent(), { timeout: 15_000 })
			.toMatch(/damaged/);
		const bad = await browser.open(`./${labFragment(LAB.replace('title: Two files', 'titel: x'))}`);
		await expect
			.poll(() => bad.locator('.problems').textContent(), { timeout: 15_000 })
			.toContain("unknown key 'titel'");
		expect(pageErrors(page)).toEqual([]);
	});

	test('a damaged stored result is set aside and said; storage that throws is said too', async () => {
		const page = await browser.open(`./${labFragment(LAB)}`);
		const first = page.locator('[data-item="first"]');
		await expect.poll(() => screenText(page), { timeout: 15_000 }).toMatch(prompt);
		await page.getByRole('button', { name: 'Check: Make /tmp/one' }).click();
		await expect.poll(() => first.getAttribute('data-state'), { timeout: 15_000 }).toBe('failed');
		// Damage task one's stored entry, keep a made-up good one beside it, and come back.
		const key = await page.evaluate(() =>
			Object.keys(localStorage).find((k) => k.startsWith('vserver-lab:lab:v1:'))
		);
		expect(key).toBeTruthy();
		await page.evaluate((key) => {
			const doc = JSON.parse(localStorage.getItem(key)!);
			doc.tasks.first.attempts = 'lots';
			doc.tasks.second = { ...doc.tasks.first, attempts: 4, pass: true, detail: 'kept' };
			localStorage.setItem(key, JSON.stringify(doc));
		}, key!);
		await page.reload();
		const notice = page.locator('.storage-notice');
		await expect
			.poll(() => notice.innerText(), { timeout: 15_000 })
			.toContain('The stored result of “Make /tmp/one” was damaged and was set aside');
		expect(await page.locator('[data-item="second"]').getAttribute('data-state')).toBe('done');
		const aside = await page.evaluate(() =>
			JSON.parse(localStorage.getItem('vserver-lab:progress:set-aside')!)
		);
		expect(aside.records.at(-1).entries.first.attempts).toBe('lots');
		expect(pageErrors(page)).toEqual([]);

		const refused = await browser.open('./#/');
		await refused.addInitScript(() => {
			Object.defineProperty(window, 'localStorage', {
				configurable: true,
				get() {
					throw new DOMException('The operation is insecure.', 'SecurityError');
				}
			});
		});
		await refused.goto(new URL(`./${labFragment(LAB)}`, refused.url()).href);
		await refused.reload();
		await expect
			.poll(() => refused.locator('.storage-notice').innerText(), { timeout: 15_000 })
			.toMatch(/does not let the lab store anything here/);
	});
});
