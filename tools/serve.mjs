// Serves the built app (dist/) on 127.0.0.1 for `npm start` and the e2e tests: static files only,
// no dependencies. PORT picks the port (default 4173; 0 takes any free one). A port already in use
// is an error, never a silent move, because scripts and tests rely on the printed address.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('../dist/', import.meta.url)));
const host = '127.0.0.1';

/** @type {Record<string, string>} */
const types = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.mjs': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.json': 'application/json; charset=utf-8',
	'.map': 'application/json; charset=utf-8',
	'.md': 'text/markdown; charset=utf-8',
	'.txt': 'text/plain; charset=utf-8',
	'.svg': 'image/svg+xml',
	'.png': 'image/png',
	'.jpg': 'image/jpeg',
	'.jpeg': 'image/jpeg',
	'.gif': 'image/gif',
	'.webp': 'image/webp',
	'.ico': 'image/x-icon',
	'.woff': 'font/woff',
	'.woff2': 'font/woff2',
	'.wasm': 'application/wasm',
	'.zst': 'application/zstd',
	'.bin': 'application/octet-stream',
	'.img': 'application/octet-stream'
};

/** @param {string | undefined} value */
function parsePort(value) {
	if (value === undefined || value === '') return 4173;
	const port = Number(value);
	if (!Number.isInteger(port) || port < 0 || port > 65535) {
		console.error(`serve: PORT must be a whole number from 0 to 65535, not "${value}".`);
		process.exit(2);
	}
	return port;
}

/**
 * Maps a request path to a file under dist/, or null when it would leave dist/.
 * @param {string} url
 */
function fileFor(url) {
	let path;
	try {
		path = decodeURIComponent(new URL(url, 'http://localhost').pathname);
	} catch {
		return null;
	}
	if (path.includes('\0')) return null;
	const file = normalize(join(root, path));
	return file === root || file.startsWith(root + sep) ? file : null;
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {string} message
 */
function fail(res, status, message) {
	res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
	res.end(`${message}\n`);
}

const server = createServer(async (req, res) => {
	if (req.method !== 'GET' && req.method !== 'HEAD') {
		res.setHeader('allow', 'GET, HEAD');
		return fail(res, 405, 'Method not allowed');
	}
	let file = fileFor(req.url ?? '/');
	if (file === null) return fail(res, 400, 'Bad request');
	try {
		let info = await stat(file);
		if (info.isDirectory()) {
			file = join(file, 'index.html');
			info = await stat(file);
		}
		const type = types[extname(file).toLowerCase()] ?? 'application/octet-stream';
		// Hashed assets never change; pages and unhashed files are checked on every load.
		const immutable = file.startsWith(join(root, 'assets') + sep);
		res.writeHead(200, {
			'content-type': type,
			'content-length': info.size,
			'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
			'x-content-type-options': 'nosniff'
		});
		if (req.method === 'HEAD') return res.end();
		createReadStream(file)
			.on('error', () => res.destroy())
			.pipe(res);
	} catch {
		fail(res, 404, 'Not found');
	}
});

try {
	const info = await stat(join(root, 'index.html'));
	if (!info.isFile()) throw new Error('not a file');
} catch {
	console.error(`serve: ${root}${sep}index.html is missing; build the app first (npx vite build).`);
	process.exit(1);
}

const port = parsePort(process.env.PORT);
server.on('error', (error) => {
	const code = /** @type {NodeJS.ErrnoException} */ (error).code;
	if (code === 'EADDRINUSE') {
		console.error(
			`serve: port ${port} on ${host} is already in use. Stop whatever holds it, or choose ` +
				`another port: PORT=4174 npm start`
		);
	} else if (code === 'EACCES') {
		console.error(`serve: no permission to listen on ${host}:${port}; choose another PORT.`);
	} else {
		console.error(`serve: ${error.message}`);
	}
	process.exit(1);
});
server.listen(port, host, () => {
	const address = server.address();
	const actual = typeof address === 'object' && address !== null ? address.port : port;
	console.log(`http://${host}:${actual}/`);
});

for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
	process.on(signal, () => {
		server.close();
		server.closeAllConnections();
		process.exit(0);
	});
}
