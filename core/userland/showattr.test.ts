import { describe, expect, it } from 'vitest';
import { lab, ok, run1, type Lab } from './testing.ts';

const showattr = '/usr/lib/vserver/showattr';
const setattr = '/usr/lib/vserver/setattr';

async function withLab(fn: (l: Lab) => Promise<void>): Promise<void> {
	const l = await lab();
	try {
		l.mkdir('/vservers/ref/bin');
		l.write('/vservers/ref/bin/tool', 'the shared program\n', 0o755);
		await fn(l);
	} finally {
		l.dispose();
	}
}

describe('showattr and setattr', () => {
	it("show each file's attribute word as name, tab, eight hex digits", () =>
		withLab(async (l) => {
			expect(await l.run([showattr, '/vservers/ref/bin/tool', '/etc'])).toEqual(
				ok('/vservers/ref/bin/tool\t00000000\n/etc\t00000000\n')
			);
		}));

	it('set immutable and immutable-link on a unified file: its links share them, writing is refused, unlinking is not', () =>
		withLab(async (l) => {
			l.mkdir('/vservers/v1/bin');
			expect(await l.run(['ln', '/vservers/ref/bin/tool', '/vservers/v1/bin/tool'])).toEqual(
				ok('')
			);
			expect(await l.run([setattr, '--immutable', '--immulink', '/vservers/ref/bin/tool'])).toEqual(
				ok('')
			);
			expect(await l.run([showattr, '/vservers/v1/bin/tool'])).toEqual(
				ok('/vservers/v1/bin/tool\t00008010\n')
			);
			expect(await l.run('echo changed > /vservers/v1/bin/tool')).toEqual(
				ok('', 'sh: /vservers/v1/bin/tool: Permission denied\n', 1)
			);
			expect(await l.run(['rm', '-f', '/vservers/v1/bin/tool'])).toEqual(ok(''));
			expect(await l.run(['cat', '/vservers/ref/bin/tool'])).toEqual(ok('the shared program\n'));
		}));

	it('give a file exactly the options before it, so setattr with none clears the bits', () =>
		withLab(async (l) => {
			const f = '/vservers/ref/bin/tool';
			expect(await l.run([setattr, '--immutable', f])).toEqual(ok(''));
			expect(await l.run([showattr, f])).toEqual(ok(`${f}\t00000010\n`));
			expect(await l.run(['rm', '-f', f])).toEqual(
				ok('', `rm: cannot unlink \`${f}': Operation not permitted\n`, 1)
			);
			expect(await l.run([setattr, f])).toEqual(ok(''));
			expect(await l.run([showattr, f])).toEqual(ok(`${f}\t00000000\n`));
		}));

	it('need CAP_LINUX_IMMUTABLE, which --secure removes even from root', () =>
		withLab(async (l) => {
			const f = '/vservers/ref/bin/tool';
			expect(await l.run(['reducecap', '--secure', setattr, '--immutable', f])).toEqual(
				ok('', `Executing\nCan't set ext2 flags on file ${f} (Operation not permitted)\n`, 255)
			);
		}));

	it('stop at the first file they cannot open, with exit status 255', async () => {
		expect(await run1([showattr, '/etc/passwd', '/nosuch', '/etc/group'])).toEqual(
			ok('/etc/passwd\t00000000\n', "Can't open file /nosuch (No such file or directory)\n", 255)
		);
		expect(await run1([setattr, '--immutable', '/nosuch'])).toEqual(
			ok('', "Can't open file /nosuch (No such file or directory)\n", 255)
		);
	});

	it('refuse an unknown option and print the shared usage without arguments', async () => {
		expect(await run1([setattr, '--undo', '/etc/passwd'])).toEqual(
			ok('', 'Invalid option --undo\n', 255)
		);
		for (const prog of [showattr, setattr]) {
			const r = await run1([prog]);
			expect([r.stdout, r.exitCode]).toEqual(['', 255]);
			expect(r.stderr).toMatch(
				/^showattr file \.\.\.\n[^]*\nsetattr --immutable --immulink file \.\.\.\n/
			);
		}
	});
});
