// chkconfig (1.3.x) and an ntsysv-like listing: which services start in which run level, kept as
// the S/K symlinks of /etc/rc.d/rcN.d made from each script's `# chkconfig: LEVELS START STOP`
// header, and xinetd services as the `disable` line of their /etc/xinetd.d file.
import { O_DIRECTORY, SIGHUP, isErrno, type Sys } from '../syscalls/index.ts';
import { readFile, utmpRunlevel, writeFile } from './lib/daemon.ts';
import { parseXinetd } from './xinetd.ts';

const INITD = '/etc/rc.d/init.d';
const rcDir = (n: number) => `/etc/rc.d/rc${n}.d`;

export interface ServiceInfo {
	name: string;
	/** Levels from the header ('-' means none). */
	levels: string;
	start: number;
	stop: number;
}

export function parseHeader(name: string, text: string): ServiceInfo | null {
	const m = /^#\s*chkconfig:\s*(\S+)\s+(\d+)\s+(\d+)/m.exec(text);
	if (!m) return null;
	return { name, levels: m[1] === '-' ? '' : m[1]!, start: Number(m[2]), stop: Number(m[3]) };
}

async function list(sys: Sys, dir: string): Promise<string[]> {
	const fd = await sys.open(dir, O_DIRECTORY);
	if (isErrno(fd)) return [];
	const ents = await sys.getdents(fd);
	await sys.close(fd);
	return isErrno(ents)
		? []
		: ents
				.map((e) => e.name)
				.filter((n) => n !== '.' && n !== '..')
				.sort();
}

async function info(sys: Sys, name: string): Promise<ServiceInfo | null> {
	const text = await readFile(sys, `${INITD}/${name}`);
	return text === null ? null : parseHeader(name, text);
}

/** The S or K link a level has for a service, if any. */
async function linkIn(sys: Sys, level: number, name: string): Promise<string | null> {
	for (const n of await list(sys, rcDir(level))) {
		if (/^[SK]\d\d/.test(n) && n.slice(3) === name) return n;
	}
	return null;
}

async function isOn(sys: Sys, level: number, name: string): Promise<boolean> {
	return (await linkIn(sys, level, name))?.startsWith('S') ?? false;
}

async function setLink(sys: Sys, level: number, s: ServiceInfo, on: boolean): Promise<void> {
	const old = await linkIn(sys, level, s.name);
	if (old) await sys.unlink(`${rcDir(level)}/${old}`);
	const name = on
		? `S${String(s.start).padStart(2, '0')}${s.name}`
		: `K${String(s.stop).padStart(2, '0')}${s.name}`;
	await sys.symlink(`../init.d/${s.name}`, `${rcDir(level)}/${name}`);
}

/** xinetd services: name → on. */
async function xinetdServices(sys: Sys): Promise<Map<string, { on: boolean; file: string }>> {
	const out = new Map<string, { on: boolean; file: string }>();
	for (const n of await list(sys, '/etc/xinetd.d')) {
		const file = `/etc/xinetd.d/${n}`;
		for (const svc of parseXinetd((await readFile(sys, file)) ?? '').services) {
			out.set(svc.name, { on: svc.attrs.get('disable') !== 'yes', file });
		}
	}
	return out;
}

async function reloadXinetd(sys: Sys): Promise<void> {
	const pid = Number((await readFile(sys, '/var/run/xinetd.pid'))?.trim());
	if (pid > 0) await sys.kill(pid, SIGHUP);
}

const usage = `chkconfig version 1.3.5 - Copyright (C) 1997-2000 Red Hat, Inc.
This may be freely redistributed under the terms of the GNU Public License.

usage:   chkconfig --list [name]
         chkconfig --add <name>
         chkconfig --del <name>
         chkconfig [--level <levels>] <name> <on|off|reset>
`;

