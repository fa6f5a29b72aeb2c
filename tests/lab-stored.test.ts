// A lab's record in localStorage (web/src/lib/lab/lab-stored.ts): each task's entry is checked on
// its own, a damaged one is set aside with its reason and the rest kept; a text that is no lab
// record is set aside whole; what the learner is told names what was lost.
import { describe, expect, it } from 'vitest';
import { describeLabRead, readLabRecord } from '../web/src/lib/lab/lab-stored.ts';

const task = {
	pass: true,
	attempts: 2,
	checked: '2026-11-29T04:00:00.000Z',
	firstPassed: '2026-11-29T04:00:00.000Z',
	detail: 'ctx 0 sees 1 httpd'
};
const record = (tasks: unknown) =>
	JSON.stringify({ learner: 'Ada', started: '2026-11-29T03:00:00.000Z', tasks });

describe('a stored lab record', () => {
	it('is read back whole when nothing is wrong', () => {
		const read = readLabRecord(record({ web: task }));
		expect(read.whole).toBeNull();
		expect(read.rejected).toEqual({});
		expect(read.stored).toEqual({
			learner: 'Ada',
			started: '2026-11-29T03:00:00.000Z',
			tasks: { web: task }
		});
		expect(describeLabRead(read, (id) => id)).toBe('');
	});

	it('is nothing at all when nothing was stored', () => {
		expect(readLabRecord(null)).toEqual({ stored: null, whole: null, rejected: {} });
	});

	it('keeps the good tasks and sets aside a damaged one with its reason', () => {
		const bad = { ...task, attempts: 'many' };
		const read = readLabRecord(record({ web: task, mail: bad, dns: null }));
		expect(read.stored?.tasks).toEqual({ web: task });
		expect(read.rejected).toEqual({
			mail: { why: 'attempts is not a count', entry: bad },
			dns: { why: 'not an object', entry: null }
		});
		expect(describeLabRead(read, (id) => id.toUpperCase())).toBe(
			'The stored result of “MAIL”, “DNS” was damaged and was set aside; your other results are kept.'
		);
	});

	it('sets aside a text that is not a lab record, saying why', () => {
		for (const [text, why] of [
			['{"learner": "Ada"', 'it is not JSON'],
			['[1, 2]', 'it is not a lab record'],
			['{"started": "2026-11-29T03:00:00.000Z"}', 'it names no learner'],
			['{"learner": "Ada", "started": "yesterday"}', 'it has no start time']
		] as const) {
			const read = readLabRecord(text);
			expect(read.stored).toBeNull();
			expect(read.whole).toBe(why);
			expect(describeLabRead(read, (id) => id)).toContain(`could not be read (${why})`);
		}
	});

	it('sets aside tasks that are not a map by id, keeping the learner', () => {
		const read = readLabRecord(record([task]));
		expect(read.stored?.learner).toBe('Ada');
		expect(read.stored?.tasks).toEqual({});
		expect(Object.keys(read.rejected)).toEqual(['*']);
		expect(describeLabRead(read, (id) => id)).toContain('every task');
	});
});
