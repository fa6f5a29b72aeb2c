// The course covers the whole paper: every section of its table of contents (seed-toc.txt, kept
// as PAPER_SECTIONS in the loader and as the outline the reader shows) is named in the front
// matter of at least one page or exercise.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTutorialTree } from '../core/tutorial/index.ts';
import { PAPER_SECTIONS } from '../core/tutorial/load.ts';
import { outline, type OutlineEntry } from '../web/src/lib/course/outline.ts';

const course = loadTutorialTree(join(import.meta.dirname, '..', 'tutorials'), {
	readdirSync,
	readFileSync,
	statSync
});

function numbers(entries: OutlineEntry[]): string[] {
	return entries.flatMap((e) => [e.number, ...numbers(e.children ?? [])]);
}

describe('the table of contents', () => {
	it('is the same list in the loader and in the outline the reader shows', () => {
		expect(numbers(outline)).toEqual([...PAPER_SECTIONS]);
		expect(PAPER_SECTIONS.size).toBe(46);
	});

	it('has every section covered by some page or exercise', () => {
		const covered = new Set(course.flatMap((t) => t.section));
		const missing = [...PAPER_SECTIONS].filter((s) => !covered.has(s));
		expect(missing).toEqual([]);
	});

	it('gives every chapter a page of its own or a first tutorial in its section', () => {
		const chapters = [...PAPER_SECTIONS].filter((s) => !s.includes('.'));
		for (const chapter of chapters) {
			expect(
				course.some((t) => t.section.includes(chapter)),
				`chapter ${chapter}`
			).toBe(true);
		}
	});
});
