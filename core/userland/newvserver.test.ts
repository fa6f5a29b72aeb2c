import { describe, expect, it } from 'vitest';
import { lab, ok } from './testing.ts';
import { editConf } from './newvserver.ts';

const SETTINGS = {
	name: 'web',
	desc: '',
	hostname: 'www',
	ip: '192.168.1.21',
	ondev: 'eth0',
	clone: '/',
	unify: '0'
};

describe('newvserver', () => {
	it('puts the settings into the prod profile only, and frees a clone of its fixed context', () => {
		const conf = [
			'# Description: the old one',
			'case $PROFILE in',
			'prod)',
			'\tIPROOT=1.2.3.4',
			'\tS_HOSTNAME=',
			'\t;;',
			'backup)',
			'\tIPROOT=1.2.3.4',
			'\tS_HOSTNAME=',
			'esac',
			'IPROOTDEV=eth1',
			'S_CONTEXT=12',
			''
		].join('\n');
		const two = { ...SETTINGS, ip: '192.168.1.21 www.example.org', ondev: 'none', clone: 'v1' };
		expect(editConf(conf, two, true).split('\n')).toEqual([
			'# Description: a copy of v1',
			'case $PROFILE in',
			'prod)',
			'\tIPROOT="192.168.1.21 www.example.org"',
			'\tS_HOSTNAME=www',
			'\t;;',
			'backup)',
			'\tIPROOT=1.2.3.4',
			'\tS_HOSTNAME=',
			'esac',
			'#IPROOTDEV=eth1',
			'#S_CONTEXT=',
			''
		]);
		const one = editConf(conf, { ...SETTINGS, desc: 'Web' }, false).split('\n');
		expect(one[0]).toBe('# Description: Web');
		expect(one).toContain('IPROOTDEV=eth0');
		expect(one).toContain('S_CONTEXT=12');
	});

	it('answers bad input with a message and status 1, before touching anything', async () => {
		const l = await lab();
		try {
			const nv = (...args: string[]) => l.run(['newvserver', ...args]);
			expect(await nv('--name', 'x', '--ip', '1.2.3.256')).toEqual(
				ok('', 'newvserver: invalid IP number or host name: 1.2.3.256\n', 1)
			);
			expect(await nv('--name=x', '--ip=nosuch')).toEqual(
				ok('', 'newvserver: invalid IP number or host name: nosuch\n', 1)
			);
			expect(await nv('--name', '../etc')).toEqual(
				ok('', 'newvserver: invalid vserver name: ../etc\n', 1)
			);
			expect(await nv('--name', 'x', '--ondev', 'eth3')).toEqual(
				ok('', 'newvserver: no network device eth3\n', 1)
			);
			expect(await nv('--name', 'x', '--clone', 'x')).toEqual(
				ok('', 'newvserver: no vserver x to clone\n', 1)
			);
			expect(await nv('--name', 'x', '--hostname', 'a b')).toEqual(
				ok('', 'newvserver: invalid host name: a b\n', 1)
			);
			expect(await nv('--ip')).toEqual(ok('', 'newvserver: option --ip needs a value\n', 1));
			const unknown = await nv('-n', 'x');
			expect(unknown.exitCode).toBe(1);
			expect(unknown.stderr).toMatch(/^newvserver: unknown option -n\n\nnewvserver version 0.22\n/);
			// Nothing was made by the refused runs; the good one makes its tree and conf.
			expect(l.kernel.lookup('/vservers/x')).toBeNull();
			expect(await nv('--name', 'x')).toEqual(
				ok(
					'/etc/vservers/x.conf has been created. Look at it!\n' +
						'Virtual server x created in /vservers/x, configured in /etc/vservers/x.conf\n'
				)
			);
			expect(l.read('/vservers/x/etc/passwd')).toMatch(/^root:/);
			expect(l.read('/etc/vservers/x.conf')).toMatch(/^# Description: a virtual server$/m);
			expect(await nv('--name', 'x')).toEqual(
				ok('', 'newvserver: vserver x already exists (/etc/vservers/x.conf)\n', 1)
			);
		} finally {
			l.dispose();
		}
	});

	it('refuses an existing, non-empty /vservers/NAME even without a conf', async () => {
		const l = await lab();
		try {
			l.mkdir('/vservers/old/etc');
			expect(await l.run(['newvserver', '--name', 'old'])).toEqual(
				ok('', 'newvserver: vserver old already exists (/vservers/old)\n', 1)
			);
		} finally {
			l.dispose();
		}
	});

	it('takes what the options leave out from the defaults file', async () => {
		const l = await lab();
		try {
			l.write(
				'/etc/vservers/newvserver.defaults',
				'IP=192.168.1.50\nONDEV=none\nDESC="From the defaults"\n'
			);
			const r = await l.run(['newvserver', '--name', 'd']);
			expect(r.exitCode).toBe(0);
			const conf = l.read('/etc/vservers/d.conf')!;
			expect(conf).toMatch(/^# Description: From the defaults$/m);
			expect(conf).toMatch(/^\tIPROOT=192\.168\.1\.50$/m);
			expect(conf).toMatch(/^\tS_HOSTNAME=d$/m);
			expect(conf).toMatch(/^#IPROOTDEV=eth0$/m);
			l.write('/etc/vservers/newvserver.defaults', 'CLONE=nosuch\n');
			expect(await l.run(['newvserver', '--name', 'e'])).toEqual(
				ok('', 'newvserver: no vserver nosuch to clone\n', 1)
			);
		} finally {
			l.dispose();
		}
	});
});
