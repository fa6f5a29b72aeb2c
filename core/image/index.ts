// The simulated distribution: a RedHat-7-style tree with the fixed facts of ARCHITECTURE.md
// (host main.example.org, users root and user), its programs, and its device nodes.
import type { Kernel, Program as KernelProgram } from '../kernel/kernel.ts';
import { S_IFCHR } from '../kernel/vfs.ts';
import {
	DEV_CONSOLE,
	DEV_FULL,
	DEV_NULL,
	DEV_PTMX,
	DEV_RANDOM,
	DEV_TTY,
	DEV_URANDOM,
	DEV_ZERO
} from '../kernel/devices.ts';
import { mountAtBoot } from '../kernel/mount.ts';
import { programs } from '../userland/registry.ts';
import { installBase } from './base.ts';
import { installVserverScripts } from './vserver-scripts.ts';
import { installVserverFramework } from './vserver-framework.ts';
import { installPackages } from './packages.ts';

export interface ImageUser {
	name: string;
	uid: number;
	gid: number;
	password: string;
	home: string;
	shell: string;
	gecos: string;
}

export interface ImageOptions {
	hostname: string;
	domainname: string;
	users: ImageUser[];
}

export const defaultUsers: ImageUser[] = [
	{
		name: 'root',
		uid: 0,
		gid: 0,
		password: 'root',
		home: '/root',
		shell: '/bin/bash',
		gecos: 'root'
	},
	{
		name: 'user',
		uid: 500,
		gid: 500,
		password: 'user',
		home: '/home/user',
		shell: '/bin/bash',
		gecos: ''
	}
];

/** The system accounts of a RedHat 7.x /etc/passwd (no login). */
const systemAccounts = [
	'bin:x:1:1:bin:/bin:/sbin/nologin',
	'daemon:x:2:2:daemon:/sbin:/sbin/nologin',
	'adm:x:3:4:adm:/var/adm:/sbin/nologin',
	'lp:x:4:7:lp:/var/spool/lpd:/sbin/nologin',
	'mail:x:8:12:mail:/var/spool/mail:/sbin/nologin',
	'nobody:x:99:99:Nobody:/:/sbin/nologin',
	'apache:x:48:48:Apache:/var/www:/bin/false'
];

export function buildImage(k: Kernel, opts: ImageOptions): void {
	for (const dir of [
		'/bin',
		'/sbin',
		'/usr/bin',
		'/usr/sbin',
		'/lib',
		'/etc',
		'/var/log',
		'/var/run',
		'/var/www/html',
		'/mnt',
		'/opt',
		'/proc',
		'/dev/pts',
		'/home'
	]) {
		k.mkdirp(dir);
	}
	k.mkdirp('/tmp', 0o1777);
	k.lookup('/tmp')!.mode = 0o41777;
	k.mkdirp('/root', 0o750);
	// The ctx kernel's barrier: /vservers is mode 000 so a vserver's root cannot climb into another.
	k.mkdirp('/vservers', 0o000);

	for (const p of programs) {
		k.registerProgram(p.name, p.run as KernelProgram);
		if (p.later && !k.opts.later) continue;
		for (const path of p.paths) k.installProgram(path, p.name, p.mode ?? 0o755);
	}
	installVserverScripts(k);
	installVserverFramework(k);

	const passwd = ['root:x:0:0:root:/root:/bin/bash', ...systemAccounts];
	const shadow: string[] = [];
	const group = [
		'root:x:0:root',
		'bin:x:1:root,bin,daemon',
		'daemon:x:2:root,bin,daemon',
		'tty:x:5:',
		'wheel:x:10:root',
		'mail:x:12:mail',
		'nobody:x:99:',
		'apache:x:48:'
	];
	for (const u of opts.users) {
		if (u.uid !== 0) {
			passwd.push(`${u.name}:x:${u.uid}:${u.gid}:${u.gecos}:${u.home}:${u.shell}`);
			group.push(`${u.name}:x:${u.gid}:`);
			k.mkdirp(u.home, 0o700, u.uid, u.gid);
		}
		// SIMPLIFIED: the password field holds the clear text behind a marker (no crypt in 2003 style).
		shadow.push(`${u.name}:plain:${u.password}:12000:0:99999:7:::`);
	}
	k.writeFile('/etc/passwd', passwd.join('\n') + '\n');
	k.writeFile('/etc/shadow', shadow.join('\n') + '\n', 0o400);
	k.writeFile('/etc/group', group.join('\n') + '\n');
	k.writeFile('/etc/HOSTNAME', `${opts.hostname}.${opts.domainname}\n`);
	k.writeFile('/etc/shells', '/bin/sh\n/bin/bash\n');
	k.writeFile('/etc/redhat-release', 'Red Hat Linux release 7.3 (Valhalla)\n');

	k.mknod('/dev/null', S_IFCHR | 0o666, DEV_NULL);
	k.mknod('/dev/zero', S_IFCHR | 0o666, DEV_ZERO);
	k.mknod('/dev/full', S_IFCHR | 0o666, DEV_FULL);
	k.mknod('/dev/random', S_IFCHR | 0o644, DEV_RANDOM);
	k.mknod('/dev/urandom', S_IFCHR | 0o644, DEV_URANDOM);
	k.mknod('/dev/tty', S_IFCHR | 0o666, DEV_TTY);
	k.mknod('/dev/console', S_IFCHR | 0o600, DEV_CONSOLE);
	k.mknod('/dev/ptmx', S_IFCHR | 0o666, DEV_PTMX);
	// MAKEDEV's links into /proc, so `echo oops >/dev/stderr` works as on Red Hat.
	k.symlink('/dev/fd', '/proc/self/fd');
	['stdin', 'stdout', 'stderr'].forEach((name, fd) =>
		k.symlink(`/dev/${name}`, `/proc/self/fd/${fd}`)
	);

	// What rc.sysinit and `mount -a` mount at boot, as Red Hat 7.3's /etc/fstab lists them.
	k.mkdirp('/dev/shm');
	k.writeFile(
		'/etc/fstab',
		'LABEL=/                 /                       ext2    defaults        1 1\n' +
			'none                    /dev/pts                devpts  gid=5,mode=620  0 0\n' +
			'none                    /proc                   proc    defaults        0 0\n' +
			'none                    /dev/shm                tmpfs   defaults        0 0\n'
	);
	mountAtBoot(k, 'proc', 'none', '/proc');
	mountAtBoot(k, 'devpts', 'none', '/dev/pts');
	mountAtBoot(k, 'tmpfs', 'none', '/dev/shm');
	k.writeFile(
		'/etc/mtab',
		'/dev/hda1 / ext2 rw 0 0\nnone /proc proc rw 0 0\nnone /dev/pts devpts rw,gid=5,mode=620 0 0\nnone /dev/shm tmpfs rw 0 0\n'
	);

	// The base distribution: /etc, the rc scripts and links, /var (issue 10).
	installBase(k, opts);
	// The rpm database, derived from the files above, so keep this last (issue 13).
	installPackages(k);
}
