import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXT2_IMMUTABLE_FL } from '../syscalls/index.ts';
import { lab, type Lab } from './testing.ts';

let l: Lab;
const conf = '/etc/vservers/v1.conf';
beforeEach(async () => {
	l = await lab();
	l.write(conf, 'IPROOT=1.2.3.4\nS_HOSTNAME=\nS_FLAGS="lock nproc"\n');
});
afterEach(() => l.dispose());

/** Runs vi on the terminal (stdin and stdout), typing each chunk a virtual second apart. */
async function vi(file: string, ...typed: string[]): Promise<{ screen: string; exitCode: number }> {
	const at = typed.map((k, i) => ({ ms: 1000 * (i + 1), run: () => l.tty!.input(k) }));
	const r = await l.run(['vi', file], {
		tty: { cols: 80, rows: 10, stdin: true },
		at,
		limitMs: 1000 * (typed.length + 2)
	});
	return { screen: r.stdout, exitCode: r.exitCode };
}

describe('vi', () => {
	it('shows the file with its size, then ~ past the end', async () => {
		const { screen } = await vi(conf, ':q\r');
		expect(screen).toContain(
			'IPROOT=1.2.3.4\x1b[K\r\nS_HOSTNAME=\x1b[K\r\nS_FLAGS="lock nproc"\x1b[K\r\n~\x1b[K\r\n'
		);
		expect(screen).toContain(`"${conf}" 3L, 48C`);
		expect(screen.startsWith('\x1b7\x1b[?47h')).toBe(true);
		expect(screen.endsWith('\x1b[2J\x1b[?47l\x1b8')).toBe(true);
	});

	it('edits with :s, insert mode and :wq', async () => {
		const { exitCode } = await vi(
			conf,
			':%s/1.2.3.4/192.168.1.10/\r',
			'jA',
			'v1\x1b',
			'Go# Description: test\x1b',
			':wq\r'
		);
		expect(exitCode).toBe(0);
		expect(l.read(conf)).toBe(
			'IPROOT=192.168.1.10\nS_HOSTNAME=v1\nS_FLAGS="lock nproc"\n# Description: test\n'
		);
	});

	it('deletes, yanks, puts and undoes', async () => {
		await vi(conf, 'dd', 'p', 'x', 'u', 'G', 'yyP', 'w', 'dw', ':wq\r');
		// w from S_FLAGS stops at `=` (another class of characters), so dw takes `="`.
		expect(l.read(conf)).toBe(
			'S_HOSTNAME=\nIPROOT=1.2.3.4\nS_FLAGSlock nproc"\nS_FLAGS="lock nproc"\n'
		);
	});

	it('refuses to quit with changes unless :q!', async () => {
		const { screen } = await vi(conf, 'x', ':q\r', ':q!\r');
		expect(screen).toContain('E37: No write since last change (add ! to override)');
		expect(l.read(conf)).toBe('IPROOT=1.2.3.4\nS_HOSTNAME=\nS_FLAGS="lock nproc"\n');
	});

	it('searches with / and n, reporting a missing pattern', async () => {
		const { screen } = await vi(conf, '/S_\r', 'n', 'D', '/nothing\r', ':wq\r');
		expect(screen).toContain('E486: Pattern not found: nothing');
		expect(l.read(conf)).toBe('IPROOT=1.2.3.4\nS_HOSTNAME=\n\n');
	});

	it('opens an immutable (unified) file read-only, and cannot write it even with :w!', async () => {
		l.kernel.lookup(conf)!.flags = EXT2_IMMUTABLE_FL;
		const { screen } = await vi(conf, 'x', ':w\r', ':w!\r', ':q!\r');
		expect(screen).toContain(`"${conf}" [readonly] 3L, 48C`);
		expect(screen).toContain("E45: 'readonly' option is set (add ! to override)");
		expect(screen).toContain(`"${conf}" E212: Can't open file for writing`);
	});

	it('creates a new file', async () => {
		const { screen } = await vi('/tmp/new.txt', 'ihello\x1b', ':x\r');
		expect(screen).toContain('"/tmp/new.txt" [New File]');
		expect(l.read('/tmp/new.txt')).toBe('hello\n');
	});
});
