// Build-time course: a Vite plugin that loads and validates tutorials/ with the tutorial engine,
// renders each body's markdown to sanitised HTML in Node, and serves the result as virtual
// modules, so neither a markdown parser nor the YAML loader ships to the browser; the page's
// first script gets only the exercises' ids (`virtual:course-exercises`). A page that
// holds the departures marker gets the list of the model's SIMPLIFIED/CHOICE remarks there.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { Marked, type Tokens } from 'marked';
import sanitizeHtml from 'sanitize-html';
import type { Plugin } from 'vite';
import { loadTutorialTree } from '../../core/tutorial/index.ts';
import type { Tutorial } from '../../core/tutorial/schema.ts';
import { collectDepartures, DEPARTURES_MARKER, withDepartures } from './faithfulness.ts';

const INDEX_ID = 'virtual:course';
const EXERCISES_ID = 'virtual:course-exercises';
const PAGE_PREFIX = 'virtual:course-page/';

/** One entry of the course index as the page sees it (see web/src/course.d.ts). */
export interface CourseEntryData {
	id: string;
	kind: 'page' | 'exercise';
	title: string;
	section: string[];
	steps: number;
}

function escapeHtml(text: string): string {
	return text
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;');
}

/** `sh step=look term=2` → its words as a map (`step` → `look`, `term` → `2`, `no-step` → ''). */
function infoWords(info: string): Map<string, string> {
	const words = new Map<string, string>();
	for (const word of info.trim().split(/\s+/).slice(1)) {
		const eq = word.indexOf('=');
		words.set(eq < 0 ? word : word.slice(0, eq), eq < 0 ? '' : word.slice(eq + 1));
	}
	return words;
}

/**
 * Markdown to HTML for one tutorial: `sh step=<id>` blocks carry their step and terminal as data
 * attributes (the reader highlights the current step's commands); headings get ids for anchors.
 */
export function renderMarkdown(tutorial: Tutorial): string {
	const stepNumbers = new Map<string, number>();
	if (tutorial.kind === 'exercise') tutorial.steps.forEach((s, i) => stepNumbers.set(s.id, i + 1));
	// With several terminals each block of commands names its own, as the terminal's bar does.
	const terminals = tutorial.kind === 'exercise' ? tutorial.terminals : [];
	const where = (term: string): string => {
		const t = terminals[Number(term) - 1];
		if (terminals.length < 2 || !t) return '';
		const name = t.label ?? `${t.user}@${t.host ?? 'main'}, context ${t.ctx ?? 0}`;
		return ` data-where="${escapeHtml(name)}"`;
	};
	const marked = new Marked({
		gfm: true,
		renderer: {
			code({ text, lang }: Tokens.Code): string {
				const info = lang ?? '';
				const language = info.trim().split(/\s+/)[0] ?? '';
				const words = infoWords(info);
				const step = words.get('step');
				const number = step === undefined ? undefined : stepNumbers.get(step);
				const body = `<code>${escapeHtml(text.replace(/\n+$/, ''))}</code>`;
				if (number === undefined) {
					const cls = language ? ` class="language-${escapeHtml(language)}"` : '';
					return `<pre${cls}>${body}</pre>\n`;
				}
				const term = words.get('term') ?? '1';
				return (
					`<pre class="command" data-step="${escapeHtml(step!)}" data-step-number="${number}"` +
					` data-term="${escapeHtml(term)}"${where(term)}>${body}</pre>\n`
				);
			},
			heading({ tokens, depth }: Tokens.Heading): string {
				const text = this.parser.parseInline(tokens);
				const slug = text
					.replace(/<[^>]+>/g, '')
					.toLowerCase()
					.replace(/[^a-z0-9]+/g, '-')
					.replace(/^-|-$/g, '');
				// The page's title is the h1; headings in a body start at h2.
				const level = Math.min(6, Math.max(2, depth));
				return `<h${level} id="${slug}">${text}</h${level}>\n`;
			}
		}
	});
	const html = marked.parse(tutorial.body, { async: false });
	return sanitizeHtml(html, {
		allowedTags: [
			...sanitizeHtml.defaults.allowedTags.filter((t) => t !== 'h1'),
			'img',
			'del',
			'kbd'
		],
		allowedAttributes: {
			// rel and target are set by transformTags below, for links out of the course.
			a: ['href', 'title', 'rel', 'target'],
			img: ['src', 'alt', 'title', 'width', 'height'],
			pre: ['class', 'data-step', 'data-step-number', 'data-term', 'data-where'],
			code: ['class'],
			h2: ['id'],
			h3: ['id'],
			h4: ['id'],
			h5: ['id'],
			h6: ['id'],
			th: ['align'],
			td: ['align']
		},
		allowedClasses: { pre: ['command', /^language-[a-z0-9-]+$/], code: [/^language-[a-z0-9-]+$/] },
		allowedSchemes: ['http', 'https', 'mailto'],
		allowProtocolRelative: false,
		transformTags: {
			// Links out of the course open in a new tab and tell the new page nothing.
			// An author's own rel and target are dropped: only these two are ever set.
			a: (tagName, { rel: _rel, target: _target, ...attribs }) => {
				const external = /^https?:/i.test(attribs.href ?? '');
				return {
					tagName,
					attribs: external ? { ...attribs, rel: 'noopener noreferrer', target: '_blank' } : attribs
				};
			}
		}
	});
}

