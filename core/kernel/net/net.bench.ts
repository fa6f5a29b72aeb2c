// Benchmark helper for model.tcp_roundtrips_per_s: loopback request/response pairs per second of
// wall time, a client and a server process exchanging small messages over one TCP connection.
import { ModelMachine } from '../../model-machine.ts';
import { AF_INET, SOCK_STREAM, isErrno, type Sys } from '../../syscalls/index.ts';
import type { Program } from '../kernel.ts';

/** Runs `pairs` request/response exchanges on a fresh machine; returns pairs per wall second. */
export async function tcpRoundtripsPerSecond(pairs = 2000): Promise<number> {
	const m = await ModelMachine.create({});
	const k = m.kernel;
	let done = 0;
	const echo = async (sys: Sys): Promise<number> => {
		const l = await sys.socket(AF_INET, SOCK_STREAM);
		if (
			isErrno(l) ||
			isErrno(await sys.bind(l, { addr: '127.0.0.1', port: 7 })) ||
			isErrno(await sys.listen(l))
		) {
			return 1;
		}
		const c = await sys.socket(AF_INET, SOCK_STREAM);
		if (isErrno(c) || isErrno(await sys.connect(c, { addr: '127.0.0.1', port: 7 }))) return 2;
		const a = await sys.accept(l);
		if (isErrno(a)) return 3;
		const server = await sys.fork(async (child) => {
			// The child's copies of the client end and the listener would keep the connection open.
			await child.close(c);
			await child.close(l);
			for (;;) {
				const d = await child.read(a.fd, 64);
				if (typeof d !== 'string' || d === '') return 0;
				await child.write(a.fd, d);
			}
		});
		if (isErrno(server)) return 4;
		await sys.close(a.fd);
		for (let i = 0; i < pairs; i++) {
			await sys.write(c, 'ping');
			const r = await sys.read(c, 64);
			if (typeof r !== 'string' || r === '') return 5;
			done++;
		}
		await sys.close(c);
		await sys.waitpid(server);
		return 0;
	};
	k.registerProgram('tcpbench', echo as Program);
	k.installProgram('/usr/bin/tcpbench', 'tcpbench');
	const t0 = performance.now();
	const r = await m.run({ command: '/usr/bin/tcpbench' });
	const ms = performance.now() - t0;
	m.dispose();
	if (r.exitCode !== 0 || done !== pairs) {
		throw new Error(`tcp bench failed: exit ${r.exitCode}, ${done} pairs`);
	}
	return (pairs / ms) * 1000;
}
