import { describe, expect, it } from 'vitest';
import { boot, run } from '../test-helpers.ts';
import { parseHttpdConf } from './httpd.ts';

describe('httpd, wget and nc', () => {
	it('wget fetches the page httpd serves from /var/www/html and logs it in common log format', async () => {
		const m = await boot();
		const r = await m.run({
			command:
				'cd /tmp && wget http://localhost/ && cat index.html && cat /var/log/httpd/access_log'
		});
		expect(r.stderr).toBe(
			[
				'--12:00:00--  http://localhost/',
				"           => `index.html'",
				'Resolving localhost... done.',
				'Connecting to localhost[127.0.0.1]:80... connected.',
				'HTTP request sent, awaiting response... 200 OK',
				'Length: 161 [text/html]',
				'',
				'100%[===================================>] 161           157.23K/s    ETA 00:00',
				'',
				"12:00:00 (157.23 KB/s) - `index.html' saved [161/161]",
				'',
				''
			].join('\n')
		);
		expect(r.stdout).toBe(
			'<html>\n<head><title>main</title></head>\n<body>\n<h1>It works: main.example.org</h1>\n' +
				'<p>This page is served by the Apache of main.example.org.</p>\n</body>\n</html>\n' +
				'127.0.0.1 - - [01/Mar/2003:12:00:00 +0000] "GET / HTTP/1.0" 200 161\n'
		);
		expect(r.exitCode).toBe(0);
		expect(m.faults).toEqual([]);
		m.dispose();
	});

	it('a missing page is a 404 for wget (status 1) and the Apache error page over nc', async () => {
		const r = await run(
			'wget -O - http://main/nope; echo "wget $?"; printf "GET /nope HTTP/1.0\\r\\n\\r\\n" | nc main 80'
		);
		expect(r.stderr).toBe(
			[
				'--12:00:00--  http://main/nope',
				"           => `-'",
				'Resolving main... done.',
				'Connecting to main[192.168.1.1]:80... connected.',
				'HTTP request sent, awaiting response... 404 Not Found',
				'12:00:00 ERROR 404: Not Found.',
				'',
				''
			].join('\n')
		);
		expect(r.stdout).toBe(
			'wget 1\n' +
				'HTTP/1.1 404 Not Found\r\nDate: Sat, 01 Mar 2003 12:00:00 GMT\r\nServer: Apache/1.3.23 (Unix)  (Red-Hat/Linux)\r\n' +
				'Connection: close\r\nContent-Type: text/html; charset=iso-8859-1\r\n\r\n' +
				'<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<HTML><HEAD>\n<TITLE>404 Not Found</TITLE>\n</HEAD><BODY>\n' +
				'<H1>Not Found</H1>\nThe requested URL /nope was not found on this server.<P>\n<HR>\n' +
				'<ADDRESS>Apache/1.3.23 Server at main.example.org Port 80</ADDRESS>\n</BODY></HTML>\n'
		);
	});

	it('wget reports a refused connection; nc -v -z probes ports', async () => {
		const r = await run(
			'wget -q http://localhost:81/; echo "wget $?"; nc -v -z localhost 80; nc -v -z localhost 81; echo "nc $?"'
		);
		expect(r).toEqual({
			stdout: 'wget 1\nnc 1\n',
			stderr:
				'localhost.localdomain [127.0.0.1] 80 (http) open\nlocalhost.localdomain [127.0.0.1] 81 (?) : Connection refused\n',
			exitCode: 0
		});
	});

	it('nc -l -p listens and nc -s sends from a chosen address', async () => {
		const r = await run(
			'nc -v -l -p 2000 > /tmp/got & sleep 1; echo hello | nc -s 192.168.1.1 127.0.0.1 2000; sleep 1; cat /tmp/got'
		);
		expect(r).toEqual({
			stdout: 'hello\n',
			stderr:
				'listening on [any] 2000 ...\nconnect to [127.0.0.1] from main.example.org [192.168.1.1] 32768\n',
			exitCode: 0
		});
	});

	it('reads Listen, DocumentRoot and User from httpd.conf', () => {
		expect(
			parseHttpdConf('Listen 192.168.1.1:8080\nDocumentRoot "/srv"\nUser nobody\n')
		).toMatchObject({ addr: '192.168.1.1', port: 8080, documentRoot: '/srv', user: 'nobody' });
	});
	it('names the real bind error in make_sock, as Apache 1.3 prints errno and strerror', async () => {
		const r = await run(
			'sed "s/^Listen .*/Listen 192.168.1.77:80/" /etc/httpd/conf/httpd.conf > /tmp/a.conf && httpd -f /tmp/a.conf; echo "status $?"; ' +
				'httpd; echo "status $?"; ' +
				'echo "Listen 80" > /tmp/b.conf && su user -c "httpd -f /tmp/b.conf"; echo "status $?"'
		);
		expect(r.stdout).toBe('status 1\nstatus 1\nstatus 1\n');
		expect(r.stderr).toBe(
			'(99)Cannot assign requested address: make_sock: could not bind to address 192.168.1.77 port 80\n' +
				'(98)Address already in use: make_sock: could not bind to address 0.0.0.0 port 80\n' +
				'(13)Permission denied: make_sock: could not bind to address 0.0.0.0 port 80\n'
		);
	});
});
