// hostname and domainname (net-tools 1.60): read the names with uname(2), set them with
// sethostname(2)/setdomainname(2), which need CAP_SYS_ADMIN (and, in a vserver, change only
// that context's names).
import { isErrno, type Sys } from '../syscalls/index.ts';
import { Tool } from './lib/tool.ts';
import { readText } from './lib/procps.ts';

const hostnameUsage = `Usage: hostname [-v] {hostname|-F file}      set hostname (from file)
       domainname [-v] {nisdomain|-F file}   set NIS domainname (from file)
       hostname [-v] [-d|-f|-s|-a|-i|-y|-n]  display formatted name
       hostname [-v]                         display hostname

       hostname -V|--version|-h|--help       print info and exit

    dnsdomainname=hostname -d, {yp,nis,}domainname=hostname -y

    -s, --short           short host name
    -a, --alias           alias names
    -i, --ip-address      addresses for the hostname
    -f, --fqdn, --long    long host name (FQDN)
    -d, --domain          DNS domain name
    -y, --yp, --nis       NIS/YP domainname
    -F, --file            read hostname or NIS domainname from given file

   This command can read or set the hostname or the NIS domainname. You can
   also read the DNS domain or the FQDN (fully qualified domain name).
   Unless you are using bind or NIS for host lookups you can change the
   FQDN (Fully Qualified Domain Name) and the DNS domain name (which is
   part of the FQDN) in the /etc/hosts file.
`;

/** gethostbyname(3) through /etc/hosts: the canonical name, aliases and address of `name`. */
async function lookupHost(
	sys: Sys,
	name: string
): Promise<{ addr: string; canonical: string; aliases: string[] } | null> {
	const text = await readText(sys, '/etc/hosts');
	if (isErrno(text)) return null;
	for (const line of text.split('\n')) {
		const f = line.replace(/#.*/, '').trim().split(/\s+/);
		if (f.length >= 2 && f.slice(1).includes(name)) {
			return { addr: f[0]!, canonical: f[1]!, aliases: f.slice(2) };
		}
	}
	return null;
}

export async function hostname(
	sys: Sys,
	argv: string[],
	env: Record<string, string>
): Promise<number> {
	const t = new Tool(sys, argv, env);
	const prog = argv[0]!.slice(argv[0]!.lastIndexOf('/') + 1);
	let mode =
		prog === 'domainname' || prog === 'nisdomainname' || prog === 'ypdomainname'
			? 'y'
			: prog === 'dnsdomainname'
				? 'd'
				: '';
	let file: string | null = null;
	let name: string | null = null;
	const longs: Record<string, string> = {
		short: 's',
		alias: 'a',
		'ip-address': 'i',
		fqdn: 'f',
		long: 'f',
		domain: 'd',
		yp: 'y',
		nis: 'y',
		file: 'F',
		verbose: 'v',
		help: 'h',
		version: 'V'
	};
	for (let i = 1; i < argv.length; i++) {
		const a = argv[i]!;
		const key = a.startsWith('--')
			? longs[a.slice(2)]
			: a.startsWith('-') && a.length === 2
				? a[1]
				: undefined;
		if (a.startsWith('-') && key === undefined) {
			await t.errRaw(
				a.startsWith('--')
					? `${prog}: unrecognized option \`${a}'\n`
					: `${prog}: invalid option -- ${a.slice(1)}\n`
			);
			await t.errRaw(hostnameUsage);
			return 1;
		}
		if (key === undefined) {
			name = a;
			continue;
		}
		if (key === 'h') {
			await t.errRaw(hostnameUsage);
			return 0;
		}
		if (key === 'V') {
			await t.errRaw('net-tools 1.60\nhostname 1.100 (2001-04-14)\n');
			return 0;
		}
		if (key === 'F') {
			file = argv[++i] ?? null;
			if (file === null) {
				await t.errRaw(hostnameUsage);
				return 1;
			}
		} else if (key !== 'v') mode = key;
	}
	if (file !== null) {
		const text = await readText(sys, file);
		if (isErrno(text)) {
			await t.errRaw(`${prog}: ${file}: ${text.message}\n`);
			return 1;
		}
		name =
			text
				.split('\n')
				.map((l) => l.trim())
				.find((l) => l !== '' && !l.startsWith('#')) ?? '';
	}
	if (name !== null) {
		const nis = mode === 'y';
		const r = nis ? await sys.setdomainname(name) : await sys.sethostname(name);
		if (isErrno(r)) {
			if (r.name === 'EPERM') {
				await t.errRaw(`${prog}: you must be root to change the ${nis ? 'domain' : 'host'} name\n`);
			} else if (r.name === 'EINVAL') await t.errRaw(`${prog}: name too long\n`);
			else await t.errRaw(`${prog}: ${r.message}\n`);
			return 1;
		}
		return 0;
	}
	const u = await sys.uname();
	const host = u.nodename;
	switch (mode) {
		case 'y':
			await t.out((u.domainname === '' ? '(none)' : u.domainname) + '\n');
			break;
		case 's':
			await t.out(host.split('.')[0] + '\n');
			break;
		case 'f':
		case 'd':
		case 'a':
		case 'i': {
			const h = await lookupHost(sys, host);
			// SIMPLIFIED: without an /etc/hosts entry there is no resolver to ask, so the FQDN is
			// the node name joined to the kernel's domain name instead of "Unknown host".
			const canonical = h
				? h.canonical
				: u.domainname && u.domainname !== '(none)'
					? `${host}.${u.domainname}`
					: host;
			if (mode === 'f') await t.out(canonical + '\n');
			else if (mode === 'd') {
				await t.out(
					(canonical.includes('.') ? canonical.slice(canonical.indexOf('.') + 1) : '') + '\n'
				);
			} else if (mode === 'a') await t.out((h ? h.aliases.join(' ') : '') + '\n');
			else {
				if (!h) {
					await t.errRaw(`${prog}: Unknown host\n`);
					return 1;
				}
				await t.out(h.addr + ' \n');
			}
			break;
		}
		default:
			await t.out(host + '\n');
	}
	return t.exit(0);
}

/** tty (sh-utils 2.0): the terminal on standard input. */
export async function tty(sys: Sys, argv: string[], env: Record<string, string>): Promise<number> {
	const t = new Tool(sys, argv, env);
	const p = await t.parse(
		{ short: 's', long: { silent: { key: 's' }, quiet: { key: 's' } } },
		{
			usage:
				'[OPTION]...\nPrint the file name of the terminal connected to standard input.\n\n  -s, --silent, --quiet   print nothing, only return an exit status\n      --help      display this help and exit\n      --version   output version information and exit\n\nReport bugs to <bug-sh-utils@gnu.org>.\n',
			version: 'sh-utils 2.0.11'
		},
		2
	);
	if (typeof p === 'number') return p;
	if (p.operands.length > 0) {
		await t.error(`extra operand \`${p.operands[0]}'`);
		await t.tryHelp();
		return 2;
	}
	const name = await sys.ttyname(0);
	const silent = p.options.length > 0;
	if (isErrno(name)) {
		if (!silent) await t.out('not a tty\n');
		return t.exit(1);
	}
	if (!silent) await t.out(name + '\n');
	return t.exit(0);
}
