// The course index: every `tutorials/NN-chapter[/NN-name]/index.md`, loaded and validated, in
// course order, from a map of files (the web's import.meta.glob) or a directory tree (Node).
import type { Exercise, Tutorial } from './schema.ts';
import { parseTutorial, TutorialError, tutorialId } from './load.ts';

export type { Exercise, Page, Tutorial } from './schema.ts';
export { parseTutorial, TutorialError, tutorialId } from './load.ts';

/** The three calls of Node's `fs` the tree walk needs; pass `node:fs` itself. */
export interface TreeFs {
	readdirSync(path: string): string[];
	statSync(path: string): { isDirectory(): boolean };
	readFileSync(path: string, encoding: 'utf8'): string;
}

/**
 * Loads every tutorial of `files` (path under `tutorials/` → text), sorted by path, which is
 * course order. Throws an AggregateError of TutorialErrors naming every bad file, including two
 * files that would get the same id.
 */
export function buildIndex(files: Record<string, string>): Tutorial[] {
	const errors: TutorialError[] = [];
	const out: Tutorial[] = [];
	const byId = new Map<string, string>();
	// A chapter's own page (`02-x/index.md`) sorts before its exercises (`02-x/01-y/index.md`).
	const dir = (p: string) => p.replace(/\/?index\.md$/, '');
	for (const path of Object.keys(files).sort((a, b) =>
		dir(a) < dir(b) ? -1 : dir(a) > dir(b) ? 1 : 0
	)) {
		// Ids come from paths alone, so a clash is reported even when a file has other problems.
		const id = tutorialId(path);
		const other = id === null ? undefined : byId.get(id);
		if (id !== null && other !== undefined) {
			errors.push(new TutorialError(path, [`same id '${id}' as ${other}`]));
		}
		if (id !== null) byId.set(id, path);
		try {
			out.push(parseTutorial(path, files[path]!));
		} catch (err) {
			if (err instanceof TutorialError) errors.push(err);
			else throw err;
		}
	}
	if (errors.length > 0) throw new AggregateError(errors, errors.map((e) => e.message).join('\n'));
	return out;
}

/** Reads every `index.md` one or two directories below `root` (the `tutorials/` folder). */
export function readTutorialFiles(root: string, fs: TreeFs): Record<string, string> {
	const files: Record<string, string> = {};
	const walk = (rel: string, depth: number): void => {
		for (const name of fs.readdirSync(rel ? `${root}/${rel}` : root)) {
			const path = rel ? `${rel}/${name}` : name;
			if (fs.statSync(`${root}/${path}`).isDirectory()) {
				if (depth < 2) walk(path, depth + 1);
			} else if (name === 'index.md' && depth > 0) {
				files[path] = fs.readFileSync(`${root}/${path}`, 'utf8');
			}
		}
	};
	walk('', 0);
	return files;
}

/** Loads and validates the whole course from the `tutorials/` folder at `root`. */
export function loadTutorialTree(root: string, fs: TreeFs): Tutorial[] {
	return buildIndex(readTutorialFiles(root, fs));
}

/** The exercises of a course index, in course order. */
export function exercises(list: Tutorial[]): Exercise[] {
	return list.filter((t): t is Exercise => t.kind === 'exercise');
}

/** The tutorial with this id, or undefined. */
export function findTutorial(list: Tutorial[], id: string): Tutorial | undefined {
	return list.find((t) => t.id === id);
}
