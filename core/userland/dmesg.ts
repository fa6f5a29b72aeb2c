// dmesg (util-linux 2.11): the kernel's message ring through syslog(2); -c also clears it,
// which needs CAP_SYS_ADMIN.
import { isErrno, type Sys } from '../syscalls/index.ts';
import { Tool } from './lib/tool.ts';

export async function dmesg(
	sys: Sys,
	argv: string[],
	env: Record<string, string>
): Promise<number> {
	const t = new Tool(sys, argv, env);
	let clear = false;
	for (let i = 1; i < argv.length; i++) {
		const a = argv[i]!;
		if (a === '-c') clear = true;
		else if (a === '-s' || a === '-n') i++;
		else if (/^-[sn]\d+$/.test(a)) continue;
		else {
			await t.errRaw('Usage: dmesg [-c] [-n level] [-s bufsize]\n');
			return 1;
		}
	}
	const r = await sys.syslog(clear ? 4 : 3);
	if (isErrno(r)) {
		await t.errRaw(`klogctl: ${r.message}\n`);
		return 1;
	}
	await t.out(String(r));
	return t.exit(0);
}
