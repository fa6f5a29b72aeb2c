// Commands back to text, as bash's make_command_string prints them: one line for job names,
// indented lines for function bodies (`type f`, `declare -f`, `set`).
import type { CondExpr, FuncDef, Node, Redir } from './ast.ts';

class Printer {
	out = '';
	indent = 0;
	/** Inside a function body: lists break lines instead of `; `. */
	inFunc = 0;

	private semicolon(): void {
		const last = this.out[this.out.length - 1];
		if (last !== '&' && last !== '\n' && last !== ';') this.out += ';';
	}

	private newline(s: string): void {
		this.out += '\n' + ' '.repeat(this.indent) + s;
	}

	private pad(): void {
		this.out += ' '.repeat(this.indent);
	}

	redirs(list: Redir[]): void {
		if (list.length > 0) this.out += ' ' + list.map(redirText).join(' ');
	}

	node(n: Node): void {
		switch (n.type) {
			case 'simple':
				this.out += [
					...n.assigns.map((a) => a.raw),
					...n.words.map((w) => w.raw),
					...n.redirs.map(redirText)
				].join(' ');
				return;
			case 'pipeline':
				if (n.time) this.out += n.time + ' ';
				if (n.bang) this.out += '! ';
				n.cmds.forEach((c, i) => {
					if (i > 0) this.out += ' | ';
					this.node(c);
				});
				return;
			case 'andor':
				this.node(n.first);
				for (const r of n.rest) {
					this.out += ` ${r.op} `;
					this.node(r.node);
				}
				return;
			case 'list':
				n.items.forEach((it, i) => {
					if (i > 0) {
						if (this.inFunc) this.pad();
					}
					this.node(it.node);
					const last = i === n.items.length - 1;
					if (it.bg) this.out += last ? ' &' : ' &' + (this.inFunc ? '\n' : ' ');
					else if (!last) this.out += this.inFunc ? ';\n' : '; ';
				});
				return;
			case 'subshell':
				this.out += '( ';
				this.node(n.body);
				this.out += ' )';
				this.redirs(n.redirs);
				return;
			case 'group':
				if (this.inFunc) {
					this.out += '{ \n';
					this.indent += 4;
					this.pad();
					this.node(n.body);
					this.indent -= 4;
					this.newline('}');
				} else {
					this.out += '{ ';
					this.node(n.body);
					this.semicolon();
					this.out += ' }';
				}
				this.redirs(n.redirs);
				return;
			case 'if':
				n.clauses.forEach((c, i) => {
					if (i > 0) {
						this.semicolon();
						this.newline('elif ');
					} else this.out += 'if ';
					this.node(c.cond);
					this.semicolon();
					this.out += ' then\n';
					this.block(c.body);
				});
				if (n.orelse) {
					this.semicolon();
					this.newline('else\n');
					this.block(n.orelse);
				}
				this.semicolon();
				this.newline('fi');
				this.redirs(n.redirs);
				return;
			case 'while':
				this.out += n.until ? 'until ' : 'while ';
				this.node(n.cond);
				this.semicolon();
				this.out += ' do\n';
				this.block(n.body);
				this.semicolon();
				this.newline('done');
				this.redirs(n.redirs);
				return;
			case 'for':
				this.out += `for ${n.name}`;
				if (n.words) this.out += ' in ' + n.words.map((w) => w.raw).join(' ');
				this.out += ';';
				this.newline('do\n');
				this.block(n.body);
				this.semicolon();
				this.newline('done');
				this.redirs(n.redirs);
				return;
			case 'for-arith':
				this.out += `for ((${n.init.raw}; ${n.cond.raw}; ${n.step.raw}))`;
				this.newline('do\n');
				this.block(n.body);
				this.semicolon();
				this.newline('done');
				this.redirs(n.redirs);
				return;
			case 'case':
				this.out += `case ${n.word.raw} in `;
				this.indent += 4;
				for (const it of n.items) {
					this.newline(it.patterns.map((p) => p.raw).join(' | ') + ')\n');
					this.indent += 4;
					this.pad();
					if (it.body) this.node(it.body);
					this.indent -= 4;
					this.newline(';;');
				}
				this.indent -= 4;
				this.newline('esac');
				this.redirs(n.redirs);
				return;
			case 'function':
				this.func(n);
				return;
			case 'arith':
				this.out += `((${n.expr.raw}))`;
				this.redirs(n.redirs);
				return;
			case 'cond':
				this.out += '[[ ' + cond(n.expr) + ' ]]';
				this.redirs(n.redirs);
				return;
		}
	}

	private block(body: Node): void {
		this.indent += 4;
		this.pad();
		this.node(body);
		this.indent -= 4;
	}

	func(f: FuncDef): void {
		this.out += `${f.name} () \n`;
		this.pad();
		const body = f.body;
		this.inFunc++;
		if (body.type === 'group') {
			this.out += '{ \n';
			this.indent += 4;
			this.pad();
			this.node(body.body);
			this.indent -= 4;
			this.newline('}');
			this.redirs(body.redirs);
		} else {
			this.node(body);
		}
		this.inFunc--;
	}
}

function redirText(r: Redir): string {
	const fd = r.fd;
	const t = r.target.raw;
	switch (r.op) {
		case '<':
		case '<>':
		case '<<':
		case '<<-':
			return `${fd !== null && fd !== 0 ? fd : ''}${r.op}${r.op[1] === '<' ? '' : ' '}${t}`;
		case '>':
			return fd === -1 ? `&>${t}` : `${fd !== null && fd !== 1 ? fd : ''}> ${t}`;
		case '>>':
			return `${fd !== null && fd !== 1 ? fd : ''}>> ${t}`;
		case '>|':
			return `${fd !== null && fd !== 1 ? fd : ''}>|${t}`;
		case '<&':
			return `${fd ?? 0}<&${t}`;
		case '>&':
			return `${fd ?? 1}>&${t}`;
	}
}

function cond(e: CondExpr): string {
	switch (e.t) {
		case 'and':
			return `${cond(e.a)} && ${cond(e.b)}`;
		case 'or':
			return `${cond(e.a)} || ${cond(e.b)}`;
		case 'not':
			return `! ${cond(e.a)}`;
		case 'unary':
			return `${e.op} ${e.a.raw}`;
		case 'binary':
			return `${e.a.raw} ${e.op} ${e.b.raw}`;
		case 'word':
			return e.a.raw;
	}
}

/** A command on one line (job names). */
export function commandText(n: Node): string {
	const p = new Printer();
	p.node(n);
	return p.out;
}

/** A function definition as `type` and `declare -f` print it (no final newline). */
export function functionText(f: FuncDef): string {
	const p = new Printer();
	p.func(f);
	return p.out;
}
