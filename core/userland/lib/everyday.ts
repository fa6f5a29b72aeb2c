// The loader of the everyday tools' chunk (core/userland/everyday.ts). Boot needs none of them, so
// the worker reaches its first prompt without them; the worker fetches the chunk right after.
export const everyday = () => import('../everyday.ts');
