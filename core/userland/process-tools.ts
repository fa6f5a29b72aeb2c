// The programs of issue 9 (process, user and system tools) with their Red Hat 7.3 paths; the
// image's registry includes this list, so adding a tool touches only this file.
import type { ProgramEntry } from './registry.ts';
import { lazy } from './lib/lazy.ts';
import { everyday } from './lib/everyday.ts';

export const processTools: ProgramEntry[] = [
	{ name: 'ps', paths: ['/bin/ps'], run: lazy(everyday, (m) => m.ps) },
	{ name: 'pstree', paths: ['/usr/bin/pstree'], run: lazy(everyday, (m) => m.pstree) },
	{ name: 'kill', paths: ['/bin/kill'], run: lazy(everyday, (m) => m.kill) },
	{ name: 'killall', paths: ['/usr/bin/killall'], run: lazy(everyday, (m) => m.killall) },
	{ name: 'pidof', paths: ['/sbin/pidof'], run: lazy(everyday, (m) => m.pidof) },
	{ name: 'id', paths: ['/usr/bin/id'], run: lazy(everyday, (m) => m.id) },
	{ name: 'whoami', paths: ['/usr/bin/whoami'], run: lazy(everyday, (m) => m.whoami) },
	{ name: 'groups', paths: ['/usr/bin/groups'], run: lazy(everyday, (m) => m.groups) },
	{ name: 'uname', paths: ['/bin/uname'], run: lazy(everyday, (m) => m.uname) },
	{
		name: 'hostname',
		paths: ['/bin/hostname', '/bin/domainname', '/bin/dnsdomainname', '/bin/nisdomainname'],
		run: lazy(everyday, (m) => m.hostname)
	},
	{ name: 'tty', paths: ['/usr/bin/tty'], run: lazy(everyday, (m) => m.tty) },
	{ name: 'su', paths: ['/bin/su'], run: lazy(everyday, (m) => m.su), mode: 0o4755 },
	{
		name: 'strace',
		paths: ['/usr/bin/strace'],
		run: lazy(
			() => import('./strace.ts'),
			(m) => m.strace
		)
	},
	{
		name: 'uptime',
		paths: ['/usr/bin/uptime'],
		run: lazy(
			() => import('./uptime.ts'),
			(m) => m.uptime
		)
	},
	{
		name: 'w',
		paths: ['/usr/bin/w'],
		run: lazy(
			() => import('./uptime.ts'),
			(m) => m.w
		)
	},
	{
		name: 'who',
		paths: ['/usr/bin/who'],
		run: lazy(
			() => import('./uptime.ts'),
			(m) => m.who
		)
	},
	{
		name: 'free',
		paths: ['/usr/bin/free'],
		run: lazy(
			() => import('./free.ts'),
			(m) => m.free
		)
	},
	{
		name: 'top',
		paths: ['/usr/bin/top'],
		run: lazy(
			() => import('./top.ts'),
			(m) => m.top
		)
	},
	{
		name: 'stty',
		paths: ['/bin/stty'],
		run: lazy(
			() => import('./stty.ts'),
			(m) => m.stty
		)
	},
	{
		name: 'nice',
		paths: ['/bin/nice'],
		run: lazy(
			() => import('./nice.ts'),
			(m) => m.nice
		)
	},
	{
		name: 'renice',
		paths: ['/usr/bin/renice'],
		run: lazy(
			() => import('./nice.ts'),
			(m) => m.renice
		)
	},
	{
		name: 'mount',
		paths: ['/bin/mount'],
		run: lazy(
			() => import('./mount.ts'),
			(m) => m.mount
		)
	},
	{
		name: 'umount',
		paths: ['/bin/umount'],
		run: lazy(
			() => import('./mount.ts'),
			(m) => m.umount
		)
	},
	{
		name: 'chroot',
		paths: ['/usr/sbin/chroot'],
		run: lazy(
			() => import('./chroot.ts'),
			(m) => m.chroot
		)
	},
	{
		name: 'netstat',
		paths: ['/bin/netstat'],
		run: lazy(
			() => import('./netstat.ts'),
			(m) => m.netstat
		)
	},
	{
		name: 'ifconfig',
		paths: ['/sbin/ifconfig'],
		run: lazy(
			() => import('./ifconfig.ts'),
			(m) => m.ifconfig
		)
	},
	{
		name: 'ping',
		paths: ['/bin/ping'],
		run: lazy(
			() => import('./ping.ts'),
			(m) => m.ping
		),
		mode: 0o4755
	},
	{
		name: 'dmesg',
		paths: ['/bin/dmesg'],
		run: lazy(
			() => import('./dmesg.ts'),
			(m) => m.dmesg
		)
	},
	{
		name: 'man',
		paths: ['/usr/bin/man'],
		run: lazy(
			() => import('./man.ts'),
			(m) => m.man
		)
	},
	{
		name: 'route',
		paths: ['/sbin/route'],
		run: lazy(
			() => import('./route.ts'),
			(m) => m.route
		)
	},
	{
		name: 'ip',
		paths: ['/sbin/ip'],
		run: lazy(
			() => import('./route.ts'),
			(m) => m.ip
		)
	},
	{
		name: 'passwd',
		paths: ['/usr/bin/passwd'],
		run: lazy(
			() => import('./passwd.ts'),
			(m) => m.passwd
		),
		mode: 0o4755
	},
	{
		name: 'useradd',
		paths: ['/usr/sbin/useradd', '/usr/sbin/adduser'],
		run: lazy(
			() => import('./useradd.ts'),
			(m) => m.useradd
		)
	},
	{
		name: 'userdel',
		paths: ['/usr/sbin/userdel'],
		run: lazy(
			() => import('./useradd.ts'),
			(m) => m.userdel
		)
	},
	{
		name: 'groupadd',
		paths: ['/usr/sbin/groupadd'],
		run: lazy(
			() => import('./useradd.ts'),
			(m) => m.groupadd
		)
	},
	{
		name: 'groupdel',
		paths: ['/usr/sbin/groupdel'],
		run: lazy(
			() => import('./useradd.ts'),
			(m) => m.groupdel
		)
	},
	{
		name: 'ipcs',
		paths: ['/usr/bin/ipcs'],
		run: lazy(
			() => import('./ipcs.ts'),
			(m) => m.ipcs
		)
	},
	{
		name: 'ipcrm',
		paths: ['/usr/bin/ipcrm'],
		run: lazy(
			() => import('./ipcs.ts'),
			(m) => m.ipcrm
		)
	}
];
