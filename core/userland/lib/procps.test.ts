// The stat line parser of the process tools against the plain reading procps describes: the name
// between the first `(` and the last `)`, then the words of the rest split at white space, each
// field `Number(word) || 0`; and the status reader against a split of the lines (fast-check,
// fixed seed; FC_RUNS raises the count).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fillStatus, parseStat, procInfoOf } from './procps.ts';

const runs = Number(process.env.FC_RUNS ?? 500);

/** The reading the one-scan parser must agree with, written the obvious way. */
function plainParse(text: string): Record<string, unknown> | null {
	const open = text.indexOf('(');
	const close = text.lastIndexOf(')');
	if (open === -1 || close < open) return null;
	const rest = text
		.slice(close + 2)
		.trim()
		.split(/\s+/);
	if (rest.length < 22) return null;
	const field = (i: number) => Number(rest[i] ?? 0) || 0;
	return {
		pid: Number(text.slice(0, open).trim()),
		comm: text.slice(open + 1, close),
		state: rest[0],
		ppid: field(1),
		pgrp: field(2),
		session: field(3),
		tty: field(4),
		tpgid: field(5),
		flags: field(6),
		utime: field(11),
		stime: field(12),
		cutime: field(13),
		cstime: field(14),
		priority: field(15),
		nice: field(16),
		start: field(19),
		vsize: field(20),
		rss: field(21),
		wchan: field(32)
	};
}

const word = fc.oneof(
	fc.integer({ min: -5, max: 5 }).map(String),
	fc.nat().map(String),
	fc.maxSafeNat().map(String),
	fc.bigInt({ min: 0n, max: 10n ** 20n }).map(String),
	fc.constantFrom('S', 'R', 'Z', '-', '+7', '007', '-0', '1e3', '0x10', 'x', '', '4294967295'),
	fc.string({ maxLength: 4 })
);
const gap = fc.constantFrom(' ', '  ', '\t', '\n', ' \u00a0', '\u2003', '\ufeff');

describe('parseStat', () => {
	it('reads a 2.4 stat line', () => {
		const line =
			'42 (my (odd) name) S 1 42 42 34816 42 0 0 0 0 0 7 3 0 0 15 -5 0 0 1234 ' +
			'1875968 143 4294967295 134512640 135090176 3221224032 0 0 0 0 0 65536 0 0 0 17 0\n';
		expect(parseStat(line)).toMatchObject({
			pid: 42,
			comm: 'my (odd) name',
			state: 'S',
			ppid: 1,
			tty: 34816,
			utime: 7,
			stime: 3,
			priority: 15,
			nice: -5,
			start: 1234,
			vsize: 1875968,
			rss: 143
		});
		expect(parseStat('1 (init) S 0 0')).toBeNull();
		expect(parseStat('no name here')).toBeNull();
	});

	it('agrees with a split at white space for any words and gaps', () => {
		fc.assert(
			fc.property(
				fc.string({ maxLength: 6 }),
				fc.array(fc.tuple(gap, word), { minLength: 18, maxLength: 40 }),
				fc.constantFrom('', ' ', ')', 'x'),
				(name, words, after) => {
					const text = `7 (${name})${after}` + words.map(([g, w]) => g + w).join('') + '\n';
					expect(parseStat(text)).toEqual(plainParse(text));
				}
			),
			{ numRuns: runs, seed: 2003 }
		);
	});
});

/** The ids and context of a status text, read the obvious way (split lines, trim, split words). */
function plainStatus(text: string): Record<string, unknown> {
	const value = (key: string): string | undefined => {
		const line = text.split('\n').find((l) => l.startsWith(key + ':'));
		return line?.slice(key.length + 1).trim();
	};
	const ids = (v: string | undefined) => (v ? v.split(/\s+/).map(Number) : []);
	const u = ids(value('Uid'));
	const g = ids(value('Gid'));
	const ctx = value('s_context');
	const uid = u[0] ?? 0;
	const gid = g[0] ?? 0;
	return {
		uid,
		euid: u[1] ?? uid,
		suid: u[2] ?? uid,
		fsuid: u[3] ?? uid,
		gid,
		egid: g[1] ?? gid,
		ctx: ctx === undefined ? null : Number(ctx.split(/\s/)[0])
	};
}

describe('fillStatus', () => {
	it('reads the ids and the context of a status file', () => {
		const info = procInfoOf('7 (sh) S 1 7 7 0 -1 0 0 0 0 0 0 0 0 0 15 0 0 0 9 1 1 0 0 0 0\n')!;
		fillStatus(info, 'Name:\tsh\nUid:\t500\t0\t0\t0\nGid:\t100\t100\t100\t100\ns_context: 3\n');
		expect(info).toMatchObject({ uid: 500, euid: 0, suid: 0, fsuid: 0, gid: 100, egid: 100 });
		expect(info.ctx).toBe(3);
		fillStatus(info, '');
		expect(info).toMatchObject({ uid: 0, euid: 0, gid: 0, egid: 0, ctx: null });
	});

	it('agrees with a reading of split lines for any words and gaps', () => {
		const line = (key: string) =>
			fc
				.array(fc.tuple(gap, word), { maxLength: 6 })
				.map((ws) => `${key}:${ws.map(([g, w]) => g + w).join('')}`);
		const other = fc.constantFrom('Name:\tsh', 'State:\tS (sleeping)', 'Pid:\t7', 'XUid:\t9', '');
		fc.assert(
			fc.property(
				fc.option(line('Uid')),
				fc.option(line('Gid')),
				fc.option(line('s_context')),
				fc.array(other, { maxLength: 3 }),
				fc.constantFrom('', '\n'),
				(uid, gid, ctx, others, end) => {
					const lines: string[] = [...others];
					for (const l of [uid, ctx, gid]) if (l !== null) lines.splice(lines.length % 3, 0, l);
					const text = lines.join('\n') + end;
					const info = procInfoOf('7 (sh) S 1 7 7 0 -1 0 0 0 0 0 0 0 0 0 15 0 0 0 9 1 1 0\n')!;
					fillStatus(info, text);
					const { uid: u, euid, suid, fsuid, gid: g, egid, ctx: c } = info;
					expect({ uid: u, euid, suid, fsuid, gid: g, egid, ctx: c }).toEqual(plainStatus(text));
				}
			),
			{ numRuns: runs, seed: 2003 }
		);
	});
});
