import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lab, ok, type Lab } from './testing.ts';

let l: Lab;
beforeEach(async () => {
	l = await lab();
	l.mkdir('/t/etc');
	l.mkdir('/t/bin');
	l.write('/t/etc/v1.conf', 'IPROOT=1\n');
	l.write('/t/bin/ls', 'elf', 0o755);
	l.write('/t/bin/cat', 'elf', 0o755);
	l.kernel.symlink('/t/bin/sh', 'bash');
});
afterEach(() => l.dispose());

describe('find', () => {
	it('lists a tree in directory order, -print implied', async () => {
		expect(await l.run(['find', '/t'])).toEqual(
			ok('/t\n/t/etc\n/t/etc/v1.conf\n/t/bin\n/t/bin/ls\n/t/bin/cat\n/t/bin/sh\n')
		);
	});

	it('tests names, types, link counts and permissions', async () => {
		expect(await l.run(['find', '/t', '-name', '*.conf'])).toEqual(ok('/t/etc/v1.conf\n'));
		expect(await l.run(['find', '/t', '-type', 'l'])).toEqual(ok('/t/bin/sh\n'));
		expect(await l.run(['find', '/t', '-type', 'd', '-name', 'b*'])).toEqual(ok('/t/bin\n'));
		await l.run(['ln', '/t/bin/ls', '/t/etc/ls-again']);
		expect(await l.run(['find', '/t', '-type', 'f', '-links', '+1'])).toEqual(
			ok('/t/etc/ls-again\n/t/bin/ls\n')
		);
		expect(
			await l.run(['find', '/t/bin', '-type', 'f', '-perm', '755', '!', '-name', 'ls'])
		).toEqual(ok('/t/bin/cat\n'));
		expect(await l.run(['find', '/t', '-maxdepth', '1', '-o', '-name', 'none'])).toEqual(
			ok('/t\n/t/etc\n/t/bin\n')
		);
	});

	it('runs commands with -exec', async () => {
		expect(await l.run(['find', '/t/etc', '-type', 'f', '-exec', 'cat', '{}', ';'])).toEqual(
			ok('IPROOT=1\n')
		);
		expect(
			await l.run(['find', '/t/bin', '-name', 'c*', '-exec', 'ls', '-l', '{}', ';', '-print'])
		).toEqual(
			ok('-rwxr-xr-x    1 root     root            3 Mar  1 12:00 /t/bin/cat\n/t/bin/cat\n')
		);
	});

	it('prunes, and prints with -printf', async () => {
		expect(await l.run(['find', '/t', '-name', 'bin', '-prune', '-o', '-print'])).toEqual(
			ok('/t\n/t/etc\n/t/etc/v1.conf\n')
		);
		expect(await l.run(['find', '/t/bin', '-type', 'f', '-printf', '%f %m %s\\n'])).toEqual(
			ok('ls 755 3\ncat 755 3\n')
		);
	});

	it('reports bad expressions and missing paths', async () => {
		expect(await l.run(['find', '/t', '-bogus'])).toEqual(
			ok('', "find: invalid predicate `-bogus'\n", 1)
		);
		expect(await l.run(['find', '/t', '-name'])).toEqual(
			ok('', "find: missing argument to `-name'\n", 1)
		);
		expect(await l.run(['find', '/nope', '/t/etc'])).toEqual(
			ok('/t/etc\n/t/etc/v1.conf\n', 'find: /nope: No such file or directory\n', 1)
		);
	});
});

describe('xargs', () => {
	it('runs echo by default with all the words, honouring quotes', async () => {
		expect(await l.run(['xargs'], { stdin: 'a b\nc "d e"\n' })).toEqual(ok('a b c d e\n'));
		expect(await l.run(['xargs', '-n', '2', 'echo', '>'], { stdin: 'a b c\n' })).toEqual(
			ok('> a b\n> c\n')
		);
	});

	it('replaces {} per line with -i, and traces with -t', async () => {
		expect(await l.run(['xargs', '-i', 'echo', 'file:{}'], { stdin: 'x y\nz\n' })).toEqual(
			ok('file:x y\nfile:z\n')
		);
		expect(await l.run(['xargs', '-t', 'echo'], { stdin: 'a\n' })).toEqual(ok('a\n', 'echo a\n'));
	});

	it('feeds find output to a command', async () => {
		const names = (await l.run(['find', '/t/bin', '-type', 'f'])).stdout;
		expect(await l.run(['xargs', 'ls', '-i'], { stdin: names })).toEqual(
			ok(
				`${String(l.kernel.lookup('/t/bin/cat')!.ino).padStart(7)} /t/bin/cat\n${String(l.kernel.lookup('/t/bin/ls')!.ino).padStart(7)} /t/bin/ls\n`
			)
		);
	});

	it('reports commands that fail or are missing', async () => {
		expect(await l.run(['xargs', 'nosuch'], { stdin: 'a\n' })).toEqual(
			ok('', 'xargs: nosuch: No such file or directory\n', 127)
		);
		expect(await l.run(['xargs', 'ls'], { stdin: '/nope\n' })).toEqual(
			ok('', 'ls: /nope: No such file or directory\n', 123)
		);
		expect(await l.run(['xargs'], { stdin: "it's\n" })).toEqual(
			ok(
				'',
				'xargs: unmatched single quote; by default quotes are special to xargs unless you use the -0 option\n',
				1
			)
		);
	});
});
