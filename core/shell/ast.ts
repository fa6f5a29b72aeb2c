// The shell's syntax tree: words with their quoting and expansions, commands, lists and compound
// commands, as the parser builds them and the interpreter and the command printer read them.

/** One piece of a word, in source order. */
export type WordPart =
	/** Unquoted text: subject to field splitting (when expanded) and globbing. */
	| { t: 'lit'; v: string }
	/** Quoted text (single quotes, a backslash escape, `$'...'`, the literal text inside "..."). */
	| { t: 'sq'; v: string }
	/** A double-quoted section: expansions inside are neither split nor globbed. */
	| { t: 'dq'; parts: WordPart[] }
	| ParamPart
	/** `$(...)` or backquotes. */
	| { t: 'cmd'; body: Node | null }
	/** `$((...))`: the text is expanded like a double-quoted string, then evaluated. */
	| { t: 'arith'; expr: Word }
	/** `~` or `~user` at the start of a word (or after `=`/`:` in an assignment). */
	| { t: 'tilde'; user: string }
	/** A `${...}` the parser could not make sense of: an error when expanded, as in bash. */
	| { t: 'bad'; text: string };

export type ParamOp =
	| ''
	| '-'
	| ':-'
	| '='
	| ':='
	| '+'
	| ':+'
	| '?'
	| ':?'
	| '#'
	| '##'
	| '%'
	| '%%'
	| 'len'
	| '/'
	| '//'
	| '/#'
	| '/%'
	| 'sub';

/** `$name`, `${name}`, `${name<op>word}`, `${#name}`, `${name:off:len}`, `${!name}`. */
export interface ParamPart {
	t: 'param';
	name: string;
	op: ParamOp;
	/** The word after the operator (the default, the pattern, the offset). */
	arg: Word | null;
	/** For `${x/pat/rep}`: the replacement; for `${x:off:len}`: the length. */
	arg2: Word | null;
	/** `${!name}`: the value names the variable to expand. */
	indirect: boolean;
}

export interface Word {
	parts: WordPart[];
	/** The word as typed (for the command printer and error messages). */
	raw: string;
	/** The value when the word is plain text needing no expansion at all (no quotes, $, globs). */
	plain: string | null;
	/** Unquoted braces that may make a `{a,b}` brace expansion. */
	brace?: boolean;
	/** Computed on first expansion: whether a command substitution or `~user` is inside. */
	dynamic?: boolean;
	/** Computed on first expansion while arithmetic is not loaded: whether any is inside. */
	arith?: boolean;
}

export interface Assign {
	name: string;
	value: Word;
	/** The assignment as typed. */
	raw: string;
}

export type RedirOp = '<' | '>' | '>>' | '>|' | '<>' | '<&' | '>&' | '<<' | '<<-';

export interface Redir {
	/** The descriptor the redirection applies to; null means the operator's default (0 or 1). */
	fd: number | null;
	op: RedirOp;
	target: Word;
	/** A here-document's body (parsed for expansions unless the delimiter was quoted). */
	heredoc: Word | null;
}

export interface Simple {
	type: 'simple';
	assigns: Assign[];
	words: Word[];
	redirs: Redir[];
	line: number;
}

export interface Pipeline {
	type: 'pipeline';
	bang: boolean;
	/** Prefixed by the `time` keyword (`-p`: POSIX output). */
	time: '' | 'time' | 'time -p';
	cmds: Node[];
	line: number;
}

export interface AndOr {
	type: 'andor';
	first: Node;
	rest: { op: '&&' | '||'; node: Node }[];
}

export interface ListItem {
	node: Node;
	/** Terminated by `&`: run asynchronously. */
	bg: boolean;
}

export interface List {
	type: 'list';
	items: ListItem[];
}

export interface Subshell {
	type: 'subshell';
	body: Node;
	redirs: Redir[];
	line: number;
}

export interface Group {
	type: 'group';
	body: Node;
	redirs: Redir[];
}

export interface If {
	type: 'if';
	clauses: { cond: Node; body: Node }[];
	orelse: Node | null;
	redirs: Redir[];
}

export interface While {
	type: 'while';
	until: boolean;
	cond: Node;
	body: Node;
	redirs: Redir[];
}

export interface For {
	type: 'for';
	name: string;
	/** null: `for x; do` iterates over "$@". */
	words: Word[] | null;
	body: Node;
	redirs: Redir[];
	line: number;
}

export interface ForArith {
	type: 'for-arith';
	init: Word;
	cond: Word;
	step: Word;
	body: Node;
	redirs: Redir[];
}

export interface CaseItem {
	patterns: Word[];
	body: Node | null;
}

export interface Case {
	type: 'case';
	word: Word;
	items: CaseItem[];
	redirs: Redir[];
	line: number;
}

export interface FuncDef {
	type: 'function';
	name: string;
	body: Node;
	/** Written with the `function` keyword (kept for the printer). */
	keyword: boolean;
	line: number;
}

/** `((expr))`: true when the expression is not zero. */
export interface ArithCmd {
	type: 'arith';
	expr: Word;
	redirs: Redir[];
	line: number;
}

/** `[[ expr ]]`. */
export interface CondCmd {
	type: 'cond';
	expr: CondExpr;
	redirs: Redir[];
	line: number;
}

export type CondExpr =
	| { t: 'and' | 'or'; a: CondExpr; b: CondExpr }
	| { t: 'not'; a: CondExpr }
	| { t: 'unary'; op: string; a: Word }
	| { t: 'binary'; op: string; a: Word; b: Word }
	| { t: 'word'; a: Word };

export type Node =
	| Simple
	| Pipeline
	| AndOr
	| List
	| Subshell
	| Group
	| If
	| While
	| For
	| ForArith
	| Case
	| FuncDef
	| ArithCmd
	| CondCmd;

/** The compound commands that carry redirections of their own. */
export type Compound = Subshell | Group | If | While | For | ForArith | Case | ArithCmd | CondCmd;

export const RESERVED = new Set([
	'if',
	'then',
	'else',
	'elif',
	'fi',
	'case',
	'esac',
	'for',
	'while',
	'until',
	'do',
	'done',
	'in',
	'function',
	'select',
	'{',
	'}',
	'!',
	'[[',
	']]',
	'time'
]);
