// /usr/lib/vserver/fakerunlevel (vserver 0.22, reference §10.5): a vserver without its own init
// still needs a run-level record in its utmp, so `runlevel` inside answers. vserver start writes
// one before it runs the rc script of the level.
import { isErrno, O_CREAT, O_WRONLY, O_APPEND, type Sys } from '../syscalls/index.ts';
import { utmpLine } from './lib/daemon.ts';

const USAGE = `fakerunlevel version 0.22
fakerunlevel runlevel utmp_file

Writes a RUNLEVEL record in the utmp file, as init would when entering
this run level (1 to 5).
`;

export async function fakerunlevel(sys: Sys, argv: string[]): Promise<number> {
	const level = argv[1];
	const file = argv[2];
	if (argv.length !== 3 || level === undefined || file === undefined) {
		await sys.write(2, USAGE);
		return 1;
	}
	if (!/^[1-5]$/.test(level)) {
		await sys.write(2, `Invalid runlevel ${level}\n`);
		return 1;
	}
	const fd = await sys.open(file, O_WRONLY | O_CREAT | O_APPEND, 0o644);
	if (isErrno(fd)) {
		await sys.write(2, `Can't open ${file} (${fd.message})\n`);
		return 1;
	}
	// SIMPLIFIED: utmp is the model's one-line text record (lib/daemon.ts), previous level N.
	await sys.write(fd, utmpLine('N', level));
	await sys.close(fd);
	return 0;
}
