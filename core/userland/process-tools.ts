// The programs of issue 9 (process, user and system tools) with their Red Hat 7.3 paths; the
// image's registry includes this list, so adding a tool touches only this file.
import type { ProgramEntry } from './registry.ts';
import { ps } from './ps.ts';
import { pstree } from './pstree.ts';
import { kill } from './kill.ts';
import { killall, pidof } from './killall.ts';
import { groups, id, whoami } from './id.ts';
import { uname } from './uname.ts';
import { hostname, tty } from './hostname.ts';
import { su } from './su.ts';
import { strace } from './strace.ts';
import { uptime, w, who } from './uptime.ts';
import { free } from './free.ts';
import { top } from './top.ts';
import { stty } from './stty.ts';
import { nice, renice } from './nice.ts';
import { mount, umount } from './mount.ts';
import { chroot } from './chroot.ts';
import { netstat } from './netstat.ts';
import { ifconfig } from './ifconfig.ts';
import { ping } from './ping.ts';
import { dmesg } from './dmesg.ts';
import { man } from './man.ts';
import { ip, route } from './route.ts';
import { passwd } from './passwd.ts';
import { groupadd, groupdel, useradd, userdel } from './useradd.ts';
import { ipcrm, ipcs } from './ipcs.ts';

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
	{ name: 'strace', paths: ['/usr/bin/strace'], run: strace },
	{ name: 'uptime', paths: ['/usr/bin/uptime'], run: uptime },
	{ name: 'w', paths: ['/usr/bin/w'], run: w },
	{ name: 'who', paths: ['/usr/bin/who'], run: who },
	{ name: 'free', paths: ['/usr/bin/free'], run: free },
	{ name: 'top', paths: ['/usr/bin/top'], run: top },
	{ name: 'stty', paths: ['/bin/stty'], run: stty },
	{ name: 'nice', paths: ['/bin/nice'], run: nice },
	{ name: 'renice', paths: ['/usr/bin/renice'], run: renice },
	{ name: 'mount', paths: ['/bin/mount'], run: mount },
	{ name: 'umount', paths: ['/bin/umount'], run: umount },
	{ name: 'chroot', paths: ['/usr/sbin/chroot'], run: chroot },
	{ name: 'netstat', paths: ['/bin/netstat'], run: netstat },
	{ name: 'ifconfig', paths: ['/sbin/ifconfig'], run: ifconfig },
	{ name: 'ping', paths: ['/bin/ping'], run: ping, mode: 0o4755 },
	{ name: 'dmesg', paths: ['/bin/dmesg'], run: dmesg },
	{ name: 'man', paths: ['/usr/bin/man'], run: man },
	{ name: 'route', paths: ['/sbin/route'], run: route },
	{ name: 'ip', paths: ['/sbin/ip'], run: ip },
	{ name: 'passwd', paths: ['/usr/bin/passwd'], run: passwd, mode: 0o4755 },
	{ name: 'useradd', paths: ['/usr/sbin/useradd', '/usr/sbin/adduser'], run: useradd },
	{ name: 'userdel', paths: ['/usr/sbin/userdel'], run: userdel },
	{ name: 'groupadd', paths: ['/usr/sbin/groupadd'], run: groupadd },
	{ name: 'groupdel', paths: ['/usr/sbin/groupdel'], run: groupdel },
	{ name: 'ipcs', paths: ['/usr/bin/ipcs'], run: ipcs },
	{ name: 'ipcrm', paths: ['/usr/bin/ipcrm'], run: ipcrm }
];
