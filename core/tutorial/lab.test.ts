// The lab format: a good lab loads with its defaults, and each authoring mistake is rejected with
// a message naming its place; links carry a lab through deflate and base64url and back.
import { describe, expect, it } from 'vitest';
import { deflateSync, strToU8 } from 'fflate';
import {
	LabError,
	labId,
	labTasks,
	parseLab,
	proseParts,
	shortDetail,
	LAB_MAX_CHARS
} from './lab.ts';
import { decodeLab, encodeLab, fromBase64Url, labFragment, toBase64Url } from './lab-link.ts';

const GOOD = `title: A box for web1
by: Ms. Example
intro: |
  Build it.

  Then \`start\` it.
tasks:
  - exercise: principles/playing-with-chbind
  - id: build
    title: Build web1
    text: Run the build.
    check: { file: { path: /etc/vservers/web1.conf, exists: true } }
  - id: caps
    title: A ceiling
    term: 2
    check:
      - { you: { capBset: 00000000f40c04ff } }
      - { exec: { command: "true", exitCode: 0 } }
    hint:
      - when: { you: { ctx: 0 } }
        say: You are in context {you.ctx}.
`;

const EXERCISES = ['principles/playing-with-chbind', 'principles/unification'];

function problems(text: string, ids?: string[]): string[] {
	try {
		parseLab(text, ids);
	} catch (err) {
		if (err instanceof LabError) return err.problems;
		throw err;
	}
	throw new Error('the lab was accepted');
}

describe('parseLab', () => {
	it('reads a good lab with its items, checks as typed values and default terminals', () => {
		const lab = parseLab(GOOD, EXERCISES);
		expect(lab.title).toBe('A box for web1');
		expect(lab.by).toBe('Ms. Example');
		expect(lab.setup).toBe('');
		expect(lab.terminals).toEqual([
			{ user: 'root', ctx: 0 },
			{ user: 'user', ctx: 0 }
		]);
		expect(lab.items.map((i) => `${i.kind}:${i.id}`)).toEqual([
			'exercise:principles/playing-with-chbind',
			'task:build',
			'task:caps'
		]);
		const [build, caps] = labTasks(lab);
		expect(build!.term).toBe(1);
		expect(build!.checks).toEqual([{ file: { path: '/etc/vservers/web1.conf', exists: true } }]);
		expect(caps!.term).toBe(2);
		// The 16 hex digits stay a string and the exit status becomes a number.
		expect(caps!.checks).toEqual([
			{ you: { capBset: '00000000f40c04ff' } },
			{ exec: { command: 'true', exitCode: 0 } }
		]);
		expect(caps!.hints).toEqual([
			{ when: { you: { ctx: 0 } }, say: 'You are in context {you.ctx}.' }
		]);
	});

	it('rejects unknown keys at the top and in tasks', () => {
		expect(problems(GOOD + 'colour: blue\n')).toContain("unknown key 'colour'");
		expect(problems(GOOD.replace('    text: Run the build.', '    txt: Run the build.'))).toEqual([
			"tasks[1]: unknown key 'txt'"
		]);
	});

	it('rejects a lab without title or tasks, and a lab of exercises only', () => {
		expect(problems('by: me\n')).toEqual(["missing 'title'", "missing 'tasks'"]);
		expect(problems('title: T\ntasks: []\n')).toEqual(['tasks: a lab has at least one task']);
		expect(problems('title: T\ntasks:\n  - exercise: principles/unification\n')).toEqual([
			'tasks: a lab has at least one task with checks (not only exercises)'
		]);
	});

	it('rejects a task without a check, a bad check and a bad pattern, naming each place', () => {
		expect(problems('title: T\ntasks:\n  - { id: a, title: A }\n')).toEqual([
			"tasks[0]: missing 'check'"
		]);
		expect(
			problems('title: T\ntasks:\n  - { id: a, title: A, check: { proces: { uid: 0 } } }\n')
		).toEqual(["tasks[0].check: unknown key 'proces'"]);
		expect(
			problems('title: T\ntasks:\n  - { id: a, title: A, check: { output: "/(/" } }\n')[0]
		).toMatch(/^tasks\[0\]\.check\.output: Invalid regular expression/);
		expect(
			problems('title: T\ntasks:\n  - { id: a, title: A, check: { exec: { command: ls } } }\n')
		).toEqual(['tasks[0].check.exec: say what to expect: stdout, stderr or exitCode']);
	});

	it('rejects duplicate and malformed ids, a terminal out of range, and placeholder prose', () => {
		const task = (id: string, extra = '') =>
			`  - { id: ${id}, title: A, check: { file: { path: /x, exists: true } }${extra} }\n`;
		expect(problems(`title: T\ntasks:\n${task('a')}${task('a')}`)).toEqual([
			"tasks[1].id: duplicate task id 'a'"
		]);
		expect(problems(`title: T\ntasks:\n${task('Big_One')}`)).toEqual([
			"tasks[0].id: 'Big_One' is not lower-case words joined by dashes"
		]);
		expect(problems(`title: T\ntasks:\n${task('a', ', term: 3')}`)).toEqual([
			'tasks[0].term: no terminal 3 (the lab has 2)'
		]);
		expect(problems(`title: TODO\ntasks:\n${task('a')}`)).toEqual([
			"title: placeholder 'TODO' in the text"
		]);
	});

	it('checks exercise ids against the course when it is given', () => {
		const lab = `title: T\ntasks:\n  - exercise: principles/no-such\n  - { id: a, title: A, check: { file: { path: /x, exists: true } } }\n`;
		expect(problems(lab, EXERCISES)).toEqual([
			"tasks[0].exercise: the course has no exercise 'principles/no-such'"
		]);
		expect(parseLab(lab).items).toHaveLength(2);
		expect(problems(lab.replace('principles/no-such', 'Nope'))).toEqual([
			"tasks[0].exercise: 'Nope' is not an exercise id such as principles/unification"
		]);
	});

	it('reads terminals and rejects bad ones', () => {
		const withTerms = (t: string) => GOOD.replace('tasks:', `terminals: ${t}\ntasks:`);
		expect(parseLab(withTerms('[{ user: root }, { user: user, ctx: 2 }]')).terminals).toEqual([
			{ user: 'root' },
			{ user: 'user', ctx: 2 }
		]);
		expect(problems(withTerms('[]'))).toContain('terminals: expected a list of 1 to 3 terminals');
		expect(problems(withTerms('[{ user: "r o" }, { user: user }]'))).toEqual([
			"terminals[0].user: 'r o' is not a user name"
		]);
	});

	it('rejects text that is not YAML, or too long', () => {
		expect(problems('title: [unclosed\n')[0]).toMatch(/^not YAML: /);
		expect(problems('x'.repeat(LAB_MAX_CHARS + 1))[0]).toMatch(/characters long/);
	});
});

