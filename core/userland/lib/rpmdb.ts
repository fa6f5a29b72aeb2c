// The rpm package database (/var/lib/rpm/Packages) and package files (*.rpm) as text the model
// can read and write: shared by rpm, the unification tools and the image that writes the first
// database. Pure functions, no I/O.
//
// SIMPLIFIED: rpm 4.0.4 keeps its database in Berkeley DB files and its headers in a binary tag
// format. Here the database is one text file, a block of `Tag: value` lines per package, and
// each file a package owns is one line in exactly the layout `rpm -q --dump` prints:
//   path size mtime md5 mode owner group isconfig isdoc rdev symlink
// A package file keeps rpm's 96-byte lead (magic ed ab ee db, the package's name), then the same
// header text, a NUL, and the payload as an uncompressed cpio archive in the "newc" format that
// rpm uses (without the gzip around it). This module writes them (the image's first database is
// written at boot); reading them is rpmdb-read.ts, which only the rpm tool needs.

export interface PackageFile {
	path: string;
	size: number;
	mtime: number;
	/** MD5 of a regular file's bytes; 32 zeros for anything else. */
	md5: string;
	/** st_mode, type bits included. */
	mode: number;
	owner: string;
	group: string;
	/** %config: rpm keeps the local copy's changes; unification leaves it private. */
	config: boolean;
	doc: boolean;
	rdev: number;
	/** A symlink's target; `X` for every other kind (as --dump prints it). */
	link: string;
}

export interface Package {
	name: string;
	version: string;
	release: string;
	group: string;
	summary: string;
	/** Seconds since the epoch; 0 in a package file (set when installed). */
	installTime: number;
	buildTime: number;
	files: PackageFile[];
}

export const DB_PATH = '/var/lib/rpm/Packages';
export const ZERO_MD5 = '0'.repeat(32);
export const S_IFMT = 0o170000,
	S_IFREG = 0o100000,
	S_IFLNK = 0o120000;

/** name-version-release, as rpm -q prints a package. */
export function nvr(p: Package): string {
	return `${p.name}-${p.version}-${p.release}`;
}

export function dumpLine(f: PackageFile): string {
	return [
		f.path,
		f.size,
		f.mtime,
		f.md5,
		'0' + f.mode.toString(8),
		f.owner,
		f.group,
		f.config ? 1 : 0,
		f.doc ? 1 : 0,
		f.rdev,
		f.link
	].join(' ');
}

/** One package's header block (no trailing blank line). */
export function headerText(p: Package): string {
	const lines = [
		`Name: ${p.name}`,
		`Version: ${p.version}`,
		`Release: ${p.release}`,
		`Group: ${p.group}`,
		`Summary: ${p.summary}`,
		`BuildTime: ${p.buildTime}`,
		`InstallTime: ${p.installTime}`,
		...p.files.map((f) => `File: ${dumpLine(f)}`)
	];
	return lines.join('\n') + '\n';
}

const DB_BANNER =
	'# rpm database: one block per installed package, written by rpm (see DB_PATH in rpm(8)).\n';

export function formatDb(pkgs: Package[]): string {
	return DB_BANNER + pkgs.map((p) => '\n' + headerText(p)).join('');
}

// ---- Package files ---------------------------------------------------------------------------

export const LEAD_MAGIC = '\xed\xab\xee\xdb';

function be16(n: number): string {
	return String.fromCharCode((n >> 8) & 0xff, n & 0xff);
}

/** rpm's lead: magic, format 3.0, binary, i386, the name in 66 bytes, Linux, header signature. */
function lead(name: string): string {
	const padded = (name.slice(0, 65) + '\0'.repeat(66)).slice(0, 66);
	return LEAD_MAGIC + '\x03\x00' + be16(0) + be16(1) + padded + be16(1) + be16(5) + '\0'.repeat(16);
}

function hex8(n: number): string {
	return (n >>> 0).toString(16).toUpperCase().padStart(8, '0');
}

function pad4(n: number): string {
	return '\0'.repeat((4 - (n % 4)) % 4);
}

/** One cpio "newc" member: the 110-byte header, the name and its NUL, the data, each padded to 4. */
function cpioMember(ino: number, f: PackageFile, data: string): string {
	const name = '.' + f.path + '\0';
	const head =
		'070701' +
		[ino, f.mode, 0, 0, 1, f.mtime, data.length, 0, 0, 0, 0, name.length, 0].map(hex8).join('');
	return head + name + pad4(head.length + name.length) + data + pad4(data.length);
}

/** Builds a package file from its header and the bytes of its regular files and symlinks. */
export function buildPackageFile(p: Package, contents: Map<string, string>): string {
	let payload = '';
	p.files.forEach((f, i) => {
		const data = (f.mode & S_IFMT) === S_IFLNK ? f.link : (contents.get(f.path) ?? '');
		payload += cpioMember(i + 1, f, data);
	});
	const end = '070701' + [0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 11, 0].map(hex8).join('');
	payload += end + 'TRAILER!!!\0' + pad4(end.length + 11);
	return lead(nvr(p)) + headerText({ ...p, installTime: 0 }) + '\0' + payload;
}

export interface PackageFileContents {
	pkg: Package;
	/** path → bytes (a symlink's target for symlinks). */
	data: Map<string, string>;
}
