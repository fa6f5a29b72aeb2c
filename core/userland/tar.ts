// /bin/tar (GNU tar 1.13.25): creates (c), lists (t) and extracts (x) archives in the GNU
// format, byte for byte: 512-byte headers, hard links stored once, ././@LongLink for long names,
// 10240-byte records. -f - is the pipe of `tar cf - dir | (cd /x && tar xpf -)`.
import {
	O_CREAT,
	O_RDONLY,
	O_TRUNC,
	O_WRONLY,
	S_IFBLK,
	S_IFCHR,
	S_IFDIR,
	S_IFIFO,
	S_IFLNK,
	S_IFMT,
	S_IFREG,
	isErrno,
	type Sys
} from '../syscalls/index.ts';
import { Tool, dirname, joinPath } from './lib/tool.ts';
import { modeString } from './lib/mode.ts';
import { strftime } from './lib/time.ts';
import { Users } from './lib/users.ts';
import { entries } from './lib/walk.ts';

const usage = `[OPTION]... [FILE]...

Main operation mode:
  -t, --list              list the contents of an archive
  -x, --extract, --get    extract files from an archive
  -c, --create            create a new archive

Operation modifiers:
  -f, --file=ARCHIVE      use archive file or device ARCHIVE (- is standard input/output)
  -C, --directory=DIR     change to directory DIR
  -p, --same-permissions  extract all protection information
  -v, --verbose           verbosely list files processed
  -O, --to-stdout         extract files to standard output
      --numeric-owner     always use numbers for user/group names
      --help              print this help, then exit
      --version           print tar program version number, then exit
`;

const BLOCK = 512;
const RECORD = 20 * BLOCK;

interface Member {
	name: string;
	mode: number;
	uid: number;
	gid: number;
	size: number;
	mtime: number;
	type: string;
	linkname: string;
	uname: string;
	gname: string;
	devmajor: number;
	devminor: number;
}

function octal(n: number, width: number): string {
	return n.toString(8).padStart(width - 1, '0') + '\0';
}

function field(s: string, width: number): string {
	return s.slice(0, width).padEnd(width, '\0');
}

/** A GNU-format header block. */
function header(m: Member): string {
	let h =
		field(m.name, 100) +
		octal(m.mode & 0o7777, 8) +
		octal(m.uid, 8) +
		octal(m.gid, 8) +
		octal(m.size, 12) +
		octal(m.mtime, 12) +
		'        ' +
		m.type +
		field(m.linkname, 100) +
		'ustar  \0' +
		field(m.uname, 32) +
		field(m.gname, 32) +
		(m.type === '3' || m.type === '4'
			? octal(m.devmajor, 8) + octal(m.devminor, 8)
			: '\0'.repeat(16));
	h = h.padEnd(BLOCK, '\0');
	let sum = 0;
	for (let i = 0; i < BLOCK; i++) sum += h.charCodeAt(i);
	return h.slice(0, 148) + sum.toString(8).padStart(6, '0') + '\0 ' + h.slice(156);
}

function pad(data: string): string {
	const r = data.length % BLOCK;
	return r === 0 ? data : data + '\0'.repeat(BLOCK - r);
}

/** GNU's long-name extension: a ././@LongLink member carrying the name. */
function longName(name: string, type: 'L' | 'K'): string {
	const data = name + '\0';
	return (
		header({
			name: '././@LongLink',
			mode: 0,
			uid: 0,
			gid: 0,
			size: data.length,
			mtime: 0,
			type,
			linkname: '',
			uname: '',
			gname: '',
			devmajor: 0,
			devminor: 0
		}) + pad(data)
	);
}

function parseHeader(h: string): Member | null {
	const str = (o: number, w: number) => h.slice(o, o + w).replace(/\0.*$/s, '');
	const num = (o: number, w: number) => parseInt(str(o, w).trim() || '0', 8);
	let sum = 0;
	for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h.charCodeAt(i);
	if (sum !== num(148, 8)) return null;
	return {
		name: str(0, 100),
		mode: num(100, 8),
		uid: num(108, 8),
		gid: num(116, 8),
		size: num(124, 12),
		mtime: num(136, 12),
		type: h[156] === '\0' ? '0' : h[156]!,
		linkname: str(157, 100),
		uname: str(265, 32),
		gname: str(297, 32),
		devmajor: num(329, 8),
		devminor: num(337, 8)
	};
}