export async function chkconfig(sys: Sys, argv: string[]): Promise<number> {
	const out = (t: string) => sys.write(1, t);
	const err = (t: string) => sys.write(2, t);
	let levels: string | null = null;
	const args: string[] = [];
	for (let i = 1; i < argv.length; i++) {
		const a = argv[i]!;
		if (a === '--level') levels = argv[++i] ?? '';
		else if (a.startsWith('--level=')) levels = a.slice(8);
		else args.push(a);
	}
	const cmd = args[0];
	if (cmd === undefined) {
		await err(usage);
		return 1;
	}
	if (cmd === '--list') {
		const names = args[1] ? [args[1]] : await list(sys, INITD);
		const xinetd = await xinetdServices(sys);
		let shown = 0;
		for (const n of names) {
			const s = await info(sys, n);
			if (!s) continue;
			shown++;
			let line = n.padEnd(15);
			for (let l = 0; l <= 6; l++) line += `\t${l}:${(await isOn(sys, l, n)) ? 'on' : 'off'}`;
			await out(line + '\n');
		}
		if (args[1] && shown === 0) {
			const x = xinetd.get(args[1]);
			if (x) {
				await out(`${args[1]}\t\t${x.on ? 'on' : 'off'}\n`);
				return 0;
			}
			await err(`error reading information on service ${args[1]}: No such file or directory\n`);
			return 1;
		}
		if (!args[1] && xinetd.size > 0 && (await info(sys, 'xinetd'))) {
			await out('xinetd based services:\n');
			for (const [n, x] of [...xinetd].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
				await out(`\t${(n + ':').padEnd(15)} ${x.on ? 'on' : 'off'}\n`);
			}
		}
		return 0;
	}
	if (cmd === '--add' || cmd === '--del') {
		const n = args[1];
		if (!n) {
			await err(usage);
			return 1;
		}
		const s = await info(sys, n);
		if (!s) {
			const exists = (await readFile(sys, `${INITD}/${n}`)) !== null;
			await err(
				exists
					? `service ${n} does not support chkconfig\n`
					: `error reading information on service ${n}: No such file or directory\n`
			);
			return 1;
		}
		for (let l = 0; l <= 6; l++) {
			if (cmd === '--add') await setLink(sys, l, s, s.levels.includes(String(l)));
			else {
				const old = await linkIn(sys, l, n);
				if (old) await sys.unlink(`${rcDir(l)}/${old}`);
			}
		}
		return 0;
	}
	const n = cmd;
	const action = args[1];
	const xinetd = await xinetdServices(sys);
	const s = await info(sys, n);
	const x = xinetd.get(n);
	if (!s && !x) {
		await err(`error reading information on service ${n}: No such file or directory\n`);
		return 1;
	}
	if (action === undefined) {
		if (x && !s) return x.on ? 0 : 1;
		const lv = utmpRunlevel(await readFile(sys, '/var/run/utmp'))?.cur ?? '3';
		return (await isOn(sys, Number(lv), n)) ? 0 : 1;
	}
	if (action !== 'on' && action !== 'off' && action !== 'reset') {
		await err(usage);
		return 1;
	}
	if (x && !s) {
		const text = (await readFile(sys, x.file)) ?? '';
		const on = action === 'on';
		const next = /^\s*disable\s*=.*$/m.test(text)
			? text.replace(/^(\s*)disable(\s*)=.*$/m, `$1disable$2= ${on ? 'no' : 'yes'}`)
			: text.replace(/\}\s*$/, `\tdisable\t\t= ${on ? 'no' : 'yes'}\n}\n`);
		if (!(await writeFile(sys, x.file, next))) {
			await err(`chkconfig: ${x.file}: Permission denied\n`);
			return 1;
		}
		await reloadXinetd(sys);
		return 0;
	}
	const svc = s!;
	const which = levels ?? (action === 'reset' ? '0123456' : '2345');
	for (const c of which) {
		const l = Number(c);
		if (!(l >= 0 && l <= 6)) continue;
		await setLink(sys, l, svc, action === 'reset' ? svc.levels.includes(c) : action === 'on');
	}
	return 0;
}

/** ntsysv-like: the services of a level with [*] for those that start. SIMPLIFIED: no newt UI. */
export async function ntsysv(sys: Sys, argv: string[]): Promise<number> {
	const li = argv.indexOf('--level');
	const lv =
		li > 0
			? (argv[li + 1] ?? '3')
			: (utmpRunlevel(await readFile(sys, '/var/run/utmp'))?.cur ?? '3');
	let text = `Services started in run level ${lv}:\n`;
	for (const n of await list(sys, INITD)) {
		if (!(await info(sys, n))) continue;
		text += `[${(await isOn(sys, Number(lv[0]), n)) ? '*' : ' '}] ${n}\n`;
	}
	const x = await xinetdServices(sys);
	for (const [n, v] of [...x].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
		text += `[${v.on ? '*' : ' '}] ${n}\n`;
	}
	await sys.write(1, text);
	return 0;
}
