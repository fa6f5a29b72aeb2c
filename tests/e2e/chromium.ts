// Where the e2e tests find Chromium, and how they start it: headless, no network side channels,
// a fresh temporary profile per launch.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const chromiumPath = '/usr/bin/chromium';
export const hasChromium = existsSync(chromiumPath);
export const missingChromium =
	`${chromiumPath} is missing, so the browser tests cannot run. ` +
	'Install it with: sudo apt-get install chromium';

export function launchChromium(): Promise<Browser> {
	// launch() gives each browser its own throwaway profile directory.
	return chromium.launch({
		executablePath: chromiumPath,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync'
		]
	});
}
