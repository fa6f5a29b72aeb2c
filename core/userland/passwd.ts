// passwd (Red Hat's passwd 0.64.1 over PAM, setuid root): changes a password in /etc/shadow after
// the checks pam_cracklib and pam_unix make on Red Hat 7.3 (`retry=3 type=`), and -l/-u/-d/-S.
import { isErrno, type Sys } from '../syscalls/index.ts';
import { Tool } from './lib/tool.ts';
import { Users } from './lib/users.ts';
import {
	daysSinceEpoch,
	formatTable,
	parseTable,
	readSecret,
	readText,
	shadowFields,
	shadowRow,
	writeText
} from './lib/accounts.ts';

const usage = `Usage: passwd [OPTION...] <accountName>
  -k, --keep-tokens       keep non-expired authentication tokens
  -d, --delete            delete the password for the named account (root only)
  -l, --lock              lock the named account (root only)
  -u, --unlock            unlock the named account (root only)
  -f, --force             force operation
  -S, --status            report password status on the named account (root only)
  --stdin                 read new tokens from stdin (root only)

Help options:
  -?, --help              Show this help message
  --usage                 Display brief usage message
`;

/** pam_cracklib's retry=3 on Red Hat 7.3. */
const RETRIES = 3;
/** pam_cracklib 0.75 defaults: minlen 9 with one credit per class, difok 10. */
const MINLEN = 9;
const DIFOK = 10;

/**
 * SIMPLIFIED: cracklib's dictionary is a few hundred thousand words; this is a handful of the
 * ones learners type first, enough to show the check.
 */
const DICTIONARY = [
	'password',
	'secret',
	'letmein',
	'welcome',
	'hello',
	'qwerty',
	'linux',
	'redhat',
	'admin',
	'root',
	'user',
	'guest',
	'test',
	'server',
	'vserver',
	'monkey',
	'dragon',
	'master'
];

/** cracklib's FascistCheck: why a new password is weak, or null. */
function fascistCheck(pw: string, user: string): string | null {
	if (pw.length < 4) return 'it is WAY too short';
	if (pw.length < 6) return 'it is too short';
	if (new Set(pw).size < 5) return 'it does not contain enough DIFFERENT characters';
	if (pw.trim() === '') return 'it is all whitespace';
	let steps = 0;
	for (let i = 1; i < pw.length; i++) {
		if (Math.abs(pw.charCodeAt(i) - pw.charCodeAt(i - 1)) === 1) steps++;
	}
	if (steps > pw.length / 2) return 'it is too simplistic/systematic';
	const low = pw.toLowerCase();
	const bare = low.replace(/[^a-z]/g, '');
	const rev = [...bare].reverse().join('');
	if (bare === user.toLowerCase() || rev === user.toLowerCase()) {
		return 'it is based on your username';
	}
	if (DICTIONARY.includes(bare)) return 'it is based on a dictionary word';
	if (DICTIONARY.includes(rev)) return 'it is based on a (reversed) dictionary word';
	return null;
}

/** pam_cracklib's password_check against the old password (when the user typed it) and minlen. */
function passwordCheck(pw: string, old: string | null): string | null {
	if (old !== null && pw === old) return 'is the same as the old one';
	if (pw.length > 1 && pw === [...pw].reverse().join('')) return 'is a palindrome';
	if (old !== null && pw.toLowerCase() === old.toLowerCase()) return 'case changes only';
	if (old !== null) {
		// SIMPLIFIED: 0.75's similiar(): too few characters of the new one are new.
		const fresh = [...pw].filter((c) => !old.includes(c)).length;
		if (fresh < DIFOK && fresh * 2 < pw.length) return 'is too similar to the old one';
	}
	const classes = [/[0-9]/, /[A-Z]/, /[a-z]/, /[^0-9A-Za-z]/].filter((r) => r.test(pw)).length;
	if (pw.length < MINLEN - classes) return 'is too simple';
	if (old !== null && old.length > 1) {
		for (let i = 1; i < old.length; i++) {
			if (old.slice(i) + old.slice(0, i) === pw) return 'is rotated';
		}
	}
	return null;
}

