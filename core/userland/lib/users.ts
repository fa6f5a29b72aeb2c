// User and group names from /etc/passwd and /etc/group, read as getpwuid(3) and getgrgid(3) do,
// so a tool in a vserver shows that vserver's names.
import { isErrno, O_RDONLY, type Sys } from '../../syscalls/index.ts';

export interface PasswdEntry {
	name: string;
	uid: number;
	gid: number;
	gecos: string;
	home: string;
	shell: string;
}

export interface GroupEntry {
	name: string;
	gid: number;
	members: string[];
}

async function readText(sys: Sys, path: string): Promise<string> {
	const fd = await sys.open(path, O_RDONLY);
	if (isErrno(fd)) return '';
	let text = '';
	for (;;) {
		const r = await sys.read(fd, 65536);
		if (isErrno(r) || r === '') break;
		text += r;
	}
	await sys.close(fd);
	return text;
}

/** Lazily loaded name tables; one per program run. */
export class Users {
	private sys: Sys;
	private passwd: PasswdEntry[] | null = null;
	private groups: GroupEntry[] | null = null;

	constructor(sys: Sys) {
		this.sys = sys;
	}

	async users(): Promise<PasswdEntry[]> {
		if (!this.passwd) {
			this.passwd = [];
			for (const line of (await readText(this.sys, '/etc/passwd')).split('\n')) {
				const f = line.split(':');
				if (f.length < 7) continue;
				this.passwd.push({
					name: f[0]!,
					uid: Number(f[2]),
					gid: Number(f[3]),
					gecos: f[4]!,
					home: f[5]!,
					shell: f[6]!
				});
			}
		}
		return this.passwd;
	}

	async groupList(): Promise<GroupEntry[]> {
		if (!this.groups) {
			this.groups = [];
			for (const line of (await readText(this.sys, '/etc/group')).split('\n')) {
				const f = line.split(':');
				if (f.length < 4) continue;
				this.groups.push({
					name: f[0]!,
					gid: Number(f[2]),
					members: f[3]!.split(',').filter(Boolean)
				});
			}
		}
		return this.groups;
	}

	async userName(uid: number): Promise<string | null> {
		return (await this.users()).find((u) => u.uid === uid)?.name ?? null;
	}

	async groupName(gid: number): Promise<string | null> {
		return (await this.groupList()).find((g) => g.gid === gid)?.name ?? null;
	}

	async byName(name: string): Promise<PasswdEntry | null> {
		return (await this.users()).find((u) => u.name === name) ?? null;
	}

	async groupByName(name: string): Promise<GroupEntry | null> {
		return (await this.groupList()).find((g) => g.name === name) ?? null;
	}
}
