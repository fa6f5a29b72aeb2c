// The bench figures measured in Debian's Chromium against the built app (dist/, served by
// tools/serve.mjs): how long a first visit takes to a usable prompt, and how long a key takes to
// echo while the machine is busy with a fork bomb.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page, type Response } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';

interface Recorder {
	wanted(name: string): boolean;
	record(name: string, value: number, unit: 'ms' | 'kB', spread?: string): void;
	median(xs: number[]): number;
	fmt(v: number): string;
}

/** A root prompt on the last non-empty row of terminal `n`. */
function promptShown(n: number): boolean {
	const rows = Array.from(
		document.querySelectorAll(`[data-terminal="${n}"] .xterm-rows > div`)
	).map((r) => (r.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd());
	const last = rows.filter((r) => r !== '').at(-1) ?? '';
	return /[#$]$/.test(last);
}

async function serve(): Promise<{ url: string; server: ChildProcess }> {
	const server = spawn(process.execPath, ['tools/serve.mjs'], {
		env: { ...process.env, PORT: '0' },
		stdio: ['ignore', 'pipe', 'inherit']
	});
	const url = await new Promise<string>((resolve, reject) => {
		let out = '';
		server.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
			out += chunk;
			const m = /^(http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(out);
			if (m?.[1]) resolve(m[1]);
		});
		server.on('exit', (code) => reject(new Error(`serve.mjs exited with status ${code}`)));
	});
	return { url, server };
}

/** CPU time (clock ticks) used so far by this process's descendants: the browser's processes. */
function browserTicks(): number {
	const parent = new Map<number, number>();
	const ticks = new Map<number, number>();
	for (const name of readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		let stat: string;
		try {
			stat = readFileSync(`/proc/${name}/stat`, 'utf8');
		} catch {
			continue; // gone meanwhile
		}
		// Fields after the command name: state ppid ... utime (12th) stime (13th).
		const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		parent.set(Number(name), Number(f[1]));
		ticks.set(Number(name), Number(f[11]) + Number(f[12]));
	}
	let total = 0;
	for (const [pid, t] of ticks) {
		for (let p = parent.get(pid), hops = 0; p !== undefined && p > 1 && hops < 8; hops++) {
			if (p === process.pid) {
				total += t;
				break;
			}
			p = parent.get(p);
		}
	}
	return total;
}

/**
 * Waits until the browser's processes are idle (at most 1 tick of CPU in 100 ms), up to 5 s;
 * answers the ms waited. A new window makes Chromium start its own helpers (on Debian's
 * Chromium 156, a second renderer for the omnibox popup: 0.5-1.2 s of CPU), which a learner's
 * browser did long before they followed a link; on 2 cores they would otherwise race the page.
 */
async function browserIdle(): Promise<number> {
	if (!existsSync('/proc/self/stat')) {
		await new Promise((r) => setTimeout(r, 2000));
		return 2000;
	}
	const t0 = performance.now();
	let last = browserTicks();
	while (performance.now() - t0 < 5000) {
		await new Promise((r) => setTimeout(r, 100));
		const now = browserTicks();
		if (now - last <= 1) break;
		last = now;
	}
	return performance.now() - t0;
}

/**
 * One first visit in a fresh profile: ms from navigation to a prompt, and the JS fetched. The
 * window is opened first and the clock starts once the browser has settled (browserIdle).
 */
async function firstVisit(
	browser: Browser,
	url: string
): Promise<{ ms: number; jsKb: number; settleMs: number }> {
	const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
	const page = await context.newPage();
	const settleMs = await browserIdle();
	// The scripts are only noted while the clock runs; their bodies are read and compressed
	// after it stopped, so that work of the bench's own does not compete with the page's.
	const scripts: Response[] = [];
	let counting = true;
	page.on('response', (r) => {
		if (counting && r.url().endsWith('.js')) scripts.push(r);
	});
	const t0 = performance.now();
	// Watching starts as soon as the navigation is committed: Playwright's watcher is a script of
	// its own in the page (20-90 ms on the page's thread), better run before the app loads than
	// in the middle of it, as it was when goto waited for the load event first.
	await page.goto(url + '#/sandbox', { waitUntil: 'commit' });
	await page.waitForFunction(promptShown, 1, { timeout: 30_000, polling: 'raf' });
	const ms = performance.now() - t0;
	counting = false;
	const sizes = await Promise.all(
		scripts.map((r) =>
			r.body().then(
				(b) => gzipSync(b, { level: 9 }).length,
				() => 0
			)
		)
	);
	const jsKb = sizes.reduce((a, b) => a + b, 0) / 1000;
	await context.close();
	return { ms, jsKb, settleMs };
}

async function rowsText(page: Page, n: number): Promise<string> {
	return page.evaluate(
		(n) =>
			Array.from(document.querySelectorAll(`[data-terminal="${n}"] .xterm-rows > div`))
				.map((r) => r.textContent ?? '')
				.join('\n'),
		n
	);
}

/**
 * A fork bomb in terminal 1, then keys typed in terminal 2: for each, ms from the key press to
 * its echo on the screen (the page, the worker and the machine's scheduler all on the path).
 */
async function echoUnderLoad(browser: Browser, url: string, keys: number): Promise<number[]> {
	const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
	const page = await context.newPage();
	await page.goto(url + '#/sandbox');
	await page.waitForFunction(promptShown, 2, { timeout: 30_000 });
	await page.locator('[data-terminal="1"]').click();
	await page.keyboard.type('bomb(){ bomb|bomb& };bomb');
	await page.keyboard.press('Enter');
	await page.waitForTimeout(1000);
	await page.locator('[data-terminal="2"]').click();
	const times: number[] = [];
	for (let i = 0; i < keys; i++) {
		const marker = String.fromCharCode(97 + (i % 26));
		const before = (await rowsText(page, 2)).split(marker).length;
		const t0 = performance.now();
		await page.keyboard.type(marker);
		await page.waitForFunction(
			({ marker, before }) =>
				Array.from(document.querySelectorAll('[data-terminal="2"] .xterm-rows > div'))
					.map((r) => r.textContent ?? '')
					.join('\n')
					.split(marker).length > before,
			{ marker, before },
			{ timeout: 60_000, polling: 'raf' }
		);
		times.push(performance.now() - t0);
	}
	await context.close();
	return times;
}

export async function webBrowserFigures(r: Recorder): Promise<void> {
	const names = ['web.nav_to_prompt', 'web.input_echo_under_load'];
	if (!names.some((n) => r.wanted(n))) return;
	if (!existsSync(CHROMIUM) || !existsSync('dist/index.html')) {
		console.error(`bench: ${CHROMIUM} or dist/ is missing; browser figures left out`);
		return;
	}
	const { url, server } = await serve();
	const browser = await chromium.launch({
		executablePath: CHROMIUM,
		args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking']
	});
	try {
		if (r.wanted('web.nav_to_prompt')) {
			await firstVisit(browser, url);
			const runs: { ms: number; jsKb: number; settleMs: number }[] = [];
			for (let i = 0; i < 7; i++) runs.push(await firstVisit(browser, url));
			const ms = runs.map((v) => v.ms);
			r.record(
				'web.nav_to_prompt',
				r.median(ms),
				'ms',
				`min ${r.fmt(Math.min(...ms))} max ${r.fmt(Math.max(...ms))} of 7, fresh profile and window each, ` +
					`clock started once the browser was idle (median wait ${r.fmt(r.median(runs.map((v) => v.settleMs)))} ms); ` +
					`${r.fmt(r.median(runs.map((v) => v.jsKb)))} kB gzip of JS fetched before the prompt (page and worker)`
			);
		}
		if (r.wanted('web.input_echo_under_load')) {
			const times = await echoUnderLoad(browser, url, 9);
			r.record(
				'web.input_echo_under_load',
				r.median(times),
				'ms',
				`min ${r.fmt(Math.min(...times))} max ${r.fmt(Math.max(...times))} of ${times.length} keys, fork bomb running`
			);
		}
	} finally {
		await browser.close();
		server.kill('SIGTERM');
	}
}
