// Starts tools/serve.mjs on a free port for the e2e tests and hands its address to them as
// `inject('baseURL')`. Without Chromium: a failure in CI, a loud skip locally.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { hasChromium, missingChromium } from './chromium.ts';

declare module 'vitest' {
	export interface ProvidedContext {
		baseURL: string;
	}
}

const serve = fileURLToPath(new URL('../../tools/serve.mjs', import.meta.url));

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
	if (!hasChromium) {
		if (process.env.CI === 'true') throw new Error(missingChromium);
		const bar = '!'.repeat(78);
		console.warn(`\n${bar}\n  SKIPPING the browser tests: ${missingChromium}\n${bar}\n`);
	}

	// PORT=0: the server takes any free port and prints the address it got.
	const server = spawn(process.execPath, [serve], {
		env: { ...process.env, PORT: '0' },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let errors = '';
	server.stderr.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));

	const url = await new Promise<string>((resolve, reject) => {
		let out = '';
		const timer = setTimeout(() => reject(new Error(`serve.mjs did not start: ${errors}`)), 10_000);
		server.stdout.setEncoding('utf8').on('data', (chunk: string) => {
			out += chunk;
			const line = /^(http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(out);
			if (line?.[1]) {
				clearTimeout(timer);
				resolve(line[1]);
			}
		});
		server.on('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`serve.mjs exited with status ${code}: ${errors.trim()}`));
		});
	});
	project.provide('baseURL', url);

	return async () => {
		if (server.exitCode !== null) return;
		const exited = new Promise((resolve) => server.once('exit', resolve));
		server.kill('SIGTERM');
		await exited;
	};
}
