import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lab, ok, type Lab } from './testing.ts';

let l: Lab;
beforeEach(async () => {
	l = await lab();
	l.mkdir('/srv/t/sub');
	l.write('/srv/t/a', 'hello\n', 0o4755);
	l.write('/srv/t/sub/b', 'x'.repeat(600), 0o600, 500, 500);
	l.kernel.symlink('/srv/t/l', 'a');
});
afterEach(() => l.dispose());

describe('tar', () => {
	it('writes a GNU-format archive in whole 10240-byte records', async () => {
		expect(await l.run(['tar', 'cf', '/tmp/x.tar', '-C', '/srv', 't'])).toEqual(ok(''));
		const data = l.read('/tmp/x.tar')!;
		expect(data.length).toBe(10240);
		expect(data.slice(0, 6)).toBe('t/\0\0\0\0');
		expect(data.slice(100, 108)).toBe('0000755\0');
		expect(data.slice(257, 265)).toBe('ustar  \0');
		expect(data.slice(265, 270)).toBe('root\0');
		// The checksum field: six octal digits, NUL, space; it sums the header with spaces there.
		const field = data.slice(148, 156);
		let sum = 0;
		for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : data.charCodeAt(i);
		expect(field).toBe(sum.toString(8).padStart(6, '0') + '\0 ');
	});

	it('lists with tvf in the 1.13 layout, hard links as links', async () => {
		await l.run(['ln', '/srv/t/a', '/srv/t/sub/hard']);
		await l.run(['tar', 'cf', '/tmp/x.tar', '-C', '/srv', 't']);
		expect(await l.run(['tar', 'tvf', '/tmp/x.tar'])).toEqual(
			ok(
				'drwxr-xr-x root/root         0 2003-03-01 12:00:00 t/\n' +
					'drwxr-xr-x root/root         0 2003-03-01 12:00:00 t/sub/\n' +
					'-rw------- user/user       600 2003-03-01 12:00:00 t/sub/b\n' +
					'-rwsr-xr-x root/root         6 2003-03-01 12:00:00 t/sub/hard\n' +
					'hrwsr-xr-x root/root         0 2003-03-01 12:00:00 t/a link to t/sub/hard\n' +
					'lrwxrwxrwx root/root         0 2003-03-01 12:00:00 t/l -> a\n'
			)
		);
		expect(await l.run(['tar', 'tf', '/tmp/x.tar', 't/sub'])).toEqual(
			ok('t/sub/\nt/sub/b\nt/sub/hard\n')
		);
	});

	it('extracts with owners, modes, symlinks and hard links kept (xpf)', async () => {
		await l.run(['ln', '/srv/t/a', '/srv/t/sub/hard']);
		await l.run(['tar', 'cf', '/tmp/x.tar', '-C', '/srv', 't']);
		await l.run(['mkdir', '/copy']);
		expect(await l.run(['tar', 'xpf', '/tmp/x.tar', '-C', '/copy'])).toEqual(ok(''));
		const b = l.kernel.lookup('/copy/t/sub/b')!;
		expect([b.uid, b.gid, (b.mode & 0o7777).toString(8), b.data.length]).toEqual([
			500,
			500,
			'600',
			600
		]);
		expect(l.kernel.lookup('/copy/t/a')).toBe(l.kernel.lookup('/copy/t/sub/hard'));
		expect((l.kernel.lookup('/copy/t/a')!.mode & 0o7777).toString(8)).toBe('4755');
		expect(l.kernel.lookup('/copy/t')!.entries!.get('l')!.target).toBe('a');
	});

	it('says where leading slashes went and lists to stderr when the archive is stdout', async () => {
		const r = await l.run(['tar', 'cvf', '-', '/srv/t/a']);
		expect(r.stderr).toBe("tar: Removing leading `/' from member names\nsrv/t/a\n");
		expect(r.stdout.length).toBe(10240);
		expect(await l.run(['tar', 'xvf', '-', '-C', '/tmp'], { stdin: r.stdout })).toEqual(
			ok('srv/t/a\n')
		);
		expect(l.read('/tmp/srv/t/a')).toBe('hello\n');
	});

	it('reports usage and archive errors with status 2', async () => {
		expect(await l.run(['tar'])).toEqual(
			ok(
				'',
				"tar: You must specify one of the `-Acdtrux' options\nTry `tar --help' for more information.\n",
				2
			)
		);
		expect(await l.run(['tar', 'cf', '/tmp/y.tar'])).toEqual(
			ok(
				'',
				"tar: Cowardly refusing to create an empty archive\nTry `tar --help' for more information.\n",
				2
			)
		);
		expect(await l.run(['tar', 'cf', '/tmp/y.tar', '/nope'])).toEqual(
			ok(
				'',
				'tar: /nope: Cannot stat: No such file or directory\ntar: Error exit delayed from previous errors\n',
				2
			)
		);
		expect(await l.run(['tar', 'tf', '/etc/passwd'])).toEqual(
			ok(
				'',
				'tar: This does not look like a tar archive\ntar: Error exit delayed from previous errors\n',
				2
			)
		);
	});
});
