// The course as the reader walks it: the build-time tutorial index merged with the paper's
// outline (each tutorial hangs under the first section it covers), course order, previous/next.
import { course, loaders, type CourseEntry } from 'virtual:course';
import { outline, type OutlineEntry } from './outline.ts';

export type { CourseEntry };
export { course };

/** Every tutorial under the outline section it covers first, in course order. */
export const tutorialsBySection: ReadonlyMap<string, CourseEntry[]> = (() => {
	const map = new Map<string, CourseEntry[]>();
	for (const entry of course) {
		const first = entry.section[0];
		if (first === undefined) continue;
		map.set(first, [...(map.get(first) ?? []), entry]);
	}
	return map;
})();

/** The tutorial with this id, or undefined. */
export function findEntry(id: string): CourseEntry | undefined {
	return course.find((e) => e.id === id);
}

/** The tutorials before and after `id` in course order. */
export function neighbours(id: string): { previous?: CourseEntry; next?: CourseEntry } {
	const i = course.findIndex((e) => e.id === id);
	if (i < 0) return {};
	return { previous: course[i - 1], next: course[i + 1] };
}

/** The outline entry of a section number, with its parents (outermost first). */
export function sectionPath(number: string): OutlineEntry[] {
	const walk = (entries: OutlineEntry[], trail: OutlineEntry[]): OutlineEntry[] | null => {
		for (const e of entries) {
			if (e.number === number) return [...trail, e];
			const found = e.children ? walk(e.children, [...trail, e]) : null;
			if (found) return found;
		}
		return null;
	};
	return walk(outline, []) ?? [];
}

/** A tutorial's chunk: its validated data and its sanitised HTML; rejects for an unknown id. */
export async function loadTutorial(id: string) {
	const load = loaders[id];
	if (!load) throw new Error(`There is no page ${id} in this course.`);
	return load();
}

/** The ids of the course's exercises, in course order. */
export const exerciseIds: string[] = course.filter((e) => e.kind === 'exercise').map((e) => e.id);
