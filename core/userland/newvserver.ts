// /usr/sbin/newvserver (vserver-admin 0.22, reference §5.2): makes a new vserver in one go. It
// takes the name, description, host name, IP number, alias device, what to clone and whether to
// unify from its options, from /etc/vservers/newvserver.defaults, or, when its standard input is
// a terminal, by asking; then it builds the tree (`vserver NAME build` for a copy of the root
// server, vbuild or cp -ax for a copy of another vserver) and fills in /etc/vservers/NAME.conf.
// SIMPLIFIED: the 2003 tool was a linuxconf dialog (text or X); ours asks its questions one line
// at a time on the terminal. The options are the man page's; the messages are ours.
import { O_RDONLY, WEXITSTATUS, WIFEXITED, isErrno, type Sys } from '../syscalls/index.ts';
import { readText } from './lib/procps.ts';
import { writeFile } from './lib/daemon.ts';

const USAGE = `newvserver version 0.22

newvserver [ options ]

--name NAME: the name of the new vserver, a directory in /vservers
--desc "TEXT": a one line description, shown by vserver-stat
--hostname NAME: the host name inside the vserver (S_HOSTNAME)
--ip IP: the IP number or host name the vserver is tied to (IPROOT)
--ondev DEV: the device its IP alias is set up on at start (IPROOTDEV)
--clone SRC: what to copy: / (the root server), another vserver, or a
        distribution CD (#rh7.3m, #rh8.0m, #rh8.0f)
--unify 1/0: share the unchanged package files with the vserver cloned

What the options leave out comes from /etc/vservers/newvserver.defaults
and, when the standard input is a terminal, is asked for.
`;

const DEFAULTS_FILE = '/etc/vservers/newvserver.defaults';
const VSERVER = '/usr/sbin/vserver';
const VBUILD = '/usr/lib/vserver/vbuild';
const PATH = '/sbin:/usr/sbin:/bin:/usr/bin';
/** The distribution CDs the man page names for --clone. */
const CD_TAGS = ['#rh7.3m', '#rh8.0m', '#rh8.0f'];

type Field = 'name' | 'desc' | 'hostname' | 'ip' | 'ondev' | 'clone' | 'unify';
const FIELDS: Field[] = ['name', 'desc', 'hostname', 'ip', 'ondev', 'clone', 'unify'];
/** The key of each field in the defaults file. */
const KEYS: Record<Field, string> = {
	name: 'NAME',
	desc: 'DESC',
	hostname: 'HOSTNAME',
	ip: 'IP',
	ondev: 'ONDEV',
	clone: 'CLONE',
	unify: 'UNIFY'
};
const QUESTIONS: Record<Field, string> = {
	name: 'Name of the new vserver',
	desc: 'Description',
	hostname: 'Host name inside the vserver',
	ip: 'IP number or host name (empty: not tied to one)',
	ondev: 'Device of its IP alias (none: no alias)',
	clone: 'Clone what (/, a vserver, or a CD such as #rh7.3m)',
	unify: 'Unify with the vserver cloned (1/0)'
};

type Settings = Record<Field, string>;

/** Writes at once (the questions must show before the read). */
async function put(sys: Sys, fd: 1 | 2, text: string): Promise<void> {
	await sys.write(fd, text);
}

/** The KEY=value lines of the defaults file (quotes taken off); {} when there is none. */
async function readDefaults(sys: Sys): Promise<Partial<Record<string, string>>> {
	const text = await readText(sys, DEFAULTS_FILE);
	const out: Partial<Record<string, string>> = {};
	if (isErrno(text)) return out;
	for (const line of text.split('\n')) {
		const m = /^\s*([A-Z_]+)=(.*)$/.exec(line);
		if (!m) continue;
		let v = m[2]!.trim();
		if (/^(".*"|'.*')$/.test(v)) v = v.slice(1, -1);
		out[m[1]!] = v;
	}
	return out;
}

/** Whether a dotted quad is well formed. */
function isQuad(text: string): boolean {
	const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
	return m !== null && m.slice(1).every((b) => Number(b) <= 255);
}

