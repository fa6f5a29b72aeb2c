// The programs of issue 9 (process, user and system tools) with their Red Hat 7.3 paths; the
// image's registry includes this list, so adding a tool touches only this file.
import type { ProgramEntry } from './registry.ts';
import { lazy } from './lib/lazy.ts';
import { ps } from './ps.ts';
import { pstree } from './pstree.ts';
import { kill } from './kill.ts';
import { killall, pidof } from './killall.ts';
import { groups, id, whoami } from './id.ts';
import { uname } from './uname.ts';
import { hostname, tty } from './hostname.ts';
import { su } from './su.ts';

export const processTools: ProgramEntry[] = [
	{ name: 'ps', paths: ['/bin/ps'], run: ps },
	{ name: 'pstree', paths: ['/usr/bin/pstree'], run: pstree },
	{ name: 'kill', paths: ['/bin/kill'], run: kill },
	{ name: 'killall', paths: ['/usr/bin/killall'], run: killall },
	{ name: 'pidof', paths: ['/sbin/pidof'], run: pidof },
	{ name: 'id', paths: ['/usr/bin/id'], run: id },
	{ name: 'whoami', paths: ['/usr/bin/whoami'], run: whoami },
	{ name: 'groups', paths: ['/usr/bin/groups'], run: groups },
	{ name: 'uname', paths: ['/bin/uname'], run: uname },
	{
		name: 'hostname',
		paths: ['/bin/hostname', '/bin/domainname', '/bin/dnsdomainname', '/bin/nisdomainname'],
		run: hostname
	},
	{ name: 'tty', paths: ['/usr/bin/tty'], run: tty },
	{ name: 'su', paths: ['/bin/su'], run: su, mode: 0o4755 },
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
