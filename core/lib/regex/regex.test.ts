// The regex engine: syntax, matches and groups as JavaScript's RegExp gives them (a property test
// over random patterns without nested quantifiers or back-references, fixed seed; FC_RUNS raises
// the count), the pathological patterns in linear time, back-references in slices, and the
// required literals checked before the automata run (a second property test, over patterns rich
// in literals, back-references included, searched from every position).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Regex, RegexTooHard, SYNC_STEPS, matchAll, splitBy, type RegexMatch } from './index.ts';

const RUNS = Number(process.env.FC_RUNS ?? 200) * 5;

function groups(m: RegexMatch | RegExpExecArray | null): unknown {
	return m && { index: m.index, groups: [...m] };
}

/** Every match of a global search by the engine and by RegExp, with their groups. */
function both(source: string, subject: string, flags = ''): { ours: unknown; js: unknown } {
	const ours = matchAll(new Regex(source, flags), subject).map(groups);
	const js = [...subject.matchAll(new RegExp(source, flags + 'g'))].map(groups);
	return { ours, js };
}

describe('syntax', () => {
	it('refuses what it does not know, with regcomp-like messages', () => {
		for (const bad of [
			'(',
			'a)',
			'[a',
			'*a',
			'a**',
			'a{2,1}',
			'(?<n>a)',
			'(?=ab)',
			'\\2(a)',
			'\\'
		]) {
			expect(Regex.compile(bad)).toEqual({ error: 'Invalid regular expression' });
		}
		expect(Regex.compile('a{40000}')).toEqual({ error: 'Regular expression too big' });
		expect(Regex.compile('(a{1000}){1000}')).toEqual({ error: 'Regular expression too big' });
	});

	it('reads braces that are not a count as literals, and \\10 as \\1 then 0 with one group', () => {
		expect(new Regex('a{,2}').exec('xa{,2}')?.[0]).toBe('a{,2}');
		expect(new Regex('(a)\\10').exec('aa0')?.[0]).toBe('aa0');
	});
});

describe('matches', () => {
	it('finds what RegExp finds, groups included', () => {
		const cases: [string, string, string?][] = [
			['(a|b)+c', 'xxababcz'],
			['a(b)?c', 'ac abc'],
			['^ab$', 'ab'],
			['\\bfoo\\b', 'a foo b foobar'],
			['x*', 'abc'],
			['(?:(a)|b)+', 'ab'],
			['a*?b', 'aab'],
			['(a)|(b)', 'ba'],
			['[^\\]a-]+', 'x]y-z'],
			['\\w+\\s\\d{2,3}', 'ab 1234'],
			['A[B-D]', 'xab ac', 'i'],
			['\\u00e9', 'caf\u00c9', 'i'],
			['(?<![A-Za-z0-9_])(?:is)(?![A-Za-z0-9_])', 'this is it'],
			['\\b(?=\\w)a|b\\b(?<=\\w)', 'a b ab'],
			['$', 'ab'],
			['(|a)*', 'aa'],
			['(a|)+b', 'aab']
		];
		for (const [p, s, f] of cases) {
			const { ours, js } = both(p, s, f);
			expect(ours, p).toEqual(js);
		}
	});

	it('answers the pathological patterns in linear time', () => {
		const a = 'a'.repeat(40);
		expect(new Regex('(a*)*b').test(a)).toBe(false);
		expect(new Regex('(a*)*b').exec(a + 'b')?.[0]).toBe(a + 'b');
		expect(new Regex('(x+x+)+y').exec('x'.repeat(5000))).toBeNull();
		expect(new Regex('(a|aa)+$').exec('a'.repeat(100000) + 'b')).toBeNull();
		const m = new Regex('(a|aa)+$').exec('b' + 'a'.repeat(100000));
		expect([m?.index, m?.[0]?.length, m?.[1]]).toEqual([1, 100000, 'a']);
	});

	it('go on right after a DFA drops its cache of states (past 4096) between and within searches', () => {
		// `a`, twelve of [ab], then `c`: a scan over a's and b's needs a state per window of 13.
		const p = 'a[ab]{12}c';
		let seed = 7;
		const letter = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 16) & 1;
		const lines: string[] = [];
		for (let i = 0; i < 400; i++) {
			let l = '';
			for (let j = 0; j < 40; j++) l += letter() ? 'a' : 'b';
			lines.push(l);
		}
		const ours = new Regex(p);
		const js = new RegExp(p);
		const long = lines.join('');
		const subjects = [long + 'c', ...lines.map((l, i) => (i % 7 === 3 ? l + 'c' : l)), long + 'c'];
		for (const l of subjects) {
			expect(ours.test(l), l).toBe(js.test(l));
			expect(groups(ours.exec(l)), l).toEqual(groups(js.exec(l)));
		}
	});

	it('splits as String.prototype.split does, without the groups', () => {
		for (const [p, s] of [
			[':', 'a:b::c'],
			['x*', 'abc'],
			[',+', ',a,,b,'],
			['b*', 'abbc'],
			['z', '']
		] as const) {
			expect(splitBy(new Regex(p), s), p).toEqual(s.split(new RegExp(p)));
		}
		expect(splitBy(new Regex('(:)'), 'a:b')).toEqual(['a', 'b']);
	});
});

