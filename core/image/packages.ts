// The image's rpm database: which Red Hat 7.3 package owns which file of the tree, written at
// build time from the files the image really has (size, mtime, MD5 and mode read from the tree),
// with configuration files marked. Also an erratum package (a newer fileutils) for rpm -U to
// install, so unification and package updates have real input.
import type { Kernel } from '../kernel/kernel.ts';
import { deferContents, kindOf, type Inode } from '../kernel/vfs.ts';
import { md5 } from '../userland/lib/md5.ts';
import { installUnifyScripts } from './unify-scripts.ts';
import {
	DB_PATH,
	ZERO_MD5,
	buildPackageFile,
	formatDb,
	type Package,
	type PackageFile
} from '../userland/lib/rpmdb.ts';

interface PackageSpec {
	name: string;
	version: string;
	release: string;
	group: string;
	summary: string;
	/** Paths the package installs (those the image lacks are left out). */
	files: string[];
	/** The subset that rpm marks %config. */
	config?: string[];
}

// CHOICE: the versions are those of the Red Hat 7.3 (Valhalla) release as far as they could be
// recalled; where a file's package is unsure, the nearest package that shipped the program.
const INIT_D = '/etc/rc.d/init.d/';
export const PACKAGES: PackageSpec[] = [
	{
		name: 'setup',
		version: '2.5.12',
		release: '1',
		group: 'System Environment/Base',
		summary: 'A set of system configuration and setup files.',
		files: [],
		config: [
			'/etc/passwd',
			'/etc/group',
			'/etc/services',
			'/etc/hosts',
			'/etc/host.conf',
			'/etc/profile',
			'/etc/bashrc',
			'/etc/shells',
			'/etc/motd',
			'/etc/securetty'
		]
	},
	{
		name: 'redhat-release',
		version: '7.3',
		release: '1',
		group: 'System Environment/Base',
		summary: 'Red Hat Linux release file.',
		files: [],
		config: ['/etc/redhat-release', '/etc/issue', '/etc/issue.net']
	},
	{
		name: 'bash',
		version: '2.05a',
		release: '13',
		group: 'System Environment/Shells',
		summary: 'The GNU Bourne Again shell (bash).',
		files: ['/bin/bash', '/bin/sh']
	},
	{
		name: 'fileutils',
		version: '4.1',
		release: '10',
		group: 'Applications/File',
		summary: 'The GNU versions of common file management utilities.',
		files: [
			'/bin/chgrp',
			'/bin/chmod',
			'/bin/chown',
			'/bin/cp',
			'/bin/df',
			'/bin/ln',
			'/bin/ls',
			'/bin/mkdir',
			'/bin/mv',
			'/bin/rm',
			'/bin/rmdir',
			'/bin/touch',
			'/usr/bin/du'
		]
	},
	{
		name: 'textutils',
		version: '2.0.21',
		release: '2',
		group: 'Applications/Text',
		summary: 'A set of GNU text file modifying utilities.',
		files: [
			'/bin/cat',
			'/bin/cut',
			'/bin/sort',
			'/usr/bin/head',
			'/usr/bin/md5sum',
			'/usr/bin/tail',
			'/usr/bin/tr',
			'/usr/bin/uniq',
			'/usr/bin/wc'
		]
	},
	{
		name: 'sh-utils',
		version: '2.0.11',
		release: '14',
		group: 'System Environment/Shells',
		summary: 'A set of GNU utilities commonly used in shell scripts.',
		files: [
			'/bin/basename',
			'/bin/date',
			'/bin/echo',
			'/bin/env',
			'/bin/false',
			'/bin/nice',
			'/bin/sleep',
			'/bin/stty',
			'/bin/su',
			'/bin/true',
			'/bin/uname',
			'/usr/bin/[',
			'/usr/bin/dirname',
			'/usr/bin/env',
			'/usr/bin/groups',
			'/usr/bin/id',
			'/usr/bin/printenv',
			'/usr/bin/printf',
			'/usr/bin/seq',
			'/usr/bin/tee',
			'/usr/bin/test',
			'/usr/bin/tty',
			'/usr/bin/whoami',
			'/usr/bin/yes',
			'/usr/sbin/chroot'
		]
	},
	{
		name: 'grep',
		version: '2.5.1',
		release: '1',
		group: 'Applications/Text',
		summary: 'The GNU versions of grep pattern matching utilities.',
		files: ['/bin/egrep', '/bin/fgrep', '/bin/grep']
	},
	{
		name: 'sed',
		version: '3.02',
		release: '11',
		group: 'Applications/Text',
		summary: 'A GNU stream text editor.',
		files: ['/bin/sed']
	},
	{
		name: 'gawk',
		version: '3.1.0',
		release: '4',
		group: 'Applications/Text',
		summary: 'The GNU version of the awk text processing utility.',
		files: ['/bin/awk', '/bin/gawk', '/usr/bin/awk', '/usr/bin/gawk']
	},
	{
		name: 'tar',
		version: '1.13.25',
		release: '4',
		group: 'Applications/Archiving',
		summary: 'A GNU file archiving program.',
		files: ['/bin/tar']
	},
	{
		name: 'findutils',
		version: '4.1.7',
		release: '4',
		group: 'Applications/File',
		summary: 'The GNU versions of find utilities (find and xargs).',
		files: ['/usr/bin/find', '/usr/bin/xargs']
	},
	{
		name: 'e2fsprogs',
		version: '1.27',
		release: '9',
		group: 'System Environment/Base',
		summary: 'Utilities for managing the second extended (ext2) filesystem.',
		files: ['/usr/bin/chattr', '/usr/bin/lsattr']
	},
	{
		name: 'less',
		version: '358',
		release: '24',
		group: 'Applications/Text',
		summary: 'A text file browser similar to more, but better.',
		files: ['/usr/bin/less']
	},
	{
		name: 'vim-minimal',
		version: '6.1',
		release: '2',
		group: 'Applications/Editors',
		summary: 'A minimal version of the VIM editor.',
		files: ['/bin/vi']
	},
	{
		name: 'util-linux',
		version: '2.11n',
		release: '12',
		group: 'System Environment/Base',
		summary: 'A collection of basic system utilities.',
		files: [
			'/bin/dmesg',
			'/bin/login',
			'/bin/more',
			'/usr/bin/ipcrm',
			'/usr/bin/ipcs',
			'/usr/bin/logger',
			'/usr/bin/renice'
		]
	},
	{
		name: 'mount',
		version: '2.11n',
		release: '12',
		group: 'System Environment/Base',
		summary: 'Programs for mounting and unmounting filesystems.',
		files: ['/bin/mount', '/bin/umount']
	},
	{
		name: 'procps',
		version: '2.0.7',
		release: '12',
		group: 'Applications/System',
		summary: 'System and process monitoring utilities.',
		files: [
			'/bin/kill',
			'/bin/ps',
			'/usr/bin/free',
			'/usr/bin/top',
			'/usr/bin/uptime',
			'/usr/bin/w'
		]
	},
	{
		name: 'psmisc',
		version: '20.2',
		release: '2',
		group: 'Applications/System',
		summary: 'Utilities for managing processes on your system.',
		files: ['/usr/bin/killall', '/usr/bin/pstree']
	},
	{
		name: 'SysVinit',
		version: '2.84',
		release: '2',
		group: 'System Environment/Base',
		summary: 'Programs which control basic system processes.',
		files: ['/sbin/init', '/sbin/pidof', '/sbin/runlevel', '/sbin/telinit', '/usr/bin/who']
	},
	{
		name: 'initscripts',
		version: '6.67',
		release: '1',
		group: 'System Environment/Base',
		summary: 'The inittab file and the /etc/init.d scripts.',
		files: ['/sbin/service', '/etc/init.d', '/etc/rc0.d', '/etc/rc1.d', '/etc/rc2.d'].concat([
			'/etc/rc3.d',
			'/etc/rc4.d',
			'/etc/rc5.d',
			'/etc/rc6.d'
		]),
		config: [
			'/etc/inittab',
			'/etc/rc.d/rc',
			'/etc/rc.d/rc.sysinit',
			INIT_D + 'functions',
			'/etc/sysconfig/network-scripts/ifcfg-lo'
		]
	},
	{
		name: 'chkconfig',
		version: '1.3.5',
		release: '3',
		group: 'System Environment/Base',
		summary: 'A system tool for maintaining the /etc/rc*.d hierarchy.',
		files: ['/sbin/chkconfig']
	},
	{
		name: 'ntsysv',
		version: '1.3.5',
		release: '3',
		group: 'System Environment/Base',
		summary: 'A tool to set the stop/start of system services in a runlevel.',
		files: ['/usr/sbin/ntsysv']
	},
	{
		name: 'net-tools',
		version: '1.60',
		release: '4',
		group: 'System Environment/Base',
		summary: 'The basic tools for setting up networking.',
		files: [
			'/bin/dnsdomainname',
			'/bin/domainname',
			'/bin/hostname',
			'/bin/netstat',
			'/bin/nisdomainname',
			'/sbin/ifconfig',
			'/sbin/route'
		]
	},
	{
		name: 'iputils',
		version: '20020124',
		release: '3',
		group: 'System Environment/Daemons',
		summary: 'Network monitoring tools including ping.',
		files: ['/bin/ping']
	},
	{
		name: 'iproute',
		version: '2.4.7',
		release: '1',
		group: 'Applications/System',
		summary: 'Advanced IP routing and network device configuration tools.',
		files: ['/sbin/ip']
	},
	{
		name: 'sysklogd',
		version: '1.4.1',
		release: '8',
		group: 'System Environment/Daemons',
		summary: 'System logging and kernel message trapping daemons.',
		files: ['/sbin/syslogd'],
		config: ['/etc/syslog.conf', '/etc/sysconfig/syslog', INIT_D + 'syslog']
	},
	{
		name: 'vixie-cron',
		version: '3.0.1',
		release: '69',
		group: 'System Environment/Base',
		summary: 'The Vixie cron daemon for executing specified programs at set times.',
		files: ['/usr/sbin/crond'],
		config: [INIT_D + 'crond']
	},
	{
		name: 'crontabs',
		version: '1.10',
		release: '1',
		group: 'System Environment/Base',
		summary: 'Root crontab files used to schedule the execution of programs.',
		files: ['/usr/bin/run-parts'],
		config: ['/etc/crontab']
	},
	{
		name: 'xinetd',
		version: '2.3.4',
		release: '0.8',
		group: 'System Environment/Daemons',
		summary: 'A secure replacement for inetd.',
		files: ['/usr/sbin/xinetd'],
		config: ['/etc/xinetd.conf', INIT_D + 'xinetd']
	},
	{
		name: 'telnet-server',
		version: '0.17',
		release: '20',
		group: 'System Environment/Daemons',
		summary: 'The server program for the telnet remote login protocol.',
		files: ['/usr/sbin/in.telnetd'],
		config: ['/etc/xinetd.d/telnet']
	},
	{
		name: 'telnet',
		version: '0.17',
		release: '20',
		group: 'Applications/Internet',
		summary: 'The client program for the telnet remote login protocol.',
		files: ['/usr/bin/telnet']
	},
	{
		name: 'apache',
		version: '1.3.23',
		release: '11',
		group: 'System Environment/Daemons',
		summary: 'The most widely used Web server on the Internet.',
		files: ['/usr/sbin/httpd'],
		config: ['/etc/httpd/conf/httpd.conf', INIT_D + 'httpd']
	},
	{
		name: 'openssh-server',
		version: '3.1p1',
		release: '3',
		group: 'System Environment/Daemons',
		summary: 'The OpenSSH server daemon.',
		files: ['/usr/sbin/sshd'],
		config: ['/etc/ssh/sshd_config', INIT_D + 'sshd']
	},
	{
		name: 'sendmail',
		version: '8.11.6',
		release: '15',
		group: 'System Environment/Daemons',
		summary: 'A widely used Mail Transport Agent (MTA).',
		files: ['/usr/sbin/sendmail'],
		config: ['/etc/mail/sendmail.cf', INIT_D + 'sendmail']
	},
	{
		name: 'shadow-utils',
		version: '20000902',
		release: '7',
		group: 'System Environment/Base',
		summary: 'Utilities for managing accounts and shadow password files.',
		files: ['/usr/sbin/adduser', '/usr/sbin/groupadd', '/usr/sbin/groupdel'].concat([
			'/usr/sbin/useradd',
			'/usr/sbin/userdel'
		])
	},
	{
		name: 'passwd',
		version: '0.67',
		release: '1',
		group: 'System Environment/Base',
		summary: 'The passwd utility for setting/changing passwords using PAM.',
		files: ['/usr/bin/passwd']
	},
	{
		name: 'strace',
		version: '4.4',
		release: '4',
		group: 'Development/Debuggers',
		summary: 'Tracks and displays system calls associated with a running process.',
		files: ['/usr/bin/strace']
	},
	{
		name: 'man',
		version: '1.5j',
		release: '6',
		group: 'System Environment/Base',
		summary: 'A set of documentation tools: man, apropos and whatis.',
		files: ['/usr/bin/man']
	},
	{
		name: 'which',
		version: '2.13',
		release: '3',
		group: 'Applications/System',
		summary: 'Displays where a particular program in your path is located.',
		files: ['/usr/bin/which']
	},
	{
		name: 'ncurses',
		version: '5.2',
		release: '26',
		group: 'System Environment/Libraries',
		summary: 'A CRT screen handling and optimization package.',
		files: ['/usr/bin/clear']
	},
	{
		name: 'nc',
		version: '1.10',
		release: '11',
		group: 'Applications/Internet',
		summary: 'Reads and writes data across network connections using TCP or UDP.',
		files: ['/usr/bin/nc']
	},
	{
		name: 'wget',
		version: '1.8.1',
		release: '4',
		group: 'Applications/Internet',
		summary: 'A utility for retrieving files using the HTTP or FTP protocols.',
		files: ['/usr/bin/wget']
	},
	{
		name: 'XFree86',
		version: '4.2.0',
		release: '8',
		group: 'User Interface/X',
		summary: 'The basic fonts, programs and docs for an X workstation.',
		files: ['/usr/X11R6/bin/xterm']
	},
	{
		name: 'rpm',
		version: '4.0.4',
		release: '7x',
		group: 'System Environment/Base',
		summary: 'The Red Hat package management system.',
		files: ['/bin/rpm']
	},
	{
		name: 'vserver',
		version: '0.22',
		release: '1',
		group: 'System Environment/Daemons',
		summary: 'Tools to run virtual private servers in security contexts.',
		files: [
			'/usr/sbin/chbind',
			'/usr/sbin/chcontext',
			'/usr/sbin/reducecap',
			'/usr/sbin/rootshell',
			'/usr/sbin/vdu',
			'/usr/sbin/vkill',
			'/usr/sbin/vps',
			'/usr/sbin/vpstree',
			'/usr/sbin/vrpm',
			'/usr/sbin/vserver',
			'/usr/sbin/vserver-stat',
			'/usr/sbin/vtop',
			'/usr/lib/vserver/capchroot',
			'/usr/lib/vserver/distrib-info',
			'/usr/lib/vserver/filetime',
			'/usr/lib/vserver/parserpmdump',
			'/usr/lib/vserver/save_s_context',
			'/usr/lib/vserver/setattr',
			'/usr/lib/vserver/showattr',
			'/usr/lib/vserver/vbuild',
			'/usr/lib/vserver/vdu',
			'/usr/lib/vserver/vserverkillall',
			'/usr/lib/vserver/vunify'
		],
		config: [INIT_D + 'vservers', INIT_D + 'rebootmgr', '/etc/vservers.conf']
	},
	{
		// SIMPLIFIED: the 2003 package also needed linuxconf-utils and linuxconf-lib (its
		// dialogs); ours asks on the terminal and depends on nothing.
		name: 'vserver-admin',
		version: '0.22',
		release: '1',
		group: 'System Environment/Daemons',
		summary: 'A front-end to create virtual servers.',
		files: ['/usr/sbin/newvserver'],
		config: ['/etc/vservers/newvserver.defaults']
	}
];

