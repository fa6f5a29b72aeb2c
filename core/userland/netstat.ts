// netstat (net-tools 1.60): sockets from /proc/net/{tcp,udp,raw,unix}, the owning process from
// the socket:[inode] links in /proc/<pid>/fd (-p), names from /etc/hosts and /etc/services
// unless -n. What a vserver's netstat lists is what its /proc/net shows it.
import { isErrno, type Sys } from '../syscalls/index.ts';
import { Tool } from './lib/tool.ts';
import { listPids, readText } from './lib/procps.ts';

const usage = `usage: netstat [-veenNcCF] [<Af>] -r         netstat {-V|--version|-h|--help}
       netstat [-vnNcaeol] [<Socket> ...]
       netstat { [-veenNac] -i | [-cnNe] -M | -s }

        -r, --route              display routing table
        -i, --interfaces         display interface table
        -v, --verbose            be verbose
        -n, --numeric            don't resolve names
        -e, --extend             display other/more information
        -p, --programs           display PID/Program name for sockets
        -l, --listening          display listening server sockets
        -a, --all, --listening   display all sockets (default: connected)

  <Socket>={-t|--tcp} {-u|--udp} {-w|--raw} {-x|--unix}
`;

const TCP_STATES = [
	'',
	'ESTABLISHED',
	'SYN_SENT',
	'SYN_RECV',
	'FIN_WAIT1',
	'FIN_WAIT2',
	'TIME_WAIT',
	'CLOSE',
	'CLOSE_WAIT',
	'LAST_ACK',
	'LISTEN',
	'CLOSING'
];

/** `0100007F:0050` (little-endian address, port) as `127.0.0.1` and 80. */
export function parseHexAddr(s: string): { addr: string; port: number } {
	const [a = '0', p = '0'] = s.split(':');
	const n = parseInt(a, 16) >>> 0;
	const addr = [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24].join('.');
	return { addr, port: parseInt(p, 16) };
}

export interface SockLine {
	local: { addr: string; port: number };
	remote: { addr: string; port: number };
	state: number;
	tx: number;
	rx: number;
	inode: number;
}

/** The rows of /proc/net/tcp, udp or raw. */
export function parseNetTable(text: string): SockLine[] {
	const out: SockLine[] = [];
	for (const line of text.split('\n').slice(1)) {
		const f = line.trim().split(/\s+/);
		if (f.length < 10) continue;
		const [tx = '0', rx = '0'] = f[4]!.split(':');
		out.push({
			local: parseHexAddr(f[1]!),
			remote: parseHexAddr(f[2]!),
			state: parseInt(f[3]!, 16),
			tx: parseInt(tx, 16),
			rx: parseInt(rx, 16),
			inode: Number(f[9])
		});
	}
	return out;
}

interface Names {
	hosts: Map<string, string>;
	services: Map<string, string>;
}

