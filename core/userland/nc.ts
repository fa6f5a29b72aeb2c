// nc (netcat 1.10): connects to host port (or listens with -l -p PORT, bound to -s ADDR when
// given) and copies standard input to the connection and the connection to standard output,
// until the other side closes. -v tells what happens, -z only probes.
import { SHUT_WR, isErrno, type Sys } from '../syscalls/index.ts';
import { hostName, resolveHost, tcpConnect, tcpListen } from './lib/net.ts';
import { serviceName, servicePort } from './xinetd.ts';

async function relay(sys: Sys, sock: number): Promise<number> {
	let stdinOpen = true;
	for (;;) {
		const ready = await sys.poll(
			stdinOpen
				? [
						{ fd: sock, read: true },
						{ fd: 0, read: true }
					]
				: [{ fd: sock, read: true }]
		);
		if (isErrno(ready)) continue;
		for (const r of ready) {
			const d = await sys.read(r.fd, 4096);
			if (r.fd === sock) {
				if (isErrno(d) || d === '') {
					await sys.close(sock);
					return 0;
				}
				await sys.write(1, d);
			} else if (isErrno(d) || d === '') {
				// netcat 1.10 keeps reading the network after its input ends; the peer sees the end.
				stdinOpen = false;
				await sys.shutdown(sock, SHUT_WR);
			} else await sys.write(sock, d);
		}
	}
}

export async function nc(sys: Sys, argv: string[]): Promise<number> {
	let listen = false;
	let verbose = 0;
	let zero = false;
	let local: string | null = null;
	let lport: number | null = null;
	const rest: string[] = [];
	for (let i = 1; i < argv.length; i++) {
		const a = argv[i]!;
		if (!a.startsWith('-') || a === '-') {
			rest.push(a);
			continue;
		}
		for (let j = 1; j < a.length; j++) {
			const c = a[j]!;
			if (c === 'l') listen = true;
			else if (c === 'v') verbose++;
			else if (c === 'z') zero = true;
			else if (c === 'n') continue;
			else if (c === 's' || c === 'p' || c === 'w' || c === 'q') {
				const v = a.slice(j + 1) || argv[++i];
				if (v === undefined) {
					await sys.write(2, `nc: option requires an argument -- ${c}\n`);
					return 1;
				}
				if (c === 's') local = v;
				else if (c === 'p') lport = Number(v);
				break;
			} else {
				await sys.write(2, `nc: invalid option -- ${c}\n`);
				return 1;
			}
		}
	}
	if (listen) {
		const lfd = await tcpListen(sys, local ?? '0.0.0.0', lport ?? 0);
		if (isErrno(lfd)) {
			await sys.write(2, `Can't grab ${local ?? '0.0.0.0'}:${lport ?? 0} with bind\n`);
			return 1;
		}
		if (verbose) {
			const me = await sys.getsockname(lfd);
			await sys.write(
				2,
				`listening on [${local ?? 'any'}] ${!isErrno(me) && 'port' in me ? me.port : lport} ...\n`
			);
		}
		const a = await sys.accept(lfd);
		await sys.close(lfd);
		if (isErrno(a)) return 1;
		if (verbose && 'addr' in a.addr) {
			const me = await sys.getsockname(a.fd);
			const myAddr = !isErrno(me) && 'addr' in me ? me.addr : '?';
			await sys.write(
				2,
				`connect to [${myAddr}] from ${await hostName(sys, a.addr.addr)} [${a.addr.addr}] ${a.addr.port}\n`
			);
		}
		return relay(sys, a.fd);
	}
	if (rest.length < 2) {
		await sys.write(2, 'no port[s] to connect to\n');
		return 1;
	}
	const host = await resolveHost(sys, rest[0]!);
	if (!host) {
		await sys.write(2, `${rest[0]}: forward host lookup failed: Unknown host\n`);
		return 1;
	}
	const portText = rest[1]!;
	const port = /^\d+$/.test(portText) ? Number(portText) : await servicePort(sys, portText);
	if (port === null) {
		await sys.write(2, `nc: ${portText}: unknown service\n`);
		return 1;
	}
	// netcat 1.10 names both ends as the resolver does: the address's name, the port's service.
	const label = `${await hostName(sys, host.addr)} [${host.addr}] ${port} (${(await serviceName(sys, port)) ?? '?'})`;
	const sock = await tcpConnect(sys, host.addr, port, local);
	if (isErrno(sock)) {
		if (verbose) await sys.write(2, `${label} : ${sock.message}\n`);
		return 1;
	}
	if (verbose) await sys.write(2, `${label} open\n`);
	if (zero) {
		await sys.close(sock);
		return 0;
	}
	return relay(sys, sock);
}