interface Opts {
	mode: 'c' | 'x' | 't' | null;
	file: string;
	dir: string | null;
	verbose: number;
	preserve: boolean;
	toStdout: boolean;
	numeric: boolean;
	gzip: boolean;
}

/** `tar cvf x.tar dir`: the old bundled first argument, expanded into options. */
function oldStyle(argv: string[]): string[] {
	const first = argv[1];
	if (first === undefined || first.startsWith('-')) return argv;
	const out = [argv[0]!];
	let k = 2;
	for (const c of first) {
		out.push('-' + c);
		if ('fCbT'.includes(c) && k < argv.length) out.push(argv[k++]!);
	}
	return [...out, ...argv.slice(k)];
}

export async function tar(sys: Sys, argv: string[], env: Record<string, string>): Promise<number> {
	const t = new Tool(sys, oldStyle(argv), env);
	const p = await t.parse(
		{
			short: 'ctxf:C:pvOzZb:',
			long: {
				list: { key: 't' },
				extract: { key: 'x' },
				get: { key: 'x' },
				create: { key: 'c' },
				file: { key: 'f', arg: 'required' },
				directory: { key: 'C', arg: 'required' },
				'same-permissions': { key: 'p' },
				'preserve-permissions': { key: 'p' },
				verbose: { key: 'v' },
				'to-stdout': { key: 'O' },
				'numeric-owner': { key: 'numeric' },
				gzip: { key: 'z' },
				gunzip: { key: 'z' }
			}
		},
		{ usage, version: 'tar 1.13.25' },
		2
	);
	if (typeof p === 'number') return p;
	const o: Opts = {
		mode: null,
		file: env.TAPE ?? '-',
		dir: null,
		verbose: 0,
		preserve: false,
		toStdout: false,
		numeric: false,
		gzip: false
	};
	for (const opt of p.options) {
		switch (opt.key) {
			case 'c':
			case 'x':
			case 't':
				if (o.mode !== null && o.mode !== opt.key) {
					await t.error("You may not specify more than one `-Acdtrux' option");
					await t.tryHelp();
					return 2;
				}
				o.mode = opt.key;
				if (opt.key === 't') o.verbose++;
				break;
			case 'f':
				o.file = opt.value!;
				break;
			case 'C':
				o.dir = opt.value!;
				break;
			case 'p':
				o.preserve = true;
				break;
			case 'v':
				o.verbose++;
				break;
			case 'O':
				o.toStdout = true;
				break;
			case 'numeric':
				o.numeric = true;
				break;
			case 'z':
			case 'Z':
				o.gzip = true;
				break;
		}
	}
	if (o.mode === null) {
		await t.error("You must specify one of the `-Acdtrux' options");
		await t.tryHelp();
		return 2;
	}
	if (o.gzip) {
		// SIMPLIFIED: the model has no gzip program for tar to run.
		await t.error('gzip: Cannot exec: No such file or directory');
		await t.error('Child returned status 2');
		await t.error('Error exit delayed from previous errors');
		return 2;
	}
	// Where the verbose listing goes: stderr when the archive itself is on stdout.
	const listTo = o.mode === 'c' && o.file === '-' ? 2 : 1;
	return o.mode === 'c' ? create(t, o, p.operands, listTo) : readArchive(t, o, p.operands);
}

