// /usr/bin/stat (stat 3.3, the one Red Hat 7.3 shipped before fileutils had its own): a file's
// inode, or with -f its filesystem, in the verbose, terse (-t) or custom (-c) layouts.
import {
	S_IFMT,
	S_IFLNK,
	S_IFCHR,
	S_IFBLK,
	S_IFDIR,
	S_IFREG,
	S_IFIFO,
	S_IFSOCK,
	isErrno,
	type Stat,
	type Statfs,
	type Sys
} from '../syscalls/index.ts';
import { Tool } from './lib/tool.ts';
import { modeString } from './lib/mode.ts';
import { strftime } from './lib/time.ts';
import { Users } from './lib/users.ts';

const FILE_FORMAT =
	'  File: %N\n  Size: %-10s\tBlocks: %-10b IO Block: %-6o %F\nDevice: %Dh/%dd\tInode: %-10i  Links: %-5h\nAccess: (%04a/%10.10A)  Uid: (%5u/%8U)   Gid: (%5g/%8G)\nAccess: %x\nModify: %y\nChange: %z\n';
const DEVICE_FORMAT =
	'  File: %N\n  Size: %-10s\tBlocks: %-10b IO Block: %-6o %F\nDevice: %Dh/%dd\tInode: %-10i  Links: %-5h Device type: %t,%T\nAccess: (%04a/%10.10A)  Uid: (%5u/%8U)   Gid: (%5g/%8G)\nAccess: %x\nModify: %y\nChange: %z\n';
const FS_FORMAT =
	'  File: "%n"\n    ID: %-8i Namelen: %-7l Type: %T\nBlocks: Total: %-10b Free: %-10f Available: %-10a Size: %s\nInodes: Total: %-10c Free: %-10d';

function fileType(mode: number): string {
	switch (mode & S_IFMT) {
		case S_IFDIR:
			return 'Directory';
		case S_IFCHR:
			return 'Character Device';
		case S_IFBLK:
			return 'Block Device';
		case S_IFREG:
			return 'Regular File';
		case S_IFLNK:
			return 'Symbolic Link';
		case S_IFSOCK:
			return 'Socket';
		case S_IFIFO:
			return 'Fifo File';
		default:
			return 'Unknown';
	}
}

function fsType(type: number): string {
	switch (type) {
		case 0xef53:
			return 'ext2/ext3';
		case 0x9fa0:
			return 'proc';
		case 0x01021994:
			return 'tmpfs';
		default:
			return `UNKNOWN (0x${type.toString(16)})\n`;
	}
}

/** printf-style padding of one directive (`%-10s`, `%04a`, `%10.10A`). */
function pad(value: string, spec: string): string {
	const m = /^([-0]*)(\d*)(?:\.(\d+))?$/.exec(spec);
	if (!m) return value;
	let v = m[3] !== undefined ? value.slice(0, Number(m[3])) : value;
	const width = Number(m[2] || 0);
	if (v.length < width) {
		v = m[1]!.includes('-')
			? v.padEnd(width)
			: m[1]!.includes('0')
				? v.padStart(width, '0')
				: v.padStart(width);
	}
	return v;
}

