// The modern-linux.md §2 exercises in their busybox form, as data, on the shipped x86 state: PID and
// UTS namespaces (unshare), joining them (nsenter, chcontext --ctx), the bounding set (capdrop,
// reducecap), one IP per daemon (httpd -p IP:PORT) and a netns + veth guest (unshare -n, chbind).
import { describe, expect, it } from 'vitest';
import { playCase, type X86Case } from './harness.ts';

const cases: X86Case[] = [
	{
		name: '2.6.1 a new PID and UTS namespace sees only itself and has its own host name',
		actions: [
			{
				run: `unshare -p -u -f --mount-proc sh -c 'hostname guest2; echo inner=$(hostname) pid=$$; ps -o pid,comm'`
			},
			{ run: 'echo outer=$(hostname)' }
		],
		// sh execs its last command, so ps itself is PID 1 and the only process it can see.
		expectText: ['inner=guest2 pid=1', /PID\s+COMMAND\n\s+1 ps\n\[root@main ~\]# /, 'outer=main'],
		rejectText: ['lab-agent', 'init']
	},
	{
		name: '2.6.1 chcontext as a normal user: a user + PID namespace where killall cannot see the other terminal',
		users: ['user', 'user'],
		actions: [
			{ run: 'sleep 1000 &' },
			{ term: 2, run: 'chcontext sh' },
			{ term: 2, run: 'ps' },
			{ term: 2, run: 'killall sleep; echo killall=$?' },
			{ term: 2, run: 'exit' },
			{ term: 2, run: 'killall sleep; echo killall=$?' }
		],
		expectTerm: 2,
		expectText: [
			'New security context is 2',
			// Inside: a user namespace makes the user root; only sh (PID 1) and ps are visible.
			/PID\s+USER\s+COMMAND\n\s+1 root\s+sh\n\s+\d+ root\s+.*ps.*\n\[root@main user\]# killall/,
			'killall: sleep: no process killed',
			'killall=1',
			'killall=0'
		]
	},
	{
		name: '2.6.2 root joins a running namespace with nsenter and with chcontext --ctx',
		actions: [
			{ run: `unshare -p -u -f --mount-proc sh -c 'hostname guest1; exec sleep 10000' &` },
			{ run: 'until P=$(pidof sleep); do sleep 0.2; done; echo pid=$P' },
			{ run: `nsenter -t $P -p -u -m sh -c 'echo in=$(hostname); ps -o pid,comm'` },
			{ run: 'chcontext --hostname web sleep 2000 &' },
			{ run: 'until [ -s /run/vcontext/2 ]; do sleep 0.2; done; chcontext --ctx 2 hostname' },
			{ run: 'vserver-stat' },
			{ run: 'vps | grep "sleep 2000"' }
		],
		expectText: [
			/pid=\d+/,
			'in=guest1',
			/PID\s+COMMAND\n\s+1 sleep\n\s+\d+ ps\n/,
			'New security context is 2',
			/entering context 2 = nsenter -t \d+ -p -u -i -m\nweb\n/,
			/CTX\s+PROC\s+INITPID\s+NAME\n2\s+1\s+\d+\s+web\n/,
			/\d+ 2\s+root .*sleep 2000/
		]
	},
	{
		name: '2.6.4 capdrop lowers the bounding set and root loses what it removed',
		actions: [
			{ run: 'grep CapBnd /proc/self/status' },
			{
				run: `capdrop sys_admin,net_admin -- sh -c 'grep CapBnd /proc/self/status; hostname x; ifconfig lo down; unshare -u true'`
			},
			{ run: 'hostname' }
		],
		expectText: [
			'CapBnd:\t000001ffffffffff',
			'CapBnd:\t000001ffffdfefff',
			'hostname: sethostname: Operation not permitted',
			'ifconfig: SIOCSIFFLAGS: Operation not permitted',
			'unshare: unshare(0x4000000): Operation not permitted',
			/\nmain\n/
		]
	},
	{
		name: '2.6.4 reducecap --secure as user, then su: root inside the lowered ceiling',
		users: ['user'],
		actions: [
			{ run: 'reducecap --secure sh' },
			{ run: 'grep -E "CapEff|CapBnd" /proc/self/status' },
			{ run: 'su -' },
			{ onText: 'Password:', run: 'root' },
			{ run: 'id -u; grep -E "CapEff|CapBnd" /proc/self/status' },
			{ run: 'ifconfig eth0 down' },
			{ run: 'exit' },
			{ run: 'exit' },
			{ run: 'grep CapBnd /proc/self/status' }
		],
		expectText: [
			'CapEff:\t0000000000000000\nCapBnd:\t000001fff40c05ff',
			/\n0\nCapEff:\t000001fff40c05ff\nCapBnd:\t000001fff40c05ff/,
			'ifconfig: SIOCSIFFLAGS: Operation not permitted',
			/CapBnd:\t000001ffffffffff\n\[user@main ~\]\$ $/
		]
	},
	{
		name: '2.6.3 httpd bound to one IP answers there and nowhere else',
		actions: [
			{ run: 'ip addr add 10.0.0.5/8 dev lo; httpd -p 10.0.0.5:8080 -h /var/www' },
			{ run: 'netstat -ltn 2>/dev/null | grep 8080' },
			{ run: 'wget -q -O - http://10.0.0.5:8080/' },
			{ run: 'wget -q -O - http://127.0.0.1:8080/' }
		],
		expectText: [
			/tcp\s+0\s+0 10\.0\.0\.5:8080\s+0\.0\.0\.0:\*\s+LISTEN/,
			'<p>main: it works</p>',
			"wget: can't connect to remote host (127.0.0.1): Connection refused"
		]
	},
	{
		name: '2.6.3 unshare -n and veth: a guest with its own address (chbind)',
		actions: [
			{ run: `unshare -n sh -c 'ip -o link | cut -d: -f2'` },
			{ run: 'chbind --ip 10.1.0.7 httpd -f -p 80 -h /var/www &' },
			// chbind reports once the namespace is wired up.
			{
				onText: 'ipv4root is now',
				run: 'for i in 1 2 3; do wget -q -O - http://10.1.0.7/ && break; sleep 1; done'
			},
			{ run: 'netstat -ltn 2>/dev/null | grep -c ":80 "' }
		],
		expectText: [
			/-f2'\n lo\n\[root/,
			'ipv4root is now 10.1.0.7',
			'<p>main: it works</p>',
			/grep -c ":80 "\n0\n/
		]
	}
];

describe('x86 exercises on the restored state', () => {
	for (const c of cases) {
		it(
			c.name,
			async () => {
				const texts = await playCase(c);
				const text = texts[(c.expectTerm ?? 1) - 1] ?? '';
				for (const want of c.expectText) {
					if (typeof want === 'string') {
						expect(text).toContain(want);
					} else {
						expect(text).toMatch(want);
					}
				}
				for (const unwanted of c.rejectText ?? []) {
					expect(text).not.toMatch(
						typeof unwanted === 'string'
							? new RegExp(unwanted.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
							: unwanted
					);
				}
			},
			180000
		);
	}
});
