import { describe, expect, it } from 'vitest';
import { ok, run1 } from './testing.ts';

const passwd =
	'root:x:0:0:root:/root:/bin/bash\nuser:x:500:500::/home/user:/bin/bash\napache:x:48:48:Apache:/var/www:/bin/false\n';
const ps =
	'  PID TTY          TIME CMD\n  400 pts/0    00:00:00 bash\n  412 pts/0    00:00:00 ps\n';

describe('awk', () => {
	it('prints fields, split on blanks or with -F', async () => {
		expect(await run1(['awk', '{print $1}'], { stdin: ps })).toEqual(ok('PID\n400\n412\n'));
		expect(await run1(['awk', '-F:', '{print $1, $NF}'], { stdin: passwd })).toEqual(
			ok('root /bin/bash\nuser /bin/bash\napache /bin/false\n')
		);
		expect(await run1(['awk', '{print $NF, NF}'], { stdin: 'a b  c\n\n' })).toEqual(
			ok('c 3\n 0\n')
		);
	});

	it('selects with patterns, ranges and comparisons', async () => {
		expect(await run1(['awk', '-F:', '$3 >= 48 {print $1}'], { stdin: passwd })).toEqual(
			ok('user\napache\n')
		);
		expect(await run1(['awk', '/bash/'], { stdin: passwd })).toEqual(
			ok(passwd.split('\n').slice(0, 2).join('\n') + '\n')
		);
		expect(await run1(['awk', 'NR==2,NR==3 {print NR": "$2}'], { stdin: ps })).toEqual(
			ok('2: pts/0\n3: pts/0\n')
		);
		expect(await run1(['awk', '$4 ~ /^p/ {print $1}'], { stdin: ps })).toEqual(ok('412\n'));
	});

	it('computes with variables, arrays, BEGIN and END', async () => {
		expect(
			await run1(['awk', 'NR > 1 { s += $1; n++ } END { print s, n, s / n }'], { stdin: ps })
		).toEqual(ok('812 2 406\n'));
		expect(
			await run1(['awk', '-F:', '{ shells[$7]++ } END { for (s in shells) print s, shells[s] }'], {
				stdin: passwd
			})
		).toEqual(ok('/bin/bash 2\n/bin/false 1\n'));
		expect(
			await run1([
				'awk',
				'BEGIN { x = "a" "b"; printf "%s-%d-%5.2f\\n", x, 7.9, 3.14159; print length(x), substr("vserver", 2, 3), index("abc", "c") }'
			])
		).toEqual(ok('ab-7- 3.14\n2 ser 3\n'));
		expect(
			await run1(['awk', '{ gsub(/o/, "0"); sub(/^/, ">"); print toupper($0) }'], {
				stdin: 'foo boo\n'
			})
		).toEqual(ok('>F00 B00\n'));
		expect(
			await run1([
				'awk',
				'-v',
				'n=2',
				'BEGIN { while (i < n) { i++; if (i == 1) continue; print "i=" i }; exit 3 }'
			])
		).toEqual(ok('i=2\n', '', 3));
	});

	it('rebuilds $0 when a field changes', async () => {
		expect(
			await run1(['awk', 'BEGIN { OFS = "-" } { $2 = "X"; print; print NF }'], { stdin: 'a b c\n' })
		).toEqual(ok('a-X-c\n3\n'));
	});

	it('reports syntax errors as gawk does, and missing files', async () => {
		expect(await run1(['awk', '{print $'])).toEqual(
			ok(
				'',
				'awk: cmd. line:1: {print $\nawk: cmd. line:1:         ^ unexpected newline or end of string\n',
				2
			)
		);
		expect(await run1(['awk', '{print}', '/nope'])).toEqual(
			ok(
				'',
				"awk: cmd. line:1: fatal: cannot open file `/nope' for reading (No such file or directory)\n",
				2
			)
		);
	});
});
