// The ids of the published exercises, found from the tutorials/ folder at build time. An id is an
// exercise's path with the `NN-` prefixes removed (ARCHITECTURE.md "Tutorials as data").

// Lazy and raw: only the file names are needed now; no tutorial text lands in the bundle.
const files = import.meta.glob('@tutorials/*/*/index.md', { query: '?raw', import: 'default' });

/** `tutorials/02-principles/01-playing-with-chcontext/index.md` → `principles/playing-with-chcontext`. */
export function exerciseId(file: string): string | null {
	const match = /tutorials\/([^/]+)\/([^/]+)\/index\.md$/.exec(file);
	const [, chapter, exercise] = match ?? [];
	if (chapter === undefined || exercise === undefined) return null;
	return `${chapter.replace(/^\d+-/, '')}/${exercise.replace(/^\d+-/, '')}`;
}

export const exerciseIds: string[] = Object.keys(files)
	.map(exerciseId)
	.filter((id): id is string => id !== null)
	.sort();
