import { describe, expect, it } from 'vitest';
import { ModelMachine } from '../model-machine.ts';
import { asProgram, must, outcome, readAll } from '../syscalls/fs-testing.ts';
import {
	DEVPTS_SUPER_MAGIC,
	O_NOCTTY,
	O_RDWR,
	O_WRONLY,
	S_IFCHR,
	S_IFMT,
	type Sys
} from '../syscalls/index.ts';

const TIOCGPTN = 0x80045430;

async function names(sys: Sys, dir: string): Promise<string[]> {
	const fd = must(await sys.open(dir));
	const list = must(await sys.getdents(fd));
	await sys.close(fd);
	return list.map((e) => e.name).filter((n) => n !== '.' && n !== '..');
}

describe('the memory devices', () => {
	it('null swallows writes and reads empty; zero reads zeros; full refuses writes with ENOSPC', async () => {
		await asProgram(async (sys) => {
			const nul = must(await sys.open('/dev/null', O_RDWR));
			expect(await sys.write(nul, 'anything')).toBe(8);
			expect(await sys.read(nul, 10)).toBe('');
			const zero = must(await sys.open('/dev/zero'));
			expect(await sys.read(zero, 4)).toBe('\0\0\0\0');
			const full = must(await sys.open('/dev/full', O_RDWR));
			expect(outcome(await sys.write(full, 'x'))).toBe('ENOSPC');
			expect(await sys.read(full, 2)).toBe('\0\0');
		});
	});

	it('random and urandom give different bytes on each read, the same on each boot', async () => {
		const draw = () =>
			asProgram(async (sys) => {
				const fd = must(await sys.open('/dev/urandom'));
				const a = must(await sys.read(fd, 16));
				const b = must(await sys.read(must(await sys.open('/dev/random')), 16));
				return [a, b];
			});
		const [a, b] = await draw();
		expect(a).toHaveLength(16);
		expect(a).not.toBe(b);
		expect(await draw()).toEqual([a, b]);
	});

	it('are the character devices of Red Hat 7.3, with their modes', async () => {
		await asProgram(async (sys) => {
			const modes: Record<string, [number, number]> = {};
			for (const name of ['null', 'zero', 'full', 'random', 'urandom', 'tty', 'console', 'ptmx']) {
				const st = must(await sys.stat(`/dev/${name}`));
				expect(st.mode & S_IFMT).toBe(S_IFCHR);
				modes[name] = [st.mode & 0o777, st.rdev];
			}
			expect(modes).toEqual({
				null: [0o666, 0x103],
				zero: [0o666, 0x105],
				full: [0o666, 0x107],
				random: [0o644, 0x108],
				urandom: [0o644, 0x109],
				tty: [0o666, 0x500],
				console: [0o600, 0x501],
				ptmx: [0o666, 0x502]
			});
		});
	});
});

describe('terminals', () => {
	it('/dev/tty is ENXIO for a process without a controlling terminal', async () => {
		await asProgram(async (sys) =>
			expect(outcome(await sys.open('/dev/tty', O_RDWR))).toBe('ENXIO')
		);
	});

	it('/dev/pts lists a pty while its master is open, as devpts does', async () => {
		await asProgram(async (sys) => {
			expect(must(await sys.statfs('/dev/pts')).type).toBe(DEVPTS_SUPER_MAGIC);
			const master = must(await sys.open('/dev/ptmx', O_RDWR));
			const n = must(await sys.ioctl(master, TIOCGPTN)) as number;
			expect(await names(sys, '/dev/pts')).toEqual([String(n)]);
			const st = must(await sys.stat(`/dev/pts/${n}`));
			expect([st.mode & 0o7777, st.gid, st.rdev, st.ino]).toEqual([
				0o620,
				5,
				(136 << 8) | n,
				n + 2
			]);
			// O_NOCTTY: the test program leads a session, and the master's close would hang it up.
			const slave = must(await sys.open(`/dev/pts/${n}`, O_RDWR | O_NOCTTY));
			await sys.write(slave, 'to master');
			expect(await sys.read(master, 100)).toBe('to master');
			await sys.close(slave);
			await sys.close(master);
			expect(await names(sys, '/dev/pts')).toEqual([]);
			expect(outcome(await sys.stat(`/dev/pts/${n}`))).toBe('ENOENT');
		});
	});

	it("give a terminal's node to the user logged in on it", async () => {
		const m = await ModelMachine.create();
		await m.openTerminal({ user: 'user', cols: 80, rows: 24 });
		const st = await asProgram(async (sys) => must(await sys.stat('/dev/pts/0')), { m });
		expect([st.uid, st.gid]).toEqual([500, 5]);
		m.dispose();
	});

	it('the hook ptyVisible hides a pty from /dev/pts', async () => {
		const m = await ModelMachine.create();
		await m.openTerminal({ user: 'root', cols: 80, rows: 24 });
		m.kernel.devpts.ptyVisible = () => false;
		const r = await asProgram(
			async (sys) => [await names(sys, '/dev/pts'), outcome(await sys.stat('/dev/pts/0'))],
			{ m }
		);
		expect(r).toEqual([[], 'ENOENT']);
		m.dispose();
	});
});

describe('/dev/stdin, /dev/stdout, /dev/stderr and /dev/fd', () => {
	it('lead to the descriptors of the process that opens them', async () => {
		await asProgram(async (sys) => {
			expect(await sys.readlink('/dev/stdout')).toBe('/proc/self/fd/1');
			const [r, w] = must(await sys.pipe());
			await sys.dup2(w, 1);
			const out = must(await sys.open('/dev/stdout', O_WRONLY));
			await sys.write(out, 'through stdout');
			expect(await sys.read(r, 100)).toBe('through stdout');
			await sys.dup2(must(await sys.open('/etc/HOSTNAME')), 0);
			expect(await readAll(sys, '/dev/fd/0')).toBe('main.example.org\n');
		});
	});
});
