// What an httpd child does with one connection: reads the request, maps the URL under
// DocumentRoot, answers with the file or an error page, and writes the common log line. Loaded
// the first time a request comes, so the worker's first chunk holds only the daemon (httpd.ts).
import { isErrno, type Sys } from '../syscalls/index.ts';
import { readFile } from './lib/daemon.ts';
import { strftime } from './lib/time.ts';
import { SERVER, type HttpdConf } from './httpd.ts';

const REASONS: Record<number, string> = {
	200: 'OK',
	301: 'Moved Permanently',
	400: 'Bad Request',
	403: 'Forbidden',
	404: 'Not Found',
	501: 'Method Not Implemented'
};

const TYPES: Record<string, string> = {
	html: 'text/html',
	htm: 'text/html',
	txt: 'text/plain',
	css: 'text/css',
	gif: 'image/gif',
	png: 'image/png',
	jpg: 'image/jpeg'
};

function errorPage(status: number, detail: string, sig: string): string {
	const reason = REASONS[status]!;
	return (
		'<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<HTML><HEAD>\n' +
		`<TITLE>${status} ${reason}</TITLE>\n</HEAD><BODY>\n<H1>${reason}</H1>\n${detail}<P>\n<HR>\n<ADDRESS>${sig}</ADDRESS>\n</BODY></HTML>\n`
	);
}

/** Reads the request head (up to the empty line); null when the client went away first. */
async function readHead(sys: Sys, fd: number): Promise<string | null> {
	let head = '';
	while (!/\r?\n\r?\n/.test(head)) {
		const r = await sys.read(fd, 4096);
		if (isErrno(r) || r === '') return head === '' ? null : head;
		head += r;
		if (head.length > 8192) break;
	}
	return head;
}

/** Maps a URL path to a file: 200 with the file, 301 for a directory without its slash, 403, 404. */
async function locate(
	sys: Sys,
	conf: HttpdConf,
	path: string
): Promise<{ status: number; file: string; mtime: number }> {
	const file = conf.documentRoot + path;
	const st = await sys.stat(file);
	if (isErrno(st)) return { status: st.name === 'EACCES' ? 403 : 404, file, mtime: 0 };
	if ((st.mode & 0o170000) !== 0o040000) return { status: 200, file, mtime: st.mtime };
	if (!path.endsWith('/')) return { status: 301, file, mtime: 0 };
	for (const index of conf.directoryIndex) {
		const s2 = await sys.stat(file + index);
		if (!isErrno(s2)) return { status: 200, file: file + index, mtime: s2.mtime };
	}
	// SIMPLIFIED: no mod_autoindex listing; a directory without an index is refused.
	return { status: 403, file, mtime: 0 };
}

/** Serves one connection on `fd` (in the per-connection child). */
export async function serve(
	sys: Sys,
	fd: number,
	conf: HttpdConf,
	peer: string,
	logFd: number
): Promise<number> {
	const head = await readHead(sys, fd);
	if (head === null) return 0;
	const requestLine = head.split(/\r?\n/)[0]!;
	const [method = '', target = '', version = 'HTTP/0.9'] = requestLine.split(' ');
	const host = conf.serverName ?? `${(await sys.uname()).nodename}`;
	const sig = `Apache/1.3.23 Server at ${host} Port ${conf.port}`;
	let status = 200;
	let body: string;
	let type = 'text/html';
	let extra = '';
	let mtime = 0;
	const path = decodeURIComponent(target.split('?')[0] ?? '');
	if (method !== 'GET' && method !== 'HEAD') {
		status = method === '' || target === '' ? 400 : 501;
		body = errorPage(
			status,
			status === 400
				? 'Your browser sent a request that this server could not understand.'
				: `${method} to ${path} not supported.`,
			sig
		);
	} else if (!path.startsWith('/') || path.split('/').includes('..')) {
		status = 400;
		body = errorPage(
			400,
			'Your browser sent a request that this server could not understand.',
			sig
		);
	} else {
		const r = await locate(sys, conf, path);
		if (r.status === 301) {
			status = 301;
			extra = `Location: http://${host}${conf.port === 80 ? '' : `:${conf.port}`}${path}/\r\n`;
			body = errorPage(
				301,
				`The document has moved <A HREF="http://${host}${path}/">here</A>.`,
				sig
			);
		} else {
			const text = r.status === 200 ? await readFile(sys, r.file) : null;
			if (r.status === 404) {
				status = 404;
				body = errorPage(404, `The requested URL ${path} was not found on this server.`, sig);
			} else if (text === null) {
				status = 403;
				body = errorPage(403, `You don't have permission to access ${path}\non this server.`, sig);
			} else {
				body = text;
				mtime = r.mtime;
				type = TYPES[r.file.slice(r.file.lastIndexOf('.') + 1).toLowerCase()] ?? 'text/plain';
			}
		}
	}
	const now = await sys.time();
	const date = (t: number) => strftime('%a, %d %b %Y %H:%M:%S GMT', t);
	if (version !== 'HTTP/0.9' || method === 'HEAD') {
		let h = `HTTP/1.1 ${status} ${REASONS[status]}\r\nDate: ${date(now)}\r\nServer: ${SERVER}\r\n`;
		if (status === 200) {
			h += `Last-Modified: ${date(mtime)}\r\nAccept-Ranges: bytes\r\nContent-Length: ${body.length}\r\n`;
		}
		h += extra + 'Connection: close\r\n';
		h += `Content-Type: ${type}${status === 200 ? '' : '; charset=iso-8859-1'}\r\n\r\n`;
		await sys.write(fd, h);
	}
	if (method !== 'HEAD') await sys.write(fd, body);
	const size =
		method === 'HEAD' || status !== 200
			? status === 200
				? '-'
				: String(body.length)
			: String(body.length);
	await sys.write(
		logFd,
		`${peer} - - [${strftime('%d/%b/%Y:%H:%M:%S +0000', now)}] "${requestLine}" ${status} ${size}\n`
	);
	await sys.close(fd);
	return 0;
}
