// The smallest programs: true, false, echo (as /bin/echo; the shell has its own builtin).
import type { Sys } from '../syscalls/index.ts';

export async function trueCommand(): Promise<number> {
	return 0;
}

export async function falseCommand(): Promise<number> {
	return 1;
}

/** GNU echo: -n suppresses the newline, -e interprets escapes, -E does not (default). */
export async function echo(sys: Sys, argv: string[]): Promise<number> {
	let args = argv.slice(1);
	let newline = true;
	let escapes = false;
	while (args.length > 0 && /^-[neE]+$/.test(args[0]!)) {
		for (const c of args[0]!.slice(1)) {
			if (c === 'n') newline = false;
			else if (c === 'e') escapes = true;
			else escapes = false;
		}
		args = args.slice(1);
	}
	let text = args.join(' ');
	if (escapes) {
		const cut = text.indexOf('\\c');
		if (cut !== -1) {
			text = text.slice(0, cut);
			newline = false;
		}
		text = unescape(text);
	}
	const r = await sys.write(1, text + (newline ? '\n' : ''));
	return typeof r === 'number' ? 0 : 1;
}

function unescape(s: string): string {
	return s.replace(/\\(0[0-7]{0,3}|x[0-9a-fA-F]{1,2}|[abefnrtv\\])/g, (_m, e: string) => {
		switch (e[0]) {
			case '0':
				return String.fromCharCode(parseInt(e.slice(1) || '0', 8));
			case 'x':
				return String.fromCharCode(parseInt(e.slice(1), 16));
			case 'a':
				return '\x07';
			case 'b':
				return '\b';
			case 'e':
				return '\x1b';
			case 'f':
				return '\f';
			case 'n':
				return '\n';
			case 'r':
				return '\r';
			case 't':
				return '\t';
			case 'v':
				return '\v';
			default:
				return '\\';
		}
	});
}