async function create(t: Tool, o: Opts, names: string[], listTo: number): Promise<number> {
	const sys = t.sys;
	if (names.length === 0) {
		await t.error('Cowardly refusing to create an empty archive');
		await t.tryHelp();
		return 2;
	}
	let out = -1;
	if (o.file !== '-') {
		const fd = await sys.open(o.file, O_WRONLY | O_CREAT | O_TRUNC, 0o666);
		if (isErrno(fd)) {
			await t.fail(`${o.file}: Cannot open`, fd);
			await t.error('Error is not recoverable: exiting now');
			return 2;
		}
		out = fd;
	} else out = 1;
	// The archive file's own identity, so it is not archived into itself.
	const self = o.file !== '-' ? await sys.stat(o.file) : null;
	if (o.dir !== null) {
		const r = await sys.chdir(o.dir);
		if (isErrno(r)) {
			await t.fail(`${o.dir}: Cannot chdir`, r);
			await t.error('Error is not recoverable: exiting now');
			return 2;
		}
	}
	const users = new Users(sys);
	const links = new Map<string, string>();
	let failed = false;
	let warnedSlash = false;
	let buffer = '';
	const emit = async (data: string) => {
		buffer += data;
		if (buffer.length >= RECORD) {
			const n = buffer.length - (buffer.length % RECORD);
			await sys.write(out, buffer.slice(0, n));
			buffer = buffer.slice(n);
		}
	};
	const list = async (line: string) => {
		if (listTo === 1) await t.out(line);
		else {
			await t.flush();
			await t.errRaw(line);
		}
	};
	const add = async (path: string): Promise<void> => {
		const st = await sys.lstat(path);
		if (isErrno(st)) {
			await t.error(`${path}: Cannot stat: ${st.message}`);
			failed = true;
			return;
		}
		if (self && !isErrno(self) && st.dev === self.dev && st.ino === self.ino) {
			await t.error(`${path}: file is the archive; not dumped`);
			return;
		}
		let name = path.replace(/^\/+/, '');
		if (name !== path && !warnedSlash) {
			await t.error("Removing leading `/' from member names");
			warnedSlash = true;
		}
		if (name === '') name = '.';
		const type = st.mode & S_IFMT;
		const m: Member = {
			name: type === S_IFDIR && !name.endsWith('/') ? name + '/' : name,
			mode: st.mode,
			uid: st.uid,
			gid: st.gid,
			size: 0,
			mtime: st.mtime,
			type: '0',
			linkname: '',
			uname: (await users.userName(st.uid)) ?? '',
			gname: (await users.groupName(st.gid)) ?? '',
			devmajor: st.rdev >> 8,
			devminor: st.rdev & 0xff
		};
		let data = '';
		const key = `${st.dev}:${st.ino}`;
		if (type !== S_IFDIR && st.nlink > 1 && links.has(key)) {
			m.type = '1';
			m.linkname = links.get(key)!;
		} else if (type === S_IFREG) {
			if (st.nlink > 1) links.set(key, m.name);
			const r = await t.readFile(path);
			if (isErrno(r)) {
				await t.error(`${path}: Cannot open: ${r.message}`);
				failed = true;
				return;
			}
			data = r;
			m.size = data.length;
		} else if (type === S_IFDIR) m.type = '5';
		else if (type === S_IFLNK) {
			m.type = '2';
			const l = await sys.readlink(path);
			m.linkname = isErrno(l) ? '' : l;
		} else if (type === S_IFCHR) m.type = '3';
		else if (type === S_IFBLK) m.type = '4';
		else if (type === S_IFIFO) m.type = '6';
		else {
			await t.error(`${path}: socket ignored`);
			return;
		}
		if (m.linkname.length >= 100) await emit(longName(m.linkname, 'K'));
		if (m.name.length >= 100) await emit(longName(m.name, 'L'));
		await emit(header(m) + pad(data));
		if (o.verbose === 1) await list(m.name + '\n');
		else if (o.verbose > 1) await list(listing(m, o));
		if (type === S_IFDIR) {
			const names = await entries(t, path);
			if (isErrno(names)) {
				await t.error(`${path}: Cannot open: ${names.message}`);
				failed = true;
				return;
			}
			for (const n of names) await add(joinPath(path, n));
		}
	};
	for (const n of names) await add(n);
	// End of archive: two zero blocks, then the record is filled up.
	await emit('\0'.repeat(2 * BLOCK));
	if (buffer.length > 0) {
		await sys.write(out, buffer.padEnd(RECORD, '\0'));
	}
	await t.flush();
	if (out > 2) await sys.close(out);
	if (failed) {
		await t.error('Error exit delayed from previous errors');
		return 2;
	}
	return 0;
}

const ugswidthStart = 18;

