// The course's markdown is rendered and sanitised at build time (web/build/course.ts): whatever a
// tutorial's author (or a contributor's pull request) writes, no script, frame, event handler or
// script URL reaches the page; the markup the reader needs (links, images, step blocks) does.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTutorialTree } from '../core/tutorial/index.ts';
import type { Page } from '../core/tutorial/schema.ts';
import { renderMarkdown } from '../web/build/course.ts';

const page = (body: string): Page => ({
	kind: 'page',
	id: 'test',
	path: 'test/index.md',
	title: 'Test',
	section: [[1]] as unknown as Page['section'],
	body,
	blocks: []
});

const render = (body: string) => renderMarkdown(page(body));

/** The tags of `html` (text between them is escaped, so harmless whatever it says). */
const tags = (html: string) => (html.match(/<[^>]*>/g) ?? []).join(' ');

/** Anything that would run code, load a frame or post a form, in any spelling. */
const DANGER =
	/target="_top|rel="opener|<script|<iframe|<frame|<object|<embed|<form|<style|<link|<meta|<base|<svg|<math|\son[a-z]+\s*=|javascript:|vbscript:|data:/i;

describe('the course HTML', () => {
	it.each([
		['a script element', '<script>alert(1)</script>'],
		['a script split over lines', '<scr\nipt>alert(1)</script>'],
		['an iframe', '<iframe src="https://evil.example/"></iframe>'],
		['object and embed', '<object data="x.swf"></object><embed src="x.swf">'],
		['an event handler on an image', '<img src="a.png" onerror="alert(1)">'],
		['an event handler on a div', '<div onclick="alert(1)" onmouseover=alert(2)>text</div>'],
		['a javascript: link in markdown', '[click](javascript:alert(1))'],
		['a javascript: link in HTML', '<a href="JaVaScRiPt:alert(1)">click</a>'],
		['an entity-encoded javascript: link', '<a href="&#106;avascript:alert(1)">click</a>'],
		['a data: image', '![x](data:image/svg+xml;base64,PHN2Zz4=)'],
		['a data: link', '<a href="data:text/html,hi">x</a>'],
		['an svg with onload', '<svg onload="alert(1)"><circle r="1"/></svg>'],
		['a style element and attribute', '<style>body{}</style><p style="color:red">x</p>'],
		['a form', '<form action="https://evil.example/"><input name="q"></form>'],
		['a frame target set by the author', '<a href="#/x" target="_top" rel="opener">x</a>'],
		['a meta refresh and a base', '<meta http-equiv="refresh" content="0;url=x"><base href="//x">']
	])('strips %s', (_name, body) => {
		const html = render(`Before.\n\n${body}\n\nAfter.`);
		expect(tags(html)).not.toMatch(DANGER);
		expect(html).toContain('Before.');
		expect(html).toContain('After.');
	});

	it('keeps the markup the reader needs', () => {
		const html = render(
			'## A heading\n\nSee [the paper](https://example.org/paper) and [a page](#/principles).\n\n' +
				'![a diagram](/images/contexts.svg)\n\n`code` and <kbd>Ctrl</kbd>+<kbd>C</kbd>\n\n' +
				'```sh no-step\necho hi\n```\n'
		);
		expect(html).toContain('<h2 id="a-heading">A heading</h2>');
		expect(html).toContain(
			'<a href="https://example.org/paper" rel="noopener noreferrer" target="_blank">the paper</a>'
		);
		expect(html).toContain('<a href="#/principles">a page</a>');
		expect(html).toContain('<img src="/images/contexts.svg" alt="a diagram" />');
		expect(html).toContain('<kbd>Ctrl</kbd>');
		expect(html).toContain('<pre class="language-sh"><code>echo hi</code></pre>');
	});

	it('leaves nothing dangerous in any page of the course', () => {
		const root = join(import.meta.dirname, '..');
		const course = loadTutorialTree(join(root, 'tutorials'), {
			readdirSync,
			readFileSync,
			statSync
		});
		expect(course.length).toBeGreaterThan(10);
		for (const t of course) expect(tags(renderMarkdown(t)), t.id).not.toMatch(DANGER);
	});
});
