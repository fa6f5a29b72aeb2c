// A hash router (`#/`, `#/sandbox`), so every page works from any static host without rewrites.

export type Route = { name: 'home' } | { name: 'sandbox' } | { name: 'not-found'; path: string };

/** The link for a route, e.g. `#/sandbox`. */
export function href(name: 'home' | 'sandbox'): string {
	return name === 'home' ? '#/' : `#/${name}`;
}

function parse(hash: string): Route {
	const path = hash.replace(/^#/, '');
	if (path === '' || path === '/') return { name: 'home' };
	if (path === '/sandbox' || path === '/sandbox/') return { name: 'sandbox' };
	return { name: 'not-found', path };
}

class Router {
	route = $state<Route>(parse(location.hash));
	/** How many navigations happened since load: focus moves to the new page only after the first. */
	navigations = $state(0);

	constructor() {
		addEventListener('hashchange', () => {
			this.route = parse(location.hash);
			this.navigations++;
		});
	}
}

export const router = new Router();
