// A hash router (`#/`, `#/sandbox`, `#/principles/a-shell-inside-a-shell?step=2`), so every page,
// exercise and step has a shareable address on any static host, without rewrites. The addresses
// themselves (parsing, links) are in route.ts; this holds the current route as state.
import { parseRoute, tutorialHref, type Route } from './route.ts';

export * from './route.ts';

class Router {
	route = $state<Route>(parseRoute(location.hash));
	/** How many navigations happened since load: focus moves to the new page only after the first. */
	navigations = $state(0);

	constructor() {
		addEventListener('hashchange', () => {
			const next = parseRoute(location.hash);
			const samePage =
				next.name === 'tutorial' && this.route.name === 'tutorial' && next.id === this.route.id;
			this.route = next;
			// A new step of the same exercise is not a new page: focus stays where it is.
			if (!samePage) this.navigations++;
		});
	}

	/**
	 * Records the current step in the address without a navigation (no history entry, no
	 * hashchange), so the address bar always holds a link to where the learner is.
	 */
	showStep(id: string, step: number | null): void {
		const target = step === null ? tutorialHref(id) : tutorialHref(id, step);
		if (location.hash === target) return;
		// The route keeps what was asked for: only a real navigation (hashchange) moves the player.
		history.replaceState(history.state, '', target);
	}
}

export const router = new Router();
