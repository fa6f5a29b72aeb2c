// The embed's line to the page that framed it: events go to `window.parent` (only to `origin`
// when the address names one), and commands are obeyed only when they come from `window.parent`
// itself, and only from `origin` when given. Anything else on the message bus is ignored.
import { commandOf, type EmbedCommandType, type EmbedEvent } from './embed-options.ts';

export interface ParentLine {
	/** True when the page sits in a frame; opened on its own it has no parent to talk to. */
	readonly embedded: boolean;
	send(event: EmbedEvent): void;
	close(): void;
}

/**
 * Listens for the parent's commands. `origin` is EmbedOptions.origin: null accepts any parent
 * origin, '' (an origin that could not be read) accepts none and tells none.
 */
export function connectParent(
	origin: string | null,
	onCommand: (command: EmbedCommandType) => void
): ParentLine {
	const embedded = window.parent !== window;
	const listener = (event: MessageEvent) => {
		if (!embedded || event.source !== window.parent) return;
		if (origin !== null && event.origin !== origin) return;
		const command = commandOf(event.data);
		if (command) onCommand(command);
	};
	addEventListener('message', listener);
	return {
		embedded,
		send(event) {
			if (!embedded || origin === '') return;
			// With an origin, the browser drops the message if the parent has navigated elsewhere.
			window.parent.postMessage(event, origin ?? '*');
		},
		close() {
			removeEventListener('message', listener);
		}
	};
}
