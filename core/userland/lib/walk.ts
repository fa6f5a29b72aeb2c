// Directory walking shared by the -R options (chmod, chown, chattr, lsattr) and du, find, rm:
// entries in directory order (as readdir gives them, without `.` and `..`).
import { isErrno, type Errno } from '../../syscalls/index.ts';
import { type Tool, joinPath } from './tool.ts';

/** The names in a directory, or the error from opening it. */
export async function entries(t: Tool, dir: string): Promise<string[] | Errno> {
	const list = await t.readdir(dir);
	if (isErrno(list)) return list;
	return list.filter((d) => d.name !== '.' && d.name !== '..').map((d) => d.name);
}

/** Full paths of a directory's entries. */
export async function children(t: Tool, dir: string): Promise<string[] | Errno> {
	const names = await entries(t, dir);
	return isErrno(names) ? names : names.map((n) => joinPath(dir, n));
}
