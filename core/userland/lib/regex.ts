// POSIX regular expressions (basic and extended, with the GNU extensions of grep 2.5 and sed 4)
// translated to JavaScript RegExp source, and fnmatch(3) patterns for find -name.
// SIMPLIFIED: JavaScript alternation is leftmost-first, not POSIX leftmost-longest.
import { Regex } from '../../lib/regex/index.ts';

const CLASSES: Record<string, string> = {
	alpha: 'A-Za-z',
	digit: '0-9',
	alnum: '0-9A-Za-z',
	upper: 'A-Z',
	lower: 'a-z',
	space: ' \\t\\n\\r\\f\\v',
	blank: ' \\t',
	punct: '!-\\/:-@\\[-`{-~',
	print: ' -~',
	graph: '!-~',
	cntrl: '\\x00-\\x1f\\x7f',
	xdigit: '0-9A-Fa-f'
};

export interface Translated {
	source: string;
	/** Number of capture groups (for sed's \N checks). */
	groups: number;
}

/** regcomp's messages, as grep and sed print them. */
export type RegexError = { error: string };

/** Translates a bracket expression starting at `i` (the `[`); returns the JS class and next index. */
function bracket(re: string, i: number): { text: string; next: number } | null {
	let j = i + 1;
	let negate = false;
	if (re[j] === '^') {
		negate = true;
		j++;
	}
	let body = '';
	let first = true;
	for (;;) {
		if (j >= re.length) return null;
		const c = re[j]!;
		if (c === ']' && !first) break;
		first = false;
		if (c === '[' && (re[j + 1] === ':' || re[j + 1] === '=' || re[j + 1] === '.')) {
			const kind = re[j + 1]!;
			const end = re.indexOf(kind + ']', j + 2);
			if (end === -1) return null;
			const name = re.slice(j + 2, end);
			if (kind === ':') {
				const cls = CLASSES[name];
				if (cls === undefined) return null;
				body += cls;
			} else body += escapeClassChar(name);
			j = end + 2;
			continue;
		}
		// A range a-z stays a range; everything else is literal inside brackets (even `\`).
		if (re[j + 1] === '-' && re[j + 2] !== undefined && re[j + 2] !== ']') {
			body += `${escapeClassChar(c)}-${escapeClassChar(re[j + 2]!)}`;
			j += 3;
			continue;
		}
		body += escapeClassChar(c);
		j++;
	}
	return { text: `[${negate ? '^' : ''}${body}]`, next: j + 1 };
}

function escapeClassChar(c: string): string {
	return /[\\\]^[-]/.test(c) ? '\\' + c : c;
}

function escapeLiteral(c: string): string {
	return /[\\^$.*+?()[\]{}|/]/.test(c) ? '\\' + c : c;
}

