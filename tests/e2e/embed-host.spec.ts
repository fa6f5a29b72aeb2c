// Embeds on another site: a plain HTML page served from a second origin (another port) with two
// iframes of embed.html and one <vserver-lab> element. Each runs its own machine; the parent page
// hears their events and drives them with postMessage commands or the element's methods; commands
// from the wrong origin, or from a frame that is not the parent, are ignored.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { FrameLocator, Page } from 'playwright-core';
import { hasChromium } from './chromium.ts';
import { pageErrors, useBrowser } from './pages.ts';

const shell = 'principles/a-shell-inside-a-shell';
const ceiling = 'principles/a-ceiling-for-root';
const prompt = /\[(user|root)@main [^\]]*\][$#] *$/m;

interface HostEvent {
	from: string;
	type: string;
	exercise: string;
	step: number;
	done: number;
	total: number;
}

/** The host page: frames `a` and `b` and the element `c` (below the fold), plus `w`, whose
 * `origin` names another site, and `sib`, a same-origin child that is not the embeds' parent. */
function hostPage(lab: string, host: string): string {
	const embed = (id: string, origin: string) =>
		`${lab}embed.html?exercise=${encodeURIComponent(id)}&origin=${encodeURIComponent(origin)}`;
	return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A page about something else</title>
<link rel="icon" href="data:,">
<style>
	body { margin: 0; font: 16px sans-serif; }
	.row { display: flex; gap: 8px; }
	iframe, vserver-lab { width: 620px; height: 460px; border: 1px solid #888; }
	#w { width: 300px; height: 200px; }
	#sib { width: 10px; height: 10px; }
	.spacer { height: 1600px; }
</style></head>
<body>
<h1>Somebody's blog</h1>
<div class="row">
	<iframe id="a" title="Exercise a" src="${embed(shell, host)}"></iframe>
	<iframe id="b" title="Exercise b" src="${embed(ceiling, host)}"></iframe>
</div>
<iframe id="w" title="Exercise w" src="${embed(shell, 'http://example.invalid:8080')}"></iframe>
<iframe id="sib" title="Sibling" srcdoc="<script>
	addEventListener('message', () => {
		for (const id of ['w', 'a']) {
			const frame = parent.document.getElementById(id).contentWindow;
			frame.postMessage({ type: 'vserver-lab:step' }, '*');
			frame.postMessage({ type: 'sentinel' }, '*');
		}
	});
</script>"></iframe>
<div class="spacer"></div>
<vserver-lab id="c" exercise="${shell}"></vserver-lab>
<script src="${lab}vserver-lab.js"></script>
<script>
	window.events = [];
	addEventListener('message', (e) => {
		if (typeof e.data?.type !== 'string' || !e.data.type.startsWith('vserver-lab:')) return;
		const frame = [...document.querySelectorAll('iframe')].find((f) => f.contentWindow === e.source);
		events.push({ from: frame ? frame.id : 'shadow', ...e.data });
	});
	for (const t of ['ready', 'step', 'check', 'done']) {
		document.getElementById('c').addEventListener('vserver-lab:' + t, (e) => events.push({ from: 'c', ...e.detail }));
	}
</script>
</body></html>
`;
}

describe.skipIf(!hasChromium)('embeds on a page of another origin', () => {
	const browser = useBrowser();
	let server: Server;
	let host = '';

	beforeAll(async () => {
		const lab = inject('baseURL');
		server = createServer((req, res) => {
			if (req.url !== '/') {
				res.writeHead(404).end();
				return;
			}
			res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
			res.end(hostPage(lab, host));
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		host = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		expect(host).not.toBe(new URL(lab).origin);
	});

	afterAll(async () => {
		server.closeAllConnections();
		await new Promise((resolve) => server.close(resolve));
	});

	const events = (page: Page): Promise<HostEvent[]> =>
		page.evaluate(() => (window as unknown as { events: HostEvent[] }).events);
	const frameOf = (page: Page, id: string): FrameLocator =>
		// Locators pierce open shadow roots: `#c iframe` is the element's own frame.
		page.frameLocator(id === 'c' ? '#c iframe' : `#${id}`);
	const current = (page: Page, id: string) =>
		frameOf(page, id).locator('.steps li[aria-current="step"]').getAttribute('data-step');
	const screen = async (page: Page, id: string) =>
		(await frameOf(page, id).locator('[data-terminal="1"] .xterm-rows > div').allTextContents())
			.map((l) => l.replace(/\u00a0/g, ' ').trimEnd())
			.join('\n');
	const readyFrom = async (page: Page) =>
		(await events(page)).filter((e) => e.type === 'vserver-lab:ready').map((e) => e.from);

	async function openHost(): Promise<Page> {
		const page = await browser.open(`${host}/`);
		await expect
			.poll(() => readyFrom(page), { timeout: 20_000 })
			.toEqual(expect.arrayContaining(['a', 'b']));
		return page;
	}

	test('two iframes and an element run separate machines, started when they show', async () => {
		const page = await openHost();
		expect(await screen(page, 'a')).toMatch(prompt);
		expect(await screen(page, 'b')).toMatch(prompt);
		const ready = (await events(page)).find((e) => e.from === 'a');
		expect(ready).toEqual({
			from: 'a',
			type: 'vserver-lab:ready',
			exercise: shell,
			step: 1,
			done: 0,
			total: 3
		});

		// The element sits below the fold: its frame loaded, but its machine waits to be seen.
		const c = frameOf(page, 'c');
		expect(await c.locator('main').getAttribute('data-started')).toBe('false');
		expect(await c.locator('[data-terminal]').count()).toBe(0);
		await page.locator('#c').scrollIntoViewIfNeeded();
		await expect.poll(() => readyFrom(page), { timeout: 20_000 }).toContain('c');
		expect(await screen(page, 'c')).toMatch(prompt);

		// Step forward in frame a: only a moves, and the host hears its check and new step.
		await frameOf(page, 'a').getByRole('button', { name: 'Step forward' }).click();
		await expect.poll(() => current(page, 'a'), { timeout: 20_000 }).toBe('look');
		expect(await current(page, 'c')).toBe('nest');
		expect(await current(page, 'b')).toBe('look');
		const fromA = (await events(page)).filter((e) => e.from === 'a').map((e) => [e.type, e.step]);
		expect(fromA).toEqual([
			['vserver-lab:ready', 1],
			['vserver-lab:check', 1],
			['vserver-lab:step', 2]
		]);

		// The element's method does the same for c, and its events arrive as DOM events.
		await page.evaluate(() =>
			(document.getElementById('c') as HTMLElement & { step(): void }).step()
		);
		await expect.poll(() => current(page, 'c'), { timeout: 20_000 }).toBe('look');
		// xterm draws only what is on screen: bring c back (the click in a scrolled a into view).
		await page.locator('#c').scrollIntoViewIfNeeded();
		await expect.poll(() => screen(page, 'c')).toMatch(/\$ sh\n/);
		const fromC = (await events(page)).filter((e) => e.from === 'c');
		expect(fromC.at(-1)).toEqual({
			from: 'c',
			type: 'vserver-lab:step',
			exercise: shell,
			step: 2,
			done: 1,
			total: 3
		});
		expect(await current(page, 'a')).toBe('look');
		expect(await current(page, 'b')).toBe('look');
		expect(pageErrors(page)).toEqual([]);
	});

	test('postMessage commands drive an embed: step, reset, play to the end', async () => {
		const page = await openHost();
		const post = (type: string) =>
			page.evaluate(
				([t, target]) =>
					(document.getElementById('a') as HTMLIFrameElement).contentWindow?.postMessage(
						{ type: t },
						target
					),
				[type, inject('baseURL')] as const
			);
		await post('vserver-lab:step');
		await expect.poll(() => current(page, 'a'), { timeout: 20_000 }).toBe('look');
		await post('vserver-lab:reset');
		await expect.poll(() => current(page, 'a'), { timeout: 20_000 }).toBe('nest');
		// The machine is back at its start: one prompt and nothing typed.
		await expect.poll(async () => (await screen(page, 'a')).trim()).toBe('[user@main user]$');

		await post('vserver-lab:play');
		await expect
			.poll(
				async () =>
					(await events(page)).some((e) => e.from === 'a' && e.type === 'vserver-lab:done'),
				{
					timeout: 25_000
				}
			)
			.toBe(true);
		const done = (await events(page)).find((e) => e.from === 'a' && e.type === 'vserver-lab:done');
		expect(done).toMatchObject({ exercise: shell, step: 4, done: 3, total: 3 });
		expect(await frameOf(page, 'a').locator('main').getAttribute('data-commands')).toBe('3');
		// b was never addressed.
		expect(await current(page, 'b')).toBe('look');
		expect(await frameOf(page, 'b').locator('main').getAttribute('data-commands')).toBe('0');
	});

	test('ignores commands from another origin and from a frame that is not its parent', async () => {
		const page = await openHost();
		const w = frameOf(page, 'w');
		await expect.poll(() => w.locator('[data-terminal="1"]').count(), { timeout: 20_000 }).toBe(1);
		// w's origin option names another site: it tells this page nothing either.
		expect(await readyFrom(page)).not.toContain('w');

		// A listener in w and in a records every message; FIFO delivery from one sender means
		// that once a sentinel arrives, the embed has seen (and judged) what came before it.
		const frames = await Promise.all(
			['w', 'a'].map(async (id) => (await page.locator(`#${id}`).elementHandle())?.contentFrame())
		);
		const [wFrame, aFrame] = frames;
		if (!wFrame || !aFrame) throw new Error('frames w and a not found');
		for (const frame of frames) {
			await frame?.evaluate(() => {
				const seen: string[] = [];
				(window as unknown as { seen: string[] }).seen = seen;
				addEventListener('message', (e) => seen.push(String(e.data?.type)));
			});
		}
		await page.evaluate((lab) => {
			const w = (document.getElementById('w') as HTMLIFrameElement).contentWindow;
			w?.postMessage({ type: 'vserver-lab:step' }, lab);
			w?.postMessage({ type: 'vserver-lab:play' }, lab);
			// A same-origin child of this page is not the embeds' parent: it sends a step command,
			// then a sentinel, to w and to a (whose origin option is this page's).
			(document.getElementById('sib') as HTMLIFrameElement).contentWindow?.postMessage('go', '*');
		}, inject('baseURL'));
		const seen = (frame: typeof wFrame) =>
			frame.evaluate(() => (window as unknown as { seen: string[] }).seen);
		await expect
			.poll(() => seen(wFrame))
			.toEqual(['vserver-lab:step', 'vserver-lab:play', 'vserver-lab:step', 'sentinel']);
		await expect.poll(() => seen(aFrame)).toEqual(['vserver-lab:step', 'sentinel']);
		for (const id of ['w', 'a']) {
			expect(await frameOf(page, id).locator('main').getAttribute('data-commands')).toBe('0');
			expect(await current(page, id)).toBe('nest');
		}
		expect(await w.getByRole('button', { name: 'Play' }).isVisible()).toBe(true);

		// The same command from the parent itself, from the right origin, is obeyed.
		await page.evaluate(
			(lab) =>
				(document.getElementById('a') as HTMLIFrameElement).contentWindow?.postMessage(
					{ type: 'vserver-lab:step' },
					lab
				),
			inject('baseURL')
		);
		await expect.poll(() => current(page, 'a'), { timeout: 20_000 }).toBe('look');
		expect(await frameOf(page, 'a').locator('main').getAttribute('data-commands')).toBe('1');
	});
});
