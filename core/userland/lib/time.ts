// Calendar time for the tools: strftime(3) in the C locale and GNU date's input forms.
// SIMPLIFIED: the machine has no /etc/localtime, so local time is UTC, as glibc gives then.

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = [
	'January',
	'February',
	'March',
	'April',
	'May',
	'June',
	'July',
	'August',
	'September',
	'October',
	'November',
	'December'
];

const pad = (n: number, width: number, fill = '0'): string => String(n).padStart(width, fill);

/** strftime(3) for `seconds` since the epoch, in UTC. */
export function strftime(format: string, seconds: number): string {
	const d = new Date(seconds * 1000);
	const Y = d.getUTCFullYear(),
		m = d.getUTCMonth(),
		day = d.getUTCDate(),
		H = d.getUTCHours(),
		M = d.getUTCMinutes(),
		S = d.getUTCSeconds(),
		w = d.getUTCDay();
	const yday = Math.floor((Date.UTC(Y, m, day) - Date.UTC(Y, 0, 1)) / 86400000);
	let out = '';
	for (let i = 0; i < format.length; i++) {
		const c = format[i]!;
		if (c !== '%' || i + 1 >= format.length) {
			out += c;
			continue;
		}
		const f = format[++i]!;
		switch (f) {
			case 'a':
				out += DAYS[w]!.slice(0, 3);
				break;
			case 'A':
				out += DAYS[w];
				break;
			case 'b':
			case 'h':
				out += MONTHS[m]!.slice(0, 3);
				break;
			case 'B':
				out += MONTHS[m];
				break;
			case 'c':
				out += strftime('%a %b %e %H:%M:%S %Y', seconds);
				break;
			case 'C':
				out += pad(Math.floor(Y / 100), 2);
				break;
			case 'd':
				out += pad(day, 2);
				break;
			case 'D':
			case 'x':
				out += strftime('%m/%d/%y', seconds);
				break;
			case 'e':
				out += pad(day, 2, ' ');
				break;
			case 'F':
				out += strftime('%Y-%m-%d', seconds);
				break;
			case 'H':
				out += pad(H, 2);
				break;
			case 'I':
				out += pad(H % 12 === 0 ? 12 : H % 12, 2);
				break;
			case 'j':
				out += pad(yday + 1, 3);
				break;
			case 'k':
				out += pad(H, 2, ' ');
				break;
			case 'l':
				out += pad(H % 12 === 0 ? 12 : H % 12, 2, ' ');
				break;
			case 'm':
				out += pad(m + 1, 2);
				break;
			case 'M':
				out += pad(M, 2);
				break;
			case 'n':
				out += '\n';
				break;
			case 'p':
				out += H < 12 ? 'AM' : 'PM';
				break;
			case 'r':
				out += strftime('%I:%M:%S %p', seconds);
				break;
			case 'R':
				out += strftime('%H:%M', seconds);
				break;
			case 's':
				out += String(seconds);
				break;
			case 'S':
				out += pad(S, 2);
				break;
			case 't':
				out += '\t';
				break;
			case 'T':
			case 'X':
				out += strftime('%H:%M:%S', seconds);
				break;
			case 'u':
				out += String(w === 0 ? 7 : w);
				break;
			case 'w':
				out += String(w);
				break;
			case 'y':
				out += pad(Y % 100, 2);
				break;
			case 'Y':
				out += String(Y);
				break;
			case 'z':
				out += '+0000';
				break;
			case 'Z':
				out += 'UTC';
				break;
			case '%':
				out += '%';
				break;
			default:
				out += '%' + f;
		}
	}
	return out;
}

/**
 * Parses the date forms the course uses: `@SECONDS` is not 2003 syntax, so only
 * `YYYY-MM-DD[ HH:MM[:SS]]`, `HH:MM[:SS]` (today) and `now`. Null when not understood.
 * SIMPLIFIED: getdate's full grammar (relative items, month names) is not implemented.
 */
export function parseDate(text: string, now: number): number | null {
	const t = text.trim();
	if (t === '' || t === 'now') return now;
	let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(t);
	if (m) {
		return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0)) / 1000;
	}
	m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(t);
	if (m) {
		const d = new Date(now * 1000);
		return (
			Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), +m[1]!, +m[2]!, +(m[3] ?? 0)) /
			1000
		);
	}
	return null;
}

/**
 * touch -t and date's MMDDhhmm[[CC]YY][.ss] form. Null when malformed. `posixOrder` is date's
 * order (MMDDhhmm[[CC]YY]); touch -t puts the year first ([[CC]YY]MMDDhhmm).
 */
export function parseStamp(text: string, now: number, posixOrder: boolean): number | null {
	const m = /^(\d+)(?:\.(\d{2}))?$/.exec(text);
	if (!m) return null;
	const digits = m[1]!;
	const sec = m[2] ? +m[2] : 0;
	if (![8, 10, 12].includes(digits.length)) return null;
	let year: number;
	let rest: string;
	if (posixOrder) {
		rest = digits.slice(0, 8);
		const y = digits.slice(8);
		year =
			y === '' ? new Date(now * 1000).getUTCFullYear() : y.length === 2 ? twoDigitYear(+y) : +y;
	} else {
		const ylen = digits.length - 8;
		const y = digits.slice(0, ylen);
		rest = digits.slice(ylen);
		year =
			y === '' ? new Date(now * 1000).getUTCFullYear() : y.length === 2 ? twoDigitYear(+y) : +y;
	}
	const mo = +rest.slice(0, 2),
		d = +rest.slice(2, 4),
		h = +rest.slice(4, 6),
		mi = +rest.slice(6, 8);
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 61) return null;
	return Date.UTC(year, mo - 1, d, h, mi, sec) / 1000;
}

/** POSIX: 69-99 are 1969-1999, 00-68 are 2000-2068. */
function twoDigitYear(y: number): number {
	return y >= 69 ? 1900 + y : 2000 + y;
}
