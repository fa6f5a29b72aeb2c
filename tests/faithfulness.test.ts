// The "How faithful is this?" page: the build reads every SIMPLIFIED/CHOICE remark of core/ and
// lists it, by area and file, where the page's marker stands.
import * as fs from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findTutorial, loadTutorialTree } from '../core/tutorial/index.ts';
import {
	collectDepartures,
	DEPARTURES_MARKER,
	departuresMarkdown,
	findDepartures,
	withDepartures
} from '../web/build/faithfulness.ts';

const root = join(import.meta.dirname, '..');

describe('findDepartures', () => {
	it('reads a line comment and the comment lines that continue it', () => {
		const src = [
			'const a = 1;',
			'// The table of names. SIMPLIFIED: only the first',
			'// sixteen are kept.',
			'const b = 2; // not part of it',
			'x(); // CHOICE: errors are EPERM.'
		].join('\n');
		expect(findDepartures(src, 'core/x.ts')).toEqual([
			{
				kind: 'SIMPLIFIED',
				file: 'core/x.ts',
				line: 2,
				text: 'only the first sixteen are kept.',
				context: 'The table of names.'
			},
			{ kind: 'CHOICE', file: 'core/x.ts', line: 5, text: 'errors are EPERM.', context: '' }
		]);
	});

	it('reads a block comment up to its end or a blank line, and a one-line JSDoc', () => {
		const src = [
			'/**',
			' * Opens a thing.',
			' * SIMPLIFIED: no locking,',
			' * no waiting.',
			' *',
			' * Unrelated.',
			' */',
			'/** Pipes. CHOICE: one buffer per inode. */'
		].join('\n');
		expect(findDepartures(src, 'f.ts').map((d) => [d.line, d.text, d.context])).toEqual([
			[3, 'no locking, no waiting.', 'Opens a thing.'],
			[8, 'one buffer per inode.', 'Pipes.']
		]);
	});

	it('reads a remark in parentheses in a shell comment, up to the closing parenthesis', () => {
		const src =
			'const script = `\n\t# Copy the files. (SIMPLIFIED: a copy (not a link).) More.\n`;';
		expect(findDepartures(src, 's.ts')).toEqual([
			{
				kind: 'SIMPLIFIED',
				file: 's.ts',
				line: 2,
				text: 'a copy (not a link).',
				context: 'Copy the files.'
			}
		]);
	});

	it('ignores the words in code and strings', () => {
		expect(findDepartures("const s = 'SIMPLIFIED: no';\nfoo('CHOICE: x');", 'c.ts')).toEqual([]);
	});
});

describe('the generated list', () => {
	const list = collectDepartures(root, fs);

	it('finds the remarks of the kernel, the programs and the scripts, and none in tests', () => {
		const files = new Set(list.map((d) => d.file));
		expect(files).toContain('core/kernel/context.ts');
		expect(files).toContain('core/userland/chcontext.ts');
		expect(files).toContain('core/image/vserver-framework.ts');
		expect([...files].filter((f) => /\.test\.ts$|test-helpers/.test(f))).toEqual([]);
		for (const d of list) expect(d.text.length, `${d.file}:${d.line}`).toBeGreaterThan(3);
	});

	it('holds every remark that grep finds in core/', () => {
		// An independent count: lines of non-test sources with the marker after a comment opener.
		let expected = 0;
		const walk = (dir: string): void => {
			for (const name of fs.readdirSync(join(root, dir))) {
				const path = `${dir}/${name}`;
				if (fs.statSync(join(root, path)).isDirectory()) walk(path);
				else if (name.endsWith('.ts') && !/\.test\.ts$|^test-helpers\.ts$/.test(name)) {
					for (const line of fs.readFileSync(join(root, path), 'utf8').split('\n')) {
						if (/(\/\/|^\s*\*|^\s*\/\*|^\s*#).*\b(SIMPLIFIED|CHOICE):/.test(line)) expected++;
					}
				}
			}
		};
		walk('core');
		expect(list.length).toBe(expected);
	});

	it('groups the remarks by area, then by file, each with its line', () => {
		const md = departuresMarkdown(list);
		expect(md).toMatch(/^## Kernel$/m);
		expect(md).toMatch(/^## Programs$/m);
		expect(md.indexOf('## Kernel')).toBeLessThan(md.indexOf('## Programs'));
		expect(md).toMatch(/^\*\*core\/kernel\/context\.ts\*\*$/m);
		expect(md).toMatch(/^- .*\*Choice:\* context numbers are 0\.\.65535 .*\(line \d+\)$/m);
		expect(md).toContain(`holds ${list.length} such remarks`);
	});

	it('replaces the marker of the course page "How faithful is this?"', () => {
		const course = loadTutorialTree(join(root, 'tutorials'), fs);
		const page = findTutorial(course, 'about');
		expect(page?.title).toBe('How faithful is this?');
		expect(page?.body).toContain(DEPARTURES_MARKER);
		const body = withDepartures(page!.body, () => list);
		expect(body).not.toContain(DEPARTURES_MARKER);
		expect(body).toContain('**core/kernel/context.ts**');
	});
});
