// The course app mounted into index.html's #app (main.ts loads this once the machine is started).
import { flushSync, mount } from 'svelte';
import App from './App.svelte';
import { afterMount } from './lib/machine/early.ts';

export function start(): void {
	const target = document.getElementById('app');
	if (!target) throw new Error('index.html has no #app element');
	mount(App, { target });
	// The first route's page is in place once its effects ran (App opens the sandbox in one):
	// a booting machine started early that it did not take will not be wanted (early.ts).
	flushSync();
	afterMount();
}
