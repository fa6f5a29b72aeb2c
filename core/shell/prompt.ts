// bash 2.05's prompt escapes (PS1, PS2, PS4): \u \h \H \w \W \$ \d \t \T \@ \A \j \l \s \v \V \! \# \n
// \r \e \a \\ \nnn, and \[ \] around invisible text (kept as readline's \x01 \x02 markers).

export interface PromptInfo {
	user: string;
	/** The full host name (\H); \h is up to the first dot. */
	host: string;
	pwd: string;
	home: string | undefined;
	euid: number;
	shell: string;
	tty: string;
	jobs: number;
	historyNumber: number;
	commandNumber: number;
	/** Seconds since the epoch, only read when a time escape needs it. */
	now: () => number;
}

export const VERSION = '2.05a';
export const RELEASE = '2.05a.0';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const two = (n: number): string => String(n).padStart(2, '0');

/** Whether a prompt uses an escape that needs the clock. */
export function needsTime(ps: string): boolean {
	return /\\[dtT@A]/.test(ps);
}

export function decodePrompt(ps: string, info: PromptInfo): string {
	let out = '';
	for (let i = 0; i < ps.length; i++) {
		const c = ps[i]!;
		if (c !== '\\' || i + 1 >= ps.length) {
			out += c;
			continue;
		}
		const n = ps[++i]!;
		switch (n) {
			case 'u':
				out += info.user;
				break;
			case 'h':
				out += info.host.split('.')[0];
				break;
			case 'H':
				out += info.host;
				break;
			case 'w':
				out += tildeDir(info.pwd, info.home);
				break;
			case 'W':
				// bash 2.05 shows the last component even for $HOME (`[root@main root]#`); `~` came in 3.0.
				out += info.pwd === '/' ? '/' : info.pwd.slice(info.pwd.lastIndexOf('/') + 1);
				break;
			case '$':
				out += info.euid === 0 ? '#' : '$';
				break;
			case 's':
				out += info.shell;
				break;
			case 'v':
				out += VERSION;
				break;
			case 'V':
				out += RELEASE;
				break;
			case 'l':
				out += info.tty.slice(info.tty.lastIndexOf('/') + 1);
				break;
			case 'j':
				out += String(info.jobs);
				break;
			case '!':
				out += String(info.historyNumber);
				break;
			case '#':
				out += String(info.commandNumber);
				break;
			case 'n':
				out += '\n';
				break;
			case 'r':
				out += '\r';
				break;
			case 'e':
				out += '\x1b';
				break;
			case 'a':
				out += '\x07';
				break;
			case '\\':
				out += '\\';
				break;
			case '[':
				out += '\x01';
				break;
			case ']':
				out += '\x02';
				break;
			case 'd':
			case 't':
			case 'T':
			case '@':
			case 'A': {
				const d = new Date(info.now() * 1000);
				const h = d.getUTCHours();
				const h12 = h % 12 === 0 ? 12 : h % 12;
				if (n === 'd') {
					out += `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${two(d.getUTCDate())}`;
				} else if (n === 't') {
					out += `${two(h)}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
				} else if (n === 'T') {
					out += `${two(h12)}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
				} else if (n === '@') {
					out += `${two(h12)}:${two(d.getUTCMinutes())} ${h < 12 ? 'AM' : 'PM'}`;
				} else out += `${two(h)}:${two(d.getUTCMinutes())}`;
				break;
			}
			default:
				if (n >= '0' && n <= '7') {
					let d = n;
					while (d.length < 3 && /[0-7]/.test(ps[i + 1] ?? '')) d += ps[++i];
					out += String.fromCharCode(parseInt(d, 8) & 0xff);
				} else out += '\\' + n;
		}
	}
	return out;
}

/** A directory with $HOME shown as `~`. */
export function tildeDir(pwd: string, home: string | undefined): string {
	if (home && home !== '/' && (pwd === home || pwd.startsWith(home + '/'))) {
		return '~' + pwd.slice(home.length);
	}
	return pwd;
}
