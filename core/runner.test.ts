import { describe, expect, it } from 'vitest';
import { directive, runLines, scriptHosts, scriptKernel } from './runner.ts';
import { ModelMachine } from './model-machine.ts';

describe('runner directives', () => {
	it('reads #> open and #> term, and leaves other lines to be typed', () => {
		expect(directive('#> open root@backup')).toEqual({ op: 'open', user: 'root', host: 'backup' });
		expect(directive('#> open user ctx 3')).toEqual({ op: 'open', user: 'user', ctx: 3 });
		expect(directive('#> term 2')).toEqual({ op: 'term', id: 2 });
		expect(directive('# user: user')).toBeNull();
		expect(directive('echo "#> term 2"')).toBeNull();
		expect(() => directive('#> term two')).toThrow(/bad runner directive/);
		expect(() => directive('#> open')).toThrow(/bad runner directive/);
		expect(scriptHosts(['#> open root@backup', '#> open user', '#> open user@backup'])).toEqual([
			'backup'
		]);
	});

	it('reads #> kernel, which boots the later kernel and types nothing', () => {
		expect(directive('#> kernel later')).toEqual({ op: 'kernel', kernel: 'later' });
		expect(() => directive('#> kernel 2.6')).toThrow(/bad runner directive/);
		expect(scriptKernel(['#> kernel later', 'ls'])).toBe('later');
		expect(scriptKernel(['ls'])).toBeUndefined();
	});

	it('follows the typing across terminals, each terminal rendered from where it was left', async () => {
		const m = await ModelMachine.create({ hosts: ['backup'] });
		try {
			const id = await m.openTerminal({ user: 'root', cols: 80, rows: 24 });
			const { transcript } = await runLines(m, id, [
				'hostname',
				'#> open user@backup',
				'hostname',
				'#> term 1',
				'echo back on main',
				'#> term 2',
				'exit'
			]);
			expect(transcript).toBe(
				'[root@main root]# hostname\nmain\n#> open user@backup\n[user@backup user]$ hostname\n' +
					'backup\n#> term 1\n[root@main root]# echo back on main\nback on main\n#> term 2\n' +
					'[user@backup user]$ exit\nlogout\n'
			);
		} finally {
			m.dispose();
		}
	});
});
