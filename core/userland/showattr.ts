// /usr/lib/vserver/showattr (vserver 0.22): prints the ext2 attribute word of each file, the
// immutable (0x10) and immutable-link (0x8000) bits of unification among them (reference §3.7);
// its twin setattr.ts shares the usage text and the way files are opened.
import { EXT2_IOC_GETFLAGS, O_RDONLY, isErrno, type Errno, type Sys } from '../syscalls/index.ts';
import { FAILED, say } from './chcontext.ts';

/** One text for both names, as the 2003 tool was one program behind two names. */
export const ATTR_USAGE = `showattr file ...

Shows the extended attributes of files.

setattr --immutable --immulink file ...

Sets the extended attributes of files.

Both stand in for lsattr and chattr until those know the new bits.
`;

/**
 * Opens `path` read-only (directories too) and runs one ext2 attribute request on it; prints
 * `Can't open file F (...)` or `Can't <verb> ext2 flags on file F (...)` when it fails.
 */
export async function ext2Flags(
	sys: Sys,
	path: string,
	request: number,
	arg: number | undefined,
	verb: 'get' | 'set'
): Promise<number | Errno> {
	const fd = await sys.open(path, O_RDONLY);
	if (isErrno(fd)) {
		await say(sys, 2, `Can't open file ${path} (${fd.message})\n`);
		return fd;
	}
	const r = await sys.ioctl(fd, request, arg);
	await sys.close(fd);
	if (isErrno(r)) {
		await say(sys, 2, `Can't ${verb} ext2 flags on file ${path} (${r.message})\n`);
		return r;
	}
	return typeof r === 'number' ? r : 0;
}

export async function showattr(sys: Sys, argv: string[]): Promise<number> {
	if (argv.length <= 1) {
		await say(sys, 2, ATTR_USAGE);
		return FAILED;
	}
	for (const path of argv.slice(1)) {
		const flags = await ext2Flags(sys, path, EXT2_IOC_GETFLAGS, undefined, 'get');
		// The first file that fails ends the listing.
		if (isErrno(flags)) return FAILED;
		await say(sys, 1, `${path}\t${(flags >>> 0).toString(16).padStart(8, '0')}\n`);
	}
	return 0;
}
