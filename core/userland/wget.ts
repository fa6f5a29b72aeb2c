// wget (GNU Wget 1.8.2): fetches http:// URLs with HTTP/1.0 and saves them (index.html, then
// index.html.1 ...), or writes them to -O FILE / -O -; the log goes to standard error as 1.8.2
// prints it, -q silences it.
import { O_CREAT, O_TRUNC, O_WRONLY, isErrno, type Sys } from '../syscalls/index.ts';
import { resolveHost, tcpConnect } from './lib/net.ts';
import { strftime } from './lib/time.ts';

/** wget's speed figure: B/s, KB/s or MB/s with two decimals. */
function rate(bytes: number, ms: number): string {
	const bps = (bytes * 1000) / Math.max(ms, 1);
	if (bps < 1024) return `${bps.toFixed(2)} B/s`;
	if (bps < 1024 * 1024) return `${(bps / 1024).toFixed(2)} KB/s`;
	return `${(bps / (1024 * 1024)).toFixed(2)} MB/s`;
}

/** 1,234,567 as wget prints lengths. */
const commas = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

export async function wget(sys: Sys, argv: string[]): Promise<number> {
	let quiet = false;
	let output: string | null = null;
	const urls: string[] = [];
	for (let i = 1; i < argv.length; i++) {
		const a = argv[i]!;
		if (a === '-q' || a === '--quiet') quiet = true;
		else if (a === '-O') output = argv[++i] ?? null;
		else if (a.startsWith('-O')) output = a.slice(2);
		else if (a.startsWith('--output-document=')) output = a.slice(18);
		else if (a.startsWith('-')) {
			await sys.write(
				2,
				`wget: invalid option -- ${a.slice(1)}\nUsage: wget [OPTION]... [URL]...\n\nTry \`wget --help' for more options.\n`
			);
			return 1;
		} else urls.push(a);
	}
	if (urls.length === 0) {
		await sys.write(
			2,
			"wget: missing URL\nUsage: wget [OPTION]... [URL]...\n\nTry `wget --help' for more options.\n"
		);
		return 1;
	}
	const log = (text: string) => (quiet ? Promise.resolve(0) : sys.write(2, text));
	let status = 0;
	for (const raw of urls) {
		const url = /^\w+:\/\//.test(raw) ? raw : `http://${raw}`;
		const m = /^http:\/\/([^/:]+)(?::(\d+))?(\/.*)?$/.exec(url);
		if (!m) {
			await sys.write(2, `${raw}: Unsupported scheme.\n`);
			status = 1;
			continue;
		}
		const hostArg = m[1]!;
		const port = m[2] ? Number(m[2]) : 80;
		const path = m[3] ?? '/';
		const shown = `http://${hostArg}${m[2] ? `:${port}` : ''}${path}`;
		let file = output ?? (path.slice(path.lastIndexOf('/') + 1).split('?')[0] || 'index.html');
		if (output === null) {
			// Never overwrite: index.html, then index.html.1, index.html.2 ...
			for (let n = 1; !isErrno(await sys.stat(file)); n++) {
				file = `${file.replace(/\.\d+$/, '')}.${n}`;
			}
		}
		const hhmmss = async () => strftime('%H:%M:%S', await sys.time());
		await log(`--${await hhmmss()}--  ${shown}\n           => \`${file === '-' ? '-' : file}'\n`);
		const host = await resolveHost(sys, hostArg);
		if (!host) {
			await log(`Resolving ${hostArg}... failed: Host not found.\n`);
			status = 1;
			continue;
		}
		if (host.addr !== hostArg) await log(`Resolving ${hostArg}... done.\n`);
		await log(`Connecting to ${hostArg}[${host.addr}]:${port}... `);
		const t0 = await sys.uptime();
		const sock = await tcpConnect(sys, host.addr, port);
		if (isErrno(sock)) {
			await log(`failed: ${sock.message}.\n`);
			status = 1;
			continue;
		}
		await log('connected.\n');
		await sys.write(
			sock,
			`GET ${path} HTTP/1.0\r\nUser-Agent: Wget/1.8.2\r\nHost: ${hostArg}${m[2] ? `:${port}` : ''}\r\nAccept: */*\r\nConnection: Keep-Alive\r\n\r\n`
		);
		await log('HTTP request sent, awaiting response... ');
		let data = '';
		for (;;) {
			const r = await sys.read(sock, 65536);
			if (isErrno(r) || r === '') break;
			data += r;
		}
		await sys.close(sock);
		const split = data.search(/\r?\n\r?\n/);
		const head = split < 0 ? data : data.slice(0, split);
		const body = split < 0 ? '' : data.slice(split).replace(/^\r?\n\r?\n/, '');
		const sl = /^HTTP\/\d\.\d (\d{3}) ?(.*)$/m.exec(head.split(/\r?\n/)[0] ?? '');
		if (!sl) {
			await log('\nNo data received.\n');
			status = 1;
			continue;
		}
		const code = Number(sl[1]);
		await log(`${code} ${sl[2]}\n`);
		if (code >= 400) {
			await log(`${await hhmmss()} ERROR ${code}: ${sl[2]}.\n\n`);
			status = 1;
			continue;
		}
		const type = /^Content-Type: *([^\r\n;]+)/im.exec(head)?.[1];
		const length = /^Content-Length: *(\d+)/im.exec(head)?.[1];
		await log(
			`Length: ${length !== undefined ? commas(Number(length)) : 'unspecified'}${type ? ` [${type}]` : ''}\n\n`
		);
		let fd = 1;
		if (file !== '-') {
			const o = await sys.open(file, O_WRONLY | O_CREAT | O_TRUNC, 0o666);
			if (isErrno(o)) {
				await sys.write(2, `${file}: ${o.message}\n`);
				status = 1;
				continue;
			}
			fd = o;
		}
		await sys.write(fd, body);
		if (fd !== 1) await sys.close(fd);
		const ms = (await sys.uptime()) - t0;
		const speed = rate(body.length, ms);
		const bar = '='.repeat(35) + '>';
		await log(
			`100%[${bar}] ${commas(body.length).padEnd(13)} ${speed.replace(' ', '').replace('B/s', '/s').padStart(9)}    ETA 00:00\n\n`
		);
		const total = length !== undefined ? `${body.length}/${length}` : String(body.length);
		await log(`${await hhmmss()} (${speed}) - \`${file}' saved [${total}]\n\n`);
	}
	return status;
}
