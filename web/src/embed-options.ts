// The options of embed.html's address and the messages it trades with its parent page
// (ARCHITECTURE.md "The web app"): one place for both sides, the embed and the <vserver-lab>
// element, so their names cannot drift apart. Plain data, no DOM.

/** Options of `embed.html?exercise=<id>&...`; the custom element's attributes mirror them. */
export interface EmbedOptions {
	/** The exercise id, trimmed; '' when the address names none. */
	exercise: string;
	/** The step to start on: a 1-based number or a step id, as given; null for the stored one. */
	step: string | null;
	backend: 'model' | 'x86';
	/** null: follow the reader's system preference. */
	theme: 'light' | 'dark' | null;
	autoplay: boolean;
	inspector: boolean;
	/**
	 * The only parent origin whose commands are obeyed and to which events go; null: any parent.
	 * '' when the address gave one that is no origin: then no parent is obeyed or told anything.
	 */
	origin: string | null;
}

/** The names of the options, in the order the docs list them. */
export const EMBED_OPTION_NAMES = [
	'exercise',
	'step',
	'backend',
	'theme',
	'autoplay',
	'inspector',
	'origin'
] as const;

/**
 * Reads an embed's options from its query string. Values outside their range fall back to the
 * default (a typo never blanks the frame); an `origin` that is no origin obeys no parent at all.
 */
export function parseEmbedOptions(search: string | URLSearchParams): EmbedOptions {
	const q = typeof search === 'string' ? new URLSearchParams(search) : search;
	const step = q.get('step')?.trim() ?? '';
	const theme = q.get('theme');
	return {
		exercise: q.get('exercise')?.trim() ?? '',
		step: step === '' ? null : step,
		backend: q.get('backend') === 'x86' ? 'x86' : 'model',
		theme: theme === 'light' || theme === 'dark' ? theme : null,
		autoplay: q.get('autoplay') === '1',
		inspector: q.get('inspector') === '1',
		origin: q.has('origin') ? originOf(q.get('origin') ?? '') : null
	};
}

/**
 * The origin (`scheme://host:port`) of `text`, or '' when it has none: an origin given but
 * unreadable must shut the door, not open it to every page. ('null', the origin of sandboxed and
 * file: pages, is never accepted: any such page would match it.)
 */
export function originOf(text: string): string {
	try {
		const origin = new URL(text.trim()).origin;
		return origin === 'null' ? '' : origin;
	} catch {
		return '';
	}
}

export const MESSAGE_PREFIX = 'vserver-lab:';

/** What an embed tells its parent. */
export type EmbedEventType = 'ready' | 'step' | 'check' | 'done';

export interface EmbedEvent {
	type: `vserver-lab:${EmbedEventType}`;
	exercise: string;
	/** The current step (1-based; total + 1 once all are done); for `check`, the step checked. */
	step: number;
	/** How many steps are done. */
	done: number;
	total: number;
}

/** What a parent may ask of an embed. */
export type EmbedCommandType = 'play' | 'pause' | 'step' | 'reset';

export const EMBED_COMMANDS: readonly EmbedCommandType[] = ['play', 'pause', 'step', 'reset'];

export const EMBED_EVENTS: readonly EmbedEventType[] = ['ready', 'step', 'check', 'done'];

/** The command a message carries, or null when it is none of ours. */
export function commandOf(data: unknown): EmbedCommandType | null {
	if (typeof data !== 'object' || data === null) return null;
	const type = (data as { type?: unknown }).type;
	if (typeof type !== 'string' || !type.startsWith(MESSAGE_PREFIX)) return null;
	const name = type.slice(MESSAGE_PREFIX.length);
	return (EMBED_COMMANDS as readonly string[]).includes(name) ? (name as EmbedCommandType) : null;
}

/** The event a message carries, or null when it is none of ours. */
export function eventOf(data: unknown): EmbedEvent | null {
	if (typeof data !== 'object' || data === null) return null;
	const m = data as Partial<EmbedEvent>;
	if (typeof m.type !== 'string' || !m.type.startsWith(MESSAGE_PREFIX)) return null;
	const name = m.type.slice(MESSAGE_PREFIX.length);
	if (!(EMBED_EVENTS as readonly string[]).includes(name)) return null;
	if (typeof m.exercise !== 'string' || typeof m.step !== 'number') return null;
	if (typeof m.done !== 'number' || typeof m.total !== 'number') return null;
	return { type: m.type, exercise: m.exercise, step: m.step, done: m.done, total: m.total };
}
