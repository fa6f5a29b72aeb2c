// Entry of the course page (index.html): global styles, the machine's worker started at once
// when the address asks for the sandbox or an exercise (early.ts), then the app shell, loaded as
// a chunk of its own so that the worker's code and boot do not wait for Svelte and the pages.
import './app.css';
import { startEarly } from './lib/machine/early.ts';

startEarly(location.hash);
void import('./app.ts').then(({ start }) => start());
