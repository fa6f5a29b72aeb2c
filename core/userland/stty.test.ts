import { describe, expect, it } from 'vitest';
import { ok, run1 } from './testing.ts';
import { boot } from '../test-helpers.ts';
import type { ModelMachine } from '../model-machine.ts';

/** Types lines on a fresh terminal and returns what the terminal showed after the first prompt. */
async function session(
	lines: string[],
	fn?: (m: ModelMachine, id: number) => Promise<void>
): Promise<string> {
	const m = await boot();
	try {
		const id = await m.openTerminal({ user: 'root', cols: 80, rows: 24 });
		let out = '';
		m.attach(id, (c) => (out += String.fromCharCode(...c)));
		await m.settle(id, 5000);
		// The prompt is the shell's business: the tests see it as `# `.
		const prompt = out.slice(out.lastIndexOf('\n') + 1);
		out = '';
		for (const l of lines) {
			m.input(id, l + '\n');
			await m.settle(id, 5000);
		}
		if (fn) await fn(m, id);
		return out.replace(/\r+\n/g, '\n').split(prompt).join('# ');
	} finally {
		m.dispose();
	}
}

describe('stty', () => {
	it('prints every setting with -a, wrapped at the terminal width', async () => {
		expect(await session(['stty -a'])).toBe(
			'stty -a\n' +
				'speed 38400 baud; rows 24; columns 80; line = 0;\n' +
				'intr = ^C; quit = ^\\; erase = ^?; kill = ^U; eof = ^D; eol = <undef>;\n' +
				'eol2 = <undef>; start = <undef>; stop = <undef>; susp = ^Z; rprnt = <undef>;\n' +
				'werase = ^W; lnext = <undef>; flush = <undef>; min = 1; time = 0;\n' +
				'-parenb -parodd cs8 -hupcl -cstopb cread -clocal -crtscts\n' +
				'-ignbrk -brkint -ignpar -parmrk -inpck -istrip -inlcr -igncr icrnl ixon -ixoff\n' +
				'-iuclc -ixany -imaxbel\n' +
				'opost -olcuc -ocrnl onlcr -onocr -onlret -ofill -ofdel nl0 cr0 tab0 bs0 vt0 ff0\n' +
				'isig icanon iexten echo echoe echok -echonl -noflsh -xcase -tostop -echoprt\n' +
				'echoctl echoke\n' +
				'# '
		);
	});

	it('prints the window size and sets rows and columns', async () => {
		expect(await session(['stty size', 'stty rows 30 cols 100', 'stty size'])).toBe(
			'stty size\n24 80\n# stty rows 30 cols 100\n# stty size\n30 100\n# '
		);
	});

	it('turns echo and canonical mode off and back on with -echo, raw and sane', async () => {
		const out = await session(['stty -echo -icanon; stty -a; stty sane; stty -a']);
		const lflags = out.split('\n').filter((l) => l.startsWith('isig'));
		expect(lflags).toEqual([
			'isig -icanon iexten -echo echoe echok -echonl -noflsh -xcase -tostop -echoprt',
			'isig icanon iexten echo echoe echok -echonl -noflsh -xcase -tostop -echoprt'
		]);
	});

	it('shows what differs from sane without options, and after raw', async () => {
		expect(await session(['stty', 'stty raw; stty; stty -raw'])).toContain(
			'stty\nspeed 38400 baud; line = 0;\nstart = <undef>; stop = <undef>; rprnt = <undef>; lnext = <undef>;\nflush = <undef>;\n-brkint -imaxbel\n'
		);
	});

	it('needs a terminal on standard input and rejects unknown settings', async () => {
		expect(await run1(['stty'])).toEqual(
			ok('', 'stty: standard input: Inappropriate ioctl for device\n', 1)
		);
		expect(await session(['stty bogus'])).toBe(
			"stty bogus\nstty: invalid argument `bogus'\nTry `stty --help' for more information.\n# "
		);
	});
});