/** The tutorial as the page needs it: its text is the rendered HTML, not the markdown. */
function pageModule(tutorial: Tutorial): string {
	const data = { ...tutorial, body: '', blocks: [] };
	return (
		`export const tutorial = ${JSON.stringify(data)};\n` +
		`export const html = ${JSON.stringify(renderMarkdown(tutorial))};\n`
	);
}

function indexModule(list: Tutorial[]): string {
	const entries: CourseEntryData[] = list.map((t) => ({
		id: t.id,
		kind: t.kind,
		title: t.title,
		section: t.section,
		steps: t.kind === 'exercise' ? t.steps.length : 0
	}));
	// One lazy chunk per tutorial: a chapter's text loads when it is opened.
	const loaders = list
		.map((t) => `\t${JSON.stringify(t.id)}: () => import(${JSON.stringify(PAGE_PREFIX + t.id)})`)
		.join(',\n');
	return `export const course = ${JSON.stringify(entries)};\nexport const loaders = {\n${loaders}\n};\n`;
}

/** The ids of the exercises alone, for the page's first script (web/src/lib/machine/early.ts). */
function exercisesModule(list: Tutorial[]): string {
	const ids = list.filter((t) => t.kind === 'exercise').map((t) => t.id);
	return `export const exerciseIds = ${JSON.stringify(ids)};\n`;
}

/**
 * The Vite plugin: `virtual:course` (the index), `virtual:course-exercises` (the exercises'
 * ids) and `virtual:course-page/<id>` (one chapter).
 */
export function coursePlugin(tutorialsDir: string): Plugin {
	const fs = { readdirSync, statSync, readFileSync };
	let cache: Tutorial[] | null = null;
	const load = (): Tutorial[] => (cache ??= loadTutorialTree(tutorialsDir, fs));
	const root = dirname(tutorialsDir);

	return {
		name: 'vserver-lab-course',
		resolveId(id) {
			if (id === INDEX_ID || id === EXERCISES_ID || id.startsWith(PAGE_PREFIX)) return '\0' + id;
			return null;
		},
		load(id) {
			if (!id.startsWith('\0')) return null;
			const name = id.slice(1);
			if (name !== INDEX_ID && name !== EXERCISES_ID && !name.startsWith(PAGE_PREFIX)) return null;
			// Every tutorial file is a dependency: editing one rebuilds the course in dev.
			for (const t of load()) this.addWatchFile(`${tutorialsDir}/${t.path}`);
			if (name === INDEX_ID) return indexModule(load());
			if (name === EXERCISES_ID) return exercisesModule(load());
			const tutorial = load().find((t) => t.id === name.slice(PAGE_PREFIX.length));
			if (!tutorial) throw new Error(`no tutorial ${name.slice(PAGE_PREFIX.length)}`);
			if (!tutorial.body.includes(DEPARTURES_MARKER)) return pageModule(tutorial);
			// The list follows the model's source: each file read is a dependency of this page.
			const departures = collectDepartures(root, fs);
			for (const file of new Set(departures.map((d) => d.file))) {
				this.addWatchFile(`${root}/${file}`);
			}
			return pageModule({ ...tutorial, body: withDepartures(tutorial.body, () => departures) });
		},
		watchChange(id) {
			if (id.startsWith(tutorialsDir)) cache = null;
		}
	};
}
