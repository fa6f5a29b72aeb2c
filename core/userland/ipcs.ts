// ipcs and ipcrm (util-linux 2.11): the SysV IPC tables as the caller's security context sees them,
// walked with IPC_INFO and the *_STAT index calls, and removal by id or key. ipcmk is not here:
// it first appeared in util-linux 2.15 (2009), after the 2003 system this lab models.
import {
	IPC_INFO,
	IPC_RMID,
	isErrno,
	MSG_STAT,
	SEM_STAT,
	SHM_STAT,
	type IpcObject,
	type Result,
	type Sys
} from '../syscalls/index.ts';
import { Tool } from './lib/tool.ts';
import { Users } from './lib/users.ts';

type Kind = 'shm' | 'sem' | 'msg';

const ipcsUsage = 'usage : ipcs -asmq -tclup \n\tipcs [-s -m -q] -i id\n\tipcs -h for help.\n';

const titles: Record<Kind, { plain: string; creators: string; id: string }> = {
	shm: {
		plain: 'Shared Memory Segments',
		creators: 'Shared Memory Segment Creators/Owners',
		id: 'shmid'
	},
	sem: { plain: 'Semaphore Arrays', creators: 'Semaphore Arrays Creators/Owners', id: 'semid' },
	msg: { plain: 'Message Queues', creators: 'Message Queues: Creators/Owners', id: 'msqid' }
};

function ctl(sys: Sys, kind: Kind, id: number, cmd: number): Promise<Result<IpcObject | number>> {
	if (kind === 'shm') return sys.shmctl(id, cmd);
	if (kind === 'sem') return sys.semctl(id, cmd);
	return sys.msgctl(id, cmd);
}

/** Every object the caller may see: IPC_INFO's highest index, then *_STAT on each index. */
async function objects(sys: Sys, kind: Kind): Promise<IpcObject[]> {
	const max = await ctl(sys, kind, 0, IPC_INFO);
	if (isErrno(max) || typeof max !== 'number') return [];
	const stat = { shm: SHM_STAT, sem: SEM_STAT, msg: MSG_STAT }[kind];
	const out: IpcObject[] = [];
	for (let i = 0; i <= max; i++) {
		const o = await ctl(sys, kind, i, stat);
		if (!isErrno(o) && typeof o !== 'number') out.push(o);
	}
	return out;
}

const pad = (v: string | number, n: number): string => String(v).padEnd(n);
const hexKey = (key: number): string => '0x' + (key >>> 0).toString(16).padStart(8, '0');

export async function ipcs(sys: Sys, argv: string[], env: Record<string, string>): Promise<number> {
	const t = new Tool(sys, argv, env);
	const kinds = new Set<Kind>();
	let creators = false;
	for (const a of argv.slice(1)) {
		if (!a.startsWith('-') || a === '-') {
			await t.errRaw(ipcsUsage);
			return 1;
		}
		for (const c of a.slice(1)) {
			if (c === 'm') kinds.add('shm');
			else if (c === 's') kinds.add('sem');
			else if (c === 'q') kinds.add('msg');
			else if (c === 'a') ['shm', 'sem', 'msg'].forEach((k) => kinds.add(k as Kind));
			else if (c === 'c') creators = true;
			else if (c === 'h') {
				await t.out(ipcsUsage);
				return t.exit(0);
			} else {
				// SIMPLIFIED: -t, -p, -l, -u and -i (times, pids, limits, summary, one object) are
				// not modelled; they answer with the usage as an unknown option does.
				await t.errRaw(ipcsUsage);
				return 1;
			}
		}
	}
	const chosen = (['shm', 'sem', 'msg'] as Kind[]).filter((k) => kinds.size === 0 || kinds.has(k));
	const tab = new Users(sys);
	const user = async (uid: number, width: number) => {
		const n = await tab.userName(uid);
		return n === null ? pad(uid, width) : pad(n.slice(0, 10), width);
	};
	const group = async (gid: number) => pad((await tab.groupName(gid)) ?? gid, 10);
	await t.out('\n');
	for (const kind of chosen) {
		const list = await objects(sys, kind);
		const title = titles[kind];
		if (creators) {
			await t.out(`------ ${title.creators} --------\n`);
			await t.out(
				[title.id, 'perms', 'cuid', 'cgid', 'uid', 'gid'].map((h) => pad(h, 10)).join(' ') + '\n'
			);
			for (const o of list) {
				await t.out(
					`${pad(o.id, 10)} ${pad((o.mode & 0o777).toString(8), 10)} ${await user(o.cuid, 10)} ${await group(o.cgid)} ${await user(o.uid, 10)} ${await group(o.gid)}\n`
				);
			}
			await t.out('\n');
			continue;
		}
		await t.out(`------ ${title.plain} --------\n`);
		const heads =
			kind === 'shm'
				? ['key', 'shmid', 'owner', 'perms', 'bytes', 'nattch']
						.map((h) => pad(h, 10))
						.concat(pad('status', 12))
				: kind === 'sem'
					? ['key', 'semid', 'owner', 'perms', 'nsems'].map((h) => pad(h, 10))
					: ['key', 'msqid', 'owner', 'perms']
							.map((h) => pad(h, 10))
							.concat(pad('used-bytes', 12), pad('messages', 12));
		await t.out(heads.join(' ') + '\n');
		for (const o of list) {
			// util-linux prints the owner as %-10.10s with no space after it, so perms sits one
			// column left of its heading, as on the real tool.
			let line = `${hexKey(o.key)} ${pad(o.id, 10)} ${await user(o.uid, 10)}${pad((o.mode & 0o777).toString(8), 10)} `;
			if (kind === 'shm') {
				line += `${pad(o.size, 10)} ${pad(o.nattch, 10)} ${pad(' ', 6)} ${pad(' ', 6)}`;
			} else if (kind === 'sem') line += pad(o.size, 10);
			// SIMPLIFIED: the model's queues hold no message bodies, so used-bytes is always 0.
			else line += `${pad(0, 12)} ${pad(o.size, 12)}`;
			await t.out(line + '\n');
		}
		await t.out('\n');
	}
	return t.exit(0);
}

