// <vserver-lab exercise="…">: the embed as a custom element, for pages that would rather not
// write an iframe and its postMessage code. Built on its own as one classic script
// (web/build/element.ts), loaded with one <script src=".../vserver-lab.js">.
//
// CHOICE: the element draws embed.html in an iframe inside its shadow root, rather than running
// the exercise in the host page. So it works from any origin with no CORS headers and no blob
// worker trampoline: the worker, the tutorial chunks and the x86 files load from the lab's own
// origin, as in an iframe; the host page's styles, globals and storage are never touched; and
// there is one embed to test. The price is the iframe's: a fixed height (CSS on the element) and
// progress stored in the lab origin's storage partition under the host's site.
//
// Attributes mirror embed.html's options (exercise, step, backend, theme, autoplay, inspector);
// `origin` is set to the host page's own origin, so the frame obeys only this page. The frame's
// messages become DOM events of the same names ('vserver-lab:ready', ...; `detail` is the message)
// that bubble out of the shadow root; the commands are methods: play(), pause(), step(), reset().
import {
	EMBED_OPTION_NAMES,
	eventOf,
	type EmbedCommandType,
	type EmbedEvent
} from '../embed-options.ts';

/** The lab's address: the folder this script was loaded from (embed.html sits beside it). */
const script = document.currentScript;
const labBase = new URL('.', script instanceof HTMLScriptElement ? script.src : location.href);

/** Attributes that go into the frame's address; `origin` is the element's to set. */
const ATTRIBUTES = EMBED_OPTION_NAMES.filter((name) => name !== 'origin');
/** Boolean options: present means 1, unless written "0" or "false". */
const FLAGS = new Set(['autoplay', 'inspector']);

const STYLE = `
:host { display: block; height: 42rem; max-width: 100%; }
:host([hidden]) { display: none; }
iframe { display: block; width: 100%; height: 100%; border: 0; border-radius: inherit; }
`;

class VserverLabElement extends HTMLElement {
	static observedAttributes = ATTRIBUTES;

	readonly #shadow: ShadowRoot;
	#frame: HTMLIFrameElement | null = null;
	/** Commands given before the frame's page loaded: a message to about:blank would be lost. */
	#queue: EmbedCommandType[] = [];
	#loaded = false;
	#scheduled = false;

	constructor() {
		super();
		this.#shadow = this.attachShadow({ mode: 'open' });
		const style = document.createElement('style');
		style.textContent = STYLE;
		this.#shadow.append(style);
	}

	connectedCallback(): void {
		addEventListener('message', this.#onMessage);
		this.#load();
	}

	disconnectedCallback(): void {
		removeEventListener('message', this.#onMessage);
	}

	attributeChangedCallback(): void {
		if (!this.isConnected || this.#scheduled) return;
		// Several attributes set one after another load the frame once.
		this.#scheduled = true;
		queueMicrotask(() => {
			this.#scheduled = false;
			this.#load();
		});
	}

	/** The frame's address, e.g. `https://lab.example/embed.html?exercise=…&origin=…`. */
	get src(): string {
		const url = new URL('embed.html', labBase);
		for (const name of ATTRIBUTES) {
			const value = this.getAttribute(name);
			if (value === null) continue;
			if (FLAGS.has(name)) {
				url.searchParams.set(name, value === '0' || value === 'false' ? '0' : '1');
			} else url.searchParams.set(name, value);
		}
		// A page with an opaque origin (file:, a sandbox) cannot be named; the frame then answers any
		// parent, and this element still only listens to its own frame.
		if (location.origin !== 'null') url.searchParams.set('origin', location.origin);
		return url.href;
	}

	play(): void {
		this.#command('play');
	}

	pause(): void {
		this.#command('pause');
	}

	/** Types the current step's commands (the embed's Step forward). */
	step(): void {
		this.#command('step');
	}

	reset(): void {
		this.#command('reset');
	}

	/**
	 * A new address gets a new frame, its `src` set before it is inserted: so its only load event
	 * is the embed's (never an about:blank one), and a message cannot reach the previous page.
	 */
	#load(): void {
		const src = this.src;
		if (this.#frame?.src === src) return;
		const frame = document.createElement('iframe');
		frame.setAttribute('part', 'frame');
		frame.title = `vserver-lab exercise: ${this.getAttribute('exercise') ?? 'none'}`;
		frame.src = src;
		frame.addEventListener('load', () => {
			if (frame !== this.#frame) return;
			this.#loaded = true;
			for (const command of this.#queue.splice(0)) this.#post(command);
		});
		this.#loaded = false;
		this.#frame?.remove();
		this.#frame = frame;
		this.#shadow.append(frame);
	}

	#command(command: EmbedCommandType): void {
		if (this.#loaded) this.#post(command);
		else this.#queue.push(command);
	}

	#post(command: EmbedCommandType): void {
		this.#frame?.contentWindow?.postMessage({ type: `vserver-lab:${command}` }, labBase.origin);
	}

	readonly #onMessage = (event: MessageEvent): void => {
		const frame = this.#frame;
		if (!frame || event.source !== frame.contentWindow || event.origin !== labBase.origin) return;
		const message: EmbedEvent | null = eventOf(event.data);
		if (!message) return;
		this.dispatchEvent(
			new CustomEvent(message.type, { detail: message, bubbles: true, composed: true })
		);
	};
}

if (!customElements.get('vserver-lab')) customElements.define('vserver-lab', VserverLabElement);
