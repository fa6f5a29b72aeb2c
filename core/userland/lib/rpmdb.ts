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
// rpm uses (without the gzip around it).

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

function parseDumpLine(line: string): PackageFile | null {
	const w = line.split(' ');
	if (w.length !== 11) return null;
	const mode = Number.parseInt(w[4]!, 8);
	if (!w[0]!.startsWith('/') || Number.isNaN(mode)) return null;
	return {
		path: w[0]!,
		size: Number(w[1]),
		mtime: Number(w[2]),
		md5: w[3]!,
		mode,
		owner: w[5]!,
		group: w[6]!,
		config: w[7] === '1',
		doc: w[8] === '1',
		rdev: Number(w[9]),
		link: w[10]!
	};
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

function parseHeader(text: string): Package | null {
	const p: Package = {
		name: '',
		version: '',
		release: '',
		group: '',
		summary: '',
		installTime: 0,
		buildTime: 0,
		files: []
	};
	for (const line of text.split('\n')) {
		const m = /^([A-Za-z]+): (.*)$/.exec(line);
		if (!m) continue;
		const v = m[2]!;
		switch (m[1]) {
			case 'Name':
				p.name = v;
				break;
			case 'Version':
				p.version = v;
				break;
			case 'Release':
				p.release = v;
				break;
			case 'Group':
				p.group = v;
				break;
			case 'Summary':
				p.summary = v;
				break;
			case 'BuildTime':
				p.buildTime = Number(v);
				break;
			case 'InstallTime':
				p.installTime = Number(v);
				break;
			case 'File': {
				const f = parseDumpLine(v);
				if (f) p.files.push(f);
				break;
			}
		}
	}
	return p.name && p.version && p.release ? p : null;
}

const DB_BANNER =
	'# rpm database: one block per installed package, written by rpm (see DB_PATH in rpm(8)).\n';

export function formatDb(pkgs: Package[]): string {
	return DB_BANNER + pkgs.map((p) => '\n' + headerText(p)).join('');
}

/** The installed packages, in installation order; null when the text is not a database. */
export function parseDb(text: string): Package[] | null {
	if (!text.startsWith('# rpm database')) return null;
	const out: Package[] = [];
	for (const block of text.split('\n\n').slice(1)) {
		const p = parseHeader(block);
		if (p) out.push(p);
	}
	return out;
}

// ---- Package files ---------------------------------------------------------------------------

const LEAD_MAGIC = '\xed\xab\xee\xdb';

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

/** Reads a package file; null when it is not one (no lead magic, a broken header or payload). */
export function parsePackageFile(bytes: string): PackageFileContents | null {
	if (bytes.length < 96 || !bytes.startsWith(LEAD_MAGIC)) return null;
	const end = bytes.indexOf('\0', 96);
	if (end === -1) return null;
	const pkg = parseHeader(bytes.slice(96, end));
	if (!pkg) return null;
	const data = new Map<string, string>();
	let pos = end + 1;
	for (;;) {
		if (bytes.slice(pos, pos + 6) !== '070701') return null;
		const field = (i: number) =>
			Number.parseInt(bytes.slice(pos + 6 + i * 8, pos + 14 + i * 8), 16);
		const size = field(6);
		const nameSize = field(11);
		const nameStart = pos + 110;
		const name = bytes.slice(nameStart, nameStart + nameSize - 1);
		let at = nameStart + nameSize;
		at += (4 - ((at - pos) % 4)) % 4;
		if (name === 'TRAILER!!!') break;
		if (at + size > bytes.length) return null;
		data.set(name.replace(/^\./, ''), bytes.slice(at, at + size));
		pos = at + size + ((4 - (size % 4)) % 4);
	}
	return { pkg, data };
}

// ---- Versions --------------------------------------------------------------------------------

/**
 * rpmvercmp(): compares alternating runs of digits (numerically) and letters (as strings),
 * ignoring separators; a digit run beats a letter run; the longer version wins a tie.
 */
export function rpmvercmp(a: string, b: string): number {
	if (a === b) return 0;
	const split = (s: string) => s.match(/\d+|[A-Za-z]+/g) ?? [];
	const x = split(a),
		y = split(b);
	for (let i = 0; i < Math.min(x.length, y.length); i++) {
		const p = x[i]!,
			q = y[i]!;
		const pn = /^\d/.test(p),
			qn = /^\d/.test(q);
		if (pn !== qn) return pn ? 1 : -1;
		if (pn) {
			const d = Number(p) - Number(q);
			if (d !== 0) return d > 0 ? 1 : -1;
		} else if (p !== q) return p > q ? 1 : -1;
	}
	return x.length === y.length ? 0 : x.length > y.length ? 1 : -1;
}

/** Compares two packages' version, then release. */
export function compareEvr(a: Package, b: Package): number {
	return rpmvercmp(a.version, b.version) || rpmvercmp(a.release, b.release);
}
