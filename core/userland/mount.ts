// mount and umount (util-linux 2.11): mount(2)/umount2(2) with util-linux's messages; the list
// comes from /proc/mounts. SIMPLIFIED: there is no /etc/mtab or /etc/fstab to keep in step, so
// `mount` alone shows the kernel's table, and a source or target alone is not looked up.
import {
	isErrno,
	MS_BIND,
	MS_NODEV,
	MS_NOEXEC,
	MS_NOSUID,
	MS_RDONLY,
	MS_REMOUNT,
	type Errno,
	type Sys
} from '../syscalls/index.ts';
import { Tool } from './lib/tool.ts';
import { readText } from './lib/procps.ts';

const mountUsage = `Usage: mount -V                 : print version
       mount -h                 : print this help
       mount                    : list mounted filesystems
       mount -l                 : idem, including volume labels
So far the informational part. Next the mounting.
The command is \`mount [-t fstype] something somewhere'.
Details found in /etc/fstab may be omitted.
       mount -a [-t|-O] ...     : mount all stuff from /etc/fstab
       mount device             : mount device at the known place
       mount directory          : mount known device here
       mount -t type dev dir    : ordinary mount command
Note that one does not really mount a device, one mounts
a filesystem (of the given type) found on the device.
One can also mount an already visible directory tree elsewhere:
       mount --bind olddir newdir
`;

const optionBits: Record<string, [number, boolean]> = {
	ro: [MS_RDONLY, true],
	rw: [MS_RDONLY, false],
	nosuid: [MS_NOSUID, true],
	suid: [MS_NOSUID, false],
	nodev: [MS_NODEV, true],
	dev: [MS_NODEV, false],
	noexec: [MS_NOEXEC, true],
	exec: [MS_NOEXEC, false],
	remount: [MS_REMOUNT, true],
	bind: [MS_BIND, true],
	defaults: [0, true]
};

export async function mount(
	sys: Sys,
	argv: string[],
	env: Record<string, string>
): Promise<number> {
	const t = new Tool(sys, argv, env);
	let type: string | null = null;
	let flags = 0;
	const data: string[] = [];
	const operands: string[] = [];
	for (let i = 1; i < argv.length; i++) {
		const a = argv[i]!;
		if (a === '-t' || a === '-o') {
			const v = argv[++i];
			if (v === undefined) {
				await t.errRaw(mountUsage);
				return 1;
			}
			if (a === '-t') type = v;
			else {
				for (const o of v.split(',')) {
					const b = optionBits[o];
					if (!b) data.push(o);
					else flags = b[1] ? flags | b[0] : flags & ~b[0];
				}
			}
		} else if (a === '--bind') flags |= MS_BIND;
		else if (a === '-r') flags |= MS_RDONLY;
		else if (a === '-w') flags &= ~MS_RDONLY;
		else if (a === '-n' || a === '-v' || a === '-f' || a === '-l') continue;
		else if (a === '-h') {
			await t.out(mountUsage);
			return t.exit(0);
		} else if (a === '-V') {
			await t.out('mount: mount-2.11n\n');
			return t.exit(0);
		} else if (a.startsWith('-')) {
			await t.errRaw(mountUsage);
			return 1;
		} else operands.push(a);
	}
	if (operands.length === 0) {
		const text = await readText(sys, '/proc/mounts');
		if (isErrno(text)) {
			await t.errRaw(`mount: /proc/mounts: ${text.message}\n`);
			return 1;
		}
		for (const line of text.split('\n')) {
			const f = line.split(' ');
			if (f.length < 4) continue;
			if (type !== null && f[2] !== type) continue;
			await t.out(`${f[0]} on ${f[1]} type ${f[2]} (${f[3]})\n`);
		}
		return t.exit(0);
	}
	if (operands.length !== 2) {
		await t.errRaw(`mount: can't find ${operands[0]} in /etc/fstab or /etc/mtab\n`);
		return 1;
	}
	if ((await sys.getuid()) !== 0) {
		await t.errRaw('mount: only root can do that\n');
		return 1;
	}
	const [source, target] = operands as [string, string];
	const fstype = type ?? (flags & (MS_BIND | MS_REMOUNT) ? '' : 'ext2');
	const r = await sys.mount(source, target, fstype, flags, data.join(','));
	if (!isErrno(r)) return 0;
	await t.errRaw(mountMessage(r, source, target, fstype, (await sys.geteuid()) === 0));
	return 32;
}

function mountMessage(
	e: Errno,
	source: string,
	target: string,
	type: string,
	root: boolean
): string {
	switch (e.name) {
		case 'EPERM':
			return root ? 'mount: permission denied\n' : 'mount: must be superuser to use mount\n';
		case 'EBUSY':
			return `mount: ${source} already mounted or ${target} busy\n`;
		case 'ENOENT':
			return `mount: mount point ${target} does not exist\n`;
		case 'ENOTDIR':
			return `mount: mount point ${target} is not a directory\n`;
		case 'ENODEV':
			return `mount: fs type ${type} not supported by kernel\n`;
		case 'EACCES':
			return `mount: ${source} is write-protected, mounting read-only\n`;
		default:
			return `mount: ${e.message}\n`;
	}
}

export async function umount(
	sys: Sys,
	argv: string[],
	env: Record<string, string>
): Promise<number> {
	const t = new Tool(sys, argv, env);
	let flags = 0;
	const targets: string[] = [];
	for (const a of argv.slice(1)) {
		if (a === '-l') flags |= 2;
		else if (a === '-f') flags |= 1;
		else if (a === '-n' || a === '-v') continue;
		else if (a === '-V') {
			await t.out('umount: mount-2.11n\n');
			return t.exit(0);
		} else if (a.startsWith('-')) {
			await t.errRaw(
				'Usage: umount [-hV]\n       umount -a [-f] [-r] [-n] [-v] [-t vfstypes]\n       umount [-f] [-r] [-n] [-v] special | node...\n'
			);
			return 1;
		} else targets.push(a);
	}
	if (targets.length === 0) {
		await t.errRaw(
			'Usage: umount [-hV]\n       umount -a [-f] [-r] [-n] [-v] [-t vfstypes]\n       umount [-f] [-r] [-n] [-v] special | node...\n'
		);
		return 1;
	}
	if ((await sys.getuid()) !== 0) {
		await t.errRaw('umount: only root can do that\n');
		return 1;
	}
	let status = 0;
	for (const target of targets) {
		const r = await sys.umount(target, flags);
		if (!isErrno(r)) continue;
		status = 2;
		if (r.name === 'EINVAL') await t.errRaw(`umount: ${target}: not mounted\n`);
		else if (r.name === 'EBUSY') await t.errRaw(`umount: ${target}: device is busy\n`);
		else if (r.name === 'ENOENT') await t.errRaw(`umount: ${target}: No such file or directory\n`);
		else if (r.name === 'EPERM') await t.errRaw(`umount: ${target}: must be superuser to umount\n`);
		else await t.errRaw(`umount: ${target}: ${r.message}\n`);
	}
	return status;
}
