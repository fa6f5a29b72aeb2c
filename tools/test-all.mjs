// `npm test`: every suite, one after another (the machine has two cores): unit, property and
// golden tests; the x86 machine restored in Node; e2e in Chromium. Ends with one summary line.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ci = process.env.CI === 'true';
const out = mkdtempSync(join(tmpdir(), 'vserver-lab-test-'));
const CHROMIUM = '/usr/bin/chromium';
let passed = 0;
let failed = 0;
const problems = [];

function vitest(name, args) {
	const json = join(out, `${name}.json`);
	console.log(`\n=== ${name} ===`);
	const r = spawnSync(
		'npx',
		[
			'vitest',
			'run',
			...args,
			'--reporter=default',
			'--reporter=json',
			`--outputFile.json=${json}`
		],
		{
			stdio: 'inherit'
		}
	);
	if (existsSync(json)) {
		const report = JSON.parse(readFileSync(json, 'utf8'));
		passed += report.numPassedTests;
		failed += report.numFailedTests;
		if (report.numTotalTests === 0) problems.push(`${name}: no tests ran`);
	}
	if (r.status !== 0) problems.push(`${name}: exit status ${r.status}`);
}

vitest('unit', []);

const x86Tests =
	existsSync('tests/x86') && readdirSync('tests/x86').some((f) => f.endsWith('.test.ts'));
if (x86Tests) vitest('x86', ['--config', 'tests/x86/vitest.config.ts']);

if (!existsSync(CHROMIUM)) {
	const msg = `Chromium is missing at ${CHROMIUM}: install it with 'apt-get install chromium' to run the e2e tests.`;
	if (ci) problems.push(msg);
	console.error(`\n!!! ${msg}${ci ? '' : ' (skipped outside CI)'}`);
} else if (existsSync('vitest.e2e.config.ts')) {
	console.log('\n=== build ===');
	const b = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
	if (b.status !== 0) problems.push(`build: exit status ${b.status}`);
	else vitest('e2e', ['--config', 'vitest.e2e.config.ts']);
}

console.log('');
for (const p of problems) console.error(`FAILED ${p}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(problems.length > 0 || failed > 0 ? 1 : 0);