const ipcrmUsage =
	'usage: ipcrm [ [-q msqid] [-m shmid] [-s semid]\n          [-Q msgkey] [-M shmkey] [-S semkey] ... ]\n';

/** strtoul(s, 0): decimal, 0x hex or 0 octal; null when not all of it is a number. */
function parseNumber(s: string): number | null {
	if (/^0[xX][0-9a-fA-F]+$/.test(s)) return parseInt(s.slice(2), 16);
	if (/^0[0-7]*$/.test(s)) return parseInt(s, 8);
	if (/^-?[1-9][0-9]*$/.test(s)) return Number(s);
	return null;
}

export async function ipcrm(
	sys: Sys,
	argv: string[],
	env: Record<string, string>
): Promise<number> {
	const t = new Tool(sys, argv, env);
	const args = argv.slice(1);
	const jobs: { kind: Kind; byKey: boolean; text: string }[] = [];
	// The old syntax, `ipcrm shm|msg|sem ID...`, which 2003's scripts use.
	const old = args[0] === 'shm' || args[0] === 'msg' || args[0] === 'sem';
	if (old) {
		if (args.length < 2) {
			await t.errRaw(ipcrmUsage);
			return 1;
		}
		for (const a of args.slice(1)) jobs.push({ kind: args[0] as Kind, byKey: false, text: a });
	} else {
		const letters: Record<string, { kind: Kind; byKey: boolean }> = {
			m: { kind: 'shm', byKey: false },
			s: { kind: 'sem', byKey: false },
			q: { kind: 'msg', byKey: false },
			M: { kind: 'shm', byKey: true },
			S: { kind: 'sem', byKey: true },
			Q: { kind: 'msg', byKey: true }
		};
		for (let i = 0; i < args.length; i++) {
			const a = args[i]!;
			const which = a.length >= 2 && a.startsWith('-') ? letters[a[1]!] : undefined;
			const value = a.length > 2 ? a.slice(2) : args[++i];
			if (!which || value === undefined) {
				await t.errRaw(ipcrmUsage);
				return 1;
			}
			jobs.push({ ...which, text: value });
		}
		if (jobs.length === 0) {
			await t.errRaw(ipcrmUsage);
			return 1;
		}
	}
	let errors = 0;
	for (const job of jobs) {
		const what = job.byKey ? 'key' : 'id';
		const n = parseNumber(job.text);
		let name = 'EINVAL';
		if (n !== null) {
			let r: Result<unknown>;
			if (job.byKey) {
				const id =
					job.kind === 'shm'
						? await sys.shmget(n, 0)
						: job.kind === 'sem'
							? await sys.semget(n, 0)
							: await sys.msgget(n);
				r = isErrno(id) ? id : await ctl(sys, job.kind, id, IPC_RMID);
			} else r = await ctl(sys, job.kind, n, IPC_RMID);
			if (!isErrno(r)) continue;
			name = r.name;
		}
		errors++;
		const why =
			name === 'EPERM' || name === 'EACCES'
				? 'permission denied for'
				: name === 'EIDRM'
					? 'already removed'
					: 'invalid';
		await t.errRaw(`ipcrm: ${why} ${what} (${job.text})\n`);
	}
	if (old && errors === 0) await t.out('resource(s) deleted\n');
	return t.exit(errors ? 1 : 0);
}
