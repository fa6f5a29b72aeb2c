// The example lab the lab page offers, proven on the model: it validates against the course, every
// task fails on a fresh machine, a reference solution typed into terminal 1 makes every task pass,
// and a half-done solution leaves the later tasks failing.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ModelMachine } from '../core/model-machine.ts';
import { runLines } from '../core/runner.ts';
import { exercises, loadTutorialTree } from '../core/tutorial/index.ts';
import { labTasks, parseLab, type Lab } from '../core/tutorial/lab.ts';
import { runChecks, visibleOutput, type CheckEnv } from '../core/tutorial/checks.ts';

const root = join(import.meta.dirname, '..');
const text = readFileSync(join(root, 'web/src/lib/lab/web-in-a-box.yaml'), 'utf8');
const course = loadTutorialTree(join(root, 'tutorials'), { readdirSync, readFileSync, statSync });
const lab: Lab = parseLab(
	text,
	exercises(course).map((e) => e.id)
);

/** A reference solution, as a learner would type it (not the only route: checks read state). */
const BUILD = ['vserver web1 build'];
const ADDRESS = [
	"sed -e 's/IPROOT=1.2.3.4/IPROOT=192.168.1.10/' /etc/vservers/web1.conf > /tmp/web1.conf",
	'cp /tmp/web1.conf /etc/vservers/web1.conf'
];
const PING = [
	`sed -e 's/^S_CAPS=.*/S_CAPS="CAP_NET_RAW"/' /etc/vservers/web1.conf > /tmp/web1.conf`,
	'cp /tmp/web1.conf /etc/vservers/web1.conf'
];
const RUNNING = ['vserver web1 chkconfig --level 3 crond on', 'vserver web1 start'];

const machines: ModelMachine[] = [];
afterEach(() => {
	for (const m of machines.splice(0)) m.dispose();
});

async function machineAfter(lines: string[]): Promise<{ m: ModelMachine; env: CheckEnv }> {
	const m = await ModelMachine.create({ setup: lab.setup });
	machines.push(m);
	const id = await m.openTerminal({ user: 'root', cols: 80, rows: 24 });
	let raw = '';
	m.attach(id, (c) => (raw += String.fromCharCode(...c)));
	await runLines(m, id, lines);
	const env: CheckEnv = {
		snapshot: await m.inspect(),
		output: visibleOutput(raw),
		term: 1,
		exec: (o) => m.exec(o)
	};
	return { m, env };
}

async function passing(env: CheckEnv): Promise<Record<string, boolean>> {
	const out: Record<string, boolean> = {};
	for (const t of labTasks(lab)) out[t.id] = (await runChecks(t.checks, env)).pass;
	return out;
}

describe('the example lab', () => {
	it('is a valid lab whose exercise item is in the course', () => {
		expect(lab.items.map((i) => i.id)).toEqual([
			'principles/playing-with-chbind',
			'build',
			'address',
			'ping-only',
			'running'
		]);
	});

	it('has every task failing on a fresh machine', async () => {
		const { env } = await machineAfter([]);
		expect(await passing(env)).toEqual({
			build: false,
			address: false,
			'ping-only': false,
			running: false
		});
	});

	it('has its first two tasks done, and not the others, after build and address', async () => {
		const { env } = await machineAfter([...BUILD, ...ADDRESS]);
		expect(await passing(env)).toEqual({
			build: true,
			address: true,
			'ping-only': false,
			running: false
		});
	});

	it('is solved by the reference solution, with no internal fault', async () => {
		const { m, env } = await machineAfter([...BUILD, ...ADDRESS, ...PING, ...RUNNING]);
		const details: string[] = [];
		for (const t of labTasks(lab)) {
			const r = await runChecks(t.checks, env);
			if (!r.pass) details.push(`${t.id}: ${r.detail}`);
		}
		expect(details).toEqual([]);
		expect(m.faults).toEqual([]);
	});

	it('refuses a root that kept CAP_NET_ADMIN: ping works, but so would ifconfig', async () => {
		const tooMuch = [
			`sed -e 's/^S_CAPS=.*/S_CAPS="CAP_NET_RAW CAP_NET_ADMIN"/' /etc/vservers/web1.conf > /tmp/c`,
			'cp /tmp/c /etc/vservers/web1.conf'
		];
		const { env } = await machineAfter([...BUILD, ...ADDRESS, ...tooMuch]);
		const task = labTasks(lab).find((t) => t.id === 'ping-only')!;
		const r = await runChecks(task.checks, env);
		expect(r.pass).toBe(false);
		expect(r.detail).toMatch(/ifconfig eth0 down/);
	});
});
