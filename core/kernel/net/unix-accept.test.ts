import { describe, expect, it } from 'vitest';
import { asProgram, must } from '../../syscalls/fs-testing.ts';
import { AF_UNIX, SOCK_STREAM } from '../../syscalls/index.ts';

describe('a unix stream connection not yet accepted', () => {
	it('takes the data and the close of a quick client, for the server to read after accept', async () => {
		await asProgram(async (sys) => {
			const l = must(await sys.socket(AF_UNIX, SOCK_STREAM));
			expect(await sys.bind(l, { path: '/tmp/reboot' })).toBe(0);
			expect(await sys.listen(l)).toBe(0);
			const c = must(await sys.socket(AF_UNIX, SOCK_STREAM));
			expect(await sys.connect(c, { path: '/tmp/reboot' })).toBe(0);
			// vreboot writes its request and is gone before rebootmgr accepts.
			expect(await sys.write(c, 'reboot\n')).toBe(7);
			expect(await sys.close(c)).toBe(0);
			const a = must(await sys.accept(l));
			expect(await sys.read(a.fd, 100)).toBe('reboot\n');
			expect(await sys.read(a.fd, 100)).toBe('');
		});
	});
});