describe('back-references', () => {
	it('match the text of their group, case-folded with i', () => {
		const { ours, js } = both('(a+)b\\1', 'aabaa abab');
		expect(ours).toEqual(js);
		expect(new Regex('(ab)\\1', 'i').exec('xAbaB')?.[0]).toBe('AbaB');
		expect(new Regex('(a)|\\1b').exec('b')?.[0]).toBe('b');
	});

	it('run in slices, and a synchronous search gives up after its bound', async () => {
		// Each subject holds the literal the pattern needs ('b', 'c'), but where no match can use it
		// early, so the literal check lets it through to the backtracker.
		const re = new Regex('(a*)*\\1b');
		expect(() => re.test('a'.repeat(40) + '.b')).toThrow(RegexTooHard);
		let pauses = 0;
		const slow = new Regex('(a|aa)+\\1c');
		const r = await slow.testAsync('a'.repeat(20) + '.c', async () => {
			pauses++;
		});
		expect(r).toBe(false);
		expect(pauses).toBeGreaterThan(0);
		expect(SYNC_STEPS).toBeGreaterThan(1 << 20);
	});
});

// Random patterns over a small alphabet: atoms, classes, anchors, groups and alternation, with
// a quantifier only on something that holds none.
const atom = fc.constantFrom(
	'a',
	'b',
	'A',
	'.',
	'[ab]',
	'[^a]',
	'\\w',
	'\\d',
	'\\s',
	'[a-c1]',
	'\\.'
);
const assertion = fc.constantFrom('^', '$', '\\b', '\\B');
const quant = fc.constantFrom('*', '+', '?', '{2}', '{1,3}', '{0,}', '*?', '+?', '??', '{1,2}?');
const flat = fc
	.array(fc.oneof(atom, atom, assertion), { minLength: 0, maxLength: 3 })
	.map((l) => l.join(''));
const simpleGroup = fc
	.tuple(fc.constantFrom('(', '(?:'), fc.array(flat, { minLength: 1, maxLength: 3 }))
	.map(([open, alts]) => `${open}${alts.join('|')})`);
const piece = fc.oneof(
	atom,
	assertion,
	fc.tuple(fc.oneof(atom, simpleGroup), quant).map(([x, q]) => x + q),
	simpleGroup
);
const piecesOf = fc.array(piece, { minLength: 1, maxLength: 5 }).map((l) => l.join(''));
const pattern = fc.oneof(
	piecesOf,
	fc.tuple(piecesOf, piecesOf).map(([x, y]) => `${x}|${y}`),
	fc.tuple(piecesOf, piecesOf).map(([x, y]) => `(${x})${y}`)
);
const subject = fc
	.array(fc.constantFrom('a', 'b', 'A', 'B', '1', ' ', '_', '.', '\n', 'c'), { maxLength: 14 })
	.map((l) => l.join(''));

describe('property: the engine agrees with RegExp', () => {
	it('on every match of a global search, groups included', () => {
		fc.assert(
			fc.property(pattern, subject, fc.boolean(), (p, s, icase) => {
				const flags = icase ? 'i' : '';
				const { ours, js } = both(p, s, flags);
				expect(ours).toEqual(js);
				expect(new Regex(p, flags).test(s)).toBe(new RegExp(p, flags).test(s));
			}),
			{ seed: 2424, numRuns: RUNS }
		);
	});
});

