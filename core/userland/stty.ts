// stty (sh-utils 2.0): shows and changes the terminal on standard input through TCGETS/TCSETS
// and the window size through TIOCGWINSZ/TIOCSWINSZ, with the Linux termios bit values.
import {
	isErrno,
	TCGETS,
	TCSETSW,
	TIOCGWINSZ,
	TIOCSWINSZ,
	type Sys,
	type Termios
} from '../syscalls/index.ts';
import { Tool } from './lib/tool.ts';

type Field = 'iflag' | 'oflag' | 'cflag' | 'lflag';

interface Flag {
	name: string;
	field: Field;
	bits: number;
	/** The bits of a multi-valued group (cs5..cs8, nl0/nl1...): set `bits` after clearing these. */
	mask?: number;
	/** Set (true) or cleared (false) by `sane`; undefined leaves it alone. */
	sane?: boolean;
	/** Shown as `-name` when clear (boolean flags only). */
	boolean?: boolean;
}

const f = (name: string, field: Field, bits: number, sane?: boolean): Flag => ({
	name,
	field,
	bits,
	sane,
	boolean: true
});
const g = (name: string, field: Field, bits: number, mask: number, sane?: boolean): Flag => ({
	name,
	field,
	bits,
	mask,
	sane
});

/** In the order `stty -a` prints them on Linux. */
const flags: Flag[] = [
	f('parenb', 'cflag', 0o400, false),
	f('parodd', 'cflag', 0o1000, false),
	g('cs5', 'cflag', 0, 0o60),
	g('cs6', 'cflag', 0o20, 0o60),
	g('cs7', 'cflag', 0o40, 0o60),
	g('cs8', 'cflag', 0o60, 0o60, true),
	f('hupcl', 'cflag', 0o2000),
	f('cstopb', 'cflag', 0o100, false),
	f('cread', 'cflag', 0o200, true),
	f('clocal', 'cflag', 0o4000, false),
	f('crtscts', 'cflag', 0x80000000, false),
	f('ignbrk', 'iflag', 0o1, false),
	f('brkint', 'iflag', 0o2, true),
	f('ignpar', 'iflag', 0o4, false),
	f('parmrk', 'iflag', 0o10, false),
	f('inpck', 'iflag', 0o20, false),
	f('istrip', 'iflag', 0o40, false),
	f('inlcr', 'iflag', 0o100, false),
	f('igncr', 'iflag', 0o200, false),
	f('icrnl', 'iflag', 0o400, true),
	f('ixon', 'iflag', 0o2000),
	f('ixoff', 'iflag', 0o10000, false),
	f('iuclc', 'iflag', 0o1000, false),
	f('ixany', 'iflag', 0o4000, false),
	f('imaxbel', 'iflag', 0o20000, true),
	f('opost', 'oflag', 0o1, true),
	f('olcuc', 'oflag', 0o2, false),
	f('ocrnl', 'oflag', 0o10, false),
	f('onlcr', 'oflag', 0o4, true),
	f('onocr', 'oflag', 0o20, false),
	f('onlret', 'oflag', 0o40, false),
	f('ofill', 'oflag', 0o100, false),
	f('ofdel', 'oflag', 0o200, false),
	g('nl0', 'oflag', 0, 0o400, true),
	g('nl1', 'oflag', 0o400, 0o400),
	g('cr0', 'oflag', 0, 0o3000, true),
	g('cr1', 'oflag', 0o1000, 0o3000),
	g('cr2', 'oflag', 0o2000, 0o3000),
	g('cr3', 'oflag', 0o3000, 0o3000),
	g('tab0', 'oflag', 0, 0o14000, true),
	g('tab1', 'oflag', 0o4000, 0o14000),
	g('tab2', 'oflag', 0o10000, 0o14000),
	g('tab3', 'oflag', 0o14000, 0o14000),
	g('bs0', 'oflag', 0, 0o20000, true),
	g('bs1', 'oflag', 0o20000, 0o20000),
	g('vt0', 'oflag', 0, 0o40000, true),
	g('vt1', 'oflag', 0o40000, 0o40000),
	g('ff0', 'oflag', 0, 0o100000, true),
	g('ff1', 'oflag', 0o100000, 0o100000),
	f('isig', 'lflag', 0o1, true),
	f('icanon', 'lflag', 0o2, true),
	f('iexten', 'lflag', 0o100000, true),
	f('echo', 'lflag', 0o10, true),
	f('echoe', 'lflag', 0o20, true),
	f('echok', 'lflag', 0o40, true),
	f('echonl', 'lflag', 0o100, false),
	f('noflsh', 'lflag', 0o200, false),
	f('xcase', 'lflag', 0o4, false),
	f('tostop', 'lflag', 0o400, false),
	f('echoprt', 'lflag', 0o2000, false),
	f('echoctl', 'lflag', 0o1000, true),
	f('echoke', 'lflag', 0o4000, true)
];