/** Translates a POSIX regular expression (BRE unless `extended`). */
export function translate(re: string, extended: boolean): Translated | RegexError {
	let out = '';
	let groups = 0;
	let open = 0;
	// Where `*` is literal and `^` is an anchor in a BRE: at the start, after \( and \|.
	let atStart = true;
	for (let i = 0; i < re.length;) {
		const c = re[i]!;
		const start = atStart;
		atStart = false;
		if (c === '\\') {
			const n = re[i + 1];
			if (n === undefined) return { error: 'Trailing backslash' };
			i += 2;
			if (!extended && n === '(') {
				out += '(';
				groups++;
				open++;
				atStart = true;
			} else if (!extended && n === ')') {
				if (open === 0) return { error: 'Unmatched ) or \\)' };
				open--;
				out += ')';
			} else if (!extended && n === '|') {
				out += '|';
				atStart = true;
			} else if (!extended && (n === '+' || n === '?')) {
				out += start ? '\\' + n : n;
			} else if (!extended && n === '{') {
				const m = /^(\d*)(,?)(\d*)\\\}/.exec(re.slice(i));
				if (!m || (m[1] === '' && m[3] === '')) return { error: 'Invalid content of \\{\\}' };
				out += `{${m[1] || '0'}${m[2]}${m[3]}}`;
				i += m[0].length;
			} else if (n >= '1' && n <= '9') {
				if (Number(n) > groups) return { error: 'Invalid back reference' };
				out += '\\' + n;
			} else if (n === '<') out += '\\b(?=\\w)';
			else if (n === '>') out += '\\b(?<=\\w)';
			else if (n === 'b' || n === 'B' || n === 'w' || n === 'W') out += '\\' + n;
			else if (n === '`') out += '^';
			else if (n === "'") out += '$';
			else if (n === 'n') out += '\\n';
			else if (n === 't') out += '\\t';
			else out += escapeLiteral(n);
			continue;
		}
		if (c === '[') {
			const b = bracket(re, i);
			if (!b) return { error: 'Unmatched [ or [^' };
			out += b.text;
			i = b.next;
			continue;
		}
		i++;
		if (c === '.') out += '.';
		else if (c === '*') out += start && !extended ? '\\*' : start ? '' : '*';
		else if (c === '^') {
			if (extended || start) out += '^';
			else out += '\\^';
			if (!extended && start) atStart = true;
		} else if (c === '$') {
			// In a BRE, `$` anchors only at the end (or before \) and \|).
			const rest = re.slice(i);
			out +=
				extended || rest === '' || rest.startsWith('\\)') || rest.startsWith('\\|') ? '$' : '\\$';
		} else if (extended && c === '(') {
			out += '(';
			groups++;
			open++;
			atStart = true;
		} else if (extended && c === ')') {
			if (open === 0) return { error: 'Unmatched ) or \\)' };
			open--;
			out += ')';
		} else if (extended && c === '|') {
			out += '|';
			atStart = true;
		} else if (extended && (c === '+' || c === '?')) out += start ? '' : c;
		else if (extended && c === '{') {
			const m = /^(\d*)(,?)(\d*)\}/.exec(re.slice(i));
			if (m && !(m[1] === '' && m[3] === '')) {
				out += `{${m[1] || '0'}${m[2]}${m[3]}}`;
				i += m[0].length;
			} else out += '\\{';
		} else out += escapeLiteral(c);
	}
	if (open > 0) return { error: 'Unmatched ( or \\(' };
	return { source: out, groups };
}

/**
 * Compiles to the engine of core/lib/regex (flags: `i`), or the regcomp error text. The engine
 * reads the translation with JavaScript's meaning, so matches are what RegExp found before it,
 * without RegExp's exponential backtracking.
 */
export function compile(re: string, extended: boolean, flags = ''): Regex | RegexError {
	const t = translate(re, extended);
	if ('error' in t) return t;
	return Regex.compile(t.source, flags);
}

export function isRegexError(r: unknown): r is RegexError {
	return typeof r === 'object' && r !== null && 'error' in r;
}

/** fnmatch(3) without flags: `*`, `?`, `[...]` (with `!` or `^` negation) and `\` quoting. */
export function globToRegExp(glob: string, ignoreCase = false): Regex {
	let out = '';
	for (let i = 0; i < glob.length; i++) {
		const c = glob[i]!;
		if (c === '*') out += '.*';
		else if (c === '?') out += '.';
		else if (c === '\\' && i + 1 < glob.length) out += escapeLiteral(glob[++i]!);
		else if (c === '[') {
			const pat = glob[i + 1] === '!' ? '[^' + glob.slice(i + 2) : glob.slice(i);
			const b = bracket(pat, 0);
			if (!b) {
				out += '\\[';
				continue;
			}
			out += b.text;
			i += b.next - 1;
		} else out += escapeLiteral(c);
	}
	const flags = ignoreCase ? 'is' : 's';
	try {
		return new Regex(`^${out}$`, flags);
	} catch {
		// A bracket the engine refuses ([z-a]): the pattern matches only itself.
		return new Regex(`^${glob.replace(/[\s\S]/g, escapeLiteral)}$`, flags);
	}
}
