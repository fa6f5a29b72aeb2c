import { describe, expect, it } from 'vitest';
import { ok, run1 } from './testing.ts';
import { capTable } from './reducecap.ts';

const usage = 'reducecap version 0.22\nreducecap [ options ] command argument\n';
const caps = ['grep', '-e', '^Cap', '-e', '^ctxflags', '/proc/self/status'];

describe('reducecap', () => {
	it("lowers a normal user's ceiling with --secure, says Executing on stderr, and stays in the context", async () => {
		expect(
			await run1(['reducecap', '--secure', ...caps, '-e', '^s_context'], { user: 'user' })
		).toEqual(
			ok(
				'CapInh:\t0000000000000000\nCapPrm:\t0000000000000000\nCapEff:\t0000000000000000\nCapBset:\t00000000f40c04ff\n' +
					's_context: 0\nctxflags: 0\n',
				'Executing\n'
			)
		);
	});

	it('keeps root under the ceiling after su: the setuid program cannot give back what was removed', async () => {
		expect(
			await run1(['reducecap', '--secure', 'su', '-c', 'grep ^CapEff /proc/self/status'], {
				user: 'user',
				stdin: 'root\n'
			})
		).toEqual(ok('CapEff:\t00000000f40c04ff\n', 'Executing\nPassword: \n'));
	});

	it('removes one more capability for each known --NAME, in any case, before or after --secure', async () => {
		expect(
			await run1([
				'reducecap',
				'--NET_ADMIN',
				'--sys_time',
				'grep',
				'^CapBset',
				'/proc/self/status'
			])
		).toEqual(ok('CapBset:\t00000000fdffeeff\n', 'Executing\n'));
		expect(
			await run1([
				'reducecap',
				'--NET_BIND_SERVICE',
				'--secure',
				'grep',
				'^CapBset',
				'/proc/self/status'
			])
		).toEqual(ok('CapBset:\t00000000f40c00ff\n', 'Executing\n'));
		expect(
			await run1(['reducecap', '--cap', 'CAP_CHOWN', 'grep', '^CapBset', '/proc/self/status'])
		).toEqual(ok('CapBset:\t00000000fffffefe\n', 'Executing\n'));
	});

	it('shows the usage for an unknown --NAME or a capability that is not removable that way', async () => {
		for (const bad of ['--FOO', '--CHOWN', '--CAP_NET_ADMIN']) {
			expect(await run1(['reducecap', bad, 'true'])).toEqual(ok('', usage, 255));
		}
		expect(await run1(['reducecap', '--cap', 'CAP_OPENDEV', 'true'])).toEqual(
			ok('', `Unknown capability CAP_OPENDEV\n${usage}`, 255)
		);
		expect(await run1(['reducecap'])).toEqual(ok('', usage, 255));
		expect(await run1(['reducecap', '--secure', '-x'])).toEqual(ok('', usage, 255));
	});

	it("adds flags to a context of its own, and names unknown flags (fakeinit is chcontext's)", async () => {
		expect(
			await run1(
				[
					'chcontext',
					'--silent',
					'reducecap',
					'--flag',
					'lock',
					'--flag',
					'fakeinit',
					'grep',
					'^ctxflags',
					'/proc/self/status'
				],
				{ user: 'user' }
			)
		).toEqual(ok('ctxflags: 1\n', 'Unknown flag fakeinit\nExecuting\n'));
	});

	it('prints one --show row per capability of bits 0-28, an X in each set that holds it', async () => {
		const r = await run1(['reducecap', '--show']);
		expect(r.exitCode).toBe(255);
		const lines = r.stdout.split('\n');
		expect(lines.length).toBe(31);
		expect(lines.slice(0, 3)).toEqual([
			'            Capability Effective Permitted Inheritable',
			'             CAP_CHOWN     X         X              ',
			'      CAP_DAC_OVERRIDE     X         X              '
		]);
		expect(lines[9]).toBe('CAP_SETPCAP'.padStart(22) + ' '.repeat(30));
		expect(lines[29]).toBe('             CAP_LEASE     X         X              ');
		expect(r.stdout).not.toContain('OPENDEV');
	});

	it('shows the sets before lowering them when given a command too', async () => {
		const r = await run1(
			['reducecap', '--show', '--secure', 'grep', '^CapEff', '/proc/self/status'],
			{ user: 'user' }
		);
		expect(r).toEqual(
			ok(
				capTable({ effective: 0, permitted: 0, inheritable: 0 }) + 'CapEff:\t0000000000000000\n',
				'Executing\n'
			)
		);
		expect(
			capTable({ effective: 1 << 28, permitted: 0, inheritable: 1 })
				.split('\n')
				.filter((l) => /X {4}/.test(l))
		).toEqual([
			'             CAP_CHOWN                         X    ',
			'             CAP_LEASE     X                        '
		]);
	});

	it('reports a command it cannot execute', async () => {
		expect(await run1(['reducecap', 'nosuch'], { user: 'user' })).toEqual(
			ok('', "Executing\nCan't execute command nosuch\n", 255)
		);
	});
});
