// Vite build of the web app: root web/, two pages (course and embed), the machine's module worker,
// the course rendered at build time (web/build/course.ts), a Content-Security-Policy in both pages
// (web/build/csp.ts), and the <vserver-lab> element's script built after them (web/build/element.ts).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { coursePlugin } from './web/build/course.ts';
import { elementPlugin } from './web/build/element.ts';
import { cspPlugin } from './web/build/csp.ts';

const repoRoot = fileURLToPath(new URL('.', import.meta.url));
const fromRoot = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
	root: fromRoot('./web'),
	publicDir: fromRoot('./public'),
	plugins: [
		svelte(),
		coursePlugin(fromRoot('./tutorials')),
		cspPlugin(),
		elementPlugin(fromRoot('./web/src/element/vserver-lab.ts'), fromRoot('./dist'))
	],
	resolve: {
		alias: [
			{ find: /^@core\//, replacement: fromRoot('./core/') },
			{ find: /^@tutorials\//, replacement: fromRoot('./tutorials/') }
		]
	},
	worker: {
		format: 'es',
		// Everything the worker loads before its first prompt in one chunk: left to itself rolldown
		// splits that code into several chunks by which lazy chunks share each module, and each file
		// is compressed apart (about 2 kB more of gzip in web.worker_js_gzip).
		rolldownOptions: {
			output: { codeSplitting: { groups: [{ name: 'machine', tags: ['$initial'] }] } }
		}
	},
	build: {
		outDir: fromRoot('./dist'),
		emptyOutDir: true,
		target: 'es2022',
		rolldownOptions: {
			input: {
				index: fromRoot('./web/index.html'),
				embed: fromRoot('./web/embed.html')
			},
			output: {
				// The Svelte runtime both pages share gets a name that says what it is.
				codeSplitting: { groups: [{ name: 'svelte', test: /node_modules[\\/]svelte[\\/]/ }] }
			}
		}
	},
	server: { host: '127.0.0.1', fs: { allow: [repoRoot] } },
	preview: { host: '127.0.0.1' }
});
