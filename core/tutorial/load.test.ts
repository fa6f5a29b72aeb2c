// The loader accepts well-formed pages and exercises and rejects each kind of authoring mistake
// with a message that names the place.
import { describe, expect, it } from 'vitest';
import {
	compilePattern,
	parseTutorial,
	tutorialId,
	TutorialError,
	wrongRouteLines,
	wrongRouteTerm
} from './load.ts';
import type { Exercise } from './schema.ts';

const PATH = '02-principles/04-a-ceiling-for-root/index.md';

/** A valid exercise; tests break one thing at a time with `edit`. */
const GOOD = `---
title: A ceiling for root
section: "2.6.4"
terminals:
  - { user: user, label: "user@main, context 0" }
setup: ""
steps:
  - id: look
    check: { output: /CapBset:\\s+00000000fffffeff/ }
  - id: reduce
    check: { you: { comm: sh, uid: 500, capBset: 00000000f40c04ff } }
    hint:
      - when: { you: { ctx: 0 } }
        say: You are in context {you.ctx}.
  - id: nothing
    check: { you: { capEff: 0000000000000000 } }
wrong:
  - { run: "echo reduce", fails: reduce }
---
Every process has a ceiling. Look at yours:

\`\`\`sh step=look
grep Cap /proc/self/status
\`\`\`

Lower it:

\`\`\`sh step=reduce
/usr/sbin/reducecap --secure /bin/sh
\`\`\`

\`\`\`sh step=nothing
cat /proc/self/status
\`\`\`

\`\`\`sh no-step
reducecap --help
\`\`\`
`;

function problems(text: string, path = PATH): string[] {
	try {
		parseTutorial(path, text);
	} catch (err) {
		if (err instanceof TutorialError) return err.problems;
		throw err;
	}
	return [];
}

function edit(from: string, to: string): string {
	expect(GOOD).toContain(from);
	return GOOD.replace(from, to);
}

describe('tutorialId', () => {
	it('drops the NN- prefixes and index.md', () => {
		expect(tutorialId('02-principles/03-playing-with-chcontext/index.md')).toBe(
			'principles/playing-with-chcontext'
		);
		expect(tutorialId('02-principles/index.md')).toBe('principles');
	});

	it('refuses paths outside the layout', () => {
		expect(tutorialId('principles/index.md')).toBeNull();
		expect(tutorialId('02-principles/03-x/04-y/index.md')).toBeNull();
		expect(tutorialId('02-principles/README.md')).toBeNull();
		expect(tutorialId('index.md')).toBeNull();
	});
});

describe('parseTutorial on a good exercise', () => {
	const ex = parseTutorial(PATH, GOOD) as Exercise;

	it('gives the id, sections as a list, and the terminals', () => {
		expect(ex.kind).toBe('exercise');
		expect(ex.id).toBe('principles/a-ceiling-for-root');
		expect(ex.section).toEqual(['2.6.4']);
		expect(ex.terminals).toEqual([{ user: 'user', label: 'user@main, context 0' }]);
		expect(ex.hosts).toEqual(['main']);
	});

	it('attaches each step= block to its step and leaves no-step blocks untyped', () => {
		expect(ex.steps.map((s) => [s.id, s.commands])).toEqual([
			['look', [{ term: 1, lines: ['grep Cap /proc/self/status'] }]],
			['reduce', [{ term: 1, lines: ['/usr/sbin/reducecap --secure /bin/sh'] }]],
			['nothing', [{ term: 1, lines: ['cat /proc/self/status'] }]]
		]);
		expect(ex.blocks.map((b) => b.step)).toEqual(['look', 'reduce', 'nothing', null]);
		expect(ex.blocks[0]!.line).toBe(GOOD.split('\n').indexOf('```sh step=look') + 1);
	});

	it('keeps every capability set as 16 hex digits, even all zeros', () => {
		expect(ex.steps[2]!.checks).toEqual([{ you: { capEff: '0000000000000000' } }]);
		expect(ex.steps[1]!.checks).toEqual([
			{ you: { comm: 'sh', uid: 500, capBset: '00000000f40c04ff' } }
		]);
	});

	it('reads numbers as numbers and hints as a list', () => {
		expect(ex.steps[1]!.hints).toEqual([
			{ when: { you: { ctx: 0 } }, say: 'You are in context {you.ctx}.' }
		]);
	});

	it('runs on the model alone unless backends or backend say otherwise', () => {
		expect((parseTutorial(PATH, GOOD) as Exercise).backends).toEqual(['model']);
		const x86 = GOOD.replace(/\n {4}hint:\n[^]*?say: [^\n]*\n/, '\n')
			.replace(/\{ you: \{[^}]*\} \}/g, '{ output: /./ }')
			.replace('setup: ""', 'setup: ""\nbackends: [model, x86]');
		expect((parseTutorial(PATH, x86) as Exercise).backends).toEqual(['model', 'x86']);
		const one = x86.replace('backends: [model, x86]', 'backend: x86');
		expect((parseTutorial(PATH, one) as Exercise).backends).toEqual(['x86']);
	});

	it('reads wrong routes and where they are typed', () => {
		expect(ex.wrong).toEqual([{ run: 'echo reduce', fails: 'reduce' }]);
		expect(wrongRouteLines({ run: 'exit\n\nls /\n', fails: 'x' })).toEqual(['exit', 'ls /']);
		expect(wrongRouteTerm(ex, ex.wrong[0]!)).toBe(1);
	});
});

