// Pid allocation after the numbers wrap: a new pid is no process's pid and no live group's id.
import { describe, expect, it } from 'vitest';
import { bootWith } from '../test-helpers.ts';
import { isErrno, SIGKILL, type Sys } from '../syscalls/index.ts';
import type { ModelMachine } from '../model-machine.ts';

describe('pid allocation', () => {
	it('after a wrap skips pids in use and the ids of live groups, and starts again at 300', async () => {
		let m: ModelMachine | null = null;
		const forever = async (sys: Sys) => (await sys.pause(), 0);
		m = await bootWith({
			pids: async (sys) => {
				const k = m!.kernel;
				k.lastPid = 299;
				const a = await sys.fork(forever); // 300
				const b = await sys.fork(forever); // 301
				const leader = await sys.fork(forever); // 302, leads group 302
				const member = await sys.fork(forever); // 303, joins group 302
				if (isErrno(a) || isErrno(b) || isErrno(leader) || isErrno(member)) return 1;
				await sys.setpgid(leader, leader);
				await sys.setpgid(member, leader);
				await sys.kill(leader, SIGKILL);
				await sys.waitpid(leader);
				k.lastPid = 32766;
				const last = await sys.fork(forever);
				const wrapped = await sys.fork(forever);
				const next = await sys.fork(forever);
				await sys.write(1, `${a} ${b} ${leader} ${member} ${last} ${wrapped} ${next}\n`);
				for (const pid of [a, b, member, last, wrapped, next]) {
					if (!isErrno(pid)) await sys.kill(pid, SIGKILL);
				}
				return 0;
			}
		});
		const r = await m.run({ command: '/usr/bin/pids' });
		m.dispose();
		// 302 is free as a pid but group 302 lives on in 303, so the first free number is 304.
		expect(r).toEqual({ stdout: '300 301 302 303 32767 304 305\n', stderr: '', exitCode: 0 });
	});
});
