import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lab, ok, type Lab } from './testing.ts';

let l: Lab;
beforeEach(async () => {
	l = await lab();
	l.mkdir('/tmp/d/sub');
	l.write('/tmp/d/file', 'hello\n');
	l.write('/tmp/d/.hidden', '');
	l.write('/tmp/d/run.sh', '#!/bin/sh\n', 0o755, 500, 500);
	l.kernel.symlink('/tmp/d/link', 'file');
});
afterEach(() => l.dispose());

describe('ls', () => {
	it('lists one name per line when standard output is not a terminal', async () => {
		expect(await l.run(['ls', '/tmp/d'])).toEqual(ok('file\nlink\nrun.sh\nsub\n'));
	});

	it('shows dot files with -a and -A', async () => {
		expect(await l.run(['ls', '-a', '/tmp/d'])).toEqual(
			ok('.\n..\n.hidden\nfile\nlink\nrun.sh\nsub\n')
		);
		expect(await l.run(['ls', '-A', '/tmp/d'])).toEqual(ok('.hidden\nfile\nlink\nrun.sh\nsub\n'));
	});

	it('prints the fileutils 4.1 long format with names from /etc/passwd', async () => {
		expect(await l.run(['ls', '-l', '/tmp/d'])).toEqual(
			ok(
				'total 12\n' +
					'-rw-r--r--    1 root     root            6 Mar  1 12:00 file\n' +
					'lrwxrwxrwx    1 root     root            4 Mar  1 12:00 link -> file\n' +
					'-rwxr-xr-x    1 user     user           10 Mar  1 12:00 run.sh\n' +
					'drwxr-xr-x    2 root     root         4096 Mar  1 12:00 sub\n'
			)
		);
	});

	it('combines -la and shows link counts of directories', async () => {
		const r = await l.run(['ls', '-la', '/tmp/d']);
		expect(r.stdout.split('\n').slice(0, 3)).toEqual([
			'total 20',
			'drwxr-xr-x    3 root     root         4096 Mar  1 12:00 .',
			'drwxrwxrwt    3 root     root         4096 Mar  1 12:00 ..'
		]);
	});

	it('shows the same inode number for hard links, with -i', async () => {
		await l.run(['ln', '/tmp/d/file', '/tmp/d/again']);
		const ino = String(l.kernel.lookup('/tmp/d/file')!.ino).padStart(7);
		expect(await l.run(['ls', '-i', '/tmp/d/file', '/tmp/d/again'])).toEqual(
			ok(`${ino} /tmp/d/again\n${ino} /tmp/d/file\n`)
		);
		const r = await l.run(['ls', '-li', '/tmp/d/file']);
		expect(r.stdout).toBe(
			`${ino} -rw-r--r--    2 root     root            6 Mar  1 12:00 /tmp/d/file\n`
		);
	});

	it('lists a directory itself with -d, and files before directories', async () => {
		expect(await l.run(['ls', '-ld', '/tmp/d/sub'])).toEqual(
			ok('drwxr-xr-x    2 root     root         4096 Mar  1 12:00 /tmp/d/sub\n')
		);
		expect(await l.run(['ls', '/tmp/d/sub', '/tmp/d/file'])).toEqual(
			ok('/tmp/d/file\n\n/tmp/d/sub:\n')
		);
	});

	it('recurses with -R', async () => {
		l.write('/tmp/d/sub/inner', '');
		expect(await l.run(['ls', '-R', '/tmp/d'])).toEqual(
			ok('/tmp/d:\nfile\nlink\nrun.sh\nsub\n\n/tmp/d/sub:\ninner\n')
		);
	});

	it('uses columns filled downwards on an 80-column terminal', async () => {
		for (let i = 0; i < 30; i++) l.write(`/tmp/c/file-number-${String(i).padStart(2, '0')}`, '');
		const r = await l.run(['ls', '/tmp/c'], { tty: { cols: 80 } });
		const rows = r.stdout.split('\r\n');
		expect(rows[0]).toBe(
			'file-number-00\tfile-number-06\tfile-number-12\tfile-number-18\tfile-number-24'
		);
		expect(rows[5]).toBe(
			'file-number-05\tfile-number-11\tfile-number-17\tfile-number-23\tfile-number-29'
		);
		expect(rows.length).toBe(7);
		const narrow = await l.run(['ls', '/tmp/d'], { tty: { cols: 20 } });
		expect(narrow.stdout).toBe('file  run.sh\r\nlink  sub\r\n');
		expect((await l.run(['ls', '-1', '/tmp/d'], { tty: { cols: 80 } })).stdout).toBe(
			'file\r\nlink\r\nrun.sh\r\nsub\r\n'
		);
	});

	it('appends type indicators with -F and shows device numbers', async () => {
		expect(await l.run(['ls', '-F', '/tmp/d'])).toEqual(ok('file\nlink@\nrun.sh*\nsub/\n'));
		const r = await l.run(['ls', '-l', '/dev/null']);
		expect(r.stdout).toBe('crw-rw-rw-    1 root     root       1,   3 Mar  1 12:00 /dev/null\n');
	});

	it('reports a missing operand and exits 2, still listing the others', async () => {
		expect(await l.run(['ls', '/nonexistent', '/tmp/d/file'])).toEqual(
			ok('/tmp/d/file\n', 'ls: /nonexistent: No such file or directory\n', 2)
		);
	});

	it('rejects unknown options with the usage hint', async () => {
		expect(await l.run(['ls', '-z'])).toEqual(
			ok('', "ls: invalid option -- z\nTry `ls --help' for more information.\n", 2)
		);
	});

	it('sorts by size and time, and reverses', async () => {
		expect(await l.run(['ls', '-S', '/tmp/d'])).toEqual(ok('sub\nrun.sh\nfile\nlink\n'));
		expect(await l.run(['ls', '-r', '/tmp/d'])).toEqual(ok('sub\nrun.sh\nlink\nfile\n'));
		await l.run(['touch', '-d', '2003-02-01', '/tmp/d/run.sh']);
		expect(await l.run(['ls', '-t', '/tmp/d'])).toEqual(ok('file\nlink\nsub\nrun.sh\n'));
	});

	it('denies listing a directory it cannot read', async () => {
		l.mkdir('/tmp/closed', 0o700);
		expect(await l.run(['ls', '/tmp/closed'], { user: 'user' })).toEqual(
			ok('', 'ls: /tmp/closed: Permission denied\n', 1)
		);
	});

	it('keeps a directory open while listing it, as /proc/self/fd shows', async () => {
		const r = await l.run(['ls', '-l', '/proc/self/fd']);
		expect(r.stderr).toBe('');
		expect(r.stdout.split('\n')[4]).toMatch(
			/^lr-x------ +1 root +root +\d+ Mar {2}1 12:00 3 -> \/proc\/\d+\/fd$/
		);
	});

	it('shows old files with the year instead of the time', async () => {
		await l.run(['touch', '-t', '200105061530', '/tmp/d/file']);
		expect((await l.run(['ls', '-l', '/tmp/d/file'])).stdout).toBe(
			'-rw-r--r--    1 root     root            6 May  6  2001 /tmp/d/file\n'
		);
	});
});
