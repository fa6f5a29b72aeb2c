// Vitest config of the end-to-end tests: Chromium (through playwright-core) against the built app,
// served by tools/serve.mjs. `npm run test:e2e` builds first; this config builds nothing.
import { defineConfig } from 'vitest/config';

export default defineConfig({
	test: {
		include: ['tests/e2e/**/*.spec.ts'],
		environment: 'node',
		globalSetup: ['tests/e2e/global-setup.ts'],
		// One browser at a time: the machines are small (2 cores) and each test boots a worker.
		fileParallelism: false,
		testTimeout: 30_000,
		hookTimeout: 30_000
	}
});