/** Whether /etc/hosts, the machine's only resolver, knows `name`. */
async function knownHost(sys: Sys, name: string): Promise<boolean> {
	const hosts = await readText(sys, '/etc/hosts');
	if (isErrno(hosts)) return false;
	return hosts.split('\n').some((line) => {
		const f = line.replace(/#.*/, '').trim().split(/\s+/);
		return f.length >= 2 && f.slice(1).includes(name);
	});
}

/** Whether /proc/net/dev lists the device. */
async function deviceExists(sys: Sys, dev: string): Promise<boolean> {
	const text = await readText(sys, '/proc/net/dev');
	if (isErrno(text)) return false;
	return text
		.split('\n')
		.slice(2)
		.some((line) => line.split(':')[0]!.trim() === dev);
}

async function exists(sys: Sys, path: string): Promise<boolean> {
	return !isErrno(await sys.stat(path));
}

/** Whether `dir` is missing or an empty directory (what `vserver build` accepts). */
async function freeDir(sys: Sys, dir: string): Promise<boolean> {
	const fd = await sys.open(dir, O_RDONLY);
	if (isErrno(fd)) return fd.name === 'ENOENT';
	const list = await sys.getdents(fd);
	await sys.close(fd);
	return !isErrno(list) && list.every((e) => e.name === '.' || e.name === '..');
}

/**
 * Checks one value; returns the error message, or null when it is good. Some checks depend on
 * what was settled before (`s`): the name for the host name's default, the clone for unify.
 */
async function check(sys: Sys, field: Field, value: string, s: Settings): Promise<string | null> {
	switch (field) {
		case 'name':
			if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(value)) return `invalid vserver name: ${value}`;
			if (await exists(sys, `/etc/vservers/${value}.conf`)) {
				return `vserver ${value} already exists (/etc/vservers/${value}.conf)`;
			}
			if (!(await freeDir(sys, `/vservers/${value}`))) {
				return `vserver ${value} already exists (/vservers/${value})`;
			}
			return null;
		case 'desc':
			return null;
		case 'hostname':
			return value === '' || /^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(value)
				? null
				: `invalid host name: ${value}`;
		case 'ip': {
			if (value === 'ALL') return null;
			for (const word of value.split(/\s+/).filter((w) => w !== '')) {
				const [host, mask, extra] = word.split('/');
				const maskOk =
					mask === undefined || isQuad(mask) || (/^\d{1,2}$/.test(mask) && Number(mask) <= 32);
				const hostOk = isQuad(host!) || (/[a-zA-Z]/.test(host!) && (await knownHost(sys, host!)));
				if (!hostOk || !maskOk || extra !== undefined) {
					return `invalid IP number or host name: ${word}`;
				}
			}
			return null;
		}
		case 'ondev':
			if (value === '' || value === 'none') return null;
			return (await deviceExists(sys, value)) ? null : `no network device ${value}`;
		case 'clone':
			if (value === '/') return null;
			if (value.startsWith('#')) {
				if (!CD_TAGS.includes(value)) {
					return `unknown distribution ${value} (known: ${CD_TAGS.join(' ')})`;
				}
				// SIMPLIFIED: the model's machine has no CD-ROM drive to install packages from.
				return `can't install from the distribution CD ${value}: no CD-ROM in this machine`;
			}
			if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(value) || value === s.name) {
				return `no vserver ${value} to clone`;
			}
			if (!(await exists(sys, `/vservers/${value}/etc`))) return `no vserver ${value} to clone`;
			if (!(await exists(sys, `/etc/vservers/${value}.conf`))) {
				return `no configuration for vserver ${value}: /etc/vservers/${value}.conf`;
			}
			return null;
		case 'unify':
			return value === '1' || value === '0' ? null : `--unify takes 1 or 0, not ${value}`;
	}
}