export async function passwd(
	sys: Sys,
	argv: string[],
	env: Record<string, string>
): Promise<number> {
	const t = new Tool(sys, argv, env);
	let action: 'change' | 'lock' | 'unlock' | 'delete' | 'status' = 'change';
	let fromStdin = false;
	const operands: string[] = [];
	for (const a of argv.slice(1)) {
		if (a === '--help' || a === '-?') {
			await t.out(usage);
			return t.exit(0);
		}
		if (a === '--stdin') fromStdin = true;
		else if (a === '-l' || a === '--lock') action = 'lock';
		else if (a === '-u' || a === '--unlock') action = 'unlock';
		else if (a === '-d' || a === '--delete') action = 'delete';
		else if (a === '-S' || a === '--status') action = 'status';
		else if (a === '-k' || a === '--keep-tokens' || a === '-f' || a === '--force') continue;
		else if (a.startsWith('-') && a !== '-') {
			await t.errRaw(`passwd: bad argument ${a}: unknown option\n`);
			return 1;
		} else operands.push(a);
	}
	if (operands.length > 1) {
		await t.errRaw('passwd: Only one user name may be specified.\n');
		return 1;
	}
	const uid = await sys.getuid();
	const tab = new Users(sys);
	if ((action !== 'change' || fromStdin) && uid !== 0) {
		await t.errRaw('passwd: Only root can do that.\n');
		return 1;
	}
	if (operands.length === 1 && uid !== 0) {
		await t.errRaw('passwd: Only root can specify a user name.\n');
		return 1;
	}
	const name = operands[0] ?? (await tab.userName(uid));
	if (name === null || !(await tab.byName(name))) {
		await t.errRaw(`passwd: Unknown user name '${name ?? uid}'.\n`);
		return 1;
	}
	const text = await readText(sys, '/etc/shadow');
	if (isErrno(text)) {
		await t.errRaw('passwd: Authentication token manipulation error\n');
		return 1;
	}
	const rows = parseTable(text);
	const row = rows.find((r) => r[0] === name) ?? null;
	const current = row
		? shadowFields(row)
		: { hash: '!!', rest: ['', '0', '99999', '7', '', '', ''] };
	const save = async (hash: string, rest: string[]): Promise<boolean> => {
		const next = shadowRow(name, hash, rest);
		const all = row ? rows.map((r) => (r === row ? next : r)) : [...rows, next];
		return !isErrno(await writeText(sys, '/etc/shadow', formatTable(all), 0o400));
	};

	if (action === 'status') {
		const h = current.hash;
		const what = h.startsWith('!')
			? 'Password locked.'
			: h === ''
				? 'Empty password.'
				: h.startsWith('plain:')
					? 'Password set, MD5 crypt.'
					: h.length === 13
						? 'Password set, DES crypt.'
						: 'No Password set.';
		await t.out(`${what}\n`);
		return t.exit(0);
	}
	if (action !== 'change') {
		const verb = { lock: 'Locking', unlock: 'Unlocking', delete: 'Removing' }[action];
		await t.out(`${verb} password for user ${name}.\n`);
		let hash = current.hash;
		if (action === 'lock' && !hash.startsWith('!!')) hash = '!!' + hash;
		else if (action === 'unlock') {
			// Unlocking to an empty password would open the account: passwd refuses without -f.
			const bare = hash.replace(/^!+/, '');
			if (bare === '' && !argv.includes('-f') && !argv.includes('--force')) {
				await t.out('Warning: unlocked password would be empty.\n');
				await t.errRaw('passwd: Unsafe operation (use -f to force)\n');
				return t.exit(1);
			}
			hash = bare;
		} else if (action === 'delete') hash = '';
		if (!(await save(hash, current.rest))) {
			await t.errRaw('passwd: Authentication token manipulation error\n');
			return t.exit(1);
		}
		await t.out('passwd: Success\n');
		return t.exit(0);
	}

	const stamp = async (): Promise<string[]> => {
		const rest = [...current.rest];
		rest[0] = String(daysSinceEpoch(await sys.time()));
		return rest;
	};
	const failed = async (): Promise<number> => {
		await t.errRaw('passwd: Authentication token manipulation error\n');
		return t.exit(1);
	};

	if (fromStdin) {
		const line = await t.readAll(0);
		const pw = isErrno(line) ? '' : line.split('\n')[0]!;
		await t.out(`Changing password for user ${name}.\n`);
		if (pw === '' || !(await save(`plain:${pw}`, await stamp()))) return failed();
		await t.out('passwd: all authentication tokens updated successfully.\n');
		return t.exit(0);
	}

	await t.out(`Changing password for user ${name}.\n`);
	let old: string | null = null;
	if (uid !== 0) {
		// pam_unix asks a user (never root) for the current password first.
		await t.out(`Changing password for ${name}\n`);
		await t.flush();
		old = await readSecret(sys, '(current) UNIX password: ');
		const want = current.hash;
		if (old === null || !want.startsWith('plain:') || want.slice(6) !== old) return failed();
	}
	await t.flush();
	for (let attempt = 0; attempt < RETRIES; attempt++) {
		const pw = await readSecret(sys, 'New password: ');
		if (pw === null) return failed();
		if (pw === '') {
			await t.errRaw('No password supplied\n');
			continue;
		}
		const weak = fascistCheck(pw, name) ?? passwordCheck(pw, old);
		if (weak) {
			await t.errRaw(`BAD PASSWORD: ${weak}\n`);
			// pam_cracklib only warns root; a user must pick another.
			if (uid !== 0) continue;
		}
		const again = await readSecret(sys, 'Retype new password: ');
		if (again === null) return failed();
		if (again !== pw) {
			await t.errRaw('Sorry, passwords do not match\n');
			continue;
		}
		if (!(await save(`plain:${pw}`, await stamp()))) return failed();
		await t.out('passwd: all authentication tokens updated successfully.\n');
		return t.exit(0);
	}
	return failed();
}
