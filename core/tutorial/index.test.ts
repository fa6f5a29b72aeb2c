// The course index loads every index.md in course order and reports every bad file at once.
import { describe, expect, it } from 'vitest';
import {
	buildIndex,
	exercises,
	findTutorial,
	readTutorialFiles,
	type TreeFs,
	type TutorialError
} from './index.ts';

const page = (title: string, section: string) =>
	`---\ntitle: ${title}\nsection: "${section}"\n---\nProse about ${title}.\n`;
const exercise = `---
title: Two echoes
section: "2.6"
terminals: [{ user: root }]
setup: ""
steps:
  - { id: one, check: { output: /one/ } }
  - { id: two, check: { output: /two/ } }
---
Say one, then two.

\`\`\`sh step=one
echo one
\`\`\`

\`\`\`sh step=two
echo two
\`\`\`
`;

describe('buildIndex', () => {
	it('orders a chapter page before its exercises and chapters by number', () => {
		const list = buildIndex({
			'02-principles/06-two-echoes/index.md': exercise,
			'03-applications/index.md': page('Applications', '3'),
			'02-principles/index.md': page('Principles', '2'),
			'02-principles/01-isolation/index.md': page('Isolation', '2.1')
		});
		expect(list.map((t) => `${t.kind} ${t.id}`)).toEqual([
			'page principles',
			'page principles/isolation',
			'exercise principles/two-echoes',
			'page applications'
		]);
		expect(exercises(list).map((e) => e.id)).toEqual(['principles/two-echoes']);
		expect(findTutorial(list, 'principles/isolation')?.title).toBe('Isolation');
		expect(findTutorial(list, 'principles/nothing')).toBeUndefined();
	});

	it('reports every bad file, and two files with one id', () => {
		let caught: unknown;
		try {
			buildIndex({
				'02-principles/index.md': page('Principles', '2'),
				'02-principles/01-a/index.md': page('A', 'two'),
				'02-principles/02-a/index.md': page('A again', '2.2'),
				'02-principles/03-b/index.md': 'no front matter\n'
			});
		} catch (err) {
			caught = err;
		}
		expect(caught).toBeInstanceOf(AggregateError);
		const errors = (caught as AggregateError).errors as TutorialError[];
		expect(errors.map((e) => e.message)).toEqual([
			`02-principles/01-a/index.md: section: 'two' is not a section number such as "2.6.1"`,
			"02-principles/02-a/index.md: same id 'principles/a' as 02-principles/01-a/index.md",
			'02-principles/03-b/index.md: no front matter (--- ... ---)'
		]);
	});
});

describe('readTutorialFiles', () => {
	it('reads index.md one and two levels down and nothing else', () => {
		const tree: Record<string, string | Record<string, string | Record<string, string>>> = {
			'README.md': 'top',
			'index.md': 'top index',
			'02-principles': {
				'index.md': 'p',
				'01-x': { 'index.md': 'x', 'notes.md': 'n' },
				'image.png': 'i'
			}
		};
		const at = (path: string): unknown =>
			path
				.split('/')
				.slice(1)
				.reduce<unknown>((n, k) => (n as Record<string, unknown>)[k], tree);
		const fs: TreeFs = {
			readdirSync: (p) => Object.keys(at(p) as object),
			statSync: (p) => ({ isDirectory: () => typeof at(p) === 'object' }),
			readFileSync: (p) => at(p) as string
		};
		expect(readTutorialFiles('root', fs)).toEqual({
			'02-principles/index.md': 'p',
			'02-principles/01-x/index.md': 'x'
		});
	});
});
