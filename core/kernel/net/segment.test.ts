import { describe, expect, it } from 'vitest';
import { ModelMachine } from '../../model-machine.ts';
import {
	AF_INET,
	IPPROTO_ICMP,
	SOCK_RAW,
	SOCK_STREAM,
	isErrno,
	type Program,
	type Sys
} from '../../syscalls/index.ts';
import type { Program as KernelProgram } from '../kernel.ts';
import type { Kernel } from '../kernel.ts';
import { netOf } from './stack.ts';
import { socketVisible, procNetTcp } from './procnet.ts';

const show = (r: unknown) => (isErrno(r) ? r.name : JSON.stringify(r));

/** Starts `main` as a root process of `k` (a child of init); the test drives the scheduler. */
function start(k: Kernel, name: string, main: Program): void {
	k.registerProgram(name, main as KernelProgram);
	k.installProgram(`/usr/bin/${name}`, name);
	const p = k.spawn({ parent: k.procs.get(1)!, path: `/usr/bin/${name}`, argv: [name], env: {} });
	if (isErrno(p)) throw new Error(p.name);
}

/** Runs both machines' schedulers until neither can run, jumping the clocks to the next timer. */
async function runBoth(ks: Kernel[]): Promise<void> {
	for (let i = 0; i < 10000; i++) {
		let ran = false;
		for (const k of ks) if (await k.runSlice()) ran = true;
		if (ran) continue;
		const next = ks.map((k) => k.nextTimer()).filter((t): t is number => t !== null);
		if (next.length === 0) return;
		for (const k of ks) k.advanceClock(Math.min(...next));
	}
}

describe('a segment shared by two machines', () => {
	it('main connects to a server on backup; both see the connection from their own side', async () => {
		const main = await ModelMachine.create({});
		const backup = await ModelMachine.create({ hostname: 'backup', eth0: '192.168.1.2/24' });
		netOf(backup.kernel).join(netOf(main.kernel).segment);
		const out: string[] = [];
		start(backup.kernel, 'srv', async (sys: Sys) => {
			const l = await sys.socket(AF_INET, SOCK_STREAM);
			if (isErrno(l)) return 1;
			// Port 2323: the booted backup's xinetd already serves telnet on 23.
			await sys.bind(l, { addr: '0.0.0.0', port: 2323 });
			await sys.listen(l);
			const a = await sys.accept(l);
			if (isErrno(a)) return 2;
			out.push('backup accepted ' + show(a.addr) + ' ' + show(await sys.read(a.fd)));
			await sys.write(a.fd, 'login: ');
			await sys.pause();
			return 0;
		});
		start(main.kernel, 'cli', async (sys: Sys) => {
			await sys.sleep(10);
			const c = await sys.socket(AF_INET, SOCK_STREAM);
			if (isErrno(c)) return 1;
			out.push('main connect ' + show(await sys.connect(c, { addr: '192.168.1.2', port: 2323 })));
			await sys.write(c, 'hello');
			out.push('main read ' + show(await sys.read(c)));
			const silent = await sys.socket(AF_INET, SOCK_STREAM);
			if (isErrno(silent)) return 2;
			out.push(
				'nobody at .3 ' + show(await sys.connect(silent, { addr: '192.168.1.3', port: 2323 }))
			);
			await sys.pause();
			return 0;
		});
		await runBoth([main.kernel, backup.kernel]);
		const viewMain = main.kernel
			.snapshot()
			.sockets.filter((s) => s.proto === 'tcp' && s.remote.endsWith(':2323'));
		const viewBackup = backup.kernel
			.snapshot()
			.sockets.filter((s) => s.proto === 'tcp' && s.local === '192.168.1.2:2323');
		const eth0 = netOf(main.kernel).device('eth0')!.stats;
		main.dispose();
		backup.dispose();
		expect(out).toEqual([
			'main connect 0',
			'backup accepted {"addr":"192.168.1.1","port":32768} "hello"',
			'main read "login: "',
			'nobody at .3 EHOSTUNREACH'
		]);
		expect(viewMain.map((s) => [s.local, s.remote, s.state])).toEqual([
			['192.168.1.1:32768', '192.168.1.2:2323', 'ESTABLISHED']
		]);
		expect(viewBackup.map((s) => [s.local, s.remote, s.state])).toEqual([
			['192.168.1.2:2323', '192.168.1.1:32768', 'ESTABLISHED']
		]);
		expect(eth0.txPackets).toBeGreaterThan(2);
		expect(eth0.rxPackets).toBeGreaterThan(1);
	});

	it("ping from main to backup gets the echo reply backup's kernel sends", async () => {
		const main = await ModelMachine.create({});
		const backup = await ModelMachine.create({ hostname: 'backup', eth0: '192.168.1.2/24' });
		netOf(backup.kernel).join(netOf(main.kernel).segment);
		const out: string[] = [];
		start(main.kernel, 'pinger', async (sys: Sys) => {
			const s = await sys.socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
			if (isErrno(s)) return 1;
			await sys.sendto(s, '\x08\x00\x00\x00\x00\x07\x00\x01data', { addr: '192.168.1.2', port: 0 });
			const got = await sys.recvfrom(s, 200);
			if (isErrno(got)) return 2;
			out.push(`type ${got.data.charCodeAt(20)} from ${show(got.addr)}`);
			return 0;
		});
		await runBoth([main.kernel, backup.kernel]);
		main.dispose();
		backup.dispose();
		expect(out).toEqual(['type 0 from {"addr":"192.168.1.2","port":0}']);
	});
});

describe('socket visibility', () => {
	it('a context sees its own sockets in /proc/net/tcp; context 1 sees them all', async () => {
		const m = await ModelMachine.create({});
		const k = m.kernel;
		start(k, 'hostsrv', async (sys: Sys) => {
			const l = await sys.socket(AF_INET, SOCK_STREAM);
			if (isErrno(l)) return 1;
			await sys.bind(l, { addr: '0.0.0.0', port: 8080 });
			await sys.listen(l);
			await sys.pause();
			return 0;
		});
		await runBoth([k]);
		const st = netOf(k);
		const sock = [...st.sockets].find((s) => s.lport === 8080)!;
		const init = k.procs.get(1)!;
		const inCtx = (ctx: number) =>
			Object.assign(Object.create(Object.getPrototypeOf(init) as object) as typeof init, init, {
				ctx
			});
		const rows = (ctx: number) =>
			procNetTcp(k, inCtx(ctx))
				.split('\n')
				.filter((l) => l.includes(':1F90 ')).length;
		m.dispose();
		expect([
			socketVisible(inCtx(0), sock),
			socketVisible(inCtx(2), sock),
			socketVisible(inCtx(1), sock)
		]).toEqual([true, false, true]);
		expect([rows(0), rows(2), rows(1)]).toEqual([1, 0, 1]);
	});
});
