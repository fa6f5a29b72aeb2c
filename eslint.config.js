// Lint rules: typescript-eslint and eslint-plugin-svelte, plus the layer rules of ARCHITECTURE.md
// (the machine core never reaches the UI, the emulator, comlink or xterm; programs use syscalls).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

const uiAndHost = [
	{ group: ['**/web/**', 'web/**'], message: 'core never imports the web app' },
	{ group: ['v86', 'v86/*'], message: 'only core/x86 talks to v86' },
	{ group: ['comlink', 'comlink/*'], message: 'only core/worker talks comlink' },
	{ group: ['@xterm/*'], message: 'terminals belong to the runner and the web app' }
];

export default tseslint.config(
	{
		ignores: ['dist/', 'node_modules/', 'public/', 'bench/', '**/*.actual.txt', 'tools/x86/build/']
	},
	js.configs.recommended,
	...tseslint.configs.recommended,
	...svelte.configs['flat/recommended'],
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			eqeqeq: ['error', 'always'],
			curly: ['error', 'multi-line'],
			'@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
			],
			'no-constant-condition': ['error', { checkLoops: false }],
			'no-control-regex': 'off'
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts'],
		languageOptions: { parserOptions: { parser: tseslint.parser } }
	},
	{
		files: ['core/{kernel,syscalls,replay,tutorial}/**/*.ts'],
		ignores: ['**/*.test.ts'],
		rules: { 'no-restricted-imports': ['error', { patterns: uiAndHost }] }
	},
	{
		files: ['core/kernel/**/*.ts'],
		ignores: ['**/*.test.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						...uiAndHost,
						{
							group: ['**/shell/**', '**/userland/**', '**/image/**'],
							message: 'the kernel knows no program: they are registered at boot'
						}
					]
				}
			]
		}
	},
	{
		files: ['core/{shell,userland}/**/*.ts'],
		ignores: ['**/*.test.ts', '**/testing.ts', 'core/userland/registry.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						...uiAndHost,
						{
							group: ['**/kernel/**', '**/model-machine*', '**/image/**'],
							message: 'programs use core/syscalls only'
						}
					]
				}
			]
		}
	}
);
