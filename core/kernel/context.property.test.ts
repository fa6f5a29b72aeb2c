// Property tests of credentials and contexts: random syscall sequences from random processes, with
// the invariants checked around every call (fast-check, fixed seed; FC_RUNS raises the count).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bootWith } from '../test-helpers.ts';
import { CAP_SECURE_REMOVE, isErrno, S_ISUID, type Sys } from '../syscalls/index.ts';
import { contextTable, S_CTX_INFO_LOCK, S_CTX_INFO_PRIVATE, type ContextInfo } from './context.ts';
import type { Kernel } from './kernel.ts';
import type { Process } from './process.ts';

const runs = Number(process.env.FC_RUNS ?? 200);

type Op =
	| { op: 'ctx'; ctx: number; remove: number; flags: number }
	| { op: 'kill'; target: number; sig: number }
	| { op: 'look'; target: number; how: 'getsid' | 'getpgid' | 'capget' }
	| { op: 'capset'; prm: number; eff: number; inh: number }
	| { op: 'uid'; how: 'setuid' | 'seteuid' | 'setresuid'; uid: number }
	| { op: 'fork' }
	| { op: 'exec'; suid: boolean }
	| { op: 'sleep'; ms: number };

const word = fc.integer({ min: 0, max: 0xffffffff });
const anOp: fc.Arbitrary<Op> = fc.oneof(
	{
		weight: 4,
		arbitrary: fc.record({
			op: fc.constant('ctx' as const),
			ctx: fc.constantFrom(-2, -1, -1, 0, 1, 2, 3, 5),
			remove: fc.constantFrom(0, 0, CAP_SECURE_REMOVE, 1 << 21, 1 << 5, 1 << 7, 0xffffffff),
			flags: fc.constantFrom(0, 0, 1, 2, 4, 8, 16, 32, 64, 9, 17)
		})
	},
	{
		weight: 3,
		arbitrary: fc.record({
			op: fc.constant('kill' as const),
			target: fc.integer({ min: -1, max: 40 }),
			sig: fc.constantFrom(0, 0, 15, 9, 18, 10)
		})
	},
	{
		weight: 3,
		arbitrary: fc.record({
			op: fc.constant('look' as const),
			target: fc.integer({ min: 0, max: 40 }),
			how: fc.constantFrom('getsid' as const, 'getpgid' as const, 'capget' as const)
		})
	},
	{
		weight: 2,
		arbitrary: fc.record({ op: fc.constant('capset' as const), prm: word, eff: word, inh: word })
	},
	{
		weight: 2,
		arbitrary: fc.record({
			op: fc.constant('uid' as const),
			how: fc.constantFrom('setuid' as const, 'seteuid' as const, 'setresuid' as const),
			uid: fc.constantFrom(0, 500, 501)
		})
	},
	{ weight: 1, arbitrary: fc.constant({ op: 'fork' as const }) },
	{ weight: 1, arbitrary: fc.record({ op: fc.constant('exec' as const), suid: fc.boolean() }) },
	{
		weight: 2,
		arbitrary: fc.record({ op: fc.constant('sleep' as const), ms: fc.integer({ min: 0, max: 20 }) })
	}
);
const aWorker = fc.record({ user: fc.boolean(), ops: fc.array(anOp, { maxLength: 10 }) });

/** Resolves a generated target: ≤ 0 passes through (kill 0, kill -1), else a live pid by index. */
function targetPid(k: Kernel, t: number): number {
	if (t <= 0) return t;
	const pids = [...k.procs.values()]
		.filter((p) => p.state !== 'Z')
		.map((p) => p.pid)
		.sort((a, b) => a - b);
	return pids[t % pids.length] ?? 1;
}

/** Runs generated ops on `sys`; fork and exec carry the rest of the list along. */
function worker(k: () => Kernel) {
	return async function run(sys: Sys, argv: string[]): Promise<number> {
		const ops = JSON.parse(argv[1] ?? '[]') as Op[];
		for (let i = 0; i < ops.length; i++) {
			const o = ops[i]!;
			switch (o.op) {
				case 'ctx':
					await sys.new_s_context(o.ctx, o.remove, o.flags);
					break;
				case 'kill':
					await sys.kill(targetPid(k(), o.target), o.sig);
					break;
				case 'look': {
					const pid = targetPid(k(), o.target);
					if (o.how === 'capget') await sys.capget(pid);
					else await sys[o.how](pid);
					break;
				}
				case 'capset': {
					const c = await sys.capget();
					if (isErrno(c)) break;
					const prm = (c.permitted & o.prm) >>> 0;
					await sys.capset({
						permitted: prm,
						effective: (prm & o.eff) >>> 0,
						inheritable: ((c.inheritable | c.permitted) & o.inh) >>> 0
					});
					break;
				}
				case 'uid':
					if (o.how === 'setuid') await sys.setuid(o.uid);
					else if (o.how === 'seteuid') await sys.setresuid(-1, o.uid, -1);
					else await sys.setresuid(o.uid, o.uid, o.uid);
					break;
				case 'fork': {
					const rest = JSON.stringify(ops.slice(i + 1, i + 4));
					await sys.fork((c) => run(c, ['worker', rest]));
					break;
				}
				case 'exec':
					await sys.execve(
						o.suid ? '/usr/bin/suidworker' : '/usr/bin/worker',
						['worker', JSON.stringify(ops.slice(i + 1))],
						{}
					);
					break;
				case 'sleep':
					await sys.sleep(o.ms);
					break;
			}
		}
		return 0;
	};
}

