// The Content-Security-Policy both pages ship as a <meta http-equiv>, put in at build time with
// the hashes of the page's own inline script (the theme, set before the first paint). The dev
// server is left without one: it injects inline code of its own. A <meta> policy cannot say
// `frame-ancestors` or `report-uri`/`report-to`; README.md and the embedding page say which
// headers a real host should send for those.
import { createHash } from 'node:crypto';
import type { Plugin } from 'vite';

/**
 * The policy, narrowest that works (tests/e2e/csp.spec.ts loads both pages under it):
 * - scripts only from the site, plus the inline theme script by hash; `'wasm-unsafe-eval'` lets
 *   the x86 backend compile v86's WebAssembly, and nothing allows `eval` of JavaScript;
 * - workers from the site (the machine's module worker), or blob: for v86's;
 * - `style-src-elem 'unsafe-inline'`: xterm.js themes its DOM renderer with <style> elements
 *   it writes at run time, whose text depends on the theme and the font, so no hash fits; the
 *   stylesheets themselves come from the site;
 * - `style-src-attr 'none'`: no markup carries a style attribute; Svelte's `style:` directives
 *   and xterm.js set styles through the CSSOM, which a policy does not govern. (A browser without
 *   the -elem/-attr split falls back to `style-src 'self'` and leaves the terminals unthemed.)
 * - no plugins, no <base>, no forms posting anywhere.
 */
export function contentSecurityPolicy(scriptHashes: string[]): string {
	const directives: [string, ...string[]][] = [
		['default-src', "'self'"],
		['script-src', "'self'", "'wasm-unsafe-eval'", ...scriptHashes.map((h) => `'${h}'`)],
		['worker-src', "'self'", 'blob:'],
		['style-src', "'self'"],
		['style-src-elem', "'self'", "'unsafe-inline'"],
		['style-src-attr', "'none'"],
		['img-src', "'self'", 'data:'],
		['font-src', "'self'"],
		['connect-src', "'self'"],
		['frame-src', "'self'"],
		['object-src', "'none'"],
		['base-uri', "'none'"],
		['form-action', "'none'"]
	];
	return directives.map((d) => d.join(' ')).join('; ');
}

/** `sha256-…` of each inline script's text, as the browser hashes it. */
export function inlineScriptHashes(html: string): string[] {
	const hashes: string[] = [];
	for (const m of html.matchAll(/<script(\s[^>]*)?>([\s\S]*?)<\/script>/g)) {
		if (/\ssrc\s*=/.test(m[1] ?? '')) continue;
		hashes.push(
			`sha256-${createHash('sha256')
				.update(m[2] ?? '', 'utf8')
				.digest('base64')}`
		);
	}
	return hashes;
}

/** The policy as a <meta> placed first in <head>, before anything it governs. */
export function withPolicy(html: string): string {
	const meta = `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(inlineScriptHashes(html))}" />`;
	if (!/<meta charset="utf-8" \/>/.test(html)) throw new Error('csp: no <meta charset> to follow');
	return html.replace(/(<meta charset="utf-8" \/>)/, `$1\n\t\t${meta}`);
}

export function cspPlugin(): Plugin {
	return {
		name: 'vserver-lab-csp',
		apply: 'build',
		transformIndexHtml: { order: 'post', handler: (html) => withPolicy(html) }
	};
}
