// The hash router's addresses (`#/`, `#/sandbox`, `#/principles/a-shell-inside-a-shell?step=2`):
// what a route is, how an address parses and how links are made. Plain TypeScript with no Svelte
// state, so the page's first script (main.ts) can read the route before the app is loaded.

export type Route =
	| { name: 'home' }
	| ({ name: 'sandbox' } & SandboxOptions)
	/** How to embed an exercise in another site (pages/Embedding.svelte). */
	| { name: 'embedding' }
	/** A course page or exercise by id; `step` is a 1-based number or a step id, as given. */
	| { name: 'tutorial'; id: string; step: string | null }
	| { name: 'not-found'; path: string }
	| ({ name: 'lab' } & LabRoute);

/**
 * A classroom lab's pages (web/src/pages/Lab.svelte): `#/lab?z=…` (the lab carried in the link)
 * or `#/lab?src=URL` (fetched) to work on it, `#/lab/summary?…` its printable summary,
 * `#/lab/teacher` the table of results files, `#/lab` alone the authoring guide.
 */
export interface LabRoute {
	view: 'work' | 'summary' | 'teacher' | 'guide';
	z: string | null;
	src: string | null;
}

/**
 * Options of the sandbox's address (`#/sandbox?user=user&size=80x24`): one terminal logged in as
 * `user` instead of the usual two, as the headless runner's `--user`; a fixed size in cells
 * instead of fitting the box; `testhooks=1` exposes `window.__vserverLabTest` (Sandbox.svelte);
 * `backend=x86` runs the real Linux machine instead of the model.
 */
export interface SandboxOptions {
	user: string | null;
	size: { cols: number; rows: number } | null;
	testhooks: boolean;
	backend: 'model' | 'x86';
}

function sandboxOptions(query: URLSearchParams): SandboxOptions {
	const user = query.get('user');
	const size = /^(\d{1,3})x(\d{1,3})$/.exec(query.get('size') ?? '');
	const cols = Number(size?.[1]);
	const rows = Number(size?.[2]);
	return {
		user: user !== null && /^[a-z_][a-z0-9_-]*$/.test(user) ? user : null,
		size: cols >= 20 && rows >= 5 ? { cols, rows } : null,
		testhooks: query.get('testhooks') === '1',
		backend: query.get('backend') === 'x86' ? 'x86' : 'model'
	};
}

/** The link for a route, e.g. `#/sandbox` or `#/principles/a-shell-inside-a-shell?step=2`. */
export function href(name: 'home' | 'sandbox' | 'embedding'): string {
	return name === 'home' ? '#/' : `#/${name}`;
}

/** The link of a course page or exercise, optionally at one step. */
export function tutorialHref(id: string, step?: number | string): string {
	return step === undefined ? `#/${id}` : `#/${id}?step=${encodeURIComponent(String(step))}`;
}

const TUTORIAL_PATH = /^\/([a-z0-9]+(?:-[a-z0-9]+)*(?:\/[a-z0-9]+(?:-[a-z0-9]+)*)?)\/?$/;

export function parseRoute(hash: string): Route {
	const raw = hash.replace(/^#/, '');
	const q = raw.indexOf('?');
	const path = q < 0 ? raw : raw.slice(0, q);

	const query = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
	if (path === '' || path === '/') return { name: 'home' };
	if (path === '/sandbox' || path === '/sandbox/') {
		return { name: 'sandbox', ...sandboxOptions(query) };
	}
	if (path === '/embedding' || path === '/embedding/') return { name: 'embedding' };
	const lab = /^\/lab(?:\/(summary|teacher))?\/?$/.exec(path);
	if (lab) {
		const z = query.get('z');
		const src = query.get('src');
		const view =
			lab[1] === 'summary' || lab[1] === 'teacher' ? lab[1] : z || src ? 'work' : 'guide';
		return { name: 'lab', view, z, src };
	}
	const match = TUTORIAL_PATH.exec(path);
	if (match?.[1]) return { name: 'tutorial', id: match[1], step: query.get('step') };
	return { name: 'not-found', path: raw };
}
