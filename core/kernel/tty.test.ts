import { describe, expect, it } from 'vitest';
import { Tty, TCGETS, TCSETS, ICANON, ECHO, type TtyHost, type Termios } from './tty.ts';
import { Process, rootCreds, CAP_INIT_BSET } from './process.ts';
import { Vfs, S_IFDIR } from './vfs.ts';
import { SIGINT, SIGTSTP, SIGQUIT, SIGWINCH } from './signals.ts';
import { Block } from './wait.ts';

function setup() {
	const signals: [number, number][] = [];
	const host: TtyHost = { signalGroup: (g, s) => signals.push([g, s]), groupExists: () => true };
	let screen = '';
	const tty = new Tty(0, host, (d) => (screen += d));
	tty.session = 10;
	tty.fgPgrp = 10;
	const vfs = new Vfs(() => 0);
	const root = vfs.newInode({ dev: 1, type: 'ext2', blocks: 1, readOnly: false }, S_IFDIR | 0o755);
	const caps = { eff: CAP_INIT_BSET, prm: CAP_INIT_BSET, inh: 0, bset: CAP_INIT_BSET };
	const proc = new Process(10, 1, rootCreds(), caps, root, root, 0);
	proc.ttyDev = 0x8800;
	return { tty, proc, signals, screen: () => screen };
}

describe('the tty line discipline', () => {
	it('echoes typed keys and hands over a whole line on Enter, with CR mapped to NL', () => {
		const { tty, proc, screen } = setup();
		tty.input('ls -l');
		expect(tty.read(100, proc, false)).toBeInstanceOf(Block);
		tty.input('\r');
		expect(tty.read(100, proc, false)).toBe('ls -l\n');
		expect(screen()).toBe('ls -l\r\n');
	});

	it('erases a character with DEL, a word with ^W and the line with ^U', () => {
		const { tty, proc, screen } = setup();
		tty.input('echo hello wrld\x7f\x7f\x7forld\r');
		expect(tty.read(100, proc, false)).toBe('echo hello world\n');
		tty.input('rm -rf /\x15ls\r');
		expect(tty.read(100, proc, false)).toBe('ls\n');
		tty.input('cat file\x17dir\r');
		expect(tty.read(100, proc, false)).toBe('cat dir\n');
		expect(screen()).toContain('\b \b\b \b\b \b');
	});

	it('sends SIGINT, SIGQUIT and SIGTSTP to the foreground group and echoes ^C', () => {
		const { tty, signals, screen } = setup();
		tty.input('half a line\x03');
		tty.input('\x1c\x1a');
		expect(signals).toEqual([
			[10, SIGINT],
			[10, SIGQUIT],
			[10, SIGTSTP]
		]);
		expect(screen()).toBe('half a line^C^\\^Z');
	});

	it('reads end of file on ^D at the start of a line, and a partial line on ^D mid-line', () => {
		const { tty, proc } = setup();
		tty.input('abc\x04');
		expect(tty.read(100, proc, false)).toBe('abc');
		tty.input('\x04');
		expect(tty.read(100, proc, false)).toBe('');
	});

	it('passes bytes through at once in raw mode, without echo when ECHO is off', () => {
		const { tty, proc, screen } = setup();
		const t = tty.ioctl(TCGETS, undefined, proc) as Termios;
		tty.ioctl(TCSETS, { ...t, lflag: t.lflag & ~(ICANON | ECHO) }, proc);
		tty.input('\x1b[A');
		expect(tty.read(100, proc, false)).toBe('\x1b[A');
		expect(screen()).toBe('');
	});

	it('signals SIGWINCH to the foreground group when the window size changes', () => {
		const { tty, signals } = setup();
		tty.resize(100, 30);
		tty.resize(100, 30);
		expect(signals).toEqual([[10, SIGWINCH]]);
		expect([tty.cols, tty.rows]).toEqual([100, 30]);
	});

	it('turns NL into CR NL on output (ONLCR)', () => {
		const { tty, screen } = setup();
		tty.output('one\ntwo\n');
		expect(screen()).toBe('one\r\ntwo\r\n');
	});
});
