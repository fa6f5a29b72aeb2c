// The build-time course modules (web/build/course.ts): the exercises' ids the page's first script
// gets (`virtual:course-exercises`, for starting an exercise's worker early) are exactly the
// exercises of the index the app gets (`virtual:course`), in the same order.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { coursePlugin } from '../web/build/course.ts';

/** The text of one virtual module, as Vite would load it. */
function load(id: string): string {
	const plugin = coursePlugin(join(import.meta.dirname, '..', 'tutorials'));
	const resolveId = plugin.resolveId as (id: string) => string | null;
	const loadHook = plugin.load as (this: { addWatchFile(f: string): void }, id: string) => string;
	const resolved = resolveId(id);
	if (resolved === null) throw new Error(`${id} is not a course module`);
	return loadHook.call({ addWatchFile() {} }, resolved);
}

/** The JSON value of `export const name = ...;` in a module's text. */
function exported(text: string, name: string): unknown {
	const m = new RegExp(`^export const ${name} = (.*);$`, 'm').exec(text);
	if (!m) throw new Error(`no export ${name}`);
	return JSON.parse(m[1]!);
}

describe('the course modules', () => {
	it('give the first script the ids of the index’s exercises, and nothing else', () => {
		const index = exported(load('virtual:course'), 'course') as { id: string; kind: string }[];
		const text = load('virtual:course-exercises');
		const ids = exported(text, 'exerciseIds');
		expect(ids).toEqual(index.filter((e) => e.kind === 'exercise').map((e) => e.id));
		expect(ids).toContain('principles/a-shell-inside-a-shell');
		expect(text.trim().split('\n')).toHaveLength(1);
	});
});