/** Control characters by stty name, their c_cc index and `sane` value. */
const chars: [string, number, number][] = [
	['intr', 0, 3],
	['quit', 1, 0x1c],
	['erase', 2, 0x7f],
	['kill', 3, 0x15],
	['eof', 4, 4],
	['eol', 11, 0],
	['eol2', 16, 0],
	['start', 8, 0x11],
	['stop', 9, 0x13],
	['susp', 10, 0x1a],
	['rprnt', 12, 0x12],
	['werase', 14, 0x17],
	['lnext', 15, 0x16],
	['flush', 13, 0x0f]
];

const VMIN = 6,
	VTIME = 5;

function visible(c: number | undefined): string {
	if (!c) return '<undef>';
	if (c === 0x7f) return '^?';
	if (c < 0x20) return '^' + String.fromCharCode(c + 0x40);
	if (c >= 0x80) return 'M-' + visible(c - 0x80);
	return String.fromCharCode(c);
}

/** `^X`, `^?`, `^-`/`undef`, a single character, or a number, as sh-utils' string_to_cc. */
function parseChar(s: string): number | null {
	if (s === '^-' || s === 'undef') return 0;
	if (s === '^?') return 0x7f;
	if (s.length === 2 && s[0] === '^') return s.toUpperCase().charCodeAt(1) & 0x1f;
	if (s.length === 1) return s.charCodeAt(0);
	if (/^(0x[0-9a-f]+|0[0-7]*|[1-9][0-9]*)$/i.test(s)) {
		return Number(s.startsWith('0') && !s.startsWith('0x') ? parseInt(s, 8) : s);
	}
	return null;
}

const usage = `[SETTING]...
  or:  stty OPTION
Print or change terminal characteristics.

  -a, --all       print all current settings in human-readable form
  -g, --save      print all current settings in a stty-readable form
      --help      display this help and exit
      --version   output version information and exit
`;

/** sh-utils' wrapf: items separated by a space, a newline before one that would not fit. */
class Wrapper {
	text = '';
	private col = 0;
	private readonly max: number;
	constructor(max: number) {
		this.max = max;
	}
	item(s: string): void {
		if (this.col > 0) {
			if (this.col + s.length >= this.max) {
				this.text += '\n';
				this.col = 0;
			} else {
				this.text += ' ';
				this.col++;
			}
		}
		this.text += s;
		this.col += s.length;
	}
	end(): void {
		if (this.col > 0) this.text += '\n';
		this.col = 0;
	}
}

