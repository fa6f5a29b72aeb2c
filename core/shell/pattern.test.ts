// Shell patterns (pattern.ts): the star-retry matcher agrees with a regular expression built from
// the same pattern (fast-check, fixed seed), and a many-star pattern on a long subject answers.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compilePattern, matchPattern } from './pattern.ts';

/** The same pattern as a JavaScript RegExp (small alphabet, so no escaping is needed). */
function asRegExp(p: string): RegExp {
	return new RegExp(
		'^' + p.replace(/\[!/g, '[^').replace(/\*/g, '[\\s\\S]*').replace(/\?/g, '[\\s\\S]') + '$'
	);
}

describe('shell patterns', () => {
	it('agree with a regular expression of the same pattern', () => {
		const piece = fc.constantFrom('a', 'b', '*', '?', '[ab]', '[!a]', 'ab');
		const pattern = fc.array(piece, { maxLength: 8 }).map((p) => p.join(''));
		const subject = fc
			.array(fc.constantFrom('a', 'b', 'c'), { maxLength: 12 })
			.map((s) => s.join(''));
		fc.assert(
			fc.property(pattern, subject, (p, s) => {
				expect(compilePattern(p).test(s)).toBe(asRegExp(p).test(s));
			}),
			{ seed: 1729, numRuns: 3000 }
		);
	});

	it('takes quoted characters and a lone [ literally, and knows the classes', () => {
		expect(matchPattern('\\*', '*')).toBe(true);
		expect(matchPattern('\\*', 'a')).toBe(false);
		expect(matchPattern('[[:digit:]]*', '7up')).toBe(true);
		expect(matchPattern('[', '[')).toBe(true);
		expect(matchPattern('a[', 'a[')).toBe(true);
	});

	it('answers many stars against a long subject without backtracking blow-up', () => {
		const p = '*a*a*a*a*a*a*a*a*a*a*b';
		expect(compilePattern(p).test('a'.repeat(5000))).toBe(false);
		expect(compilePattern(p).test('a'.repeat(5000) + 'b')).toBe(true);
	});
});