/** The erratum in the image: a fileutils rebuilt with fixes, for `rpm -U` and vrpm. */
export const UPDATE = { name: 'fileutils', release: '10.1', dir: '/root/updates' };

/** The inode at `path`; `dirs` keeps the directories looked up so far (files share them). */
function child(k: Kernel, path: string, dirs: Map<string, Inode | null>): Inode | null {
	const i = path.lastIndexOf('/');
	const at = path.slice(0, i) || '/';
	let dir = dirs.get(at);
	if (dir === undefined) dirs.set(at, (dir = k.lookup(at)));
	return dir?.entries?.get(path.slice(i + 1)) ?? null;
}

/** Digests of file contents seen by earlier image builds: every boot installs the same files. */
const digests = new Map<string, string>();
const DIGESTS_MAX = 2048;

/** md5 of a file's text, remembered while the contents recur. */
function digest(data: string): string {
	let d = digests.get(data);
	if (d === undefined) {
		if (digests.size >= DIGESTS_MAX) digests.clear();
		digests.set(data, (d = md5(data)));
	}
	return d;
}

function describe(path: string, inode: Inode, config: boolean): PackageFile {
	const kind = kindOf(inode.mode);
	return {
		path,
		size: kind === 'file' ? inode.data.length : kind === 'symlink' ? inode.target.length : 0,
		mtime: inode.mtime,
		// Filled in by `fillDigests` (a symlink's stays zero).
		md5: ZERO_MD5,
		mode: inode.mode,
		// The image's files all belong to root (package files are never a user's).
		owner: inode.uid === 0 ? 'root' : String(inode.uid),
		group: inode.gid === 0 ? 'root' : String(inode.gid),
		config,
		doc: false,
		rdev: 0,
		link: kind === 'symlink' ? inode.target : 'X'
	};
}