function listing(m: Member, o: Opts, width = { ugs: ugswidthStart }): string {
	const typeChar: Record<string, string> = {
		'0': '-',
		'1': 'h',
		'2': 'l',
		'3': 'c',
		'4': 'b',
		'5': 'd',
		'6': 'p'
	};
	const mode = (typeChar[m.type] ?? '-') + modeString(m.mode).slice(1);
	const user = o.numeric || !m.uname ? String(m.uid) : m.uname;
	const group = o.numeric || !m.gname ? String(m.gid) : m.gname;
	const size = m.type === '3' || m.type === '4' ? `${m.devmajor},${m.devminor}` : String(m.size);
	const padn = user.length + group.length + size.length + 1;
	if (padn > width.ugs) width.ugs = padn;
	let line = `${mode} ${user}/${group} ${' '.repeat(width.ugs - padn)}${size} ${strftime('%Y-%m-%d %H:%M:%S', m.mtime)} ${m.name}`;
	if (m.type === '2') line += ` -> ${m.linkname}`;
	else if (m.type === '1') line += ` link to ${m.linkname}`;
	return line + '\n';
}

async function readArchive(t: Tool, o: Opts, names: string[]): Promise<number> {
	const sys = t.sys;
	let data: string;
	if (o.file === '-') {
		const r = await t.readAll(0);
		if (isErrno(r)) {
			await t.fail('-: Read error', r);
			return 2;
		}
		data = r;
	} else {
		const fd = await sys.open(o.file, O_RDONLY);
		if (isErrno(fd)) {
			await t.fail(`${o.file}: Cannot open`, fd);
			await t.error('Error is not recoverable: exiting now');
			return 2;
		}
		const r = await t.readAll(fd);
		await sys.close(fd);
		if (isErrno(r)) {
			await t.fail(`${o.file}: Read error`, r);
			return 2;
		}
		data = r;
	}
	if (o.dir !== null) {
		const r = await sys.chdir(o.dir);
		if (isErrno(r)) {
			await t.fail(`${o.dir}: Cannot chdir`, r);
			await t.error('Error is not recoverable: exiting now');
			return 2;
		}
	}
	const users = new Users(sys);
	const euid = await sys.geteuid();
	const umask = await sys.umask(0);
	await sys.umask(umask);
	const width = { ugs: ugswidthStart };
	const dirs: { name: string; m: Member }[] = [];
	const wanted = names.map((n) => n.replace(/\/+$/, ''));
	const matched = new Set<string>();
	let failed = false;
	let pos = 0;
	let pendingName: string | null = null;
	let pendingLink: string | null = null;
	let warned = false;
	if (
		data.length > 0 &&
		(data.length < BLOCK || parseHeader(data.slice(0, BLOCK)) === null) &&
		!/^\0*$/.test(data.slice(0, BLOCK))
	) {
		await t.error('This does not look like a tar archive');
		await t.error('Error exit delayed from previous errors');
		return 2;
	}
	while (pos + BLOCK <= data.length) {
		const block = data.slice(pos, pos + BLOCK);
		pos += BLOCK;
		if (/^\0*$/.test(block)) break;
		const m = parseHeader(block);
		if (!m) {
			if (!warned) {
				await t.error(
					pos === BLOCK ? 'This does not look like a tar archive' : 'Skipping to next header'
				);
				warned = true;
				failed = true;
			}
			continue;
		}
		const body = data.slice(pos, pos + m.size);
		pos += Math.ceil(m.size / BLOCK) * BLOCK;
		if (m.type === 'L' || m.type === 'K') {
			if (m.type === 'L') pendingName = body.replace(/\0.*$/s, '');
			else pendingLink = body.replace(/\0.*$/s, '');
			continue;
		}
		if (pendingName !== null) m.name = pendingName;
		if (pendingLink !== null) m.linkname = pendingLink;
		pendingName = pendingLink = null;
		const plain = m.name.replace(/\/+$/, '');
		if (wanted.length > 0) {
			const hit = wanted.find((w) => plain === w || plain.startsWith(w + '/'));
			if (hit === undefined) continue;
			matched.add(hit);
		}
		if (o.mode === 't') {
			await t.out(o.verbose > 1 ? listing(m, o, width) : m.name + '\n');
			continue;
		}
		if (o.verbose === 1) await t.out(m.name + '\n');
		else if (o.verbose > 1) await t.out(listing(m, o, width));
		if (o.toStdout) {
			if (m.type === '0') await t.out(body);
			continue;
		}
		const ok = await extract(t, m, plain, body, {
			euid,
			umask,
			preserve: o.preserve,
			users,
			numeric: o.numeric
		});
		if (!ok) failed = true;
		if (m.type === '5') dirs.push({ name: plain, m });
	}
	// Directory owners, modes and times last, so their contents could be written first. As for
	// files, root keeps the archived owner and mode (tar's --same-owner and -p are its defaults).
	const ctx: ExtractCtx = { euid, umask, preserve: o.preserve, users, numeric: o.numeric };
	for (const { name, m } of dirs.reverse()) {
		if (euid === 0) await sys.chown(name, await owner(ctx, m, 'u'), await owner(ctx, m, 'g'));
		await sys.chmod(name, o.preserve || euid === 0 ? m.mode & 0o7777 : m.mode & 0o7777 & ~umask);
		await sys.utimes(name, m.mtime, m.mtime);
	}
	for (const w of wanted) {
		if (!matched.has(w)) {
			await t.error(`${w}: Not found in archive`);
			failed = true;
		}
	}
	await t.flush();
	if (failed) {
		await t.error('Error exit delayed from previous errors');
		return 2;
	}
	return 0;
}