/** Expands a format, calling `field` for each directive letter. */
async function expand(
	format: string,
	field: (c: string) => Promise<string | null>
): Promise<string> {
	let out = '';
	for (let i = 0; i < format.length; i++) {
		const c = format[i]!;
		if (c !== '%') {
			out += c;
			continue;
		}
		const m = /^([-0#+ ]*\d*(?:\.\d+)?)(.)/.exec(format.slice(i + 1));
		if (!m) {
			out += '%';
			continue;
		}
		i += m[0].length;
		if (m[2] === '%') {
			out += '%';
			continue;
		}
		const v = await field(m[2]!);
		out += v === null ? '?' : pad(v, m[1]!);
	}
	return out;
}

export async function stat(sys: Sys, argv: string[], env: Record<string, string>): Promise<number> {
	const t = new Tool(sys, argv, env);
	const p = await t.parse({ short: 'lsfvthc:' }, {});
	if (typeof p === 'number') {
		await t.errRaw(
			`Usage: ${t.prog} [-l] [-f] [-s] [-v] [-h] [-t] [-c format] file1 [file2 ...]\n`
		);
		return 1;
	}
	let follow = false,
		fs = false,
		terse = false,
		format: string | null = null;
	for (const o of p.options) {
		if (o.key === 'l') follow = true;
		else if (o.key === 'f') fs = true;
		else if (o.key === 't') terse = true;
		else if (o.key === 'c') format = o.value!;
		else if (o.key === 'h' || o.key === 'v') {
			await t.errRaw(
				`Usage: ${t.prog} [-l] [-f] [-s] [-v] [-h] [-t] [-c format] file1 [file2 ...]\n`
			);
			return 1;
		}
	}
	if (p.operands.length === 0) {
		await t.errRaw(
			`Usage: ${t.prog} [-l] [-f] [-s] [-v] [-h] [-t] [-c format] file1 [file2 ...]\n`
		);
		return 1;
	}
	const users = new Users(sys);
	for (const name of p.operands) {
		if (fs) {
			const s = await sys.statfs(name);
			if (isErrno(s)) {
				await t.errRaw(`${name}: ${s.message}\n`);
				continue;
			}
			const f = format ?? (terse ? '%n %i %l %t %b %f %a %s %c %d' : FS_FORMAT);
			await t.out((await expand(f, async (c) => fsField(c, name, s))) + '\n');
			continue;
		}
		const s = follow ? await sys.stat(name) : await sys.lstat(name);
		if (isErrno(s)) {
			// stat 3.3 reports with perror(filename): no program name.
			await t.errRaw(`${name}: ${s.message}\n`);
			continue;
		}
		const type = s.mode & S_IFMT;
		const f =
			format ??
			(terse
				? '%n %s %b %f %u %g %D %i %h %t %T %X %Y %Z %o'
				: type === S_IFCHR || type === S_IFBLK
					? DEVICE_FORMAT
					: FILE_FORMAT);
		// stat 3.3 ends every format with a newline, so its own layouts leave an empty line.
		await t.out((await expand(f, (c) => fileField(sys, users, c, name, s))) + '\n');
	}
	return t.exit(0);
}

async function fileField(
	sys: Sys,
	users: Users,
	c: string,
	name: string,
	s: Stat
): Promise<string | null> {
	switch (c) {
		case 'n':
			return name;
		case 'N': {
			if ((s.mode & S_IFMT) !== S_IFLNK) return `"${name}"`;
			const l = await sys.readlink(name);
			return isErrno(l) ? `"${name}"` : `"${name}" -> "${l}"`;
		}
		case 'd':
			return String(s.dev);
		case 'D':
			return s.dev.toString(16);
		case 'i':
			return String(s.ino);
		case 'a':
			return (s.mode & 0o7777).toString(8);
		case 'A':
			return modeString(s.mode);
		case 'f':
			return s.mode.toString(16);
		case 'F':
			return fileType(s.mode);
		case 'h':
			return String(s.nlink);
		case 'u':
			return String(s.uid);
		case 'U':
			return (await users.userName(s.uid)) ?? 'UNKNOWN';
		case 'g':
			return String(s.gid);
		case 'G':
			return (await users.groupName(s.gid)) ?? 'UNKNOWN';
		case 't':
			return (s.rdev >> 8).toString(16);
		case 'T':
			return (s.rdev & 0xff).toString(16);
		case 's':
			return String(s.size);
		case 'b':
			return String(s.blocks);
		case 'o':
			return String(s.blksize);
		case 'x':
			return strftime('%c', s.atime);
		case 'X':
			return String(s.atime);
		case 'y':
			return strftime('%c', s.mtime);
		case 'Y':
			return String(s.mtime);
		case 'z':
			return strftime('%c', s.ctime);
		case 'Z':
			return String(s.ctime);
		default:
			return null;
	}
}

function fsField(c: string, name: string, s: Statfs): string | null {
	switch (c) {
		case 'n':
			return name;
		case 'i':
			return '0';
		case 'l':
			return String(s.namelen);
		case 't':
			return s.type.toString(16);
		case 'T':
			return fsType(s.type);
		case 'b':
			return String(s.blocks);
		case 'f':
			return String(s.bfree);
		case 'a':
			return String(s.bavail);
		case 's':
			return String(s.bsize);
		case 'c':
			return String(s.files);
		case 'd':
			return String(s.ffree);
		default:
			return null;
	}
}