describe('required literals', () => {
	it('are found from the pattern: runs of literals, groups, counts, alternatives, -i', () => {
		const cases: [string, string, string[], string, boolean][] = [
			// pattern, flags, need, pre, pure
			['Failed password', '', ['Failed password'], 'Failed password', true],
			['(ab)+c', '', ['abc'], 'ab', false],
			['x[0-9]+(error|warn)', '', ['error', 'warn'], 'x', false],
			['foo|bar', '', ['foo', 'bar'], '', true],
			['ab{2}c', '', ['abbc'], 'abbc', true],
			['\\bfoo\\b', '', ['foo'], 'foo', false],
			['^ab$', '', ['ab'], 'ab', false],
			['(?<![A-Za-z0-9_])(?:is)(?![A-Za-z0-9_])', '', ['is'], 'is', false],
			['(a)\\1xy', '', ['xy'], 'a', false],
			['AbC.1', 'i', ['abc'], 'abc', false],
			['[Kk]ey', '', ['ey'], '', false],
			['a*|b', '', [], '', false],
			['a?b?', '', [], '', false],
			['(a|)bc', '', ['bc'], '', false],
			['\\u00e9t\\u00e9', 'i', ['t'], '', false]
		];
		for (const [p, f, need, pre, pure] of cases) {
			expect(new Regex(p, f).literals, `${p} ${f}`).toEqual({ need, pre, pure });
		}
	});

	it('turn away subjects without them, and decide alone when the pattern is just literals', () => {
		const re = new Regex('Failed password');
		expect(re.test('Accepted password for root')).toBe(false);
		expect(re.test('x Failed password', 3)).toBe(false);
		expect(re.exec('a Failed password b Failed password', 3)?.index).toBe(20);
		// Under -i the lowered subject is searched: a Kelvin sign lowers to "k" but does not match.
		expect(new Regex('key', 'i').test('\u212aEY')).toBe(false);
		expect(new Regex('key', 'i').test('KeY')).toBe(true);
		expect(new Regex('is', 'i').test('\u0130S')).toBe(false);
	});
});

// Patterns rich in literals (words, counts of words, alternatives of words, -i, anchors, \b,
// back-references) over subjects made of the same words, so that a literal is sometimes there and
// sometimes not; checked at every start position, as grep -o, sed s///g and awk gsub search.
const word = fc.constantFrom('ab', 'ba', 'abc', 'Ab', 'b', 'k', 's', 'i', 'a.c', 'a\\.c');
const words = fc.array(word, { minLength: 2, maxLength: 3 }).map((ws) => `(?:${ws.join('|')})`);
const litAtom = fc.oneof(word, word, atom, assertion);
const litPiece = fc.oneof(
	litAtom,
	fc.tuple(fc.oneof(word, atom), quant).map(([x, q]) => `(?:${x})${q}`),
	words,
	fc.array(litAtom, { minLength: 1, maxLength: 3 }).map((l) => `(${l.join('')})`)
);
/** Nothing but words, alternatives of words and assertions: where the literals decide alone. */
const litOnly = fc
	.array(fc.oneof(word, word, words, assertion), { minLength: 1, maxLength: 4 })
	.map((l) => l.join(''));
const litPattern = fc.oneof(
	fc
		.tuple(
			fc.array(litPiece, { minLength: 1, maxLength: 5 }),
			fc.boolean(),
			fc.option(fc.array(litPiece, { minLength: 1, maxLength: 3 }))
		)
		.map(([l, backref, other]) => {
			let p = l.join('');
			// A back-reference to the first group, when there is one and no count could repeat it.
			if (backref && /^[^(]*\((?!\?)/.test(p)) p += '\\1';
			return other ? `${p}|${other.join('')}` : p;
		}),
	litOnly,
	fc.tuple(litOnly, litOnly).map(([x, y]) => `${x}|${y}`)
);
const litSubject = fc
	.array(
		fc.constantFrom(
			'ab',
			'ba',
			'abc',
			'AB',
			'a',
			'b',
			'c',
			'K',
			'k',
			's',
			' ',
			'.',
			'\u212a',
			'\u017f',
			'\u0130',
			'i'
		),
		{ maxLength: 10 }
	)
	.map((l) => l.join(''));

describe('property: the literal check changes no answer', () => {
	it('test, exec from every position, and the global search agree with RegExp', async () => {
		await fc.assert(
			fc.asyncProperty(litPattern, litSubject, fc.boolean(), async (p, s, icase) => {
				const flags = icase ? 'i' : '';
				const ours = new Regex(p, flags);
				const js = new RegExp(p, flags + 'g');
				const { ours: all, js: jsAll } = both(p, s, flags);
				expect(all).toEqual(jsAll);
				for (let from = 0; from <= s.length; from++) {
					js.lastIndex = from;
					const want = groups(js.exec(s));
					expect(groups(ours.exec(s, from)), `exec from ${from}`).toEqual(want);
					expect(ours.test(s, from), `test from ${from}`).toBe(want !== null);
				}
				const pause = async () => {};
				expect(groups(await ours.execAsync(s, pause))).toEqual(
					groups(new RegExp(p, flags).exec(s))
				);
				expect(await ours.testAsync(s, pause)).toBe(new RegExp(p, flags).test(s));
			}),
			{ seed: 4242, numRuns: RUNS }
		);
	});
});