describe('labId and proseParts', () => {
	it('gives a lab 16 hex digits that change when the text does', () => {
		expect(labId(GOOD)).toMatch(/^[0-9a-f]{16}$/);
		expect(labId(GOOD)).toBe(labId(GOOD));
		expect(labId(GOOD + ' ')).not.toBe(labId(GOOD));
	});

	it('splits prose into paragraphs of text and code, never HTML', () => {
		expect(proseParts('Run `ls -l`\nnow.\n\n<b>x</b>')).toEqual([
			[
				{ code: false, text: 'Run ' },
				{ code: true, text: 'ls -l' },
				{ code: false, text: ' now.' }
			],
			[{ code: false, text: '<b>x</b>' }]
		]);
	});
});

describe('shortDetail', () => {
	it('shortens a long quoted output and keeps what was wanted', () => {
		const out = JSON.stringify('Name:\tcat\n' + 'x'.repeat(200));
		const d = shortDetail(`'cat /proc/self/status': its output is ${out} (want /ipv4root/)`);
		expect(d).toBe(
			`'cat /proc/self/status': its output is ${out.slice(0, 61)}…" (want /ipv4root/)`
		);
		expect(shortDetail('a short "quote" stays')).toBe('a short "quote" stays');
		expect(shortDetail('y'.repeat(500))).toHaveLength(400);
	});
});

describe('lab links', () => {
	it('base64url round-trips every length of bytes and uses only URL-safe letters', () => {
		for (let n = 0; n < 40; n++) {
			const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + n * 13) & 255);
			const text = toBase64Url(bytes);
			expect(text).toMatch(/^[A-Za-z0-9_-]*$/);
			expect(fromBase64Url(text)).toEqual(bytes);
		}
		expect(toBase64Url(Uint8Array.from([0xfb, 0xff]))).toBe('-_8');
		expect(fromBase64Url('+/8=')).toEqual(Uint8Array.from([0xfb, 0xff]));
		expect(fromBase64Url('a')).toBeNull();
		expect(fromBase64Url('ab*c')).toBeNull();
	});

	it('carries a lab, non-ASCII text included, through a link and back', () => {
		const text = GOOD.replace('Ms. Example', 'Mme Exemple — café 🚀');
		const z = encodeLab(text);
		expect(decodeLab(z)).toBe(text);
		expect(labFragment(text)).toBe(`#/lab?z=${z}`);
		// Deflate earns its place: the link is shorter than the text.
		expect(z.length).toBeLessThan(text.length);
	});

	it('says a link is damaged when it was cut short or is not base64url', () => {
		const z = encodeLab(GOOD);
		expect(() => decodeLab(z.slice(0, z.length >> 1))).toThrow(/damaged/);
		expect(() => decodeLab('not a lab!')).toThrow(/not base64url/);
		expect(() => decodeLab('')).toThrow(/not base64url/);
	});

	it('refuses a link that inflates to more than a lab may be', () => {
		const bomb = toBase64Url(deflateSync(strToU8('a'.repeat(LAB_MAX_CHARS * 4))));
		expect(bomb.length).toBeLessThan(2000);
		expect(() => decodeLab(bomb)).toThrow(/larger than a lab may be/);
	});
});