interface ExtractCtx {
	euid: number;
	umask: number;
	preserve: boolean;
	users: Users;
	numeric: boolean;
}

async function extract(
	t: Tool,
	m: Member,
	name: string,
	body: string,
	c: ExtractCtx
): Promise<boolean> {
	const sys = t.sys;
	await makeParents(sys, name);
	const mode = c.preserve || c.euid === 0 ? m.mode & 0o7777 : m.mode & 0o7777 & ~c.umask;
	const fail = async (what: string, e: { message: string }) => {
		await t.error(`${name}: ${what}: ${e.message}`);
		return false;
	};
	switch (m.type) {
		case '5': {
			const r = await sys.mkdir(name, 0o700);
			if (isErrno(r) && r.name !== 'EEXIST') return fail('Cannot mkdir', r);
			break;
		}
		case '1': {
			await sys.unlink(name);
			const r = await sys.link(m.linkname, name);
			if (isErrno(r)) return fail(`Cannot hard link to \`${m.linkname}'`, r);
			return true;
		}
		case '2': {
			await sys.unlink(name);
			const r = await sys.symlink(m.linkname, name);
			if (isErrno(r)) return fail(`Cannot create symlink to \`${m.linkname}'`, r);
			if (c.euid === 0) {
				await sys.chown(name, await owner(c, m, 'u'), await owner(c, m, 'g'), false);
			}
			return true;
		}
		case '3':
		case '4':
		case '6': {
			await sys.unlink(name);
			const kind = m.type === '3' ? S_IFCHR : m.type === '4' ? S_IFBLK : S_IFIFO;
			const r = await sys.mknod(name, kind | mode, (m.devmajor << 8) | m.devminor);
			if (isErrno(r)) return fail('Cannot mknod', r);
			break;
		}
		default: {
			// tar unlinks first: a hard-linked (unified) file is replaced, not rewritten.
			const u = await sys.unlink(name);
			if (isErrno(u) && u.name !== 'ENOENT') return fail('Cannot open', u);
			const fd = await sys.open(name, O_WRONLY | O_CREAT | O_TRUNC, mode);
			if (isErrno(fd)) return fail('Cannot open', fd);
			const w = await sys.write(fd, body);
			await sys.close(fd);
			if (isErrno(w)) return fail('Cannot write', w);
		}
	}
	if (m.type !== '5') {
		if (c.euid === 0) await sys.chown(name, await owner(c, m, 'u'), await owner(c, m, 'g'));
		if (c.preserve || c.euid === 0) await sys.chmod(name, m.mode & 0o7777);
		await sys.utimes(name, m.mtime, m.mtime);
	}
	return true;
}

/** The owner to restore: the name's id on this system, else the archived number. */
async function owner(c: ExtractCtx, m: Member, which: 'u' | 'g'): Promise<number> {
	if (!c.numeric) {
		if (which === 'u' && m.uname) {
			const u = await c.users.byName(m.uname);
			if (u) return u.uid;
		}
		if (which === 'g' && m.gname) {
			const g = await c.users.groupByName(m.gname);
			if (g) return g.gid;
		}
	}
	return which === 'u' ? m.uid : m.gid;
}

async function makeParents(sys: Sys, name: string): Promise<void> {
	const parent = dirname(name);
	if (parent === '.' || parent === '/') return;
	const st = await sys.stat(parent);
	if (!isErrno(st)) return;
	await makeParents(sys, parent);
	await sys.mkdir(parent, 0o777);
}
