import { describe, expect, it } from 'vitest';
import { lab, type Lab } from '../userland/testing.ts';
import { VSERVER_FRAMEWORK } from './vserver-framework.ts';

/** A machine where root has built vserver `v1`, with crond switched on in it. */
async function withBuilt(fn: (l: Lab) => Promise<void>): Promise<void> {
	const l = await lab();
	try {
		const r = await l.run('vserver v1 build');
		expect(r.stdout).toBe('/etc/vservers/v1.conf has been created. Look at it!\n');
		await l.run('chroot /vservers/v1 /sbin/chkconfig --level 3 crond on');
		await l.run('echo S_HOSTNAME=v1.example.net >> /etc/vservers/v1.conf');
		await fn(l);
	} finally {
		l.dispose();
	}
}

const ctxOf = (l: Lab, name: string): number[] =>
	[...l.kernel.procs.values()]
		.filter((p) => p.args[0] === name || p.comm === name)
		.map((p) => p.ctx);

describe('the vserver framework', () => {
	it('is plain /bin/sh scripts that name no host', () => {
		for (const [path, text] of Object.entries(VSERVER_FRAMEWORK)) {
			expect(text.startsWith('#!/bin/sh\n'), path).toBe(true);
			expect(text, path).not.toMatch(/\bmain\b|example\.org|192\.168/);
		}
	});

	it('vserver with fewer than two arguments prints its usage and fails', async () => {
		const l = await lab();
		try {
			const r = await l.run('vserver v1');
			expect(r.exitCode).toBe(1);
			expect(r.stdout).toMatch(/^vserver \[ options \] server-name command/);
			expect(r.stdout).toContain('--nodev');
			const u = await l.run('vserver v1 frob');
			expect(u.stdout).toMatch(/^Command unknown frob\n\nvserver \[ options \]/);
			expect((await l.run('vserver v1 start')).stdout).toBe(
				'No configuration for this vserver: /etc/vservers/v1.conf\n'
			);
		} finally {
			l.dispose();
		}
	});

	it('build makes the tree, the minimal /dev, dummy fstab and mtab, services off, and the conf', () =>
		withBuilt(async (l) => {
			expect(l.kernel.lookup('/vservers/v1/bin/sh')).toBeTruthy();
			expect(l.kernel.lookup('/vservers/v1/tmp')!.mode & 0o7777).toBe(0o1777);
			expect(l.kernel.lookup('/vservers/v1/root')!.mode & 0o7777).toBe(0o750);
			expect((await l.run('ls /vservers/v1/dev')).stdout.split(/\s+/).filter(Boolean)).toEqual([
				'full',
				'hdv1',
				'null',
				'ptmx',
				'pts',
				'random',
				'tty',
				'urandom',
				'zero'
			]);
			expect(l.kernel.lookup('/vservers/v1/dev/random')!.mode & 0o777).toBe(0o644);
			expect((await l.run('cat /vservers/v1/etc/fstab /vservers/v1/etc/mtab')).stdout).toBe(
				'/dev/hdv1 / ext2 defaults 1 1\n/dev/hdv1 / ext2 rw 0 0\n'
			);
			expect(
				(await l.run('ls /vservers/v1/var/run /vservers/v1/var/lock/subsys')).stdout
			).not.toMatch(/\.pid|httpd/);
			// Only what the test switched back on starts in run level 3.
			expect((await l.run('ls /vservers/v1/etc/rc.d/rc3.d | grep ^S')).stdout).toBe('S90crond\n');
			// The host's own links are untouched.
			expect((await l.run('ls /etc/rc.d/rc3.d | grep -c ^S')).stdout).toBe('4\n');
			const conf = (await l.run('cat /etc/vservers/v1.conf')).stdout;
			for (const v of [
				'# Description:',
				'IPROOT=',
				'IPROOTDEV=',
				'IPROOTMASK=',
				'IPROOTBCAST=',
				'ONBOOT=',
				'S_CAPS=',
				'!CAP_SYS_CHROOT',
				'S_CONTEXT=',
				'S_DOMAINNAME=',
				'S_HOSTNAME=',
				'S_FLAGS="lock nproc"',
				'ULIMIT="-H -u 1000"',
				'S_NICE=',
				'PROFILE=prod'
			]) {
				expect(conf, v).toContain(v);
			}
			expect((await l.run('vserver v1 build')).stdout).toBe(
				'Virtual server /vservers/v1 already exist\n'
			);
		}));

	it("build's copy shares no inode with the host, and a write in the vserver stays there", () =>
		withBuilt(async (l) => {
			const host = l.kernel.lookup('/etc/passwd')!;
			const copy = l.kernel.lookup('/vservers/v1/etc/passwd')!;
			expect(copy.ino).not.toBe(host.ino);
			expect([host.nlink, copy.nlink]).toEqual([1, 1]);
			expect(copy.data).toBe(host.data);
			const ls = await l.run('ls -i /etc/passwd /vservers/v1/etc/passwd');
			const [a, b] = ls.stdout
				.trim()
				.split('\n')
				.map((line) => line.trim().split(/\s+/)[0]);
			expect(a).not.toBe(b);
			await l.run('vserver --silent v1 exec sh -c "echo intruder:x:0:0::/:/bin/sh >> /etc/passwd"');
			expect(l.read('/vservers/v1/etc/passwd')).toMatch(/intruder/);
			expect(l.read('/etc/passwd')).not.toMatch(/intruder/);
			// The copy itself is one FICLONE per file: no byte goes through read and write.
			const t = await l.run('strace cp /etc/services /tmp/services 2>&1');
			expect(t.stdout).toMatch(/ioctl\(4, "0x40049409", 3\) += 0/);
			expect(t.stdout).not.toMatch(/^(read|write)\(/m);
		}));

	it('start runs rc 3 in a new context with the IP and host name; running, status, stop', () =>
		withBuilt(async (l) => {
			expect((await l.run('vserver v1 running')).stdout).toBe('Server v1 is not running\n');
			const s = await l.run('vserver v1 start');
			expect(s.stdout).toMatch(
				/^Starting the virtual server v1\nipv4root is now 1\.2\.3\.4\nHost name is now v1\.example\.net\nNew security context is 2\nStarting crond:/
			);
			expect(ctxOf(l, 'crond').sort()).toEqual([0, 2]);
			expect((await l.run('cat /var/run/vservers/v1.ctx')).stdout).toBe(
				'S_CONTEXT=2\nS_PROFILE=prod\n'
			);
			expect(await l.run('vserver v1 running')).toMatchObject({
				stdout: 'Server v1 is running\n',
				exitCode: 0
			});
			expect((await l.run('vserver v1 status')).stdout).toMatch(
				/^1 processes running\nVserver uptime: \d+s\n$/
			);
			expect((await l.run('vserver v1 start')).stdout).toBe(
				'Starting the virtual server v1\nServer v1 is running\n'
			);
			const x = await l.run(
				'vserver --silent v1 exec sh -c "hostname; grep ^s_context /proc/self/status"'
			);
			expect(x.stdout).toBe('v1.example.net\ns_context: 2\n');
			const t = await l.run('vserver v1 stop');
			expect(t.stdout).toMatch(/^Stopping the virtual server v1\n/);
			expect(t.stdout).toMatch(/sleeping 5 seconds\nKilling all processes\n$/);
			expect(ctxOf(l, 'crond')).toEqual([0]);
			expect(await l.run('vserver v1 running')).toMatchObject({ exitCode: 1 });
			expect(l.kernel.lookup('/var/run/vservers/v1.ctx')).toBeFalsy();
		}));

	it('stop kills what rc 6 left behind, from inside the context', () =>
		withBuilt(async (l) => {
			await l.run('vserver --silent v1 start');
			// One shell: the lab ends what a command line leaves behind.
			const t = await l.run(
				'vserver --silent v1 exec sh -c "sleep 1000 &"; vps ax | grep -c "2   v1 .*sleep 1000$"; vserver --silent v1 stop'
			);
			expect(t.stdout).toMatch(/^1\n/);
			expect(t.stdout).toMatch(/kill -TERM \S*sleep\[\d+\]\n/);
			expect(ctxOf(l, 'sleep')).toEqual([]);
			expect((await l.run('/usr/lib/vserver/vserverkillall')).stdout).toBe(
				'Running in security context 0, do nothing\n'
			);
		}));

	it('exec on a stopped vserver makes a fresh context and remembers it', () =>
		withBuilt(async (l) => {
			const r = await l.run('vserver --silent v1 exec cat /var/run/utmp /etc/fstab');
			expect(r.stdout).toBe('/dev/hdv1 / ext2 defaults 1 1\n');
			expect((await l.run('cat /var/run/vservers/v1.ctx')).stdout).toMatch(/^S_CONTEXT=\d+\n/);
		}));

	it("chkconfig works on the vserver's own links, service runs its scripts, suexec a user", () =>
		withBuilt(async (l) => {
			expect((await l.run('vserver v1 chkconfig --level 3 syslog on')).exitCode).toBe(0);
			expect((await l.run('ls /vservers/v1/etc/rc.d/rc3.d | grep ^S')).stdout).toBe(
				'S12syslog\nS90crond\n'
			);
			expect((await l.run('chkconfig --list syslog')).stdout).toMatch(/3:on/);
			await l.run('vserver --silent v1 start');
			expect((await l.run('vserver --silent v1 service crond status')).stdout).toMatch(
				/^crond \(pid \d+\) is running\.\.\.\n$/
			);
			expect((await l.run('vserver --silent v1 suexec')).stdout).toBe('Missing user!\n');
			expect((await l.run('vserver --silent v1 suexec user')).stdout).toBe(
				'Missing command and arguments!\n'
			);
			expect((await l.run('vserver --silent v1 suexec user id -un')).stdout).toBe('user\n');
		}));

	it('restart stops and starts a running vserver, and only a running one', () =>
		withBuilt(async (l) => {
			expect(await l.run('vserver --silent v1 restart')).toMatchObject({
				stdout: 'Server v1 is not running\n',
				exitCode: 1
			});
			await l.run('vserver --silent v1 start');
			const before = ctxOf(l, 'crond');
			const r = await l.run('vserver --silent v1 restart');
			expect(r.stdout).toMatch(
				/^Stopping the virtual server v1\n[^]*Starting the virtual server v1\n/
			);
			expect(ctxOf(l, 'crond').sort()).toEqual(before.sort());
			expect((await l.run('vserver v1 running')).stdout).toBe('Server v1 is running\n');
		}));

	it('calls /etc/vservers/NAME.sh at the four hook points, with the phase and the name', () =>
		withBuilt(async (l) => {
			l.write('/etc/vservers/v1.sh', '#!/bin/sh\necho "hook $1 $2" >> /tmp/hooks\n');
			await l.run('chmod 755 /etc/vservers/v1.sh');
			await l.run('vserver --silent v1 start; vserver --silent v1 stop');
			expect((await l.run('cat /tmp/hooks')).stdout).toBe(
				'hook pre-start v1\nhook post-start v1\nhook pre-stop v1\nhook post-stop v1\n'
			);
		}));

	it('with fakeinit, start runs /sbin/init as pid 1 of the context, and stop kills it last', () =>
		withBuilt(async (l) => {
			await l.run(
				`sed -i 's/^S_FLAGS="lock nproc"/S_FLAGS="lock nproc fakeinit"/' /etc/vservers/v1.conf`
			);
			await l.run('vserver --silent v1 start');
			const init = [...l.kernel.procs.values()].find(
				(p) => p.ctx !== 0 && p.args[0] === '/sbin/init'
			);
			expect(init).toBeTruthy();
			expect(ctxOf(l, 'crond').sort()).toEqual([0, init!.ctx]);
			const ps = await l.run('vserver --silent v1 exec ps ax');
			expect(ps.stdout).toMatch(/^ +1 .* \/sbin\/init$/m);
			expect((await l.run('vserver --silent v1 exec runlevel')).stdout).toBe('N 3\n');
			const t = await l.run('vserver --silent v1 stop');
			expect(t.stdout).toMatch(new RegExp(`kill -KILL \\S*/sbin/init\\[${init!.pid}\\]\\n$`));
			expect([...l.kernel.procs.values()].filter((p) => p.ctx === init!.ctx)).toEqual([]);
		}));

	it('without fakeinit, start leaves a RUNLEVEL record for runlevel inside', () =>
		withBuilt(async (l) => {
			await l.run('vserver --silent v1 start');
			expect(l.read('/vservers/v1/var/run/utmp')).toBe('RUN_LVL N 3\n');
			expect((await l.run('vserver --silent v1 exec runlevel')).stdout).toBe('N 3\n');
			expect((await l.run('/usr/lib/vserver/fakerunlevel 7 /tmp/u')).stderr).toBe(
				'Invalid runlevel 7\n'
			);
		}));

	it('sets up the IPROOTDEV aliases at start, one per address, and removes them at stop', () =>
		withBuilt(async (l) => {
			await l.run(
				`sed -i -e 's/IPROOT=1.2.3.4/IPROOT="192.168.1.11 192.168.1.12\\/255.255.255.128"/' -e 's/^#IPROOTDEV=eth0/IPROOTDEV=eth0/' /etc/vservers/v1.conf`
			);
			await l.run('vserver --silent v1 start');
			const a = await l.run('ifconfig eth0:v1; ifconfig eth0:v11');
			expect(a.stdout).toMatch(
				/inet addr:192\.168\.1\.11 {2}Bcast:192\.168\.1\.255 {2}Mask:255\.255\.255\.0\n/
			);
			expect(a.stdout).toMatch(
				/inet addr:192\.168\.1\.12 {2}Bcast:192\.168\.1\.255 {2}Mask:255\.255\.255\.128\n/
			);
			await l.run('vserver --silent v1 stop');
			expect((await l.run('ifconfig -a')).stdout).not.toMatch(/eth0:/);
			// --nodev: no alias, so the address is not the host's and binding it fails.
			await l.run('vserver --silent --nodev v1 start');
			expect((await l.run('ifconfig -a')).stdout).not.toMatch(/eth0:/);
		}));

	it('the vservers service starts the ONBOOT ones by PRIORITY and stops every running one', async () => {
		const l = await lab();
		try {
			for (const n of ['a', 'b', 'c']) await l.run(`vserver ${n} build`);
			await l.run('chroot /vservers/a /sbin/chkconfig --level 3 crond on');
			await l.run('chroot /vservers/b /sbin/chkconfig --level 3 crond on');
			await l.run(
				'echo ONBOOT=yes >> /etc/vservers/a.conf; echo ONBOOT=yes >> /etc/vservers/b.conf'
			);
			await l.run('echo PRIORITY=10 >> /etc/vservers/b.conf');
			const s = await l.run('/etc/rc.d/init.d/vservers start');
			expect(s.stdout.match(/^Starting the virtual server \w+$|^vserver \w+ not.*$/gm)).toEqual([
				'Starting the virtual server b',
				'Starting the virtual server a',
				'vserver c not configured for on boot start'
			]);
			expect((await l.run('/etc/rc.d/init.d/vservers status')).stdout).toBe(
				'ONBOOT=yes Server b is running\nONBOOT=yes Server a is running\nONBOOT= Server c is not running\n'
			);
			expect(l.kernel.lookup('/var/lock/subsys/vservers')).toBeTruthy();
			const t = await l.run('/etc/rc.d/init.d/vservers stop');
			expect(t.stdout.match(/^Stopping the virtual server \w+$/gm)).toEqual([
				'Stopping the virtual server a',
				'Stopping the virtual server b'
			]);
			expect(ctxOf(l, 'crond')).toEqual([0]);
		} finally {
			l.dispose();
		}
	});

	it('vreboot inside asks rebootmgr, which restarts the vserver and logs to boot.log', () =>
		withBuilt(async (l) => {
			await l.run('service rebootmgr start');
			await l.run('vserver --silent v1 start');
			const before = ctxOf(l, 'crond');
			await l.run('vserver --silent v1 exec /sbin/vreboot; sleep 10');
			expect(l.read('/var/log/boot.log')).toMatch(
				/^Stopping the virtual server v1\n[^]*Starting the virtual server v1\n/
			);
			expect(ctxOf(l, 'crond').sort()).toEqual(before.sort());
			await l.run('vserver --silent v1 exec /sbin/vhalt; sleep 10');
			expect(ctxOf(l, 'crond')).toEqual([0]);
			const bad = await l.run('echo hello | /usr/lib/vserver/vreboot --socket /tmp/none');
			expect(bad.stderr).toBe("vreboot: can't connect to /tmp/none (No such file or directory)\n");
			expect((await l.run('rebootmgr')).stderr).toMatch(/^rebootmgr version 0\.22\n/);
		}));
});
