// Where a lab comes from: the link itself (`z=`, deflated in the fragment) or an address that
// allows a cross-origin fetch (`src=`). Either way the text is validated against the course.
import { decodeLab } from '@core/tutorial/lab-link.ts';
import { LabError, LAB_MAX_CHARS, labId, parseLab, type Lab } from '@core/tutorial/lab.ts';
import { exerciseIds } from '../course/course.ts';
import type { LabRoute } from '../router/router.svelte.ts';

/** A lab ready to work on: its text (whose hash names it), where it came from, the parsed lab. */
export interface LoadedLab {
	text: string;
	id: string;
	lab: Lab;
	/** The fetched address, or null when the lab came in the link. */
	from: string | null;
}

/** Why a lab could not be opened: a sentence, and the validator's problems when there are some. */
export class LabLoadError extends Error {
	constructor(
		message: string,
		readonly problems: string[] = []
	) {
		super(message);
		this.name = 'LabLoadError';
	}
}

async function fetchText(src: string): Promise<string> {
	let url: URL;
	try {
		url = new URL(src, location.href);
	} catch {
		throw new LabLoadError(`'${src}' is not an address.`);
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw new LabLoadError(`A lab is fetched over http or https, not ${url.protocol}`);
	}
	let res: Response;
	try {
		// No cookies or credentials: a lab is public text, and the server must allow the read (CORS).
		res = await fetch(url, { mode: 'cors', credentials: 'omit', cache: 'no-cache' });
	} catch {
		throw new LabLoadError(
			`The lab at ${url.href} could not be fetched: the address is unreachable, or its server does not allow other sites to read it (CORS).`
		);
	}
	if (!res.ok) throw new LabLoadError(`The lab at ${url.href} answered ${res.status}.`);
	const text = await res.text();
	if (text.length > LAB_MAX_CHARS) {
		throw new LabLoadError(`The file at ${url.href} is larger than a lab may be.`);
	}
	return text;
}

/** Reads the lab a route names; rejects with a LabLoadError the page can show. */
export async function loadLab(route: LabRoute): Promise<LoadedLab> {
	let text: string;
	let from: string | null = null;
	if (route.z) {
		try {
			text = decodeLab(route.z);
		} catch (err) {
			throw new LabLoadError((err as Error).message);
		}
	} else if (route.src) {
		text = await fetchText(route.src);
		from = new URL(route.src, location.href).href;
	} else {
		throw new LabLoadError(
			'This address names no lab: it needs z= (a lab link) or src= (an address).'
		);
	}
	try {
		return { text, id: labId(text), lab: parseLab(text, exerciseIds), from };
	} catch (err) {
		if (err instanceof LabError) {
			throw new LabLoadError('This lab has mistakes, so it cannot be opened:', err.problems);
		}
		throw err;
	}
}

/** Offers `text` as a file download named `name`. */
export function download(name: string, text: string, type: string): void {
	const url = URL.createObjectURL(new Blob([text], { type }));
	const a = document.createElement('a');
	a.href = url;
	a.download = name;
	document.body.append(a);
	a.click();
	a.remove();
	setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The time now, for records and results (a plain value, never kept as reactive state). */
export function now(): Date {
	return new Date();
}
