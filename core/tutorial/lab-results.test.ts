// Results files: made from a lab and the learner's checks, read back strictly, tabulated per lab
// for the teacher, and written as CSV a spreadsheet cannot mistake for formulas.
import { describe, expect, it } from 'vitest';
import { parseLab } from './lab.ts';
import {
	makeResults,
	parseResults,
	resultsFileName,
	SELF_REPORTED,
	tableCsv,
	tabulate,
	type LabResults
} from './lab-results.ts';

const lab = parseLab(`title: Box lab
tasks:
  - exercise: principles/unification
  - { id: build, title: Build it, check: { file: { path: /x, exists: true } } }
  - { id: start, title: Start it, check: { file: { path: /y, exists: true } } }
`);
const T = '2024-03-01T10:00:00.000Z';

function results(learner: string, pass: Record<string, boolean>, id = 'abc'): LabResults {
	const items: Parameters<typeof makeResults>[4] = {};
	for (const [k, v] of Object.entries(pass)) {
		items[k] = { pass: v, checked: T, firstPassed: v ? T : null, attempts: 1, detail: 'seen' };
	}
	return makeResults(lab, id, learner, T, items, new Date('2024-03-01T11:00:00Z'));
}

describe('results files', () => {
	it('lists every item of the lab, unchecked ones included, with the self-reported note', () => {
		const r = results('  Ada  ', { build: true });
		expect(r).toMatchObject({
			format: 'vserver-lab-results',
			version: 1,
			note: SELF_REPORTED,
			lab: { id: 'abc', title: 'Box lab' },
			learner: 'Ada',
			exported: '2024-03-01T11:00:00.000Z'
		});
		expect(r.items.map((i) => [i.kind, i.id, i.pass, i.checked, i.attempts])).toEqual([
			['exercise', 'principles/unification', false, null, 0],
			['task', 'build', true, T, 1],
			['task', 'start', false, null, 0]
		]);
		expect(resultsFileName(r)).toBe('lab-box-lab-ada.json');
	});

	it('reads back what it wrote, and refuses what is not a results file', () => {
		const r = results('Ada', { build: true, start: false });
		expect(parseResults(JSON.stringify(r))).toEqual(r);
		expect(() => parseResults('{')).toThrow('not a JSON file');
		expect(() => parseResults('{"format":"vserver-lab-progress"}')).toThrow(
			'not a vserver-lab results file'
		);
		expect(() => parseResults(JSON.stringify({ ...r, version: 2 }))).toThrow(/version 2/);
		const damaged = { ...r, items: [{ ...r.items[0], pass: 'yes' }] };
		expect(() => parseResults(JSON.stringify(damaged))).toThrow('item 1 is damaged');
	});

	it('puts the note of this version in, whatever an edited file says', () => {
		const r = { ...results('Ada', {}), note: 'Verified by the school.' };
		expect(parseResults(JSON.stringify(r)).note).toBe(SELF_REPORTED);
	});
});

describe('the teacher table', () => {
	it('has one row per file, sorted by name, and one table per lab', () => {
		const tables = tabulate([
			{ name: 'zoe.json', results: results('Zoe', { build: true, start: true }) },
			{ name: 'ada.json', results: results('Ada', { build: true, start: false }) },
			{ name: 'old.json', results: results('Bob', { build: true }, 'other') }
		]);
		expect(tables).toHaveLength(2);
		const [t] = tables;
		expect(t!.columns.map((c) => c.id)).toEqual(['principles/unification', 'build', 'start']);
		expect(t!.rows.map((r) => [r.learner, r.cells, r.passed])).toEqual([
			['Ada', [false, true, false], 1],
			['Zoe', [false, true, true], 2]
		]);
		// A task never checked is empty, not a failure.
		expect(tables[1]!.rows[0]!.cells).toEqual([false, true, null]);
	});

	it('writes CSV with quoting, and defuses names a spreadsheet would run', () => {
		const [t] = tabulate([
			{ name: 'a.json', results: results('=HYPERLINK("x")', { build: true }) },
			{ name: 'b,c.json', results: results('Bo', {}) }
		]);
		expect(tableCsv(t!).split('\r\n')).toEqual([
			'learner,file,principles/unification,build,start,passed,of',
			`"'=HYPERLINK(""x"")",a.json,no,yes,,1,3`,
			'Bo,"b,c.json",no,,,0,3',
			''
		]);
	});
});
