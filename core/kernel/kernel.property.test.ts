// Property tests of the kernel core (fast-check, fixed seeds; FC_RUNS raises the run count).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ModelMachine } from '../model-machine.ts';
import { bootWith } from '../test-helpers.ts';
import { SLICE_SYSCALLS } from './kernel.ts';
import { isErrno, O_WRONLY, type Sys } from '../syscalls/index.ts';

const runs = Number(process.env.FC_RUNS ?? 200);

const typed = fc.oneof(
	fc.constantFrom(
		'echo hi\r',
		'true\r',
		'false\r',
		'cd /tmp\r',
		'pwd\r',
		'nosuch\r',
		'cd\r',
		'\x03',
		'\x7f',
		'ec',
		'ho x\r'
	),
	fc.string({ maxLength: 6 })
);
const entry = fc.oneof(
	{ weight: 6, arbitrary: typed.map((data) => ({ op: 'input' as const, data })) },
	{
		weight: 1,
		arbitrary: fc.record({
			op: fc.constant('resize' as const),
			cols: fc.integer({ min: 20, max: 200 }),
			rows: fc.integer({ min: 5, max: 60 })
		})
	}
);

describe('kernel properties', () => {
	it('the same boot options and input log always give the same snapshot and screen', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(entry, { maxLength: 12, size: 'max' }),
				fc.integer({ min: 1, max: 1000 }),
				async (entries, seed) => {
					const m = await ModelMachine.create({ seed });
					const id = await m.openTerminal({ user: 'root', cols: 80, rows: 24 });
					let screen = '';
					m.attach(id, (c) => (screen += String.fromCharCode(...c)));
					await m.settle(id, 5000);
					for (const e of entries) {
						if (e.op === 'input') m.input(id, e.data);
						else m.resize(id, e.cols, e.rows);
						await m.settle(id, 5000);
					}
					const saved = await m.save();
					const snap = await m.inspect();
					m.dispose();
					if (saved.backend !== 'model') throw new Error('model state expected');
					const copy = await ModelMachine.create(saved.boot, saved.log);
					let again = '';
					copy.attach(id, (c) => (again += String.fromCharCode(...c)));
					expect(await copy.inspect()).toEqual(snap);
					expect(again).toBe(screen);
					expect(copy.faults).toEqual([]);
					copy.dispose();
				}
			),
			{ numRuns: Math.max(20, runs / 4), seed: 20031 }
		);
	});

	it('no program makes more than a slice of syscalls before the scheduler gets control back', async () => {
		type Op = 'getpid' | 'write' | 'yield' | 'fork' | 'pipe' | 'sleep';
		// Mostly calls that never block, so long runs test the slice budget itself.
		const op = fc.oneof(
			{ weight: 30, arbitrary: fc.constantFrom<Op>('getpid', 'write') },
			{ weight: 1, arbitrary: fc.constantFrom<Op>('yield', 'fork', 'pipe', 'sleep') }
		);
		const ops = fc.array(op, { minLength: 1, maxLength: 600, size: 'max' });
		await fc.assert(
			fc.asyncProperty(ops, async (list) => {
				const prog = async (sys: Sys) => {
					const fd = await sys.open('/dev/null', O_WRONLY);
					if (isErrno(fd)) return 1;
					for (const op of list) {
						if (op === 'getpid') await sys.getpid();
						else if (op === 'write') await sys.write(fd, 'x');
						else if (op === 'yield') await sys.yield();
						else if (op === 'fork') {
							const pid = await sys.fork(async (c) => (await c.getpid(), 0));
							if (!isErrno(pid)) await sys.waitpid(pid);
						} else if (op === 'pipe') await sys.pipe();
						else await sys.sleep(1);
					}
					return 0;
				};
				const m = await bootWith({ busy: prog });
				const k = m.kernel;
				let inSlice = 0;
				let worst = 0;
				let lastSlice = -1;
				k.onEvent((e) => {
					if (e.type !== 'syscall') return;
					if (k.slice !== lastSlice) {
						lastSlice = k.slice;
						inSlice = 0;
					}
					worst = Math.max(worst, ++inSlice);
				});
				const r = await m.run({ command: '/usr/bin/busy' });
				m.dispose();
				expect(r.exitCode).toBe(0);
				expect(worst).toBeLessThanOrEqual(SLICE_SYSCALLS);
			}),
			{ numRuns: runs, seed: 2003 }
		);
	});
});