describe('parseTutorial on pages', () => {
	it('reads a page with title, section and prose', () => {
		const page = parseTutorial(
			'02-principles/index.md',
			'---\ntitle: Principles\nsection: "2"\n---\nContexts keep groups of processes apart.\n'
		);
		expect(page).toMatchObject({
			kind: 'page',
			id: 'principles',
			title: 'Principles',
			section: ['2']
		});
	});

	it('refuses a step= block on a page, and exercise keys on a page', () => {
		const text =
			'---\ntitle: P\nsection: "2"\nsetup: ""\n---\nSome prose.\n\n```sh step=a\nls\n```\n';
		expect(problems(text, '02-principles/index.md')).toEqual([
			"unknown key 'setup'",
			'line 8: a page has no steps, but this block says step=a'
		]);
	});
});

describe('parseTutorial rejects', () => {
	it('unknown keys at the top, in steps and in checks', () => {
		expect(problems(edit('setup: ""', 'setup: ""\ncolour: blue'))).toEqual([
			"unknown key 'colour'"
		]);
		expect(problems(edit('  - id: nothing', '  - id: nothing\n    points: 3'))).toEqual([
			"steps[2]: unknown key 'points'"
		]);
		expect(problems(edit('{ you: { capEff:', '{ you: { cmm: sh, capEff:'))).toEqual([
			"steps[2].check.you: unknown key 'cmm'"
		]);
		expect(problems(edit('{ output: /CapBset', '{ stdout: /CapBset'))).toEqual([
			"steps[0].check: unknown key 'stdout'"
		]);
	});

	it('a step without a command', () => {
		expect(problems(edit('```sh step=nothing\ncat /proc/self/status\n```', ''))).toEqual([
			"step 'nothing': no ```sh step= block gives its commands"
		]);
		expect(
			problems(edit('```sh step=nothing\ncat /proc/self/status\n', '```sh step=nothing\n\n'))
		).toContain(
			`line ${GOOD.split('\n').indexOf('```sh step=nothing') + 1}: block for step 'nothing' has no command`
		);
	});

	it('an exercise with fewer than two steps', () => {
		const one = `---\ntitle: T\nsection: "2"\nterminals: [{ user: root }]\nsetup: ""\nsteps:\n  - { id: a, check: { output: /x/ } }\n---\nProse.\n\n\`\`\`sh step=a\necho x\n\`\`\`\n`;
		expect(problems(one)).toEqual(['steps: an exercise has at least two steps (found 1)']);
	});

	it('an sh block without step= or no-step, and unknown block attributes', () => {
		const line = GOOD.split('\n').indexOf('```sh no-step') + 1;
		expect(problems(edit('```sh no-step', '```sh'))).toEqual([
			`line ${line}: a sh block needs step=<id> or no-step`
		]);
		expect(problems(edit('```sh no-step', '```sh no-step copy'))).toEqual([
			`line ${line}: unknown block attribute 'copy'`
		]);
	});

	it('duplicate step ids', () => {
		expect(problems(edit('  - id: nothing', '  - id: look'))).toContain(
			"steps[2].id: duplicate step id 'look'"
		);
	});

	it('placeholder prose in the body, the title and hints', () => {
		expect(problems(edit('Lower it:', 'Lower it (TODO: explain why):'))).toEqual([
			`line ${GOOD.split('\n').indexOf('Lower it:') + 1}: placeholder 'TODO' in the text`
		]);
		expect(problems(edit('title: A ceiling for root', 'title: Lorem ipsum'))).toEqual([
			"title: placeholder 'Lorem' in the text"
		]);
		expect(problems(edit('say: You are in', 'say: TBD You are in'))).toEqual([
			"steps[1].hint[0].say: placeholder 'TBD' in the text"
		]);
	});

	it('an output check that is not a /regex/, and a regex that does not compile', () => {
		expect(
			problems(edit('{ output: /CapBset:\\s+00000000fffffeff/ }', '{ output: CapBset }'))
		).toEqual(["steps[0].check.output: expected /regex/, got 'CapBset'"]);
		expect(
			problems(edit('{ output: /CapBset:\\s+00000000fffffeff/ }', '{ output: "/(/" }'))[0]
		).toMatch(/^steps\[0\]\.check\.output: Invalid regular expression/);
	});

	it('a check with two kinds, or matching everything', () => {
		expect(
			problems(edit('{ you: { capEff: 0000000000000000 } }', '{ you: { uid: 0 }, output: /x/ }'))
		).toEqual([
			'steps[2].check: a check has exactly one of output, you, process, context, socket, interface, exec, file, not'
		]);
		expect(problems(edit('{ you: { capEff: 0000000000000000 } }', '{ process: {} }'))).toEqual([
			'steps[2].check.process: matches everything: name at least one field'
		]);
	});

	it('a section the paper does not have', () => {
		expect(problems(edit('section: "2.6.4"', 'section: ["2.6.4", "2.8"]'))).toEqual([
			'section: the paper has no section 2.8'
		]);
	});

	it('numbers where numbers belong', () => {
		expect(problems(edit('uid: 500', 'uid: five'))).toEqual([
			'steps[1].check.you.uid: expected an integer'
		]);
	});

	it('a hint naming something a snapshot does not have', () => {
		expect(problems(edit('{you.ctx}', '{you.colour}'))).toEqual([
			"steps[1].hint[0].say: '{you.colour}' is not {you.FIELD} or {COMM.FIELD} with a process field"
		]);
	});

	it('blocks out of step order, for unknown steps, or on a missing terminal', () => {
		const swapped = GOOD.replace('```sh step=look', '```sh step=TMP')
			.replace('```sh step=reduce', '```sh step=look')
			.replace('```sh step=TMP', '```sh step=reduce');
		expect(
			problems(swapped).some((p) => p.endsWith('step=look comes after a block of a later step'))
		).toBe(true);
		expect(
			problems(edit('```sh step=nothing', '```sh step=nothing\n```\n\n```sh step=later'))
		).toContain(
			`line ${GOOD.split('\n').indexOf('```sh step=nothing') + 4}: step=later names no step of the front matter`
		);
		expect(problems(edit('```sh step=nothing', '```sh step=nothing term=2'))[0]).toMatch(
			/term=2, but the exercise has 1 terminal/
		);
	});

	it('several terminals without term= on the blocks', () => {
		const two = edit(
			'  - { user: user, label: "user@main, context 0" }',
			'  - { user: user }\n  - { user: root }'
		);
		expect(problems(two).filter((p) => p.endsWith('say term=N'))).toHaveLength(3);
	});

	it('a wrong route naming no step, and an exec check that expects nothing', () => {
		expect(problems(edit('fails: reduce', 'fails: reduced'))).toEqual([
			"wrong[0].fails: 'reduced' names no step"
		]);
		expect(
			problems(edit('{ you: { capEff: 0000000000000000 } }', '{ exec: { command: id } }'))
		).toEqual(['steps[2].check.exec: say what to expect: stdout, stderr or exitCode']);
	});

	it('machines other than model and x86, both keys, or x86 with what only the model has', () => {
		expect(problems(edit('setup: ""', 'setup: ""\nbackends: [model, vm]'))).toEqual([
			"backends: 'vm' is not model or x86"
		]);
		expect(problems(edit('setup: ""', 'setup: ""\nbackends: [model]\nbackend: model'))).toEqual([
			"backends: give either 'backends' or 'backend', not both"
		]);
		expect(problems(edit('setup: ""', 'setup: "echo hi"\nbackend: x86'))).toEqual([
			'setup: an exercise on x86 has an empty setup',
			"steps[1].check[0]: on x86: 'you' needs the kernel model",
			"steps[2].check[0]: on x86: 'you' needs the kernel model"
		]);
		expect(
			problems(
				edit(
					'{ you: { capEff: 0000000000000000 } }',
					'{ not: { exec: { command: id, ctx: 2, exitCode: 0 } } }'
				).replace('setup: ""', 'setup: ""\nbackends: [model, x86]')
			)
		).toEqual([
			"steps[1].check[0]: on x86: 'you' needs the kernel model",
			'steps[2].check[0]: on x86: exec in a context other than 0'
		]);
	});

	it('a file without front matter, and a missing setup', () => {
		expect(problems('Just prose.\n')).toEqual(['no front matter (--- ... ---)']);
		expect(problems(edit('setup: ""\n', ''))).toEqual(["missing 'setup'"]);
	});
});

describe('compilePattern', () => {
	it('reads /source/flags as a RegExp and anything else as an exact string', () => {
		expect(compilePattern('/a+b/i')).toEqual(/a+b/i);
		expect(compilePattern('sh')).toBe('sh');
		expect(() => compilePattern('/a')).toThrow(/not \/regex\/flags/);
	});
});
