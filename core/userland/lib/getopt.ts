// Command-line parsing as glibc 2.2's getopt_long does it: permutation, clustered short options,
// abbreviated long options, and the exact diagnostics the 2003 GNU tools printed.

export type ArgKind = 'none' | 'required' | 'optional';

export interface LongOption {
	/** What the option reports as its key: usually its short twin (`'a'`) or its own name. */
	key: string;
	arg?: ArgKind;
}

export interface OptionSpec {
	/**
	 * The getopt(3) string: `ab:c::` (`:` takes an argument, `::` an optional one). A leading `+`
	 * stops at the first operand, as POSIXLY_CORRECT does (env, xargs, nice take a command).
	 */
	short: string;
	long?: Record<string, LongOption>;
}

export interface ParsedOption {
	key: string;
	value?: string;
}

export interface Parsed {
	options: ParsedOption[];
	operands: string[];
}

/** The message glibc prints for a bad option (without the `Try ... --help` line). */
export interface GetoptError {
	error: string;
}

interface ShortInfo {
	arg: ArgKind;
}

function shortTable(spec: string): Map<string, ShortInfo> {
	const t = new Map<string, ShortInfo>();
	for (let i = spec.startsWith('+') ? 1 : 0; i < spec.length; i++) {
		const c = spec[i]!;
		let arg: ArgKind = 'none';
		if (spec[i + 1] === ':') {
			arg = spec[i + 2] === ':' ? 'optional' : 'required';
			i += arg === 'optional' ? 2 : 1;
		}
		t.set(c, { arg });
	}
	return t;
}

/**
 * Parses `args` (argv without argv[0]) against `spec`. Options come back in command-line order
 * so that later ones override earlier ones, as in the C tools.
 */
export function getopt(
	prog: string,
	args: readonly string[],
	spec: OptionSpec
): Parsed | GetoptError {
	const shorts = shortTable(spec.short);
	const longs = spec.long ?? {};
	const inOrder = spec.short.startsWith('+');
	const options: ParsedOption[] = [];
	const operands: string[] = [];
	for (let i = 0; i < args.length; i++) {
		const a = args[i]!;
		if (a === '--') {
			operands.push(...args.slice(i + 1));
			break;
		}
		if (a.startsWith('--')) {
			const eq = a.indexOf('=');
			const name = a.slice(2, eq === -1 ? undefined : eq);
			const found = findLong(longs, name);
			if (found === 'ambiguous') return { error: `${prog}: option \`${a}' is ambiguous\n` };
			if (!found) return { error: `${prog}: unrecognized option \`--${name}'\n` };
			const [full, opt] = found;
			const kind = opt.arg ?? 'none';
			if (eq !== -1) {
				if (kind === 'none') {
					return { error: `${prog}: option \`--${full}' doesn't allow an argument\n` };
				}
				options.push({ key: opt.key, value: a.slice(eq + 1) });
			} else if (kind === 'required') {
				if (i + 1 >= args.length) {
					return { error: `${prog}: option \`${a}' requires an argument\n` };
				}
				options.push({ key: opt.key, value: args[++i]! });
			} else options.push({ key: opt.key });
			continue;
		}
		if (a.startsWith('-') && a.length > 1) {
			for (let j = 1; j < a.length; j++) {
				const c = a[j]!;
				const info = shorts.get(c);
				if (!info || c === ':') return { error: `${prog}: invalid option -- ${c}\n` };
				if (info.arg === 'none') {
					options.push({ key: c });
					continue;
				}
				const rest = a.slice(j + 1);
				if (rest !== '') options.push({ key: c, value: rest });
				else if (info.arg === 'optional') options.push({ key: c });
				else if (i + 1 < args.length) options.push({ key: c, value: args[++i]! });
				else return { error: `${prog}: option requires an argument -- ${c}\n` };
				break;
			}
			continue;
		}
		if (inOrder) {
			operands.push(...args.slice(i));
			break;
		}
		operands.push(a);
	}
	return { options, operands };
}

/** An exact name wins; otherwise a prefix must pick one option (aliases of one key count once). */
function findLong(
	longs: Record<string, LongOption>,
	name: string
): [string, LongOption] | 'ambiguous' | null {
	if (Object.hasOwn(longs, name)) return [name, longs[name]!];
	const matches = Object.entries(longs).filter(([n]) => n.startsWith(name));
	if (matches.length === 0 || name === '') return null;
	const first = matches[0]!;
	const same = matches.every(
		([, o]) => o.key === first[1].key && (o.arg ?? 'none') === (first[1].arg ?? 'none')
	);
	return same ? first : 'ambiguous';
}

export function isError(p: Parsed | GetoptError): p is GetoptError {
	return 'error' in p;
}