/** Reads one answer line from the terminal; null at end of file. */
async function readAnswer(sys: Sys): Promise<string | null> {
	let line = '';
	for (;;) {
		const r = await sys.read(0, 256);
		if (isErrno(r)) {
			if (r.name === 'EINTR') continue;
			return null;
		}
		if (r === '') return line === '' ? null : line;
		line += r;
		if (line.includes('\n')) return line.slice(0, line.indexOf('\n')).trim();
	}
}

/** Runs a command, its output on ours, and returns its exit status. */
async function runCommand(sys: Sys, argv: string[]): Promise<number> {
	const pid = await sys.fork(async (c) => {
		const e = await c.execve(argv[0]!, argv, { PATH });
		await c.write(2, `newvserver: can't execute ${argv[0]} (${e.message})\n`);
		return 127;
	});
	if (isErrno(pid)) {
		await put(sys, 2, `newvserver: can't fork (${pid.message})\n`);
		return 1;
	}
	for (;;) {
		const w = await sys.waitpid(pid, 0);
		if (isErrno(w)) {
			if (w.name === 'EINTR') continue;
			return 1;
		}
		return WIFEXITED(w.status) ? WEXITSTATUS(w.status) : 1;
	}
}

/** A value as a shell word of the conf: quoted when it has blanks or is empty-looking. */
function shellWord(value: string): string {
	return /[\s"'$`\\;&|<>()*?[\]#~]/.test(value)
		? `"${value.replace(/(["$`\\])/g, '\\$1')}"`
		: value;
}

/**
 * The conf with the settings put in: the `# Description:` line, the first (the prod profile's)
 * IPROOT and S_HOSTNAME, IPROOTDEV (commented out for no device), and for a clone no fixed
 * S_CONTEXT, since two vservers may not share one.
 */