async function loadNames(sys: Sys): Promise<Names> {
	const hosts = new Map<string, string>();
	const services = new Map<string, string>();
	const h = await readText(sys, '/etc/hosts');
	if (!isErrno(h)) {
		for (const line of h.split('\n')) {
			const f = line.replace(/#.*/, '').trim().split(/\s+/);
			if (f.length >= 2 && !hosts.has(f[0]!)) hosts.set(f[0]!, f[1]!);
		}
	}
	const s = await readText(sys, '/etc/services');
	if (!isErrno(s)) {
		for (const line of s.split('\n')) {
			const m = /^(\S+)\s+(\d+)\/(tcp|udp)/.exec(line);
			if (m && !services.has(`${m[2]}/${m[3]}`)) services.set(`${m[2]}/${m[3]}`, m[1]!);
		}
	}
	return { hosts, services };
}

/** `addr:port` as net-tools prints it, the host cut so the whole fits 22 characters. */
function endpoint(
	e: { addr: string; port: number },
	proto: string,
	numeric: boolean,
	names: Names
): string {
	const port =
		e.port === 0
			? '*'
			: numeric
				? String(e.port)
				: (names.services.get(`${e.port}/${proto}`) ?? String(e.port));
	let host = numeric ? e.addr : e.addr === '0.0.0.0' ? '*' : (names.hosts.get(e.addr) ?? e.addr);
	if (host.length + port.length + 1 > 23) host = host.slice(0, 22 - port.length);
	return `${host}:${port}`;
}

/** inode → `pid/comm` from the fd links this process may read. */
async function programs(sys: Sys): Promise<{ map: Map<number, string>; partial: boolean }> {
	const map = new Map<number, string>();
	let partial = false;
	for (const pid of await listPids(sys)) {
		const dir = `/proc/${pid}/fd`;
		const fd = await sys.open(dir, 0o200000);
		if (isErrno(fd)) {
			partial = true;
			continue;
		}
		const names: string[] = [];
		for (;;) {
			const r = await sys.getdents(fd);
			if (isErrno(r) || r.length === 0) break;
			for (const d of r) if (/^[0-9]+$/.test(d.name)) names.push(d.name);
		}
		await sys.close(fd);
		let comm: string | null = null;
		for (const n of names) {
			const link = await sys.readlink(`${dir}/${n}`);
			const m = isErrno(link) ? null : /^socket:\[(\d+)\]$/.exec(link);
			if (!m) continue;
			if (comm === null) {
				const st = await readText(sys, `/proc/${pid}/stat`);
				comm = isErrno(st) ? '?' : st.slice(st.indexOf('(') + 1, st.lastIndexOf(')'));
			}
			map.set(Number(m[1]), `${pid}/${comm}`);
		}
	}
	return { map, partial };
}

export async function netstat(
	sys: Sys,
	argv: string[],
	env: Record<string, string>
): Promise<number> {
	const t = new Tool(sys, argv, env);
	const o = {
		all: false,
		listening: false,
		numeric: false,
		prog: false,
		tcp: false,
		udp: false,
		raw: false,
		unix: false,
		extend: 0
	};
	const longs: Record<string, string> = {
		all: 'a',
		listening: 'l',
		numeric: 'n',
		programs: 'p',
		tcp: 't',
		udp: 'u',
		raw: 'w',
		unix: 'x',
		extend: 'e',
		help: 'h',
		version: 'V'
	};
	for (const a of argv.slice(1)) {
		const keys = a.startsWith('--')
			? (longs[a.slice(2)] ?? '?')
			: a.startsWith('-')
				? a.slice(1)
				: '?';
		for (const c of keys) {
			if (c === 'a') o.all = true;
			else if (c === 'l') o.listening = true;
			else if (c === 'n') o.numeric = true;
			else if (c === 'p') o.prog = true;
			else if (c === 't') o.tcp = true;
			else if (c === 'u') o.udp = true;
			else if (c === 'w') o.raw = true;
			else if (c === 'x') o.unix = true;
			else if (c === 'e') o.extend++;
			else if (c === 'v' || c === 'N') continue;
			else if (c === 'V') {
				await t.out(
					'net-tools 1.60\nnetstat 1.42 (2001-04-15)\nFred Baumgarten, Alan Cox, Bernd Eckenfels, Phil Blundell, Tuan Hoang and others\n+NEW_ADDRT +RTF_IRTT +RTF_REJECT +I18N\nAF: (inet) +UNIX +INET -INET6 -IPX -AX25 -NETROM -X25 -ATALK -ECONET -ROSE \nHW:  +ETHER -ARC +SLIP +PPP -TUNNEL -TR -AX25 -NETROM -X25 -FR -ROSE -ASH -SIT -FDDI -HIPPI -HDLC/LAPB \n'
				);
				return t.exit(0);
			} else {
				if (c !== 'h') await t.errRaw(`netstat: invalid option -- ${c}\n`);
				await t.errRaw(usage);
				return c === 'h' ? 0 : 1;
			}
		}
	}
	if (!o.tcp && !o.udp && !o.raw && !o.unix) o.tcp = o.udp = o.raw = o.unix = true;
	const names = await loadNames(sys);
	const progs = o.prog ? await programs(sys) : null;
	if (progs?.partial && (await sys.geteuid()) !== 0) {
		await t.errRaw(
			'(Not all processes could be identified, non-owned process info\n will not be shown, you would have to be root to see it all.)\n'
		);
	}
	const wanted = (listening: boolean): boolean => o.all || (o.listening ? listening : !listening);
	const mode = o.all ? 'servers and established' : o.listening ? 'only servers' : 'w/o servers';
	if (o.tcp || o.udp || o.raw) {
		await t.out(`Active Internet connections (${mode})\n`);
		await t.out(
			'Proto Recv-Q Send-Q Local Address           Foreign Address         State      ' +
				(o.extend > 1 ? ' User       Inode     ' : '') +
				(o.prog ? ' PID/Program name' : '') +
				'\n'
		);
		for (const proto of ['tcp', 'udp', 'raw'] as const) {
			if (!o[proto]) continue;
			const text = await readText(sys, `/proc/net/${proto}`);
			if (isErrno(text)) continue;
			for (const s of parseNetTable(text)) {
				const listening = proto === 'tcp' ? s.state === 10 : s.state !== 1;
				if (!wanted(listening)) continue;
				const state =
					proto === 'tcp'
						? (TCP_STATES[s.state] ?? 'UNKNOWN')
						: proto === 'raw'
							? String(s.state)
							: s.state === 1
								? 'ESTABLISHED'
								: '';
				const svc = proto === 'raw' ? 'tcp' : proto;
				let row = `${proto.padEnd(4)}  ${String(s.rx).padStart(6)} ${String(s.tx).padStart(6)} ${endpoint(s.local, svc, o.numeric, names).padEnd(23)} ${endpoint(s.remote, svc, o.numeric, names).padEnd(23)} ${state.padEnd(11)} `;
				if (progs) row += (progs.map.get(s.inode) ?? '-').padEnd(20);
				await t.out(row + '\n');
			}
		}
	}
	if (o.unix) {
		const text = await readText(sys, '/proc/net/unix');
		await t.out(`Active UNIX domain sockets (${mode})\n`);
		await t.out(
			'Proto RefCnt Flags       Type       State         I-Node' +
				(o.prog ? ' PID/Program name   ' : '') +
				' Path\n'
		);
		if (!isErrno(text)) {
			for (const line of text.split('\n').slice(1)) {
				const f = line.trim().split(/\s+/);
				if (f.length < 7) continue;
				const flags = parseInt(f[3]!, 16);
				const listening = (flags & 0x10000) !== 0;
				if (!wanted(listening)) continue;
				const type =
					({ 1: 'STREAM', 2: 'DGRAM', 5: 'SEQPACKET' } as Record<number, string>)[
						parseInt(f[4]!, 16)
					] ?? 'UNKNOWN';
				const st = listening
					? 'LISTENING'
					: ((
							{ 1: '', 2: 'CONNECTING', 3: 'CONNECTED', 4: 'DISCONNECTING' } as Record<
								number,
								string
							>
						)[parseInt(f[5]!, 16)] ?? '');
				const inode = Number(f[6]);
				let row = `unix  ${String(parseInt(f[1]!, 16)).padEnd(6)} [ ${listening ? 'ACC ' : ''}]${' '.repeat(listening ? 6 : 10)}${type.padEnd(10)} ${st.padEnd(13)} ${String(inode).padEnd(6)}`;
				if (progs) row += ' ' + (progs.map.get(inode) ?? '-').padEnd(19);
				row += ' ' + (f[7] ?? '');
				await t.out(row.trimEnd() + '\n');
			}
		}
	}
	return t.exit(0);
}
