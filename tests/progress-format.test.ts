// Stored progress that is damaged or from another version (web/src/lib/progress/format.ts): each
// exercise's entry is checked on its own, a bad one is put aside with a reason and the good ones
// kept; a text that is no progress document at all is put aside whole; imports stay strict.
import { describe, expect, it } from 'vitest';
import {
	addSetAside,
	describeSetAside,
	parseProgress,
	readProgress,
	type ExerciseProgress
} from '../web/src/lib/progress/format.ts';

const good: ExerciseProgress = {
	done: ['nest'],
	step: 2,
	total: 3,
	completed: false,
	log: [
		{ slice: 0, op: 'open', opts: { user: 'user', cols: 80, rows: 24 } },
		{ slice: 12, op: 'input', id: 1, data: 'sh\r' },
		{ slice: 40, op: 'tick', clock: 1500000 }
	],
	updated: '2024-01-01T00:00:00.000Z'
};

const doc = (exercises: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
	JSON.stringify({
		format: 'vserver-lab-progress',
		version: 1,
		exercises,
		read: ['intro'],
		...extra
	});

const title = (id: string) => `“${id}”`;

describe('reading stored progress', () => {
	it('keeps a sound document whole', () => {
		const read = readProgress(doc({ a: good, b: { ...good, done: [], step: 1 } }));
		expect(read.whole).toBeNull();
		expect(read.rejected).toEqual({});
		expect(read.doc.exercises).toEqual({ a: good, b: { ...good, done: [], step: 1 } });
		expect(read.doc.read).toEqual(['intro']);
		expect(describeSetAside(read, title)).toBe('');
	});

	it.each([
		['not an object', 'corrupt'],
		['done is not a list of ids', { ...good, done: 'nest' }],
		['a step beyond the end', { ...good, step: 9 }],
		['a step of zero', { ...good, step: 0 }],
		['a fractional total', { ...good, total: 2.5 }],
		['more done than steps', { ...good, done: ['a', 'b', 'c', 'd'] }],
		['a missing total', { ...good, total: undefined }]
	])('sets aside one entry with %s and keeps the others', (_name, bad) => {
		const read = readProgress(doc({ a: good, bad, c: good }));
		expect(read.whole).toBeNull();
		expect(Object.keys(read.doc.exercises)).toEqual(['a', 'c']);
		expect(read.rejected.bad?.entry).toEqual(bad);
		expect(read.rejected.bad?.why).toMatch(/\w/);
		expect(describeSetAside(read, title)).toBe(
			'The stored progress of “bad” was damaged and was set aside; the rest of your progress is kept.'
		);
	});

	it('keeps the steps of an entry whose machine history is damaged, and sets the entry aside', () => {
		const damaged = { ...good, log: [...good.log, { slice: 'x', op: 'input', id: 1, data: 'y' }] };
		const read = readProgress(doc({ a: damaged, b: good }));
		expect(read.doc.exercises.a).toEqual({ ...good, log: [] });
		expect(read.doc.exercises.b).toEqual(good);
		expect(read.logsDropped).toEqual(['a']);
		expect(read.rejected.a?.entry).toEqual(damaged);
		expect(describeSetAside(read, title)).toBe(
			'The machine history of “a” was damaged: the steps done are kept, and their commands are typed again to rebuild the machine.'
		);
	});

	it.each([
		['text that is not JSON', '{"format":"vserver-lab-prog', /not JSON/],
		['JSON of something else', '[1,2,3]', /not a vserver-lab progress file/],
		['an older version', doc({ a: good }, { version: 0 }), /version 0 is unknown/],
		['a newer version', doc({ a: good }, { version: 2 }), /version 2 is newer/]
	])('puts aside %s whole', (_name, text, why) => {
		const read = readProgress(text);
		expect(read.whole).toMatch(why);
		expect(read.doc.exercises).toEqual({});
		expect(describeSetAside(read, title)).toMatch(/could not be read .* set aside/);
		// An import of the same text is refused with the same reason.
		expect(() => parseProgress(text)).toThrow(why);
	});

	it('keeps the last ten set-aside records, and replaces an unreadable list', () => {
		let stored: string | null = 'not json';
		for (let i = 0; i < 12; i++) {
			stored = addSetAside(stored, { when: `t${i}`, why: 'test', text: String(i) });
		}
		const parsed = JSON.parse(stored!) as { format: string; records: { when: string }[] };
		expect(parsed.format).toBe('vserver-lab-set-aside');
		expect(parsed.records.map((r) => r.when)).toEqual(
			Array.from({ length: 10 }, (_, i) => `t${i + 2}`)
		);
	});
});
