// /usr/sbin/vdlimit: a later tool (util-vserver of the 2.6 era) for the per-context disk limit
// the paper's 6.2.1 asks for: `vdlimit --xid N [--set FIELD=VALUE]... [--remove] MOUNTPOINT`
// shows, sets or removes context N's limit on the file system of MOUNTPOINT. Space is in KiB,
// -1 is no limit. Installed with the later kernel; on the 2003 kernel the call is missing.
import { isErrno, type Errno, type Sys } from '../syscalls/index.ts';
import { getopt, isError } from './lib/getopt.ts';

type Field = 'spaceUsed' | 'spaceTotal' | 'inodesUsed' | 'inodesTotal' | 'reserved';

/** The limit names the tool takes and prints, in its order. */
const FIELDS: [string, Field][] = [
	['space_used', 'spaceUsed'],
	['space_total', 'spaceTotal'],
	['inodes_used', 'inodesUsed'],
	['inodes_total', 'inodesTotal'],
	['reserved', 'reserved']
];

const HELP = `Usage: vdlimit --xid <xid> [--flags <flags>] (--set <limit>=<value>|--remove) <mount point>

    --set|-s <limit>=<value>  ...  give <limit> a value; the limits are space_used,
                              space_total (KiB), inodes_used, inodes_total and reserved
    --remove|-d       ...  take context <xid>'s limit off <mount point>

Without --set or --remove, vdlimit prints the limit.
`;

const MORE = "; try '--help' for more information\n";

/** strtol(s, &end, 0) that must use the whole string: decimal, 0x hex or 0 octal. */
function wholeNumber(s: string): number | null {
	const m = /^\s*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)$/.exec(s);
	if (!m) return null;
	const body = m[2]!;
	const v = /^0[xX]/.test(body)
		? parseInt(body.slice(2), 16)
		: body.length > 1 && body.startsWith('0')
			? parseInt(body, 8)
			: Number(body);
	return m[1] === '-' ? -v : v;
}

export async function vdlimit(sys: Sys, argv: string[]): Promise<number> {
	const say = (fd: number, text: string) => sys.write(fd, text);
	const perror = (call: string, e: Errno) => say(2, `vdlimit: ${call}: ${e.message}\n`);
	const p = getopt('vdlimit', argv.slice(1), {
		short: '+x:s:df:',
		long: {
			help: { key: 'help' },
			version: { key: 'version' },
			xid: { key: 'x', arg: 'required' },
			set: { key: 's', arg: 'required' },
			remove: { key: 'd' },
			flags: { key: 'f', arg: 'required' }
		}
	});
	if (isError(p)) {
		await say(2, `${p.error}Try '${argv[0]} --help' for more information.\n`);
		return 1;
	}
	let xid: number | null = null;
	let doSet = false;
	let doRemove = false;
	const limit: Partial<Record<Field, number>> = {};
	for (const o of p.options) {
		const v = o.value ?? '';
		switch (o.key) {
			case 'help':
				await say(1, HELP);
				return 0;
			case 'version':
				await say(1, 'vdlimit -- manages disk limits (later util-vserver)\n');
				return 0;
			case 'x': {
				// SIMPLIFIED: the later tool also took a vserver's name; the model takes numbers.
				const n = wholeNumber(v);
				if (n === null || n < 0) {
					await say(2, `vdlimit: '${v}' is not a context number\n`);
					return 1;
				}
				xid = n;
				break;
			}
			case 's': {
				const eq = v.indexOf('=');
				const field = FIELDS.find(([name]) => name === v.slice(0, eq))?.[1];
				if (eq === -1 || !field) {
					await say(2, `vdlimit: unknown limit in '${v}'\n`);
					return 1;
				}
				if (limit[field] !== undefined) {
					await say(2, `vdlimit: value already set in '${v}'\n`);
					return 1;
				}
				const n = wholeNumber(v.slice(eq + 1));
				if (n === null) {
					await say(2, `vdlimit: can not parse number in '${v}'\n`);
					return 1;
				}
				limit[field] = n;
				doSet = true;
				break;
			}
			case 'd':
				doRemove = true;
				break;
			case 'f':
				if (wholeNumber(v) === null) {
					await say(2, `Invalid flags argument: '${v}'${MORE}`);
					return 1;
				}
				break;
		}
	}
	const higher = (a?: number, b?: number) =>
		a !== undefined && b !== undefined && a !== -1 && (b === -1 ? false : a > b);
	if (doSet && doRemove) await say(2, `Can not specify multiple operations${MORE}`);
	else if (p.operands.length === 0) await say(2, `No mount point specified${MORE}`);
	else if (xid === null) await say(2, `No xid specified${MORE}`);
	else if (higher(limit.spaceUsed, limit.spaceTotal)) {
		await say(2, "invalid parameters: 'space_used' is larger than 'space_total'\n");
	} else if (higher(limit.inodesUsed, limit.inodesTotal)) {
		await say(2, "invalid parameters: 'inodes_used' is larger than 'inodes_total'\n");
	} else {
		for (const path of p.operands) {
			if (doSet) {
				let added = false;
				if (isErrno(await sys.dlimit('get', path, xid))) {
					const a = await sys.dlimit('add', path, xid);
					if (isErrno(a)) {
						await perror('vc_add_dlimit()', a);
						return 1;
					}
					added = true;
				}
				const s = await sys.dlimit('set', path, xid, limit);
				if (isErrno(s)) {
					await perror('vc_set_dlimit()', s);
					if (added) {
						const r = await sys.dlimit('remove', path, xid);
						if (isErrno(r)) await perror('vc_rem_dlimit()', r);
					}
					return 1;
				}
			} else if (doRemove) {
				const r = await sys.dlimit('remove', path, xid);
				if (isErrno(r)) {
					await perror('vc_rem_dlimit()', r);
					return 1;
				}
			} else {
				const g = await sys.dlimit('get', path, xid);
				if (isErrno(g)) {
					await perror('vc_get_dlimit()', g);
					return 1;
				}
				if (g === 0) return 1;
				let out = `${xid} ${path}\n`;
				for (const [name, key] of FIELDS) out += `${name}=${g[key]}\n`;
				await say(1, out);
			}
		}
		return 0;
	}
	return 1;
}
