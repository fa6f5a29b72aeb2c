// Installs the base distribution into a kernel's tree at boot: /etc, the rc directories and their
// links (as `chkconfig --add` would make them, with the fixed facts' services off), the service
// scripts, /var's log, spool and lock directories, and the web page.
import type { Kernel } from '../kernel/kernel.ts';
import { interfaceViews } from '../kernel/net/index.ts';
import { etcFiles } from './etc.ts';
import { FUNCTIONS, INIT_SCRIPTS, OFF_AT_BOOT, RC, RC_SYSINIT, RUN_PARTS, SERVICE } from './rc.ts';

export interface BaseOptions {
	hostname: string;
	domainname: string;
}

/** The `# chkconfig: LEVELS START STOP` header of a script. */
function header(text: string): { levels: string; start: string; stop: string } | null {
	const m = /^# chkconfig: (\S+) (\d+) (\d+)$/m.exec(text);
	return m ? { levels: m[1]!, start: m[2]!.padStart(2, '0'), stop: m[3]!.padStart(2, '0') } : null;
}

export function installBase(k: Kernel, o: BaseOptions): void {
	const eth0 = interfaceViews(k).find((i) => i.name === 'eth0')?.addr ?? '192.168.1.1';
	for (const dir of [
		'/etc/sysconfig/network-scripts',
		'/etc/xinetd.d',
		'/etc/httpd/conf',
		'/etc/ssh',
		'/etc/mail',
		'/etc/cron.hourly',
		'/etc/cron.daily',
		'/etc/cron.weekly',
		'/etc/cron.monthly',
		'/etc/rc.d/init.d',
		'/var/lock/subsys',
		'/var/log/httpd',
		'/var/spool/cron',
		'/usr/X11R6/bin'
	]) {
		k.mkdirp(dir);
	}
	k.mkdirp('/var/spool/mail', 0o775, 0, 12);
	for (const [path, text] of Object.entries(
		etcFiles({ hostname: o.hostname, domainname: o.domainname, eth0 })
	)) {
		k.writeFile(path, text);
	}
	k.writeFile('/etc/rc.d/init.d/functions', FUNCTIONS);
	k.writeFile('/etc/rc.d/rc', RC, 0o755);
	k.writeFile('/etc/rc.d/rc.sysinit', RC_SYSINIT, 0o755);
	k.writeFile('/sbin/service', SERVICE, 0o755);
	k.writeFile('/usr/bin/run-parts', RUN_PARTS, 0o755);
	// Red Hat 7.3's compatibility links: /etc/init.d and /etc/rcN.d lead into /etc/rc.d.
	k.symlink('/etc/init.d', 'rc.d/init.d');
	for (let l = 0; l <= 6; l++) {
		k.mkdirp(`/etc/rc.d/rc${l}.d`);
		k.symlink(`/etc/rc${l}.d`, `rc.d/rc${l}.d`);
	}
	for (const [name, text] of Object.entries(INIT_SCRIPTS)) {
		k.writeFile(`/etc/rc.d/init.d/${name}`, text, 0o755);
		const h = header(text);
		if (!h) continue;
		for (let l = 0; l <= 6; l++) {
			const on = !OFF_AT_BOOT.has(name) && h.levels.includes(String(l));
			k.symlink(
				`/etc/rc.d/rc${l}.d/${on ? 'S' + h.start : 'K' + h.stop}${name}`,
				`../init.d/${name}`
			);
		}
	}
	// What syslogd writes to exists from the start, readable by root only, as on a fresh install.
	for (const log of ['messages', 'secure', 'maillog', 'cron']) {
		k.writeFile(`/var/log/${log}`, '', 0o600);
	}
	k.writeFile('/var/log/wtmp', '', 0o664);
	k.writeFile('/var/run/utmp', '', 0o664);
}
