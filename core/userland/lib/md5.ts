// MD5 (RFC 1321) over a binary string (one char per byte), as md5sum computes it.

const S = [
	7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14,
	20, 5, 9, 14, 20, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10, 15, 21, 6,
	10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21
];
const K = Array.from(
	{ length: 64 },
	(_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) >>> 0
);

export function md5(data: string): string {
	const n = data.length;
	const words = new Uint32Array((((n + 8) >>> 6) + 1) * 16);
	for (let i = 0; i < n; i++) words[i >>> 2]! |= (data.charCodeAt(i) & 0xff) << ((i % 4) * 8);
	words[n >>> 2]! |= 0x80 << ((n % 4) * 8);
	const bits = n * 8;
	words[words.length - 2] = bits >>> 0;
	words[words.length - 1] = Math.floor(bits / 2 ** 32) >>> 0;
	let a0 = 0x67452301,
		b0 = 0xefcdab89,
		c0 = 0x98badcfe,
		d0 = 0x10325476;
	for (let off = 0; off < words.length; off += 16) {
		let a = a0,
			b = b0,
			c = c0,
			d = d0;
		for (let i = 0; i < 64; i++) {
			let f: number;
			let g: number;
			if (i < 16) {
				f = (b & c) | (~b & d);
				g = i;
			} else if (i < 32) {
				f = (d & b) | (~d & c);
				g = (5 * i + 1) % 16;
			} else if (i < 48) {
				f = b ^ c ^ d;
				g = (3 * i + 5) % 16;
			} else {
				f = c ^ (b | ~d);
				g = (7 * i) % 16;
			}
			const tmp = d;
			d = c;
			c = b;
			const x = (a + f + K[i]! + words[off + g]!) >>> 0;
			b = (b + ((x << S[i]!) | (x >>> (32 - S[i]!)))) >>> 0;
			a = tmp;
		}
		a0 = (a0 + a) >>> 0;
		b0 = (b0 + b) >>> 0;
		c0 = (c0 + c) >>> 0;
		d0 = (d0 + d) >>> 0;
	}
	let hex = '';
	for (const w of [a0, b0, c0, d0]) {
		for (let i = 0; i < 4; i++) hex += ((w >>> (i * 8)) & 0xff).toString(16).padStart(2, '0');
	}
	return hex;
}