/** Watches every syscall and signal and collects invariant violations. */
function watch(k: Kernel): string[] {
	const bad: string[] = [];
	const bsets = new WeakMap<Process, number>();
	const flagsSeen = new WeakMap<ContextInfo, number>();
	let killer: Process | null = null;
	let killSig = -1;
	const check = (where: string) => {
		for (const p of k.procs.values()) {
			const b = p.caps.bset >>> 0;
			if (((p.caps.eff | p.caps.prm | p.caps.inh) & ~b) >>> 0) {
				bad.push(`${where}: pid ${p.pid} holds capabilities outside cap_bset`);
			}
			const before = bsets.get(p);
			if (before !== undefined && (b & ~before) >>> 0) {
				bad.push(`${where}: pid ${p.pid} cap_bset rose`);
			}
			bsets.set(p, b);
		}
		for (const info of contextTable(k).values()) {
			const f = flagsSeen.get(info) ?? 0;
			if (f & ~info.flags) bad.push(`${where}: context ${info.id} lost flags`);
			flagsSeen.set(info, info.flags);
		}
	};
	const post = k.postSignal.bind(k);
	k.postSignal = (t: Process, sig: number) => {
		if (killer && sig === killSig && t !== killer) {
			if (killer.ctx === 1 && t.ctx !== 1) {
				bad.push(`context 1 signalled pid ${t.pid} of context ${t.ctx}`);
			}
			if (killer.ctx !== 1 && t.ctx !== killer.ctx && t.pid !== 1) {
				bad.push(`context ${killer.ctx} signalled pid ${t.pid} of context ${t.ctx}`);
			}
		}
		post(t, sig);
	};
	const call = k.call.bind(k);
	k.call = ((p: Process, name: string, args: unknown[], handler: () => unknown) =>
		call(p, name, args, () => {
			const ctxBefore = p.ctx;
			const own = contextTable(k).get(p.ctx);
			const locked =
				own &&
				(own.flags & S_CTX_INFO_LOCK) !== 0 &&
				[...k.procs.values()].some((q) => q.ctx === p.ctx);
			const wanted = name === 'new_s_context' ? (args[0] as number) : null;
			const target = wanted !== null && wanted >= 2 ? contextTable(k).get(wanted) : undefined;
			const privateBefore =
				target &&
				(target.flags & S_CTX_INFO_PRIVATE) !== 0 &&
				[...k.procs.values()].some((q) => q.ctx === wanted);
			if (name === 'kill') {
				killer = p;
				killSig = args[1] as number;
			}
			let r: unknown;
			try {
				r = handler();
			} finally {
				killer = null;
			}
			if (name === 'new_s_context' && p.ctx !== ctxBefore) {
				if (locked) bad.push(`pid ${p.pid} left locked context ${ctxBefore} for ${p.ctx}`);
				if (privateBefore) bad.push(`pid ${p.pid} joined private context ${wanted}`);
			}
			if (
				(name === 'getsid' || name === 'getpgid' || name === 'capget') &&
				!isErrno(r) &&
				p.ctx !== 1
			) {
				const pid = args[0] as number;
				const t = pid === 1 || pid === 0 ? null : k.procs.get(pid);
				if (t && t.ctx !== p.ctx) {
					bad.push(
						`pid ${p.pid} (context ${p.ctx}) observed pid ${pid} of context ${t.ctx} with ${name}`
					);
				}
			}
			check(name);
			return r;
		})) as typeof k.call;
	return bad;
}

describe('credential and context properties', () => {
	it('random syscalls from random processes never break the context and capability invariants', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(aWorker, { minLength: 1, maxLength: 4 }), async (workers) => {
				let kernel: Kernel | null = null;
				const w = worker(() => kernel!);
				const m = await bootWith({
					worker: w,
					suidworker: w,
					driver: async (sys) => {
						const pids: number[] = [];
						for (const spec of workers) {
							const pid = await sys.fork(async (c) => {
								if (spec.user) await c.setuid(500);
								await c.execve('/usr/bin/worker', ['worker', JSON.stringify(spec.ops)], {});
								return 127;
							});
							if (!isErrno(pid)) pids.push(pid);
						}
						for (const pid of pids) await sys.waitpid(pid);
						return 0;
					}
				});
				kernel = m.kernel;
				m.kernel.lookup('/usr/bin/suidworker')!.mode |= S_ISUID;
				const bad = watch(m.kernel);
				await m.run({ command: '/usr/bin/driver' });
				// Let orphans finish under watch too.
				for (let i = 0; i < 2000 && (await m.kernel.runSlice()); i++);
				const faults = [...m.faults];
				m.dispose();
				expect(faults).toEqual([]);
				expect(bad).toEqual([]);
			}),
			{ numRuns: runs, seed: 20030 }
		);
	}, 120_000);
});
