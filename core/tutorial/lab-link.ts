// A lab carried in a link: its YAML text, deflated (fflate) and written in URL-safe base64, for
// the fragment of `#/lab?z=…`, so a teacher hands a lab out with a link and no server. Pure.
import { Inflate, deflateSync, strFromU8, strToU8 } from 'fflate';
import { LAB_MAX_CHARS } from './lab.ts';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Bytes in base64url (RFC 4648 §5) without padding: letters safe in a URL fragment as they are. */
export function toBase64Url(bytes: Uint8Array): string {
	let out = '';
	for (let i = 0; i < bytes.length; i += 3) {
		const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
		const left = bytes.length - i;
		out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]!;
		if (left > 1) out += ALPHABET[(n >> 6) & 63]!;
		if (left > 2) out += ALPHABET[n & 63]!;
	}
	return out;
}

/** The bytes of a base64url text (padding and standard `+/` also read); null when it is not one. */
export function fromBase64Url(text: string): Uint8Array | null {
	const clean = text.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
	if (!/^[A-Za-z0-9_-]*$/.test(clean) || clean.length % 4 === 1) return null;
	const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
	let o = 0;
	for (let i = 0; i < clean.length; i += 4) {
		const v = [0, 1, 2, 3].map((k) => (i + k < clean.length ? ALPHABET.indexOf(clean[i + k]!) : 0));
		const n = (v[0]! << 18) | (v[1]! << 12) | (v[2]! << 6) | v[3]!;
		out[o++] = (n >> 16) & 255;
		if (i + 2 < clean.length) out[o++] = (n >> 8) & 255;
		if (i + 3 < clean.length) out[o++] = n & 255;
	}
	return out;
}

/** The `z` value of a lab link: the text as UTF-8, raw-deflated at the best level, base64url. */
export function encodeLab(text: string): string {
	return toBase64Url(deflateSync(strToU8(text), { level: 9 }));
}

/**
 * The lab text of a link's `z` value. Throws with a sentence for the reader when the value is
 * damaged (a link cut short by a mail program) or inflates to more than a lab may be, so a
 * crafted link cannot make the page inflate without bound.
 */
export function decodeLab(z: string): string {
	const bytes = fromBase64Url(z.trim());
	if (!bytes || bytes.length === 0) {
		throw new Error('The link holds no lab: its z= part is not base64url.');
	}
	// UTF-8 takes up to 3 bytes for a character of JavaScript text (4 for a surrogate pair of 2).
	const limit = LAB_MAX_CHARS * 3;
	const chunks: Uint8Array[] = [];
	let size = 0;
	let ended = false;
	const inflate = new Inflate((chunk, final) => {
		size += chunk.length;
		if (size > limit) throw new Error('The lab in this link is larger than a lab may be.');
		chunks.push(chunk);
		if (final) ended = true;
	});
	try {
		inflate.push(bytes, true);
	} catch (err) {
		if (err instanceof Error && err.message.startsWith('The lab')) throw err;
		throw new Error('The lab in this link is damaged (was the link cut short?).', { cause: err });
	}
	if (!ended) throw new Error('The lab in this link is damaged (was the link cut short?).');
	const all = new Uint8Array(size);
	let at = 0;
	for (const c of chunks) {
		all.set(c, at);
		at += c.length;
	}
	return strFromU8(all);
}

/** The address fragment of a lab link: `#/lab?z=…`. Append it to the site's address. */
export function labFragment(text: string): string {
	return `#/lab?z=${encodeLab(text)}`;
}
