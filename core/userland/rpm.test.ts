import { describe, expect, it } from 'vitest';
import { lab, ok, type Lab } from './testing.ts';
import { md5 } from './lib/md5.ts';
import { parseDb } from './lib/rpmdb-read.ts';

const UPDATE = '/root/updates/fileutils-4.1-10.1.i386.rpm';

async function withLab(fn: (l: Lab) => Promise<void>): Promise<void> {
	const l = await lab();
	try {
		await fn(l);
	} finally {
		l.dispose();
	}
}

describe('rpm: the package database', () => {
	it('is derived from the image: every file it lists exists with the recorded MD5', () =>
		withLab(async (l) => {
			const db = parseDb(l.read('/var/lib/rpm/Packages')!)!;
			expect(db.length).toBeGreaterThan(30);
			for (const p of db) {
				for (const f of p.files) {
					if (f.link !== 'X') continue;
					expect(md5(l.read(f.path)!), f.path).toBe(f.md5);
				}
			}
		}));

	it('names the owner of a file, and says so when a file has none or does not exist', () =>
		withLab(async (l) => {
			expect(await l.run(['rpm', '-qf', '/bin/ls', '/usr/sbin/vserver'])).toEqual(
				ok('fileutils-4.1-10\nvserver-0.22-1\n')
			);
			expect(await l.run(['rpm', '-qf', '/etc/HOSTNAME'])).toEqual(
				ok('file /etc/HOSTNAME is not owned by any package\n', '', 1)
			);
			expect(await l.run(['rpm', '-qf', '/nonexistent'])).toEqual(
				ok('', 'error: file /nonexistent: No such file or directory\n', 1)
			);
		}));

	it('queries by name, name-version and name-version-release', () =>
		withLab(async (l) => {
			expect(await l.run(['rpm', '-q', 'sed', 'sed-3.02', 'sed-3.02-11', 'sed-4'])).toEqual(
				ok('sed-3.02-11\nsed-3.02-11\nsed-3.02-11\npackage sed-4 is not installed\n', '', 1)
			);
		}));

	it('marks configuration files: -qc lists only those, --dump shows the flag', () =>
		withLab(async (l) => {
			expect(await l.run(['rpm', '-qc', 'apache'])).toEqual(
				ok('/etc/httpd/conf/httpd.conf\n/etc/rc.d/init.d/httpd\n')
			);
			const dump = (await l.run(['rpm', '-q', '--dump', 'apache'])).stdout.split('\n');
			expect(dump[0]).toMatch(
				/^\/etc\/httpd\/conf\/httpd.conf \d+ \d+ [0-9a-f]{32} 0100644 root root 1 0 0 X$/
			);
			expect(dump[2]).toMatch(
				/^\/usr\/sbin\/httpd \d+ \d+ [0-9a-f]{32} 0100755 root root 0 0 0 X$/
			);
		}));

	it('expands a query format for every package', () =>
		withLab(async (l) => {
			const r = await l.run(['rpm', '-qa', '--queryformat', '%{name}=%{version}-%{release}\\n']);
			expect(r.stdout.split('\n')).toContain('fileutils=4.1-10');
			expect(await l.run(['rpm', '-q', '--qf', '%{nope}', 'sed'])).toEqual(
				ok('', 'error: incorrect format: unknown tag\n', 1)
			);
		}));

	it('refuses bad arguments with rpm messages', () =>
		withLab(async (l) => {
			expect(await l.run(['rpm', '-q'])).toEqual(ok('', 'rpm: no arguments given for query\n', 1));
			expect(await l.run(['rpm', '-U'])).toEqual(ok('', 'rpm: no packages given for install\n', 1));
			expect(await l.run(['rpm', '-q', '-e', 'sed'])).toEqual(
				ok('', 'rpm: only one major mode may be specified\n', 1)
			);
			expect(await l.run(['rpm', '-qp', '/etc/passwd'])).toEqual(
				ok('', 'error: /etc/passwd does not appear to be a RPM package\n', 1)
			);
		}));
});

describe('rpm: upgrades', () => {
	it('replaces each file by a new inode (unlink, then rename) and records the new version', () =>
		withLab(async (l) => {
			const before = l.kernel.lookup('/bin/ls')!;
			expect(await l.run(['rpm', '-Uvh', UPDATE])).toEqual(
				ok(
					'Preparing...                ########################################### [100%]\n' +
						'   1:fileutils              ########################################### [100%]\n'
				)
			);
			const after = l.kernel.lookup('/bin/ls')!;
			expect(after).not.toBe(before);
			expect(before.nlink).toBe(0);
			expect(after.data).toContain('fileutils-4.1-10.1');
			expect(await l.run(['rpm', '-q', 'fileutils'])).toEqual(ok('fileutils-4.1-10.1\n'));
			expect(await l.run(['ls', '/bin/ls'])).toEqual(ok('/bin/ls\n'));
			expect(await l.run(['rpm', '-U', UPDATE])).toEqual(
				ok('', 'package fileutils-4.1-10.1 is already installed\n', 1)
			);
		}));

	it('needs write access to the database: a user is refused before anything changes', () =>
		withLab(async (l) => {
			l.write('/tmp/u.rpm', l.read(UPDATE)!, 0o644);
			expect(await l.run(['rpm', '-U', '/tmp/u.rpm'], { user: 'user' })).toEqual(
				ok(
					'',
					'error: cannot open Packages index using db3 - Permission denied (13)\n' +
						'error: cannot open Packages database in /var/lib/rpm\n',
					1
				)
			);
			expect(await l.run(['rpm', '-q', 'fileutils'])).toEqual(ok('fileutils-4.1-10\n'));
		}));

	it('keeps a locally changed configuration file as .rpmsave when erasing', () =>
		withLab(async (l) => {
			l.write('/etc/crontab', 'changed\n');
			expect(await l.run(['rpm', '-e', 'crontabs'])).toEqual(
				ok('', 'warning: /etc/crontab saved as /etc/crontab.rpmsave\n')
			);
			expect(l.read('/etc/crontab.rpmsave')).toBe('changed\n');
			expect(l.kernel.lookup('/usr/bin/run-parts')).toBeNull();
		}));
});
