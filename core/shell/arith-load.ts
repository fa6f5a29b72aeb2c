// What the shell's first chunk keeps of arithmetic: its error class and the loader of the
// evaluator (arith.ts), a chunk of its own because no boot script or login does arithmetic. The
// shell imports it before it evaluates any arithmetic (an expansion that holds some, `((...))`,
// `for ((...))`, `let`, `declare -i`, `[[ -eq ]]`), inside the process's slice and before the
// expansion starts, so nothing is evaluated twice and runs stay deterministic.
import type * as ArithModule from './arith.ts';

export interface ArithEnv {
	get(name: string): string | undefined;
	set(name: string, value: string): void;
}

/** An arithmetic error: bash prints `EXPR: MESSAGE (error token is "TOKEN")`. */
export class ArithError {
	readonly expr: string;
	readonly message: string;
	readonly token: string;
	constructor(expr: string, message: string, token: string) {
		this.expr = expr;
		this.message = message;
		this.token = token;
	}
	/** The text after `bash: `. */
	get text(): string {
		return `${this.expr}: ${this.message}${this.token ? ` (error token is "${this.token}")` : ''}`;
	}
}

let code: typeof ArithModule | null = null;

/** Imports the evaluator, once. */
export async function loadArith(): Promise<void> {
	code ??= await import('./arith.ts');
}

/** True once the evaluator is here. */
export function arithLoaded(): boolean {
	return code !== null;
}

/** Evaluates `expr` (loadArith must have finished); throws ArithError for bash's errors. */
export function evaluate(expr: string, env: ArithEnv): number {
	if (!code) throw new Error('shell arithmetic evaluated before arith.ts was loaded');
	return code.evaluate(expr, env);
}
