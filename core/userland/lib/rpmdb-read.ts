// Reading the rpm database and package files that rpmdb.ts writes, and rpm's version order: only
// the rpm tool needs these, so they are not in the worker's first chunk with the writer.
import { LEAD_MAGIC, type Package, type PackageFile, type PackageFileContents } from './rpmdb.ts';

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