export async function stty(sys: Sys, argv: string[], env: Record<string, string>): Promise<number> {
	const t = new Tool(sys, argv, env);
	const args = argv.slice(1);
	if (args[0] === '--help') {
		await t.out(`Usage: ${t.prog} ${usage}`);
		return t.exit(0);
	}
	if (args[0] === '--version') {
		await t.out('stty (sh-utils) 2.0.11\n');
		return t.exit(0);
	}
	const got = await sys.ioctl(0, TCGETS);
	if (isErrno(got)) {
		await t.error(`standard input: ${got.message}`);
		return 1;
	}
	const tio = got as Termios;
	const ws = await sys.ioctl(0, TIOCGWINSZ);
	const size = isErrno(ws) ? null : (ws as { rows: number; cols: number });
	const all = args.includes('-a') || args.includes('--all');
	const save = args.includes('-g') || args.includes('--save');
	const settings = args.filter((a) => !['-a', '--all', '-g', '--save'].includes(a));
	if (all && save) {
		await t.error(
			'the options for verbose and stty-readable output styles are\nmutually exclusive'
		);
		return 1;
	}
	if (settings.length === 0) {
		if (save) {
			await t.out(
				[
					tio.iflag,
					tio.oflag,
					tio.cflag,
					tio.lflag,
					...Array.from({ length: 32 }, (_, i) => tio.cc[i] ?? 0)
				]
					.map((n) => (n >>> 0).toString(16))
					.join(':') + '\n'
			);
		} else {
			await t.out(
				show(tio, size, all, Number(env.COLUMNS) > 0 ? Number(env.COLUMNS) : (size?.cols ?? 80))
			);
		}
		return t.exit(0);
	}
	if (all || save) {
		await t.error('when specifying an output style, modes may not be set');
		return 1;
	}
	const next: Termios = { ...tio, cc: [...tio.cc] };
	let newSize: { rows: number; cols: number } | null = null;
	for (let i = 0; i < settings.length; i++) {
		const s = settings[i]!;
		const neg = s.startsWith('-');
		const name = neg ? s.slice(1) : s;
		const flag = flags.find((x) => x.name === name);
		if (flag && (!neg || flag.boolean)) {
			const v = next[flag.field] >>> 0;
			if (flag.mask !== undefined) next[flag.field] = ((v & ~flag.mask) | flag.bits) >>> 0;
			else next[flag.field] = (neg ? v & ~flag.bits : v | flag.bits) >>> 0;
			continue;
		}
		const ch = chars.find(([n]) => n === s);
		if (
			ch ||
			s === 'min' ||
			s === 'time' ||
			s === 'rows' ||
			s === 'cols' ||
			s === 'columns' ||
			s === 'line' ||
			s === 'ispeed' ||
			s === 'ospeed'
		) {
			const v = settings[++i];
			if (v === undefined) {
				await t.error(`missing argument to \`${s}'`);
				return 1;
			}
			if (ch) {
				const c = parseChar(v);
				if (c === null) {
					await t.error(`invalid integer argument \`${v}'`);
					return 1;
				}
				next.cc[ch[1]] = c;
				continue;
			}
			if (!/^[0-9]+$/.test(v)) {
				await t.error(`invalid integer argument \`${v}'`);
				return 1;
			}
			if (s === 'min') next.cc[VMIN] = Number(v);
			else if (s === 'time') next.cc[VTIME] = Number(v);
			else if (s === 'rows') newSize = { rows: Number(v), cols: (newSize ?? size)?.cols ?? 80 };
			else if (s === 'cols' || s === 'columns') {
				newSize = { rows: (newSize ?? size)?.rows ?? 24, cols: Number(v) };
			}
			continue;
		}
		if (name === 'raw' || name === 'cooked') {
			const raw = (name === 'raw') !== neg;
			if (raw) {
				next.iflag &= ~(
					0o1 |
					0o2 |
					0o4 |
					0o10 |
					0o20 |
					0o40 |
					0o100 |
					0o200 |
					0o400 |
					0o2000 |
					0o10000 |
					0o1000 |
					0o4000 |
					0o20000
				);
				next.oflag &= ~0o1;
				next.lflag &= ~(0o1 | 0o2 | 0o4);
				next.cc[VMIN] = 1;
				next.cc[VTIME] = 0;
			} else {
				next.iflag |= 0o2 | 0o4 | 0o40 | 0o400 | 0o2000;
				next.oflag |= 0o1;
				next.lflag |= 0o1 | 0o2;
				next.cc[4] = 4;
				next.cc[11] = 0;
			}
			continue;
		}
		if (s === 'sane') {
			for (const x of flags) {
				if (x.sane === undefined) continue;
				if (x.mask !== undefined) {
					if (x.sane) next[x.field] = ((next[x.field] & ~x.mask) | x.bits) >>> 0;
				} else next[x.field] = (x.sane ? next[x.field] | x.bits : next[x.field] & ~x.bits) >>> 0;
			}
			for (const [, idx, v] of chars) next.cc[idx] = v;
			next.cc[VMIN] = 1;
			next.cc[VTIME] = 0;
			continue;
		}
		if (s === 'size') {
			await t.out(size ? `${size.rows} ${size.cols}\n` : '0 0\n');
			continue;
		}
		if (s === 'speed') {
			await t.out('38400\n');
			continue;
		}
		if (/^[0-9a-f]+(:[0-9a-f]+){35}$/i.test(s)) {
			const n = s.split(':').map((x) => parseInt(x, 16));
			[next.iflag, next.oflag, next.cflag, next.lflag] = [n[0]!, n[1]!, n[2]!, n[3]!];
			next.cc = n.slice(4, 4 + tio.cc.length);
			continue;
		}
		await t.error(`invalid argument \`${s}'`);
		await t.tryHelp();
		return 1;
	}
	const r = await sys.ioctl(0, TCSETSW, next);
	if (isErrno(r)) {
		await t.error(`standard input: ${r.message}`);
		return 1;
	}
	if (newSize) {
		const w = await sys.ioctl(0, TIOCSWINSZ, newSize);
		if (isErrno(w)) {
			await t.error(`standard input: ${w.message}`);
			return 1;
		}
	}
	return t.exit(0);
}

/** `stty -a`, or with `all` false only what differs from `sane`. */
function show(
	tio: Termios,
	size: { rows: number; cols: number } | null,
	all: boolean,
	width: number
): string {
	const w = new Wrapper(width);
	w.item('speed 38400 baud;');
	if (all && size) {
		w.item(`rows ${size.rows};`);
		w.item(`columns ${size.cols};`);
	}
	w.item('line = 0;');
	w.end();
	const raw = !(tio.lflag & 0o2);
	for (const [name, idx, sane] of chars) {
		const v = tio.cc[idx] ?? 0;
		// Linux: in non-canonical mode eof and eol hold min and time, so they are not shown.
		if (raw && (name === 'eof' || name === 'eol')) continue;
		if (all || v !== sane) w.item(`${name} = ${visible(v)};`);
	}
	if (all || raw) {
		if (all || tio.cc[VMIN] !== 1) w.item(`min = ${tio.cc[VMIN] ?? 0};`);
		if (all || tio.cc[VTIME] !== 0) w.item(`time = ${tio.cc[VTIME] ?? 0};`);
	}
	w.end();
	let field: Field | null = null;
	for (const x of flags) {
		if (x.field !== field) {
			w.end();
			field = x.field;
		}
		const v = tio[x.field] >>> 0;
		const on = x.mask !== undefined ? (v & x.mask) === x.bits : (v & x.bits) !== 0;
		if (x.mask !== undefined) {
			if (on && (all || x.sane !== true)) w.item(x.name);
			continue;
		}
		if (all || (x.sane !== undefined && on !== x.sane)) w.item(on ? x.name : `-${x.name}`);
	}
	w.end();
	return w.text;
}