/**
 * The packages as installed in `k`'s tree (only the files the tree really has), with each
 * regular file's contents as they are now; their md5s are left to `fillDigests`.
 */
function collect(k: Kernel): { pkgs: Package[]; contents: Map<PackageFile, string> } {
	const pkgs: Package[] = [];
	const contents = new Map<PackageFile, string>();
	const when = k.now();
	const dirs = new Map<string, Inode | null>();
	for (const spec of PACKAGES) {
		const files: PackageFile[] = [];
		const config = new Set(spec.config ?? []);
		for (const path of [...spec.files, ...config].sort()) {
			const inode = child(k, path, dirs);
			if (!inode || (kindOf(inode.mode) !== 'file' && kindOf(inode.mode) !== 'symlink')) continue;
			const file = describe(path, inode, config.has(path));
			if (file.link === 'X') contents.set(file, inode.data);
			files.push(file);
		}
		if (files.length === 0) continue;
		const { name, version, release, group, summary } = spec;
		pkgs.push({
			name,
			version,
			release,
			group,
			summary,
			installTime: when,
			buildTime: when,
			files
		});
	}
	return { pkgs, contents };
}

/** Fills in the md5 of every regular file `collect` found (once) and returns the packages. */
function fillDigests(found: { pkgs: Package[]; contents: Map<PackageFile, string> }): Package[] {
	for (const [file, data] of found.contents) file.md5 = digest(data);
	found.contents.clear();
	return found.pkgs;
}

