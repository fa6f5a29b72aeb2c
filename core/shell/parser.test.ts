import { describe, expect, it } from 'vitest';
import type { Node, Simple, Word } from './ast.ts';
import { Parser, parseScript, type ParseResult } from './parser.ts';
import { commandText, functionText } from './printer.ts';

function parse(src: string): Node {
	const r = parseScript(src);
	if (r.kind !== 'command' || !r.node) throw new Error(`no command: ${JSON.stringify(r)}`);
	return r.node;
}

function simple(src: string): Simple {
	const n = parse(src);
	if (n.type !== 'simple') throw new Error(`not simple: ${n.type}`);
	return n;
}

function partsOf(w: Word): string {
	return w.parts.map((p) => p.t).join(',');
}

/** Parses `src` as typed so far (more may come). */
function typed(src: string): ParseResult['kind'] {
	return new Parser(src, { final: false }).parseNext(0).kind;
}

function errorOf(src: string): string[] {
	const r = parseScript(src);
	if (r.kind !== 'error') throw new Error(`no error for ${src}`);
	return r.messages;
}

describe('the shell parser', () => {
	it('splits a simple command into assignments, words and redirections', () => {
		const c = simple('A=1 B=x echo hi >out 2>&1 <in');
		expect(c.assigns.map((a) => [a.name, a.value.plain])).toEqual([
			['A', '1'],
			['B', 'x']
		]);
		expect(c.words.map((w) => w.plain)).toEqual(['echo', 'hi']);
		expect(c.redirs.map((r) => [r.fd, r.op, r.target.raw])).toEqual([
			[null, '>', 'out'],
			[2, '>&', '1'],
			[null, '<', 'in']
		]);
	});

	it('treats name=value after the command name as an ordinary word', () => {
		const c = simple('echo A=1');
		expect(c.assigns).toEqual([]);
		expect(c.words.map((w) => w.plain)).toEqual(['echo', 'A=1']);
	});

	it('keeps quoting apart from expansions in each word', () => {
		const c = simple(`echo 'a $x' "b $y \\$z" c\\ d $(date) \`id\` $((1+2)) ~root/x`);
		expect(c.words.slice(1).map(partsOf)).toEqual([
			'sq',
			'dq',
			'lit,sq,lit',
			'cmd',
			'cmd',
			'arith',
			'tilde,lit'
		]);
		expect(c.words[1]!.plain).toBe('a $x');
		expect(c.words[3]!.plain).toBe('c d');
	});

	it('reads every ${...} operator of bash 2.05', () => {
		const c = simple(
			'echo ${a} ${b:-d} ${c:=d} ${d:+d} ${e:?d} ${#f} ${g#p} ${h##p} ${i%p} ${j%%p} ${k/p/r} ${l:1:2} ${!m}'
		);
		const ops = c.words.slice(1).map((w) => {
			const p = w.parts[0]!;
			return p.t === 'param' ? p.op + (p.indirect ? '!' : '') : p.t;
		});
		expect(ops).toEqual(['', ':-', ':=', ':+', ':?', 'len', '#', '##', '%', '%%', '/', 'sub', '!']);
	});

	it('builds pipelines, and-or lists and background lists', () => {
		expect(commandText(parse('a|b | c'))).toBe('a | b | c');
		expect(commandText(parse('a&&b||c'))).toBe('a && b || c');
		expect(commandText(parse('a& b;c &'))).toBe('a & b; c &');
		expect(commandText(parse('! grep -q x f'))).toBe('! grep -q x f');
	});

	it('parses the compound commands with their redirections', () => {
		expect(commandText(parse('(cd /; ls) >f'))).toBe('( cd /; ls ) > f');
		expect(commandText(parse('{ echo a; echo b; } 2>/dev/null'))).toBe(
			'{ echo a; echo b; } 2> /dev/null'
		);
		expect(parse('if a; then b; elif c; then d; else e; fi').type).toBe('if');
		expect(parse('while read l; do echo $l; done <f').type).toBe('while');
		expect(parse('until false; do :; done').type).toBe('while');
		expect(parse('for i in 1 2 3; do echo $i; done').type).toBe('for');
		expect(parse('for ((i=0; i<3; i++)); do echo $i; done').type).toBe('for-arith');
		expect(parse('case $x in a|b) echo ab;; (c) ;; *) echo other; esac').type).toBe('case');
		expect(parse('((x += 2))').type).toBe('arith');
		expect(parse('[[ -f /etc/passwd && $x == a* ]]').type).toBe('cond');
	});

	it('defines functions with either syntax, names like bomb and : included', () => {
		const f = parse('bomb() { bomb | bomb & }');
		expect(f.type === 'function' && f.name).toBe('bomb');
		expect(f.type === 'function' && functionText(f)).toBe('bomb () \n{ \n    bomb | bomb &\n}');
		const g = parse('function greet { echo hi; echo there; }');
		expect(g.type === 'function' && functionText(g)).toBe(
			'greet () \n{ \n    echo hi;\n    echo there\n}'
		);
		expect(parse(':(){ :|:& };:').type).toBe('list');
	});

	it('reads here-documents after the command line, quoted ones without expansion', () => {
		const c = simple('cat <<EOF\nhello $USER\nEOF\n');
		expect(c.redirs[0]!.heredoc!.parts.map((p) => p.t)).toEqual(['sq', 'param', 'sq']);
		const q = simple("cat <<'EOF'\nhello $USER\nEOF\n");
		expect(q.redirs[0]!.heredoc!.plain).toBe('hello $USER\n');
		const t = simple('cat <<-EOF\n\t\tindented\n\tEOF\n');
		expect(t.redirs[0]!.heredoc!.raw).toBe('indented\n');
	});

	it('asks for more input inside quotes, after operators and in unfinished compounds', () => {
		expect(typed("echo 'abc\n")).toBe('incomplete');
		expect(typed('echo "abc\n')).toBe('incomplete');
		expect(typed('echo abc |\n')).toBe('incomplete');
		expect(typed('true &&\n')).toBe('incomplete');
		expect(typed('if true; then\n')).toBe('incomplete');
		expect(typed('for i in 1 2\n')).toBe('incomplete');
		expect(typed('echo $(ls\n')).toBe('incomplete');
		expect(typed('cat <<EOF\nline\n')).toBe('incomplete');
		expect(typed('echo a \\\n')).toBe('incomplete');
		expect(typed('echo done\n')).toBe('command');
	});

	it('words syntax errors as bash does', () => {
		expect(errorOf(')')).toEqual(["syntax error near unexpected token `)'"]);
		expect(errorOf('echo a; ;')).toEqual(["syntax error near unexpected token `;'"]);
		expect(errorOf('if true; then fi')).toEqual(["syntax error near unexpected token `fi'"]);
		expect(errorOf('echo (')).toEqual(["syntax error near unexpected token `newline'"]);
		expect(errorOf('echo >')).toEqual(["syntax error near unexpected token `newline'"]);
		expect(errorOf('{ }')).toEqual(["syntax error near unexpected token `}'"]);
		expect(errorOf('a && || b')).toEqual(["syntax error near unexpected token `||'"]);
		expect(errorOf('if true; then echo')).toEqual(['syntax error: unexpected end of file']);
		expect(errorOf("echo 'oops")).toEqual([
			"unexpected EOF while looking for matching `''",
			'syntax error: unexpected end of file'
		]);
	});

	it('reports the line of an error with the line that holds it', () => {
		const r = parseScript('echo one\necho two\nfi\n');
		expect(r).toEqual({
			kind: 'error',
			messages: ["syntax error near unexpected token `fi'"],
			line: 3,
			lineText: 'fi'
		});
	});

	it('parses one complete command at a time, so a script runs line by line', () => {
		const p = new Parser('echo a\necho b; )\n', { final: true });
		const first = p.parseNext(0);
		expect(first.kind).toBe('command');
		expect(first.kind === 'command' && first.end).toBe(7);
		expect(p.parseNext(7).kind).toBe('error');
	});

	it('substitutes aliases in command position only, and not recursively', () => {
		const aliases = new Map([
			['ll', 'ls -l'],
			['ls', 'ls --color=tty'],
			['sudo', 'sudo ']
		]);
		const at = (src: string): string => {
			const r = new Parser(src, { final: true, aliases }).parseNext(0);
			return r.kind === 'command' && r.node ? commandText(r.node) : r.kind;
		};
		expect(at('ll /tmp')).toBe('ls --color=tty -l /tmp');
		expect(at('echo ll')).toBe('echo ll');
		expect(at('sudo ll')).toBe('sudo ls --color=tty -l');
		expect(at("'ll'")).toBe("'ll'");
	});

	it('recognises reserved words only where a command starts', () => {
		expect(simple('echo if then fi').words.map((w) => w.plain)).toEqual([
			'echo',
			'if',
			'then',
			'fi'
		]);
		expect(commandText(parse('{ echo }; }'))).toBe('{ echo }; }');
	});
});
