import { describe, expect, it } from 'vitest';
import { Parser, type ParseResult } from './parser.ts';
import { ScriptParse, scriptParse } from './parse-cache.ts';
import { run } from '../test-helpers.ts';

/** Every result of parsing `src` a command at a time with a parser of its own. */
function fresh(src: string, line = 1): ParseResult[] {
	const p = new Parser(src, { final: true, aliases: null, line });
	const out: ParseResult[] = [];
	let pos = 0;
	for (;;) {
		const r = p.parseNext(pos);
		out.push(r);
		if (r.kind !== 'command') return out;
		pos = r.end;
	}
}

const SCRIPT = `# a script long enough to be kept
f() { echo "in f: $1"; }
for i in 1 2; do f $i; done
cat <<EOF
here $HOME
EOF
if true; then echo yes; fi
`;

describe('shared script parses', () => {
	it('hand out the results a parser of their own gives, in order', () => {
		const want = fresh(SCRIPT, 3);
		const s = new ScriptParse(SCRIPT, 3);
		const got: ParseResult[] = [];
		for (let i = 0; ; i++) {
			got.push(s.at(i));
			if (s.at(i).kind !== 'command') break;
		}
		expect(got).toEqual(want);
		// Asking again gives the same objects, not a second parse.
		expect(s.at(1)).toBe(got[1]);
	});

	it('stop at a syntax error and repeat it', () => {
		const src = 'echo one; echo two\necho three\nif then fi\necho never reached by the shell\n';
		const s = new ScriptParse(src, 1);
		expect(s.at(0).kind).toBe('command');
		expect(s.at(1).kind).toBe('command');
		expect(s.at(2)).toEqual(fresh(src)[2]);
		expect(s.at(2).kind).toBe('error');
		expect(s.at(5)).toBe(s.at(2));
	});

	it('are shared by text and starting line, and not kept for short texts', () => {
		expect(scriptParse(SCRIPT, 1)).toBe(scriptParse(SCRIPT, 1));
		expect(scriptParse(SCRIPT, 2)).not.toBe(scriptParse(SCRIPT, 1));
		expect(scriptParse('echo hi\n', 1)).toBeNull();
	});

	it('leave a script running as before: commands before a syntax error run, once each', async () => {
		const body =
			'echo first line of a script that is long enough to be shared\necho second\nif then\necho not run\n';
		const r = await run(
			`printf '${body.replace(/\n/g, '\\n')}' >/tmp/s.sh; sh /tmp/s.sh; echo "status $?"; sh /tmp/s.sh 2>/dev/null`
		);
		expect(r.stdout).toBe(
			'first line of a script that is long enough to be shared\nsecond\nstatus 2\n' +
				'first line of a script that is long enough to be shared\nsecond\n'
		);
		expect(r.stderr).toBe(
			"/tmp/s.sh: line 3: syntax error near unexpected token `then'\n/tmp/s.sh: line 3: `if then'\n"
		);
	});
});
