// Unit, property and golden tests (node environment). e2e tests have their own config.
import { defineConfig } from 'vitest/config';

export default defineConfig({
	test: {
		include: ['core/**/*.test.ts', 'tests/**/*.test.ts'],
		exclude: ['tests/e2e/**', 'tests/x86/**', 'node_modules/**'],
		environment: 'node',
		testTimeout: 60_000,
		pool: 'threads'
	}
});
