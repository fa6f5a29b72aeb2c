// Types of the build-time course modules that web/build/course.ts serves.
declare module 'virtual:course' {
	import type { Tutorial } from '@core/tutorial/schema.ts';
	/** One tutorial of the course, in course order, without its text. */
	export interface CourseEntry {
		/** The public id, e.g. `principles/a-shell-inside-a-shell`. */
		id: string;
		kind: 'page' | 'exercise';
		title: string;
		/** The paper sections it covers, e.g. `['2.6']`. */
		section: string[];
		/** How many steps an exercise has; 0 for a page. */
		steps: number;
	}
	export const course: CourseEntry[];
	/** Loads one tutorial's chunk: its validated data and its body as sanitised HTML. */
	export const loaders: Record<string, () => Promise<{ tutorial: Tutorial; html: string }>>;
}

declare module 'virtual:course-exercises' {
	/** The ids of the course's exercises, in course order (nothing else: the first script has it). */
	export const exerciseIds: string[];
}

declare module 'virtual:course-page/*' {
	import type { Tutorial } from '@core/tutorial/schema.ts';
	/** The tutorial as loaded at build time; its `body` is empty: the text is `html`. */
	export const tutorial: Tutorial;
	/** The body rendered from markdown and sanitised at build time. */
	export const html: string;
}
