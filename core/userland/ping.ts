// ping (iputils ss020124, setuid root): ICMP echo over a raw socket, which needs CAP_NET_RAW;
// inside a vserver whose ceiling lacks it even the setuid binary fails, the reference's example
// of what a virtual server cannot do. Times come from the virtual clock.
import { AF_INET, IPPROTO_ICMP, isErrno, SIGINT, SOCK_RAW, type Sys } from '../syscalls/index.ts';
import { Tool } from './lib/tool.ts';
import { readText } from './lib/procps.ts';

const usage = `Usage: ping [-LRUbdfnqrvVaA] [-c count] [-i interval] [-w deadline]
            [-p pattern] [-s packetsize] [-t ttl] [-I interface or address]
            [-M mtu discovery hint] [-S sndbuf]
            [ -T timestamp option ] [ -Q tos ] [hop1 ...] destination
`;

const u16 = (n: number): string => String.fromCharCode((n >> 8) & 0xff, n & 0xff);

/** The Internet checksum (RFC 1071) of a byte string. */
export function checksum(data: string): number {
	let sum = 0;
	for (let i = 0; i < data.length; i += 2) {
		sum += (data.charCodeAt(i) << 8) + (i + 1 < data.length ? data.charCodeAt(i + 1) : 0);
	}
	while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
	return ~sum & 0xffff;
}

async function resolve(sys: Sys, host: string): Promise<string | null> {
	if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) return host;
	const text = await readText(sys, '/etc/hosts');
	if (!isErrno(text)) {
		for (const line of text.split('\n')) {
			const f = line.replace(/#.*/, '').trim().split(/\s+/);
			if (f.length >= 2 && f.slice(1).includes(host)) return f[0]!;
		}
	}
	// SIMPLIFIED: no resolver; without an /etc/hosts entry only localhost is known.
	return host === 'localhost' ? '127.0.0.1' : null;
}

export async function ping(sys: Sys, argv: string[], env: Record<string, string>): Promise<number> {
	const t = new Tool(sys, argv, env);
	let count = Infinity;
	let interval = 1;
	let size = 56;
	let quiet = false;
	let host: string | null = null;
	for (let i = 1; i < argv.length; i++) {
		const a = argv[i]!;
		if (a.startsWith('-') && a.length > 1) {
			const c = a[1]!;
			if ('cisw'.includes(c)) {
				const v = a.length > 2 ? a.slice(2) : argv[++i];
				const n = Number(v);
				if (v === undefined || !(n > 0)) {
					await t.errRaw(
						`ping: bad ${c === 'c' ? 'number of packets to transmit' : c === 'i' ? 'timing interval' : c === 's' ? 'packet size' : 'wait time'}.\n`
					);
					return 2;
				}
				if (c === 'c') count = Math.floor(n);
				else if (c === 'i') interval = n;
				else if (c === 's') size = Math.floor(n);
			} else if (c === 'q') quiet = true;
			else if (c === 'n' || c === 'v') continue;
			else if (c === 'V') {
				await t.out('ping utility, iputils-ss020124\n');
				return t.exit(0);
			} else {
				await t.errRaw(usage);
				return 2;
			}
		} else host = a;
	}
	if (host === null) {
		await t.errRaw(usage);
		return 2;
	}
	const fd = await sys.socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
	// iputils gives up the setuid root identity as soon as it holds the socket.
	await sys.setuid(await sys.getuid());
	if (isErrno(fd)) {
		await t.errRaw(`ping: icmp open socket: ${fd.message}\n`);
		return 2;
	}
	const addr = await resolve(sys, host);
	if (addr === null) {
		await t.errRaw(`ping: unknown host ${host}\n`);
		return 2;
	}
	let stop = false;
	await sys.signal(SIGINT, () => (stop = true));
	await t.out(`PING ${host} (${addr}) ${size}(${size + 28}) bytes of data.\n`);
	await t.flush();
	const ident = (await sys.getpid()) & 0xffff;
	const start = await sys.uptime();
	let sent = 0;
	let received = 0;
	const rtts: number[] = [];
	for (let seq = 1; seq <= count && !stop; seq++) {
		const sentAt = await sys.uptime();
		const payload = 'x'.repeat(size);
		const body = '\x08\x00' + '\x00\x00' + u16(ident) + u16(seq) + payload;
		const packet = body.slice(0, 2) + u16(checksum(body)) + body.slice(4);
		const s = await sys.sendto(fd, packet, { addr, port: 0 });
		if (isErrno(s)) {
			await t.errRaw(`ping: sendmsg: ${s.message}\n`);
			if (s.name === 'ENETUNREACH' || s.name === 'EHOSTUNREACH') break;
		} else sent++;
		const deadline = sentAt + interval * 1000;
		for (;;) {
			const left = deadline - (await sys.uptime());
			if (left <= 0 || stop) break;
			const ready = await sys.poll([{ fd, read: true }], Math.ceil(left));
			if (isErrno(ready) || ready.length === 0) continue;
			const r = await sys.recvfrom(fd, 65536);
			if (isErrno(r)) continue;
			const ip = r.data;
			const hl = (ip.charCodeAt(0) & 0x0f) * 4;
			const icmp = ip.slice(hl);
			const id = (icmp.charCodeAt(4) << 8) | icmp.charCodeAt(5);
			const rseq = (icmp.charCodeAt(6) << 8) | icmp.charCodeAt(7);
			if (icmp.charCodeAt(0) !== 0 || id !== ident) continue;
			const rtt = (await sys.uptime()) - sentAt;
			received++;
			rtts.push(rtt);
			const from = (r.addr as { addr?: string } | null)?.addr ?? addr;
			if (!quiet) {
				await t.out(
					`${icmp.length} bytes from ${from}: icmp_seq=${rseq} ttl=${ip.charCodeAt(8)} time=${rtt.toFixed(3)} ms\n`
				);
			}
			await t.flush();
			// After the last request, its reply ends the run; there is no next send to wait for.
			if (seq === count && rseq === seq) break;
		}
	}
	const elapsed = Math.round((await sys.uptime()) - start);
	await t.out(`\n--- ${host} ping statistics ---\n`);
	const loss = sent ? Math.round(((sent - received) * 100) / sent) : 0;
	await t.out(
		`${sent} packets transmitted, ${received} received, ${loss}% loss, time ${elapsed}ms\n`
	);
	if (rtts.length) {
		const min = Math.min(...rtts);
		const max = Math.max(...rtts);
		const avg = rtts.reduce((a, b) => a + b, 0) / rtts.length;
		const mdev = Math.sqrt(rtts.reduce((a, b) => a + b * b, 0) / rtts.length - avg * avg) || 0;
		await t.out(
			`rtt min/avg/max/mdev = ${min.toFixed(3)}/${avg.toFixed(3)}/${max.toFixed(3)}/${mdev.toFixed(3)} ms\n`
		);
	}
	return t.exit(received > 0 ? 0 : 1);
}
