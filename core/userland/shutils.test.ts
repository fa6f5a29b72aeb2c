import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lab, ok, type Lab } from './testing.ts';

let l: Lab;
beforeEach(async () => {
	l = await lab();
});
afterEach(() => l.dispose());

describe('sleep and date', () => {
	it('sleep waits on the virtual clock, summing its intervals', async () => {
		const before = l.kernel.clock;
		expect(await l.run(['sleep', '1', '2s', '0.05m'])).toEqual(ok(''));
		expect(Math.round((l.kernel.clock - before) / 1e6)).toBe(6);
		expect(await l.run(['sleep'])).toEqual(
			ok('', "sleep: too few arguments\nTry `sleep --help' for more information.\n", 1)
		);
	});

	it('date prints the machine date in the C locale, formatted or parsed', async () => {
		expect(await l.run(['date'])).toEqual(ok('Sat Mar  1 12:00:00 UTC 2003\n'));
		expect(await l.run(['date', '+%d/%m/%y %T %j'])).toEqual(ok('01/03/03 12:00:00 060\n'));
		expect(await l.run(['date', '-d', '2002-12-25 18:30'])).toEqual(
			ok('Wed Dec 25 18:30:00 UTC 2002\n')
		);
		expect(await l.run(['date', '-R'])).toEqual(ok('Sat, 01 Mar 2003 12:00:00 +0000\n'));
		expect(await l.run(['date', '-d', 'yesterday-ish'])).toEqual(
			ok('', "date: invalid date `yesterday-ish'\n", 1)
		);
	});

	it('date -s needs CAP_SYS_TIME', async () => {
		expect(await l.run(['date', '-s', '2003-06-01 08:00'], { user: 'user' })).toEqual(
			ok('Sun Jun  1 08:00:00 UTC 2003\n', 'date: cannot set date: Operation not permitted\n', 1)
		);
		expect(await l.run(['date', '-s', '2003-06-01 08:00'])).toEqual(
			ok('Sun Jun  1 08:00:00 UTC 2003\n')
		);
		expect(await l.run(['date', '+%F'])).toEqual(ok('2003-06-01\n'));
	});
});

describe('seq and yes', () => {
	it('seq counts with %g, a step, a separator or equal widths', async () => {
		expect(await l.run(['seq', '3'])).toEqual(ok('1\n2\n3\n'));
		expect(await l.run(['seq', '-s', ',', '2', '2', '9'])).toEqual(ok('2,4,6,8\n'));
		expect(await l.run(['seq', '-w', '9', '11'])).toEqual(ok('09\n10\n11\n'));
		expect(await l.run(['seq', '1', '0.5', '2'])).toEqual(ok('1\n1.5\n2\n'));
		expect(await l.run(['seq', '-f', 'ctx%02g', '2', '3'])).toEqual(ok('ctx02\nctx03\n'));
		expect(await l.run(['seq', 'x'])).toEqual(
			ok('', "seq: invalid floating point argument: x\nTry `seq --help' for more information.\n", 1)
		);
	});

	it('yes repeats its line until stopped', async () => {
		const r = await l.run(['yes', 'vserver'], { limitMs: 1 });
		expect(r.exitCode).toBe(124);
		expect(r.stdout.length).toBeGreaterThan(4096);
		expect(new Set(r.stdout.split('\n').slice(0, -1))).toEqual(new Set(['vserver']));
	});
});

describe('env, printenv, basename, dirname, tee, clear', () => {
	it('env prints or changes the environment for a command', async () => {
		expect(await l.run(['env', '-i', 'A=1', 'B=2'])).toEqual(ok('A=1\nB=2\n'));
		expect(await l.run(['env', '-i', 'PATH=/bin', 'X=y', 'env'])).toEqual(ok('PATH=/bin\nX=y\n'));
		expect(await l.run(['env', '-u', 'HOME', 'printenv', 'HOME'])).toEqual(ok('', '', 1));
		expect(await l.run(['env', 'nosuch'])).toEqual(
			ok('', 'env: nosuch: No such file or directory\n', 127)
		);
	});

	it('printenv prints variables', async () => {
		expect(await l.run(['printenv', 'USER', 'HOME'])).toEqual(ok('root\n/root\n'));
		expect(await l.run(['printenv', 'NOPE'])).toEqual(ok('', '', 1));
	});

	it('basename and dirname split names', async () => {
		expect(await l.run(['basename', '/etc/vservers/v1.conf', '.conf'])).toEqual(ok('v1\n'));
		expect(await l.run(['basename', '/usr/bin/'])).toEqual(ok('bin\n'));
		expect(await l.run(['dirname', '/etc/vservers/v1.conf'])).toEqual(ok('/etc/vservers\n'));
		expect(await l.run(['dirname', 'file'])).toEqual(ok('.\n'));
		expect(await l.run(['dirname', '/'])).toEqual(ok('/\n'));
		expect(await l.run(['basename'])).toEqual(
			ok('', "basename: too few arguments\nTry `basename --help' for more information.\n", 1)
		);
	});

	it('tee copies its input to files, appending with -a', async () => {
		l.write('/tmp/log', 'old\n');
		expect(await l.run(['tee', '-a', '/tmp/log', '/tmp/new'], { stdin: 'line\n' })).toEqual(
			ok('line\n')
		);
		expect([l.read('/tmp/log'), l.read('/tmp/new')]).toEqual(['old\nline\n', 'line\n']);
		expect(await l.run(['tee', '/nope/x'], { stdin: 'a\n' })).toEqual(
			ok('a\n', 'tee: /nope/x: No such file or directory\n', 1)
		);
	});

	it('which finds programs along PATH', async () => {
		expect(await l.run(['which', 'ls', 'sed'], { env: { PATH: '/usr/bin:/bin' } })).toEqual(
			ok('/bin/ls\n/bin/sed\n')
		);
		expect(await l.run(['which', '-a', 'awk'], { env: { PATH: '/usr/bin:/bin' } })).toEqual(
			ok('/usr/bin/awk\n/bin/awk\n')
		);
		expect(await l.run(['which', 'nosuch'], { env: { PATH: '/bin:/usr/bin' } })).toEqual(
			ok('', 'which: no nosuch in (/bin:/usr/bin)\n', 1)
		);
	});

	it('clear writes the xterm clear sequence', async () => {
		expect(await l.run(['clear'], { env: { TERM: 'xterm' } })).toEqual(ok('\x1b[H\x1b[2J'));
	});
});

describe('md5sum', () => {
	it('prints and checks RFC 1321 digests', async () => {
		l.write('/tmp/a', '');
		l.write('/tmp/b', 'The quick brown fox jumps over the lazy dog');
		expect(await l.run(['md5sum', '/tmp/a', '/tmp/b'])).toEqual(
			ok('d41d8cd98f00b204e9800998ecf8427e  /tmp/a\n9e107d9d372bb6826bd81d3542a419d6  /tmp/b\n')
		);
		l.write(
			'/tmp/sums',
			'd41d8cd98f00b204e9800998ecf8427e  /tmp/a\n00000000000000000000000000000000  /tmp/b\n'
		);
		expect(await l.run(['md5sum', '-c', '/tmp/sums'])).toEqual(
			ok(
				'/tmp/a: OK\n/tmp/b: FAILED\n',
				'md5sum: WARNING: 1 of 2 computed checksums did NOT match\n',
				1
			)
		);
	});
});
