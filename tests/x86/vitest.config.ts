// The x86 tests' own Vitest config (the root config leaves tests/x86 out of the quick unit run):
// `npx vitest run --config tests/x86/vitest.config.ts`. Files run one after another, because each
// emulator wants a core of its own and the bounds in the tests are wall-clock.
import { defineConfig } from 'vitest/config';

export default defineConfig({
	test: {
		root: new URL('../..', import.meta.url).pathname,
		include: ['tests/x86/**/*.test.ts'],
		environment: 'node',
		testTimeout: 60_000,
		fileParallelism: false
	}
});