/** The packages as installed in `k`'s tree: only the files the tree really has. */
export function installedPackages(k: Kernel): Package[] {
	return fillDigests(collect(k));
}

/**
 * Installs the scripts of unification, writes /var/lib/rpm/Packages for the tree as built, then
 * the erratum package file. Call it last when building the image, once every file is in place.
 * Both files need an md5 of every package file, the largest single cost of a boot, and few
 * machines read them: their texts are made when first read, from the tree as it is here (file
 * contents are strings, which never change), so they are the same whenever they are made.
 */
export function installPackages(k: Kernel): void {
	installUnifyScripts(k);
	const found = collect(k);
	k.mkdirp('/var/lib/rpm');
	deferContents(k.writeFile(DB_PATH, ''), () => formatDb(fillDigests(found)));
	const base = found.pkgs.find((p) => p.name === UPDATE.name);
	if (!base) return;
	// The rebuilt programs differ from the installed ones only by a trailing note after the
	// program's tag, so they run the same program (binaryImage) but are other bytes.
	// Built two weeks before this machine was installed, as errata usually are.
	const when = k.now() - 86400 * 14;
	const contents = new Map<string, string>();
	const dirs = new Map<string, Inode | null>();
	for (const f of base.files) {
		const old = child(k, f.path, dirs)!;
		contents.set(
			f.path,
			f.link === 'X' ? `${old.data}${UPDATE.name}-${base.version}-${UPDATE.release}\0` : ''
		);
	}
	k.mkdirp(UPDATE.dir, 0o755);
	const erratum = k.writeFile(
		`${UPDATE.dir}/${UPDATE.name}-${base.version}-${UPDATE.release}.i386.rpm`,
		''
	);
	deferContents(erratum, () => {
		const files = base.files.map((f) => {
			const data = contents.get(f.path)!;
			return f.link === 'X' ? { ...f, size: data.length, md5: digest(data), mtime: when } : f;
		});
		const update: Package = { ...base, release: UPDATE.release, buildTime: when, files };
		return buildPackageFile(update, contents);
	});
}
