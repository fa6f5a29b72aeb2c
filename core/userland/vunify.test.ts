import { describe, expect, it } from 'vitest';
import { lab, ok, type Lab } from './testing.ts';
import { formatDb, type Package, type PackageFile } from './lib/rpmdb.ts';
import { md5 } from './lib/md5.ts';

const VUNIFY = '/usr/lib/vserver/vunify';
const VBUILD = '/usr/lib/vserver/vbuild';

function file(path: string, data: string, config = false): PackageFile {
	return {
		path,
		size: data.length,
		mtime: 0,
		md5: md5(data),
		mode: 0o100755,
		owner: 'root',
		group: 'root',
		config,
		doc: false,
		rdev: 0,
		link: 'X'
	};
}

/** The shared program: 4 KiB and more, so vdu's whole KiB show it. */
const program = (version: string) => `tool ${version}\n` + 'x'.repeat(4096);

/** A small vserver tree: rpm, a database with one package (a program and its config file). */
function tree(l: Lab, name: string, version = '1.0'): void {
	const root = `/vservers/${name}`;
	const pkg: Package = {
		name: 'tool',
		version,
		release: '1',
		group: 'Test',
		summary: 'A tool.',
		installTime: 0,
		buildTime: 0,
		files: [file('/bin/tool', program(version)), file('/etc/tool.conf', 'conf\n', true)]
	};
	l.write(`${root}/etc/redhat-release`, 'Red Hat Linux release 7.3 (Valhalla)\n');
	l.write(`${root}/bin/rpm`, l.read('/bin/rpm')!, 0o755);
	l.write(`${root}/var/lib/rpm/Packages`, formatDb([pkg]));
	l.write(`${root}/bin/tool`, program(version), 0o755);
	l.write(`${root}/etc/tool.conf`, 'conf\n');
}

async function withTrees(fn: (l: Lab) => Promise<void>, versionB = '1.0'): Promise<void> {
	const l = await lab();
	try {
		tree(l, 'a');
		tree(l, 'b', versionB);
		await fn(l);
	} finally {
		l.dispose();
	}
}

describe('vunify', () => {
	it('links the package files of the reference into the other vserver, protected, config files apart', () =>
		withTrees(async (l) => {
			expect(await l.run([VUNIFY, 'a', 'b', '--', 'ALL'])).toEqual(
				ok('vservers b\nUnify pkg tool-1.0-1 from a to b\n')
			);
			const shared = l.kernel.lookup('/vservers/a/bin/tool')!;
			expect(l.kernel.lookup('/vservers/b/bin/tool')).toBe(shared);
			expect(shared.nlink).toBe(2);
			expect(shared.flags).toBe(0x8010);
			expect(l.kernel.lookup('/vservers/b/etc/tool.conf')).not.toBe(
				l.kernel.lookup('/vservers/a/etc/tool.conf')
			);
		}));

	it('leaves a package alone when the versions differ, and says so under --test', () =>
		withTrees(async (l) => {
			expect(await l.run([VUNIFY, '--test', 'a', 'b', '--', 'tool'])).toEqual(
				ok('vservers b\ntool-1.0-1 exist in server b not unified\n')
			);
			expect(await l.run([VUNIFY, 'a', 'b', '--', 'tool'])).toEqual(ok('vservers b\n'));
			expect(l.kernel.lookup('/vservers/b/bin/tool')!.nlink).toBe(1);
		}, '2.0'));

	it('gives a private copy back with --undo, and takes the flags from the options', () =>
		withTrees(async (l) => {
			await l.run([VUNIFY, 'a', 'b', '--', 'tool']);
			await l.run([VUNIFY, '--undo', 'a', 'b', '--', 'tool']);
			const b = l.kernel.lookup('/vservers/b/bin/tool')!;
			expect(b).not.toBe(l.kernel.lookup('/vservers/a/bin/tool'));
			expect(b.data).toBe(program('1.0'));
			expect(b.flags).toBe(0);
			expect(b.mode & 0o7777).toBe(0o755);
			await l.run([VUNIFY, '--noflags', '--immutable-mayunlink', 'a', 'b', '--', 'tool']);
			expect(l.kernel.lookup('/vservers/b/bin/tool')!.flags).toBe(0x8000);
		}));

	it('prints its usage and fails without -- or packages', () =>
		withTrees(async (l) => {
			const r = await l.run([VUNIFY, 'a', 'b']);
			expect(r.stdout).toBe('vservers b\n');
			expect(r.stderr).toMatch(/^vunify version 0.22\n/);
			expect(r.exitCode).toBe(255);
		}));
});

describe('vbuild', () => {
	it('links the unifiable files, copies the rest, and counts them', () =>
		withTrees(async (l) => {
			const r = await l.run([VBUILD, '--stats', '/vservers/a', '/vservers/c']);
			expect(r.stdout).toMatch(
				/^Directory created: 5\nFiles copied {5}: 4\nBytes copied {5}: \d+\nFiles linked {5}: 1\nFiles symlinked {2}: 0\nSpecial files {4}: 0\n$/
			);
			expect(l.kernel.lookup('/vservers/c/bin/tool')).toBe(l.kernel.lookup('/vservers/a/bin/tool'));
			expect(l.read('/vservers/c/etc/tool.conf')).toBe('conf\n');
		}));
});

describe('parserpmdump and vdu', () => {
	it('parserpmdump keeps regular non-config files outside the prefixes', async () => {
		const l = await lab();
		try {
			const dump =
				'/bin/a 1 0 x 0100755 root root 0 0 0 X\n/bin/b 1 0 x 0100644 root root 1 0 0 X\n' +
				'/etc/c 1 0 x 0100644 root root 0 0 0 X\n/bin/l 1 0 x 0120777 root root 0 0 0 a\n';
			expect(await l.run(['/usr/lib/vserver/parserpmdump', '/etc/'], { stdin: dump })).toEqual(
				ok('/bin/a\n')
			);
		} finally {
			l.dispose();
		}
	});

	it('vdu counts the bytes of single-link files only', () =>
		withTrees(async (l) => {
			const size = async () => {
				const r = await l.run(['vdu', '/vservers/b']);
				expect(r.stdout).toMatch(/^\/vservers\/b\t\d+K\n$/);
				return Number(/\t(\d+)K/.exec(r.stdout)![1]);
			};
			const before = await size();
			await l.run([VUNIFY, 'a', 'b', '--', 'tool']);
			expect(before - (await size())).toBe(4);
			expect(await l.run(['vdu'])).toMatchObject({ stdout: '', exitCode: 255 });
		}));
});