export function editConf(text: string, s: Settings, clone: boolean): string {
	const lines = text.split('\n');
	const desc = lines.findIndex((l) => /^# Description:/.test(l));
	// A copy says whose, rather than keep the other vserver's description.
	const line = s.desc !== '' ? s.desc : clone ? `a copy of ${s.clone}` : '';
	if (line !== '') {
		if (desc >= 0) lines[desc] = `# Description: ${line}`;
		else lines.unshift(`# Description: ${line}`);
	}
	let ipDone = false;
	let hostDone = false;
	for (let i = 0; i < lines.length; i++) {
		const l = lines[i]!;
		const ip = /^(\s*)IPROOT=/.exec(l);
		if (ip && !ipDone) {
			lines[i] = `${ip[1]}IPROOT=${shellWord(s.ip)}`;
			ipDone = true;
		}
		const host = /^(\s*)S_HOSTNAME=/.exec(l);
		if (host && !hostDone) {
			lines[i] = `${host[1]}S_HOSTNAME=${shellWord(s.hostname)}`;
			hostDone = true;
		}
		const dev = /^(#?)IPROOTDEV=(.*)$/.exec(l);
		if (dev) {
			if (s.ondev !== '' && s.ondev !== 'none') lines[i] = `IPROOTDEV=${s.ondev}`;
			else if (dev[1] === '') lines[i] = `#${l}`;
		}
		if (clone && /^\s*S_CONTEXT=\S/.test(l)) lines[i] = '#S_CONTEXT=';
	}
	return lines.join('\n');
}

export async function newvserver(sys: Sys, argv: string[]): Promise<number> {
	const given: Partial<Settings> = {};
	for (let i = 1; i < argv.length; i++) {
		const a = argv[i]!;
		if (a === '--help') {
			await put(sys, 1, USAGE);
			return 0;
		}
		const m = /^--([a-z]+)(?:=(.*))?$/s.exec(a);
		const field = m && (FIELDS as string[]).includes(m[1]!) ? (m[1] as Field) : null;
		if (!field) {
			await put(sys, 2, `newvserver: unknown option ${a}\n\n${USAGE}`);
			return 1;
		}
		let value = m![2];
		if (value === undefined) {
			if (i + 1 >= argv.length) {
				await put(sys, 2, `newvserver: option --${field} needs a value\n`);
				return 1;
			}
			value = argv[++i]!;
		}
		given[field] = value;
	}
	if ((await sys.geteuid()) !== 0) {
		await put(sys, 2, 'newvserver: only root may create a vserver\n');
		return 1;
	}
	const defaults = await readDefaults(sys);
	const interactive = await sys.isatty(0);
	const s: Settings = {
		name: '',
		desc: '',
		hostname: '',
		ip: '',
		ondev: '',
		clone: '/',
		unify: '1'
	};
	for (const field of FIELDS) {
		let value = given[field];
		// Unify only means something for a copy of another vserver.
		if (field === 'unify' && s.clone === '/' && value === undefined) {
			s.unify = '0';
			continue;
		}
		let fallback = defaults[KEYS[field]];
		if (field === 'hostname') fallback ??= s.name;
		fallback ??= s[field];
		if (value === undefined && interactive) {
			for (;;) {
				const shown = fallback !== '' ? ` [${fallback}]` : '';
				await put(sys, 1, `${QUESTIONS[field]}${shown}: `);
				const answer = await readAnswer(sys);
				if (answer === null) {
					await put(sys, 2, '\nnewvserver: aborted\n');
					return 1;
				}
				const v = answer === '' ? fallback : answer;
				if (field === 'name' && v === '') continue;
				const bad = await check(sys, field, v, s);
				if (bad === null) {
					value = v;
					break;
				}
				await put(sys, 2, `newvserver: ${bad}\n`);
			}
		}
		if (value === undefined) {
			if (field === 'name' && fallback === '') {
				await put(sys, 2, 'newvserver: no name given (--name), and no terminal to ask one on\n');
				return 1;
			}
			value = fallback;
		}
		const bad = await check(sys, field, value, s);
		if (bad !== null) {
			await put(sys, 2, `newvserver: ${bad}\n`);
			return 1;
		}
		s[field] = value;
	}
	return create(sys, s);
}

/** Builds the tree and writes the conf, once every setting is known and checked. */
async function create(sys: Sys, s: Settings): Promise<number> {
	const conf = `/etc/vservers/${s.name}.conf`;
	const root = `/vservers/${s.name}`;
	let text: string;
	if (s.clone === '/') {
		// The root server's copy, tidied up, and the conf from the template.
		if ((await runCommand(sys, [VSERVER, s.name, 'build'])) !== 0) {
			await put(sys, 2, `newvserver: the build of ${root} failed\n`);
			return 1;
		}
		const t = await readText(sys, conf);
		if (isErrno(t)) {
			await put(sys, 2, `newvserver: can't read ${conf} (${t.message})\n`);
			return 1;
		}
		text = t;
		if (s.unify === '1') {
			// vunify shares files between vservers, never with the root server.
			await put(sys, 1, 'Nothing to unify with: a copy of / shares no files (see vunify)\n');
		}
	} else {
		const srcConf = await readText(sys, `/etc/vservers/${s.clone}.conf`);
		if (isErrno(srcConf)) {
			await put(sys, 2, `newvserver: can't read /etc/vservers/${s.clone}.conf\n`);
			return 1;
		}
		// An empty directory left by someone is replaced by the copy.
		await sys.rmdir(root);
		const argv =
			s.unify === '1'
				? [VBUILD, `/vservers/${s.clone}`, root]
				: ['/bin/cp', '-ax', `/vservers/${s.clone}`, root];
		await put(
			sys,
			1,
			s.unify === '1'
				? `Copying vserver ${s.clone} to ${s.name}, sharing the unchanged package files (vbuild)\n`
				: `Copying vserver ${s.clone} to ${s.name}\n`
		);
		if ((await runCommand(sys, argv)) !== 0) {
			await put(sys, 2, `newvserver: the copy of /vservers/${s.clone} failed\n`);
			return 1;
		}
		text = srcConf;
	}
	if (!(await writeFile(sys, conf, editConf(text, s, s.clone !== '/')))) {
		await put(sys, 2, `newvserver: can't write ${conf}\n`);
		return 1;
	}
	await put(sys, 1, `Virtual server ${s.name} created in ${root}, configured in ${conf}\n`);
	return 0;
}
