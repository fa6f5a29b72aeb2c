// Build-time: after the app is built, builds the <vserver-lab> element (web/src/element) on its
// own, as one classic script (an IIFE, dist/vserver-lab.js) with no imports and no globals, so any
// page on any origin loads it with a single <script src>: classic scripts need no CORS headers.
import { build, type Plugin } from 'vite';

export function elementPlugin(entry: string, outDir: string): Plugin {
	return {
		name: 'vserver-lab-element',
		apply: 'build',
		async closeBundle() {
			await build({
				configFile: false,
				publicDir: false,
				logLevel: 'warn',
				build: {
					outDir,
					emptyOutDir: false,
					target: 'es2022',
					lib: { entry, formats: ['iife'], name: 'vserverLab', fileName: () => 'vserver-lab.js' }
				}
			});
		}
	};
}
