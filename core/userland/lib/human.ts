// Sizes for -h (human_readable in fileutils 4.1): powers of 1024, rounded up, one decimal
// below ten (`4.0K`, `12K`, `1.5M`).

const SUFFIXES = ['K', 'M', 'G', 'T', 'P', 'E'];

export function humanSize(bytes: number): string {
	if (bytes < 1024) return String(bytes);
	let v = bytes;
	let unit = -1;
	while (v >= 1024 && unit < SUFFIXES.length - 1) {
		v /= 1024;
		unit++;
	}
	if (v < 10) {
		const tenths = Math.ceil(v * 10 - 1e-9);
		if (tenths < 100) return `${Math.floor(tenths / 10)}.${tenths % 10}${SUFFIXES[unit]}`;
		v = 10;
	}
	const whole = Math.ceil(v - 1e-9);
	if (whole >= 1024 && unit < SUFFIXES.length - 1) return `1.0${SUFFIXES[unit + 1]}`;
	return `${whole}${SUFFIXES[unit]}`;
}
