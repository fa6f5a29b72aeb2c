// Reading a schema `Pattern`: `/source/flags` is a RegExp, anything else an exact string. Kept
// apart from the loader so code that only evaluates checks (the step player) stays YAML-free.

/**
 * Reads a `Pattern`: `/source/flags` becomes a RegExp, anything else stays a string to match
 * exactly. Throws on a malformed or invalid regular expression.
 */
export function compilePattern(p: string): RegExp | string {
	if (!p.startsWith('/')) return p;
	const m = /^\/(.*)\/([dgimsuy]*)$/s.exec(p);
	if (!m) throw new Error(`'${p}' starts with / but is not /regex/flags`);
	return new RegExp(m[1]!, m[2]);
}
