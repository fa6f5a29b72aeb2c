// /usr/lib/vserver/setattr (vserver 0.22): gives files exactly the attributes named before them
// (--immutable 0x10, --immulink 0x8000, none at all clears them), the way vunify protects a
// unified file; changing these bits needs CAP_LINUX_IMMUTABLE (reference §3.7).
import {
	EXT2_IMMUTABLE_FL,
	EXT2_IMMUTABLE_LINK_FL,
	EXT2_IOC_SETFLAGS,
	isErrno,
	type Sys
} from '../syscalls/index.ts';
import { FAILED, say } from './chcontext.ts';
import { ATTR_USAGE, ext2Flags } from './showattr.ts';

export async function setattr(sys: Sys, argv: string[]): Promise<number> {
	if (argv.length <= 1) {
		await say(sys, 2, ATTR_USAGE);
		return FAILED;
	}
	// Options and files may alternate: each file gets the options seen so far, not its old bits.
	let flags = 0;
	for (const arg of argv.slice(1)) {
		if (arg.startsWith('--')) {
			if (arg === '--immutable') flags |= EXT2_IMMUTABLE_FL;
			else if (arg === '--immulink') flags |= EXT2_IMMUTABLE_LINK_FL;
			else {
				await say(sys, 2, `Invalid option ${arg}\n`);
				return FAILED;
			}
			continue;
		}
		if (isErrno(await ext2Flags(sys, arg, EXT2_IOC_SETFLAGS, flags, 'set'))) return FAILED;
	}
	return 0;
}
