// Regular expressions that make a backtracking matcher take exponential time: grep, sed and awk
// answer them at once (core/lib/regex runs them as automata), and a back-reference pattern,
// which needs backtracking, leaves the machine responsive and stops at ^C.
import { describe, expect, it } from 'vitest';
import { sessionPerTest, type Session } from './session.ts';

const open = sessionPerTest();

async function session(): Promise<Session> {
	const s = await open();
	// Lines of 40 a's (with and without a final b, and with a b that no match can use early, which
	// the literal check lets through) and of 5000 x's (with and without a final y).
	await s.typeOk("printf '%040d\\n' 0 | tr 0 a > /tmp/a40");
	await s.typeOk("printf '%040db\\n' 0 | tr 0 a > /tmp/a40b");
	await s.typeOk("printf '%040d.b\\n' 0 | tr 0 a > /tmp/a40.b");
	await s.typeOk("printf '%05000d\\n' 0 | tr 0 x > /tmp/x5000");
	await s.typeOk("printf '%05000dy\\n' 0 | tr 0 x > /tmp/x5000y");
	return s;
}

const PROMPT = '[root@main root]# ';
const A40 = 'a'.repeat(40);

/** What typing `line` shows, the echoed line itself left out. */
async function answer(t: Session, line: string): Promise<string> {
	const out = await t.typeOk(line);
	expect(out.startsWith(line + '\n')).toBe(true);
	return out.slice(line.length + 1);
}

describe('patterns that are exponential for a backtracking matcher', () => {
	it("grep -E '(a*)*b' answers on a line of 40 a's", async () => {
		const t = await session();
		expect(await answer(t, "grep -E '(a*)*b' /tmp/a40; echo $?")).toBe(`1\n${PROMPT}`);
		expect(await answer(t, "grep -E '(a*)*b' /tmp/a40 /tmp/a40b")).toBe(
			`/tmp/a40b:${A40}b\n${PROMPT}`
		);
		expect(await answer(t, "grep -o '\\(a*\\)*b' /tmp/a40b")).toBe(`${A40}b\n${PROMPT}`);
		expect(await answer(t, "grep -cE '^(a|aa)+$' /tmp/a40 /tmp/a40b")).toBe(
			`/tmp/a40:1\n/tmp/a40b:0\n${PROMPT}`
		);
	});

	it("sed -r 's/(x+x+)+y//' answers on a line of 5000 x's", async () => {
		const t = await session();
		expect(await answer(t, "sed -r 's/(x+x+)+y//' /tmp/x5000 | wc -c")).toBe(`   5001\n${PROMPT}`);
		expect(await answer(t, "sed -r 's/(x+x+)+y/[&]/' /tmp/x5000y | wc -c")).toBe(
			`   5004\n${PROMPT}`
		);
		expect(await answer(t, "sed -r 's/(x+x+)+y/<\\1>/' /tmp/x5000y")).toBe(
			`<${'x'.repeat(5000)}>\n${PROMPT}`
		);
		expect(await answer(t, "sed -n '/\\(x\\+x\\+\\)\\+y/p' /tmp/x5000 | wc -l")).toBe(
			`      0\n${PROMPT}`
		);
	});

	it("awk '/(a|aa)+$/' answers on long lines", async () => {
		const t = await session();
		expect(await answer(t, "awk '/(a|aa)+$/' /tmp/a40b /tmp/x5000y; echo $?")).toBe(`0\n${PROMPT}`);
		expect(
			await answer(t, "awk '{ print match($0, /(a|aa)+$/), RSTART, RLENGTH }' /tmp/a40 /tmp/a40b")
		).toBe(`1 1 40\n0 0 -1\n${PROMPT}`);
		expect(
			await answer(t, 'awk \'{ n = gsub(/(x+x+)+y/, "-"); print n, length($0) }\' /tmp/x5000y')
		).toBe(`1 1\n${PROMPT}`);
	});
});

describe("the shell's patterns and find -name", () => {
	it('match many stars against a long word in linear time', async () => {
		const t = await session();
		await t.typeOk('x=$(cat /tmp/a40)$(cat /tmp/a40)$(cat /tmp/a40)$(cat /tmp/a40)');
		expect(
			await answer(
				t,
				'case $x in *a*a*a*a*a*a*a*a*b) echo yes;; *a*a*a*a*a*a*a*a) echo no b;; esac'
			)
		).toBe(`no b\n${PROMPT}`);
		expect(await answer(t, 'echo ${x%%a*a*a*a*a*a*a*a*b}; echo ${#x}')).toBe(
			`${'a'.repeat(160)}\n160\n${PROMPT}`
		);
		await t.typeOk('mkdir /tmp/d; touch /tmp/d/$x /tmp/d/${x}b');
		expect(await answer(t, "find /tmp/d -name '*a*a*a*a*a*a*a*a*b' | wc -l")).toBe(
			`      1\n${PROMPT}`
		);
	});
});

describe('back-references, which need backtracking', () => {
	it('a slow match stops at ^C with status 130', async () => {
		const t = await session();
		// 20 ms of virtual time is twenty slices of the matcher.
		await t.type("grep '\\(a*\\)*\\1b' /tmp/a40.b", 20);
		expect(t.lastSettle).toBe('bound');
		expect(await t.typeOk('^C')).toBe(`^C\n${PROMPT}`);
		expect(await answer(t, 'echo $?')).toBe(`130\n${PROMPT}`);
	});

	it('a slow match in the background leaves the terminal answering', async () => {
		const t = await session();
		expect(await t.type("sed -n '/\\(a*\\)*\\1b/p' /tmp/a40.b &", 20)).toMatch(
			/^sed -n .* &\n\[1\] \d+\n/
		);
		expect(await t.type('echo hi', 20)).toBe(`echo hi\nhi\n${PROMPT}`);
		expect(await t.typeOk('kill %1')).toMatch(/^kill %1\n/);
		expect(await t.typeOk('echo after')).toMatch(/after\n\[root@main root\]# $/);
	});

	it('a quick one matches as before', async () => {
		const t = await session();
		expect(await answer(t, "echo abcabc xyzxyz abab | grep -o '\\([a-c]*\\)\\1'")).toBe(
			`abcabc\nabab\n${PROMPT}`
		);
		expect(await answer(t, "echo 'hello hello world' | sed 's/\\(hel*o\\) \\1/[\\1]/'")).toBe(
			`[hello] world\n${PROMPT}`
		);
	});
});
