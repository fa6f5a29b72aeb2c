// Parses of script texts kept for the next shell that runs the same text. Boot runs the same rc
// scripts on every machine, and every service script sources /etc/rc.d/init.d/functions: without
// aliases (a non-interactive shell) a text parses to the same commands whatever the shell's state,
// so the commands parsed once are handed out again. Parsing stays lazy, a command at a time, so a
// syntax error still comes after the commands before it have run.
import { Parser, type ParseResult } from './parser.ts';

/** Texts shorter than this parse faster than they are looked up. */
const MIN_CHARS = 64;
/** At most this much source is kept (characters); the least recently used texts go first. */
const MAX_CHARS = 512 * 1024;

/** One text's parse: the results of `parseNext` from the start, as far as anyone asked. */
export class ScriptParse {
	readonly src: string;
	readonly line: number;
	private readonly parser: Parser;
	private readonly results: ParseResult[] = [];
	private pos = 0;

	constructor(src: string, line: number) {
		this.src = src;
		this.line = line;
		this.parser = new Parser(src, { final: true, aliases: null, line });
	}

	/** The `i`th result (0-based), parsing on from where the last one ended when needed. */
	at(i: number): ParseResult {
		while (this.results.length <= i) {
			const last = this.results[this.results.length - 1];
			// After the end or an error every later result is that one again.
			if (last && last.kind !== 'command') return last;
			const r = this.parser.parseNext(this.pos);
			if (r.kind === 'command') this.pos = r.end;
			this.results.push(r);
		}
		return this.results[i]!;
	}
}

const cache = new Map<string, ScriptParse>();
let cachedChars = 0;

/**
 * The shared parse of `src` starting at line `line`, for a shell without aliases; null when the
 * text is too short to be worth keeping.
 */
export function scriptParse(src: string, line: number): ScriptParse | null {
	if (src.length < MIN_CHARS || src.length > MAX_CHARS / 4) return null;
	let p = cache.get(src);
	if (p && p.line === line) {
		// Most recently used goes last, so eviction takes the oldest first.
		cache.delete(src);
		cache.set(src, p);
		return p;
	}
	if (p) {
		cache.delete(src);
		cachedChars -= src.length;
	}
	p = new ScriptParse(src, line);
	cache.set(src, p);
	cachedChars += src.length;
	for (const [key] of cache) {
		if (cachedChars <= MAX_CHARS) break;
		cache.delete(key);
		cachedChars -= key.length;
	}
	return p;
}
